/**
 * The caller's number on an inbound call. Carriers put it in P-Asserted-Identity (RFC 3325)
 * and often send `From: anonymous`; older gateways use Remote-Party-ID. So: the first usable
 * P-Asserted-Identity, then Remote-Party-ID, then From. Pure, so each case is unit-tested.
 */

/** The identity headers of an INVITE, as raw header values. */
export interface IdentityHeaders {
  /** Every P-Asserted-Identity value (a carrier may send a sip: and a tel: one). */
  pAssertedIdentity: string[];
  remotePartyId: string[];
  /** The user part of the From URI, if any. */
  fromUser?: string;
}

const ANONYMOUS = /^(anonymous|unknown|restricted|unavailable|private)$/i;

/**
 * The number in one name-addr / addr-spec (`"Name" <sip:139…@host;user=phone>`,
 * `<tel:+86139…>`, `sip:139…@host`), or null when it names nobody usable.
 */
export function numberFromIdentity(value: string): string | null {
  const bracketed = /<([^>]*)>/.exec(value);
  const uri = (bracketed ? bracketed[1]! : value.split(';')[0]!).trim();
  let user: string | undefined;
  const tel = /^tel:([^;?]+)/i.exec(uri);
  if (tel) user = tel[1];
  else {
    const sip = /^sips?:([^@;?]+)@/i.exec(uri);
    if (sip) user = sip[1];
  }
  return usable(user);
}

function usable(user: string | undefined): string | null {
  if (!user) return null;
  let decoded = user;
  try {
    decoded = decodeURIComponent(user);
  } catch {
    /* keep it as received */
  }
  // tel: numbers may carry visual separators (RFC 3966): 138-0013-8000.
  const cleaned = decoded.replace(/[\s\-.()]/g, '');
  if (!cleaned || ANONYMOUS.test(cleaned)) return null;
  return cleaned;
}

/** The caller's number: P-Asserted-Identity, then Remote-Party-ID, then From; `anonymous` when none. */
export function callerNumber(headers: IdentityHeaders): string {
  for (const value of [...headers.pAssertedIdentity, ...headers.remotePartyId]) {
    // One header line may hold several comma-separated identities; commas inside <> or quotes are rare here.
    for (const part of value.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
      const number = numberFromIdentity(part);
      if (number) return number;
    }
  }
  return usable(headers.fromUser) ?? 'anonymous';
}

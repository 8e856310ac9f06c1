import type { Session, URI } from 'sip.js';

/** How long the transferor waits for the transfer's outcome before giving up. */
export const REFER_OUTCOME_TIMEOUT_MS = 10_000;

/** The status of a REFER NOTIFY's `message/sipfrag` body (e.g. `SIP/2.0 200 OK` → 200). */
export function sipfragStatus(body: string | undefined): number | undefined {
  const match = /^SIP\/2\.0\s+(\d{3})/.exec(body ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The Replaces value naming a dialog from our side (RFC 3891): the other party's tag is
 * the to-tag as the target sees it. URI-escaped for use in a Refer-To header parameter.
 */
export function replacesParam(dialog: { callId: string; remoteTag: string; localTag: string }): string {
  return encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`);
}

/**
 * sip.js writes a URI target into Refer-To bare (addr-spec), which is only valid without
 * `?headers`; a Replaces header needs the name-addr form `<sip:…?Replaces=…>` (RFC 3515 §2.1)
 * or the receiver cannot parse it. The clone stays a `URI`, so sip.js still sends a blind-style REFER.
 */
export function asNameAddr(uri: URI): URI {
  const clone = uri.clone();
  const text = `<${uri.toString()}>`;
  clone.toString = () => text;
  return clone;
}

/**
 * Sends REFER on `session`. Resolves once the other side accepted it (202) and, with
 * `awaitOutcome`, once a NOTIFY reports the final status of its new call (RFC 3515 §2.4.5);
 * a 3xx-6xx outcome or no outcome in time rejects, so the transferor keeps its calls.
 */
export function referTo(session: Session, target: URI, awaitOutcome: boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    session
      .refer(target, {
        requestDelegate: {
          onAccept: () => {
            if (!awaitOutcome) return settle();
            timer = setTimeout(() => settle(new Error('transfer-timeout')), REFER_OUTCOME_TIMEOUT_MS);
          },
          onReject: (response) => settle(new Error(`refer-${response.message.statusCode ?? 0}`)),
        },
        onNotify: (notification) => {
          void notification.accept();
          const code = sipfragStatus(notification.request.body);
          if (!awaitOutcome || code === undefined || code < 200) return;
          settle(code < 300 ? undefined : new Error(`transfer-${code}`));
        },
      })
      .catch((error: unknown) => settle(error instanceof Error ? error : new Error(String(error))));
  });
}

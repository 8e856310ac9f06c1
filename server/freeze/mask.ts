import type { LookupBy, RevealableField } from '../../shared/schemas/freeze';

/**
 * Server-side masking of the personal fields of a freeze record. Masked values are what
 * every answer and every audit entry carries; the plain value needs a reveal (audited).
 */

/** 张三 → 张*, 张小三 → 张*三, 欧阳娜娜 → 欧**娜. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** First 6 (region code) and last 4 visible: 110101********123X. Short numbers keep only their last 2. */
export function maskIdNumber(id: string): string {
  if (id.length >= 12) return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
  return `${'*'.repeat(Math.max(id.length - 2, 1))}${id.slice(-2)}`;
}

/** Last 4 visible, grouped like a card whatever the length, so the length is not given away: `**** **** **** 1234`. */
export function maskAccount(account: string): string {
  return `**** **** **** ${account.slice(-4)}`;
}

/** 138****5678; numbers too short for that keep their last 2. */
export function maskPhone(phone: string): string {
  if (phone.length >= 8) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(phone.length - 2, 1))}${phone.slice(-2)}`;
}

/** Masks one revealable field's value. */
export function maskField(field: RevealableField, value: string): string {
  switch (field) {
    case 'holderName':
      return maskName(value);
    case 'idNumber':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'accountNumber':
      return maskAccount(value);
  }
}

/** The masked form of a look-up's search value, for the audit trail. */
export function maskLookupValue(by: LookupBy, value: string): string {
  const field: Record<LookupBy, RevealableField> = { account: 'accountNumber', idNumber: 'idNumber', phone: 'phone', name: 'holderName' };
  return maskField(field[by], value);
}

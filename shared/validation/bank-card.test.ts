import { describe, expect, it } from 'vitest';
import { luhnValid, validateBankCard } from './bank-card';

describe('validateBankCard', () => {
  it('accepts 12-19 digits with spaces or hyphens, Luhn passing: no warning', () => {
    // 4111 1111 1111 1111 is the classic Luhn-valid test number.
    expect(validateBankCard('4111 1111 1111 1111')).toEqual({ valid: true, normalized: '4111111111111111', warnings: [], bankHint: null, unionPay: false });
    expect(validateBankCard('6222-0200-0000-0000-000')).toMatchObject({ valid: true, normalized: '6222020000000000000', warnings: [] });
  });

  it('keeps a Luhn failure as a warning only (some real UnionPay debit cards fail it)', () => {
    const r = validateBankCard('6222 0200 0000 0000 008');
    expect(r).toMatchObject({ valid: true, warnings: ['luhn'], bankHint: '中国工商银行', unionPay: true });
  });

  it('refuses wrong lengths and non-digits with a reason', () => {
    expect(validateBankCard('12345678901')).toMatchObject({ valid: false, reason: 'length' });
    expect(validateBankCard('12345678901234567890')).toMatchObject({ valid: false, reason: 'length' });
    expect(validateBankCard('6222 0200 0000 000A')).toMatchObject({ valid: false, reason: 'characters' });
    expect(validateBankCard('  ')).toMatchObject({ valid: false, reason: 'empty' });
    expect(validateBankCard('123456789012')).toMatchObject({ valid: true });
  });

  it('computes Luhn correctly on known numbers', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('6222020000000000000')).toBe(true);
  });
});

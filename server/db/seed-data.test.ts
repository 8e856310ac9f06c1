import { describe, expect, it } from 'vitest';
import { normalizeNumber } from '../../shared/phone/normalize';
import { RoleSchema } from '../../shared/schemas/auth';
import { FRAUD_TYPES } from '../../shared/schemas/template';
import { WARNING_GRADES } from '../../shared/schemas/warning';
import { validateBankCard } from '../../shared/validation/bank-card';
import { validateLookupQuery } from '../../shared/validation/lookup-query';
import { validateResidentId } from '../../shared/validation/resident-id';
import { syntheticAccount, syntheticAuthorityPhone, syntheticFreezeRecord, syntheticIdNumber, syntheticPhone, SYNTHETIC_FREEZE_MAX_ROWS } from '../freeze/synthetic-freeze';
import { DEMO_USERS } from './seed-demo';
import { DEMO_TREE_USERS } from './seed-org-tree';
import { DEMO_WARNING_COUNT, demoWarningInstructions } from './seed-warnings';

/** Rows checked: the first thousand, and samples up to the generator's limit (a million-row bench uses them). */
const ROWS = [...Array.from({ length: 1000 }, (_, k) => k + 1), 9_999, 10_000, 65_432, 99_999, 100_000, 999_999, 1_000_000, SYNTHETIC_FREEZE_MAX_ROWS];

/** A mainland mobile in the 1470 data-card block (synthetic-freeze.ts explains the choice). */
function expectReservedMobile(phone: string): void {
  expect(phone, phone).toMatch(/^1470\d{7}$/);
  const n = normalizeNumber(phone);
  expect(n, phone).toMatchObject({ e164: `+86${phone}`, kind: 'mobile', overseas: false });
  expect(validateLookupQuery({ by: 'phone', value: phone }), phone).toMatchObject({ ok: true, request: { by: 'phone', value: phone } });
}

/** A GB 11643 number with the check character right, in the non-existent region 990101. */
function expectSyntheticId(id: string): void {
  expect(id, id).toMatch(/^990101\d{11}[\dX]$/);
  expect(validateResidentId(id), id).toMatchObject({ valid: true, normalized: id });
  expect(validateLookupQuery({ by: 'idNumber', value: id }), id).toMatchObject({ ok: true, request: { by: 'idNumber', value: id } });
}

describe('synthetic freeze records pass the workstation’s own checks', () => {
  it('ID numbers: right check character, real birth date, never a real region', () => {
    for (const i of ROWS) expectSyntheticId(syntheticIdNumber(i));
    // A wrong check character is refused, so the test above can fail.
    const id = syntheticIdNumber(7);
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(validateResidentId(wrong)).toMatchObject({ valid: false, reason: 'check-digit' });
  });

  it('ID numbers and accounts are distinct over the first 100,000 rows (the demo’s default seed)', () => {
    const ids = new Set<string>();
    const accounts = new Set<string>();
    for (let i = 1; i <= 100_000; i++) {
      ids.add(syntheticIdNumber(i));
      accounts.add(syntheticAccount(i));
    }
    expect(ids.size).toBe(100_000);
    expect(accounts.size).toBe(100_000);
  });

  it('phones: mobiles in the 1470 data-card block; authorities: distinct case-officer numbers, none of them 110', () => {
    for (const i of ROWS) expectReservedMobile(syntheticPhone(i));
    const authority = new Set(ROWS.map(syntheticAuthorityPhone));
    expect(authority.size).toBe(50);
    for (const phone of authority) expectReservedMobile(phone);
    // Holder and authority numbers never meet in the demo's 100,000 rows.
    expect(authority.has(syntheticPhone(100_000))).toBe(false);
    expect([...authority].every((p) => p > syntheticPhone(SYNTHETIC_FREEZE_MAX_ROWS))).toBe(true);
  });

  it('accounts: 16-digit UnionPay-range card numbers with the Luhn digit right (no card-check warning)', () => {
    for (const i of ROWS) {
      const account = syntheticAccount(i);
      expect(validateBankCard(account), account).toMatchObject({ valid: true, warnings: [], unionPay: true });
      expect(validateLookupQuery({ by: 'account', value: account }), account).toMatchObject({ ok: true, warnings: [] });
    }
  });

  it('name + tail digits: the look-up form accepts the last 4 and 6 of the account and the ID number', () => {
    for (const i of ROWS.slice(0, 50)) {
      const r = syntheticFreezeRecord(i);
      for (const tail of [r.accountNumber.slice(-4), r.accountNumber.slice(-6), (r.idNumber as string).slice(-4), (r.idNumber as string).slice(-6)]) {
        expect(validateLookupQuery({ by: 'name', value: r.holderName, partialNumber: tail }), `${r.holderName} ${tail}`).toMatchObject({ ok: true });
      }
    }
  });

  it('every measure type and status appears in the first rows', () => {
    const rows = ROWS.slice(0, 20).map((i) => syntheticFreezeRecord(i));
    expect(new Set(rows.map((r) => r.measureType)).size).toBe(4);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['active', 'released', 'expired']));
    expect(new Set(rows.map((r) => r.holderRole))).toEqual(new Set(['victim', 'payee']));
    for (const r of rows.filter((x) => x.status === 'expired')) expect(r.expiresAt).toBeGreaterThan(r.startsAt);
  });
});

describe('demo warning instructions and users', () => {
  const warnings = demoWarningInstructions(Date.UTC(2026, 5, 1));

  it('one instruction per fraud type, every grade, valid and distinct IDs and mobiles', () => {
    expect(warnings).toHaveLength(DEMO_WARNING_COUNT);
    expect(warnings.map((w) => w.fraudType).sort()).toEqual([...FRAUD_TYPES].sort());
    expect(new Set(warnings.map((w) => w.grade))).toEqual(new Set(WARNING_GRADES));
    for (const w of warnings) {
      expectSyntheticId(w.idNumber as string);
      for (const phone of w.phones) expectReservedMobile(phone);
    }
    expect(new Set(warnings.map((w) => w.idNumber)).size).toBe(warnings.length);
    expect(new Set(warnings.flatMap((w) => w.phones)).size).toBe(warnings.length);
  });

  it('both roles that work the queue are there, and the supervisor has a phone', () => {
    const everyone = [...DEMO_USERS, ...DEMO_TREE_USERS];
    expect(everyone.filter((u) => u.role === 'call-taker').length).toBeGreaterThanOrEqual(3);
    expect(everyone.filter((u) => u.role === 'warning-officer' && u.sipExtension).length).toBeGreaterThanOrEqual(1);
    const supervisor = everyone.find((u) => u.role === 'supervisor');
    expect(supervisor?.sipExtension).toMatch(/^\d{4}$/);
    const extensions = everyone.map((u) => u.sipExtension).filter((e): e is string => e !== null);
    expect(new Set(extensions).size).toBe(extensions.length);
    expect(new Set(everyone.map((u) => u.role))).toEqual(new Set(RoleSchema.options));
  });
});

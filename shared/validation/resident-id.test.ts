import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { residentIdCheckChar, validateResidentId } from './resident-id';

const TODAY = new Date(2026, 10, 21);
const v = (id: string) => validateResidentId(id, TODAY);
/** Builds a full 18-character number from 17 digits with the algorithm under test's twin (independent: explicit weights). */
function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

describe('validateResidentId', () => {
  it('accepts the published GB 11643-1999 example 11010519491231002X', () => {
    const r = v('11010519491231002X');
    expect(r).toMatchObject({ valid: true, format: 18, kind: 'resident', sex: 'female', birthDate: { year: 1949, month: 12, day: 31 } });
  });

  it('accepts other numbers whose check character follows MOD 11-2 (including 0, 1 and X checks)', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44030519900307001')).toBe(withCheck('44030519900307001').slice(-1));
    for (const first17 of ['44030519900307001', '31010420000229123', '51010719850615007', '65010219991231999', '11000020260101001']) {
      const id = withCheck(first17);
      expect(v(id), id).toMatchObject({ valid: true, normalized: id });
    }
  });

  it('refuses a wrong check character and says so', () => {
    expect(v('110105194912310021')).toEqual({ valid: false, reason: 'check-digit', normalized: '110105194912310021' });
    const good = withCheck('44030519900307001');
    const last = good.slice(-1);
    const wrong = good.slice(0, 17) + (last === '0' ? '1' : '0');
    expect(v(wrong)).toMatchObject({ valid: false, reason: 'check-digit' });
  });

  it('finds every single-digit typo (MOD 11-2 detects all of them)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const good = '11010519491231002X';
        const d = (Number(good[pos]) + delta) % 10;
        const typo = good.slice(0, pos) + String(d) + good.slice(pos + 1);
        const r = v(typo);
        expect(r.valid).toBe(false);
      }),
    );
  });

  it('accepts a lower-case x and spaces, and normalises them', () => {
    expect(v('110105 19491231 002x')).toMatchObject({ valid: true, normalized: '11010519491231002X' });
    expect(v(' 110105\t194912310 02X ')).toMatchObject({ valid: true });
  });

  it('handles 29 February in leap and non-leap years', () => {
    expect(v(withCheck('31010420000229123'))).toMatchObject({ valid: true, birthDate: { year: 2000, month: 2, day: 29 } }); // 2000: leap (÷400)
    expect(v(withCheck('31010419960229123'))).toMatchObject({ valid: true });
    expect(v(withCheck('31010419000229123'))).toMatchObject({ valid: false, reason: 'birth-date' }); // 1900: not leap (÷100)
    expect(v(withCheck('31010420230229123'))).toMatchObject({ valid: false, reason: 'birth-date' });
  });

  it('refuses impossible, future and pre-1900 birth dates', () => {
    expect(v(withCheck('31010419901301123'))).toMatchObject({ reason: 'birth-date' }); // month 13
    expect(v(withCheck('31010419900431123'))).toMatchObject({ reason: 'birth-date' }); // 31 April
    expect(v(withCheck('31010419900100123'))).toMatchObject({ reason: 'birth-date' }); // day 0
    expect(v(withCheck('31010420261122123'))).toMatchObject({ reason: 'birth-date' }); // tomorrow
    expect(v(withCheck('31010420261121123'))).toMatchObject({ valid: true }); // today
    expect(v(withCheck('31010418991231123'))).toMatchObject({ reason: 'birth-date' });
  });

  it('reports length and characters before anything else', () => {
    expect(v('1101051949123100')).toMatchObject({ reason: 'length' });
    expect(v('')).toMatchObject({ reason: 'length' });
    expect(v('1101051949123100211')).toMatchObject({ reason: 'length' });
    expect(v('11010519491231X02X')).toMatchObject({ reason: 'characters' });
    expect(v('11010519491231002Y')).toMatchObject({ reason: 'characters' });
    expect(v('11010549123100X')).toMatchObject({ reason: 'characters' }); // 15-digit has no check character
  });

  it('checks the region: mainland provinces, 81/82/83 permits, 9 for foreign permanent residents', () => {
    expect(v(withCheck('81000019900101001'))).toMatchObject({ valid: true, kind: 'hk-macao-resident-permit' });
    expect(v(withCheck('82000019900101002'))).toMatchObject({ valid: true, kind: 'hk-macao-resident-permit', sex: 'female' });
    expect(v(withCheck('83000019900101001'))).toMatchObject({ valid: true, kind: 'taiwan-resident-permit' });
    expect(v(withCheck('93115619900101001'))).toMatchObject({ valid: true, kind: 'foreign-permanent-resident' });
    for (const bad of ['01', '72', '84', '19', '80', '70']) {
      expect(v(withCheck(`${bad}010519491231002`)), bad).toMatchObject({ valid: false, reason: 'region' });
    }
    // Permits never existed in the 15-digit form.
    expect(v('810000900101001')).toMatchObject({ valid: false, reason: 'region' });
  });

  it('parses legacy 15-digit numbers as born in 19yy and upgrades them', () => {
    const r = v('110105491231002');
    expect(r).toMatchObject({ valid: true, format: 15, birthDate: { year: 1949, month: 12, day: 31 }, sex: 'female' });
    // The upgrade of the standard's example is the standard's 18-character example.
    expect(r.valid && r.upgraded).toBe('11010519491231002X');
    expect(v('110105960229001')).toMatchObject({ valid: true, sex: 'male', birthDate: { year: 1996, month: 2, day: 29 } });
    expect(v('110105000229001')).toMatchObject({ valid: false, reason: 'birth-date' }); // 1900 was not a leap year
  });
});

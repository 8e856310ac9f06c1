import { describe, expect, it } from 'vitest';
import { normalizeNumber } from './normalize';

describe('normalizeNumber', () => {
  it.each([
    ['13800138000', '+8613800138000', 'mobile'],
    ['+8613800138000', '+8613800138000', 'mobile'],
    ['008613800138000', '+8613800138000', 'mobile'],
    ['010-62345678', '+861062345678', 'fixed'],
    ['02112345678', '+862112345678', 'fixed'],
  ])('mainland %s → %s', (raw, e164, kind) => {
    expect(normalizeNumber(raw)).toMatchObject({ e164, region: 'CN', overseas: false, service: false, kind });
  });

  it.each([
    ['0085291234567', 'HK'],
    ['+85366123456', 'MO'],
    ['+886912345678', 'TW'],
    ['+959250123456', 'MM'],
    ['+85512345678', 'KH'],
    ['+14155552671', 'US'],
    ['00639171234567', 'PH'],
  ])('overseas %s is flagged with its region %s', (raw, region) => {
    const n = normalizeNumber(raw);
    expect(n.overseas).toBe(true);
    expect(n.region).toBe(region);
    expect(n.e164).toMatch(/^\+\d+$/);
  });

  it.each(['96110', '110', '95588', '12381', '10086'])('service number %s is not flagged', (raw) => {
    expect(normalizeNumber(raw)).toMatchObject({ service: true, overseas: false, e164: null });
  });

  it('flags an invalid number with a foreign country code, and not an unknown local one', () => {
    expect(normalizeNumber('+85200').overseas).toBe(true);
    expect(normalizeNumber('12').overseas).toBe(false);
    expect(normalizeNumber('anonymous')).toMatchObject({ e164: null, overseas: false });
  });
});

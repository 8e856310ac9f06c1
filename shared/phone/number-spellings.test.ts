import { describe, expect, it } from 'vitest';
import { isFullNumber, numberSpellings } from './number-spellings';

describe('numberSpellings', () => {
  it('spells a mobile as E.164, bare, 00-prefixed and national', () => {
    expect(numberSpellings('+8613800138000').sort()).toEqual(['+8613800138000', '008613800138000', '13800138000', '8613800138000'].sort());
    expect(numberSpellings('138 0013-8000')).toContain('+8613800138000');
  });
  it('gives a landline its trunk 0 and keeps a service number as received', () => {
    expect(numberSpellings('+862161234567')).toEqual(expect.arrayContaining(['02161234567', '+862161234567']));
    expect(numberSpellings('02161234567')).toContain('+862161234567');
    expect(numberSpellings('96110')).toEqual(['96110']);
  });
  it('tells a full number from a tail', () => {
    expect(isFullNumber('13800138000')).toBe(true);
    expect(isFullNumber('8000')).toBe(false);
    expect(isFullNumber('38000')).toBe(false);
  });
});

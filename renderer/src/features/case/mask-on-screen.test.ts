import { describe, expect, it } from 'vitest';
import { ACCOUNT_MIN_DIGITS, maskOnScreen } from './mask-on-screen';

describe('maskOnScreen', () => {
  it('masks resident IDs and card numbers in text, first and last 4 kept', () => {
    expect(maskOnScreen('44010619900101123X')).toBe('4401**********123X');
    expect(maskOnScreen('对方卡号 6222 0212 3456 7891 234，身份证440106199001011234')).toBe('对方卡号 6222***********1234，身份证4401**********1234');
  });

  it('leaves phone numbers, amounts and masked numbers readable in free text', () => {
    expect(maskOnScreen('13800138000, +8613800138000, 0085212345678, 80000 元')).toBe('13800138000, +8613800138000, 0085212345678, 80000 元');
    expect(maskOnScreen('622202******1234')).toBe('622202******1234');
  });

  it('in an account box, masks any long digit run', () => {
    expect(maskOnScreen('310066632018001234', ACCOUNT_MIN_DIGITS)).toBe('3100**********1234');
    expect(maskOnScreen('12345678', ACCOUNT_MIN_DIGITS)).toBe('12345678');
    expect(maskOnScreen('123456789', ACCOUNT_MIN_DIGITS)).toBe('1234*6789');
  });
});

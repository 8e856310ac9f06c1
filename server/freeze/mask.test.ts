import { describe, expect, it } from 'vitest';
import { maskAccount, maskIdNumber, maskName, maskPhone } from './mask';
import { normaliseAccount, normaliseIdNumber, normalisePhone } from './normalise';

describe('freeze masking and normalising', () => {
  it('masks names, IDs, accounts and phones', () => {
    expect([maskName('张三'), maskName('张小三'), maskName('欧阳娜娜'), maskName('李')]).toEqual(['张*', '张*三', '欧**娜', '*']);
    expect(maskIdNumber('11010119900307123X')).toBe('110101********123X');
    expect(maskIdNumber('E1234')).toBe('***34');
    expect(maskAccount('6222021001115678')).toBe('**** **** **** 5678');
    expect(maskAccount('6222021001115678123')).toBe('**** **** **** 8123');
    expect(maskPhone('13800135678')).toBe('138****5678');
    expect(maskPhone('110')).toBe('*10');
  });

  it('normalises what people type', () => {
    expect(normaliseAccount(' 6222-0210 0111.5678 ')).toBe('6222021001115678');
    expect(normaliseIdNumber('110101 19900307 123x')).toBe('11010119900307123X');
    expect([normalisePhone('+86 138-0013-5678'), normalisePhone('008613800135678'), normalisePhone('(0755) 2600-0000')]).toEqual(['13800135678', '13800135678', '075526000000']);
  });
});

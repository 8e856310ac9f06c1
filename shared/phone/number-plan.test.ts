import { describe, expect, it } from 'vitest';
import { isHotline, planDial } from './number-plan';

describe('number plan', () => {
  it.each(['96110', '+8696110', '8696110', '008696110', '02396110', '+862396110', '0755 96110'])('%s is the hotline', (user) => {
    expect(isHotline(user)).toBe(true);
    expect(planDial(user)).toMatchObject({ class: 'hotline', dial: '96110', route: 'agents' });
  });

  it.each(['96111', '961100', '9611', '+8696111', '13800138000'])('%s is not the hotline', (user) => {
    expect(isHotline(user)).toBe(false);
  });

  it.each([
    ['13912345678', 'mobile', '13912345678'],
    ['+8613912345678', 'mobile', '13912345678'],
    ['008613912345678', 'mobile', '13912345678'],
    ['8613912345678', 'mobile', '13912345678'],
    ['139 1234 5678', 'mobile', '13912345678'],
    ['02388886666', 'landline', '02388886666'],
    ['+862388886666', 'landline', '02388886666'],
    ['+86 10 6552 9988', 'landline', '01065529988'],
    ['075512345678', 'landline', '075512345678'],
  ] as const)('%s goes to the trunk as %s %s', (raw, cls, dial) => {
    expect(planDial(raw)).toEqual({ raw, class: cls, dial, route: 'trunk' });
  });

  it('sends other countries out with 00', () => {
    expect(planDial('+85291234567')).toMatchObject({ class: 'international', dial: '0085291234567', route: 'trunk' });
  });

  it('keeps extensions on the agents side and emergency numbers on their own route', () => {
    expect(planDial('1002')).toMatchObject({ class: 'extension', dial: '1002', route: 'agents' });
    for (const n of ['110', '119', '120', '122']) expect(planDial(n)).toMatchObject({ class: 'emergency', dial: n, route: 'emergency' });
  });

  it('rejects what cannot be dialled', () => {
    for (const n of ['', 'abc', '12', '+86123', '1380013800']) expect(planDial(n).route).toBe('none');
  });
});

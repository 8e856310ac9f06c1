import { describe, expect, it } from 'vitest';
import { ringPatternFor } from './ringer';

describe('ringPatternFor', () => {
  const ringing = { direction: 'inbound', state: 'ringing' };
  it('rings for a lone incoming call', () => {
    expect(ringPatternFor([ringing])).toBe('ring');
  });
  it('plays the call-waiting tone when already on a call', () => {
    expect(ringPatternFor([{ direction: 'inbound', state: 'active' }, ringing])).toBe('call-waiting');
    expect(ringPatternFor([{ direction: 'outbound', state: 'dialing' }, ringing])).toBe('call-waiting');
  });
  it('is silent without a ringing inbound call', () => {
    expect(ringPatternFor([])).toBeNull();
    expect(ringPatternFor([{ direction: 'inbound', state: 'active' }])).toBeNull();
    expect(ringPatternFor([{ direction: 'outbound', state: 'ringing' }])).toBeNull();
  });
});

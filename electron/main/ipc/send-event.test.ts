import { describe, expect, it, vi } from 'vitest';
import { sendEvent } from './send-event';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const contents = (destroyed = false) => ({ send: vi.fn(), isDestroyed: () => destroyed });

describe('sendEvent', () => {
  it('sends a valid payload', () => {
    const wc = contents();
    expect(sendEvent(wc, 'event:dial', { number: '+8696110' })).toBe(true);
    expect(wc.send).toHaveBeenCalledWith('event:dial', { number: '+8696110' });
  });

  it('refuses an off-contract payload', () => {
    const wc = contents();
    expect(sendEvent(wc, 'event:dial', { number: 'javascript:alert(1)' })).toBe(false);
    expect(sendEvent(wc, 'event:shortcut', { action: 'format-disk' } as never)).toBe(false);
    expect(wc.send).not.toHaveBeenCalled();
  });

  it('refuses an unknown channel', () => {
    const wc = contents();
    expect(sendEvent(wc, 'event:nope' as never, {} as never)).toBe(false);
    expect(wc.send).not.toHaveBeenCalled();
  });

  it('does nothing for destroyed contents', () => {
    const wc = contents(true);
    expect(sendEvent(wc, 'event:shortcut', { action: 'mute' })).toBe(false);
    expect(wc.send).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import { ipcRequests } from '@shared/ipc/contract';
import { withNotificationText } from './notification-text';

const texts = { incomingCallTitle: 'Incoming call', unknownCaller: 'Unknown number' };

describe('withNotificationText', () => {
  it('adds the page\'s words to a ringing call, the caller\'s number as the body', () => {
    expect(withNotificationText({ live: 1, incoming: { callId: 'c1', from: '13800138000' } }, texts)).toEqual({
      live: 1,
      incoming: { callId: 'c1', from: '13800138000', notification: { title: 'Incoming call', body: '13800138000' } },
    });
    expect(withNotificationText({ live: 1, incoming: { callId: 'c1', from: '' } }, texts).incoming?.notification?.body).toBe('Unknown number');
  });

  it('leaves the activity alone without words or without a ringing call (main falls back)', () => {
    const ringing = { live: 1, incoming: { callId: 'c1', from: '110' } };
    expect(withNotificationText(ringing, null)).toBe(ringing);
    expect(withNotificationText(ringing, { ...texts, incomingCallTitle: ' ' })).toBe(ringing);
    const quiet = { live: 0, incoming: null };
    expect(withNotificationText(quiet, texts)).toBe(quiet);
  });

  it('keeps within the contract\'s caps whatever the translation says', () => {
    const long = withNotificationText({ live: 1, incoming: { callId: 'c1', from: '' } }, { incomingCallTitle: 'x'.repeat(500), unknownCaller: 'y'.repeat(5000) });
    expect(ipcRequests['calls:activity'].args.safeParse([long]).success).toBe(true);
  });
});

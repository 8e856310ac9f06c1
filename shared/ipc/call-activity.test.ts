import { describe, expect, it } from 'vitest';
import { ipcRequests } from './contract';

const args = ipcRequests['calls:activity'].args;
const incoming = (notification: unknown) => [{ live: 1, incoming: { callId: 'c1', from: '110', notification } }];

describe('calls:activity notification text', () => {
  it('accepts the page\'s words within the caps, and none at all', () => {
    expect(args.safeParse(incoming({ title: '来电', body: '110' })).success).toBe(true);
    expect(args.safeParse(incoming(undefined)).success).toBe(true);
    expect(args.safeParse(incoming({ title: 'x'.repeat(200), body: 'y'.repeat(1000) })).success).toBe(true);
  });

  it.each([
    ['an empty title', { title: '  ', body: 'x' }, 'title'],
    ['a title over 200', { title: 'x'.repeat(201), body: '' }, 'title'],
    ['a body over 1000', { title: 't', body: 'y'.repeat(1001) }, 'body'],
    ['a non-string body', { title: 't', body: 42 }, 'body'],
  ])('refuses %s, naming the field', (_name, notification, field) => {
    const parsed = args.safeParse(incoming(notification));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path.join('.')).toBe(`0.incoming.notification.${field}`);
  });
});

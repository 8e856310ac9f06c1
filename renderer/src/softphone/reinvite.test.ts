import type { Session } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { ReinviteError, sendReinvite } from './reinvite';

/** Answers each re-INVITE with the next scripted status. */
function scripted(statuses: number[]) {
  const sent: unknown[] = [];
  const session = {
    sessionDescriptionHandlerOptionsReInvite: undefined as unknown,
    invite(options: { requestDelegate: { onAccept: () => void; onReject: (r: { message: { statusCode: number } }) => void } }) {
      sent.push(this.sessionDescriptionHandlerOptionsReInvite);
      const status = statuses.shift() ?? 200;
      if (status === 200) options.requestDelegate.onAccept();
      else options.requestDelegate.onReject({ message: { statusCode: status } });
      return Promise.resolve();
    },
  };
  return { session: session as unknown as Session, sent };
}

describe('sendReinvite', () => {
  it('retries a 491 after the RFC 3261 §14.1 wait (2.1-4 s) and then succeeds', async () => {
    const { session, sent } = scripted([491, 491, 200]);
    const waits: number[] = [];
    await sendReinvite(session, { hold: true, retries: 3, wait: (ms) => Promise.resolve(void waits.push(ms)) });
    expect(sent).toHaveLength(3);
    expect(waits).toHaveLength(2);
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(2100);
      expect(w).toBeLessThanOrEqual(4000);
    }
  });

  it('gives up after the configured retries with the last status', async () => {
    const { session, sent } = scripted([491, 491, 491]);
    const error = await sendReinvite(session, { hold: false, retries: 1, wait: () => Promise.resolve() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReinviteError);
    expect((error as ReinviteError).status).toBe(491);
    expect(sent).toHaveLength(2);
  });

  it('does not retry other failures', async () => {
    const { session, sent } = scripted([481]);
    await expect(sendReinvite(session, { hold: false, retries: 5, wait: () => Promise.resolve() })).rejects.toMatchObject({ status: 481 });
    expect(sent).toHaveLength(1);
  });

  it('asks for an ICE restart only when told to', async () => {
    const { session, sent } = scripted([200, 200]);
    await sendReinvite(session, { hold: false, retries: 0 });
    await sendReinvite(session, { hold: false, iceRestart: true, retries: 0 });
    expect(sent).toEqual([{ hold: false }, { hold: false, offerOptions: { iceRestart: true } }]);
  });
});

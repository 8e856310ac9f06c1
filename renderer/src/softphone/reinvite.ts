import type { Session, Web } from 'sip.js';

/** What a re-INVITE changes: the hold direction, and optionally new ICE credentials. */
export interface ReinviteOptions {
  hold: boolean;
  /** Restart ICE (RFC 8445 §9): new ufrag/pwd, fresh candidates, after a network change. */
  iceRestart?: boolean;
  /** Retries of a 491 (request pending) answer. */
  retries: number;
  /** Test seam for the RFC 3261 §14.1 wait. */
  wait?: (ms: number) => Promise<void>;
}

/** A re-INVITE the other side refused; `status` is the SIP final response. */
export class ReinviteError extends Error {
  constructor(readonly status: number) {
    super(`reinvite-${status}`);
  }
}

/**
 * Sends one re-INVITE and resolves on 2xx. A 491 (glare: both sides re-INVITEd at once) is
 * retried after a random 2.1-4 s wait as RFC 3261 §14.1 asks the call's owner to do;
 * anything else rejects with the status so callers can tell "gone" (481/408) from "refused".
 */
export async function sendReinvite(session: Session, options: ReinviteOptions): Promise<void> {
  const wait = options.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    session.sessionDescriptionHandlerOptionsReInvite = {
      hold: options.hold,
      ...(options.iceRestart ? { offerOptions: { iceRestart: true } } : {}),
    } as Web.SessionDescriptionHandlerOptions;
    const status = await new Promise<number>((resolve, reject) => {
      session
        .invite({
          requestDelegate: {
            onAccept: () => resolve(200),
            onReject: (response) => resolve(response.message.statusCode ?? 500),
          },
        })
        .catch(reject);
    });
    if (status === 200) return;
    if (status !== 491 || attempt >= options.retries) throw new ReinviteError(status);
    await wait(2100 + Math.random() * 1900);
  }
}

import type { Session, Web } from 'sip.js';
import type { DtmfMode } from './types';

/**
 * Sends DTMF on an established call: RFC 4733 telephone-events in the media stream (what
 * IVRs and gateways expect) or one SIP INFO per digit (`application/dtmf-relay`) for PBXs
 * that want it in signalling.
 */
export async function sendDtmfOn(session: Session, digits: string, mode: DtmfMode): Promise<void> {
  if (!/^[0-9*#A-D]{1,32}$/.test(digits)) throw new Error('invalid-dtmf');
  if (mode === 'rfc4733') {
    const sdh = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    if (!sdh?.sendDtmf(digits, { duration: 100, interToneGap: 70 })) throw new Error('dtmf-failed');
    return;
  }
  for (const digit of digits) {
    await session.info({
      requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=100` } },
    });
  }
}

import { describe, expect, it } from 'vitest';
import { isRemoteHold } from './remote-hold';

const sdp = (session: string[], audio: string[], extra: string[] = []) =>
  ['v=0', 'o=carrier 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', ...session, 'm=audio 4000 RTP/AVP 8 101', 'a=rtpmap:8 PCMA/8000', ...audio, ...extra].join('\r\n') + '\r\n';

describe('isRemoteHold', () => {
  it.each([
    ['sendonly', true],
    ['inactive', true],
    ['sendrecv', false],
    ['recvonly', false],
  ])('audio a=%s → %s', (dir, held) => {
    expect(isRemoteHold(sdp([], [`a=${dir}`]))).toBe(held);
  });

  it('a session-level direction counts unless the audio section says otherwise', () => {
    expect(isRemoteHold(sdp(['a=sendonly'], []))).toBe(true);
    expect(isRemoteHold(sdp(['a=sendonly'], ['a=sendrecv']))).toBe(false);
  });

  it('the RFC 2543 hold (connection address 0.0.0.0), at session or media level', () => {
    expect(isRemoteHold(sdp([], []).replace('c=IN IP4 127.0.0.1', 'c=IN IP4 0.0.0.0'))).toBe(true);
    expect(isRemoteHold(sdp([], ['c=IN IP4 0.0.0.0']))).toBe(true);
  });

  it('only the audio section matters (a held video stream is not a held call)', () => {
    expect(isRemoteHold(sdp([], ['a=sendrecv'], ['m=video 4002 RTP/AVP 96', 'a=inactive']))).toBe(false);
  });

  it('no SDP (a re-INVITE for a session refresh) or no audio is not a hold', () => {
    expect(isRemoteHold(undefined)).toBe(false);
    expect(isRemoteHold('')).toBe(false);
    expect(isRemoteHold('v=0\r\nm=video 4002 RTP/AVP 96\r\na=inactive\r\n')).toBe(false);
  });
});

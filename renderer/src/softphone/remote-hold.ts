/**
 * The far end holding the call: a carrier's (or a PBX's) re-INVITE whose audio is `sendonly`
 * or `inactive` (RFC 3264 §8.4), or the older `c=IN IP4 0.0.0.0` (RFC 2543). Nothing, or only
 * music, arrives then; the agent is told "对方已保持" and dead-air detection stays quiet.
 */
export function isRemoteHold(sdp: string | undefined): boolean {
  if (!sdp) return false;
  const lines = sdp.split(/\r?\n/);
  const firstMedia = lines.findIndex((l) => l.startsWith('m='));
  const session = firstMedia < 0 ? lines : lines.slice(0, firstMedia);
  const audioAt = lines.findIndex((l) => l.startsWith('m=audio '));
  if (audioAt < 0) return false;
  const nextMedia = lines.findIndex((l, i) => i > audioAt && l.startsWith('m='));
  const audio = lines.slice(audioAt + 1, nextMedia < 0 ? undefined : nextMedia);
  // A media-level direction overrides the session-level one (RFC 4566 §6).
  const direction = (part: string[]) => part.map((l) => /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(l)?.[1]).find(Boolean);
  const dir = direction(audio) ?? direction(session) ?? 'sendrecv';
  if (dir === 'sendonly' || dir === 'inactive') return true;
  const connection = audio.find((l) => l.startsWith('c=')) ?? session.find((l) => l.startsWith('c='));
  return /^c=IN IP4 0\.0\.0\.0\s*$/.test(connection ?? '');
}

import type { Session, Web } from 'sip.js';

/** The WebRTC side of one call, reached through sip.js's session description handler. */
function handler(session: Session): Web.SessionDescriptionHandler | undefined {
  return session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
}

/** The call's peer connection, once media negotiation has started. */
export function peerConnectionOf(session: Session): RTCPeerConnection | undefined {
  return handler(session)?.peerConnection;
}

/** `setSinkId` is missing from older lib.dom typings and from some browsers. */
type SinkAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * Routes an audio element to an output device ('' = the system default). Resolves false
 * when the browser cannot route or the device is gone, so callers can warn and fall back.
 */
export async function routeAudio(audio: HTMLAudioElement, deviceId: string): Promise<boolean> {
  const el = audio as SinkAudio;
  if (typeof el.setSinkId !== 'function') return deviceId === '';
  try {
    await el.setSinkId(deviceId);
    return true;
  } catch {
    return false;
  }
}

/**
 * Plays the call's remote stream in a hidden audio element (tests find it by
 * `data-role="remote-audio"`). Returns undefined until sip.js has a media handler.
 */
export function attachRemoteAudio(session: Session, callId: string, parent: HTMLElement, outputDeviceId: string): HTMLAudioElement | undefined {
  const sdh = handler(session);
  if (!sdh) return undefined;
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.dataset.role = 'remote-audio';
  audio.dataset.callId = callId;
  audio.srcObject = sdh.remoteMediaStream;
  parent.appendChild(audio);
  if (outputDeviceId) void routeAudio(audio, outputDeviceId);
  void audio.play().catch(() => undefined);
  return audio;
}

/** Local audio flows only when neither muted nor held. */
export function setLocalAudioEnabled(session: Session, enabled: boolean): void {
  handler(session)
    ?.localMediaStream.getAudioTracks()
    .forEach((track) => (track.enabled = enabled));
}

/**
 * Swaps the microphone of a live call without renegotiation (`replaceTrack`), keeping the
 * mute/hold state of the old track. Used when the agent picks another headset mid-call or
 * the one in use is unplugged.
 */
export async function replaceMicrophone(session: Session, constraints: MediaTrackConstraints | true): Promise<void> {
  const pc = peerConnectionOf(session);
  const sender = pc?.getSenders().find((s) => s.track?.kind === 'audio' || s.track === null);
  if (!pc || !sender) return;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
  const track = stream.getAudioTracks()[0];
  if (!track) return;
  const old = sender.track;
  track.enabled = old?.enabled ?? true;
  await sender.replaceTrack(track);
  const local = handler(session)?.localMediaStream;
  if (old) {
    local?.removeTrack(old);
    old.stop();
  }
  local?.addTrack(track);
}

/**
 * The overdue alarm's sounds, one per grade sound key of the region's configuration
 * (server/warnings/grade-config.ts): the more urgent the grade, the more, higher and faster
 * the pulses, so an agent knows 特危 from 低危 without looking. A key the workstation does not
 * know (a region's own name) plays the medium sound.
 */
export interface TonePulse {
  /** Hz. */
  frequency: number;
  /** Seconds after the sound starts. */
  at: number;
  /** Seconds. */
  length: number;
}

const pulses = (count: number, frequencies: number[], length: number, gap: number): TonePulse[] =>
  Array.from({ length: count }, (_, i) => ({ frequency: frequencies[i % frequencies.length] as number, at: i * (length + gap), length }));

export const ALARM_SOUNDS: Readonly<Record<string, readonly TonePulse[]>> = {
  // A two-tone siren, five quick pulses.
  'alarm-extreme': pulses(6, [1320, 990], 0.14, 0.04),
  'alarm-high': pulses(3, [1100], 0.18, 0.08),
  'alarm-medium': pulses(2, [880], 0.25, 0.12),
  // One soft, low chime.
  'alarm-low': pulses(1, [660], 0.5, 0),
};

/** The pulses of a sound key (unknown keys: the medium sound). */
export const alarmPulses = (sound: string): readonly TonePulse[] => ALARM_SOUNDS[sound] ?? (ALARM_SOUNDS['alarm-medium'] as readonly TonePulse[]);

/** The Web Audio surface the alarm uses (a fake in tests). */
export type AudioContextLike = Pick<AudioContext, 'currentTime' | 'destination' | 'createOscillator' | 'createGain' | 'close'>;

/**
 * Plays a sound key's pulses through Web Audio, each with a short fade so it clicks neither
 * in nor out; the context is closed after the last pulse. Silent where there is no audio.
 */
export function playAlarmSound(sound: string, makeContext: () => AudioContextLike | null = defaultContext): void {
  const audio = makeContext();
  if (!audio) return;
  const start = audio.currentTime;
  const list = alarmPulses(sound);
  list.forEach((pulse, i) => {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = pulse.frequency;
    gain.gain.setValueAtTime(0, start + pulse.at);
    gain.gain.linearRampToValueAtTime(0.3, start + pulse.at + 0.01);
    gain.gain.setValueAtTime(0.3, start + pulse.at + pulse.length - 0.02);
    gain.gain.linearRampToValueAtTime(0, start + pulse.at + pulse.length);
    oscillator.connect(gain);
    gain.connect(audio.destination);
    oscillator.start(start + pulse.at);
    oscillator.stop(start + pulse.at + pulse.length);
    if (i === list.length - 1) oscillator.onended = () => void audio.close();
  });
}

function defaultContext(): AudioContextLike | null {
  const Context = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  return Context ? new Context() : null;
}

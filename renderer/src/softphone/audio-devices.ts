/**
 * Which microphone, headset and ringer a workstation uses. Pure rules, so the unplug
 * fallback is unit-tested: a chosen device that disappears falls back to the system
 * default and the agent is told, instead of a call going silent.
 */

/** Device ids; '' means the system default. */
export interface AudioChoice {
  inputId: string;
  outputId: string;
  /** Where the ringtone plays: often the PC speaker, so a colleague hears it too. */
  ringerId: string;
}

export const DEFAULT_AUDIO_CHOICE: AudioChoice = { inputId: '', outputId: '', ringerId: '' };

/** The part of MediaDeviceInfo these rules need. */
export interface AudioDevice {
  deviceId: string;
  kind: 'audioinput' | 'audiooutput' | 'videoinput';
  label: string;
}

export type AudioRole = keyof AudioChoice;

/** A chosen device that is no longer present; `label` is what it was called when chosen. */
export interface AudioFallback {
  role: AudioRole;
  label: string;
}

const KIND: Record<AudioRole, AudioDevice['kind']> = { inputId: 'audioinput', outputId: 'audiooutput', ringerId: 'audiooutput' };

/**
 * The choice to use with the devices present now: each chosen device that vanished is
 * replaced by the default and reported. Labels are remembered so the warning can name the
 * headset that was unplugged.
 */
export function resolveAudioChoice(choice: AudioChoice, devices: AudioDevice[], labels: Partial<Record<AudioRole, string>> = {}): { choice: AudioChoice; fallbacks: AudioFallback[] } {
  const effective = { ...choice };
  const fallbacks: AudioFallback[] = [];
  for (const role of Object.keys(KIND) as AudioRole[]) {
    const id = choice[role];
    if (!id) continue;
    const present = devices.some((d) => d.kind === KIND[role] && d.deviceId === id);
    if (!present) {
      effective[role] = '';
      fallbacks.push({ role, label: labels[role] || id });
    }
  }
  return { choice: effective, fallbacks };
}

/** Devices of one kind for a picker, the system default first; unnamed devices get a numbered name. */
export function devicesFor(role: AudioRole, devices: AudioDevice[]): Array<{ value: string; label: string }> {
  const list = devices.filter((d) => d.kind === KIND[role] && d.deviceId !== 'default' && d.deviceId !== '');
  return list.map((d, i) => ({ value: d.deviceId, label: d.label || `#${i + 1}` }));
}

/** Reads a stored choice defensively (it comes from local storage). */
export function parseAudioChoice(raw: string | null): AudioChoice {
  if (!raw) return DEFAULT_AUDIO_CHOICE;
  try {
    const value = JSON.parse(raw) as Partial<Record<AudioRole, unknown>>;
    const pick = (v: unknown) => (typeof v === 'string' && v.length <= 512 ? v : '');
    return { inputId: pick(value.inputId), outputId: pick(value.outputId), ringerId: pick(value.ringerId) };
  } catch {
    return DEFAULT_AUDIO_CHOICE;
  }
}

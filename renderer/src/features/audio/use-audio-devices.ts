import { useCallback, useEffect, useRef, useState } from 'react';
import { parseAudioChoice, resolveAudioChoice, type AudioChoice, type AudioDevice, type AudioFallback, type AudioRole } from '../../softphone/audio-devices';
import { useWorkstation } from '../../state/workstation-context';

const STORAGE_KEY = 'hd.audio-devices';
const LABELS_KEY = 'hd.audio-device-labels';

/** What the audio settings and the unplug warning show. */
export interface AudioDevicesState {
  devices: AudioDevice[];
  /** What the agent picked. */
  chosen: AudioChoice;
  /** What is in use now (chosen devices that vanished replaced by the default). */
  effective: AudioChoice;
  fallbacks: AudioFallback[];
  choose(role: AudioRole, deviceId: string): void;
  dismissFallbacks(): void;
}

/**
 * Keeps the phone and the ringer on the agent's chosen devices for the whole shift:
 * re-checks on every `devicechange` (a headset unplugged or plugged back), falls back to
 * the default with a warning, and returns to the chosen device when it reappears.
 */
export function useAudioDevices(): AudioDevicesState {
  const ws = useWorkstation();
  const [devices, setDevices] = useState<AudioDevice[]>([]);
  const [chosen, setChosen] = useState<AudioChoice>(() => parseAudioChoice(localStorage.getItem(STORAGE_KEY)));
  const [fallbacks, setFallbacks] = useState<AudioFallback[]>([]);
  const [effective, setEffective] = useState<AudioChoice>(chosen);
  const labels = useRef<Partial<Record<AudioRole, string>>>(readLabels());

  useEffect(() => {
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (!media?.enumerateDevices) return;
    let alive = true;
    const load = () =>
      void media.enumerateDevices().then((raw) => {
        if (!alive) return;
        const list = raw.map((d) => ({ deviceId: d.deviceId, kind: d.kind, label: d.label }));
        const resolved = resolveAudioChoice(chosen, list, labels.current);
        setDevices(list);
        setEffective(resolved.choice);
        setFallbacks(resolved.fallbacks);
        void ws.setAudioRouting(resolved.choice).catch((e: unknown) => console.warn('audio routing failed', e));
      });
    load();
    media.addEventListener('devicechange', load);
    return () => {
      alive = false;
      media.removeEventListener('devicechange', load);
    };
  }, [ws, chosen]);

  const choose = useCallback(
    (role: AudioRole, deviceId: string) => {
      const next = { ...chosen, [role]: deviceId };
      const label = devices.find((d) => d.deviceId === deviceId)?.label;
      if (label) labels.current = { ...labels.current, [role]: label };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      localStorage.setItem(LABELS_KEY, JSON.stringify(labels.current));
      setChosen(next);
    },
    [chosen, devices],
  );

  return { devices, chosen, effective, fallbacks, choose, dismissFallbacks: () => setFallbacks([]) };
}

function readLabels(): Partial<Record<AudioRole, string>> {
  try {
    const value = JSON.parse(localStorage.getItem(LABELS_KEY) ?? '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Partial<Record<AudioRole, string>>;
  } catch {
    return {};
  }
}

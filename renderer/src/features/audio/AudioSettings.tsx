import { Select, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { devicesFor, type AudioRole } from '../../softphone/audio-devices';
import type { AudioDevicesState } from './use-audio-devices';
import { MicTest } from './MicTest';

const ROLES: AudioRole[] = ['inputId', 'outputId', 'ringerId'];

/** Microphone, headset and ringer pickers with a microphone test. */
export function AudioSettings({ audio }: { audio: AudioDevicesState }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="audio-settings">
      {ROLES.map((role) => (
        <Select
          key={role}
          label={t(`audio.role.${role}`)}
          data={[{ value: '', label: t('audio.systemDefault') }, ...devicesFor(role, audio.devices)]}
          value={audio.chosen[role]}
          onChange={(value) => audio.choose(role, value ?? '')}
          allowDeselect={false}
          data-testid={`audio-${role}`}
        />
      ))}
      <MicTest deviceId={audio.effective.inputId} />
    </Stack>
  );
}

import { Alert, Button, Modal } from '@mantine/core';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AudioSettings } from './AudioSettings';
import { useAudioDevices } from './use-audio-devices';

/**
 * The audio button of the phone panel plus the unplug warning. Mounted for the whole
 * signed-in session so device changes are handled even while the settings are closed.
 * Memoised (no props): the phone panel re-renders on every call event, which it does not show.
 */
export const AudioDevicesControl = memo(function AudioDevicesControl() {
  const { t } = useTranslation();
  const audio = useAudioDevices();
  const [open, setOpen] = useState(false);
  return (
    <>
      {audio.fallbacks.length > 0 && (
        <Alert color="orange" withCloseButton onClose={audio.dismissFallbacks} data-testid="audio-fallback" p="xs">
          {audio.fallbacks.map((f) => t('audio.fellBack', { role: t(`audio.role.${f.role}`), device: f.label })).join(' ')}
        </Alert>
      )}
      <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)} data-testid="audio-open">
        {t('audio.title')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('audio.title')}>
        <AudioSettings audio={audio} />
      </Modal>
    </>
  );
});

import { Button, Group, Progress, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Pre-call microphone test: opens the chosen microphone and shows its level live, so an
 * agent finds a dead or muted headset before a citizen does.
 */
export function MicTest({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const [running, setRunning] = useState(false);
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    let stream: MediaStream | undefined;
    let ctx: AudioContext | undefined;
    let frame = 0;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false });
        if (stopped) return;
        ctx = new AudioContext();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 1024;
        ctx.createMediaStreamSource(stream).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        const tick = () => {
          analyser.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const v of samples) sum += v * v;
          // RMS on a dB scale from -60 dB (silence) to 0 dB (full scale), shown as 0-100.
          const db = 20 * Math.log10(Math.sqrt(sum / samples.length) || 1e-6);
          setLevel(Math.max(0, Math.min(100, ((db + 60) / 60) * 100)));
          frame = requestAnimationFrame(tick);
        };
        tick();
      } catch (e) {
        setError(e instanceof Error ? e.name : String(e));
        setRunning(false);
      }
    })();
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
      void ctx?.close();
    };
  }, [running, deviceId]);

  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Text size="sm">{t('audio.micTest')}</Text>
        <Button size="compact-xs" variant="light" onClick={() => setRunning((r) => !r)} data-testid="mic-test">
          {running ? t('audio.stopTest') : t('audio.startTest')}
        </Button>
      </Group>
      <Progress value={running ? level : 0} color={level > 15 ? 'green' : 'gray'} data-testid="mic-level" data-level={Math.round(level)} aria-label={t('audio.micLevel')} />
      {error && (
        <Text size="xs" c="red">
          {t('audio.micError', { error })}
        </Text>
      )}
    </div>
  );
}

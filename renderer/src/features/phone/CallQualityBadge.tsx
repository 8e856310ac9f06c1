import { Alert, Badge, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallQuality } from '../../softphone/call-quality';

const COLOURS = { good: 'green', fair: 'yellow', poor: 'red' } as const;

/** Polls a live call's quality every `intervalMs` and shows its grade, with the figures on hover. */
export function CallQualityBadge({ read, intervalMs = 2000 }: { read: () => Promise<CallQuality | null>; intervalMs?: number }) {
  const { t } = useTranslation();
  const [quality, setQuality] = useState<CallQuality | null>(null);
  useEffect(() => {
    let alive = true;
    const poll = () =>
      void read().then(
        (q) => alive && setQuality(q),
        () => undefined,
      );
    poll();
    const timer = setInterval(poll, intervalMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [read, intervalMs]);
  if (!quality) return null;
  const detail = t('phone.quality.detail', {
    mos: quality.mos.toFixed(1),
    loss: (quality.loss * 100).toFixed(1),
    jitter: quality.jitterMs.toFixed(0),
    rtt: quality.rttMs === null ? '—' : `${quality.rttMs} ms`,
  });
  if (quality.deadAir) {
    return (
      <Alert color="red" p={4} data-testid="dead-air" role="alert">
        {t('phone.quality.deadAir')}
      </Alert>
    );
  }
  return (
    <Tooltip label={detail}>
      <Badge size="sm" variant="dot" color={COLOURS[quality.grade]} data-testid="call-quality" data-grade={quality.grade} data-mos={quality.mos} aria-label={detail}>
        {t(`phone.quality.${quality.grade}`)}
      </Badge>
    </Tooltip>
  );
}

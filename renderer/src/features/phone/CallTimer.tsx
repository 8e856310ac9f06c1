import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callLengthLevel, formatElapsed } from './long-call';

const STYLE = {
  normal: undefined,
  long: { color: 'var(--mantine-color-orange-8)', fontWeight: 700, fontSize: '1.25em' },
  'very-long': { color: 'var(--mantine-color-red-8)', fontWeight: 700, fontSize: '1.5em' },
} as const;

/**
 * mm:ss since `since`, ticking every second. A long call grows and turns amber, a very long
 * one red (`LONG_CALL_MS`), and says so in words too, so colour is never the only sign.
 */
export function CallTimer({ since, until }: { since: number; until?: number | null }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  const elapsedMs = (until ?? now) - since;
  const level = callLengthLevel(elapsedMs);
  const text = formatElapsed(elapsedMs);
  const words = level === 'long' ? t('caseExtra.timer.long') : level === 'very-long' ? t('caseExtra.timer.veryLong') : null;
  return (
    <span role="timer" aria-label={words ? `${words} ${text}` : text} data-testid="call-timer-box" data-level={level} style={STYLE[level]}>
      {words && (
        <span data-testid="call-timer-level" aria-hidden>
          {words}{' '}
        </span>
      )}
      <span data-testid="call-timer" data-level={level}>
        {text}
      </span>
    </span>
  );
}

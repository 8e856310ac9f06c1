import { useEffect, useState } from 'react';

/** mm:ss since `since`, ticking every second. */
export function CallTimer({ since, until }: { since: number; until?: number | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  const seconds = Math.max(0, Math.floor(((until ?? now) - since) / 1000));
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return <span data-testid="call-timer">{`${mm}:${ss}`}</span>;
}

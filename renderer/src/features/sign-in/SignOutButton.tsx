import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnsentWork } from '../../state/workstation';
import { useWorkstation } from '../../state/workstation-context';

/** How often the dialog looks at the outbox while waiting for the push. */
export const UNSENT_POLL_MS = 500;

function age(t: (key: string, options: { count: number }) => string, since: number | null): string {
  const seconds = since === null ? 0 : Math.max(0, Math.round((Date.now() - since) / 1000));
  return seconds < 120 ? t('signOut.seconds', { count: seconds }) : t('signOut.minutes', { count: Math.round(seconds / 60) });
}

/**
 * Signs out, first saying what has not reached the record store yet: the agent can wait for
 * the push to finish or sign out keeping it on this machine (in their own database, sent at
 * their next sign-in here, never under anyone else's name).
 */
export function SignOutButton() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const [unsent, setUnsent] = useState<UnsentWork | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const signOut = useCallback(() => {
    setBusy(true);
    void ws.signOut().finally(() => alive.current && setBusy(false));
  }, [ws]);
  const start = async () => {
    const work = await ws.unsentWork();
    if (work.pending === 0 && work.refused === 0) return signOut();
    setUnsent(work);
  };

  // Waiting: push now and look again until the queue is empty, then sign out.
  useEffect(() => {
    if (!waiting) return;
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      const work = await ws.unsentWork();
      if (stopped) return;
      setUnsent(work);
      if (work.pending === 0) {
        setWaiting(false);
        if (work.refused === 0) signOut();
        return;
      }
      ws.kickSync();
      timer = setTimeout(() => void tick(), UNSENT_POLL_MS);
    };
    let timer = setTimeout(() => void tick(), 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [waiting, ws, signOut]);

  return (
    <>
      <Button size="xs" variant="subtle" loading={busy} onClick={() => void start()} data-testid="sign-out">
        {t('app.signOut')}
      </Button>
      <Modal opened={unsent !== null} onClose={() => (setWaiting(false), setUnsent(null))} title={t('signOut.title')} data-testid="sign-out-unsent">
        {unsent && (
          <Stack gap="sm">
            {unsent.pending > 0 && <Text size="sm" data-testid="sign-out-pending">{t('signOut.pending', { count: unsent.pending, age: age(t, unsent.oldestCreatedAt) })}</Text>}
            {unsent.refused > 0 && <Text size="sm">{t('signOut.refused', { count: unsent.refused })}</Text>}
            <Text size="sm" c="dimmed">
              {t('signOut.kept')}
            </Text>
            {waiting && <Text size="sm">{t('signOut.waiting', { count: unsent.pending })}</Text>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => (setWaiting(false), setUnsent(null))}>
                {t('signOut.cancel')}
              </Button>
              <Button variant="light" onClick={() => (setUnsent(null), signOut())} data-testid="sign-out-keep">
                {t('signOut.keep')}
              </Button>
              {unsent.pending > 0 && (
                <Button loading={waiting} onClick={() => setWaiting(true)} data-testid="sign-out-wait">
                  {t('signOut.wait')}
                </Button>
              )}
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

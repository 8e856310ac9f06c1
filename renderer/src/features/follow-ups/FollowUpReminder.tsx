import { Alert, Button, Group, Text } from '@mantine/core';
import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalFollowUp } from '../../storage/db';
import { useWorkstation } from '../../state/workstation-context';
import { useMyFollowUps } from './use-follow-ups';

/**
 * Reminds once when follow-ups fall due (also those already due when the workstation
 * starts): an in-app alert over the sidebar and, in Electron, the host's desktop
 * notification, so a call-taker on another window still sees it. A follow-up moved to a
 * later time reminds again when that comes.
 */
export const FollowUpReminder = memo(function FollowUpReminder({ onOpen, intervalMs }: { onOpen: () => void; intervalMs?: number }) {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const { overdue } = useMyFollowUps(intervalMs);
  const reminded = useRef<Set<string>>(new Set());
  const [shown, setShown] = useState<LocalFollowUp[]>([]);

  useEffect(() => {
    const fresh = overdue.filter((f) => !reminded.current.has(f.id));
    reminded.current = new Set(overdue.map((f) => f.id));
    const first = fresh[0];
    if (!first) return;
    setShown(fresh);
    if (ws.host.kind === 'electron') {
      const body = describe(first, t('followUps.noNumber')) + (fresh.length > 1 ? ` (+${fresh.length - 1})` : '');
      ws.host.notify({ title: t('followUps.reminderTitle'), body: body.slice(0, 1000), tag: 'follow-up-due' }).catch((e: unknown) => console.warn('follow-up notification failed', e));
    }
  }, [overdue, ws, t]);

  // Done, cancelled, deleted or moved later: the alert goes with it.
  const visible = shown.filter((s) => overdue.some((o) => o.id === s.id));
  const first = visible[0];
  if (!first) return null;
  return (
    <Alert color="orange" mb="sm" title={t('followUps.reminderTitle')} withCloseButton onClose={() => setShown([])} data-testid="follow-up-reminder" role="alert">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" lineClamp={2}>
          {describe(first, t('followUps.noNumber'))}
          {visible.length > 1 && ` (+${visible.length - 1})`}
        </Text>
        <Button size="xs" variant="light" onClick={onOpen}>
          {t('followUps.title')}
        </Button>
      </Group>
    </Alert>
  );
});

const describe = (f: LocalFollowUp, noNumber: string): string => `${f.callerNumber ?? noNumber} ${f.note}`.trim();

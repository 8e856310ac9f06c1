import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callerKey } from '../../storage/case-repository';
import { completeFollowUp, deleteFollowUp } from '../../storage/follow-up-repository';
import { useClickToDial } from '../../state/use-click-to-dial';
import { useWorkstation } from '../../state/workstation-context';
import { useWorkstationSelector, type CaseCallView } from '../../state/use-workstation-selector';
import type { WorkstationSnapshot } from '../../state/workstation';
import { FollowUpForm, type FollowUpPrefill } from './FollowUpForm';
import { FollowUpItem, type FollowUpActions } from './FollowUpItem';
import { useMyFollowUps } from './use-follow-ups';

/**
 * The 跟进 tab: my open follow-ups, soonest due first, overdue ones marked; a new one takes
 * the number and case of the call in focus. Every action is one local transaction with its
 * mutation, then a push kick.
 */
export const FollowUpsTab = memo(function FollowUpsTab({ intervalMs }: { intervalMs?: number }) {
  const { t } = useTranslation();
  const ws = useWorkstation();
  // What it shows only: the answer or a sync tick re-render nothing in this (mostly hidden) tab.
  const user = useWorkstationSelector(userOf);
  const focusCall = useWorkstationSelector(focusCallOf, sameCall);
  const db = ws.database;
  const dial = useClickToDial();
  const { items, now } = useMyFollowUps(intervalMs);
  const [adding, setAdding] = useState(false);

  if (!db || !user) return <Text c="dimmed">{t('followUps.empty')}</Text>;
  const prefill: FollowUpPrefill | null = focusCall ? { callerNumber: callerKey(focusCall.remoteNumber), callRecordId: focusCall.id } : null;
  const after = (work: Promise<unknown>) => void work.then(() => ws.kickSync(), (e: unknown) => console.error('follow-up not saved', e));
  const actions: FollowUpActions = {
    dial,
    complete: (id, state) => after(completeFollowUp(db, id, state)),
    remove: (id) => after(deleteFollowUp(db, id)),
  };

  return (
    <Stack gap="sm" data-testid="follow-ups-tab">
      <Group justify="space-between">
        <Title order={5}>{t('followUps.title')}</Title>
        {!adding && (
          <Button size="xs" onClick={() => setAdding(true)} data-testid="follow-up-add">
            {t('followUps.add')}
          </Button>
        )}
      </Group>
      {adding && (
        <FollowUpForm
          db={db}
          assigneeId={user.id}
          orgUnitId={user.orgUnitId}
          prefill={prefill}
          onCancel={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            ws.kickSync();
          }}
        />
      )}
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('followUps.empty')}
        </Text>
      ) : (
        items.map((item) => <FollowUpItem key={item.id} item={item} now={now} actions={actions} />)
      )}
    </Stack>
  );
});

const userOf = (s: WorkstationSnapshot) => s.user;
const focusCallOf = (s: WorkstationSnapshot): CaseCallView | null => (s.focusCall ? { id: s.focusCall.id, remoteNumber: s.focusCall.remoteNumber } : null);
const sameCall = (a: CaseCallView | null, b: CaseCallView | null) => a?.id === b?.id && a?.remoteNumber === b?.remoteNumber;

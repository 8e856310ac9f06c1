import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../ui/format-time';
import { callProgress } from '../../softphone/call-progress';
import type { CallInfo } from '../../softphone/types';
import { useWorkstation } from '../../state/workstation-context';
import { useDeskView } from '../../state/use-workstation-selector';
import { CallTimer } from '../phone/CallTimer';
import { NoteEditor } from './NoteEditor';

/** The case panel for the focused call: its facts, the logged note paragraphs and the composer. */
export function CallNotePanel() {
  const { t } = useTranslation();
  const snap = useDeskView();
  const ws = useWorkstation();
  const call = snap.focusCall;
  const db = ws.database;
  return (
    <Paper withBorder p="md" h="100%">
      <Stack>
        <Title order={4}>{t('note.title')}</Title>
        {!call || !db ? (
          <Text c="dimmed">{t('note.none')}</Text>
        ) : (
          <>
            <CallFacts call={call} />
            {/* keyed by call id: a new call never inherits another call's draft */}
            <NoteEditor key={call.id} db={db} callId={call.id} callEnded={call.state === 'ended'} focusOnAnswer={call.direction === 'inbound' && call.state === 'active'} onCommitted={() => ws.kickSync()} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function CallFacts({ call }: { call: CallInfo }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap="lg" data-testid="call-facts" data-sip-call-id={call.sipCallId}>
      <Text>
        {t(call.direction === 'outbound' ? 'note.callee' : 'note.caller')}: <b data-testid="facts-number">{call.remoteNumber}</b>
      </Text>
      <Text>
        {t('note.started')}: {formatClock(call.startedAt, i18n.language)}
      </Text>
      {call.answeredAt && (
        <Text>
          {t('note.talkTime')}: <CallTimer since={call.answeredAt} until={call.endedAt} />
        </Text>
      )}
      <Badge variant="light" data-testid="facts-state">
        {call.direction === 'outbound' ? t(`phone.progress.${callProgress(call)}`) : t(`phone.state.${call.state}`)}
      </Badge>
    </Group>
  );
}

import { Paper, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { caseForCall } from '../../storage/case-repository';
import { useWorkstation, useWorkstationSnapshot } from '../../state/workstation-context';
import { CaseForm } from './CaseForm';
import { ScreenPop } from './ScreenPop';

/**
 * The case sidebar for the focused call. Everything is looked up by that call's id, which is
 * bound to its SIP Call-ID: never "the last call". The screen-pop shows from the first ring;
 * the case form once the draft is opened on answer.
 */
export function CasePanel() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const { focusCall: call } = useWorkstationSnapshot();
  const db = ws.database;
  const found = useLiveQuery(() => (db && call ? caseForCall(db, call.id) : undefined), [db, call?.id]);
  return (
    <Paper withBorder p="md" data-testid="case-panel" data-sip-call-id={call?.sipCallId ?? ''}>
      <Stack>
        <Title order={4}>{t('case.title')}</Title>
        {!call || !db ? (
          <Text c="dimmed">{t('case.none')}</Text>
        ) : (
          <>
            <ScreenPop db={db} call={call} />
            {found ? (
              // keyed by case id: a new call never inherits another call's form state
              <CaseForm key={found.id} db={db} stored={found} onSaved={() => ws.kickSync()} settle={() => ws.whenWritten()} />
            ) : (
              <Text c="dimmed">{t('case.none')}</Text>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

import { Paper, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { caseNumberOf } from '@shared/schemas/case-number';
import { caseForCall } from '../../storage/case-repository';
import { caseCallOf } from '../../state/call-record-from-call';
import { useWorkstation, useWorkstationSnapshot } from '../../state/workstation-context';
import { CaseForm } from './CaseForm';
import { ScreenPop } from './ScreenPop';

/**
 * The case sidebar for the focused call. Everything is looked up by that call's id, which is
 * bound to its SIP Call-ID: never "the last call". The screen-pop shows from the first ring;
 * the case form once the draft is opened on answer. While the agent consults a colleague
 * (attended transfer), the panel stays on the held caller: the consultation leg is no new
 * caller and has no case of its own.
 */
export function CasePanel() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const { focusCall, calls } = useWorkstationSnapshot();
  const call = caseCallOf(focusCall, calls);
  const db = ws.database;
  const found = useLiveQuery(() => (db && call ? caseForCall(db, call.id) : undefined), [db, call?.id]);
  return (
    <Paper withBorder p="md" data-testid="case-panel" data-sip-call-id={call?.sipCallId ?? ''}>
      <Stack>
        <Title order={4} data-testid="case-title">{found ? `${t('case.title')} · ${caseNumberOf(found)}` : t('case.title')}</Title>
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

import { Paper, Stack, Text, Title } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { caseNumberOf } from '@shared/schemas/case-number';
import { caseForCall } from '../../storage/case-repository';
import { caseCallOf } from '../../state/call-record-from-call';
import { useWorkstation } from '../../state/workstation-context';
import { useDeskView } from '../../state/use-workstation-selector';
import { CaseForm } from './CaseForm';
import { ScreenPop } from './ScreenPop';

/** Hangs a call up and resolves once the workstation has seen it end (its end time is then being written). */
function hangUpAndWait(ws: ReturnType<typeof useWorkstation>, callId: string): Promise<void> {
  const ended = () => ws.getSnapshot().calls.every((c) => c.id !== callId || c.state === 'ended');
  return new Promise<void>((resolve) => {
    if (ended()) return resolve();
    const stop = ws.subscribe(() => {
      if (!ended()) return;
      stop();
      clearTimeout(timer);
      resolve();
    });
    // Never stuck: the finalise goes on after 3 s even if the phone says nothing.
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, 3000);
    void ws.hangup(callId).catch(() => undefined);
  });
}

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
  const { focusCall, calls } = useDeskView();
  const call = caseCallOf(focusCall, calls);
  const db = ws.database;
  const found = useLiveQuery(() => (db && call ? caseForCall(db, call.id) : undefined), [db, call?.id]);
  // The case opened on answer shows from its committed row until the live query has read it.
  const opened = useSyncExternalStore(ws.openedCase.subscribe, ws.openedCase.get);
  const shown = found ?? (opened && opened.callRecordId === call?.id ? opened : undefined);
  useEffect(() => {
    if (found) ws.openedCase.forget((row) => row.id === found.id);
  }, [ws, found]);
  return (
    <Paper withBorder p="md" data-testid="case-panel" data-sip-call-id={call?.sipCallId ?? ''}>
      <Stack>
        <Title order={4} data-testid="case-title">{shown ? `${t('case.title')} · ${caseNumberOf(shown)}` : t('case.title')}</Title>
        {!call || !db ? (
          <Text c="dimmed">{t('case.none')}</Text>
        ) : (
          <>
            <ScreenPop db={db} call={call} />
            {shown ? (
              // keyed by case id: a new call never inherits another call's form state
              <CaseForm key={shown.id} db={db} stored={shown} onSaved={() => ws.kickSync()} settle={() => ws.whenWritten()} hangUp={call.state === 'ended' ? undefined : () => hangUpAndWait(ws, call.id)} />
            ) : (
              <Text c="dimmed">{t('case.none')}</Text>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

import { Alert, Badge, Button, Group, Kbd, List, NativeSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CALL_TYPES, DATA_DISPOSITIONS, isImminentRisk, NON_DATA_DISPOSITIONS, type CaseFieldKey, type CaseFields, type Disposition } from '@shared/schemas/case';
import type { FreezeRecordView } from '@shared/schemas/freeze';
import { finaliseErrors, type FieldErrors } from '@shared/schemas/case-finalise';
import { FRAUD_TYPES } from '@shared/schemas/template';
import { closeWithDisposition, finaliseCase } from '../../storage/case-repository';
import type { DeskDb, LocalCase } from '../../storage/db';
import { CaseFormContext, type CaseForm as CaseFormValue } from './case-form-context';
import { readNote } from '../call-note';
import { offerCaseFiller, offerScriptFiller } from './case-prefill';
import { caseFieldLabel } from './field-label';
import { focusFirstMissingWhenShown, requestCaseFocus } from './case-focus';
import { caseFieldsFromFreezeRecord, fillBlanks, freezeInquiryDefaults, type LookupQuery } from './freeze-prefill';
import { holdsData } from './holds-data';
import { proposalFromScript, summaryFromNote, type UsedScript } from './note-fill';
import { ConsultationSection, CounsellingSection, FraudReportSection, FreezeInquirySection } from './sections';
import { useCaseDraft } from './use-case-draft';
import { GrowingTextarea } from '../../ui/GrowingTextarea';

/** Shortcut of the n-th non-data disposition button (Alt+1 … Alt+6) and of finalise. */
const nonDataKey = (i: number) => `Alt+${i + 1}`;
const FINALISE_KEY = 'Ctrl+Alt+F';

/** The case being logged: call type, its section, disposition, finalise and the one-click non-data closings. */
export function CaseForm({ db, stored, onSaved, settle, hangUp }: { db: DeskDb; stored: LocalCase; onSaved: () => void; settle?: () => Promise<void>; hangUp?: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { draft, update, flush, invalid } = useCaseDraft(db, stored, onSaved);
  const [finaliseCodes, setFinaliseCodes] = useState<FieldErrors>({});
  const readOnly = stored.status === 'final';
  const codes = { ...finaliseCodes, ...invalid };
  const label = (path: string) => caseFieldLabel(t, path.split('.')[0]!);
  const messages: FieldErrors = Object.fromEntries(Object.entries(codes).map(([path, code]) => [path, t(`case.errors.${code}`, { field: label(path) })]));

  const clear = (keys: string[]) => setFinaliseCodes((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k.split('.')[0]!))));
  const set = (patch: Parameters<typeof update>[0]) => {
    if (readOnly) return;
    clear([...Object.keys(patch.fields ?? {}), ...Object.keys(patch).filter((k) => k !== 'fields')]);
    update(patch);
  };
  const form: CaseFormValue = { fields: draft.fields, set: (fields: CaseFields) => set({ fields }), errors: messages, readOnly };

  // A picked look-up result fills what is still empty (and makes an unclassified case a
  // freeze inquiry; another call type is the call-taker's choice and is left alone); the
  // keys filled are shown so the call-taker sees what came from where.
  const [prefilled, setPrefilled] = useState<CaseFieldKey[] | null>(null);
  /** What pre-fills put in (a later pick may replace these, never what was typed). */
  const [byPrefill, setByPrefill] = useState<CaseFields>({});
  const prefill = (record: FreezeRecordView, query: LookupQuery | null) => {
    if (draft.callType !== 'unclassified' && draft.callType !== 'freeze-inquiry') return 'other-call-type' as const;
    const { patch, filled } = fillBlanks(draft.fields, { ...caseFieldsFromFreezeRecord(record, query), ...freezeInquiryDefaults(record, query) }, byPrefill);
    setByPrefill((prev) => ({ ...prev, ...patch }));
    const callType = draft.callType === 'unclassified' ? { callType: 'freeze-inquiry' as const } : {};
    // The caller has the authority's name and phone: answered, unless the agent says otherwise.
    const disposition = draft.disposition ? {} : { disposition: 'resolved' as const };
    if (filled.length > 0 || 'callType' in callType || 'disposition' in disposition) set({ ...callType, ...disposition, fields: patch });
    setPrefilled(filled);
    return filled;
  };
  offerCaseFiller(stored.id, readOnly ? null : prefill);

  // A script read to the caller classifies an unclassified case and, with what the note says,
  // answers the usual items (issue 17): shown as filled, one key from another choice.
  const fillFromScript = (script: UsedScript): string[] => {
    const p = proposalFromScript(draft.callType, script, readNote(), stored.callerNumber);
    const { patch, filled } = fillBlanks(draft.fields, p.fields, byPrefill);
    const columns = {
      ...(p.callType ? { callType: p.callType } : {}),
      ...(p.fraudType && !draft.fraudType ? { fraudType: p.fraudType } : {}),
      ...(p.disposition && !draft.disposition ? { disposition: p.disposition } : {}),
    };
    if (filled.length === 0 && Object.keys(columns).length === 0) return [];
    setByPrefill((prev) => ({ ...prev, ...patch }));
    set({ ...columns, fields: patch });
    const shown = [...('fraudType' in columns ? ['fraudType'] : []), ...filled];
    setPrefilled(shown as CaseFieldKey[]);
    // The case comes forward with the focus on what is still needed, if anything, so the
    // call-taker sees what was filled and the finish key is one press away. The focus moves
    // again once the form shows the filled case (a hidden tab renders it later).
    setTimeout(requestCaseFocus, 0);
    setFocusAfterFill((n) => n + 1);
    return [...Object.keys(columns), ...filled];
  };
  offerScriptFiller(stored.id, readOnly ? null : fillFromScript);
  const [focusAfterFill, setFocusAfterFill] = useState(0);
  const formRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusAfterFill === 0) return;
    return focusFirstMissingWhenShown(() => formRef.current?.parentElement ?? null);
  }, [focusAfterFill]);

  // What finalising still needs, in the form's terms: `data-missing` lets "go to the case" land there.
  const missing = [...new Set(Object.keys(finaliseErrors(draft)).map((path) => path.split('.')[0]!))];
  /**
   * The finish key: a case that is not complete shows what is missing and puts the focus on it
   * (the call goes on); a complete one hangs the live call up and is finalised, one key.
   */
  const finish = async () => {
    if (readOnly) return;
    // Items that only repeat the note (a consultation's situation, …) are taken from its first line.
    const { patch } = fillBlanks(draft.fields, summaryFromNote(draft.callType, readNote()));
    if (Object.keys(patch).length > 0) set({ fields: patch });
    const errors = finaliseErrors({ ...draft, fields: { ...draft.fields, ...patch } });
    if (Object.keys(errors).length > 0) {
      setFinaliseCodes(errors);
      requestCaseFocus();
      return;
    }
    await hangUp?.();
    await finalise();
  };
  const finalise = async () => {
    if (readOnly) return;
    await flush();
    // The call's end and talk time are written by the workstation as the call ends; a case
    // finalised a moment later must not overtake them (a final case takes no more patches).
    await settle?.();
    const outcome = await finaliseCase(db, stored.id);
    setFinaliseCodes(outcome.ok ? {} : outcome.errors);
    if (outcome.ok) onSaved();
  };
  /** A one-click closing asked for while the case holds data: it waits for a confirmation. */
  const [confirmClose, setConfirmClose] = useState<Disposition | null>(null);
  const askCloseNonData = (disposition: Disposition) => {
    if (readOnly) return;
    if (holdsData(draft) && confirmClose !== disposition) setConfirmClose(disposition);
    else void closeNonData(disposition);
  };
  const closeNonData = async (disposition: Disposition) => {
    if (readOnly) return;
    setConfirmClose(null);
    await flush();
    await settle?.();
    const outcome = await closeWithDisposition(db, stored.id, disposition);
    setFinaliseCodes(outcome.ok ? {} : outcome.errors);
    onSaved();
  };
  useHotkeys([...NON_DATA_DISPOSITIONS.map((d, i): [string, () => void] => [nonDataKey(i).toLowerCase(), () => askCloseNonData(d)]), [FINALISE_KEY.toLowerCase(), () => void finish()]], []);

  const moneySent = draft.fields.moneySent === true;
  const imminent = draft.callType === 'counselling' && isImminentRisk(draft.fields);
  return (
    <CaseFormContext.Provider value={form}>
      <Stack ref={formRef} gap="sm" data-testid="case-form" data-case-id={stored.id} data-status={stored.status} data-missing={missing.join(' ')}>
        <Group justify="space-between">
          <Badge color={readOnly ? 'green' : 'gray'} data-testid="case-status">
            {readOnly ? t('case.final') : t('case.draft')}
          </Badge>
          <Text size="xs" c="dimmed">
            {readOnly ? t('case.readOnly') : t('case.savedLocally')}
          </Text>
        </Group>
        {prefilled && (
          <Text size="xs" c="blue" data-testid="case-prefilled" data-fields={prefilled.join(' ')}>
            {prefilled.length > 0 ? t('caseExtra.prefill.filled', { fields: new Intl.ListFormat(i18n.language).format(prefilled.map((k) => caseFieldLabel(t, k))) }) : t('caseExtra.prefill.nothing')}
          </Text>
        )}
        {moneySent && (
          <Alert color="red" variant="filled" title={t('case.alert110.title')} data-testid="alert-110">
            {t('case.alert110.body')}
          </Alert>
        )}
        {imminent && (
          <Alert color="red" variant="filled" title={t('case.imminentRisk.title')} data-testid="alert-imminent-risk">
            {t('case.imminentRisk.body')}
          </Alert>
        )}
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t('case.callType.label')}
          </Text>
          <SegmentedControl
            data-testid="case-call-type"
            disabled={readOnly}
            value={draft.callType}
            onChange={(value) => set({ callType: value as LocalCase['callType'] })}
            data={[...CALL_TYPES].map((value) => ({ value, label: t(`case.callType.${value}`) }))}
          />
          {messages.callType && (
            <Text size="xs" c="red">
              {messages.callType}
            </Text>
          )}
        </Stack>
        <Group grow align="flex-start">
          <NativeSelect
            label={t('case.fraudTypeLabel')}
            data-testid="case-fraud-type"
            disabled={readOnly}
            error={messages.fraudType}
            value={draft.fraudType ?? ''}
            onChange={(e) => set({ fraudType: (e.currentTarget.value || null) as LocalCase['fraudType'] })}
            data={[{ value: '', label: '—' }, ...FRAUD_TYPES.map((value) => ({ value, label: t(`case.fraudType.${value}`) }))]}
          />
          <NativeSelect
            label={t('case.disposition.label')}
            data-testid="case-disposition"
            disabled={readOnly}
            error={messages.disposition}
            value={draft.disposition ?? ''}
            onChange={(e) => set({ disposition: (e.currentTarget.value || null) as Disposition | null })}
            data={[{ value: '', label: '—' }, ...[...DATA_DISPOSITIONS, ...(draft.disposition && !(DATA_DISPOSITIONS as readonly string[]).includes(draft.disposition) ? [draft.disposition] : [])].map((value) => ({ value, label: t(`case.disposition.${value}`) }))]}
          />
        </Group>
        {draft.callType === 'consultation' && <ConsultationSection onMoneySent={() => set({ callType: 'fraud-report', fields: { moneySent: true } })} />}
        {draft.callType === 'freeze-inquiry' && <FreezeInquirySection />}
        {draft.callType === 'fraud-report' && <FraudReportSection />}
        {draft.callType === 'counselling' && <CounsellingSection />}
        <GrowingTextarea label={t('case.field.notes')} minRows={2} readOnly={readOnly} data-testid="case-field-notes" value={draft.fields.notes ?? ''} onChange={(e) => set({ fields: { notes: e.currentTarget.value } })} />
        {Object.keys(finaliseCodes).length > 0 && (
          <Alert color="orange" title={t('case.finaliseFailed')} data-testid="case-errors">
            <List size="sm">
              {Object.entries(finaliseCodes).map(([path]) => (
                <List.Item key={path} data-field={path}>
                  {messages[path]}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Button onClick={() => void finish()} disabled={readOnly} data-testid="case-finalise">
          {t('case.finalise')} <Kbd ml="xs">{FINALISE_KEY}</Kbd>
        </Button>
        <Text size="sm" fw={500}>
          {t('case.nonData')}
        </Text>
        {confirmClose && (
          <Alert color="orange" data-testid="close-confirm" title={t('caseExtra.closeConfirm.title', { disposition: t(`case.disposition.${confirmClose}`) })}>
            <Text size="sm">{t('caseExtra.closeConfirm.body')}</Text>
            <Group gap="xs" mt="xs">
              <Button size="xs" color="orange" onClick={() => void closeNonData(confirmClose)} data-testid="close-confirm-yes">
                {t('caseExtra.closeConfirm.yes')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirmClose(null)} data-testid="close-confirm-no">
                {t('caseExtra.closeConfirm.no')}
              </Button>
            </Group>
          </Alert>
        )}
        <Group gap="xs">
          {NON_DATA_DISPOSITIONS.map((d, i) => (
            // Out of the Tab order: a stray Space while walking the form must not close the case.
            <Button key={d} size="xs" variant="light" color="gray" tabIndex={-1} disabled={readOnly} onClick={() => askCloseNonData(d)} data-testid={`disposition-${d}`}>
              {t(`case.disposition.${d}`)} <Kbd ml={4}>{nonDataKey(i)}</Kbd>
            </Button>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          {t('case.shortcutsHint')}
        </Text>
      </Stack>
    </CaseFormContext.Provider>
  );
}

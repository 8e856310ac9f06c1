import { Alert, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { LookupBy } from '@shared/schemas/freeze';
import { validateLookupQuery, type LookupWarningCode } from '@shared/validation/lookup-query';
import { useCasework } from '../../state/casework-context';
import { RecordStoreHttpError } from '../../sync/record-store-client';
import { insertIntoNote } from '../call-note';
import { caseFieldLabel, prefillCaseFromLookup, requestCaseFocus, type LookupQuery } from '../case';
import { formatAge } from './format-age';
import { FreezeResultCard } from './FreezeResultCard';
import { useGuidance } from './GuidanceScript';
import { runLookup, type LookupDeps, type LookupOutcome } from './lookup-service';

const BYS: LookupBy[] = ['account', 'idNumber', 'phone', 'name'];

/**
 * The freeze look-up (冻结查询): search by card/account, ID number, phone or name plus last
 * digits; fields are checked before anything is sent; answers come from the record store or,
 * when it is unreachable, from the sealed offline cache, marked with their age.
 * Keys: Enter searches; ↓ moves into the results; ↑/↓ pick one; Enter inserts its script and
 * fills the open case from it (never over what was typed there).
 */
export function FreezeLookupPanel({
  inputRef,
  ...props
}: {
  deps: LookupDeps;
  callerNumber: string | null;
  agentName: string | null;
  onDial: (number: string) => void;
  /** The case of the focused call: the server's audit entries of look-ups and reveals name it. */
  caseId?: string | null;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t, i18n } = useTranslation();
  const casework = useCasework();
  const guidance = useGuidance();
  const [by, setBy] = useState<LookupBy>('account');
  const [value, setValue] = useState('');
  const [partial, setPartial] = useState('');
  const [errors, setErrors] = useState<{ value?: string; partialNumber?: string }>({});
  const [warnings, setWarnings] = useState<{ codes: LookupWarningCode[]; bankHint: string | null }>({ codes: [], bankHint: null });
  const [outcome, setOutcome] = useState<LookupOutcome | null>(null);
  /** The search the shown results answer (its card number gives the masked account its bank digits). */
  const [answered, setAnswered] = useState<LookupQuery | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const listRef = useRef<HTMLDivElement>(null);
  const seq = useRef(0);

  // Keep the age of a cached answer honest while it is on screen.
  useEffect(() => {
    if (outcome?.source !== 'cache') return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [outcome]);

  const results = outcome && outcome.source !== 'offline' ? outcome.response.results : [];
  const fieldLabel = t(`lookup.field.${by}`);

  const select = (index: number) => {
    const i = Math.max(0, Math.min(results.length - 1, index));
    setSelected(i);
    casework.setFreezeRecord(results[i] ?? null);
  };

  const search = () => {
    const checked = validateLookupQuery({ by, value, partialNumber: by === 'name' ? partial : undefined });
    if (!checked.ok) {
      const next: typeof errors = {};
      for (const e of checked.errors) next[e.field] = t(`lookup.error.${e.code}`, { field: e.field === 'value' ? fieldLabel : t('lookup.field.partialNumber') });
      setErrors(next);
      setWarnings({ codes: [], bankHint: null });
      // A result is never shown under another query: a refused query hides the last answer.
      seq.current++;
      setLoading(false);
      setOutcome(null);
      setAnswered(null);
      setNotice(null);
      casework.setFreezeRecord(null);
      return;
    }
    setErrors({});
    setWarnings({ codes: checked.warnings, bankHint: checked.bankHint });
    setServerError(null);
    setNotice(null);
    setLoading(true);
    const mine = ++seq.current;
    runLookup(props.deps, props.caseId ? { ...checked.request, caseId: props.caseId } : checked.request).then(
      (result) => {
        if (mine !== seq.current) return;
        setLoading(false);
        setOutcome(result);
        setAnswered({ by: checked.request.by, value: checked.request.value });
        setNow(Date.now());
        setSelected(0);
        casework.setFreezeRecord(result.source === 'offline' ? null : (result.response.results[0] ?? null));
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setLoading(false);
        setOutcome(null);
        if (e instanceof RecordStoreHttpError && e.status === 400 && e.fields) {
          // The server names the field (value / partialNumber): show it on that field.
          setErrors({ [e.fields.partialNumber ? 'partialNumber' : 'value']: t('lookup.error.server', { field: e.fields.partialNumber ? t('lookup.field.partialNumber') : fieldLabel, message: e.message }) });
        } else if (e instanceof RecordStoreHttpError && e.status === 401) setServerError(t('lookup.error.signIn'));
        else if (e instanceof RecordStoreHttpError && e.status === 403) setServerError(t('lookup.error.forbidden'));
        else setServerError(t('lookup.error.failed', { message: e instanceof Error ? e.message : String(e) }));
      },
    );
  };

  /** Fills the open case from a result; the words say which items were filled. */
  const fillCase = (index: number): string => {
    const record = results[index];
    if (!record) return '';
    const filled = prefillCaseFromLookup(props.caseId, record, answered);
    // The case took the result: on to what it still needs (one ↓ for the usual answer).
    if (Array.isArray(filled)) requestCaseFocus();
    if (filled === null) return t('caseExtra.prefill.noCase');
    if (filled === 'other-call-type') return t('caseExtra.prefill.otherCallType');
    if (filled.length === 0) return t('caseExtra.prefill.nothing');
    return t('caseExtra.prefill.filled', { fields: new Intl.ListFormat(i18n.language).format(filled.map((k) => caseFieldLabel(t, k))) });
  };

  /** Enter on a result: its script into the note and its facts into the case, one key. */
  const insertSelected = () => {
    const record = results[selected];
    if (!record) return;
    const { text } = guidance(record, { callerNumber: props.callerNumber, agentName: props.agentName });
    const inserted = insertIntoNote(text) ? t('templates.inserted') : t('templates.noOpenNote');
    setNotice(`${inserted} · ${fillCase(selected)}`);
  };

  const reveal = (recordId: string) => (field: Parameters<LookupDeps['api']['revealFreezeField']>[1]['field'], reason: string) =>
    props.deps.api.revealFreezeField(recordId, { field, reason, ...(props.caseId ? { caseId: props.caseId } : {}) }).then((r) => r.value);

  return (
    <Stack gap="sm" data-testid="freeze-lookup">
      <SegmentedControl
        size="xs"
        value={by}
        onChange={(v) => {
          setBy(v as LookupBy);
          setErrors({});
        }}
        data={BYS.map((b) => ({ value: b, label: t(`lookup.by.${b}`) }))}
        aria-label={t('lookup.byLabel')}
        data-testid="lookup-by"
      />
      <Group align="flex-start" wrap="nowrap" gap="xs">
        <TextInput
          ref={inputRef}
          flex={1}
          label={fieldLabel}
          placeholder={t(`lookup.placeholder.${by}`)}
          value={value}
          error={errors.value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') search();
            if (e.key === 'ArrowDown' && results.length > 0) {
              e.preventDefault();
              select(selected);
              listRef.current?.focus();
            }
          }}
          data-testid="lookup-value"
        />
        {by === 'name' && (
          <TextInput
            w={130}
            label={t('lookup.field.partialNumber')}
            placeholder="1234"
            value={partial}
            error={errors.partialNumber}
            onChange={(e) => setPartial(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && search()}
            data-testid="lookup-partial"
          />
        )}
        <Button mt={25} onClick={search} loading={loading} data-testid="lookup-submit">
          {t('lookup.search')}
        </Button>
      </Group>
      {warnings.codes.map((w) => (
        <Text key={w} size="xs" c="orange" data-testid={`lookup-warning-${w}`}>
          {t(`lookup.warning.${w}`)}
        </Text>
      ))}
      {warnings.bankHint && (
        <Text size="xs" c="dimmed">
          {t('lookup.bankHint', { bank: warnings.bankHint })}
        </Text>
      )}
      {serverError && (
        <Alert color="red" data-testid="lookup-error">
          {serverError}
        </Alert>
      )}
      {outcome?.source === 'offline' && (
        <Alert color="red" data-testid="lookup-offline">
          {t('lookup.offlineNoCache')}
        </Alert>
      )}
      {outcome?.source === 'cache' && (
        <Alert color="orange" data-testid="lookup-cached">
          {t('lookup.fromCache', { age: formatAge(now - outcome.cachedAt, t) })}
        </Alert>
      )}
      {outcome && outcome.source !== 'offline' && (
        <Text size="sm" c="dimmed" data-testid="lookup-summary">
          {results.length === 0 ? t('lookup.none') : t('lookup.found', { count: results.length })}
          {outcome.response.truncated && ` · ${t('lookup.truncated')}`}
        </Text>
      )}
      {notice && (
        <Text size="xs" c="orange" data-testid="lookup-notice">
          {notice}
        </Text>
      )}
      {results.length > 0 && (
        <Stack
          gap="xs"
          ref={listRef}
          tabIndex={0}
          role="group"
          aria-label={t('lookup.results')}
          data-testid="lookup-results"
          onKeyDown={(e) => {
            if (e.target !== e.currentTarget) return;
            if (e.key === 'ArrowDown') select(selected + 1);
            else if (e.key === 'ArrowUp') select(selected - 1);
            else if (e.key === 'Enter') insertSelected();
            else return;
            e.preventDefault();
          }}
        >
          {results.map((record, i) => (
            <FreezeResultCard
              key={record.id}
              record={record}
              selected={i === selected}
              callerNumber={props.callerNumber}
              agentName={props.agentName}
              onSelect={() => select(i)}
              onFill={() => {
                select(i);
                setNotice(fillCase(i));
              }}
              onDial={props.onDial}
              reveal={reveal(record.id)}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

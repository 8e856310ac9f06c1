import { Alert, Button, Group, ScrollArea, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryItem, HistorySearchInput } from '@shared/schemas/history';
import { mergeHistory, type HistoryRow } from '../../storage/history-search';
import { CaseSummary } from './CaseSummary';
import { HistoryResults } from './HistoryResults';
import { EMPTY_FORM, formToInput, searchLocalStep, searchServerStep, type HistoryForm, type HistorySearchDeps, type ServerStep } from './history-search-service';

type Note = { key: 'offlineLocal' | 'idNeedsServer' } | { key: 'serverError'; code: string };

const ERROR_CODES = new Set(['phone-number', 'case-number', 'id-number', 'epoch-ms', 'range-order', 'criteria-required']);

/**
 * The history search: this workstation's cases and calls first (Dexie indexes), then the
 * record store's (scoped, masked, audited) merged in, server-only rows marked. Enter in any
 * field searches; each result is a button, and opening one shows its case read-only.
 */
export function HistorySearchPanel({ deps, inputRef }: { deps: HistorySearchDeps; inputRef?: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<HistoryForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [rows, setRows] = useState<HistoryRow[] | null>(null);
  const [notes, setNotes] = useState<Note[]>([]);
  const [busy, setBusy] = useState(false);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<HistoryRow | null>(null);
  /** The latest search; answers of an older one are dropped. */
  const run = useRef(0);
  const current = useRef<{ input: HistorySearchInput; local: HistoryRow[]; server: HistoryItem[] } | null>(null);

  const message = (code: string | undefined) => (code ? t(`callerHistory.search.error.${ERROR_CODES.has(code) ? code : 'other'}`) : undefined);
  const field = (key: keyof HistoryForm) => ({
    label: t(`callerHistory.search.field.${key}`),
    value: form[key],
    error: message(errors[key]),
    onChange: (e: { currentTarget: HTMLInputElement }) => {
      const value = e.currentTarget.value;
      setForm((f) => ({ ...f, [key]: value }));
    },
    'data-testid': `history-${key}`,
    size: 'xs' as const,
  });

  const applyServer = (id: number, step: ServerStep, needsServer: boolean) => {
    if (run.current !== id || !current.current) return;
    const state = current.current;
    if (step.kind === 'ok') {
      state.server = [...state.server, ...step.items];
      setRows(mergeHistory(state.local, state.server));
      setCursor(step.nextCursor);
      setNotes([]);
    } else if (step.kind === 'offline' || step.kind === 'none') setNotes([{ key: needsServer ? 'idNeedsServer' : 'offlineLocal' }]);
    else setNotes([{ key: 'serverError', code: step.code }]);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const { input, errors: found } = formToInput(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const id = (run.current += 1);
    setBusy(true);
    setSelected(null);
    setCursor(null);
    setNotes([]);
    try {
      const local = await searchLocalStep(deps, input);
      if (run.current !== id) return;
      current.current = { input, local: local.rows, server: [] };
      setRows(local.rows);
      applyServer(id, await searchServerStep(deps, input), local.needsServer);
    } finally {
      if (run.current === id) setBusy(false);
    }
  };

  const more = async () => {
    const state = current.current;
    if (!state || !cursor) return;
    const id = run.current;
    setBusy(true);
    try {
      applyServer(id, await searchServerStep(deps, state.input, cursor), false);
    } finally {
      if (run.current === id) setBusy(false);
    }
  };

  const clear = () => {
    run.current += 1;
    current.current = null;
    setForm(EMPTY_FORM);
    setErrors({});
    setRows(null);
    setNotes([]);
    setCursor(null);
    setSelected(null);
    setBusy(false);
  };

  return (
    <Stack gap="xs" data-testid="history-search">
      <Title order={5}>{t('callerHistory.search.title')}</Title>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap={6}>
          <SimpleGrid cols={2} spacing={6} verticalSpacing={4}>
            <TextInput {...field('number')} ref={inputRef} placeholder={t('callerHistory.search.placeholder.number')} inputMode="tel" />
            <TextInput {...field('caseNumber')} placeholder={t('callerHistory.search.placeholder.caseNumber')} />
            <TextInput {...field('idNumber')} placeholder={t('callerHistory.search.placeholder.idNumber')} />
            <div />
            <TextInput {...field('from')} type="date" />
            <TextInput {...field('to')} type="date" />
          </SimpleGrid>
          {errors.criteria && (
            <Text size="xs" c="red" data-testid="history-error-criteria">
              {message(errors.criteria)}
            </Text>
          )}
          <Group gap="xs">
            <Button type="submit" size="xs" loading={busy} data-testid="history-submit">
              {t('callerHistory.search.submit')}
            </Button>
            <Button size="xs" variant="subtle" onClick={clear} data-testid="history-clear">
              {t('callerHistory.search.clear')}
            </Button>
          </Group>
        </Stack>
      </form>
      {notes.map((n) => (
        <Alert key={n.key} color="gray" p="xs" data-testid={`history-note-${n.key}`}>
          <Text size="xs">{n.key === 'serverError' ? t('callerHistory.search.serverError', { code: n.code }) : t(`callerHistory.search.${n.key}`)}</Text>
        </Alert>
      ))}
      {rows !== null && (
        <Text size="xs" c="dimmed" data-testid="history-count">
          {rows.length === 0 ? t('callerHistory.search.empty') : t('callerHistory.search.results', { count: rows.length })}
        </Text>
      )}
      {selected && <CaseSummary row={selected} onClose={() => setSelected(null)} />}
      {rows && rows.length > 0 && (
        <ScrollArea.Autosize mah={360}>
          <HistoryResults rows={rows} selected={selected?.key ?? null} onSelect={setSelected} />
        </ScrollArea.Autosize>
      )}
      {cursor && (
        <Button size="xs" variant="light" onClick={() => void more()} loading={busy} data-testid="history-more">
          {t('callerHistory.search.more')}
        </Button>
      )}
    </Stack>
  );
}

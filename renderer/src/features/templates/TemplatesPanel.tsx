import { Alert, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { FRAUD_TYPES, TemplateScenarioSchema, type FraudType, type TemplateScenario } from '@shared/schemas/template';
import { fillPlaceholders } from '@shared/templates/fill-placeholders';
import { useCasework } from '../../state/casework-context';
import { prefillCaseFromScript } from '../case';
import { insertIntoNote, readNote } from '../call-note';
import { placeholderContext } from './placeholder-context';
import { scriptInNote } from './script-in-note';
import { searchTemplates } from './search-templates';
import { TemplateCard } from './TemplateCard';
import { useTemplateList } from './templates-provider';

/** Enough to scan while talking; narrower filters find the rest. */
const MAX_SHOWN = 50;

/**
 * Conversation and SMS templates (话术): filter by scenario and fraud type, search title, body
 * and keywords, read them filled from the call and the picked freeze record, insert into
 * the note. Keys in the search box: ↑/↓ move, Enter inserts.
 */
export function TemplatesPanel({ callerNumber, agentName, caseId = null, inputRef }: { callerNumber: string | null; agentName: string | null; caseId?: string | null; inputRef?: Ref<HTMLInputElement> }) {
  const { t, i18n } = useTranslation();
  const list = useTemplateList();
  const { freezeRecord, callerName } = useCasework();
  const [scenario, setScenario] = useState<TemplateScenario | null>(null);
  const [fraudType, setFraudType] = useState<FraudType | null>(null);
  const [query, setQuery] = useState('');
  // One keyboard model with the look-up (issue 17): nothing is picked until ↓ enters the list,
  // so ↓ Enter inserts the first script, never the second; Esc leaves the list.
  const [highlight, setHighlight] = useState(-1);
  const [notice, setNotice] = useState<string | null>(null);
  /** A script already in the note, asked about: Enter on it again inserts it again, anything else drops the question. */
  const [asked, setAsked] = useState<string | null>(null);

  const found = useMemo(() => searchTemplates(list.templates, { scenario, fraudType, query }), [list.templates, scenario, fraudType, query]);
  const shown = useMemo(() => found.slice(0, MAX_SHOWN), [found]);
  const values = placeholderContext({ freezeRecord, callerNumber, agentName, callerName }, t, i18n.language);
  const valuesKey = JSON.stringify(values);
  // One object while the values are the same, so the memoised cards skip a render that changes nothing they show.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the values themselves
  const context = useMemo(() => values, [valuesKey]);
  const current = highlight < 0 ? -1 : Math.min(highlight, shown.length - 1);

  const insert = (index: number) => {
    const tpl = shown[index];
    if (!tpl) return;
    const text = fillPlaceholders(tpl.body, context).text;
    if (asked !== tpl.id && scriptInNote(readNote(), text)) {
      setAsked(tpl.id);
      setNotice(t('templates.alreadyInNote', { title: tpl.title }));
      return;
    }
    setAsked(null);
    const ok = insertIntoNote(text);
    // A script read to the caller also tells the case what it is (one place to write).
    if (ok && tpl.channel === 'script') prefillCaseFromScript(caseId, { scenario: tpl.scenario, fraudType: tpl.fraudType, text });
    setNotice(ok ? t('templates.insertedTitle', { title: tpl.title }) : t('templates.noOpenNote'));
  };
  const move = (index: number) => {
    setHighlight(index);
    if (asked) {
      setAsked(null);
      setNotice(null);
    }
  };

  // Stable handlers for the memoised cards, calling this render's insert and move.
  const latest = useRef({ insert, move });
  useLayoutEffect(() => {
    latest.current = { insert, move };
  });
  const onInsert = useCallback((index: number) => latest.current.insert(index), []);
  const onHover = useCallback((index: number) => latest.current.move(index), []);

  return (
    <Stack gap="sm" data-testid="templates-panel">
      <Group grow gap="xs">
        <Select
          size="xs"
          clearable
          label={t('templates.scenarioLabel')}
          placeholder={t('templates.all')}
          value={scenario}
          onChange={(v) => setScenario(v as TemplateScenario | null)}
          data={TemplateScenarioSchema.options.map((s) => ({ value: s, label: t(`templates.scenario.${s}`) }))}
          data-testid="templates-scenario"
        />
        <Select
          size="xs"
          clearable
          searchable
          label={t('templates.fraudTypeLabel')}
          placeholder={t('templates.all')}
          value={fraudType}
          onChange={(v) => setFraudType(v as FraudType | null)}
          data={FRAUD_TYPES.map((f) => ({ value: f, label: t(`case.fraudType.${f}`) }))}
          data-testid="templates-fraud-type"
        />
      </Group>
      <TextInput
        ref={inputRef}
        label={t('templates.search')}
        placeholder={t('templates.searchPlaceholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          move(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') move(Math.min(current + 1, shown.length - 1));
          else if (e.key === 'ArrowUp') move(Math.max(current - 1, 0));
          else if (e.key === 'Enter') {
            if (current >= 0) insert(current);
          } else if (e.key === 'Escape' && asked) move(current);
          else if (e.key === 'Escape' && current >= 0) move(-1);
          else return;
          e.preventDefault();
        }}
        aria-controls="templates-results"
        data-testid="templates-search"
      />
      {list.source === 'cache' && list.error && (
        <Alert color="orange" data-testid="templates-cached">
          {t('templates.fromCache', { time: list.fetchedAt ? new Date(list.fetchedAt).toLocaleString(i18n.language) : '—' })}
        </Alert>
      )}
      {list.source === 'none' && list.error && (
        <Alert color="red" data-testid="templates-error">
          {t(list.error === 'unreachable' ? 'templates.unreachable' : 'templates.failed')}
        </Alert>
      )}
      <Text size="xs" c={notice ? 'orange' : 'dimmed'} data-testid="templates-status" data-asking={asked ? 'duplicate' : undefined}>
        {notice ?? (list.loading && list.templates.length === 0 ? t('templates.loading') : t('templates.count', { count: found.length }))}
      </Text>
      <Stack gap="xs" id="templates-results" role="group" aria-label={t('templates.results')}>
        {shown.map((tpl, i) => (
          <TemplateCard key={tpl.id} template={tpl} context={context} highlighted={i === current} index={i} onInsert={onInsert} onHover={onHover} />
        ))}
      </Stack>
    </Stack>
  );
}

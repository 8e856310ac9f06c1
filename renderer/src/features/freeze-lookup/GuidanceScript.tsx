import { Button, Group, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FreezeRecordView } from '@shared/schemas/freeze';
import type { Template } from '@shared/schemas/template';
import { fillPlaceholders } from '@shared/templates/fill-placeholders';
import { useCasework } from '../../state/casework-context';
import { insertIntoNote } from '../call-note';
import { guidanceTemplate, placeholderContext, useTemplateList } from '../templates';

interface GuidanceSources {
  callerNumber: string | null;
  agentName: string | null;
}

/**
 * The guidance for a record: its role's freeze-inquiry script filled from the record, or a
 * built-in sentence when the template set has none (offline before the first fetch).
 */
export function useGuidance(): (record: FreezeRecordView, src: GuidanceSources) => { template: Template | null; text: string } {
  const { t, i18n } = useTranslation();
  const { templates } = useTemplateList();
  const { callerName } = useCasework();
  return (record, src) => {
    const template = guidanceTemplate(templates, record.holderRole);
    if (!template) return { template, text: t(`lookup.guidanceFallback.${record.holderRole}`, { authority: record.authority, phone: record.authorityPhone }) };
    const context = placeholderContext({ freezeRecord: record, callerName, ...src }, t, i18n.language);
    return { template, text: fillPlaceholders(template.body, context).text };
  };
}

/**
 * The script to read to this caller: victims are told to contact the freezing authority,
 * payees that the funds are under investigation. Inserted into the note on demand.
 */
export function GuidanceScript({ record, ...src }: { record: FreezeRecordView } & GuidanceSources) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const { template, text } = useGuidance()(record, src);
  return (
    <Paper withBorder p="xs" data-testid="guidance-script" data-template-key={template?.key ?? ''}>
      <Text size="xs" c="dimmed">
        {template ? template.title : t('lookup.guidanceDefaultTitle')}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="guidance-text">
        {text}
      </Text>
      <Group justify="space-between" mt={4}>
        <Text size="xs" c={notice ? 'orange' : 'dimmed'}>
          {notice ?? t('caseExtra.prefill.enterHint')}
        </Text>
        <Button size="compact-xs" variant="light" onClick={() => setNotice(insertIntoNote(text) ? t('templates.inserted') : t('templates.noOpenNote'))} data-testid="guidance-insert">
          {t('templates.insert')}
        </Button>
      </Group>
    </Paper>
  );
}

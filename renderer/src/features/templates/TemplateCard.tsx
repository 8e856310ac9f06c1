import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { smsRuleViolations, type Template } from '@shared/schemas/template';
import { fillPlaceholders } from '@shared/templates/fill-placeholders';

/** What a card is drawn from; every prop keeps its identity while nothing it shows changed. */
export interface TemplateCardProps {
  template: Template;
  /** The placeholder values (`placeholderContext`), one object while they stay the same. */
  context: Record<string, string | null>;
  highlighted: boolean;
  index: number;
  onInsert: (index: number) => void;
  onHover: (index: number) => void;
}

/**
 * One template, its body filled for this call (values in colour, unknowns in red), with the
 * 12381 check for SMS. Memoised: the list's other changes (the case opening on answer, a
 * highlight moving) re-render only the cards they concern (issue 17's answer → case budget).
 */
export const TemplateCard = memo(function TemplateCard(props: TemplateCardProps) {
  const { t } = useTranslation();
  const tpl = props.template;
  const filled = useMemo(() => fillPlaceholders(tpl.body, props.context), [tpl.body, props.context]);
  // The rule is checked on the filled text: that is what would be sent.
  const problems = tpl.channel === 'sms' ? smsRuleViolations(filled.text) : [];
  return (
    <Paper
      withBorder
      p="xs"
      // Not an ARIA option: the card holds its insert button, which an option may not.
      aria-current={props.highlighted || undefined}
      data-testid="template-card"
      data-key={tpl.key}
      data-highlighted={props.highlighted}
      onMouseEnter={() => props.onHover(props.index)}
      style={{ borderColor: props.highlighted ? 'var(--mantine-color-blue-6)' : undefined, borderWidth: props.highlighted ? 2 : undefined }}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text fw={600} size="sm">
          {tpl.title}
        </Text>
        <Group gap={4} wrap="nowrap">
          <Badge size="xs" variant="light">
            {t(`templates.scenario.${tpl.scenario}`)}
          </Badge>
          {tpl.fraudType && (
            <Badge size="xs" variant="outline">
              {t(`case.fraudType.${tpl.fraudType}`)}
            </Badge>
          )}
          {tpl.channel === 'sms' && (
            <Badge size="xs" color={problems.length === 0 ? 'green' : 'red'} data-testid="sms-check">
              {problems.length === 0 ? t('templates.smsOk') : problems.map((p) => t(`templates.smsProblem.${p}`)).join(' · ')}
            </Badge>
          )}
        </Group>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mt={4} data-testid="template-body">
        {filled.parts.map((p, i) =>
          p.kind === 'text' ? (
            p.text
          ) : (
            <Text
              key={i}
              span
              inherit
              fw={p.source === 'context' ? 600 : undefined}
              c={p.source === 'missing' ? 'red' : p.source === 'context' ? 'blue' : undefined}
              fs={p.source === 'fallback' ? 'italic' : undefined}
              data-placeholder={p.name}
              data-source={p.source}
            >
              {p.text}
            </Text>
          ),
        )}
      </Text>
      <Group justify="space-between" mt={4}>
        <Text size="xs" c="dimmed">
          v{tpl.version}
          {filled.missing.length > 0 && ` · ${t('templates.missing', { names: filled.missing.join(', ') })}`}
        </Text>
        <Button size="compact-xs" variant="light" onClick={() => props.onInsert(props.index)} data-testid="template-insert">
          {t('templates.insert')}
        </Button>
      </Group>
    </Paper>
  );
});

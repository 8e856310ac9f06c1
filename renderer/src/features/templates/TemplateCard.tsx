import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { smsRuleViolations, type Template } from '@shared/schemas/template';
import type { FilledTemplate } from '@shared/templates/fill-placeholders';

/** One template, its body filled for this call (values in colour, unknowns in red), with the 12381 check for SMS. */
export function TemplateCard(props: { template: Template; filled: FilledTemplate; highlighted: boolean; onInsert: () => void; onHover: () => void }) {
  const { t } = useTranslation();
  const tpl = props.template;
  // The rule is checked on the filled text: that is what would be sent.
  const problems = tpl.channel === 'sms' ? smsRuleViolations(props.filled.text) : [];
  return (
    <Paper
      withBorder
      p="xs"
      // Not an ARIA option: the card holds its insert button, which an option may not.
      aria-current={props.highlighted || undefined}
      data-testid="template-card"
      data-key={tpl.key}
      data-highlighted={props.highlighted}
      onMouseEnter={props.onHover}
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
        {props.filled.parts.map((p, i) =>
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
          {props.filled.missing.length > 0 && ` · ${t('templates.missing', { names: props.filled.missing.join(', ') })}`}
        </Text>
        <Button size="compact-xs" variant="light" onClick={props.onInsert} data-testid="template-insert">
          {t('templates.insert')}
        </Button>
      </Group>
    </Paper>
  );
}

import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FreezeRecordView, RevealableField } from '@shared/schemas/freeze';
import { GuidanceScript } from './GuidanceScript';
import { RevealField } from './RevealField';

/** One freeze record: who froze it and how to reach them, what and when, and the script for this caller. */
export function FreezeResultCard(props: {
  record: FreezeRecordView;
  selected: boolean;
  callerNumber: string | null;
  agentName: string | null;
  onSelect: () => void;
  /** Fills the open case from this record (the card's “填入记录”). */
  onFill: () => void;
  onDial: (number: string) => void;
  reveal: (field: RevealableField, reason: string) => Promise<string | null>;
}) {
  const { t, i18n } = useTranslation();
  const r = props.record;
  const date = (ms: number | null) => (ms === null ? t('lookup.noEnd') : new Date(ms).toLocaleDateString(i18n.language));
  const personal: Array<[RevealableField, string | null]> = [
    ['holderName', r.holderName],
    ['accountNumber', r.accountNumber],
    ['idNumber', r.idNumber],
    ['phone', r.phone],
  ];
  return (
    <Paper
      withBorder
      p="sm"
      shadow={props.selected ? 'sm' : undefined}
      style={{ borderColor: props.selected ? 'var(--mantine-color-blue-6)' : undefined, borderWidth: props.selected ? 2 : undefined }}
      onClick={props.onSelect}
      data-testid="freeze-result"
      data-selected={props.selected}
      // Not an ARIA option: the card holds buttons (dial, reveal, fill), which an option may not.
      aria-current={props.selected || undefined}
    >
      <Stack gap={6}>
        <Group gap="xs">
          <Badge color={r.holderRole === 'victim' ? 'blue' : 'red'} data-testid="result-role">
            {t(`lookup.role.${r.holderRole}`)}
          </Badge>
          <Badge variant="light">{t(`lookup.measure.${r.measureType}`)}</Badge>
          <Badge variant="outline" color={r.status === 'active' ? 'orange' : 'gray'}>
            {t(`lookup.status.${r.status}`)}
          </Badge>
        </Group>
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Text fw={600} data-testid="result-authority">
            {r.authority}
          </Text>
          <Button
            size="compact-sm"
            variant="light"
            color="green"
            onClick={(e) => {
              e.stopPropagation();
              props.onDial(r.authorityPhone);
            }}
            aria-label={t('lookup.dialAuthority', { phone: r.authorityPhone })}
            data-testid="dial-authority"
          >
            {t('lookup.dial')} {r.authorityPhone}
          </Button>
        </Group>
        <Button
          size="compact-xs"
          variant="light"
          w="fit-content"
          onClick={(e) => {
            e.stopPropagation();
            props.onFill();
          }}
          data-testid="fill-case"
        >
          {t('caseExtra.prefill.action')}
        </Button>
        <Text size="sm">
          {t('lookup.notice')}: <span data-testid="result-notice">{r.noticeNumber}</span>
        </Text>
        <Text size="sm">
          {t('lookup.period')}: {date(r.startsAt)} – {date(r.expiresAt)}
        </Text>
        <Text size="sm">
          {t('lookup.institution')}: {r.institution} · {t(`lookup.accountKind.${r.accountKind}`)}
        </Text>
        {personal.map(
          ([field, value]) =>
            value !== null && <RevealField key={field} field={field} label={t(`lookup.fields.${field}`)} value={value} masked={r.masked} reveal={props.reveal} />,
        )}
        <GuidanceScript record={r} callerNumber={props.callerNumber} agentName={props.agentName} />
      </Stack>
    </Paper>
  );
}

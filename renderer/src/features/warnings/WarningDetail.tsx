import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { smsRuleViolations } from '@shared/schemas/template';
import type { WarningStep } from '@shared/schemas/warning';
import { useTemplateList } from '../templates';
import { attemptHistory } from './auto-call-progress';
import type { QueueItem } from './queue-order';

/** States the server lets an SMS be sent from (`send-sms` in server/warnings/state-machine.ts). */
const CAN_SMS = new Set(['issued', 'signed-for', 'calling', 'visit-requested', 'relatives-contacted']);

/** A resident ID as the screen may show it: the region and the last 4 only. */
export function maskIdNumber(id: string | null): string {
  if (!id) return '—';
  const clear = id.replace(/\s/g, '');
  return clear.length >= 10 && !clear.includes('*') ? `${clear.slice(0, 3)}${'*'.repeat(clear.length - 7)}${clear.slice(-4)}` : clear;
}

export interface WarningDetailProps {
  item: QueueItem;
  pending: boolean;
  transition(body: WarningStep): Promise<boolean>;
}

/**
 * The selected instruction (issue 17): what the platform saw, who and how to reach them, the
 * ID masked, the fraud type in the UI language, what was tried so far, and the manual SMS
 * from an approved template (only bodies that pass the 12381 rule: no links, no numbers but
 * the police ones). The server queues the SMS and records it on the instruction and the audit.
 */
export function WarningDetail({ item, pending, transition }: WarningDetailProps) {
  const { t, i18n } = useTranslation();
  const { templates } = useTemplateList();
  const usable = useMemo(() => templates.filter((tpl) => tpl.channel === 'sms' && smsRuleViolations(tpl.body).length === 0), [templates]);
  const [templateKey, setTemplateKey] = useState<string>('');
  const chosen = usable.find((tpl) => tpl.key === templateKey) ?? usable[0] ?? null;
  const [sent, setSent] = useState<string | null>(null);
  const time = (ms: number) => new Date(ms).toLocaleString(i18n.language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const history = useMemo(() => attemptHistory(item), [item]);

  const sendSms = async () => {
    if (!chosen) return;
    setSent(null);
    if (await transition({ action: 'send-sms', templateKey: chosen.key })) setSent(chosen.title);
  };

  return (
    <Paper withBorder p="xs" data-testid="warning-detail" data-id={item.id} aria-labelledby="warning-detail-title">
      <Stack gap={6}>
        <Title order={5} id="warning-detail-title">
          {t('warningDetail.title')} · {item.personName}
        </Title>
        <Text size="sm" data-testid="warning-detail-summary">
          <b>{t('warningDetail.summary')}：</b>
          {item.summary || t('warningDetail.noSummary')}
        </Text>
        <SimpleGrid cols={2} spacing={4} verticalSpacing={2}>
          <Text size="sm">
            {t('warningDetail.phones')}：<span data-testid="warning-detail-phones">{item.phones.join('、')}</span>
          </Text>
          <Text size="sm">
            {t('warningDetail.idNumber')}：<span data-testid="warning-detail-id">{maskIdNumber(item.idNumber)}</span>
          </Text>
          <Text size="sm">
            {t('warningDetail.fraudType')}：<span data-testid="warning-detail-fraud-type">{t(`case.fraudType.${item.fraudType}`)}</span>
          </Text>
          <Text size="sm">
            {t('warningDetail.issued')}：{time(item.issuedAt)}
          </Text>
        </SimpleGrid>
        <Text size="sm" fw={600}>
          {t('warningDetail.attempts', { count: history.length })}
        </Text>
        {history.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('warningDetail.noAttempts')}
          </Text>
        ) : (
          // The automatic caller's calls (issue 19) beside the agents' attempts, in time order.
          <Stack gap={0} data-testid="warning-detail-attempts">
            {history.map((a) =>
              a.kind === 'agent' ? (
                <Text key={a.id} size="xs" data-testid="warning-detail-attempt">
                  {time(a.at)} · {t(`warningDetail.channel.${a.channel}`)} {a.number} · {t(`warnings.result.${a.result}`)}
                </Text>
              ) : (
                <Text key={a.id} size="xs" data-testid="warning-detail-auto-attempt" c="teal.9">
                  {time(a.at)} · {t('autoCall.attemptLabel')} {a.number} · {t(`autoCall.outcome.${a.outcome}`)}
                </Text>
              ),
            )}
          </Stack>
        )}
        {item.contacts.length > 0 && <Text size="xs">{t('warningDetail.contacts', { count: item.contacts.length })}</Text>}
        {CAN_SMS.has(item.state) && (
          <Group gap="xs" align="end" wrap="nowrap">
            <NativeSelect
              size="xs"
              flex={1}
              label={t('warningDetail.sms.label')}
              value={chosen?.key ?? ''}
              onChange={(e) => setTemplateKey(e.currentTarget.value)}
              data={usable.length === 0 ? [{ value: '', label: t('warningDetail.sms.none') }] : usable.map((tpl) => ({ value: tpl.key, label: tpl.title }))}
              data-testid="warning-sms-template"
            />
            <Button size="xs" onClick={() => void sendSms()} disabled={!chosen} loading={pending} data-testid="warning-sms-send">
              {t('warningDetail.sms.send')}
            </Button>
          </Group>
        )}
        {sent && (
          <Text size="xs" c="green.9" data-testid="warning-sms-sent">
            {t('warningDetail.sms.sent', { title: sent })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

import { ActionIcon, Button, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  ACCOUNT_TYPES,
  CONTACT_CHANNELS,
  ESCALATIONS,
  EXPOSURES,
  FREEZE_GUIDANCE,
  FREEZE_SYMPTOMS,
  FUNDS_ROLES,
  IDENTIFIER_KINDS,
  IDENTITY_CHECKS,
  REFERRALS,
  REPORTER_ROLES,
  RISK_ESCALATIONS,
  TRANSFER_CHANNELS,
  type Transfer,
} from '@shared/schemas/case';
import { MeasureTypeSchema } from '@shared/schemas/freeze';
import { useCaseForm } from './case-form-context';
import { EnumField, MultiField, NumberField, TextField, YesNoField } from './fields';
import { ACCOUNT_MIN_DIGITS } from './mask-on-screen';
import { MaskedInput } from './MaskedInput';

/** Consultation (防骗咨询). "Money already sent" hands over to the report flow. */
export function ConsultationSection({ onMoneySent }: { onMoneySent: () => void }) {
  return (
    <Stack gap="sm" data-testid="section-consultation">
      <TextField k="situation" multiline />
      <MultiField k="contactChannels" options={CONTACT_CHANNELS} />
      <TextField k="contactIdentifiers" masked="text" />
      <YesNoField k="moneySent" onYes={onMoneySent} />
      <MultiField k="exposed" options={EXPOSURES} />
      <TextField k="advice" multiline />
      <MultiField k="referrals" options={REFERRALS} />
    </Stack>
  );
}

/**
 * Freeze inquiry (冻结查询): who is asking, which account, and what they were told. The
 * items a freeze look-up answers are grouped last: picking a result fills them (`case-prefill.ts`).
 */
export function FreezeInquirySection() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="section-freeze-inquiry">
      <SimpleGrid cols={2}>
        <TextField k="callerName" />
        <EnumField k="identityCheck" options={IDENTITY_CHECKS} />
        <EnumField k="accountType" options={ACCOUNT_TYPES} />
        <EnumField k="symptom" options={FREEZE_SYMPTOMS} />
      </SimpleGrid>
      <MultiField k="guidance" options={FREEZE_GUIDANCE} />
      <EnumField k="escalation" options={ESCALATIONS} />
      <Fieldset legend={t('caseExtra.lookupGroup')} data-testid="case-lookup-group" p="xs">
        <SimpleGrid cols={2}>
          <TextField k="institution" />
          <TextField k="accountNumberMasked" masked="account" />
          <TextField k="authority" />
          <TextField k="authorityPhone" />
          <TextField k="lookupResultRef" />
          <EnumField k="measureType" options={MeasureTypeSchema.options} optionKeys="lookup.measure" />
          <EnumField k="fundsRole" options={FUNDS_ROLES} />
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}

/** Fraud report (涉诈举报): who reports, who the fraudsters are, where the money went, where it was routed. */
export function FraudReportSection() {
  return (
    <Stack gap="sm" data-testid="section-fraud-report">
      <SimpleGrid cols={2}>
        <TextField k="reporterName" />
        <EnumField k="reporterRole" options={REPORTER_ROLES} />
      </SimpleGrid>
      <IdentifierList />
      <TransferList />
      <SimpleGrid cols={2}>
        <NumberField k="totalLoss" />
        <NumberField k="minutesSinceLastTransfer" />
      </SimpleGrid>
      <Group>
        <YesNoField k="routed110" />
        <YesNoField k="stopPaymentRequested" />
      </Group>
      <TextField k="receiptNumber" />
    </Stack>
  );
}

/** Counselling (心理疏导): the risk screen raises the imminent-risk alert above the form. */
export function CounsellingSection() {
  return (
    <Stack gap="sm" data-testid="section-counselling">
      <TextField k="presentingIssue" multiline />
      <NumberField k="loss" />
      <Group>
        <YesNoField k="riskDesire" />
        <YesNoField k="riskCapability" />
        <YesNoField k="riskIntent" />
      </Group>
      <TextField k="riskBuffers" />
      <EnumField k="riskEscalation" options={RISK_ESCALATIONS} />
      <SimpleGrid cols={2}>
        <NumberField k="moodStart" min={1} max={5} />
        <NumberField k="moodEnd" min={1} max={5} />
      </SimpleGrid>
      <MultiField k="referrals" options={REFERRALS} />
      <TextField k="followUp" />
    </Stack>
  );
}

function IdentifierList() {
  const { t } = useTranslation();
  const form = useCaseForm();
  const items = form.fields.fraudsterIdentifiers ?? [];
  const put = (next: typeof items) => form.set({ fraudsterIdentifiers: next });
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('case.field.fraudsterIdentifiers')}
      </Text>
      {items.map((item, i) => (
        <Group key={i} wrap="nowrap" data-testid="identifier-row">
          <NativeSelect
            aria-label={t('case.field.fraudsterIdentifiers')}
            value={item.kind}
            disabled={form.readOnly}
            onChange={(e) => put(items.map((it, j) => (j === i ? { ...it, kind: e.currentTarget.value as typeof it.kind } : it)))}
            data={IDENTIFIER_KINDS.map((value) => ({ value, label: t(`case.option.identifierKind.${value}`) }))}
          />
          <MaskedInput flex={1} value={item.value} minDigits={item.kind === 'payee-account' ? ACCOUNT_MIN_DIGITS : undefined} readOnly={form.readOnly} data-testid="identifier-value" onChange={(e) => put(items.map((it, j) => (j === i ? { ...it, value: e.currentTarget.value } : it)))} />
          <ActionIcon variant="subtle" aria-label={t('case.remove')} disabled={form.readOnly} onClick={() => put(items.filter((_, j) => j !== i))}>
            ×
          </ActionIcon>
        </Group>
      ))}
      {form.errors.fraudsterIdentifiers && (
        <Text size="xs" c="red">
          {form.errors.fraudsterIdentifiers}
        </Text>
      )}
      <Button size="xs" variant="light" w="fit-content" disabled={form.readOnly} data-testid="add-identifier" onClick={() => put([...items, { kind: 'phone', value: '' }])}>
        {t('case.addIdentifier')}
      </Button>
    </Stack>
  );
}

const toLocalInput = (ms: number | null): string => (ms === null ? '' : new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16));

function TransferList() {
  const { t } = useTranslation();
  const form = useCaseForm();
  const items = form.fields.transfers ?? [];
  const put = (next: Transfer[]) => form.set({ transfers: next });
  const edit = (i: number, patch: Partial<Transfer>) => put(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('case.field.transfers')}
      </Text>
      {items.map((item, i) => (
        <Group key={i} wrap="nowrap" gap={4} data-testid="transfer-row">
          <TextInput type="datetime-local" aria-label={t('case.transferAt')} value={toLocalInput(item.at)} readOnly={form.readOnly} onChange={(e) => edit(i, { at: e.currentTarget.value ? new Date(e.currentTarget.value).getTime() : null })} />
          <TextInput type="number" w={110} aria-label={t('case.transferAmount')} placeholder={t('case.transferAmount')} data-testid="transfer-amount" value={String(item.amount)} readOnly={form.readOnly} onChange={(e) => Number(e.currentTarget.value) >= 0 && edit(i, { amount: Number(e.currentTarget.value) })} />
          <MaskedInput minDigits={ACCOUNT_MIN_DIGITS} aria-label={t('case.transferFrom')} placeholder={t('case.transferFrom')} value={item.from} readOnly={form.readOnly} onChange={(e) => edit(i, { from: e.currentTarget.value })} />
          <MaskedInput minDigits={ACCOUNT_MIN_DIGITS} aria-label={t('case.transferTo')} placeholder={t('case.transferTo')} value={item.to} readOnly={form.readOnly} onChange={(e) => edit(i, { to: e.currentTarget.value })} />
          <NativeSelect aria-label={t('case.field.transfers')} value={item.channel} disabled={form.readOnly} onChange={(e) => edit(i, { channel: e.currentTarget.value as Transfer['channel'] })} data={TRANSFER_CHANNELS.map((value) => ({ value, label: t(`case.option.transferChannel.${value}`) }))} />
          <ActionIcon variant="subtle" aria-label={t('case.remove')} disabled={form.readOnly} onClick={() => put(items.filter((_, j) => j !== i))}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button size="xs" variant="light" w="fit-content" disabled={form.readOnly} data-testid="add-transfer" onClick={() => put([...items, { at: Date.now(), amount: 0, from: '', to: '', channel: 'bank' }])}>
        {t('case.addTransfer')}
      </Button>
    </Stack>
  );
}

import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContactResultSchema, WORKING_STATES, type ContactInput, type WarningState } from '@shared/schemas/warning';
import type { QueueItem } from './queue-order';

const REACHING = new Set<WarningState>(['signed-for', ...WORKING_STATES]);
const NUMBER = /^\+?[0-9*#]{1,32}$/;
type Result = ContactInput['result'];

export interface WarningContactFormProps {
  item: QueueItem;
  pending: boolean;
  clock: () => number;
  recordContact(body: ContactInput): Promise<boolean>;
}

/** Relatives and friends reached about the person: the ones recorded so far, and a form for the next. */
export function WarningContactForm({ item, pending, clock, recordContact }: WarningContactFormProps) {
  const { t } = useTranslation();
  const [relation, setRelation] = useState('');
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [numberError, setNumberError] = useState<string | null>(null);
  if (!REACHING.has(item.state)) return null;

  const send = async () => {
    const digits = number.replace(/[\s-]/g, '');
    if (!NUMBER.test(digits)) return setNumberError(t('warnings.contact.numberInvalid'));
    setNumberError(null);
    if (!result || !relation.trim() || !name.trim()) return;
    if (await recordContact({ at: clock(), relation: relation.trim(), name: name.trim(), number: digits, result })) {
      setRelation('');
      setName('');
      setNumber('');
      setResult(null);
    }
  };

  return (
    <Stack gap={4} data-testid="warning-contacts">
      {item.contacts.map((c) => (
        <Text key={c.id} size="xs" data-testid="warning-contact">
          {c.relation} {c.name} {c.number} · {t(`warnings.contact.results.${c.result}`)}
        </Text>
      ))}
      <Group gap={6} align="end">
        <TextInput size="xs" w={70} label={t('warnings.contact.relation')} value={relation} onChange={(e) => setRelation(e.currentTarget.value)} maxLength={32} data-testid="warning-contact-relation" />
        <TextInput size="xs" w={90} label={t('warnings.contact.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={64} data-testid="warning-contact-name" />
        <TextInput size="xs" w={130} label={t('warnings.contact.number')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} error={numberError} data-testid="warning-contact-number" />
        <Select
          size="xs"
          w={150}
          label={t('warnings.contact.result')}
          data={ContactResultSchema.options.map((r) => ({ value: r, label: t(`warnings.contact.results.${r}`) }))}
          value={result}
          onChange={(v) => setResult(v as Result | null)}
          data-testid="warning-contact-result"
        />
        <Button size="compact-xs" disabled={pending || !result || !relation.trim() || !name.trim() || !number.trim()} onClick={() => void send()} data-testid="warning-contact-send">
          {t('warnings.contact.send')}
        </Button>
      </Group>
    </Stack>
  );
}

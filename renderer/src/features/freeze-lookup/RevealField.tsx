import { Badge, Button, Group, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevealableField } from '@shared/schemas/freeze';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';

const MIN_REASON = 4;

/**
 * A masked personal field with a reveal action: the call-taker states why (min 4 chars, sent
 * to the audit trail) and the server answers the clear value. Revealed values are shown,
 * never cached.
 */
export function RevealField(props: {
  field: RevealableField;
  label: string;
  value: string;
  masked: boolean;
  reveal: (field: RevealableField, reason: string) => Promise<string | null>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);

  const submit = () => {
    if (reason.trim().length < MIN_REASON) {
      setError(t('lookup.reveal.reasonTooShort', { min: MIN_REASON }));
      return;
    }
    setBusy(true);
    setError(null);
    props.reveal(props.field, reason.trim()).then(
      (value) => {
        setRevealed(value ?? '—');
        setOpen(false);
        setBusy(false);
      },
      (e: unknown) => {
        setBusy(false);
        if (e instanceof RecordStoreUnreachableError) setError(t('lookup.reveal.offline'));
        else if (e instanceof RecordStoreHttpError && e.status === 403) setError(t('lookup.reveal.forbidden'));
        else setError(t('lookup.reveal.failed', { message: e instanceof Error ? e.message : String(e) }));
      },
    );
  };

  return (
    <div data-testid={`field-${props.field}`}>
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed" miw={72}>
          {props.label}
        </Text>
        <Text size="sm" ff="monospace" data-testid={`value-${props.field}`}>
          {revealed ?? props.value}
        </Text>
        {revealed !== null && (
          <Badge size="xs" variant="light" color="orange">
            {t('lookup.reveal.audited')}
          </Badge>
        )}
        {props.masked && revealed === null && !open && (
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)} data-testid={`reveal-${props.field}`}>
            {t('lookup.reveal.action')}
          </Button>
        )}
      </Group>
      {open && (
        <Group gap="xs" align="flex-start" mt={4} wrap="nowrap">
          <TextInput
            size="xs"
            flex={1}
            autoFocus
            label={t('lookup.reveal.reasonLabel')}
            placeholder={t('lookup.reveal.reasonPlaceholder')}
            value={reason}
            error={error}
            onChange={(e) => setReason(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') submit();
              if (e.key === 'Escape') setOpen(false);
            }}
            data-testid={`reveal-reason-${props.field}`}
          />
          <Button size="xs" mt={22} loading={busy} onClick={submit} data-testid={`reveal-confirm-${props.field}`}>
            {t('lookup.reveal.confirm')}
          </Button>
        </Group>
      )}
      {!open && error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </div>
  );
}

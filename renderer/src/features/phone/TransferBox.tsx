import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const NUMBER = /^\+?[0-9*#]{1,32}$/;

/**
 * Transfer target entry. Enter transfers at once (blind); Shift+Enter rings the target
 * first so the agent can brief them (attended), Escape closes.
 */
export function TransferBox({
  onTransfer,
  onConsult,
  onClose,
}: {
  onTransfer: (target: string) => Promise<void>;
  onConsult: (target: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = (action: (value: string) => Promise<unknown>) => {
    const value = target.trim();
    if (!NUMBER.test(value)) return setError(t('phone.invalidNumber'));
    setBusy(true);
    setError(null);
    action(value).then(onClose, (e: unknown) => {
      setBusy(false);
      setError(t('phone.transferFailed', { reason: e instanceof Error ? e.message : String(e) }));
    });
  };
  return (
    <Stack gap={2} data-testid="transfer-box">
      <Group align="flex-start" wrap="nowrap">
        <TextInput
          flex={1}
          size="xs"
          autoFocus
          aria-label={t('phone.transferTo')}
          placeholder={t('phone.transferTo')}
          value={target}
          error={error && <Text size="xs">{error}</Text>}
          onChange={(e) => setTarget(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') go(e.shiftKey ? onConsult : onTransfer);
            if (e.key === 'Escape') onClose();
          }}
          data-testid="transfer-target"
        />
        <Button size="xs" loading={busy} onClick={() => go(onTransfer)} data-testid="transfer-blind">
          {t('phone.transferConfirm')}
        </Button>
        <Button size="xs" variant="light" loading={busy} onClick={() => go(onConsult)} data-testid="transfer-consult">
          {t('phone.consult')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('phone.consultHint')}
      </Text>
    </Stack>
  );
}

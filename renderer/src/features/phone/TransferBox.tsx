import { Button, Group, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const NUMBER = /^\+?[0-9*#]{1,32}$/;

/** Blind transfer target entry; Enter transfers, Escape closes. */
export function TransferBox({ onTransfer, onClose }: { onTransfer: (target: string) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = () => {
    const value = target.trim();
    if (!NUMBER.test(value)) return setError(t('phone.invalidNumber'));
    setBusy(true);
    setError(null);
    onTransfer(value).then(onClose, (e: unknown) => {
      setBusy(false);
      setError(t('phone.transferFailed', { reason: e instanceof Error ? e.message : String(e) }));
    });
  };
  return (
    <Group align="flex-start" wrap="nowrap" data-testid="transfer-box">
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
          if (e.key === 'Enter') go();
          if (e.key === 'Escape') onClose();
        }}
        data-testid="transfer-target"
      />
      <Button size="xs" loading={busy} onClick={go}>
        {t('phone.transferConfirm')}
      </Button>
    </Group>
  );
}

import { Alert, Button, Group, PasswordInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkstation } from '../../state/workstation-context';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';

/** Shown when the record store stopped accepting our token: re-enter the password in place, keep working meanwhile. */
export function ReauthBanner() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = () => {
    if (!password) return setError(t('signIn.errors.required', { field: t('signIn.password') }));
    setBusy(true);
    ws.reauthenticate(password).then(
      () => setPassword(''),
      (e: unknown) => {
        setBusy(false);
        if (e instanceof RecordStoreHttpError && e.status === 401) setError(t('signIn.errors.invalidCredentials'));
        else if (e instanceof RecordStoreUnreachableError) setError(t('signIn.errors.unreachable', { url: ws.config.recordStoreUrl }));
        else setError(t('signIn.errors.unknown', { message: e instanceof Error ? e.message : String(e) }));
      },
    );
  };
  return (
    <Alert color="yellow" title={t('signIn.expiredTitle')} data-testid="reauth-banner" mb="sm">
      {t('signIn.expiredBody')}
      <Group mt="xs" align="flex-start">
        <PasswordInput
          size="xs"
          aria-label={t('signIn.password')}
          placeholder={t('signIn.password')}
          value={password}
          error={error}
          onChange={(e) => setPassword(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && submit()}
          data-testid="reauth-password"
        />
        <Button size="xs" loading={busy} onClick={submit}>
          {t('signIn.submit')}
        </Button>
      </Group>
    </Alert>
  );
}

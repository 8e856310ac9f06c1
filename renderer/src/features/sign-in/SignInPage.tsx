import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkstation } from '../../state/workstation-context';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';

/** Sign-in to the record store; on success the workstation registers its phone. */
export function SignInPage() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  /** Only if the PBX asks for digest auth; kept by the host (safeStorage in Electron), never in page storage. */
  const [sipPassword, setSipPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = {
      username: username.trim() ? undefined : t('signIn.errors.required', { field: t('signIn.username') }),
      password: password ? undefined : t('signIn.errors.required', { field: t('signIn.password') }),
    };
    setFieldErrors(errors);
    if (errors.username || errors.password) return;
    setBusy(true);
    setError(null);
    try {
      // Blank keeps whatever the host already holds.
      if (sipPassword) await ws.host.credentials.set('sip-password', sipPassword);
      await ws.signIn(username.trim(), password);
    } catch (e) {
      if (e instanceof RecordStoreUnreachableError) setError(t('signIn.errors.unreachable', { url: ws.config.recordStoreUrl }));
      else if (e instanceof RecordStoreHttpError && e.status === 401) setError(t('signIn.errors.invalidCredentials'));
      else if (e instanceof RecordStoreHttpError && (e.status === 423 || e.code === 'locked')) setError(t('signIn.errors.locked'));
      else setError(t('signIn.errors.unknown', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center h="100vh">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <form onSubmit={submit} noValidate aria-label={t('signIn.title')}>
          <Stack>
            <Title order={3}>{t('signIn.title')}</Title>
            <TextInput label={t('signIn.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={fieldErrors.username} autoFocus autoComplete="username" />
            <PasswordInput label={t('signIn.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldErrors.password} autoComplete="current-password" />
            <PasswordInput
              label={t('signIn.sipPassword')}
              description={t('signIn.sipPasswordHint')}
              value={sipPassword}
              onChange={(e) => setSipPassword(e.currentTarget.value)}
              autoComplete="off"
              data-testid="sip-password"
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              {t('signIn.submit')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('signIn.recordStore')}: {ws.config.recordStoreUrl} · {t('signIn.sipWs')}: {ws.config.sipWsUrl}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

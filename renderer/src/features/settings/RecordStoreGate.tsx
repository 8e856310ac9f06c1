import { Alert, Button, Center, Loader, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi } from '@shared/host-api';
import type { RecordStoreFailure as RecordStoreFailureReason } from '@shared/ipc/record-store';
import { useRecordStoreState } from './use-record-store-state';

/** The part of the record store client the gate configures. */
export interface SecretTarget {
  readonly url: string;
  setInstallationSecret(secret: string | null): void;
}

/**
 * Holds sign-in until the record store can answer. A central store passes straight through;
 * an embedded one shows "starting" until main reports it ready (the client then gets the
 * installation secret for that URL), or an honest failure with a retry.
 */
export function RecordStoreGate({ host, client, children }: { host: HostApi; client: SecretTarget; children: ReactNode }) {
  const { t } = useTranslation();
  const state = useRecordStoreState(host);
  const [secretFor, setSecretFor] = useState<string | null>(null);
  const readyUrl = state?.state === 'ready' ? state.url : null;

  useEffect(() => {
    if (!readyUrl) return;
    let live = true;
    // Asked for the client's own URL: main answers only if it is the embedded store's.
    host.recordStore.installationSecret(client.url).then(
      (secret) => {
        if (!live) return;
        client.setInstallationSecret(secret);
        setSecretFor(readyUrl);
      },
      () => live && setSecretFor(readyUrl),
    );
    return () => {
      live = false;
    };
  }, [host, client, readyUrl]);

  if (state?.state === 'central' || (readyUrl && secretFor === readyUrl)) return <>{children}</>;
  if (state?.state === 'failed') {
    return (
      <Center h="100vh">
        <Paper withBorder p="xl" w={460}>
          <RecordStoreFailure host={host} reason={state.reason} />
        </Paper>
      </Center>
    );
  }
  return (
    <Center h="100vh" data-testid="record-store-starting">
      <Stack align="center" gap="xs">
        <Loader />
        <Text>{t('settings.recordStore.starting')}</Text>
        <Text size="xs" c="dimmed">
          {t('settings.recordStore.startingHint')}
        </Text>
      </Stack>
    </Center>
  );
}

/** The honest failure: what went wrong, the technical detail, and a retry. */
export function RecordStoreFailure({ host, reason }: { host: HostApi; reason: RecordStoreFailureReason }) {
  const { t } = useTranslation();
  const [retrying, setRetrying] = useState(false);
  const retry = () => {
    setRetrying(true);
    host.recordStore.retry().finally(() => setRetrying(false));
  };
  return (
    <Alert color="red" title={t('settings.recordStore.failedTitle')} role="alert" data-testid="record-store-failed">
      <Stack gap="xs">
        <Text size="sm">{t(`settings.recordStore.failed.${reason.code}`)}</Text>
        <Text size="sm">{t('settings.recordStore.failedHint')}</Text>
        <Text size="xs" c="dimmed" data-testid="record-store-failure-detail">
          {t('settings.recordStore.details', { detail: reason.detail })}
        </Text>
        <Button onClick={retry} loading={retrying} w="fit-content">
          {t('settings.recordStore.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** After sign-in: the embedded store stopped (a crash); say so, with a retry. Nothing otherwise. */
export function RecordStoreBanner({ host }: { host: HostApi }) {
  const state = useRecordStoreState(host);
  if (state?.state !== 'failed') return null;
  return (
    <Stack mb="sm">
      <RecordStoreFailure host={host} reason={state.reason} />
    </Stack>
  );
}

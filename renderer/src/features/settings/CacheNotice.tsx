import { Alert, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CacheProtection, HostApi } from '@shared/host-api';

/** The host's answer on offline caching; null until it answered. */
export function useCacheProtection(host: HostApi): CacheProtection | null {
  const [protection, setProtection] = useState<CacheProtection | null>(null);
  useEffect(() => {
    let live = true;
    host.cacheProtection().then(
      (p) => live && setProtection(p),
      () => live && setProtection({ state: 'off', reason: 'unavailable' }),
    );
    return () => {
      live = false;
    };
  }, [host]);
  return protection;
}

/**
 * Says that look-up results are not cached on this machine, and why (no keychain to guard
 * the key). `always` also states the protected case (the settings screen).
 */
export function CacheNotice({ host, always = false }: { host: HostApi; always?: boolean }) {
  const { t } = useTranslation();
  const protection = useCacheProtection(host);
  if (!protection) return null;
  if (protection.state === 'off') {
    return (
      <Alert color="orange" mb="sm" data-testid="cache-off">
        {t(`settings.cacheOff.${protection.reason}`)}
      </Alert>
    );
  }
  return always ? (
    <Text size="sm" c="dimmed" data-testid="cache-on">
      {t('settings.cacheOn')}
    </Text>
  ) : null;
}

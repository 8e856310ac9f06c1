import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi } from '@shared/host-api';

/**
 * Gives the host the page's words for what main shows on its behalf (the incoming-call
 * notification), again on every language change: main has no i18next of its own.
 */
export function useDesktopTexts(host: HostApi): void {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    host.desktop.localize({ incomingCallTitle: t('settings.notify.incomingTitle'), unknownCaller: t('settings.notify.unknownCaller') });
  }, [host, t, i18n.language]);
}

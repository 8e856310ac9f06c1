import { Badge } from '@mantine/core';
import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SIP_AUTH_FAILED, type RegistrationStatus } from '../../softphone/types';

const COLORS = { offline: 'gray', connecting: 'yellow', registered: 'green', reconnecting: 'orange', failed: 'red' } as const;

/**
 * The line state in words, with the next retry countdown when reconnecting. Memoised: the phone
 * panel re-renders on every call event, while the registration changes rarely.
 */
export const RegistrationBadge = memo(function RegistrationBadge({ status }: { status: RegistrationStatus }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!status.nextRetryAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [status.nextRetryAt]);
  const retry = status.nextRetryAt ? ` · ${t('phone.retryAt', { seconds: Math.max(0, Math.ceil((status.nextRetryAt - now) / 1000)) })}` : '';
  return (
    <Badge color={COLORS[status.state]} variant="light" data-testid="registration" data-state={status.state} title={status.reason}>
      {status.state === 'failed' && status.reason === SIP_AUTH_FAILED ? t('phone.registration.authFailed') : t(`phone.registration.${status.state}`)}
      {retry}
    </Badge>
  );
});

import { Badge, Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeNumber } from '@shared/phone/normalize';

/** The caller's number as received, its E.164 form, and a loud flag for overseas numbers. */
export function CallerNumber({ raw }: { raw: string }) {
  const { t, i18n } = useTranslation();
  const n = useMemo(() => normalizeNumber(raw), [raw]);
  const regionName = useMemo(() => {
    if (!n.region) return null;
    try {
      return new Intl.DisplayNames([i18n.language], { type: 'region' }).of(n.region) ?? n.region;
    } catch {
      return n.region;
    }
  }, [n.region, i18n.language]);
  return (
    <Group gap="xs" align="baseline">
      <Text fw={700} size="xl" data-testid="remote-number">
        {raw}
      </Text>
      {n.e164 && n.e164 !== raw && (
        <Text size="xs" c="dimmed" data-testid="remote-e164">
          {n.e164}
        </Text>
      )}
      {n.overseas && (
        <Badge color="red" variant="filled" data-testid="overseas-flag" title={t('phone.overseasHint')}>
          {t('phone.overseas', { region: regionName ?? '?' })}
        </Badge>
      )}
    </Group>
  );
}

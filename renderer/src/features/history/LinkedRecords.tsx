import { Alert, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FreezeRecordView } from '@shared/schemas/freeze';
import type { ScreenPopWarning } from '@shared/schemas/history';
import type { WarningGrade } from '@shared/schemas/warning';
import { formatDateTime } from './format-date';
import type { LinksOutcome } from './screen-pop-links';

const GRADE_COLOUR: Record<WarningGrade, string> = { extreme: 'red', high: 'orange', medium: 'yellow', low: 'blue' };

/** How old a cached answer is, in words. */
function age(ms: number, t: TFunction): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return t('callerHistory.links.age.justNow');
  if (minutes < 60) return t('callerHistory.links.age.minutes', { count: minutes });
  return t('callerHistory.links.age.hours', { count: Math.floor(minutes / 60) });
}

function WarningLine({ w }: { w: ScreenPopWarning }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" data-testid="screen-pop-warning" data-warning-id={w.id}>
      <Badge color={GRADE_COLOUR[w.grade]} size="sm">
        {t(`warnings.grade.${w.grade}`)}
      </Badge>
      <Text size="xs">
        {w.personName} · {t(`case.fraudType.${w.fraudType}`)} · {t(`warnings.state.${w.state}`)} · {formatDateTime(w.issuedAt, i18n.language)}
        {' · '}
        {w.matchedBy === 'relative' ? t('callerHistory.links.asRelative', { relation: w.relation ?? '' }) : t('callerHistory.links.asPerson')}
      </Text>
    </Group>
  );
}

function FreezeLine({ r }: { r: FreezeRecordView }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0} data-testid="screen-pop-freeze" data-record-id={r.id}>
      <Text size="xs" fw={500}>
        {t('callerHistory.links.freezeLine', { measure: t(`lookup.measure.${r.measureType}`), authority: r.authority, authorityPhone: r.authorityPhone })}
      </Text>
      <Text size="xs" c="dimmed">
        {t('callerHistory.links.account', { institution: r.institution, account: r.accountNumber })} · {r.holderName} · {t(`lookup.status.${r.status}`)}
      </Text>
    </Stack>
  );
}

/**
 * The record store's records linked to the ringing number: open warning instructions and
 * freeze records, masked. Offline it says so plainly, with any cached look-up and its age.
 */
export function LinkedRecords({ outcome }: { outcome: LinksOutcome }) {
  const { t } = useTranslation();
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'loading':
      return (
        <Group gap={6} data-testid="screen-pop-links-loading">
          <Loader size="xs" />
          <Text size="xs" c="dimmed">
            {t('callerHistory.links.loading')}
          </Text>
        </Group>
      );
    case 'error':
      return (
        <Text size="xs" c="red" data-testid="screen-pop-links-error">
          {outcome.code === 'forbidden' ? t('callerHistory.links.forbidden') : t('callerHistory.links.error', { code: outcome.code })}
        </Text>
      );
    case 'offline':
      return (
        <Alert color="gray" p="xs" data-testid="screen-pop-links-offline">
          <Text size="xs">{t('callerHistory.links.offline')}</Text>
          {outcome.cached && outcome.cached.freezes.length > 0 && (
            <Stack gap={2} mt={4} data-testid="screen-pop-links-cached">
              <Text size="xs" c="dimmed">
                {t('callerHistory.links.cached', { age: age(outcome.checkedAt - outcome.cached.cachedAt, t) })}
              </Text>
              {outcome.cached.freezes.map((r) => (
                <FreezeLine key={r.id} r={r} />
              ))}
            </Stack>
          )}
        </Alert>
      );
    case 'server': {
      const { warnings, freezes, warningsTruncated, freezesTruncated } = outcome.response;
      if (warnings.length === 0 && freezes.length === 0) {
        return (
          <Text size="xs" c="dimmed" data-testid="screen-pop-links-none">
            {t('callerHistory.links.none')}
          </Text>
        );
      }
      return (
        <Stack gap={4} data-testid="screen-pop-links">
          {warnings.length > 0 && (
            <Text size="xs" fw={600} c="red">
              {t('callerHistory.links.warnings', { count: warnings.length })}
            </Text>
          )}
          {warnings.map((w) => (
            <WarningLine key={w.id} w={w} />
          ))}
          {warningsTruncated && <Text size="xs">{t('callerHistory.links.truncated', { count: warnings.length })}</Text>}
          {freezes.length > 0 && (
            <Text size="xs" fw={600}>
              {t('callerHistory.links.freezes', { count: freezes.length })}
            </Text>
          )}
          {freezes.map((r) => (
            <FreezeLine key={r.id} r={r} />
          ))}
          {freezesTruncated && <Text size="xs">{t('callerHistory.links.truncated', { count: freezes.length })}</Text>}
        </Stack>
      );
    }
  }
}

import { memo } from 'react';
import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMyFollowUps } from './use-follow-ups';

/** The sidebar tab's label: 跟进, with a red count of overdue follow-ups. */
export const FollowUpsTabLabel = memo(function FollowUpsTabLabel() {
  const { t } = useTranslation();
  const { overdue } = useMyFollowUps();
  return (
    <Group gap={6} wrap="nowrap">
      {t('followUps.tab')}
      {overdue.length > 0 && (
        <Badge size="sm" color="red" circle={overdue.length < 10} data-testid="follow-ups-overdue-badge" aria-label={t('followUps.overdueBadge', { count: overdue.length })}>
          {overdue.length}
        </Badge>
      )}
    </Group>
  );
});

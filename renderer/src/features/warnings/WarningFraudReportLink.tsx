import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QueueItem } from './queue-order';

export interface WarningFraudReportLinkProps {
  item: QueueItem;
  /** The server holds the link but writing the case on this workstation failed. */
  notOpened: boolean;
  retry(caseId: string): void;
}

/** The fraud-report case (涉诈举报) linked to a defrauded instruction: its number, and a retry when it could not be written here. */
export function WarningFraudReportLink({ item, notOpened, retry }: WarningFraudReportLinkProps) {
  const { t } = useTranslation();
  const caseId = item.fraudReportCaseId;
  if (!caseId) return null;
  return (
    <Group gap={6} data-testid="warning-fraud-report-case" data-case-id={caseId}>
      <Text size="xs" fw={600}>
        {t('warnings.fraudReport.linked', { ref: caseId.slice(0, 8).toUpperCase() })}
      </Text>
      {notOpened && (
        <>
          <Text size="xs" c="red" data-testid="warning-fraud-report-failed">
            {t('warnings.fraudReport.notOpened')}
          </Text>
          <Button size="compact-xs" variant="light" onClick={() => retry(caseId)} data-testid="warning-fraud-report-retry">
            {t('warnings.fraudReport.retry')}
          </Button>
        </>
      )}
    </Group>
  );
}

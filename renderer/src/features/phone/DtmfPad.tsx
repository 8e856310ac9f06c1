import { Button, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** A phone keypad: in a call its digits are sent as DTMF; idle, it types the number to dial. */
export function DtmfPad({ onDigit, testId = 'dtmf', label }: { onDigit: (digit: string) => void; testId?: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={6} spacing={4} aria-label={label ?? t('phone.dtmf')} data-testid={`${testId}-pad`}>
      {KEYS.map((k) => (
        <Button key={k} size="compact-sm" variant="default" onClick={() => onDigit(k)} data-testid={`${testId}-${k}`}>
          {k}
        </Button>
      ))}
    </SimpleGrid>
  );
}

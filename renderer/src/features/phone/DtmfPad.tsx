import { Button, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** In-call keypad for IVR menus; digits are sent as DTMF. */
export function DtmfPad({ onDigit }: { onDigit: (digit: string) => void }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={6} spacing={4} aria-label={t('phone.dtmf')} data-testid="dtmf-pad">
      {KEYS.map((k) => (
        <Button key={k} size="compact-sm" variant="default" onClick={() => onDigit(k)} data-testid={`dtmf-${k}`}>
          {k}
        </Button>
      ))}
    </SimpleGrid>
  );
}

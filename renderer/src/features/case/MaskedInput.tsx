import { TextInput, type TextInputProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FREE_TEXT_MIN_DIGITS, maskOnScreen } from './mask-on-screen';

/**
 * A text box for personal numbers (card/account, resident ID): shown masked while it does
 * not have the focus, in full while being edited. Tab or a click into it shows the number.
 * `minDigits`: how long a digit run must be to be masked (`mask-on-screen.ts`).
 */
export function MaskedInput({ value, onFocus, onBlur, minDigits = FREE_TEXT_MIN_DIGITS, ...props }: TextInputProps & { value: string; minDigits?: number }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const shown = editing ? value : maskOnScreen(value, minDigits);
  return (
    <TextInput
      {...props}
      value={shown}
      title={shown !== value ? t('caseExtra.masked.hint') : undefined}
      data-masked={shown !== value}
      onFocus={(e) => {
        setEditing(true);
        onFocus?.(e);
      }}
      onBlur={(e) => {
        setEditing(false);
        onBlur?.(e);
      }}
    />
  );
}

import { MantineProvider } from '@mantine/core';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../../renderer/src/i18n';

/** Renders a component with the app's providers, in the given UI language. */
export async function renderWithProviders(ui: ReactElement, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<RenderResult> {
  const i18n = await createI18n(locale);
  return render(
    <MantineProvider>
      <I18nextProvider i18n={i18n}>{ui}</I18nextProvider>
    </MantineProvider>,
  );
}

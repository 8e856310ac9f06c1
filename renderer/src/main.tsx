import './zod-without-eval';
import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { createHost } from './host';
import { createI18n } from './i18n';
import { Workstation } from './state/workstation';
import { accessibleColours } from './ui/theme';
import { WorkstationContext } from './state/workstation-context';

async function boot(): Promise<void> {
  const host = createHost();
  const config = await host.getConfig();
  const i18n = await createI18n(config.locale);
  const workstation = new Workstation(host, config);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider cssVariablesResolver={accessibleColours}>
        <I18nextProvider i18n={i18n}>
          <WorkstationContext.Provider value={workstation}>
            <App />
          </WorkstationContext.Provider>
        </I18nextProvider>
      </MantineProvider>
    </StrictMode>,
  );
}

void boot();

import { DEFAULT_CONFIG } from '@shared/config';
import type { WorkstationConfig } from '@shared/config';

/**
 * Whether main runs the embedded record store, and how its URL meets the saved config.
 * "No central record store configured" means the saved URL is still the default one: on an
 * installed workstation that default points at nothing, so the embedded store takes its
 * place. The embedded store's URL (a random port) is never written to the config file.
 */

/** `HOTLINE_RECORD_STORE=embedded|central` overrides (tests, development). */
export function shouldEmbedRecordStore(input: { env: string | undefined; packaged: boolean; config: WorkstationConfig }): boolean {
  if (input.env === 'embedded') return true;
  if (input.env === 'central') return false;
  // Unpackaged runs use the development stack (`npm run demo` starts its own record store).
  return input.packaged && input.config.recordStoreUrl === DEFAULT_CONFIG.recordStoreUrl;
}

/** The config as the page sees it: the embedded store's URL in place of the default. */
export function configForPage(config: WorkstationConfig, embeddedUrl: string | null): WorkstationConfig {
  return embeddedUrl ? { ...config, recordStoreUrl: embeddedUrl } : config;
}

/** The config as it is saved: the embedded URL goes back to the default placeholder. */
export function configForStorage(config: WorkstationConfig, embeddedUrl: string | null): WorkstationConfig {
  return embeddedUrl && config.recordStoreUrl === embeddedUrl ? { ...config, recordStoreUrl: DEFAULT_CONFIG.recordStoreUrl } : config;
}

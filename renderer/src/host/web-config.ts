import { DEFAULT_CONFIG, WorkstationConfigSchema, type WorkstationConfig } from '@shared/config';

const STORAGE_KEY = 'hotline-desk.config';

/**
 * The browser host's configuration: stored settings, overridden by page URL parameters
 * (`recordStore`, `sipWs`, `sipDomain`, `lang`, `dtmf`) so a deployment or a test can point a
 * workstation at its PBX and record store with a link. Invalid values are ignored, never
 * half-applied.
 */
export function readWebConfig(search: string, storage: Pick<Storage, 'getItem'>): WorkstationConfig {
  let base: WorkstationConfig = DEFAULT_CONFIG;
  const stored = storage.getItem(STORAGE_KEY);
  if (stored) {
    try {
      const parsed = WorkstationConfigSchema.safeParse(JSON.parse(stored));
      if (parsed.success) base = parsed.data;
    } catch {
      /* corrupt settings fall back to defaults */
    }
  }
  const params = new URLSearchParams(search);
  const candidate = {
    ...base,
    ...(params.get('recordStore') ? { recordStoreUrl: params.get('recordStore') } : {}),
    ...(params.get('sipWs') ? { sipWsUrl: params.get('sipWs') } : {}),
    ...(params.get('sipDomain') ? { sipDomain: params.get('sipDomain') } : {}),
    ...(params.get('lang') ? { locale: params.get('lang') } : {}),
    ...(params.get('dtmf') ? { dtmfMode: params.get('dtmf') } : {}),
  };
  const parsed = WorkstationConfigSchema.safeParse(candidate);
  return parsed.success ? parsed.data : base;
}

export function writeWebConfig(config: WorkstationConfig, storage: Pick<Storage, 'setItem'>): WorkstationConfig {
  const valid = WorkstationConfigSchema.parse(config);
  storage.setItem(STORAGE_KEY, JSON.stringify(valid));
  return valid;
}

import { z } from 'zod';

/**
 * Where the workstation connects. In Electron it comes from main's settings; in the browser
 * from the page URL or local storage. Validated at every boundary because it decides where
 * credentials are sent.
 */
export const WorkstationConfigSchema = z.object({
  /** Base URL of the record store, e.g. `http://127.0.0.1:4100`. */
  recordStoreUrl: z.url({ protocol: /^https?$/ }),
  /** SIP over WebSocket URL of the PBX, e.g. `ws://127.0.0.1:8088`. */
  sipWsUrl: z.url({ protocol: /^wss?$/ }),
  /** SIP domain used in AORs. */
  sipDomain: z.string().min(1).max(253),
  /** UI language. */
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  /** DTMF as RFC 4733 telephone-events in the media (default) or SIP INFO, as the PBX wants. */
  dtmfMode: z.enum(['rfc4733', 'info']).default('rfc4733'),
});
export type WorkstationConfig = z.infer<typeof WorkstationConfigSchema>;

/** Defaults for the one-machine demo stack (`npm run demo`). */
export const DEFAULT_CONFIG: WorkstationConfig = {
  recordStoreUrl: 'http://127.0.0.1:4100',
  sipWsUrl: 'ws://127.0.0.1:8088',
  sipDomain: '127.0.0.1',
  locale: 'zh-CN',
  dtmfMode: 'rfc4733',
};

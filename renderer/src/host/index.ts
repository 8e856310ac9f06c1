import type { HostApi } from '@shared/host-api';
import { WebHost } from './web-host';

/**
 * Picks the host this renderer runs in. The only place that knows: Electron's preload puts
 * `window.desk` on the page; a plain browser has none.
 */
export function createHost(): HostApi {
  // Electron host is wired once the preload bridge lands (electron-host.ts).
  return new WebHost();
}

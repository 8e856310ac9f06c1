import type { HostApi } from '@shared/host-api';
import { DESK_BRIDGE_GLOBAL, type DeskBridge } from '@shared/ipc/desk-bridge';
import { ElectronHost } from './electron-host';
import { WebHost } from './web-host';

/**
 * Picks the host this renderer runs in. The only place that knows: Electron's preload puts
 * `window.desk` on the page; a plain browser has none.
 */
export function createHost(scope: object = globalThis): HostApi {
  const desk = (scope as Record<string, unknown>)[DESK_BRIDGE_GLOBAL] as DeskBridge | undefined;
  return desk ? new ElectronHost(desk) : new WebHost();
}

import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { DESK_BRIDGE_EVENT_CHANNELS, DESK_BRIDGE_GLOBAL, DESK_BRIDGE_METHODS } from '@shared/ipc/desk-bridge';
import type { DeskBridge, DeskBridgeMethod, DeskBridgeMethods } from '@shared/ipc/desk-bridge';
import type { IpcEventChannel } from '@shared/ipc/contract';

/**
 * The sandboxed preload: builds `window.desk` from the IPC contract. The page gets one
 * closed-over function per channel, so it can never name a channel itself, and event
 * listeners receive the payload only, never the `IpcRendererEvent` (whose `sender` would
 * hand the page `ipcRenderer` itself).
 */

/** The subset of `ipcRenderer` the bridge uses; a parameter so tests can pass a fake. */
export type BridgeIpc = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

const EVENT_CHANNELS: ReadonlySet<string> = new Set(DESK_BRIDGE_EVENT_CHANNELS);

/** Builds the object exposed as `window.desk`. */
export function buildDeskBridge(ipc: BridgeIpc): DeskBridge {
  const methods = {} as Record<DeskBridgeMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const [method, channel] of Object.entries(DESK_BRIDGE_METHODS) as [DeskBridgeMethod, string][]) {
    // Arguments are forwarded as-is: main validates every call against the contract, and
    // validating here too would pull zod into the sandboxed bundle for no extra safety.
    methods[method] = (...args: unknown[]) => ipc.invoke(channel, ...args);
  }

  const on = (channel: IpcEventChannel, listener: (payload: never) => void): (() => void) => {
    if (typeof channel !== 'string' || !EVENT_CHANNELS.has(channel)) throw new Error(`Unknown event channel: ${String(channel)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const strip = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipc.on(channel, strip);
    return () => {
      ipc.removeListener(channel, strip);
    };
  };

  return Object.freeze({ ...(methods as unknown as DeskBridgeMethods), on: on as DeskBridge['on'] });
}

contextBridge.exposeInMainWorld(DESK_BRIDGE_GLOBAL, buildDeskBridge(ipcRenderer));

import type { IpcArgs, IpcEventChannel, IpcEventPayload, IpcRequestChannel, IpcResult } from './contract';
import type { IpcEnvelope } from './envelope';

/**
 * The shape of `window.desk`, the preload's bridge. One named function per request channel
 * of the IPC contract (never a generic `invoke(channel)`), plus `on` for event channels.
 *
 * This file imports the contract for types only, so the sandboxed preload bundle that uses
 * the two maps below stays free of zod; the compile-time checks here and the preload's
 * tests keep the maps equal to `ipcRequests`/`ipcEvents`.
 */

/** `window.desk` method name → request channel it calls. */
export const DESK_BRIDGE_METHODS = Object.freeze({
  appInfo: 'app:info',
  getConfig: 'config:get',
  setConfig: 'config:set',
  credentialGet: 'credential:get',
  credentialSet: 'credential:set',
  credentialDelete: 'credential:delete',
  credentialBackend: 'credential:backend',
  notify: 'notify:show',
  focusWindow: 'window:focus',
  openExternal: 'shell:open-external',
  journalAppend: 'journal:append',
  journalReplay: 'journal:replay',
  journalTrim: 'journal:trim',
  getDesktopSettings: 'desktop:get-settings',
  setDesktopSettings: 'desktop:set-settings',
  shortcutStatus: 'shortcuts:status',
  reportCallActivity: 'calls:activity',
  reportAgentState: 'agent:state',
  dialReady: 'dial:ready',
  recordStoreState: 'record-store:state',
  recordStoreRetry: 'record-store:retry',
  recordStoreSecret: 'record-store:secret',
  cacheKey: 'cache-key:get',
} as const satisfies Record<string, IpcRequestChannel>);

/** Name of a request method on `window.desk`. */
export type DeskBridgeMethod = keyof typeof DESK_BRIDGE_METHODS;

/** Event channels `window.desk.on` accepts; any other name is refused. */
export const DESK_BRIDGE_EVENT_CHANNELS = Object.freeze(['event:shortcut', 'event:dial', 'event:tray-action', 'event:shortcut-status', 'event:record-store'] as const satisfies readonly IpcEventChannel[]);

// Compile-time exhaustiveness: adding a channel to the contract without a bridge entry
// (or the reverse) fails the type-check here rather than silently never reaching the page.
type MissingRequest = Exclude<IpcRequestChannel, (typeof DESK_BRIDGE_METHODS)[DeskBridgeMethod]>;
type MissingEvent = Exclude<IpcEventChannel, (typeof DESK_BRIDGE_EVENT_CHANNELS)[number]>;
const _everyRequestBridged: [MissingRequest] extends [never] ? true : MissingRequest = true;
const _everyEventBridged: [MissingEvent] extends [never] ? true : MissingEvent = true;

/** The request methods of `window.desk`, typed from the contract. */
export type DeskBridgeMethods = {
  readonly [M in DeskBridgeMethod]: (...args: IpcArgs<(typeof DESK_BRIDGE_METHODS)[M]>) => Promise<IpcEnvelope<IpcResult<(typeof DESK_BRIDGE_METHODS)[M]>>>;
};

/** `window.desk` as seen by the page. Replies are envelopes; the caller unwraps them. */
export interface DeskBridge extends DeskBridgeMethods {
  /**
   * Subscribes to an event channel; the listener receives the payload only. Returns the
   * unsubscribe function. Unknown channels throw.
   */
  on<C extends IpcEventChannel>(channel: C, listener: (payload: IpcEventPayload<C>) => void): () => void;
}

/** The global name the preload exposes the bridge under (`window.desk`). */
export const DESK_BRIDGE_GLOBAL = 'desk';

import { z } from 'zod';
import { WorkstationConfigSchema } from '../config';
import { CallActivitySchema, DesktopSettingsSchema, ShortcutActionSchema, ShortcutStatusSchema, TrayAgentStateSchema } from './desktop';
import { CacheKeyReplySchema, RecordStoreStateSchema } from './record-store';

/**
 * The one typed IPC contract between the renderer (through the preload's `window.desk`)
 * and Electron main. Every request channel names a zod schema for its arguments (main
 * validates them before any handler runs) and the type of its result. The preload exposes
 * one named function per channel and never a generic `invoke`.
 */

/** Where credentials live; `plaintext-fallback` is Linux without a keyring (degraded). */
export const CredentialBackendSchema = z.enum(['os-keychain', 'plaintext-fallback', 'browser-session', 'memory']);
export type CredentialBackend = z.infer<typeof CredentialBackendSchema>;

/** Names of secrets the host may hold. Anything else is refused. */
export const CredentialKeySchema = z.enum(['record-store-token', 'sip-password']);
export type CredentialKey = z.infer<typeof CredentialKeySchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  host: z.enum(['electron', 'web', 'memory']),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const NotificationRequestSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  /** Notifications with the same tag replace each other (one per call). */
  tag: z.string().max(200).optional(),
  urgent: z.boolean().optional(),
});
export type NotificationRequest = z.infer<typeof NotificationRequestSchema>;

/** A record kept by the main-process note journal until the record store acknowledges it. */
export const JournalEntrySchema = z.object({
  id: z.string().min(1).max(100),
  kind: z.string().min(1).max(100),
  payload: z.unknown(),
  at: z.number().int().nonnegative(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/**
 * Whose journal a call reaches: the signed-in user's id. Each user of a shared desk has a
 * journal of their own, so one agent's unsent segments are never replayed into another's
 * database. Restricted to file-name-safe characters (main names the file after it).
 */
export const JournalOwnerSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'journal owner must be a user id');

/** Request channels: name → argument tuple schema and result type. */
export const ipcRequests = {
  'app:info': { args: z.tuple([]), result: AppInfoSchema },
  'config:get': { args: z.tuple([]), result: WorkstationConfigSchema },
  'config:set': { args: z.tuple([WorkstationConfigSchema]), result: WorkstationConfigSchema },
  'credential:get': { args: z.tuple([CredentialKeySchema]), result: z.string().nullable() },
  'credential:set': { args: z.tuple([CredentialKeySchema, z.string().max(8192)]), result: z.void() },
  'credential:delete': { args: z.tuple([CredentialKeySchema]), result: z.void() },
  'credential:backend': { args: z.tuple([]), result: CredentialBackendSchema },
  'notify:show': { args: z.tuple([NotificationRequestSchema]), result: z.void() },
  'window:focus': { args: z.tuple([]), result: z.void() },
  'shell:open-external': { args: z.tuple([z.string().max(2048)]), result: z.void() },
  'journal:append': { args: z.tuple([JournalOwnerSchema, z.array(JournalEntrySchema).max(1000)]), result: z.void() },
  'journal:replay': { args: z.tuple([JournalOwnerSchema]), result: z.array(JournalEntrySchema) },
  'journal:trim': { args: z.tuple([JournalOwnerSchema, z.array(z.string().max(100)).max(10000)]), result: z.void() },
  'desktop:get-settings': { args: z.tuple([]), result: DesktopSettingsSchema },
  'desktop:set-settings': { args: z.tuple([DesktopSettingsSchema]), result: DesktopSettingsSchema },
  'shortcuts:status': { args: z.tuple([]), result: z.array(ShortcutStatusSchema) },
  'calls:activity': { args: z.tuple([CallActivitySchema]), result: z.void() },
  'agent:state': { args: z.tuple([TrayAgentStateSchema]), result: z.void() },
  /** The page can (true) or can no longer (false) take `event:dial`; links wait in main until it can. */
  'dial:ready': { args: z.tuple([z.boolean()]), result: z.void() },
  /** The record store: central, or the embedded one starting / ready / failed. */
  'record-store:state': { args: z.tuple([]), result: RecordStoreStateSchema },
  /** Start the failed embedded store again (the page may be reloaded if its port moved). */
  'record-store:retry': { args: z.tuple([]), result: z.void() },
  /** The installation secret for this URL: only the embedded store's own URL gets one, else null. */
  'record-store:secret': { args: z.tuple([z.string().max(2048)]), result: z.string().nullable() },
  /** The offline-cache key bytes (safeStorage-protected), once per page load; or why caching is off. */
  'cache-key:get': { args: z.tuple([]), result: CacheKeyReplySchema },
} as const;

export type IpcRequestChannel = keyof typeof ipcRequests;
export type IpcArgs<C extends IpcRequestChannel> = z.infer<(typeof ipcRequests)[C]['args']>;
export type IpcResult<C extends IpcRequestChannel> = z.infer<(typeof ipcRequests)[C]['result']>;

/** Events main pushes to the renderer: name → payload schema. */
export const ipcEvents = {
  /** A global shortcut fired while the window may be unfocused. */
  'event:shortcut': z.object({ action: ShortcutActionSchema }),
  /** A `tel:`/`sip:` link handed over by the OS, already parsed and validated by main. */
  'event:dial': z.object({ number: z.string().regex(/^\+?[0-9*#]{1,32}$/) }),
  /** A tray menu choice (the renderer decides and reports the state back with `agent:state`). */
  'event:tray-action': z.object({ action: z.enum(['ready', 'not-ready']) }),
  /** Global shortcuts were (re-)registered; conflicts and invalid keys are listed. */
  'event:shortcut-status': z.array(ShortcutStatusSchema),
  /** The embedded record store changed state (starting, ready, failed). */
  'event:record-store': RecordStoreStateSchema,
} as const;

export type IpcEventChannel = keyof typeof ipcEvents;
export type IpcEventPayload<C extends IpcEventChannel> = z.infer<(typeof ipcEvents)[C]>;

/** Every channel name, for allowlists in tests and the preload. */
export const IPC_REQUEST_CHANNELS = Object.keys(ipcRequests) as IpcRequestChannel[];
export const IPC_EVENT_CHANNELS = Object.keys(ipcEvents) as IpcEventChannel[];

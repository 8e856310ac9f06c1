import { z } from 'zod';

/**
 * The record store as the host knows it. A central store (configured URL) needs nothing from
 * the host; an embedded one is a process main starts next to the window, so the page learns
 * its state (`starting` → `ready` or `failed`) and, for that URL only, its per-installation
 * secret, which the store requires on every request.
 */

/** The request header that carries the per-installation secret of an embedded store. */
export const INSTALLATION_SECRET_HEADER = 'x-installation-secret';

/** Why the embedded store is not running, for the UI (translated by code) and the log (detail). */
export const RecordStoreFailureSchema = z.object({
  code: z.enum(['timeout', 'exited', 'port-unavailable', 'error']),
  /** Technical detail in English (last log line, exit code); shown small under the message. */
  detail: z.string().max(500),
});
export type RecordStoreFailure = z.infer<typeof RecordStoreFailureSchema>;

const LoopbackUrl = z.string().regex(/^http:\/\/127\.0\.0\.1:[0-9]{1,5}$/);

export const RecordStoreStateSchema = z.discriminatedUnion('state', [
  /** The configured (central) record store; nothing to wait for. */
  z.object({ state: z.literal('central') }),
  /** The embedded store is being started on `url`. */
  z.object({ state: z.literal('starting'), url: LoopbackUrl }),
  z.object({ state: z.literal('ready'), url: LoopbackUrl }),
  /** Not running; `url` is absent when no port could even be reserved. */
  z.object({ state: z.literal('failed'), url: LoopbackUrl.optional(), reason: RecordStoreFailureSchema }),
]);
export type RecordStoreState = z.infer<typeof RecordStoreStateSchema>;

/** Why offline caching of personal data is off: no real encryption at rest on this machine. */
export const CacheOffReasonSchema = z.enum(['plaintext-backend', 'unavailable']);
export type CacheOffReason = z.infer<typeof CacheOffReasonSchema>;

/** 32 raw key bytes (AES-256). */
const KeyBytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.byteLength === 32, 'Expected 32 key bytes');

/**
 * The cache key material from main: kept encrypted by the OS keychain (safeStorage) and
 * handed to the page once per page load, or refused with the reason caching is off.
 */
export const CacheKeyReplySchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('protected'), key: KeyBytesSchema }),
  z.object({ state: z.literal('off'), reason: CacheOffReasonSchema }),
]);
export type CacheKeyReply = z.infer<typeof CacheKeyReplySchema>;

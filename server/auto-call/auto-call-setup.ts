import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Orm } from '../db/database';
import { autoCallPolicyFromEnv, type AutoCallPolicy } from './auto-call-policy';
import { startAutoCallService, type AutoCallService } from './auto-call-service';
import { baresipEngine } from './baresip-engine';
import { renderWarningWav, warningText } from './warning-message';

/**
 * The record store's automatic caller, from the environment (issue 19). Off unless
 * `HOTLINE_AUTO_CALL=1`; then:
 * - `HOTLINE_AUTO_CALL_PBX`          the PBX's SIP address, `host:port` (required): calls go through it and the trunk
 * - `HOTLINE_AUTO_CALL_INTERVAL_MS`  pause between passes (default 5000)
 * - `HOTLINE_AUTO_CALL_TIMEOUT_MS`   ring + message + key wait of one call (default 90000)
 * - `HOTLINE_AUTO_CALL_AUDIO_DIR`    cache of rendered messages (default `<tmp>/hotline-auto-call-audio`)
 * - `HOTLINE_AUTO_CALL_AUTH_USER` / `_AUTH_PASS` digest credentials, if the PBX asks
 * - the policy's `HOTLINE_AUTO_CALL_*` (auto-call-policy.ts).
 */
export interface AutoCallSettings {
  pbx: string;
  intervalMs: number;
  callTimeoutMs: number;
  audioDir: string;
  authUser?: string;
  authPass?: string;
  policy: AutoCallPolicy;
}

const positive = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${text}`);
  return n;
};

/** The settings, or null when automatic calls are off; throws on a malformed value (a start-up error). */
export function autoCallSettingsFromEnv(env: Record<string, string | undefined>): AutoCallSettings | null {
  if (env.HOTLINE_AUTO_CALL !== '1') return null;
  const pbx = env.HOTLINE_AUTO_CALL_PBX ?? '';
  if (!/^[^\s:]+:\d{1,5}$/.test(pbx)) throw new Error(`HOTLINE_AUTO_CALL_PBX must be host:port of the PBX, got "${pbx}"`);
  return {
    pbx,
    intervalMs: positive('HOTLINE_AUTO_CALL_INTERVAL_MS', env.HOTLINE_AUTO_CALL_INTERVAL_MS, 5000),
    callTimeoutMs: positive('HOTLINE_AUTO_CALL_TIMEOUT_MS', env.HOTLINE_AUTO_CALL_TIMEOUT_MS, 90_000),
    audioDir: env.HOTLINE_AUTO_CALL_AUDIO_DIR || join(tmpdir(), 'hotline-auto-call-audio'),
    ...(env.HOTLINE_AUTO_CALL_AUTH_USER ? { authUser: env.HOTLINE_AUTO_CALL_AUTH_USER, authPass: env.HOTLINE_AUTO_CALL_AUTH_PASS ?? '' } : {}),
    policy: autoCallPolicyFromEnv(env),
  };
}

/** Starts the automatic caller when the app is ready and stops it (waiting for calls in hand) when the app closes. */
export function attachAutoCall(app: FastifyInstance, orm: Orm, settings: AutoCallSettings | null): void {
  if (!settings) return;
  let service: AutoCallService | null = null;
  app.addHook('onReady', async () => {
    service = startAutoCallService(orm, {
      policy: settings.policy,
      engine: baresipEngine({ target: settings.pbx, ...(settings.authUser ? { authUser: settings.authUser, authPass: settings.authPass } : {}) }),
      audioFor: (type) => renderWarningWav(warningText(type), settings.audioDir),
      intervalMs: settings.intervalMs,
      callTimeoutMs: settings.callTimeoutMs,
      report: (outcome) => (outcome instanceof Error ? app.log.error({ err: outcome }, 'automatic call pass failed') : app.log.info({ results: outcome }, 'automatic calls settled')),
    });
    app.log.info({ pbx: settings.pbx }, 'automatic warning calls on');
  });
  app.addHook('onClose', async () => {
    await service?.stop();
  });
}

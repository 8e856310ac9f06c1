import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { startKamailio, type Kamailio, type KamailioOptions } from './kamailio';
import { startPostgres } from './postgres';
import { freePort } from './process';
import { startRtpengine, type Rtpengine, type RtpengineOptions } from './rtpengine';
import { startRecordStore, type RecordStore } from './record-store';
import { startStaticServer, type StaticServer } from './static-server';

const ROOT = resolve(import.meta.dirname, '../..');
/** The SIP password of every seeded account and rig device (the demo's, server/db/seed-demo.ts). */
export const RIG_SIP_PASSWORD = 'demo1234';

export interface StackOptions {
  /** Use a throwaway PostgreSQL instead of the embedded PGlite default. */
  postgres?: boolean;
  pgliteDir?: string;
  kamailio?: KamailioOptions;
  /**
   * rtpengine bridging the agents' WebRTC to the carrier trunk's plain RTP: on by default
   * (options for it, or `false` to run without, when no test calls through the trunk).
   */
  rtpengine?: RtpengineOptions | false;
  recordStorePort?: number;
  /**
   * SIP digest authentication at the PBX against the record store's HA1s (issue 14): on by
   * default; `false` runs the PBX without (only for tests that need a PBX without a record store).
   */
  sipAuth?: boolean;
  /** The PBX's HA1 cache time in seconds (AUTH_CACHE_S, 30 by default); 0 asks the record store every time. */
  sipAuthCacheSeconds?: number;
  /** Extra environment of the record store (e.g. HOTLINE_AUTO_CALL=1 with the PBX's address). */
  recordStoreEnv?: Record<string, string>;
  webPort?: number;
}

export interface Stack {
  readonly kamailio: Kamailio;
  /** Set unless started with `rtpengine: false`. */
  readonly rtpengine?: Rtpengine;
  readonly recordStore: RecordStore;
  readonly web: StaticServer;
  /** Set when `postgres: true`. */
  readonly databaseUrl?: string;
  /** The record store's extra environment (the PBX secret, SIP realm, …): a record store restarted by a test needs it too. */
  readonly recordStoreEnv: Record<string, string>;
  /** The workstation page, already pointed at this stack's PBX and record store. */
  workstationUrl(lang?: 'zh-CN' | 'en'): string;
  /** The caller simulator page, pointed at this stack's PBX (with the demo device password when auth is on). */
  callerUrl(autoRegister?: string): string;
  /** The PBX secret the record store checks on the credential look-up (set when auth is on). */
  readonly pbxAuthToken?: string;
  stop(): Promise<void>;
}

/**
 * The whole dev/test stack on loopback: rtpengine and Kamailio (the carrier trunk), the record store (PostgreSQL or PGlite),
 * and a static server for the built workstation (out/web) and caller simulator (out/caller).
 * Everything started here is stopped by `stop()`, in reverse order, even after a failure.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error('stop failed', e));
  };
  try {
    let rtpengine: Rtpengine | undefined;
    if (options.rtpengine !== false) {
      const started = await startRtpengine(options.rtpengine ?? {});
      rtpengine = started;
      stops.push(() => started.stop());
    }
    // The PBX asks the record store for HA1s: it must know the store's port before either starts.
    // HOTLINE_RIG_SIP_AUTH=0 runs a whole suite without (to tell an auth problem from another one).
    const sipAuth = options.sipAuth !== false && process.env.HOTLINE_RIG_SIP_AUTH !== '0';
    const recordStorePort = options.recordStorePort ?? (sipAuth ? await freePort() : undefined);
    const pbxAuthToken = sipAuth ? randomBytes(24).toString('hex') : undefined;
    const auth = pbxAuthToken
      ? { url: `http://127.0.0.1:${recordStorePort}/api/v1/pbx/credentials`, token: pbxAuthToken, ...(options.sipAuthCacheSeconds !== undefined ? { cacheSeconds: options.sipAuthCacheSeconds } : {}) }
      : undefined;
    const kamailio = await startKamailio({ ...(rtpengine ? { rtpengineSocket: rtpengine.controlSocket } : {}), ...(auth ? { auth } : {}), ...options.kamailio });
    stops.push(() => kamailio.stop());
    let databaseUrl: string | undefined;
    if (options.postgres) {
      const pg = await startPostgres();
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    // The automatic caller (baresip, when HOTLINE_AUTO_CALL=1) authenticates as the centre's device account 96110.
    const authEnv: Record<string, string> = pbxAuthToken
      ? { PBX_AUTH_SECRET: pbxAuthToken, SIP_REALM: '127.0.0.1', SIP_DEMO_DEVICE_PASSWORD: RIG_SIP_PASSWORD, HOTLINE_AUTO_CALL_AUTH_USER: '96110', HOTLINE_AUTO_CALL_AUTH_PASS: RIG_SIP_PASSWORD }
      : {};
    const recordStoreEnv = { ...authEnv, ...options.recordStoreEnv };
    const recordStore = await startRecordStore({ databaseUrl, pgliteDir: options.pgliteDir, port: recordStorePort, env: recordStoreEnv });
    stops.push(() => recordStore.stop());
    const web = await startStaticServer({ '/app/': resolve(ROOT, process.env.HOTLINE_WEB_OUT ?? 'out/web'), '/caller/': resolve(ROOT, 'out/caller') }, options.webPort);
    stops.push(() => web.close());
    return {
      kamailio,
      rtpengine,
      recordStore,
      web,
      databaseUrl,
      recordStoreEnv,
      workstationUrl: (lang = 'zh-CN') =>
        `${web.url}/app/?${new URLSearchParams({ recordStore: recordStore.url, sipWs: kamailio.wsUrl, sipDomain: '127.0.0.1', lang })}`,
      callerUrl: (autoRegister) =>
        `${web.url}/caller/?${new URLSearchParams({ ws: kamailio.wsUrl, domain: '127.0.0.1', ...(pbxAuthToken ? { password: RIG_SIP_PASSWORD } : {}), ...(autoRegister ? { autoRegister } : {}) })}`,
      pbxAuthToken,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

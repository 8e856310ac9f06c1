import { resolve } from 'node:path';
import { startKamailio, type Kamailio, type KamailioOptions } from './kamailio';
import { startPostgres } from './postgres';
import { startRtpengine, type Rtpengine, type RtpengineOptions } from './rtpengine';
import { startRecordStore, type RecordStore } from './record-store';
import { startStaticServer, type StaticServer } from './static-server';

const ROOT = resolve(import.meta.dirname, '../..');

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
  /** The workstation page, already pointed at this stack's PBX and record store. */
  workstationUrl(lang?: 'zh-CN' | 'en'): string;
  /** The caller simulator page, pointed at this stack's PBX. */
  callerUrl(autoRegister?: string): string;
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
    const kamailio = await startKamailio({ ...(rtpengine ? { rtpengineSocket: rtpengine.controlSocket } : {}), ...options.kamailio });
    stops.push(() => kamailio.stop());
    let databaseUrl: string | undefined;
    if (options.postgres) {
      const pg = await startPostgres();
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    const recordStore = await startRecordStore({ databaseUrl, pgliteDir: options.pgliteDir, port: options.recordStorePort, env: options.recordStoreEnv });
    stops.push(() => recordStore.stop());
    const web = await startStaticServer({ '/app/': resolve(ROOT, process.env.HOTLINE_WEB_OUT ?? 'out/web'), '/caller/': resolve(ROOT, 'out/caller') }, options.webPort);
    stops.push(() => web.close());
    return {
      kamailio,
      rtpengine,
      recordStore,
      web,
      databaseUrl,
      workstationUrl: (lang = 'zh-CN') =>
        `${web.url}/app/?${new URLSearchParams({ recordStore: recordStore.url, sipWs: kamailio.wsUrl, sipDomain: '127.0.0.1', lang })}`,
      callerUrl: (autoRegister) => `${web.url}/caller/?${new URLSearchParams({ ws: kamailio.wsUrl, domain: '127.0.0.1', ...(autoRegister ? { autoRegister } : {}) })}`,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

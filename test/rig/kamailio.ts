import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startProcess, waitForPort, waitForPortClosed, type RigProcess } from './process';

/** The project's PBX config (the same file the demo uses); HOTLINE_KAMAILIO_CFG tries another one. */
export const KAMAILIO_CFG = process.env.HOTLINE_KAMAILIO_CFG ?? resolve(import.meta.dirname, '../../resources/pbx/kamailio.cfg');

export interface KamailioOptions {
  wsPort?: number;
  sipPort?: number;
  /** Agents rung in parallel for 96110. */
  groupList?: string[];
  /** Agents hunted one by one for 96111. */
  huntList?: string[];
  huntRingMs?: number;
  /** Also listen for WebSocket over TLS (self-signed certificate made with openssl). */
  wss?: boolean;
  /**
   * 96110 routing by agent state (resources/pbx/routing.cfg): the record store's routing base URL,
   * e.g. `http://127.0.0.1:4100/api/v1/routing`. Absent: 96110 rings every agent (ROUTING_OFF).
   */
  routingUrl?: string;
  /** rtpengine's ng control socket (`udp:127.0.0.1:<port>`); bridges WebRTC to the trunk's plain RTP when set. */
  rtpengineSocket?: string;
  /** The carrier gateway / SBC, `host:port` (the config's default is 127.0.0.1:5070). */
  trunkGateway?: string;
  /** Where 110/119/120/122 go, `host:port`; the trunk gateway by default. */
  emergencyGateway?: string;
  /** The number presented to citizens on outbound trunk calls (P-Asserted-Identity); 96110 by default. */
  presentedNumber?: string;
  /**
   * SIP digest authentication (WITH_AUTH): the record store's credential base URL
   * (`http://127.0.0.1:<port>/api/v1/pbx/credentials`) and its PBX_AUTH_SECRET. Absent: no auth.
   */
  auth?: { url: string; token: string; /** AUTH_CACHE_S: how long a fetched HA1 is used without asking again (30). */ cacheSeconds?: number };
}

export interface Kamailio {
  readonly wsUrl: string;
  /** `wss://…` when started with `wss: true`. */
  readonly wssUrl?: string;
  readonly wsPort: number;
  readonly sipPort: number;
  /** The current Kamailio process (a new one after `restart`). */
  readonly process: RigProcess;
  /** Kills Kamailio with SIGKILL (a crash: no goodbye to anyone). */
  crash(): Promise<void>;
  /** Starts it again on the same ports, with an empty location table like a real restart. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether any process of the group `pgid` is still there (a zombie counts until reaped). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts Kamailio in the foreground with a private runtime dir; stop() ends it by PID. */
export async function startKamailio(options: KamailioOptions = {}): Promise<Kamailio> {
  const dir = await mkdtemp(join(tmpdir(), 'hd-kamailio-'));
  const wsPort = options.wsPort ?? (await freePort());
  const sipPort = options.sipPort ?? (await freePort());
  const quote = (s: string): string => `"${s}"`;
  const defines = [
    `WS_PORT=${wsPort}`,
    `SIP_PORT=${sipPort}`,
    `CTL_SOCK=${quote(`unix:${dir}/ctl`)}`,
    `GROUP_LIST=${quote((options.groupList ?? ['1001', '1002', '1003']).join(','))}`,
    `HUNT_LIST=${quote((options.huntList ?? ['1001', '1002', '1003']).join(','))}`,
    `HUNT_RING_MS=${options.huntRingMs ?? 8000}`,
  ];
  defines.push(options.routingUrl ? `ROUTING_URL=${quote(options.routingUrl)}` : 'ROUTING_OFF');
  if (options.rtpengineSocket) defines.push('WITH_RTPENGINE', `RTPENGINE_SOCK=${quote(options.rtpengineSocket)}`);
  if (options.trunkGateway) defines.push(`TRUNK_GW=${quote(options.trunkGateway)}`);
  if (options.emergencyGateway) defines.push(`EMERGENCY_GW=${quote(options.emergencyGateway)}`);
  if (options.presentedNumber) defines.push(`PRESENTED_NUMBER=${quote(options.presentedNumber)}`);
  if (options.auth) defines.push('WITH_AUTH', `AUTH_URL=${quote(options.auth.url)}`, `PBX_TOKEN=${quote(options.auth.token)}`);
  if (options.auth?.cacheSeconds !== undefined) defines.push(`AUTH_CACHE_S=${options.auth.cacheSeconds}`);
  let wssPort: number | undefined;
  if (options.wss) {
    wssPort = await freePort();
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const tlsCfg = join(dir, 'tls.cfg');
    await writeFile(
      tlsCfg,
      `[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\nprivate_key = ${key}\ncertificate = ${cert}\n\n[client:default]\nverify_certificate = no\nrequire_certificate = no\n`,
    );
    defines.push('WITH_WSS', `WSS_PORT=${wssPort}`, `TLS_CFG=${quote(tlsCfg)}`);
  }
  const args = ['-f', KAMAILIO_CFG, '-DD', '-E', '-m', '64', '-M', '8', '-P', join(dir, 'kamailio.pid'), '-Y', dir, '-w', dir];
  for (const d of defines) args.push('-A', d);
  const launch = async (): Promise<RigProcess> => {
    // Its own process group, so a simulated crash can kill every Kamailio process at once.
    const proc = startProcess('kamailio', 'kamailio', args, { detached: true });
    try {
      await waitForPort(wsPort, 10_000, proc);
    } catch (error) {
      await proc.stop();
      throw error;
    }
    return proc;
  };
  let proc = await launch();
  return {
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    wssUrl: wssPort ? `wss://127.0.0.1:${wssPort}` : undefined,
    wsPort,
    sipPort,
    get process() {
      return proc;
    },
    async crash() {
      // The children hold the listening sockets: kill the whole group, as a crash would.
      process.kill(-proc.pid, 'SIGKILL');
      await proc.stop();
      await waitForPortClosed(wsPort, 5000);
    },
    async restart() {
      proc = await launch();
    },
    async stop() {
      await proc.stop();
      // Children can outlive a main process that was killed or exited early: sweep the group.
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* the group is already gone */
      }
      // Killed children linger until their new parent reaps them (and answer signals meanwhile): wait, bounded.
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && groupAlive(proc.pid)) await new Promise((r) => setTimeout(r, 20));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

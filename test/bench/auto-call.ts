import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WarningListResponse } from '../../shared/schemas/warning';
import { DEFAULT_AUTO_CALL_POLICY } from '../../server/auto-call/auto-call-policy';
import { runAutoCallPass } from '../../server/auto-call/auto-call-dispatcher';
import { fakeCallEngine } from '../../server/auto-call/call-engine';
import { openDatabase } from '../../server/db/open-database';
import { warningInstructions, orgUnits } from '../../server/db/schema';
import { apiCall, apiToken } from '../rig/record-store-api';
import { freeUdpPort } from '../rig/rtpengine';
import { startSipp } from '../rig/sipp-peer';
import { RIG_SIP_PASSWORD, startStack, type Stack } from '../rig/stack';
import { row } from './stats';

const PASSWORD = 'demo1234';
const PRESS_1 = '<nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_1.pcap"/></action></nop>';
/** The citizen listens this long before pressing 1 (a real person takes the whole message; this measures the machinery). */
const LISTEN_MS = '1000';

/**
 * Automatic warning calls (issue 19), `BENCH_ONLY=auto-call`. Prints, asserts nothing:
 * 1. ingest → first ring at the citizen's phone (the INVITE reaching sipp on the trunk), median
 *    of `calls` one-at-a-time instructions, through the record store, baresip, Kamailio and rtpengine;
 * 2. instructions handled per minute by ONE record-store instance (one caller, max 4 calls at
 *    once), a batch of 8 ingested together, sipp answering each, listening 1 s and pressing 1;
 *    handled = the instruction shows "dissuaded";
 * 3. the dispatcher alone with a FAKE engine (no telephony; calls take 0 ms) on PGlite: its
 *    ceiling, to show where the time goes. Not a telephony figure.
 */
export async function benchAutoCall(calls: number): Promise<string[]> {
  const lines: string[] = [];
  const trunkPort = await freeUdpPort();
  const sipPort = await freeUdpPort();
  const audioDir = mkdtempSync(join(tmpdir(), 'hd-bench-auto-call-'));
  let stack: Stack | null = null;
  try {
    stack = await startStack({
      kamailio: { sipPort, trunkGateway: `127.0.0.1:${trunkPort}`, groupList: ['1001'] },
      recordStoreEnv: {
        HOTLINE_AUTO_CALL: '1',
        HOTLINE_AUTO_CALL_PBX: `127.0.0.1:${sipPort}`,
        HOTLINE_AUTO_CALL_HOURS: '00:00-24:00',
        HOTLINE_AUTO_CALL_TIMEOUT_MS: '20000',
        HOTLINE_AUTO_CALL_MAX_CONCURRENT: '4',
        HOTLINE_AUTO_CALL_AUDIO_DIR: audioDir,
        HOTLINE_AUTO_CALL_AUTH_USER: '96110',
        HOTLINE_AUTO_CALL_AUTH_PASS: RIG_SIP_PASSWORD,
      },
    });
    const url = stack.recordStore.url;
    const admin = await apiToken(url, 'admin', PASSWORD);
    const supervisor = await apiToken(url, 'super', PASSWORD);
    let seq = 0;
    const ingest = async (n: number): Promise<string[]> => {
      const instructions = Array.from({ length: n }, () => {
        seq += 1;
        return { sourceId: `BENCH-AUTO-${Date.now()}-${seq}`, grade: 'low', personName: '王五', phones: [`1391235${String(seq).padStart(4, '0')}`], fraudType: 'fake-loan', issuedAt: Date.now(), orgUnitCode: 'demo-centre' };
      });
      const answer = await apiCall<{ rows: Array<{ id: string }> }>(url, admin, 'POST', '/ingest/warning-instructions', { instructions });
      return answer.body.rows.map((r) => r.id);
    };
    const states = async (): Promise<Map<string, string>> => new Map((await apiCall<WarningListResponse>(url, supervisor, 'GET', '/warning-instructions')).body.items.map((i) => [i.id, i.state]));

    // The message is rendered once per fraud type and cached: one untimed call first.
    const ringSamples: number[] = [];
    for (let i = 0; i <= calls; i += 1) {
      const citizen = await startSipp({ scenario: 'citizen-trunk-press-key-uas.xml', port: trunkPort, template: { listenMs: LISTEN_MS, press: PRESS_1 }, rtpEcho: false, timeoutSec: 40 });
      try {
        const start = performance.now();
        await ingest(1);
        let rang = Number.NaN;
        for (const end = start + 20_000; performance.now() < end; await new Promise((r) => setTimeout(r, 10))) {
          if ((await citizen.log()).includes('INVITE sip:')) {
            rang = performance.now() - start;
            break;
          }
        }
        if (i > 0) ringSamples.push(rang);
        await Promise.race([citizen.done(), new Promise((r) => setTimeout(r, 30_000))]);
      } finally {
        await citizen.stop();
      }
    }
    lines.push(row('auto-call ingest → first ring at citizen (real)', ringSamples));

    // Throughput of one instance: 8 at once, 4 calls at a time.
    const batch = 8;
    const citizen = await startSipp({ scenario: 'citizen-trunk-press-key-uas.xml', port: trunkPort, template: { listenMs: LISTEN_MS, press: PRESS_1 }, rtpEcho: false, timeoutSec: 120, calls: batch });
    try {
      const start = performance.now();
      const ids = await ingest(batch);
      let handled = 0;
      for (const end = start + 120_000; performance.now() < end && handled < batch; await new Promise((r) => setTimeout(r, 200))) {
        const now = await states();
        handled = ids.filter((id) => now.get(id) === 'dissuaded').length;
      }
      const minutes = (performance.now() - start) / 60_000;
      lines.push(`${'auto-call handled/min, 1 instance (real, 1 s listen)'.padEnd(44)} ${(handled / minutes).toFixed(1)} per minute   (${handled}/${batch} in ${(minutes * 60).toFixed(1)} s, max 4 at once)`);
    } finally {
      await citizen.stop();
    }
  } finally {
    await stack?.stop();
    rmSync(audioDir, { recursive: true, force: true });
  }
  lines.push(await fakeEngineCeiling());
  return lines;
}

/** The dispatcher's own ceiling: enqueue, claim, settle with a 0 ms fake engine on a fresh PGlite. */
async function fakeEngineCeiling(): Promise<string> {
  const db = await openDatabase({});
  try {
    await db.migrate();
    const [unit] = await db.orm.insert(orgUnits).values({ code: 'bench', name: '测试', kind: 'city' }).returning({ id: orgUnits.id });
    const n = 400;
    const now = Date.UTC(2026, 11, 4, 2, 0);
    await db.orm.insert(warningInstructions).values(
      Array.from({ length: n }, (_, i) => ({ sourceId: `fake-${i}`, grade: 'low', personName: '人', phones: [`1380000${String(i).padStart(4, '0')}`], fraudType: 'fake-loan', issuedAt: now, orgUnitId: unit!.id, stateAt: now, updatedSeq: 1 })),
    );
    const engine = fakeCallEngine({}, 0);
    const policy = { ...DEFAULT_AUTO_CALL_POLICY, maxConcurrent: 4 };
    const start = performance.now();
    let done = 0;
    for (let pass = 0; pass < n && done < n; pass += 1) done += (await runAutoCallPass(db.orm, { policy, engine, audioFor: async () => '/tmp/x.wav', now: () => now })).length;
    const minutes = (performance.now() - start) / 60_000;
    return `${'auto-call handled/min, dispatcher (FAKE engine)'.padEnd(44)} ${(done / minutes).toFixed(0)} per minute   (${done} on PGlite, 0 ms calls, max 4 at once)`;
  } finally {
    await db.close();
  }
}

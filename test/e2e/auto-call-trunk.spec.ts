import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { WarningListResponse } from '../../shared/schemas/warning';
import { apiCall, apiToken } from '../rig/record-store-api';
import { freeUdpPort } from '../rig/rtpengine';
import { captureRtp } from '../rig/rtp-capture';
import { startSipp } from '../rig/sipp-peer';
import { startStack, type Stack } from '../rig/stack';

// Issue 19 through the carrier path: the record store's automatic caller (baresip) dials a
// low-grade instruction's number via Kamailio, rtpengine and the trunk, exactly as an agent's
// outbound call goes out. sipp on the trunk gateway is the citizen: it checks the INVITE
// (national form, 96110 in P-Asserted-Identity, rtpengine's media address), listens, presses 1.
const PASSWORD = 'demo1234';
const MOBILE = '13912340019';
/** sipp's RFC 4733 capture of key 1 (payload type 101), from the sip-tester package. */
const PRESS_1 = '<nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_1.pcap"/></action></nop>';

const RTPENGINE_MIN = 31_000;

let stack: Stack;
let trunkPort: number;
const audioDir = mkdtempSync(join(tmpdir(), 'hd-auto-call-audio-'));

test.beforeAll(async () => {
  trunkPort = await freeUdpPort();
  const sipPort = await freeUdpPort();
  stack = await startStack({
    // A media port range of its own, so the citizen can tell rtpengine's address from baresip's.
    rtpengine: { portMin: RTPENGINE_MIN, portMax: RTPENGINE_MIN + 99 },
    kamailio: { sipPort, trunkGateway: `127.0.0.1:${trunkPort}`, groupList: ['1001'] },
    recordStoreEnv: {
      HOTLINE_AUTO_CALL: '1',
      HOTLINE_AUTO_CALL_PBX: `127.0.0.1:${sipPort}`,
      // Any time of day: the suite may run at night (the real window is 08:30-22:00 Chongqing).
      HOTLINE_AUTO_CALL_HOURS: '00:00-24:00',
      HOTLINE_AUTO_CALL_INTERVAL_MS: '300',
      HOTLINE_AUTO_CALL_TIMEOUT_MS: '20000',
      HOTLINE_AUTO_CALL_AUDIO_DIR: audioDir,
    },
  });
});

test.afterAll(async () => {
  await stack?.stop();
  rmSync(audioDir, { recursive: true, force: true });
});

test('a low-grade instruction is called through the PBX and the trunk; the citizen hears the warning, presses 1; it is dissuaded with the attempt recorded', async () => {
  test.setTimeout(60_000);
  const citizen = await startSipp({ scenario: 'citizen-trunk-press-key-uas.xml', port: trunkPort, template: { listenMs: '4000', press: PRESS_1 }, rtpEcho: false, timeoutSec: 40 });
  const heard = await captureRtp(citizen.mediaPort);
  try {
    const admin = await apiToken(stack.recordStore.url, 'admin', PASSWORD);
    const ingest = await apiCall<{ created: number; rows: Array<{ id: string }> }>(stack.recordStore.url, admin, 'POST', '/ingest/warning-instructions', {
      instructions: [{ sourceId: `AUTO-CALL-E2E-${Date.now()}`, grade: 'low', personName: '王五', phones: [MOBILE], fraudType: 'fake-loan', issuedAt: Date.now(), orgUnitCode: 'demo-centre' }],
    });
    expect(ingest.body.created).toBe(1);
    const id = ingest.body.rows[0]?.id as string;

    // The citizen's scenario passes: answered, heard, pressed 1, and the caller hung up.
    const code = await Promise.race([citizen.done(), new Promise<number>((r) => setTimeout(() => r(-99), 35_000))]);
    expect(code, `citizen failed:\n${await citizen.log()}\n${await citizen.messages()}\n${stack.recordStore.process.output().slice(-3000)}`).toBe(0);
    const log = await citizen.log();
    expect(log).toContain(`INVITE sip:${MOBILE}@`);
    expect(log).toContain('PAI sip:96110@');
    // G.711 offered as plain RTP/AVP, media anchored at rtpengine (a port of its range, not baresip's).
    const offer = /m=audio (\d+) RTP\/AVP ([\d ]+)/.exec(log);
    expect(offer?.[2]?.split(' ')).toEqual(expect.arrayContaining(['8', '0']));
    expect(Number(offer?.[1])).toBeGreaterThanOrEqual(RTPENGINE_MIN);
    expect(Number(offer?.[1])).toBeLessThan(RTPENGINE_MIN + 100);

    // The spoken warning reached the citizen: at least 1 s of G.711 packets, 0.25 s of it speech.
    const audio = await heard.stop();
    const g711 = (audio.packets[8] ?? 0) + (audio.packets[0] ?? 0);
    test.info().annotations.push({ type: 'citizen heard', description: JSON.stringify(audio) });
    expect(g711, JSON.stringify(audio)).toBeGreaterThan(50);
    expect(audio.loudSamples, JSON.stringify(audio)).toBeGreaterThan(2000);

    // The record store: the agents' "dissuaded" outcome and the automatic attempt, answered.
    const supervisor = await apiToken(stack.recordStore.url, 'super', PASSWORD);
    await expect
      .poll(async () => (await apiCall<WarningListResponse>(stack.recordStore.url, supervisor, 'GET', '/warning-instructions')).body.items.find((i) => i.id === id)?.state, { timeout: 10_000 })
      .toBe('dissuaded');
    const item = (await apiCall<WarningListResponse>(stack.recordStore.url, supervisor, 'GET', '/warning-instructions?state=dissuaded')).body.items.find((i) => i.id === id);
    expect(item?.autoCall).toMatchObject({ status: 'acknowledged', attempts: [{ number: MOBILE, outcome: 'pressed-1', result: 'answered' }] });
  } finally {
    await heard.stop().catch(() => undefined);
    await citizen.stop();
  }
});

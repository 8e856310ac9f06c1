import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import type { WarningListResponse } from '../../shared/schemas/warning';
import { apiCall, apiToken } from '../rig/record-store-api';
import { freeUdpPort } from '../rig/rtpengine';
import { captureRtp } from '../rig/rtp-capture';
import { startSipp } from '../rig/sipp-peer';
import { RIG_SIP_PASSWORD, startStack, type Stack } from '../rig/stack';

// Issue 19 through the carrier path: the record store's automatic caller (baresip) dials a
// low-grade instruction's number via Kamailio, rtpengine and the trunk, exactly as an agent's
// outbound call goes out. sipp on the trunk gateway is the citizen: it checks the INVITE
// (national form, 96110 in P-Asserted-Identity, rtpengine's media address), listens, presses 1.
const PASSWORD = 'demo1234';
const MOBILE = '13912340019';
/** sipp's RFC 4733 capture of key 1 (payload type 101), from the sip-tester package. */
const PRESS_1 = '<nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_1.pcap"/></action></nop>';
const PRESS_2 = PRESS_1.replace('dtmf_2833_1', 'dtmf_2833_2');

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
      // The PBX asks for digest auth (on by default in the rig): the caller is the seeded 96110 account.
      HOTLINE_AUTO_CALL_AUTH_USER: '96110',
      HOTLINE_AUTO_CALL_AUTH_PASS: RIG_SIP_PASSWORD,
      // The policy's retries, shortened: two calls 1.5 s apart, then the SMS, then an agent.
      HOTLINE_AUTO_CALL_MAX_ATTEMPTS: '2',
      HOTLINE_AUTO_CALL_SPACING_MS: '1500',
    },
  });
});

test.afterAll(async () => {
  await stack?.stop();
  rmSync(audioDir, { recursive: true, force: true });
});

/** Ingests one low-grade instruction for `phone` as the city platform would; returns its id. */
async function ingestLow(phone: string, tag: string): Promise<string> {
  const admin = await apiToken(stack.recordStore.url, 'admin', PASSWORD);
  const ingest = await apiCall<{ created: number; rows: Array<{ id: string }> }>(stack.recordStore.url, admin, 'POST', '/ingest/warning-instructions', {
    instructions: [{ sourceId: `AUTO-CALL-E2E-${tag}-${Date.now()}`, grade: 'low', personName: '赵六', phones: [phone], fraudType: 'fake-loan', issuedAt: Date.now(), orgUnitCode: 'demo-centre' }],
  });
  expect(ingest.body.created).toBe(1);
  return ingest.body.rows[0]?.id as string;
}

/** The desks' queue as a supervisor lists it (the server's order). */
async function queue(): Promise<WarningListResponse['items']> {
  const supervisor = await apiToken(stack.recordStore.url, 'super', PASSWORD);
  return (await apiCall<WarningListResponse>(stack.recordStore.url, supervisor, 'GET', '/warning-instructions')).body.items;
}

const within = (ms: number, done: Promise<number>) => Promise.race([done, new Promise<number>((r) => setTimeout(() => r(-99), ms))]);

test('busy, then no answer after ringing: two calls 1.5 s apart as the policy says, then the warning SMS, then an agent; the person who pressed 2 goes first', async () => {
  test.setTimeout(90_000);
  const busyPhone = '13912340029';
  // The citizen's line is busy (486 after a moment of early media), then it rings and nobody
  // answers (480 after 1.5 s, the carrier's no-answer timer shortened). One sipp plays both calls:
  // a second one started after the first exited was not always bound when the retry arrived.
  const carrier = await startSipp({ scenario: 'carrier-busy-then-no-answer-uas.xml', port: trunkPort, calls: 2, rtpEcho: false, timeoutSec: 40 });
  const id = await ingestLow(busyPhone, 'BUSY');
  let code = await within(35_000, carrier.done());
  expect(code, `busy, then unanswered line:\n${await carrier.log()}\n${await carrier.messages()}\n${stack.recordStore.process.output().slice(-2000)}`).toBe(0);
  await expect.poll(async () => (await queue()).find((i) => i.id === id)?.autoCall?.status, { timeout: 10_000 }).toBe('sms-fallback');
  const settled = (await queue()).find((i) => i.id === id);
  // The agents' result codes; the SMS was queued in the same step (without a usable template the status would be `escalated`).
  expect(settled?.autoCall).toMatchObject({
    escalation: 'calls-exhausted:no-answer',
    priority: false,
    attempts: [
      { number: busyPhone, outcome: 'busy', result: 'busy' },
      { number: busyPhone, outcome: 'no-answer', result: 'no-answer' },
    ],
  });
  // The second call waited for the spacing after the first was settled (1.5 s), then rang 1.5 s.
  const [first, second] = settled?.autoCall?.attempts ?? [];
  expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(3_000);
  // Now it is an agent's: unassigned in the queue, open, and no third call is made (nothing listens on the trunk: it would show as an attempt).
  expect(settled?.assigneeId).toBeNull();
  expect(['issued', 'sms-sent']).toContain(settled?.state);
  await new Promise((r) => setTimeout(r, 2_500));
  expect((await queue()).find((i) => i.id === id)?.autoCall?.attempts).toHaveLength(2);

  // Key 2: the person wants an officer to call; the instruction goes before the older one above.
  const callbackPhone = '13912340039';
  const citizen = await startSipp({ scenario: 'citizen-trunk-press-key-uas.xml', port: trunkPort, template: { listenMs: '1500', press: PRESS_2 }, rtpEcho: false, timeoutSec: 40 });
  try {
    const wants = await ingestLow(callbackPhone, 'KEY2');
    code = await within(30_000, citizen.done());
    expect(code, `citizen pressing 2:\n${await citizen.log()}\n${stack.recordStore.process.output().slice(-2000)}`).toBe(0);
    await expect.poll(async () => (await queue()).find((i) => i.id === wants)?.autoCall?.status, { timeout: 10_000 }).toBe('escalated');
    const items = await queue();
    expect(items.find((i) => i.id === wants)?.autoCall).toMatchObject({ priority: true, escalation: 'callback-requested', attempts: [{ number: callbackPhone, outcome: 'pressed-2', result: 'answered' }] });
    const ids = items.map((i) => i.id);
    expect(ids.indexOf(wants)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(wants)).toBeLessThan(ids.indexOf(id));
  } finally {
    await citizen.stop();
  }
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

test('an agent takes over in the workstation while the citizen is listening: the automatic call hangs up at once, its attempt is on record, nobody is called again', async () => {
  test.setTimeout(90_000);
  const phone = '13912340049';
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
  // Answers and listens; never presses a key (left alone, the caller would wait for the whole message and the key wait, 28 s).
  const citizen = await startSipp({ scenario: 'citizen-trunk-press-key-uas.xml', port: trunkPort, template: { listenMs: '300', press: '' }, rtpEcho: false, timeoutSec: 60 });
  try {
    const page = await browser.newPage();
    await page.goto(stack.workstationUrl());
    await page.getByLabel('工号').fill('agent1001');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('tab-warnings').click();
    await expect(page.getByTestId('warning-count')).toBeVisible({ timeout: 20_000 });

    const id = await ingestLow(phone, 'TAKE-OVER');
    await expect
      .poll(async () => (await citizen.log()).includes(`INVITE sip:${phone}@`), { timeout: 15_000 })
      .toBe(true)
      .catch(async (error: unknown) => {
        // Where the automatic call stood when it never rang (seen once in CI, not reproduced on an idle machine).
        const item = (await queue().catch(() => [])).find((i) => i.id === id);
        throw new Error(`no INVITE reached the citizen in 15 s; the instruction then: ${JSON.stringify(item ?? null)}\n${String(error)}`);
      });
    // The queue shows it being handled automatically (after the sync poke, or a refresh).
    const row = page.locator(`[data-testid="warning-row"][data-id="${id}"]`);
    await expect(async () => {
      await page.getByRole('button', { name: '刷新' }).click();
      await expect(row.getByTestId('warning-auto-call')).toContainText('自动外呼', { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await row.click();
    await expect(page.getByTestId('auto-call-holder')).toContainText('无（自动处理）');
    // One action, from the keyboard.
    await page.getByTestId('auto-call-take-over').focus();
    await page.keyboard.press('Enter');
    const tookAt = Date.now();
    await expect(page.getByTestId('auto-call-holder')).toContainText('你');
    // The caller's BYE ends the citizen's scenario long before its own 28 s wait.
    const code = await within(10_000, citizen.done());
    expect(code, `citizen:\n${await citizen.log()}\n${stack.recordStore.process.output().slice(-2000)}`).toBe(0);
    expect(Date.now() - tookAt).toBeLessThan(6_000);
    await expect.poll(async () => (await queue()).find((i) => i.id === id)?.autoCall?.attempts.length, { timeout: 10_000 }).toBe(1);
    const item = (await queue()).find((i) => i.id === id);
    expect(item?.assigneeId).not.toBeNull();
    expect(item?.autoCall).toMatchObject({ status: 'taken-over', inCall: false, attempts: [{ number: phone, outcome: 'answered-no-key', result: 'answered' }] });
    // No second call: nothing listens on the trunk now, so one would show as another attempt.
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await queue()).find((i) => i.id === id)?.autoCall?.attempts).toHaveLength(1);
  } finally {
    await citizen.stop();
    await browser.close();
  }
});

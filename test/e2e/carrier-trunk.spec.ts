import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { measureTone } from '../rig/caller/tone';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { freePort } from '../rig/process';
import { freeUdpPort } from '../rig/rtpengine';
import { startSipp, type Sipp } from '../rig/sipp-peer';
import { startStack, type Stack } from '../rig/stack';
import { apiCall, apiToken } from '../rig/record-store-api';
import { readStore, signIn } from './helpers';

// The carrier path: Kamailio + rtpengine as shipped, sipp as the carrier's plain SIP/RTP peer
// (independent of the product). sipp echoes RTP back, so the agent hearing its own tone
// proves audio crossed rtpengine in both directions (WebRTC DTLS-SRTP ↔ plain G.711).
const AGENT_TONE = 880;
const MOBILE = '13912345678';

let stack: Stack;
let browser: Browser;
let agent: Page;
/** agent1002, signed in and not ready (吃饭): never offered a queue call. */
let notReady: Page;
let trunkPort: number;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  trunkPort = await freeUdpPort();
  // 96110 routing by agent state is on (issue 16): a plain SIP carrier call must reach only a
  // ready agent. Both are in the ring group, so the ring-all fallback would offer it to both.
  const storePort = await freePort();
  stack = await startStack({
    recordStorePort: storePort,
    kamailio: { trunkGateway: `127.0.0.1:${trunkPort}`, groupList: ['1001', '1002'], routingUrl: `http://127.0.0.1:${storePort}/api/v1/routing` },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(AGENT_TONE) });
  agent = await browser.newPage();
  await signIn(agent, stack.workstationUrl(), 'agent1001');
  notReady = await (await browser.newContext()).newPage();
  await signIn(notReady, stack.workstationUrl(), 'agent1002');
  await notReady.getByTestId('agent-state-menu').click();
  await notReady.getByTestId('agent-state-not-ready-meal').click();
  await expect(notReady.getByRole('contentinfo').getByTestId('agent-state')).toHaveAttribute('data-state', 'not-ready');
  // The routing reads agent states in the record store: wait until this one got there.
  await expect.poll(async () => (await readStore(notReady, 'outbox')).length).toBe(0);
});

test.afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const agentHears = () => agent.evaluate(measureTone, 'audio[data-role="remote-audio"]');

/**
 * Counts RFC 4733 packets (RTP payload type `pt`) on lo with tcpdump that match a pcap filter.
 * SRTP leaves the RTP header in clear, so this sees the browser's leg too.
 */
function watchTelephoneEvents(filter: string, pt: number): { count: () => number; stop: () => void } {
  // udp[8] is the first RTP byte, udp[9] & 0x7f its payload type.
  const proc: ChildProcess = spawn('tcpdump', ['-i', 'lo', '-n', '-l', '-q', `udp and ${filter} and (udp[9] & 0x7f) = ${pt}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let lines = 0;
  proc.stdout?.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').filter(Boolean).length));
  return {
    count: () => lines,
    stop: () => {
      if (proc.pid) process.kill(proc.pid, 'SIGTERM');
    },
  };
}

/** What rtpengine relays to a browser: from its media ports, to a port outside them that is not the carrier's. */
function towardsBrowser(carrierMediaPort: number): string {
  const { portMin, portMax } = stack.rtpengine!;
  return `src portrange ${portMin}-${portMax} and not dst portrange ${portMin}-${portMax} and not dst port ${carrierMediaPort}`;
}

async function finished(sipp: Sipp): Promise<void> {
  const code = await Promise.race([sipp.done(), new Promise<number>((r) => setTimeout(() => r(-99), 15_000))]);
  const log = await sipp.log();
  await sipp.stop();
  expect(code, `sipp failed:\n${log}\n${sipp.process.output().slice(-3000)}`).toBe(0);
}

test('the carrier calls +8696110 with From anonymous: routed to the ready agent only; the card shows the PAI number, audio and DTMF both ways', async () => {
  const carrier = await startSipp({
    scenario: 'carrier-inbound-uac.xml',
    remote: `127.0.0.1:${stack.kamailio.sipPort}`,
    service: '+8696110',
    // From the trunk gateway's address: a carrier is trusted by IP, never challenged.
    port: trunkPort,
    keys: { pai: MOBILE },
    // The caller presses 1 (RFC 4733, payload 101 as offered) once the tone was measured: the
    // capture's own SSRC would disturb that measurement.
    template: { press: '<pause milliseconds="3500"/><nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_1.pcap"/></action></nop>' },
  });
  try {
    const card = agent.getByTestId('call-card');
    await expect(card).toHaveAttribute('data-state', 'ringing');
    await expect(card.getByTestId('remote-number')).toHaveText(MOBILE);
    // Carrier → workstation DTMF: telephone-events relayed by rtpengine to the browser.
    const inbound = watchTelephoneEvents(towardsBrowser(carrier.mediaPort), 101);
    try {
      await agent.keyboard.press('Alt+A');
      await expect(card).toHaveAttribute('data-state', 'active');
      // Our tone went to the carrier as PCMA and came back: both directions through rtpengine.
      expect(Math.abs((await agentHears()).hz - AGENT_TONE)).toBeLessThan(15);
      await expect.poll(inbound.count, { timeout: 8000 }).toBeGreaterThan(0);
    } finally {
      inbound.stop();
    }
    // RFC 4733 from the workstation reaches the trunk side (the carrier offered payload 101).
    const events = watchTelephoneEvents(`dst port ${carrier.mediaPort}`, 101);
    try {
      await agent.waitForTimeout(300);
      await agent.getByTestId('dtmf-5').click();
      await expect.poll(events.count, { timeout: 5000 }).toBeGreaterThan(0);
    } finally {
      events.stop();
    }
    // Never offered to the agent who is not ready; the record store's routing answered the call.
    await expect(notReady.getByTestId('call-card')).toHaveCount(0);
    await agent.keyboard.press('Alt+H');
    await finished(carrier);
  } finally {
    await carrier.stop();
  }
  const supervisor = await apiToken(stack.recordStore.url, 'super', 'demo1234');
  await expect
    .poll(async () => (await apiCall<{ answeredToday: number; waitingNow: number }>(stack.recordStore.url, supervisor, 'GET', '/routing/queue')).body)
    .toMatchObject({ answeredToday: 1, waitingNow: 0 });
});

test('a warning call to +86 mobile goes out on the trunk as G.711 with 96110 presented; audio both ways; DTMF', async () => {
  const citizen = await startSipp({ scenario: 'carrier-answer-uas.xml', port: trunkPort, pauseMs: 500 });
  try {
    await agent.getByTestId('dial-input').fill(`+86${MOBILE}`);
    await agent.getByTestId('dial-input').press('Enter');
    const card = agent.getByTestId('call-card');
    await expect(card).toHaveAttribute('data-state', 'active', { timeout: 10_000 }).catch(async (error: unknown) => {
      throw new Error(`not answered: ${String(error)}\n${await citizen.log()}\n${await citizen.messages()}`);
    });
    expect(Math.abs((await agentHears()).hz - AGENT_TONE)).toBeLessThan(15);
    const log = await citizen.log();
    // National form, the centre's number presented, only PCMA/PCMU/telephone-event offered.
    expect(log).toContain(`INVITE sip:${MOBILE}@`);
    expect(log).toContain('PAI sip:96110@');
    const mline = /m=audio \d+ RTP\/AVP ([\d ]+)/.exec(log)?.[1]?.trim().split(' ') ?? [];
    expect(mline.slice(0, 2)).toEqual(['8', '0']);
    expect(mline).toHaveLength(3);
    const tePayload = Number(/TE (\d+)/.exec(log)?.[1]);
    expect(mline[2]).toBe(String(tePayload));
    const events = watchTelephoneEvents(`dst port ${citizen.mediaPort}`, tePayload);
    try {
      await agent.getByTestId('dtmf-1').click();
      await expect.poll(events.count, { timeout: 5000 }).toBeGreaterThan(0);
    } finally {
      events.stop();
    }
    await agent.keyboard.press('Alt+H');
    await finished(citizen);
  } finally {
    await citizen.stop();
  }
});

// What the carrier says becomes the outcome, table-driven and lean: each row is one rejected
// call with a short early-media phase; only the first two rows listen to it.
const ANNOUNCEMENT = '<nop><action><exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap"/></action></nop>';
const OUTCOMES: ReadonlyArray<{ status: number; reason: string; words: string; early?: 'echo' | 'announcement' }> = [
  // Early media is heard (the echo stands in for 您拨打的电话正在通话中).
  { status: 486, reason: 'Busy Here', words: '对方忙', early: 'echo' },
  // The carrier's own recording in the 183 (您拨打的电话已关机), then 480.
  { status: 480, reason: 'Temporarily Unavailable', words: '无人接听', early: 'announcement' },
  { status: 404, reason: 'Not Found', words: '空号或号码不存在' },
  { status: 503, reason: 'Service Unavailable', words: '无法接通（网络故障）' },
  { status: 600, reason: 'Busy Everywhere', words: '对方忙' },
  { status: 604, reason: 'Does Not Exist Anywhere', words: '空号或号码不存在' },
  { status: 408, reason: 'Request Timeout', words: '无人接听' },
];

for (const { status, reason, words, early } of OUTCOMES) {
  test(`the carrier answers ${status} after early media${early ? ` (${early} heard)` : ''}: the workstation shows ${words}`, async () => {
    const carrier = await startSipp({
      scenario: 'carrier-reject-uas.xml',
      port: trunkPort,
      pauseMs: early ? 3000 : 300,
      rtpEcho: early !== 'announcement',
      template: { status: String(status), reason, announce: early === 'announcement' ? ANNOUNCEMENT : '' },
    });
    try {
      await agent.getByTestId('dial-input').fill('02388886666');
      await agent.getByTestId('dial-input').press('Enter');
      if (early) {
        await expect(agent.getByTestId('call-state'))
          .toHaveText('对方振铃（彩铃）')
          .catch(async (error: unknown) => {
            throw new Error(`no early media: ${String(error)}\n${await carrier.log()}\n${await carrier.messages()}`);
          });
        const heard = await agentHears();
        // The echo brings back our own tone; the announcement is the carrier's sound, not ours.
        if (early === 'echo') expect(Math.abs(heard.hz - AGENT_TONE)).toBeLessThan(15);
        else expect({ db: heard.db > -80, ours: Math.abs(heard.hz - AGENT_TONE) < 15 }).toEqual({ db: true, ours: false });
      }
      await expect(agent.getByTestId('facts-state'))
        .toHaveText(words)
        .catch(async (error: unknown) => {
          throw new Error(`${String(error)}\n${await carrier.log()}\n${await carrier.messages()}`);
        });
      await finished(carrier);
    } finally {
      await carrier.stop();
    }
  });
}

test('an answered call over which the far end sends nothing is shown as dead air', async () => {
  // The citizen's side answers but no RTP ever comes back (no echo): a broken media path.
  const citizen = await startSipp({ scenario: 'carrier-answer-uas.xml', port: trunkPort, pauseMs: 100, rtpEcho: false });
  try {
    await agent.getByTestId('dial-input').fill(MOBILE);
    await agent.getByTestId('dial-input').press('Enter');
    await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
    await expect(agent.getByTestId('dead-air')).toContainText('对方无声音', { timeout: 15_000 });
    await agent.keyboard.press('Alt+H');
    await finished(citizen);
  } finally {
    await citizen.stop();
  }
});

test('the far end holds the call (re-INVITE sendonly): the card says so and the silence is not dead air', async () => {
  const citizen = await startSipp({ scenario: 'carrier-hold-uas.xml', port: trunkPort, pauseMs: 1500 });
  try {
    await agent.getByTestId('dial-input').fill(MOBILE);
    await agent.getByTestId('dial-input').press('Enter');
    await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
    await expect(agent.getByTestId('remote-held'))
      .toContainText('对方已保持', { timeout: 10_000 })
      .catch(async (error: unknown) => {
        throw new Error(`no hold seen: ${String(error)}\n${await citizen.log()}\n${await citizen.messages()}`);
      });
    // Longer than the dead-air threshold (5 s, renderer/src/softphone/dead-air.ts) with nothing arriving.
    await agent.waitForTimeout(7000);
    await expect(agent.getByTestId('dead-air')).toHaveCount(0);
    await agent.keyboard.press('Alt+H');
    await finished(citizen);
  } finally {
    await citizen.stop();
  }
});

test('a warning call to a busy number: the SIP 486 pre-selects 占线 and one click records a busy attempt in the record store', async () => {
  const BUSY = '13700001111';
  const admin = await apiToken(stack.recordStore.url, 'admin', 'demo1234');
  const ingest = await apiCall<{ rows: Array<{ id?: string }> }>(stack.recordStore.url, admin, 'POST', '/ingest/warning-instructions', {
    instructions: [{ sourceId: 'E2E-TRUNK-BUSY', grade: 'medium', personName: '周某某', phones: [BUSY], fraudType: 'other', summary: '外呼占线', issuedAt: Date.now() - 60_000, orgUnitCode: 'demo-centre' }],
  });
  expect(ingest.status).toBe(200);
  const id = ingest.body.rows[0]?.id ?? '';
  await agent.getByTestId('tab-warnings').click();
  const row = agent.locator(`[data-testid="warning-row"][data-id="${id}"]`);
  await expect(async () => {
    // The tab re-reads the queue after a sync pull; refresh once it is slow to arrive.
    await agent.getByRole('button', { name: '刷新' }).click();
    await expect(row).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await row.click();
  await agent.getByTestId('warning-sign').click();
  const carrier = await startSipp({ scenario: 'carrier-reject-uas.xml', port: trunkPort, pauseMs: 300, template: { status: '486', reason: 'Busy Here', announce: '' } });
  try {
    await agent.getByTestId('warning-dial').click();
    await expect(agent.getByTestId('facts-state')).toHaveText('对方忙');
    await finished(carrier);
  } finally {
    await carrier.stop();
  }
  const suggestion = agent.getByTestId('warning-result-suggested');
  await expect(suggestion).toHaveAttribute('data-result', 'busy');
  await suggestion.getByTestId('warning-result-suggested-save').click();
  await expect(agent.getByTestId('warning-notice')).toHaveText('已记录：占线');
  type List = { items: Array<{ id: string; attempts: Array<{ channel: string; number: string; result: string; callRecordId: string | null }> }> };
  const listed = await apiCall<List>(stack.recordStore.url, await apiToken(stack.recordStore.url, 'agent1001', 'demo1234'), 'GET', '/warning-instructions');
  expect(listed.body.items.find((i) => i.id === id)?.attempts).toEqual([expect.objectContaining({ channel: 'call', number: BUSY, result: 'busy', callRecordId: expect.any(String) })]);
});

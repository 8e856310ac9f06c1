import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { measureTone } from '../rig/caller/tone';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { freeUdpPort } from '../rig/rtpengine';
import { startSipp, type Sipp } from '../rig/sipp-peer';
import { startStack, type Stack } from '../rig/stack';
import { signIn } from './helpers';

// The carrier path: Kamailio + rtpengine as shipped, sipp as the carrier's plain SIP/RTP peer
// (independent of the product). sipp echoes RTP back, so the agent hearing its own tone
// proves audio crossed rtpengine in both directions (WebRTC DTLS-SRTP ↔ plain G.711).
const AGENT_TONE = 880;
const MOBILE = '13912345678';

let stack: Stack;
let browser: Browser;
let agent: Page;
let trunkPort: number;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  trunkPort = await freeUdpPort();
  stack = await startStack({ kamailio: { trunkGateway: `127.0.0.1:${trunkPort}`, groupList: ['1001'] } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(AGENT_TONE) });
  agent = await browser.newPage();
  await signIn(agent, stack.workstationUrl(), 'agent1001');
});

test.afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const agentHears = () => agent.evaluate(measureTone, 'audio[data-role="remote-audio"]');

/** Counts RFC 4733 packets (RTP payload type `pt`) sent to a UDP port on lo, with tcpdump. */
function watchTelephoneEvents(port: number, pt: number): { count: () => number; stop: () => void } {
  // udp[8] is the first RTP byte, udp[9] & 0x7f its payload type.
  const proc: ChildProcess = spawn('tcpdump', ['-i', 'lo', '-n', '-l', '-q', `udp dst port ${port} and (udp[9] & 0x7f) = ${pt}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let lines = 0;
  proc.stdout?.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').filter(Boolean).length));
  return {
    count: () => lines,
    stop: () => {
      if (proc.pid) process.kill(proc.pid, 'SIGTERM');
    },
  };
}

async function finished(sipp: Sipp): Promise<void> {
  const code = await Promise.race([sipp.done(), new Promise<number>((r) => setTimeout(() => r(-99), 15_000))]);
  const log = await sipp.log();
  await sipp.stop();
  expect(code, `sipp failed:\n${log}\n${sipp.process.output().slice(-3000)}`).toBe(0);
}

test('the carrier calls +8696110 with From anonymous: the card shows the PAI number, audio both ways', async () => {
  const carrier = await startSipp({ scenario: 'carrier-inbound-uac.xml', remote: `127.0.0.1:${stack.kamailio.sipPort}`, service: '+8696110', keys: { pai: MOBILE } });
  try {
    const card = agent.getByTestId('call-card');
    await expect(card).toHaveAttribute('data-state', 'ringing');
    await expect(card.getByTestId('remote-number')).toHaveText(MOBILE);
    await agent.keyboard.press('Alt+A');
    await expect(card).toHaveAttribute('data-state', 'active');
    // Our tone went to the carrier as PCMA and came back: both directions through rtpengine.
    expect(Math.abs((await agentHears()).hz - AGENT_TONE)).toBeLessThan(15);
    // RFC 4733 from the workstation reaches the trunk side (the carrier offered payload 101).
    const events = watchTelephoneEvents(carrier.mediaPort, 101);
    try {
      await agent.waitForTimeout(300);
      await agent.getByTestId('dtmf-5').click();
      await expect.poll(events.count, { timeout: 5000 }).toBeGreaterThan(0);
    } finally {
      events.stop();
    }
    await agent.keyboard.press('Alt+H');
    await finished(carrier);
  } finally {
    await carrier.stop();
  }
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
    const events = watchTelephoneEvents(citizen.mediaPort, tePayload);
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

for (const [status, reason, words] of [
  [486, 'Busy Here', '对方忙'],
  [480, 'Temporarily Unavailable', '无人接听'],
  [404, 'Not Found', '空号或号码不存在'],
] as const) {
  test(`the carrier plays an announcement (183) then answers ${status}: the workstation shows ${words}`, async () => {
    const carrier = await startSipp({ scenario: 'carrier-reject-uas.xml', port: trunkPort, pauseMs: status === 486 ? 3000 : 300, template: { status: String(status), reason } });
    try {
      await agent.getByTestId('dial-input').fill('02388886666');
      await agent.getByTestId('dial-input').press('Enter');
      if (status === 486) {
        // Early media is heard (the echo stands in for 您拨打的电话正在通话中).
        await expect(agent.getByTestId('call-state'))
          .toHaveText('对方振铃（彩铃）')
          .catch(async (error: unknown) => {
            throw new Error(`no early media: ${String(error)}\n${await carrier.log()}\n${await carrier.messages()}`);
          });
        expect(Math.abs((await agentHears()).hz - AGENT_TONE)).toBeLessThan(15);
      }
      await expect(agent.getByTestId('facts-state')).toHaveText(words);
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

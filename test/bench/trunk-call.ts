import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startSipp } from '../rig/sipp-peer';
import type { Stack } from '../rig/stack';
import { row } from './stats';

declare global {
  interface Window {
    /** Every RTCPeerConnection the page made (bench instrumentation, installed before the app loads). */
    __hdPeerConnections?: RTCPeerConnection[];
  }
}

/**
 * Answer → first two-way audio through the carrier trunk: sipp calls +8696110 as the carrier
 * with RTP echo, the workstation answers; the figure ends when the workstation receives its
 * first inbound audio bytes, which (echoed by the carrier side) have crossed rtpengine in
 * both directions. Beside it, measured the same way in the same run, the browser-to-browser
 * figure: the caller simulator (WebRTC straight to the workstation, no rtpengine) calls
 * 96110. Prints the medians of `calls` each; asserts nothing.
 */
export async function benchTrunkCall(stack: Stack, calls: number): Promise<string[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  const callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  const trunk: number[] = [];
  const direct: number[] = [];
  try {
    const agent = await browser.newPage();
    await agent.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      window.__hdPeerConnections = [];
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          window.__hdPeerConnections!.push(this);
        }
      };
    });
    await agent.goto(stack.workstationUrl());
    await agent.getByLabel('工号').fill('agent1003');
    await agent.getByLabel('密码').fill('demo1234');
    await agent.getByRole('button', { name: '登录' }).click();
    await agent.getByTestId('registration').and(agent.locator('[data-state=registered]')).waitFor();
    for (let i = 0; i < calls; i++) {
      const carrier = await startSipp({
        scenario: 'carrier-inbound-uac.xml',
        remote: `127.0.0.1:${stack.kamailio.sipPort}`,
        service: '+8696110',
        // From the trunk gateway's address (kamailio.cfg's TRUNK_GW default): trusted by IP, not challenged.
        port: 5070,
        keys: { pai: `1391234${String(5000 + i)}` },
        timeoutSec: 30,
      });
      try {
        trunk.push(await answerToAudio(agent));
        await Promise.race([carrier.done(), new Promise((r) => setTimeout(r, 5000))]);
      } finally {
        await carrier.stop();
      }
    }
    for (let i = 0; i < calls; i++) {
      const caller = await callerBrowser.newPage();
      try {
        await caller.goto(stack.callerUrl());
        await caller.evaluate((n) => window.caller.register(n), `1380013${String(7000 + i)}`);
        await caller.evaluate(() => window.caller.call('96110'));
        direct.push(await answerToAudio(agent));
      } finally {
        await caller.close();
      }
    }
  } finally {
    await browser.close();
    await callerBrowser.close();
  }
  return [
    `answer click → first audio received by the workstation, ${calls} calls each:`,
    row('  carrier trunk (sipp PCMA + RTP echo → Kamailio + rtpengine → WebRTC; two-way)', trunk),
    row('  browser to browser (caller simulator WebRTC → workstation, no rtpengine)', direct),
  ];
}

/** Waits for the ringing call, answers it, returns ms from the click to the first inbound audio bytes, hangs up. */
async function answerToAudio(agent: Page): Promise<number> {
  await agent.getByTestId('answer').waitFor({ timeout: 20_000 });
  await agent.evaluate(() => (window.__hdPeerConnections = []));
  const clickedAt = await agent.evaluate(() => performance.now());
  await agent.getByTestId('answer').click();
  // No named helpers inside evaluate bodies: tsx would inject a `__name` call the page lacks.
  const firstAudioAt = await agent.evaluate(async () => {
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline) {
      for (const pc of window.__hdPeerConnections ?? []) {
        let bytes = 0;
        (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesReceived?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') bytes += s.bytesReceived ?? 0;
        });
        if (bytes > 0) return performance.now();
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return Number.NaN;
  });
  await agent.getByTestId('hangup').click();
  await agent.getByTestId('call-card').waitFor({ state: 'detached' });
  return firstAudioAt - clickedAt;
}

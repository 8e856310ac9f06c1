import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { createSocket } from 'node:dgram';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { signIn } from './helpers';

// The README's first command, as a newcomer runs it: `bash scripts/demo.sh` in a clean copy of
// the repository (a `git clone` of HEAD: the committed state, which is what CI checks out),
// here inside the loopback namespace the e2e stage runs in. It must reach its banner, take a
// call from the caller simulator to 96110 that the workstation answers, and leave nothing
// running after Ctrl+C. node_modules is hard-linked from this checkout (no network here).
// DEMO_SMOKE_SOURCE=worktree (or a directory) copies that tree instead, to try uncommitted changes.

const ROOT = resolve(import.meta.dirname, '../..');
/** Non-default ports, so a demo left running on the defaults cannot mask a failure. */
const PORTS = { RECORD_STORE_PORT: 24100, SIP_WS_PORT: 28088, SIP_UDP_PORT: 25060, WEB_PORT: 25173 };
const BANNER = /Ctrl\+C stops everything/;
/** What a demo may start; none of it may be left in this network namespace afterwards. */
const DEMO_PROCESS = /kamailio|rtpengine|server\/main\.ts|scripts\/demo\.ts|static-server/;

let dir: string;
let repo: string;
let demo: ChildProcess | undefined;
let output = '';
let agentBrowser: Browser | undefined;
let callerBrowser: Browser | undefined;
let before: Set<number>;

/** PIDs in this network namespace whose command line looks like part of a demo. */
function demoProcesses(): Map<number, string> {
  const ownNet = readlinkSync('/proc/self/ns/net');
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) !== ownNet) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (DEMO_PROCESS.test(cmd)) found.set(Number(entry), cmd);
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}

const tcpOpen = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

const udpFree = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = createSocket('udp4');
    socket.once('error', () => done(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => done(true)));
  });

/** Resolves with the first output line matching `pattern`, bounded in time. */
async function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(output);
    if (match) return match;
    if (demo?.exitCode !== null || demo?.signalCode !== null) throw new Error(`the demo exited (${demo?.exitCode ?? demo?.signalCode}) before ${pattern}:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`);
}

test.beforeAll(async () => {
  // Under .rig (ignored by git, lint and the test runners): on the checkout's own file
  // system, so node_modules can be hard-linked; a crashed earlier run's copy is removed.
  const parent = join(ROOT, '.rig');
  mkdirSync(parent, { recursive: true });
  for (const old of readdirSync(parent).filter((n) => n.startsWith('demo-smoke-'))) rmSync(join(parent, old), { recursive: true, force: true });
  dir = mkdtempSync(join(parent, 'demo-smoke-'));
  repo = join(dir, 'repo');
  const source = process.env.DEMO_SMOKE_SOURCE;
  if (source) {
    const from = source === 'worktree' ? ROOT : resolve(source);
    execFileSync('bash', ['-c', `mkdir -p "$1" && tar -C "$0" -c --exclude=./node_modules --exclude=./out --exclude=./.rig --exclude=./reports --exclude=./test-results --exclude=./dist . | tar -C "$1" -x`, from, repo]);
  } else {
    execFileSync('git', ['clone', '--quiet', ROOT, repo]);
  }
  execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(repo, 'node_modules')]);
  // A fresh checkout's lockfile is newer than the linked install record, which would make
  // ensure-node-deps.sh run `npm ci` (no network here): give the clone its own, newer copy.
  rmSync(join(repo, 'node_modules/.package-lock.json'));
  copyFileSync(join(ROOT, 'node_modules/.package-lock.json'), join(repo, 'node_modules/.package-lock.json'));
  before = new Set(demoProcesses().keys());
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  if (demo?.pid && demo.exitCode === null && demo.signalCode === null) {
    try {
      process.kill(-demo.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('bash scripts/demo.sh from a clean clone: banner, one answered call to 96110, Ctrl+C leaves nothing running', async () => {
  test.setTimeout(300_000);
  const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(Object.entries(PORTS).map(([k, v]) => [k, String(v)])), DEMO_FREEZE_RECORDS: '300' };
  // The clone builds and serves its own pages.
  delete env.HOTLINE_WEB_OUT;
  delete env.DATABASE_URL;
  // Its own process group, so Ctrl+C can be sent as a terminal sends it: to the whole group.
  demo = spawn('bash', ['scripts/demo.sh'], { cwd: repo, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  await waitForOutput(BANNER, 240_000);
  // Progress, not silence: every step announced itself, and the seed ran on the first start.
  for (const step of ['[1/6]', '[2/6]', '[3/6]', '[4/6]', '[5/6]', '[6/6]']) expect(output).toContain(step);
  expect(output).toContain('seed: demo warning instructions: 14 created');
  const workstationUrl = (await waitForOutput(/http:\/\/127\.0\.0\.1:\d+\/app\/\?\S+/, 1000))[0];
  const callerUrl = (await waitForOutput(/http:\/\/127\.0\.0\.1:\d+\/caller\/\?\S+/, 1000))[0];
  expect(workstationUrl).toContain(`:${PORTS.WEB_PORT}/`);
  expect(callerUrl).toContain(`ws%3A%2F%2F127.0.0.1%3A${PORTS.SIP_WS_PORT}`);

  // The leak check below can see a running demo (so it can fail): the PBX and the record store are up now.
  const running = [...demoProcesses()].filter(([pid]) => !before.has(pid)).map(([, cmd]) => cmd);
  expect(running.some((cmd) => cmd.startsWith('kamailio')), running.join('\n')).toBe(true);
  expect(running.some((cmd) => cmd.includes('server/main.ts')), running.join('\n')).toBe(true);

  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  const agent = await agentBrowser.newPage();
  await signIn(agent, workstationUrl, 'agent1001');

  // The simulator registers by itself from the banner's link (no Register press).
  const caller = await callerBrowser.newPage();
  await caller.goto(callerUrl);
  await expect(caller.locator('#reg')).toHaveAttribute('data-state', 'registered');
  await caller.locator('#call').click();
  const card = agent.getByTestId('call-card');
  await expect(card).toHaveAttribute('data-state', 'ringing');
  await agent.keyboard.press('Alt+A');
  await expect(card).toHaveAttribute('data-state', 'active');
  await expect.poll(() => caller.evaluate(() => window.caller.state())).toBe('active');
  // What the README's first-call walkthrough shows, kept as artifacts of the run.
  await agent.screenshot({ path: 'reports/demo-first-call-workstation.png' });
  await caller.screenshot({ path: 'reports/demo-first-call-caller.png' });
  await caller.locator('#hangup').click();
  await expect.poll(() => caller.evaluate(() => window.caller.state())).toBe('ended');
  await agentBrowser.close();
  await callerBrowser.close();
  agentBrowser = callerBrowser = undefined;

  // Ctrl+C: SIGINT to the foreground process group, as a terminal sends it.
  const exited = new Promise<number | null>((done) => demo?.once('exit', (code) => done(code)));
  process.kill(-(demo.pid as number), 'SIGINT');
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
  expect(code, output.slice(-3000)).toBe(0);
  expect(output).toContain('demo: stopped.');

  // Nothing left: no demo process in this namespace, every port closed again.
  await expect.poll(() => [...demoProcesses()].filter(([pid]) => !before.has(pid)).map(([, cmd]) => cmd), { timeout: 10_000 }).toEqual([]);
  for (const port of [PORTS.RECORD_STORE_PORT, PORTS.SIP_WS_PORT, PORTS.WEB_PORT]) expect(await tcpOpen(port), `port ${port}`).toBe(false);
  expect(await udpFree(PORTS.SIP_UDP_PORT)).toBe(true);
});

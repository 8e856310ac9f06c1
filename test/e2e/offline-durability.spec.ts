import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startRecordStore, type RecordStore } from '../rig/record-store';
import { startStack, type Stack } from '../rig/stack';
import { signIn } from './helpers';

// Faults, not happy paths: the record store dies mid-shift, the workstation page is killed
// mid-sentence. Everything is checked in PostgreSQL: present, and present once.

let stack: Stack;
let restarted: RecordStore | undefined;
let agentBrowser: Browser;
let callerBrowser: Browser;
let caller: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  stack = await startStack({ postgres: true });
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate(() => window.caller.register('13600136000'));
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await restarted?.stop();
  await stack?.stop();
});

async function query<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    return (await db.query(text, values)).rows as T[];
  } finally {
    await db.end();
  }
}

/** The PID of the Chromium browser process using `profile` (not its renderers, which carry `--type=`). */
function browserPid(profile: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmdline.split('\0');
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type='))) return Number(entry);
  }
  throw new Error(`no browser process for ${profile}`);
}

/** One handled call: the caller rings 96110, the agent answers, types a paragraph, commits it, the caller hangs up. */
async function handleCall(agent: Page, note: string): Promise<string> {
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
  await agent.keyboard.press('Alt+A');
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  const sipCallId = (await agent.getByTestId('call-facts').getAttribute('data-sip-call-id'))!;
  await agent.getByTestId('note-input').fill(note);
  await agent.getByTestId('note-input').press('Control+Enter');
  await expect(agent.getByTestId('note-segment').filter({ hasText: note })).toHaveCount(1);
  await caller.evaluate(() => window.caller.hangup());
  await expect(agent.getByTestId('call-card')).toHaveCount(0);
  return sipCallId;
}

test('the record store is stopped mid-shift: the agent keeps logging calls; after the restart everything arrives exactly once', async () => {
  const agent = await agentBrowser.newPage();
  await signIn(agent, stack.workstationUrl(), 'agent1001');
  const port = Number(new URL(stack.recordStore.url).port);

  await stack.recordStore.stop();
  const notes = ['第一通：咨询刷单返利', '第二通：冻结查询，已告知联系办案单位', '第三通：报案，已提示立即拨打110'];
  const sipCallIds: string[] = [];
  for (const note of notes) sipCallIds.push(await handleCall(agent, note));
  // Honest state: the work is local and waiting, not "saved".
  await expect(agent.getByTestId('status-bar')).not.toHaveAttribute('data-pending', '0');

  // The same environment as before the outage: the PBX still asks it for HA1s with its secret.
  restarted = await startRecordStore({ databaseUrl: stack.databaseUrl, port, env: stack.recordStoreEnv });
  // No user action: the retry timer pushes on its own.
  await expect(agent.getByTestId('status-bar')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });

  const calls = await query<{ sip_call_id: string; n: number }>('select sip_call_id, count(*)::int as n from call_records where sip_call_id = any($1) group by sip_call_id', [sipCallIds]);
  expect(calls.map((c) => c.n)).toEqual([1, 1, 1]);
  const segments = await query<{ text: string; n: number }>('select text, count(*)::int as n from note_segments where text = any($1) group by text order by text', [notes]);
  expect(segments).toHaveLength(3);
  expect(segments.every((s) => s.n === 1)).toBe(true);
  await agent.close();
});

test('the page is killed while a long note is typed: reopened, the note is intact and reaches the record store once', async () => {
  // A profile on disk, so IndexedDB outlives the killed browser like it would on a desk.
  test.setTimeout(180_000);
  const profile = mkdtempSync(join(tmpdir(), 'hd-crash-'));
  const launch = () => chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: chromiumArgs(880) });
  let context = await launch();
  try {
    let agent = await context.newPage();
    await signIn(agent, stack.workstationUrl(), 'agent1002');
    await caller.evaluate(() => window.caller.call('96110'));
    await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
    await agent.keyboard.press('Alt+A');
    await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
    const sipCallId = (await agent.getByTestId('call-facts').getAttribute('data-sip-call-id'))!;

    // A counselling note typed key by key, never committed with Ctrl+Enter.
    const long = '来电人情绪低落，称被冒充公检法诈骗后失去全部积蓄。已进行风险评估，来电人否认当前有自伤计划。'.repeat(4);
    await agent.getByTestId('note-input').pressSequentially(long, { delay: 5 });
    await agent.waitForTimeout(400);
    // Kill the browser outright (SIGKILL by PID): no unload handlers, no last save.
    const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
    process.kill(browserPid(profile), 'SIGKILL');
    await closed;
    // The citizen hangs up; the BYE goes to a dead connection, so do not wait for its answer.
    await caller.evaluate(() => {
      void window.caller.hangup();
    });

    context = await launch();
    agent = await context.newPage();
    await signIn(agent, stack.workstationUrl(), 'agent1002');
    // Poll the record store itself: right after sign-in the status bar has not counted the outbox yet.
    const segmentsOfCall = () =>
      query<{ text: string }>('select s.text from note_segments s join call_records c on c.id = s.call_record_id where c.sip_call_id = $1 order by s.idx', [sipCallId]);
    await expect.poll(async () => (await segmentsOfCall()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(agent.getByTestId('status-bar')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    const rows = await segmentsOfCall();
    expect(rows).toHaveLength(1);
    // Typing stopped 400 ms before the kill, beyond the 300 ms durability budget: every character must be there.
    expect(rows[0]!.text).toBe(long);
  } finally {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
});

import { chromium, expect, test, type Browser } from '@playwright/test';
import pg from 'pg';
import { measureTone } from '../rig/caller/tone';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';
import { readStore, signIn } from './helpers';

// The walking skeleton: a citizen calls 96110, the agent answers, audio flows both ways,
// the agent logs a note, the call ends, and the record with its note is in IndexedDB and
// then in PostgreSQL.
const AGENT_TONE = 880;
const CALLER_TONE = 440;

let stack: Stack;
let agentBrowser: Browser;
let callerBrowser: Browser;

test.beforeAll(async () => {
  stack = await startStack({ postgres: true });
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(AGENT_TONE) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(CALLER_TONE) });
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await stack?.stop();
});

test('a caller dials 96110, the agent answers, talks, logs a note; the record reaches PostgreSQL', async () => {
  const agent = await agentBrowser.newPage();
  await signIn(agent, stack.workstationUrl(), 'agent1001');

  const caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate(() => window.caller.register('13800138000'));
  await caller.evaluate(() => window.caller.call('96110'));

  const card = agent.getByTestId('call-card');
  await expect(card).toHaveAttribute('data-state', 'ringing');
  await expect(card.getByTestId('remote-number')).toHaveText('13800138000');

  // It rings audibly (on the ringer element, separate from call audio) until answered.
  const ringer = agent.locator('audio[data-role="ringer"]');
  await expect(ringer).toHaveAttribute('data-pattern', 'ring');
  const ring = await agent.evaluate(measureTone, 'audio[data-role="ringer"]');
  expect([440, 480].some((hz) => Math.abs(ring.hz - hz) < 15)).toBe(true);

  await agent.keyboard.press('Alt+A');
  await expect(card).toHaveAttribute('data-state', 'active');
  await expect.poll(() => caller.evaluate(() => window.caller.state())).toBe('active');
  await expect(ringer).not.toHaveAttribute('data-pattern');
  expect(await ringer.evaluate((el: HTMLAudioElement) => el.paused)).toBe(true);

  // Real audio both ways: each side hears the other's tone.
  const agentHears = await agent.evaluate(measureTone, 'audio[data-role="remote-audio"]');
  const callerHears = await caller.evaluate(() => window.caller.hears());
  expect(Math.abs(agentHears.hz - CALLER_TONE)).toBeLessThan(15);
  expect(Math.abs(callerHears.hz - AGENT_TONE)).toBeLessThan(15);

  // The note box grows with what is typed (CSS field-sizing, no measuring script on each render).
  const noteBox = agent.getByTestId('note-input');
  const height = () => noteBox.evaluate((el) => el.getBoundingClientRect().height);
  const empty = await height();
  await noteBox.fill(Array.from({ length: 12 }, (_, i) => `第${i + 1}行`).join('\n'));
  expect(await height()).toBeGreaterThan(empty * 1.5);

  // The note: typed text is durable locally as a draft within the 300 ms budget.
  const note = '来电人称银行卡被冻结，已告知联系冻结机关。';
  await agent.getByTestId('note-input').fill(note);
  await agent.waitForTimeout(300);
  const drafts = await readStore(agent, 'noteDrafts');
  expect(drafts.map((d) => d.text)).toContain(note);
  await agent.getByTestId('note-input').press('Control+Enter');
  // A fast typist: type, commit, and type straight on, with no pause. Nothing may be lost.
  const more = '建议下载国家反诈中心 App。';
  const last = '来电人表示已明白。';
  await agent.getByTestId('note-input').fill(more);
  await agent.getByTestId('note-input').press('Control+Enter');
  await agent.getByTestId('note-input').fill(last);
  await expect(agent.getByTestId('note-segment')).toHaveCount(2);
  await expect(agent.getByTestId('note-input')).toHaveValue(last);
  await agent.waitForTimeout(300);
  expect((await readStore(agent, 'noteDrafts')).map((d) => d.text)).toEqual([last]);

  await agent.screenshot({ path: 'reports/workstation-in-call.png' });

  // The caller hangs up; the agent's call ends.
  await caller.evaluate(() => window.caller.hangup());
  await expect(agent.getByTestId('call-state')).toHaveCount(0);
  await expect(agent.getByTestId('call-facts').getByText('已结束')).toBeVisible();
  // After-call work: the second paragraph is committed after the hang-up.
  await agent.getByTestId('note-input').press('Control+Enter');
  await expect(agent.getByTestId('note-segment')).toHaveCount(3);

  // In IndexedDB.
  const sipCallId = await agent.getByTestId('call-facts').getAttribute('data-sip-call-id');
  expect(sipCallId).toBeTruthy();
  const records = await readStore(agent, 'callRecords');
  const record = records.find((r) => r.sipCallId === sipCallId);
  expect(record).toMatchObject({ direction: 'inbound', remoteNumber: '13800138000', dialedNumber: '96110', endReason: 'remote-hangup' });
  expect(record?.answeredAt).toEqual(expect.any(Number));
  // Stored in note chunks (a segment of this desk's own, and again in the chunk its pull-back brought).
  const chunks = await readStore(agent, 'noteChunks');
  const segments = [...new Map(chunks.flatMap((c) => c.segments as Array<Record<string, unknown>>).map((s) => [s.id, s])).values()];
  expect(
    segments
      .filter((s) => s.callRecordId === record?.id)
      .sort((a, b) => (a.index as number) - (b.index as number))
      .map((s) => s.text),
  ).toEqual([note, more, last]);

  // Then in the record store, checked in PostgreSQL directly.
  await expect(agent.getByTestId('status-bar')).toHaveAttribute('data-pending', '0');
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const calls = await db.query('select id, direction, remote_number, dialed_number, answered_at, ended_at, end_reason from call_records where sip_call_id = $1', [sipCallId]);
    expect(calls.rows).toHaveLength(1);
    expect(calls.rows[0]).toMatchObject({ id: record?.id, direction: 'inbound', remote_number: '13800138000', dialed_number: '96110', end_reason: 'remote-hangup' });
    expect(calls.rows[0].ended_at).not.toBeNull();
    const notes = await db.query('select text from note_segments where call_record_id = $1 order by idx', [record?.id]);
    expect(notes.rows.map((r) => r.text)).toEqual([note, more, last]);
  } finally {
    await db.end();
  }
});

test('a token revoked mid-shift: the agent keeps working, is asked to sign in again, and the call arrives once', async () => {
  const agent = await agentBrowser.newPage();
  await signIn(agent, stack.workstationUrl(), 'agent1002');
  // The record store drops this workstation's session (expiry, or an admin revoking it).
  const token = await agent.evaluate(() => sessionStorage.getItem('hotline-desk.secret.record-store-token'));
  const revoked = await fetch(`${stack.recordStore.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  expect(revoked.status).toBe(204);

  const caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate(() => window.caller.register('13700137000'));
  await caller.evaluate(() => window.caller.call('96110'));
  await agent.getByTestId('answer').click();
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  const sipCallId = await agent.getByTestId('call-facts').getAttribute('data-sip-call-id');
  await caller.evaluate(() => window.caller.hangup());

  const banner = agent.getByTestId('reauth-banner');
  await expect(banner).toContainText('登录已过期');
  await expect(agent.getByTestId('status-bar')).not.toHaveAttribute('data-pending', '0');
  await agent.getByTestId('reauth-password').fill('wrong-password');
  await agent.getByTestId('reauth-password').press('Enter');
  await expect(banner).toContainText('工号或密码错误');
  await agent.getByTestId('reauth-password').fill('demo1234');
  await agent.getByTestId('reauth-password').press('Enter');
  await expect(banner).toHaveCount(0);
  await expect(agent.getByTestId('status-bar')).toHaveAttribute('data-pending', '0');

  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    // 96110 rang every registered agent; agent1001's workstation (still open from the first
    // test) logs the same call as answered by a colleague, never as missed.
    const rows = await db.query('select u.username, c.end_reason from call_records c join users u on u.id = c.agent_id where c.sip_call_id = $1 order by u.username', [sipCallId]);
    expect(rows.rows).toEqual([
      { username: 'agent1001', end_reason: 'answered-elsewhere' },
      { username: 'agent1002', end_reason: 'remote-hangup' },
    ]);
  } finally {
    await db.end();
  }
});

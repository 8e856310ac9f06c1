import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { caseNumberOf } from '../../shared/schemas/case-number';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { freezeRow } from '../rig/freeze-builders';
import { startStack, type Stack } from '../rig/stack';
import { readStore, signIn } from './helpers';
import { apiCall, apiToken as rigApiToken } from '../rig/record-store-api';

// Caller history and follow-ups end to end, on PostgreSQL with the caller simulator: a warning
// instruction and a freeze record on the caller's number are ingested through the API; while
// the simulator's call to 96110 rings, the screen-pop shows both (masked) and another unit's
// user gets no instruction for that number. The call is answered, logged and hung up; the
// history tab (Alt+Y) finds its case by number and by case number, and refuses a malformed
// number in Chinese without asking the record store. From the call in focus two follow-ups
// are created (跟进, Alt+R): an overdue one raises the in-app reminder and is marked done,
// the other is deleted; each reaches (or leaves) PostgreSQL's follow_ups exactly once.

const CALLER = '13800138301';
const PASSWORD = 'demo1234';
const PERSON = '李大为';
const HOLDER = '王小明';
const ACCOUNT = '6222021001110098';
const AUTHORITY = '深圳市公安局南山分局';
const NOTE_DUE = '回访：是否已联系发卡行核实止付';
const NOTE_LATER = '明天再确认一次是否收到退款';

let stack: Stack;
let db: pg.Client;
let agentBrowser: Browser;
let callerBrowser: Browser;
let agent: Page;
let warningId = '';
let freezeId = '';
/** The logged case of the call, as the workstation keeps it. */
let theCase: { id: string; createdAt: number; callRecordId: string } = { id: '', createdAt: 0, callRecordId: '' };

test.describe.configure({ mode: 'serial' });

/** Signs in through the record store's API and returns the bearer token. */
const apiToken = (username: string): Promise<string> => rigApiToken(stack.recordStore.url, username, PASSWORD);

const api = <T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown) => apiCall<T>(stack.recordStore.url, token, method, path, body);

/** Everything the workstation queued has reached the record store. */
const synced = () => expect(agent.getByTestId('status-bar')).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

const followUpRows = async (where: string, value: string) => (await db.query(`select id, state, due_at, done_at, case_id, call_record_id, caller_number, note from follow_ups where ${where} = $1`, [value])).rows;

test.beforeAll(async () => {
  stack = await startStack({ postgres: true });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  // Another unit, with one call-taker, that owns nothing ingested here (hash copied from agent1001).
  await db.query(`insert into org_units (code, name, kind) values ('other-district', '其他区反诈中心', 'district')`);
  await db.query(
    `insert into users (username, password_hash, role, org_unit_id, display_name)
       select 'other01', u.password_hash, 'call-taker', o.id, 'other01' from users u, org_units o where u.username = 'agent1001' and o.code = 'other-district'`,
  );
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  agent = await agentBrowser.newPage({ viewport: { width: 1600, height: 2400 } });
  await signIn(agent, stack.workstationUrl(), 'agent1001');
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await db?.end();
  await stack?.stop();
});

test('screen-pop: the ringing number’s open instruction and freeze record, masked; another unit gets no instruction', async () => {
  const admin = await apiToken('admin');
  const warning = await api<{ created: number; rows: Array<{ status: string; id?: string }> }>(admin, 'POST', '/ingest/warning-instructions', {
    instructions: [{ sourceId: 'E2E-HISTORY-1', grade: 'medium', personName: PERSON, phones: [CALLER], fraudType: 'fake-investment', summary: '与投资诈骗网站有资金往来', issuedAt: Date.now() - 60_000, orgUnitCode: 'demo-centre' }],
  });
  expect(warning.status).toBe(200);
  expect(warning.body.rows.map((r) => r.status)).toEqual(['created']);
  warningId = warning.body.rows[0]?.id ?? '';
  const freeze = await api<{ created: number; failed: number }>(admin, 'POST', '/ingest/freeze-records', {
    records: [freezeRow({ sourceId: 'E2E-HISTORY-F1', phone: CALLER, holderName: HOLDER, accountNumber: ACCOUNT, authority: AUTHORITY })],
  });
  expect(freeze.status).toBe(200);
  expect(freeze.body).toMatchObject({ created: 1, failed: 0 });
  freezeId = (await db.query(`select id from freeze_records where source_id = 'E2E-HISTORY-F1'`)).rows[0]?.id ?? '';
  expect(freezeId).not.toBe('');

  // Scope: the other unit's call-taker asking about the same number gets the freeze record
  // (not org-scoped) but not the instruction; the agent's own token does get it.
  type Pop = { warnings: Array<{ id: string }>; freezes: Array<{ id: string }> };
  const other = await api<Pop>(await apiToken('other01'), 'GET', `/screen-pop?number=${CALLER}`);
  expect(other.status).toBe(200);
  expect(other.body.warnings).toEqual([]);
  expect(other.body.freezes.map((f) => f.id)).toEqual([freezeId]);
  const own = await api<Pop>(await apiToken('agent1002'), 'GET', `/screen-pop?number=${CALLER}`);
  expect(own.body.warnings.map((w) => w.id)).toEqual([warningId]);

  const caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate((n) => window.caller.register(n), CALLER);
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
  const pop = agent.getByTestId('screen-pop');
  await expect(pop).toBeVisible();
  // Still ringing while the linked records are on screen.
  const warningLine = pop.locator(`[data-testid="screen-pop-warning"][data-warning-id="${warningId}"]`);
  await expect(warningLine).toBeVisible();
  await expect(warningLine).toContainText('中危');
  await expect(warningLine).toContainText('李*为');
  await expect(warningLine).toContainText('待签收');
  await expect(warningLine).toContainText('预警对象本人');
  await expect(warningLine).not.toContainText(PERSON);
  const freezeLine = pop.locator(`[data-testid="screen-pop-freeze"][data-record-id="${freezeId}"]`);
  await expect(freezeLine).toContainText(`保护性止付 · ${AUTHORITY} 0755-26000000`);
  await expect(freezeLine).toContainText('中国工商银行 **** **** **** 0098');
  await expect(freezeLine).toContainText('王*明');
  await expect(freezeLine).not.toContainText(ACCOUNT);
  await expect(freezeLine).not.toContainText(HOLDER);
  await expect(pop.getByTestId('screen-pop-warning')).toHaveCount(1);
  await expect(pop.getByTestId('screen-pop-freeze')).toHaveCount(1);
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');

  // Answered, logged as a consultation, hung up and finalised.
  await agent.keyboard.press('Alt+A');
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  const sipCallId = (await agent.getByTestId('call-facts').getAttribute('data-sip-call-id')) ?? '';
  expect(sipCallId).not.toBe('');
  await expect(agent.getByTestId('case-panel')).toHaveAttribute('data-sip-call-id', sipCallId);
  await agent.getByTestId('case-call-type').getByText('防骗咨询', { exact: true }).click();
  const field = (k: string) => agent.getByTestId(`case-field-${k}`);
  await field('situation').fill('来电称被拉进投资群，对方要求下载 App 充值');
  await field('contactChannels-phone').check();
  await field('contactIdentifiers').fill('0085212345678');
  await field('moneySent-no').check();
  await field('exposed-codes').check();
  await field('advice').fill('不要充值，卸载 App，下载国家反诈中心 App');
  await field('referrals-anti-fraud-app').check();
  await agent.getByTestId('case-fraud-type').selectOption('fake-investment');
  await agent.getByTestId('case-disposition').selectOption('resolved');
  await caller.evaluate(() => window.caller.hangup());
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'after-call-work');
  await caller.close();
  await agent.keyboard.press('Control+Alt+F');
  await expect(agent.getByTestId('case-form')).toHaveAttribute('data-status', 'final');
  const local = (await readStore(agent, 'cases')).find((c) => c.sipCallId === sipCallId);
  expect(local).toMatchObject({ status: 'final', callType: 'consultation' });
  theCase = { id: String(local?.id), createdAt: Number(local?.createdAt), callRecordId: String(local?.callRecordId) };
  await expect
    .poll(async () => (await db.query(`select c.id, c.status, r.remote_number from cases c join call_records r on r.id = c.call_record_id`)).rows, { timeout: 15_000 })
    .toEqual([{ id: theCase.id, status: 'final', remote_number: CALLER }]);
  await synced();
});

test('history: Alt+Y, found by caller number and by case number; a malformed number is refused in Chinese and nothing is sent', async () => {
  let searches = 0;
  agent.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/history/search')) searches += 1;
  });
  const caseNumber = caseNumberOf(theCase);
  expect(caseNumber).toMatch(/^\d{8}-[0-9A-F]{6}$/);
  const search = agent.getByTestId('history-search');
  const row = search.locator(`[data-testid="history-result"][data-key="${theCase.id}"]`);

  await agent.keyboard.press('Alt+Y');
  await expect(search).toBeVisible();
  await expect(agent.getByTestId('history-number')).toBeFocused();
  await agent.keyboard.type(CALLER);
  await agent.keyboard.press('Enter');
  // Found on this workstation and in the record store (the case was pushed above).
  await expect(row).toHaveAttribute('data-origin', 'both');
  await expect(search.getByTestId('history-count')).toHaveText('共 1 条');
  await expect(row).toContainText('防骗咨询');
  await expect(row).toContainText(caseNumber);
  expect(searches).toBe(1);
  await row.click();
  const summary = agent.getByTestId('history-summary');
  await expect(summary).toHaveAttribute('data-case-id', theCase.id);
  await expect(summary).toContainText(`案件摘要（只读） · ${caseNumber}`);
  await expect(summary.getByTestId('history-summary-fields')).toContainText('来电称被拉进投资群');

  await agent.getByTestId('history-clear').click();
  await expect(search.getByTestId('history-count')).toHaveCount(0);
  await agent.getByTestId('history-caseNumber').fill(caseNumber);
  await agent.getByTestId('history-caseNumber').press('Enter');
  await expect(row).toHaveAttribute('data-origin', 'both');
  await expect(search.getByTestId('history-count')).toHaveText('共 1 条');
  expect(searches).toBe(2);

  // Letters in the number: the field says why, in Chinese, and the record store is not asked.
  await agent.getByTestId('history-clear').click();
  await agent.getByTestId('history-number').fill('1380013830l');
  await agent.getByTestId('history-submit').click();
  await expect(search.getByText('请输入完整号码或至少 4 位尾号（只能是数字）')).toBeVisible();
  await expect(agent.getByTestId('history-number')).toHaveAttribute('aria-invalid', 'true');
  await agent.getByTestId('history-number').fill('');
  await agent.getByTestId('history-caseNumber').fill('2026112-3A6F9E');
  await agent.getByTestId('history-submit').click();
  await expect(search.getByText('案件编号格式为 年月日-6 位编码，如 20261121-3A6F9E')).toBeVisible();
  await expect(search.getByTestId('history-count')).toHaveCount(0);
  expect(searches).toBe(2);
  // The counter does see a corrected search.
  await agent.getByTestId('history-caseNumber').fill(caseNumber);
  await agent.getByTestId('history-submit').click();
  await expect(row).toHaveAttribute('data-origin', 'both');
  expect(searches).toBe(3);
});

test('follow-ups: from the call in focus; an overdue one reminds and is done, another is deleted; PostgreSQL follows', async () => {
  await agent.keyboard.press('Alt+R');
  const tab = agent.getByTestId('follow-ups-tab');
  await expect(tab).toBeVisible();
  const form = agent.getByTestId('follow-up-form');
  const item = (note: string) => tab.getByTestId('follow-up-item').filter({ hasText: note });

  // Due three minutes ago (typed as a custom time, which has minute precision): overdue at once,
  // so the reminder is deterministic without waiting for or faking the clock.
  const due = await agent.evaluate(() => {
    const d = new Date(Date.now() - 3 * 60_000);
    d.setSeconds(0, 0);
    const p = (n: number) => String(n).padStart(2, '0');
    return { input: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`, at: d.getTime() };
  });
  await agent.getByTestId('follow-up-add').click();
  await expect(form).toContainText('来自当前通话');
  await expect(form.getByLabel('回访号码')).toHaveValue(/13800138301$/);
  await form.getByLabel('跟进事项').fill(NOTE_DUE);
  await form.getByText('自定义', { exact: true }).click();
  await form.getByLabel('自定义时间').fill(due.input);
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form).toHaveCount(0);
  await expect(item(NOTE_DUE)).toHaveAttribute('data-overdue', 'true');
  await expect(agent.getByTestId('follow-up-reminder')).toContainText(NOTE_DUE);
  await expect(agent.getByTestId('follow-ups-overdue-badge')).toHaveText('1');

  await agent.getByTestId('follow-up-add').click();
  await form.getByLabel('跟进事项').fill(NOTE_LATER);
  // The default due time: in one hour.
  await form.getByRole('button', { name: '保存' }).click();
  await expect(item(NOTE_LATER)).toHaveAttribute('data-overdue', 'false');

  await expect.poll(async () => (await followUpRows('note', NOTE_DUE)).length, { timeout: 15_000 }).toBe(1);
  await expect.poll(async () => (await followUpRows('note', NOTE_LATER)).length, { timeout: 15_000 }).toBe(1);
  await synced();
  // Still exactly one each once nothing is pending (a replayed create would add none, a double save one more).
  const dueRows = await followUpRows('note', NOTE_DUE);
  expect(dueRows).toHaveLength(1);
  const dueRow = dueRows[0];
  expect(dueRow).toMatchObject({ state: 'open', case_id: theCase.id, call_record_id: theCase.callRecordId, caller_number: expect.stringMatching(/13800138301$/), done_at: null });
  expect(Number(dueRow.due_at)).toBe(due.at);
  const laterRows = await followUpRows('note', NOTE_LATER);
  expect(laterRows).toHaveLength(1);
  expect(Number(laterRows[0].due_at)).toBeGreaterThan(Date.now() + 50 * 60_000);

  // Done: it leaves the list, the reminder and the badge; the server row is closed, not duplicated.
  await item(NOTE_DUE).getByRole('button', { name: '完成', exact: true }).click();
  await expect(item(NOTE_DUE)).toHaveCount(0);
  await expect(agent.getByTestId('follow-up-reminder')).toHaveCount(0);
  await expect(agent.getByTestId('follow-ups-overdue-badge')).toHaveCount(0);
  await expect.poll(async () => (await followUpRows('note', NOTE_DUE)).map((r) => r.state), { timeout: 15_000 }).toEqual(['done']);
  expect((await followUpRows('id', dueRow.id))[0].done_at).not.toBeNull();

  // Deleted after confirming: gone from the list and from PostgreSQL.
  await item(NOTE_LATER).getByRole('button', { name: '删除', exact: true }).click();
  await agent.getByTestId('follow-up-delete-confirm').click();
  await expect(item(NOTE_LATER)).toHaveCount(0);
  await expect.poll(async () => (await followUpRows('id', laterRows[0].id)).length, { timeout: 15_000 }).toBe(0);
  await synced();
  await expect(tab).toContainText('没有待办的跟进。');
  expect((await db.query('select count(*)::int as n from follow_ups')).rows[0].n).toBe(1);
});

import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';
import { signIn } from './helpers';
import { apiCall, apiToken as rigApiToken } from '../rig/record-store-api';

// Warning instructions (issue 7) end to end, on PostgreSQL with the caller simulator:
// the platform ingests a medium and a low instruction; the low one is SMSed automatically
// (read back from the development provider); the medium one reaches the agent's 预警指令 tab
// and no other unit's queue; the agent signs for it, dials in one click, the simulator
// declines, the result takes one keystroke; relatives are contacted, it is regraded to high
// and sent to a police station, whose user records the visit and sends it back; the agent
// records the outcome and feedback; the city supervisor evaluates and closes. Every step
// goes through the workstation UI; the API is used only for ingest and for checks.

const CITIZEN = '13800138123';
const LOW_NUMBER = '13900139456';
const STATION_NAME = '城关派出所';
const PASSWORD = 'demo1234';

let stack: Stack;
let db: pg.Client;
let agentBrowser: Browser;
let callerBrowser: Browser;
let agent: Page;
let caller: Page;
let mediumId = '';
let lowId = '';
const userIds: Record<string, string> = {};

test.describe.configure({ mode: 'serial' });

/** Signs in through the record store's API and returns the bearer token. */
const apiToken = (username: string): Promise<string> => rigApiToken(stack.recordStore.url, username, PASSWORD);

const api = <T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown) => apiCall<T>(stack.recordStore.url, token, method, path, body);

/** The instruction as the server holds it, straight from PostgreSQL. */
async function serverRow(id: string): Promise<{ state: string; grade: string; grade_history: Array<Record<string, unknown>>; feedback: string | null; evaluation: Record<string, unknown> | null }> {
  const rows = await db.query('select state, grade, grade_history, feedback, evaluation from warning_instructions where id = $1', [id]);
  expect(rows.rows).toHaveLength(1);
  return rows.rows[0];
}
const serverState = async (id: string) => (await serverRow(id)).state;

/** Signs in a user without a SIP extension (station officer, supervisor): no phone to wait for, the sidebar is enough. */
async function signInDeskOnly(page: Page, username: string): Promise<void> {
  await page.goto(stack.workstationUrl());
  await page.getByLabel('工号').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  // A supervisor opens on the 班长视图: the workstation is one switch away.
  await expect(page.locator('[data-testid=tab-warnings]:visible, [data-testid=supervisor-view]:visible').first()).toBeVisible({ timeout: 20_000 });
  if (await page.getByTestId('supervisor-view').isVisible()) await page.getByTestId('supervisor-switch').getByText('工作台').click();
  await expect(page.getByTestId('tab-warnings')).toBeVisible();
}

/** Opens the 预警指令 tab and waits for its first list. */
async function openWarningsTab(page: Page): Promise<void> {
  await page.getByTestId('tab-warnings').click();
  await expect(page.getByTestId('warnings-tab')).toBeVisible();
  await expect(page.getByTestId('warning-count')).toBeVisible();
}

/** Picks an option of a Mantine Select by its visible label (exact, so queue rows never match). */
async function pick(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

const rowOf = (page: Page, id: string) => page.locator(`[data-testid="warning-row"][data-id="${id}"]`);

test.beforeAll(async () => {
  stack = await startStack({ postgres: true });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  // The demo seed has one city centre and no station: add a police station under it and a
  // district elsewhere, each with one officer (same demo password, hash copied from agent1001).
  await db.query(
    `insert into org_units (code, name, kind, parent_id)
       select 'demo-station-1', $1, 'station', id from org_units where code = 'demo-centre'`,
    [STATION_NAME],
  );
  await db.query(`insert into org_units (code, name, kind) values ('other-district', '其他区反诈中心', 'district')`);
  for (const [username, unit] of [
    ['station01', 'demo-station-1'],
    ['other01', 'other-district'],
  ]) {
    await db.query(
      `insert into users (username, password_hash, role, org_unit_id, display_name)
         select $1, u.password_hash, 'call-taker', o.id, $1 from users u, org_units o where u.username = 'agent1001' and o.code = $2`,
      [username, unit],
    );
  }
  for (const r of (await db.query('select id, username from users')).rows) userIds[r.username] = r.id;
  expect(Object.keys(userIds)).toEqual(expect.arrayContaining(['agent1001', 'super', 'admin', 'station01', 'other01']));

  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate((n) => window.caller.register(n), CITIZEN);
  agent = await agentBrowser.newPage({ viewport: { width: 1600, height: 2000 } });
  await signIn(agent, stack.workstationUrl(), 'agent1001');
  await openWarningsTab(agent);
  await expect(agent.getByTestId('warning-count')).toHaveText('共 0 条');
  // The live poke stream must be up, or "within a second" would measure the safety pull.
  await expect(agent.getByTestId('sync-live')).toHaveText('实时更新', { timeout: 20_000 });
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await db?.end();
  await stack?.stop();
});

test('ingest: the medium instruction reaches the agent’s tab within ~a second and no other unit; the low one is SMSed automatically', async () => {
  const admin = await apiToken('admin');
  // What the agent's workstation asks for after the ingest, to show where the time goes.
  const requests: Array<{ at: number; what: string }> = [];
  const onRequest = (r: { url(): string }) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('/sync/pull') || path.endsWith('/warning-instructions')) requests.push({ at: Date.now(), what: path.endsWith('/sync/pull') ? 'pull' : 'list' });
  };
  agent.on('request', onRequest);
  const issuedAt = Date.now() - 60_000;
  const started = Date.now();
  const ingest = await api<{ created: number; rows: Array<{ status: string; id?: string }> }>(admin, 'POST', '/ingest/warning-instructions', {
    instructions: [
      { sourceId: 'E2E-MEDIUM-1', grade: 'medium', personName: '陈某某', phones: [CITIZEN], fraudType: 'fake-investment', summary: '与投资诈骗网站有资金往来', issuedAt, orgUnitCode: 'demo-centre' },
      { sourceId: 'E2E-LOW-1', grade: 'low', personName: '刘某某', phones: [LOW_NUMBER], fraudType: 'other', summary: '接听过涉诈电话', issuedAt, orgUnitCode: 'demo-centre' },
    ],
  });
  const answeredMs = Date.now() - started;
  expect(ingest.status).toBe(200);
  expect(ingest.body.created).toBe(2);
  expect(ingest.body.rows.map((r) => r.status)).toEqual(['created', 'created']);
  mediumId = ingest.body.rows[0]?.id ?? '';
  lowId = ingest.body.rows[1]?.id ?? '';

  await Promise.all([
    (async () => {
      // The queue tab: SSE poke → pull → list re-read. Issue 7 asks for "within a second"; the
      // assertion allows 2 s on a loaded 2-core machine and the measured time is printed.
      await expect(rowOf(agent, mediumId)).toBeVisible({ timeout: 2_000 });
      const visibleMs = Date.now() - started;
      agent.off('request', onRequest);
      const steps = requests.map((r) => `${r.what} +${r.at - started} ms`).join(', ');
      console.log(`medium instruction visible in the agent's tab ${visibleMs} ms after the ingest request (ingest answered in ${answeredMs} ms; workstation requests: ${steps})`);
    })(),
    (async () => {
      // The low one's automatic SMS, in the development provider.
      await expect
        .poll(async () => (await db.query('select to_number, body from sms_dev_messages where to_number = $1', [LOW_NUMBER])).rows, { timeout: 5_000 })
        .toEqual([{ to_number: LOW_NUMBER, body: expect.stringMatching(/\S/) }]);
      console.log(`automatic SMS found in sms_dev_messages ${Date.now() - started} ms after the ingest request`);
    })(),
  ]);
  await expect(rowOf(agent, mediumId).getByTestId('warning-state')).toHaveText('待签收');
  await expect(rowOf(agent, lowId).getByTestId('warning-state')).toHaveText('已发短信');
  const outbox = await db.query('select status, automatic, instruction_id from sms_outbox where to_number = $1', [LOW_NUMBER]);
  expect(outbox.rows).toEqual([{ status: 'sent', automatic: true, instruction_id: lowId }]);
  expect(await serverState(lowId)).toBe('sms-sent');
  // The medium one is called, not SMSed.
  expect((await db.query('select count(*)::int as n from sms_dev_messages where to_number = $1', [CITIZEN])).rows[0].n).toBe(0);

  // Another unit's user does not see it; the agent's own token does (the check can fail).
  type List = { items: Array<{ id: string }> };
  const other = await api<List>(await apiToken('other01'), 'GET', '/warning-instructions');
  expect(other.status).toBe(200);
  expect(other.body.items.map((i) => i.id)).not.toContain(mediumId);
  expect(other.body.items).toHaveLength(0);
  const own = await api<List>(await apiToken('agent1002'), 'GET', '/warning-instructions');
  expect(own.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([mediumId, lowId]));
  // Nor the station, before anything is dispatched to it.
  const station = await api<List>(await apiToken('station01'), 'GET', '/warning-instructions');
  expect(station.body.items.map((i) => i.id)).not.toContain(mediumId);
});

test('sign, one-click dial, the simulator declines, the result takes one keystroke', async () => {
  await rowOf(agent, mediumId).click();
  await agent.getByTestId('warning-sign').click();
  await expect(rowOf(agent, mediumId).getByTestId('warning-state')).toHaveText('已签收');
  expect(await serverState(mediumId)).toBe('signed-for');

  await agent.getByTestId('warning-dial').click();
  await expect.poll(() => caller.evaluate(() => window.caller.state()), { timeout: 15_000 }).toBe('ringing');
  await expect(rowOf(agent, mediumId).getByTestId('warning-state')).toHaveText('电话劝阻中');
  expect(await serverState(mediumId)).toBe('calling');
  await caller.evaluate(() => window.caller.reject(603));
  await expect(agent.getByTestId('facts-state')).toHaveText('对方拒接');
  await expect(agent.getByTestId('warning-result-keys')).toBeVisible();

  // One keystroke, straight after the dial click: 4 = declined (the order of ATTEMPT_RESULTS).
  const keyAt = Date.now();
  await agent.keyboard.press('4');
  await expect(agent.getByTestId('warning-notice')).toHaveText('已记录：拒接');
  console.log(`attempt recorded ${Date.now() - keyAt} ms after the keystroke`);
  const attempts = await db.query('select channel, number, result, agent_id, call_record_id from warning_attempts where instruction_id = $1', [mediumId]);
  expect(attempts.rows).toEqual([{ channel: 'call', number: CITIZEN, result: 'declined', agent_id: userIds.agent1001, call_record_id: expect.any(String) }]);
  // The attempt names the softphone's call record of that dial, which reaches the store by sync.
  const callRecordId = attempts.rows[0].call_record_id as string;
  await expect
    .poll(async () => (await db.query('select dialed_number from call_records where id = $1', [callRecordId])).rows, { timeout: 15_000 })
    .toEqual([{ dialed_number: CITIZEN }]);

  // Issue 17: the selected instruction's detail in the UI language with its history; the
  // outbound call's note says 去电号码; a manual SMS from an approved template is recorded.
  const detail = agent.getByTestId('warning-detail');
  await expect(detail.getByTestId('warning-detail-summary')).toContainText('与投资诈骗网站有资金往来');
  await expect(detail.getByTestId('warning-detail-fraud-type')).toHaveText('虚假网络投资理财');
  await expect(detail.getByTestId('warning-detail-phones')).toHaveText(CITIZEN);
  await expect(detail.getByTestId('warning-detail-attempt')).toContainText('拒接');
  await expect(agent.getByTestId('call-facts')).toContainText('去电号码');
  await agent.getByTestId('warning-sms-send').click();
  await expect(agent.getByTestId('warning-sms-sent')).toBeVisible();
  const manual = await db.query('select automatic, instruction_id, template_key from sms_outbox where to_number = $1', [CITIZEN]);
  expect(manual.rows).toEqual([{ automatic: false, instruction_id: mediumId, template_key: expect.any(String) }]);
});

test('relatives contacted, regraded to high with a reason, visit dispatched to the station', async () => {
  await agent.getByTestId('warning-contact-relation').fill('父亲');
  await agent.getByTestId('warning-contact-name').fill('陈建国');
  await agent.getByTestId('warning-contact-number').fill('139 0013 9001');
  await pick(agent, 'warning-contact-result', '答应协助劝阻');
  await agent.getByTestId('warning-contact-send').click();
  await expect(agent.getByTestId('warning-contact')).toHaveText('父亲 陈建国 13900139001 · 答应协助劝阻');
  const contacts = await db.query('select relation, name, number, result from warning_contacts where instruction_id = $1', [mediumId]);
  expect(contacts.rows).toEqual([{ relation: '父亲', name: '陈建国', number: '13900139001', result: 'will-persuade' }]);
  await agent.getByTestId('warning-relatives').click();
  await expect(rowOf(agent, mediumId).getByTestId('warning-state')).toHaveText('已联系亲友');
  expect(await serverState(mediumId)).toBe('relatives-contacted');

  const reason = '本人拒接劝阻电话，父亲称其仍在向投资平台转账';
  await pick(agent, 'warning-regrade-grade', '高危');
  await agent.getByTestId('warning-regrade-reason').fill(reason);
  await agent.getByTestId('warning-regrade').click();
  await expect(rowOf(agent, mediumId).getByText('高危', { exact: true })).toBeVisible();
  const regraded = await serverRow(mediumId);
  expect(regraded.grade).toBe('high');
  expect(regraded.state).toBe('relatives-contacted');
  expect(regraded.grade_history).toEqual([expect.objectContaining({ from: 'medium', to: 'high', reason, by: userIds.agent1001 })]);

  await pick(agent, 'warning-station', STATION_NAME);
  await agent.getByTestId('warning-request-visit').click();
  await expect(rowOf(agent, mediumId).getByTestId('warning-state')).toHaveText('已派见面劝阻');
  expect(await serverState(mediumId)).toBe('visit-requested');

  // A forbidden step while the visit is out: the server refuses an outcome with its state, and changes nothing.
  const early = await api<{ error: string; current: string }>(await apiToken('agent1002'), 'POST', `/warning-instructions/${mediumId}/transition`, {
    action: 'outcome',
    outcome: 'dissuaded',
    expectedState: 'visit-requested',
  });
  expect(early.status).toBe(409);
  expect(early.body).toMatchObject({ error: 'precondition-failed', current: 'visit-requested' });
  expect(await serverState(mediumId)).toBe('visit-requested');
});

test('the station sees the visit, records it and sends it back; the agent records the outcome and feedback', async () => {
  const context = await agentBrowser.newContext({ viewport: { width: 1600, height: 2000 } });
  try {
    const station = await context.newPage();
    await signInDeskOnly(station, 'station01');
    await openWarningsTab(station);
    await expect(rowOf(station, mediumId)).toBeVisible({ timeout: 10_000 });
    // Only what was dispatched to the station: not the low one of the same centre.
    await expect(rowOf(station, lowId)).toHaveCount(0);
    await rowOf(station, mediumId).click();
    await station.getByTestId('warning-visit-officer').fill('张警官');
    await station.getByTestId('warning-visit-place').fill('城关镇幸福小区 3 栋');
    await pick(station, 'warning-visit-result', '见面劝阻成功');
    await station.getByTestId('warning-visit-send').click();
    await expect(station.getByTestId('warning-visit-form')).toHaveCount(0);
  } finally {
    await context.close();
  }
  const visits = await db.query('select officer, place, result, met_at, returned_at, station_unit_id from warning_visits where instruction_id = $1', [mediumId]);
  expect(visits.rows).toHaveLength(1);
  expect(visits.rows[0]).toMatchObject({ officer: '张警官', place: '城关镇幸福小区 3 栋', result: 'met-dissuaded' });
  expect(visits.rows[0].met_at).not.toBeNull();
  expect(visits.rows[0].returned_at).not.toBeNull();

  // Back at the centre: the outcome (refused above while the visit was out), then feedback.
  await agent.getByTestId('warning-outcome-dissuaded').click();
  await expect(rowOf(agent, mediumId).getByTestId('warning-state')).toHaveText('劝阻成功');
  const feedback = '派出所见面劝阻成功，本人已停止转账并卸载投资 App';
  await agent.getByTestId('warning-feedback').fill(feedback);
  await agent.getByTestId('warning-feedback-send').click();
  await expect(rowOf(agent, mediumId).getByTestId('warning-state')).toHaveText('已反馈');
  expect(await serverRow(mediumId)).toMatchObject({ state: 'feedback', feedback });
});

test('the city supervisor evaluates and closes it', async () => {
  const context = await agentBrowser.newContext({ viewport: { width: 1600, height: 2000 } });
  try {
    const supervisor = await context.newPage();
    await signInDeskOnly(supervisor, 'super');
    await openWarningsTab(supervisor);
    await rowOf(supervisor, mediumId).click();
    // The rating is chosen, never assumed; the comment goes with it.
    await supervisor.getByLabel('好', { exact: true }).check();
    await supervisor.getByTestId('warning-evaluation-comment').fill('处置及时，见面劝阻到位');
    await supervisor.getByTestId('warning-evaluate').click();
    await expect(rowOf(supervisor, mediumId).getByTestId('warning-state')).toHaveText('已评价');
    await supervisor.getByTestId('warning-close').click();
    await expect(rowOf(supervisor, mediumId).getByTestId('warning-state')).toHaveText('已办结');
  } finally {
    await context.close();
  }
  const closed = await serverRow(mediumId);
  expect(closed.state).toBe('closed');
  expect(closed.evaluation).toMatchObject({ rating: 'good', comment: '处置及时，见面劝阻到位', by: userIds.super });
  // The whole path is in the audit log, in order (the attempt and the contact are rows of their own, checked above).
  const audit = await db.query(`select detail->>'action' as action from audit_events where target = $1 and action = 'warning.transition' order by id`, [`warning:${mediumId}`]);
  expect(audit.rows.map((r) => r.action)).toEqual(['sign', 'call', 'relatives-contacted', 'regrade', 'request-visit', 'visit-return', 'outcome', 'feedback', 'evaluate', 'close']);
});

import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';

// The shift supervisor's view (班长视图, issue 7) end to end on the embedded record store:
// the platform ingests an overdue high instruction; the supervisor sees it on the board and
// in the overdue list, hands it to another call-taker with a reason through the UI, and the
// record store (and the new assignee's queue) hold the new assignee. A call-taker gets no
// supervisor view at all.

const PASSWORD = 'demo1234';
const PERSON = '钱七';

let stack: Stack;
let browser: Browser;
let supervisor: Page;
let instructionId = '';

test.describe.configure({ mode: 'serial' });

async function api<T>(token: string | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.recordStore.url}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
const tokenOf = async (username: string) => (await api<{ token: string }>(null, 'POST', '/auth/login', { username, password: PASSWORD })).body.token;

/** Signs in a user with no SIP extension (the supervisor) or any user when the phone does not matter. */
async function signInDesk(page: Page, username: string): Promise<void> {
  await page.goto(stack.workstationUrl());
  await page.getByLabel('工号').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  // A supervisor opens on the 班长视图 (issue 17); a call-taker on the workstation.
  await expect(page.locator('[data-testid=tab-warnings]:visible, [data-testid=supervisor-view]:visible').first()).toBeVisible({ timeout: 20_000 });
}

test.beforeAll(async () => {
  stack = await startStack();
  const admin = await tokenOf('admin');
  const ingest = await api<{ created: number; rows: Array<{ id: string }> }>(admin, 'POST', '/ingest/warning-instructions', {
    instructions: [{ sourceId: `SUP-E2E-${Date.now()}`, grade: 'high', personName: PERSON, phones: ['13800138777'], fraudType: 'fake-investment', issuedAt: Date.now() - 2 * 3_600_000, orgUnitCode: 'demo-centre' }],
  });
  expect(ingest.body.created).toBe(1);
  instructionId = ingest.body.rows[0]?.id as string;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
});

test.afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a call-taker has no supervisor view', async () => {
  const page = await browser.newPage();
  await signInDesk(page, 'agent1003');
  await expect(page.getByTestId('supervisor-switch')).toHaveCount(0);
  await page.close();
});

test('the supervisor sees the overdue instruction and reassigns it; the record store holds the new assignee', async () => {
  supervisor = await browser.newPage({ viewport: { width: 1600, height: 1800 } });
  await signInDesk(supervisor, 'super');
  // A supervisor opens on the 班长视图 (issue 17): no click to get there.
  await expect(supervisor.getByTestId('supervisor-view')).toBeVisible();
  await expect(supervisor.getByTestId('board-cell-high-issued')).toHaveText('1');
  const row = supervisor.locator(`[data-testid="overdue-row"][data-id="${instructionId}"]`);
  await expect(row).toContainText(PERSON);
  await expect(row.getByTestId('overdue-assignee')).toHaveText('未分派');
  await expect(supervisor.getByTestId('supervisor-updated')).toContainText('更新于');
  await expect(supervisor.getByTestId('workload-calls-chart').locator('svg').first()).toBeVisible();

  await supervisor.getByTestId('reassign-instruction').selectOption(instructionId);
  const options = await supervisor.getByTestId('reassign-agent').locator('option').allTextContents();
  expect(options.some((o) => o.startsWith('接线员 1002'))).toBe(true);
  expect(options.some((o) => o.startsWith('值班长'))).toBe(false);
  await supervisor.getByTestId('reassign-agent').selectOption({ label: options.find((o) => o.startsWith('接线员 1002')) as string });
  await supervisor.getByTestId('reassign-submit').click();
  await expect(supervisor.getByText('请填写改派原因')).toBeVisible();
  await supervisor.getByTestId('reassign-reason').fill('1001 外出见面劝阻');
  await supervisor.getByTestId('reassign-submit').click();
  await expect(supervisor.getByTestId('reassign-notice')).toHaveText('已改派给接线员 1002（合成）');
  await expect(row.getByTestId('overdue-assignee')).toHaveText('接线员 1002（合成）');

  const agent = await tokenOf('agent1002');
  const me = await api<{ id: string }>(agent, 'GET', '/auth/me');
  const list = await api<{ items: Array<{ id: string; assigneeId: string | null }> }>(agent, 'GET', '/warning-instructions');
  expect(list.body.items.find((i) => i.id === instructionId)?.assigneeId).toBe(me.body.id);
});

import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';
import { readStore, signIn } from './helpers';

// Casework: for each call type a real call from the caller simulator is answered, its case
// is filled in the sidebar and finalised; one call is closed with a one-click non-data
// disposition. The cases must be in IndexedDB and then in PostgreSQL.

let stack: Stack;
let agentBrowser: Browser;
let callerBrowser: Browser;
let agent: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  stack = await startStack({ postgres: true });
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  // Tall enough that the whole case form fits: nothing ends up under the fixed status bar.
  agent = await agentBrowser.newPage({ viewport: { width: 1600, height: 2400 } });
  await signIn(agent, stack.workstationUrl(), 'agent1001');
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await stack?.stop();
});

/** A caller dials 96110 from `number`; the agent answers with the keyboard. Returns the caller page and the call's SIP Call-ID. */
async function answeredCall(number: string): Promise<{ caller: Page; sipCallId: string }> {
  const caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate((n) => window.caller.register(n), number);
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
  // Screen-pop is up while it rings, bound to this call.
  await expect(agent.getByTestId('screen-pop')).toBeVisible();
  await agent.keyboard.press('Alt+A');
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'on-call');
  const sipCallId = (await agent.getByTestId('call-facts').getAttribute('data-sip-call-id')) ?? '';
  expect(sipCallId).not.toBe('');
  await expect(agent.getByTestId('case-panel')).toHaveAttribute('data-sip-call-id', sipCallId);
  await expect(agent.getByTestId('case-form')).toHaveAttribute('data-status', 'draft');
  return { caller, sipCallId };
}

async function hangUp(caller: Page): Promise<void> {
  await caller.evaluate(() => window.caller.hangup());
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'after-call-work');
  await caller.close();
}

const field = (k: string) => agent.getByTestId(`case-field-${k}`);
const pickType = (label: string) => agent.getByTestId('case-call-type').getByText(label, { exact: true }).click();

/** The IndexedDB case of a call, by its SIP Call-ID. */
async function localCase(sipCallId: string): Promise<Record<string, any> | undefined> {
  return (await readStore(agent, 'cases')).find((c) => c.sipCallId === sipCallId);
}

async function finaliseAndReady(sipCallId: string): Promise<void> {
  await agent.getByTestId('case-finalise').click();
  await expect(agent.getByTestId('case-form')).toHaveAttribute('data-status', 'final');
  expect((await localCase(sipCallId))?.status).toBe('final');
  await agent.getByTestId('agent-state-menu').click();
  await agent.getByTestId('agent-state-ready').click();
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');
}

test('freeze inquiry: errors name the missing fields, then the case is finalised', async () => {
  const { caller, sipCallId } = await answeredCall('13800138001');
  await pickType('冻结查询');
  await agent.getByTestId('case-finalise').click();
  const errors = agent.getByTestId('case-errors');
  await expect(errors).toContainText('开户银行 / 支付机构：必填');
  await expect(errors).toContainText('处理结果：必填');
  await field('callerName').fill('张先生');
  await field('identityCheck').selectOption('id-number-read-back');
  await field('institution').fill('中国工商银行');
  await field('accountType').selectOption('debit-card');
  await field('accountNumberMasked').fill('6222021234561234');
  await expect(agent.getByText('只能填脱敏账号')).toBeVisible();
  await field('accountNumberMasked').fill('622202******1234');
  await field('symptom').selectOption('cannot-transfer-out');
  await field('lookupResultRef').fill('DJ-2026-0001');
  await field('fundsRole').selectOption('payee');
  await field('guidance-contact-authority').check();
  await field('guidance-unfreezing-fee-scam').check();
  await field('escalation').selectOption('none');
  await agent.getByTestId('case-disposition').selectOption('resolved');
  // Autosaved within the budget, before any finalise.
  await agent.waitForTimeout(300);
  expect((await localCase(sipCallId))?.fields).toMatchObject({ institution: '中国工商银行', accountNumberMasked: '622202******1234' });
  await hangUp(caller);
  await finaliseAndReady(sipCallId);
});

test('consultation: logged and finalised with the keyboard', async () => {
  const { caller, sipCallId } = await answeredCall('13800138002');
  await pickType('防骗咨询');
  await field('situation').fill('接到自称快递客服的电话，称包裹丢失要理赔');
  await field('contactChannels-phone').check();
  await field('contactIdentifiers').fill('0085212345678');
  await field('moneySent-no').check();
  await field('exposed-codes').check();
  await field('advice').fill('挂断电话，不要提供验证码，下载国家反诈中心 App');
  await field('referrals-anti-fraud-app').check();
  await agent.getByTestId('case-fraud-type').selectOption('fake-ecommerce-logistics-cs');
  await agent.getByTestId('case-disposition').selectOption('resolved');
  await hangUp(caller);
  await agent.keyboard.press('Control+Alt+F');
  await expect(agent.getByTestId('case-form')).toHaveAttribute('data-status', 'final');
  await agent.getByTestId('agent-state-menu').click();
  await agent.getByTestId('agent-state-ready').click();
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');
  expect(await localCase(sipCallId)).toMatchObject({ callType: 'consultation', status: 'final', fraudType: 'fake-ecommerce-logistics-cs' });
});

test('fraud report: money already sent switches a consultation to the report flow with the 110 alert', async () => {
  const { caller, sipCallId } = await answeredCall('13800138003');
  await pickType('防骗咨询');
  // click, not check: the radio leaves the page as the form switches flows.
  await field('moneySent-yes').click();
  await expect(agent.getByTestId('alert-110')).toContainText('立即拨打 110');
  await expect(agent.getByTestId('section-fraud-report')).toBeVisible();
  await agent.screenshot({ path: 'reports/casework-report-flow.png' });
  await field('reporterName').fill('李女士');
  await field('reporterRole').selectOption('victim');
  await agent.getByTestId('add-identifier').click();
  await agent.getByTestId('identifier-value').fill('https://fake-invest.example');
  await agent.getByTestId('add-transfer').click();
  await agent.getByTestId('transfer-amount').fill('20000');
  await field('totalLoss').fill('20000');
  await agent.getByTestId('case-finalise').click();
  await expect(agent.getByTestId('case-errors')).toContainText('距最后一笔转账（分钟）：必填');
  await field('minutesSinceLastTransfer').fill('15');
  await field('routed110-yes').check();
  await field('stopPaymentRequested-yes').check();
  await field('receiptNumber').fill('110-2026-88');
  await agent.getByTestId('case-fraud-type').selectOption('fake-investment');
  await agent.getByTestId('case-disposition').selectOption('escalated');
  await hangUp(caller);
  await finaliseAndReady(sipCallId);
  expect(await localCase(sipCallId)).toMatchObject({ callType: 'fraud-report', fields: { moneySent: true, totalLoss: 20000, transfers: [{ amount: 20000 }] } });
});

test('counselling: imminent risk raises the alert and needs a crisis action before finalising', async () => {
  const { caller, sipCallId } = await answeredCall('13800138004');
  await pickType('心理疏导');
  await field('presentingIssue').fill('网络赌博输掉八万元，情绪低落');
  await field('loss').fill('80000');
  await field('riskDesire-yes').check();
  await field('riskCapability-no').check();
  await field('riskIntent-yes').check();
  await expect(agent.getByTestId('alert-imminent-risk')).toBeVisible();
  await field('moodStart').fill('1');
  await field('moodEnd').fill('3');
  await field('followUp').fill('明天上午回访');
  await agent.getByTestId('case-disposition').selectOption('callback');
  await agent.getByTestId('case-finalise').click();
  await expect(agent.getByTestId('case-errors')).toContainText('危机处置：存在紧迫风险');
  await field('riskEscalation').selectOption('crisis-hotline');
  await hangUp(caller);
  await finaliseAndReady(sipCallId);
});

test('non-data: a silent call is closed with one key; ready needs that disposition', async () => {
  const { caller, sipCallId } = await answeredCall('13800138001');
  // Screen-pop shows the earlier freeze-inquiry case of this number.
  await expect(agent.getByTestId('screen-pop-case')).toContainText('冻结查询');
  await hangUp(caller);
  await agent.getByTestId('agent-state-menu').click();
  await agent.getByTestId('agent-state-ready').click();
  await expect(agent.getByTestId('agent-state-refusal')).toBeVisible();
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'after-call-work');
  await agent.keyboard.press('Alt+1');
  await expect(agent.getByTestId('case-form')).toHaveAttribute('data-status', 'final');
  await agent.getByTestId('agent-state-menu').click();
  await agent.getByTestId('agent-state-ready').click();
  await expect(agent.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');
  expect(await localCase(sipCallId)).toMatchObject({ status: 'final', disposition: 'silent', callType: 'unclassified' });
});

test('every case reached the record store, final, with its fields; agent states too', async () => {
  await expect(agent.getByTestId('status-bar')).toHaveAttribute('data-pending', '0');
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const rows = await db.query(
      `select r.remote_number, c.call_type, c.status, c.disposition, c.fraud_type, c.fields
         from cases c join call_records r on r.id = c.call_record_id order by c.created_at`,
    );
    expect(rows.rows.map((r) => [r.remote_number, r.call_type, r.status, r.disposition])).toEqual([
      ['13800138001', 'freeze-inquiry', 'final', 'resolved'],
      ['13800138002', 'consultation', 'final', 'resolved'],
      ['13800138003', 'fraud-report', 'final', 'escalated'],
      ['13800138004', 'counselling', 'final', 'callback'],
      ['13800138001', 'unclassified', 'final', 'silent'],
    ]);
    expect(rows.rows[0].fields).toMatchObject({ institution: '中国工商银行', accountNumberMasked: '622202******1234', guidance: ['contact-authority', 'unfreezing-fee-scam'], direction: 'inbound', dialedNumber: '96110' });
    expect(rows.rows[0].fields.talkSeconds).toEqual(expect.any(Number));
    expect(rows.rows[2]).toMatchObject({ fraud_type: 'fake-investment', fields: { moneySent: true, minutesSinceLastTransfer: 15, routed110: true } });
    expect(rows.rows[3].fields).toMatchObject({ riskIntent: true, riskEscalation: 'crisis-hotline', moodStart: 1, moodEnd: 3 });
    const states = await db.query(`select s.state from agent_status s join users u on u.id = s.user_id where u.username = 'agent1001'`);
    expect(states.rows).toEqual([{ state: 'ready' }]);
    // Counted in applied_mutations, not change_log: compaction (first run 60 s after start) keeps only the latest state there.
    const transitions = await db.query(`select count(*)::int as n from applied_mutations m join users u on u.id = m.user_id where m.name = 'agentState.set' and u.username = 'agent1001'`);
    expect(transitions.rows[0].n).toBeGreaterThanOrEqual(15);
  } finally {
    await db.end();
  }
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { FRAUD_TYPES, PLACEHOLDER_PATTERN, smsRuleViolations, TemplateInputSchema, TemplateListResponseSchema } from '../../shared/schemas/template';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { seedStarterTemplates } from './seed-templates';
import { STARTER_TEMPLATES } from './starter-set';

const TEMPLATES = '/api/v1/templates';
const script = (overrides: Record<string, unknown> = {}) => ({ key: 'test.opening', channel: 'script', scenario: 'general', fraudType: null, title: '开场白', body: '您好，这里是96110。', ...overrides });

describe('the starter set', () => {
  it('is valid, keyed uniquely, covers every fraud type, risk grade and referral, and its SMS pass the 12381 rule', () => {
    const parsed = STARTER_TEMPLATES.map((t) => TemplateInputSchema.parse(t));
    expect(new Set(parsed.map((t) => t.key)).size).toBe(parsed.length);
    for (const fraudType of FRAUD_TYPES) expect(parsed.some((t) => t.fraudType === fraudType), fraudType).toBe(true);
    for (const grade of ['extreme', 'high', 'medium', 'low']) expect(parsed.some((t) => t.key === `warning-call.${grade}`), grade).toBe(true);
    const bodies = parsed.map((t) => t.body).join('\n');
    for (const phrase of ['国家反诈中心', '一证通查', '一键查卡', '反诈名片', '未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实', '解冻费', '110']) expect(bodies).toContain(phrase);
    for (const scenario of ['consultation', 'freeze-inquiry', 'fraud-report', 'counselling', 'warning-call', 'referral']) expect(parsed.some((t) => t.scenario === scenario), scenario).toBe(true);
    const sms = parsed.filter((t) => t.channel === 'sms');
    expect(sms.length).toBeGreaterThanOrEqual(3);
    for (const t of sms) expect(smsRuleViolations(t.body), t.key).toEqual([]);
    // Placeholders are well formed (a typo like {{authority} would show raw braces to the caller).
    for (const t of parsed) expect(t.body.replace(PLACEHOLDER_PATTERN, ''), t.key).not.toMatch(/[{}]/);
  });
});

describe.each(BACKENDS)('templates on %s', (kind) => {
  const t = useBackend(kind);

  it('seeds the starter set once, into an empty table only', async () => {
    expect(await seedStarterTemplates(t.db.orm)).toEqual({ created: STARTER_TEMPLATES.length });
    expect(await seedStarterTemplates(t.db.orm)).toEqual({ created: 0 });
    expect(await t.count('templates')).toBe(STARTER_TEMPLATES.length);
    const res = await t.call('GET', TEMPLATES, { token: await t.login('agentA1') });
    expect(res.status).toBe(200);
    expect(TemplateListResponseSchema.parse(res.body).templates.find((x) => x.key === 'freeze-inquiry.payee')?.body).toContain('{{authority|办理冻结的公安机关}}');
  });

  it('publishes versions; the list serves the latest active one; history keeps all', async () => {
    const admin = await t.login('adminA');
    const v1 = await t.call('POST', TEMPLATES, { token: admin, body: script() });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ key: 'test.opening', version: 1, keywords: [], active: true });
    const v2 = await t.call('POST', TEMPLATES, { token: admin, body: script({ body: '您好，这里是96110反诈专线。', keywords: ['开场'] }) });
    expect(v2.body.version).toBe(2);
    await t.call('POST', TEMPLATES, { token: admin, body: script({ key: 'test.retired' }) });
    await t.call('POST', TEMPLATES, { token: admin, body: script({ key: 'test.retired', active: false }) });

    const list = await t.call('GET', TEMPLATES, { token: await t.login('superA') });
    expect(list.body.templates.map((x: any) => [x.key, x.version, x.body])).toEqual([['test.opening', 2, '您好，这里是96110反诈专线。']]);
    const history = await t.call('GET', `${TEMPLATES}/test.opening/versions`, { token: await t.login('agentA1') });
    expect(history.body.versions.map((x: any) => x.version)).toEqual([2, 1]);
    expect((await t.call('GET', `${TEMPLATES}/no.such/versions`, { token: admin })).status).toBe(404);
    const [created] = await t.rows(sql`SELECT created_by FROM templates WHERE version = 2`);
    expect(created.created_by).toBe(t.fixture.users.adminA);
    expect(await t.count("audit_events WHERE action = 'template.create'")).toBe(4);
  });

  it('numbers concurrent saves of one key without collisions', async () => {
    const admin = await t.login('adminA');
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => t.call('POST', TEMPLATES, { token: admin, body: script({ title: `v${i}` }) })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.map((a) => a.body.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses SMS bodies that break the 12381 rule with 400 naming body', async () => {
    const admin = await t.login('adminA');
    const link = await t.call('POST', TEMPLATES, { token: admin, body: script({ channel: 'sms', body: '请点击 http://example.top 解冻' }) });
    expect(link.status).toBe(400);
    expect(link.body).toMatchObject({ error: 'invalid', fields: { body: 'sms-link' } });
    const phone = await t.call('POST', TEMPLATES, { token: admin, body: script({ channel: 'sms', body: '请回拨 13800138000 办理' }) });
    expect(phone.body.fields).toEqual({ body: 'sms-phone-number' });
    const ok = await t.call('POST', TEMPLATES, { token: admin, body: script({ channel: 'sms', body: '疑问请致电96110，紧急请拨110。' }) });
    expect(ok.status).toBe(201);
    // The same words are fine in a script read aloud.
    expect((await t.call('POST', TEMPLATES, { token: admin, body: script({ key: 'test.script', body: '请回拨 13800138000' }) })).status).toBe(201);
    expect(await t.count('templates')).toBe(2);
  });

  it('lets only admins publish and keeps auditors out entirely', async () => {
    for (const user of ['agentA1', 'superA', 'auditorA'] as const) {
      const token = await t.login(user);
      expect((await t.call('POST', TEMPLATES, { token, body: script() })).status, user).toBe(403);
    }
    const auditor = await t.login('auditorA');
    expect((await t.call('GET', TEMPLATES, { token: auditor })).status).toBe(403);
    expect(await t.count('templates')).toBe(0);
  });
});

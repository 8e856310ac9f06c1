import { describe, expect, it } from 'vitest';
import type { CaseFields } from './case';
import { finaliseErrors, type FinaliseInput } from './case-finalise';

const input = (patch: Partial<FinaliseInput>, fields: CaseFields = {}): FinaliseInput => ({ callType: 'unclassified', disposition: null, fraudType: null, ...patch, fields });

describe('finalise rules', () => {
  it('needs a disposition and, for data calls, a call type', () => {
    expect(finaliseErrors(input({}))).toEqual({ disposition: 'required', callType: 'required' });
    expect(finaliseErrors(input({ disposition: 'resolved' }))).toEqual({ callType: 'required' });
  });

  it('closes every non-data disposition without any section', () => {
    for (const d of ['silent', 'hung-up', 'wrong-number', 'prank-abuse', 'test', 'transferred-110']) expect(finaliseErrors(input({ disposition: d }))).toEqual({});
  });

  it('sends a consultation where money already went to the report flow', () => {
    const fields: CaseFields = { situation: '冒充客服', contactChannels: ['phone'], moneySent: false, advice: '挂断' };
    expect(finaliseErrors(input({ callType: 'consultation', disposition: 'resolved', fraudType: 'fake-ecommerce-logistics-cs' }, fields))).toEqual({});
    expect(finaliseErrors(input({ callType: 'consultation', disposition: 'resolved', fraudType: 'fake-ecommerce-logistics-cs' }, { ...fields, moneySent: true }))).toEqual({ moneySent: 'money-sent-report' });
    expect(finaliseErrors(input({ callType: 'consultation', disposition: 'resolved', fraudType: 'other' }, { ...fields, situation: '   ' }))).toEqual({ situation: 'required' });
  });

  it('asks for the minutes since the last transfer when money moved', () => {
    const fields: CaseFields = { reporterRole: 'victim', fraudsterIdentifiers: [{ kind: 'url', value: 'http://x.example' }], totalLoss: 5000, routed110: true };
    const base = input({ callType: 'fraud-report', disposition: 'referred', fraudType: 'fake-investment' }, fields);
    expect(finaliseErrors(base)).toEqual({});
    const moved = { ...base, fields: { ...fields, transfers: [{ at: null, amount: 5000, from: '本人工行卡', to: '对方账户', channel: 'bank' as const }] } };
    expect(finaliseErrors(moved)).toEqual({ minutesSinceLastTransfer: 'required' });
    expect(finaliseErrors({ ...moved, fields: { ...moved.fields, minutesSinceLastTransfer: 12 } })).toEqual({});
  });

  it('requires an escalation when the counselling risk screen shows imminent risk', () => {
    const fields: CaseFields = { presentingIssue: '网赌输掉八万', riskDesire: true, riskCapability: false, riskIntent: false, moodStart: 1, moodEnd: 3, followUp: '明天回访' };
    const base = input({ callType: 'counselling', disposition: 'callback' }, fields);
    expect(finaliseErrors(base)).toEqual({});
    expect(finaliseErrors({ ...base, fields: { ...fields, riskIntent: true } })).toEqual({ riskEscalation: 'imminent-risk-escalation' });
    expect(finaliseErrors({ ...base, fields: { ...fields, riskIntent: true, riskEscalation: 'crisis-hotline' } })).toEqual({});
  });

  it('lists every missing freeze-inquiry field and rejects malformed values', () => {
    const errors = finaliseErrors(input({ callType: 'freeze-inquiry', disposition: 'resolved' }, { accountNumberMasked: '6222021234567890' }));
    expect(errors.accountNumberMasked).toBe('masked-account');
    expect(Object.keys(errors).sort()).toEqual(['accountNumberMasked', 'accountType', 'escalation', 'fundsRole', 'guidance', 'identityCheck', 'institution', 'symptom']);
  });
});

import { describe, expect, it } from 'vitest';
import { CaseFieldsSchema } from '@shared/schemas/case';
import { freezeRecord } from '../../../../test/fakes/web/freeze-fixtures';
import { caseFieldsFromFreezeRecord, fillBlanks, freezeInquiryDefaults, maskedAccountFor } from './freeze-prefill';

describe('caseFieldsFromFreezeRecord', () => {
  it('answers authority, phone, notice, measure, role, institution and a masked account the case schema accepts', () => {
    const record = freezeRecord({ accountNumber: '**** **** **** 1234', holderRole: 'payee', measureType: 'freeze' });
    const fields = caseFieldsFromFreezeRecord(record, { by: 'account', value: '6222 0212 3456 7891 234' });
    expect(fields).toEqual({
      freezeRecordId: record.id,
      authority: '深圳市公安局南山分局',
      authorityPhone: '0755-26600110',
      lookupResultRef: '深南公(反诈)止字〔2026〕1234号',
      measureType: 'freeze',
      fundsRole: 'payee',
      institution: '中国工商银行',
      accountNumberMasked: '622202*********1234',
    });
    expect(CaseFieldsSchema.safeParse(fields).success).toBe(true);
  });

  it('never keeps a full number: the searched number only lends its first 6 digits when it is the same account', () => {
    const record = freezeRecord({ accountNumber: '**** **** **** 1234' });
    expect(maskedAccountFor(record, { by: 'account', value: '6222020000000005678' })).toBe('********1234');
    expect(maskedAccountFor(record, { by: 'idNumber', value: '110105194912311234' })).toBe('********1234');
    expect(maskedAccountFor(freezeRecord({ accountNumber: '6217000000000000001', masked: false }))).toBe('621700*********0001');
    expect(maskedAccountFor(freezeRecord({ accountNumber: 'pay@example.com', accountKind: 'payment-account' }))).toBeUndefined();
    expect(caseFieldsFromFreezeRecord(freezeRecord({ accountNumber: 'a***@example.com', accountKind: 'payment-account' }))).toMatchObject({ accountType: 'payment-account' });
    expect(caseFieldsFromFreezeRecord(freezeRecord()).accountType).toBeUndefined();
  });
});

describe('fillBlanks', () => {
  it('fills only empty fields and never what the call-taker typed', () => {
    const { patch, filled } = fillBlanks({ institution: '建设银行', authority: '  ' }, { institution: '中国工商银行', authority: '南山分局', fundsRole: 'victim' });
    expect(patch).toEqual({ authority: '南山分局', fundsRole: 'victim' });
    expect(filled).toEqual(['authority', 'fundsRole']);
  });

  it('replaces what an earlier pick filled, unless the call-taker changed it since', () => {
    const earlier = { authority: '南山分局', authorityPhone: '0755-1' };
    const current = { authority: '南山分局', authorityPhone: '0755-9 (改过)' };
    const { patch, filled } = fillBlanks(current, { authority: '渝中区分局', authorityPhone: '023-2' }, earlier);
    expect(patch).toEqual({ authority: '渝中区分局' });
    expect(filled).toEqual(['authority']);
  });
});

describe('freezeInquiryDefaults', () => {
  it('answers the usual outcome of a found record: contact the authority, no escalation, symptom from the measure', () => {
    const card = freezeInquiryDefaults(freezeRecord({ measureType: 'protective-stop-payment' }), { by: 'account', value: '6222020000000005678' });
    expect(card).toEqual({ accountType: 'debit-card', symptom: 'cannot-transfer-out', guidance: ['contact-authority'], escalation: 'none' });
    expect(freezeInquiryDefaults(freezeRecord({ measureType: 'freeze' }), null)).toEqual({ symptom: 'fully-frozen', guidance: ['contact-authority'], escalation: 'none' });
    // A risk control says too little about what the caller saw; a payment account is no card.
    expect(freezeInquiryDefaults(freezeRecord({ measureType: 'bank-risk-control', accountKind: 'payment-account' }), { by: 'account', value: 'a@b.c' })).toEqual({ guidance: ['contact-authority'], escalation: 'none' });
    expect(CaseFieldsSchema.safeParse(card).success).toBe(true);
  });
});

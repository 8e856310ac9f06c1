import { describe, expect, it } from 'vitest';
import { finaliseErrors } from '@shared/schemas/case-finalise';
import { contactChannelsIn, firstLine, fraudTypeIn, identifiersIn, lossIn, proposalFromScript, summaryFromNote } from './note-fill';
import { fillBlanks } from './freeze-prefill';

const consultationNote = '来电人称接到自称客服的电话，要求下载App刷单返利\n已提醒不要转账';

describe('fill from the note (one place to write)', () => {
  it('takes the first non-empty line as the summary of a consultation or counselling, nothing for other types', () => {
    expect(firstLine('\n  \n  第一行  \n第二行')).toBe('第一行');
    expect(summaryFromNote('consultation', consultationNote)).toEqual({ situation: '来电人称接到自称客服的电话，要求下载App刷单返利' });
    expect(summaryFromNote('counselling', '输了八万，睡不着')).toEqual({ presentingIssue: '输了八万，睡不着' });
    expect(summaryFromNote('fraud-report', consultationNote)).toEqual({});
    expect(summaryFromNote('consultation', '   ')).toEqual({});
  });

  it('never overwrites what the call-taker wrote', () => {
    expect(fillBlanks({ situation: '自己写的' }, summaryFromNote('consultation', consultationNote)).patch).toEqual({});
    expect(fillBlanks({ situation: ' ' }, summaryFromNote('consultation', consultationNote)).filled).toEqual(['situation']);
  });

  it('reads the contact channels and an unambiguous fraud type from the note', () => {
    expect(contactChannelsIn(consultationNote)).toEqual(['phone', 'app']);
    // "来电人" is the caller ringing 96110, not the fraudster's channel.
    expect(contactChannelsIn('来电人咨询，对方发来短信和一个链接')).toEqual(['sms', 'link']);
    expect(fraudTypeIn(consultationNote)).toBe('order-brushing-rebate');
    expect(fraudTypeIn('对方自称公安，说有安全账户')).toBe('impersonating-police-government');
    expect(fraudTypeIn('校园贷注销')).toBe('cancel-campus-loan');
    // Two types named: none guessed.
    expect(fraudTypeIn('刷单之后又被拉去投资理财')).toBeNull();
    expect(fraudTypeIn('问一下情况')).toBeNull();
  });

  it('finds the fraudster numbers and links, not the caller’s own number or card numbers', () => {
    const note = '对方电话13800138000，又用0755-12345678联系，网址 https://evil.example/pay。卡号6222021234567890128。本人13900139000';
    expect(identifiersIn(note, '+8613900139000')).toEqual([
      { kind: 'url', value: 'https://evil.example/pay' },
      { kind: 'phone', value: '13800138000' },
      { kind: 'phone', value: '0755-12345678' },
    ]);
    expect(identifiersIn('没有号码')).toEqual([]);
  });

  it('sums the amounts lost the note states in yuan', () => {
    expect(lossIn('先转账2万元，又转了5000元')).toBe(25_000);
    expect(lossIn('被骗 1.5 万元')).toBe(15_000);
    expect(lossIn('没有损失')).toBeUndefined();
  });
});

describe('a picked script proposes the case', () => {
  const consultationScript = { scenario: 'consultation', fraudType: null, text: '您好，您描述的情况我们来一起核实一下。' };

  it('makes an unclassified case a complete consultation with the note and the script', () => {
    const p = proposalFromScript('unclassified', consultationScript, consultationNote);
    expect(p).toEqual({
      callType: 'consultation',
      fraudType: 'order-brushing-rebate',
      disposition: 'resolved',
      fields: { situation: '来电人称接到自称客服的电话，要求下载App刷单返利', contactChannels: ['phone', 'app'], moneySent: false, advice: consultationScript.text },
    });
    expect(finaliseErrors({ callType: p.callType!, fraudType: p.fraudType, disposition: p.disposition, fields: p.fields })).toEqual({});
  });

  it('leaves what the note does not say to the call-taker (the form then asks for it)', () => {
    const p = proposalFromScript('unclassified', consultationScript, '来电人咨询');
    expect(Object.keys(finaliseErrors({ callType: p.callType!, fraudType: p.fraudType, disposition: p.disposition, fields: p.fields })).sort()).toEqual(['contactChannels', 'fraudType']);
  });

  it('a fraud-report script: victim, referred on, the numbers and the loss from the note; 110 stays the call-taker’s answer', () => {
    const p = proposalFromScript('unclassified', { scenario: 'fraud-report', fraudType: null, text: '请立即拨打110报警' }, '对方13800138000自称客服，让我刷单，已转账2万元');
    expect(p.callType).toBe('fraud-report');
    expect(p.fraudType).toBe('order-brushing-rebate');
    expect(p.disposition).toBe('referred');
    expect(p.fields).toEqual({ reporterRole: 'victim', fraudsterIdentifiers: [{ kind: 'phone', value: '13800138000' }], totalLoss: 20_000 });
    expect(finaliseErrors({ callType: 'fraud-report', fraudType: p.fraudType, disposition: p.disposition, fields: p.fields })).toEqual({ routed110: 'required' });
  });

  it('keeps a call type the call-taker chose, and leaves freeze inquiries and general scripts alone', () => {
    expect(proposalFromScript('fraud-report', consultationScript, consultationNote).callType).toBeNull();
    expect(proposalFromScript('fraud-report', consultationScript, consultationNote).fields.reporterRole).toBe('victim');
    expect(proposalFromScript('unclassified', { scenario: 'general', fraudType: null, text: '您好' }, consultationNote)).toEqual({ callType: null, fraudType: null, disposition: null, fields: {} });
    expect(proposalFromScript('freeze-inquiry', consultationScript, consultationNote).fields).toEqual({});
  });

  it('a script’s own fraud type wins over the note’s', () => {
    expect(proposalFromScript('unclassified', { scenario: 'counselling', fraudType: 'online-gambling', text: 'x' }, '输了钱').fraudType).toBeNull();
    expect(proposalFromScript('unclassified', { ...consultationScript, fraudType: 'fake-loan' }, consultationNote).fraudType).toBe('fake-loan');
  });
});

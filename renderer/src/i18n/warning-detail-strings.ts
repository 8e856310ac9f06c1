/** The selected warning instruction's detail and its manual SMS (issue 17), Simplified Chinese. */
export const warningDetailZhCN = {
  title: '指令详情',
  summary: '预警摘要',
  noSummary: '（平台未给摘要）',
  person: '预警对象',
  phones: '联系电话',
  idNumber: '身份证号',
  fraudType: '诈骗类型',
  issued: '下发时间',
  attempts: '处置记录（{{count}}）',
  noAttempts: '尚无拨打或短信记录',
  channel: { call: '电话', sms: '短信', visit: '见面' },
  contacts: '已联系亲友 {{count}} 人',
  sms: {
    label: '短信模板（12381 规范，不含链接）',
    none: '没有可用的短信模板',
    send: '发短信',
    sent: '已发短信：{{title}}（已记入指令）',
  },
  queueHint: '↑/↓ 选择指令',
};

export const warningDetailEn: typeof warningDetailZhCN = {
  title: 'Instruction',
  summary: 'Summary',
  noSummary: '(no summary from the platform)',
  person: 'Person',
  phones: 'Phones',
  idNumber: 'ID number',
  fraudType: 'Fraud type',
  issued: 'Issued',
  attempts: 'History ({{count}})',
  noAttempts: 'No calls or SMS yet',
  channel: { call: 'Call', sms: 'SMS', visit: 'Visit' },
  contacts: '{{count}} relative(s) contacted',
  sms: {
    label: 'SMS template (12381 rule, no links)',
    none: 'No usable SMS template',
    send: 'Send SMS',
    sent: 'SMS sent: {{title}} (recorded on the instruction)',
  },
  queueHint: '↑/↓ to pick an instruction',
};

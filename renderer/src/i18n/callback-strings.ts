/** The 未接来电回拨 list (issue 16), Simplified Chinese. */
export const callbacksZhCN = {
  title: '未接来电回拨',
  empty: '没有待回拨的来电',
  missed: '未接 {{count}} 次',
  lastMissed: '最近 {{time}}',
  waited: '等待 {{seconds}} 秒后挂断',
  overseas: '境外来电',
  attempts: '已回拨 {{count}} 次',
  callBack: '回拨',
  onlyWhenReady: '就绪时可回拨',
  result: { reached: '已接通', 'no-answer': '无人接听', busy: '忙', failed: '失败' },
};

/** The missed-call call-back list, English. */
export const callbacksEn: typeof callbacksZhCN = {
  title: 'Missed calls to call back',
  empty: 'No missed calls to call back',
  missed: 'missed {{count}}×',
  lastMissed: 'last {{time}}',
  waited: 'hung up after {{seconds}} s',
  overseas: 'Overseas',
  attempts: 'called back {{count}}×',
  callBack: 'Call back',
  onlyWhenReady: 'Call back when ready',
  result: { reached: 'reached', 'no-answer': 'no answer', busy: 'busy', failed: 'failed' },
};

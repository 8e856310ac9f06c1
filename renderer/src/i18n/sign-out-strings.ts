/** Sign-out with unsent work, Simplified Chinese. */
export const signOutZhCN = {
  title: '还有未发送到记录库的内容',
  pending: '{{count}} 条更改尚未发送（最早的在 {{age}} 前）。',
  refused: '{{count}} 条更改被记录库拒绝，仍待处理。',
  kept: '这些内容只保存在本机您自己的数据里，其他人登录看不到，也不会以他人身份发送；您下次在本机登录时会继续发送。',
  waiting: '正在发送……还剩 {{count}} 条',
  wait: '等待发送完成后退出',
  keep: '保留在本机，退出',
  cancel: '取消',
  minutes: '{{count}} 分钟',
  seconds: '{{count}} 秒',
};

/** Sign-out with unsent work, English. */
export const signOutEn: typeof signOutZhCN = {
  title: 'Some work has not reached the record store yet',
  pending: '{{count}} change(s) not yet sent (the oldest {{age}} ago).',
  refused: '{{count}} change(s) were refused by the record store and still need a decision.',
  kept: 'They stay on this machine in your own local data: nobody else who signs in here can see them, and they are never sent as someone else. They are sent when you next sign in here.',
  waiting: 'Sending… {{count}} left',
  wait: 'Wait until sent, then sign out',
  keep: 'Keep on this machine and sign out',
  cancel: 'Cancel',
  minutes: '{{count}} min',
  seconds: '{{count}} s',
};

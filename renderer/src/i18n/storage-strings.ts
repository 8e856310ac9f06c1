/** Local storage health strings, Simplified Chinese. */
export const storageZhCN = {
  quota: { title: '本机存储已满，新输入可能无法保存', body: '已用 {{usage}} MB / 共 {{quota}} MB。请先同步并清理浏览器数据，或联系运维。已保存的内容不受影响。' },
  'write-failed': { title: '本机存储写入失败，新输入可能无法保存', body: '请勿关闭窗口，点击“重试”；如仍失败请联系运维。已用 {{usage}} MB / 共 {{quota}} MB。' },
  retry: '重试',
  nearlyFull: '本机存储即将用满（{{usage}} MB / {{quota}} MB），请尽快同步',
  notPersisted: '浏览器未授予持久存储，空间紧张时本机记录可能被清除；请保持记录库在线以便及时同步',
};

/** Local storage health strings, English. */
export const storageEn: typeof storageZhCN = {
  quota: { title: 'Local storage is full: what you type now may not be kept', body: '{{usage}} MB of {{quota}} MB used. Sync and clear browser data, or call operations. What was saved is safe.' },
  'write-failed': { title: 'Local storage refused a write: what you type now may not be kept', body: 'Do not close the window; press “Retry”. If it keeps failing, call operations. {{usage}} MB of {{quota}} MB used.' },
  retry: 'Retry',
  nearlyFull: 'Local storage is nearly full ({{usage}} MB of {{quota}} MB); sync soon',
  notPersisted: 'The browser did not grant persistent storage; local records may be evicted under pressure. Keep the record store reachable so they sync.',
};

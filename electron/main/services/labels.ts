import type { WorkstationConfig } from '@shared/config';

/**
 * The few strings main shows itself (tray, notifications, the crash page). Main has no
 * i18next; the table follows the renderer's keys in spirit and the config's locale.
 */
export interface MainLabels {
  appName: string;
  ready: string;
  notReady: string;
  offline: string;
  onCall: string;
  afterCallWork: string;
  showWindow: string;
  quit: string;
  incomingCall: string;
  unknownCaller: string;
  crashedTitle: string;
  crashedBody: string;
}

const LABELS: Record<WorkstationConfig['locale'], MainLabels> = {
  'zh-CN': {
    appName: '反诈热线工作台',
    ready: '就绪',
    notReady: '未就绪',
    offline: '离线',
    onCall: '通话中',
    afterCallWork: '话后处理',
    showWindow: '显示窗口',
    quit: '退出',
    incomingCall: '来电',
    unknownCaller: '未知号码',
    crashedTitle: '工作台页面多次崩溃',
    crashedBody: '已停止自动重新加载。已保存的记录不会丢失。请重新启动工作台；若问题持续，请联系管理员并提供日志文件。',
  },
  en: {
    appName: 'Hotline Desk',
    ready: 'Ready',
    notReady: 'Not ready',
    offline: 'Offline',
    onCall: 'On a call',
    afterCallWork: 'After-call work',
    showWindow: 'Show window',
    quit: 'Quit',
    incomingCall: 'Incoming call',
    unknownCaller: 'Unknown number',
    crashedTitle: 'The workstation page crashed repeatedly',
    crashedBody: 'Automatic reloading has stopped. Saved records are not lost. Restart the workstation; if this keeps happening, contact your administrator with the log files.',
  },
};

/** The labels for a locale (Chinese by default). */
export function mainLabels(locale: WorkstationConfig['locale'] | undefined): MainLabels {
  return LABELS[locale ?? 'zh-CN'] ?? LABELS['zh-CN'];
}

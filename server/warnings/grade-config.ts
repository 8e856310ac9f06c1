import type { GradeSetting, WarningGrade, WarningState } from '../../shared/schemas/warning';
import type { SmsProvider } from './sms-outbox';
import { hasOutcome } from './state-machine';

/** The warning part of the server configuration (ServerConfig.warnings). */
export interface WarningServerConfig {
  /** Name of the grade setting in force, for display. */
  region: string;
  /** Grades most urgent first; an instruction of a grade missing here is treated as the last one. */
  grades: GradeSetting[];
  /** The automatic low-grade SMS rule; every switch of it is a config change, every SMS it sends is audited. */
  autoSmsLow: boolean;
  /** Key of the SMS template the automatic rule sends. */
  autoSmsTemplateKey: string;
  /** Server clock for overdue verdicts and state times; tests pin it. */
  now: () => number;
  /** The SMS gateway; absent: the development provider (sms_dev_messages). */
  smsProvider?: SmsProvider;
}

/** The effective warning configuration: defaults overridden by ServerConfig.warnings. */
export const warningConfigOf = (overrides: Partial<WarningServerConfig> | undefined): WarningServerConfig => ({ ...DEFAULT_WARNING_CONFIG, ...overrides });

/** The default four grades (特危, 高危, 中危, 低危) with the platform's colours. */
export const FOUR_GRADES: GradeSetting[] = [
  { grade: 'extreme', colour: '#7b1fa2', sound: 'alarm-extreme', overdueMinutes: 30 },
  { grade: 'high', colour: '#d32f2f', sound: 'alarm-high', overdueMinutes: 60 },
  { grade: 'medium', colour: '#f57c00', sound: 'alarm-medium', overdueMinutes: 240 },
  { grade: 'low', colour: '#1976d2', sound: 'alarm-low', overdueMinutes: 1440 },
];

/** The three-grade national setting: no separate 特危; extreme instructions are shown as high. */
export const THREE_GRADES: GradeSetting[] = [
  { grade: 'high', colour: '#d32f2f', sound: 'alarm-high', overdueMinutes: 30 },
  { grade: 'medium', colour: '#f57c00', sound: 'alarm-medium', overdueMinutes: 240 },
  { grade: 'low', colour: '#1976d2', sound: 'alarm-low', overdueMinutes: 1440 },
];

export const DEFAULT_WARNING_CONFIG: WarningServerConfig = {
  region: 'default-4',
  grades: FOUR_GRADES,
  autoSmsLow: true,
  autoSmsTemplateKey: 'sms.warning-low',
  now: () => Date.now(),
};

/** The setting that applies to `grade` in this region (a grade the region lacks maps to the next less urgent one it has, else the last). */
export function gradeSetting(config: Pick<WarningServerConfig, 'grades'>, grade: WarningGrade): GradeSetting {
  const exact = config.grades.find((g) => g.grade === grade);
  if (exact) return exact;
  const order = ['extreme', 'high', 'medium', 'low'];
  const nearer = config.grades.find((g) => order.indexOf(g.grade) > order.indexOf(grade));
  return nearer ?? (config.grades.at(-1) as GradeSetting);
}

/** When an instruction becomes overdue: `issuedAt` plus its grade's overdue minutes. */
export function overdueAt(config: Pick<WarningServerConfig, 'grades'>, item: { grade: WarningGrade; issuedAt: number }): number {
  return item.issuedAt + gradeSetting(config, item.grade).overdueMinutes * 60_000;
}

/** Overdue: no outcome yet and past its grade's time. */
export function isOverdue(config: Pick<WarningServerConfig, 'grades'>, item: { grade: WarningGrade; issuedAt: number; state: WarningState }, now: number): boolean {
  return !hasOutcome(item.state) && now >= overdueAt(config, item);
}

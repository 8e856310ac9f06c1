import type { TFunction } from 'i18next';
import type { GradeSetting } from '@shared/schemas/warning';

const FALLBACK_COLOUR: Record<string, string> = { extreme: '#7b1fa2', high: '#d32f2f', medium: '#f57c00', low: '#1976d2' };

/** The grade's colour in the region's setting (the platform's colours when the region omits it). */
export const gradeColour = (grades: GradeSetting[], grade: string): string => grades.find((g) => g.grade === grade)?.colour ?? FALLBACK_COLOUR[grade] ?? 'gray';

/** A span as "N 分钟" or "H 小时 M 分钟" (whole minutes, never negative). */
export function formatSpan(t: TFunction, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t('supervisor.duration.minutes', { count: minutes });
  return t('supervisor.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** Talk time in minutes with one decimal, for the chart's axis and the table. */
export const talkMinutes = (ms: number): number => Math.round(ms / 6_000) / 10;

/** Local wall-clock time of an instant, HH:MM:SS. */
export const clockTime = (ms: number): string => new Date(ms).toLocaleTimeString('zh-CN', { hour12: false });

/** A live span as "M:SS" or "H:MM:SS" (whole seconds, never negative), for waits and time in state. */
export function clockSpan(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

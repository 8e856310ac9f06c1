import type { TFunction } from 'i18next';

/** How old a cached answer is, in words ("刚刚", "12 分钟前", "3 小时前"). */
export function formatAge(ageMs: number, t: TFunction): string {
  const minutes = Math.floor(Math.max(0, ageMs) / 60_000);
  if (minutes < 1) return t('lookup.age.justNow');
  if (minutes < 60) return t('lookup.age.minutes', { count: minutes });
  return t('lookup.age.hours', { count: Math.floor(minutes / 60) });
}

import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { escalationKey } from './auto-call-progress';

describe('escalationKey', () => {
  it.each([
    ['calls-exhausted:busy', 'autoCall.escalation.exhausted'],
    ['callback-requested', 'autoCall.escalation.callback-requested'],
    ['grade-raised:high', 'autoCall.escalation.grade-raised'],
    ['something-new', null],
    [null, null],
  ])('maps %s to %s, and every key has text in both languages', async (reason, key) => {
    expect(escalationKey(reason)).toBe(key);
    if (key === null) return;
    for (const lng of ['zh-CN', 'en'] as const) {
      const { t } = await createI18n(lng);
      expect(t(key)).not.toBe(key);
    }
  });
});

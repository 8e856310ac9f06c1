import { describe, expect, it } from 'vitest';
import { Prng } from '../../test/sync-harness/prng';
import { findUnsafeText, unsafeTextCode } from './safe-text';

describe('the text rule', () => {
  it('takes words, emoji (a surrogate pair) and line breaks; refuses NUL and every kind of lone surrogate', () => {
    expect(unsafeTextCode('来电人称接到冒充客服电话 😀\n第二行')).toBeNull();
    expect(unsafeTextCode('a\u0000b')).toBe('text-nul');
    for (const lone of ['\uD83D', 'x\uD83Dy', '\uDE00', 'x\uDE00', '\uDE00\uD83D', '\uD83D\uD83D\uDE00\uDE00']) expect(unsafeTextCode(lone)).toBe('text-lone-surrogate');
    expect(findUnsafeText({ args: { fields: { notes: 'ok', bad: '\uDC00' } } })).toEqual({ path: 'args.fields.bad', code: 'text-lone-surrogate' });
  });

  it('judges random UTF-16 exactly as the surrogate pattern it replaced', () => {
    const pattern = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const rand = new Prng(11);
    const units = [0x41, 0x6765, 0xd83d, 0xde00, 0xdbff, 0xdc00, 0x20];
    for (let i = 0; i < 2000; i++) {
      const text = String.fromCharCode(...Array.from({ length: 1 + rand.int(6) }, () => units[rand.int(units.length)]!));
      expect(unsafeTextCode(text) === 'text-lone-surrogate', JSON.stringify(text)).toBe(pattern.test(text));
    }
  });
});

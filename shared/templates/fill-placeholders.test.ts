import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from './fill-placeholders';

describe('fillPlaceholders', () => {
  it('fills from the context, then the fallback, else marks the name', () => {
    const r = fillPlaceholders('请联系{{authority|当地公安机关}}，电话{{ authorityPhone }}，文书号{{noticeNumber}}。', {
      authorityPhone: '0755-12345678',
      authority: '  ',
    });
    expect(r.text).toBe('请联系当地公安机关，电话0755-12345678，文书号【noticeNumber】。');
    expect(r.missing).toEqual(['noticeNumber']);
    expect(r.parts.filter((p) => p.kind === 'placeholder').map((p) => p.kind === 'placeholder' && p.source)).toEqual(['fallback', 'context', 'missing']);
  });

  it('leaves bodies without placeholders alone and can be called repeatedly (no shared regex state)', () => {
    expect(fillPlaceholders('三不一多', {}).text).toBe('三不一多');
    const body = '{{a|x}}{{a|x}}';
    expect(fillPlaceholders(body, { a: '1' }).text).toBe('11');
    expect(fillPlaceholders(body, {}).text).toBe('xx');
  });
});

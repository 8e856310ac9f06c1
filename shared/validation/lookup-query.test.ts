import { describe, expect, it } from 'vitest';
import { validateLookupQuery } from './lookup-query';

describe('validateLookupQuery', () => {
  it('normalises a card number and carries the Luhn doubt as a warning', () => {
    expect(validateLookupQuery({ by: 'account', value: ' 6222 0200 0000 0000 008 ' })).toMatchObject({
      ok: true,
      request: { by: 'account', value: '6222020000000000008' },
      warnings: ['card-luhn'],
      bankHint: '中国工商银行',
    });
    expect(validateLookupQuery({ by: 'account', value: 'Someone@Example.com' })).toMatchObject({ ok: true, request: { value: 'someone@example.com' } });
    expect(validateLookupQuery({ by: 'account', value: '62220abc' })).toEqual({ ok: false, errors: [{ field: 'value', code: 'account-characters' }] });
    expect(validateLookupQuery({ by: 'account', value: '1234' })).toMatchObject({ ok: false, errors: [{ code: 'account-length' }] });
  });

  it('validates resident ID numbers and names the reason', () => {
    expect(validateLookupQuery({ by: 'idNumber', value: '11010519491231002x' })).toMatchObject({ ok: true, request: { value: '11010519491231002X' } });
    expect(validateLookupQuery({ by: 'idNumber', value: '110105194912310021' })).toMatchObject({ ok: false, errors: [{ field: 'value', code: 'id-check-digit' }] });
  });

  it('checks phone numbers and sends them without separators', () => {
    expect(validateLookupQuery({ by: 'phone', value: '+86 138-0013-8000' })).toMatchObject({ ok: true, request: { value: '+8613800138000' } });
    expect(validateLookupQuery({ by: 'phone', value: '(010) 6552 9988' })).toMatchObject({ ok: true, request: { value: '01065529988' } });
    expect(validateLookupQuery({ by: 'phone', value: '12345' })).toMatchObject({ ok: true });
    expect(validateLookupQuery({ by: 'phone', value: '1380013' })).toMatchObject({ ok: false, errors: [{ code: 'phone-invalid' }] });
  });

  it('needs the last digits with a name', () => {
    expect(validateLookupQuery({ by: 'name', value: '张三' })).toMatchObject({ ok: false, errors: [{ field: 'partialNumber', code: 'partial-required' }] });
    expect(validateLookupQuery({ by: 'name', value: '张三', partialNumber: '12a4' })).toMatchObject({ ok: false, errors: [{ field: 'partialNumber', code: 'partial-format' }] });
    expect(validateLookupQuery({ by: 'name', value: '张 三', partialNumber: '002x' })).toMatchObject({ ok: true, request: { by: 'name', value: '张三', partialNumber: '002X' } });
    expect(validateLookupQuery({ by: 'name', value: ' ' })).toMatchObject({ ok: false, errors: [{ field: 'value', code: 'required' }] });
  });
});

import { randomUUID } from 'node:crypto';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { FreezeLookupResponseSchema, type FreezeLookupResponse } from '../../shared/schemas/freeze';
import { lookupSerializerCompiler, serializeLookupResponse } from './lookup-serializer';

const record = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  holderName: '张*三',
  idNumber: '110101********123X',
  phone: null,
  accountKind: 'bank-card' as const,
  accountNumber: '**** **** **** 5678',
  institution: '中国工商银行',
  measureType: 'freeze' as const,
  authority: '深圳市公安局南山分局',
  authorityPhone: '0755-12345678',
  noticeNumber: 'N-1 "quoted" \\ ✓',
  startsAt: 1_790_000_000_000,
  expiresAt: null,
  holderRole: 'victim' as const,
  status: 'active' as const,
  masked: true,
  ...over,
});

describe('look-up answer serializer', () => {
  const zodSerialize = serializerCompiler({ schema: FreezeLookupResponseSchema, method: 'POST', url: '/x' });

  it('writes the same JSON as the zod serializer', () => {
    const answer: FreezeLookupResponse = { results: [record(), record({ phone: '138****5678', expiresAt: 1_800_000_000_000 })], at: 1_790_000_000_123, truncated: true };
    expect(serializeLookupResponse(answer)).toBe(zodSerialize(answer));
    expect(serializeLookupResponse({ results: [], at: 1, truncated: false })).toBe(zodSerialize({ results: [], at: 1, truncated: false }));
  });

  it('drops any key the schema does not name (an unmasked column never leaks)', () => {
    const leaky = { results: [record({ plainPhone: '13800135678', sourceId: 'secret' })], at: 1, truncated: false, debug: 'x' } as unknown as FreezeLookupResponse;
    const text = serializeLookupResponse(leaky);
    expect(text).not.toMatch(/13800135678|secret|debug/);
    expect(Object.keys(JSON.parse(text).results[0]).sort()).toEqual(Object.keys(record()).sort());
  });

  it('is used for 200 answers of the look-up schema only', () => {
    const compile = (httpStatus: string, schema: unknown) => lookupSerializerCompiler({ schema, method: 'POST', url: '/x', httpStatus });
    expect(compile('200', FreezeLookupResponseSchema)({ results: [], at: 1, truncated: false, extra: 1 })).toBe('{"results":[],"at":1,"truncated":false}');
    // Anything else keeps the zod serializer, which refuses what does not fit its schema.
    expect(() => compile('4xx', FreezeLookupResponseSchema)({ results: 'no' })).toThrow();
  });
});

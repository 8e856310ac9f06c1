import { describe, expect, it } from 'vitest';
import { caseNumberOf, parseCaseNumber, shanghaiDayRange } from './case-number';
import { historySearchErrors } from './history';

const ID = '3a6f9e2b-8c1d-4e7a-b5f0-1d2c3b4a5e6f';

describe('case numbers', () => {
  it('uses the creation day in China Standard Time and the id’s first 6 hex digits', () => {
    expect(caseNumberOf({ id: ID, createdAt: Date.UTC(2026, 10, 20, 15, 59) })).toBe('20261120-3A6F9E');
    // 16:00 UTC is midnight in Shanghai: the next day's number.
    expect(caseNumberOf({ id: ID, createdAt: Date.UTC(2026, 10, 20, 16, 0) })).toBe('20261121-3A6F9E');
  });

  it('parses a typed number back to its day and id prefix, and refuses days that do not exist', () => {
    const at = Date.UTC(2026, 10, 21, 3, 0);
    const parsed = parseCaseNumber(` ${caseNumberOf({ id: ID, createdAt: at }).toLowerCase()} `);
    expect(parsed).toEqual({ ...shanghaiDayRange('20261121'), idPrefix: '3a6f9e' });
    expect(parsed!.from <= at && at < parsed!.to).toBe(true);
    expect(parseCaseNumber('202611213A6F9E')?.idPrefix).toBe('3a6f9e');
    expect(parseCaseNumber('20260230-3A6F9E')).toBeNull();
    expect(parseCaseNumber('20261121-3A6F9')).toBeNull();
  });

  it('names the fields of a bad history search', () => {
    expect(historySearchErrors({})).toEqual({ criteria: 'criteria-required' });
    expect(historySearchErrors({ number: '12', idNumber: '110105194912310021', caseNumber: 'x' })).toEqual({ number: 'phone-number', idNumber: 'id-number', caseNumber: 'case-number' });
    expect(historySearchErrors({ from: '200', to: '100' })).toEqual({ to: 'range-order' });
    expect(historySearchErrors({ number: '8000' })).toEqual({});
  });
});

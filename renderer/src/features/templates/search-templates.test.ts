import { describe, expect, it } from 'vitest';
import { template } from '../../../../test/fakes/web/freeze-fixtures';
import { searchTemplates } from './search-templates';

const all = [
  template({ key: 'a', title: '刷单返利劝阻', fraudType: 'order-brushing-rebate', scenario: 'warning-call', body: '先垫付后返利都是骗局' }),
  template({ key: 'b', title: '通用开场白', body: '您好，这里是96110', keywords: ['问候'] }),
  template({ key: 'c', title: '冻结查询', scenario: 'freeze-inquiry', body: '刷单账户被冻结时请联系办案机关' }),
  template({ key: 'd', title: '已停用', active: false, body: '刷单' }),
];
const keys = (f: Partial<Parameters<typeof searchTemplates>[1]>) => searchTemplates(all, { scenario: null, fraudType: null, query: '', ...f }).map((t) => t.key);

describe('searchTemplates', () => {
  it('matches every word in title, body or keywords, title hits first, never inactive ones', () => {
    expect(keys({ query: '刷单' })).toEqual(['a', 'c']);
    expect(keys({ query: '问候' })).toEqual(['b']);
    expect(keys({ query: '刷单 冻结' })).toEqual(['c']);
    expect(keys({ query: '  ' })).toHaveLength(3);
  });

  it('filters by scenario, and by fraud type keeping the templates for every type (specific first)', () => {
    expect(keys({ scenario: 'freeze-inquiry' })).toEqual(['c']);
    expect(keys({ fraudType: 'order-brushing-rebate' })[0]).toBe('a');
    expect(keys({ fraudType: 'online-gambling' })).toEqual(expect.arrayContaining(['b', 'c']));
    expect(keys({ fraudType: 'online-gambling' })).not.toContain('a');
  });
});

import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-links';

describe('isAllowedExternalUrl', () => {
  it('allows https to allowlisted hosts', () => {
    expect(isAllowedExternalUrl('https://www.mps.gov.cn/n2254314/index.html')).toBe(true);
  });
  it.each([
    'http://www.mps.gov.cn/',
    'https://www.mps.gov.cn.evil.com/',
    'https://evil.com/?https://www.mps.gov.cn',
    'https://user:pw@www.mps.gov.cn/',
    'https://www.mps.gov.cn:8443/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'smb://www.mps.gov.cn/share',
    'not a url',
    'https://www.mps.gov.cn%2e/',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetElectronFake, shell } from '../../../test/fakes/node/electron';
import { EXTERNAL_URL_ALLOWLIST, isOpenableExternalUrl, openExternalSafely } from './open-external';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

beforeEach(() => resetElectronFake());

describe('openExternalSafely', () => {
  it('keeps the allowlist small and https-host-only', () => {
    expect(EXTERNAL_URL_ALLOWLIST.length).toBeGreaterThan(0);
    expect(EXTERNAL_URL_ALLOWLIST.length).toBeLessThanOrEqual(5);
    for (const host of EXTERNAL_URL_ALLOWLIST) expect(host).toMatch(/^[a-z0-9.-]+$/);
    expect(EXTERNAL_URL_ALLOWLIST).toContain('www.mps.gov.cn');
  });

  it('opens an allowlisted https URL, normalised', async () => {
    await expect(openExternalSafely('https://WWW.MPS.GOV.CN/n2254314/index.html')).resolves.toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.mps.gov.cn/n2254314/index.html', { activate: true });
  });

  it.each([
    'http://www.mps.gov.cn/',
    'https://www.mps.gov.cn.evil.com/',
    'https://evil.com/?https://www.mps.gov.cn',
    'https://evil.com#https://www.mps.gov.cn',
    'https://www.mps.gov.cn@evil.com/',
    'https://user:pw@www.mps.gov.cn/',
    'https://user@www.mps.gov.cn/',
    'https://www.mps.gov.cn:8443/',
    'https://www.mps.gov.cn./',
    'https://www.mрs.gov.cn/', // Cyrillic р
    'https://xn--www.mps.gov.cn/',
    'https://www.mps.gov.cn\\@evil.com/',
    'https:\\\\www.mps.gov.cn/',
    'https://www.mps.gov.cn/\n',
    ' https://www.mps.gov.cn/',
    'https://www.mps.gov.cn/\t',
    'https://www.mps.gov.cn%2e/',
    'https://%77ww.mps.gov.cn/',
    'https:www.mps.gov.cn',
    '//www.mps.gov.cn/',
    'javascript:alert(1)',
    'JAVASCRIPT://www.mps.gov.cn/%0aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'file://www.mps.gov.cn/share/x.exe',
    'smb://www.mps.gov.cn/share',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'vbscript:msgbox(1)',
    'tel:96110',
    'https://127.0.0.1/',
    `https://www.mps.gov.cn/${'a'.repeat(3000)}`,
    '',
    'not a url',
    42,
    null,
    { toString: () => 'https://www.mps.gov.cn/' },
  ])('refuses %j', async (url) => {
    expect(isOpenableExternalUrl(url)).toBe(false);
    await expect(openExternalSafely(url)).resolves.toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

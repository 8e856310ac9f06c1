import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { protocol } from '../../../test/fakes/node/electron';
import { APP_ORIGIN, contentTypeFor, createAppProtocolHandler, installAppProtocol, registerAppScheme } from './app-protocol';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const CSP = "default-src 'self'";
let base: string;
let root: string;
let handler: ReturnType<typeof createAppProtocolHandler>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>desk</title>');
  await writeFile(join(root, 'assets', 'main.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'ring.wav'), 'RIFF');
  await writeFile(join(base, 'secret.txt'), 'SECRET');
  await writeFile(join(base, 'renderer-evil.txt'), 'SECRET');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  handler = createAppProtocolHandler({ root, contentSecurityPolicy: () => CSP });
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handler({ url, method });

describe('app:// protocol', () => {
  it('uses the app origin app://hotline-desk', () => {
    expect(APP_ORIGIN).toBe('app://hotline-desk');
  });

  it('registers app as a privileged standard, secure scheme', () => {
    registerAppScheme();
    const [schemes] = protocol.registerSchemesAsPrivileged.mock.calls[0] as unknown as [{ scheme: string; privileges: Record<string, boolean> }[]];
    expect(schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(schemes[0]!.privileges.bypassCSP).toBeFalsy();
  });

  it('installs the handler on the app scheme', () => {
    installAppProtocol({ root, contentSecurityPolicy: () => CSP });
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves index.html with its type and the CSP header', async () => {
    for (const url of ['app://hotline-desk/index.html', 'app://hotline-desk/']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>desk</title>');
    }
  });

  it('serves assets with the right content types', async () => {
    expect((await get('app://hotline-desk/assets/main.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://hotline-desk/assets/ring.wav')).headers.get('content-type')).toBe('audio/wav');
    expect(contentTypeFor('x.WOFF2')).toBe('font/woff2');
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });

  it('reads the CSP per request (a config change applies on the next load)', async () => {
    let csp = 'a';
    const dynamic = createAppProtocolHandler({ root, contentSecurityPolicy: () => csp });
    expect((await dynamic({ url: 'app://hotline-desk/index.html', method: 'GET' })).headers.get('content-security-policy')).toBe('a');
    csp = 'b';
    expect((await dynamic({ url: 'app://hotline-desk/index.html', method: 'GET' })).headers.get('content-security-policy')).toBe('b');
  });

  it.each([
    'app://hotline-desk/../secret.txt',
    'app://hotline-desk/%2e%2e/secret.txt',
    'app://hotline-desk/%2e%2e%2fsecret.txt',
    'app://hotline-desk/..%2fsecret.txt',
    'app://hotline-desk/assets/..%2f..%2fsecret.txt',
    'app://hotline-desk/%2E%2E%2F%2E%2E%2Fsecret.txt',
    'app://hotline-desk/..%5csecret.txt',
    'app://hotline-desk/..%2frenderer-evil.txt',
    'app://hotline-desk/index.html%00.png',
    'app://hotline-desk/%E0%A4%A',
    'app://hotline-desk/assets/link.txt',
    'app://hotline-desk/missing.js',
    'app://hotline-desk/assets',
    'app://other-host/index.html',
    'file:///etc/passwd',
  ])('answers 404 with the CSP header for %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(await response.text()).not.toContain('SECRET');
  });

  it('refuses encoded absolute paths', async () => {
    const encoded = encodeURIComponent(join(base, 'secret.txt'));
    for (const url of [`app://hotline-desk/${encoded}`, `app://hotline-desk/${encoded.replace(/^%2F/, '%2F%2F')}`]) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('SECRET');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://hotline-desk/index.html', 'POST')).status).toBe(405);
    const head = await get('app://hotline-desk/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

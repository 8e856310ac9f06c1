import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { ipcHandlers, ipcMain, resetElectronFake } from '../../../test/fakes/node/electron';
import { handle } from './handle';
import { HandlerError } from './handler-error';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const trusted = { senderFrame: { url: 'app://hotline-desk/index.html', parent: null } };
const log = vi.fn();

function call(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
  const handler = ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(handler(event, ...args));
}

beforeEach(() => {
  resetElectronFake();
  log.mockClear();
});

describe('handle', () => {
  it('registers through ipcMain.handle on the named channel', () => {
    handle('app:info', () => ({ version: '1', platform: 'linux', host: 'electron' }));
    expect(ipcMain.handle).toHaveBeenCalledWith('app:info', expect.any(Function));
  });

  it('wraps the result in an envelope', async () => {
    handle('app:info', () => ({ version: '1', platform: 'linux', host: 'electron' }));
    await expect(call('app:info', trusted)).resolves.toEqual({ result: { version: '1', platform: 'linux', host: 'electron' } });
  });

  it.each([
    ['no frame', { senderFrame: null }],
    ['another origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a sub-frame', { senderFrame: { url: 'app://hotline-desk/x.html', parent: {} } }],
    ['file://', { senderFrame: { url: 'file:///out/renderer/index.html', parent: null } }],
  ])('refuses an untrusted sender (%s) without running the handler', async (_name, event) => {
    const handler = vi.fn(() => null);
    handle('credential:get', handler);
    await expect(call('credential:get', event, 'sip-password')).resolves.toEqual({ error: { code: 'forbidden-sender', message: expect.any(String) } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a sender whose frame is already disposed (senderFrame getter throws)', async () => {
    const handler = vi.fn();
    handle('app:info', handler as never);
    const disposed = Object.defineProperty({}, 'senderFrame', {
      get() {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    });
    await expect(call('app:info', disposed)).resolves.toMatchObject({ error: { code: 'forbidden-sender' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ['credential:get', ['not-a-key'], /^0: /],
    ['credential:get', [], /expected array/],
    ['credential:set', ['sip-password', 42], /^1: /],
    ['credential:set', ['sip-password', 'x'.repeat(9000)], /^1: /],
    ['config:set', [{ ...DEFAULT_CONFIG, recordStoreUrl: 'javascript:alert(1)' }], /^0\.recordStoreUrl: /],
    ['config:set', [{ ...DEFAULT_CONFIG, sipWsUrl: 'http://pbx' }], /^0\.sipWsUrl: /],
    ['shell:open-external', [{ href: 'https://x' }], /^0: /],
    ['journal:append', ['user-a', [{ id: '', kind: 'k', at: 1 }]], /^1\.0\.id: /],
    ['journal:append', ['../../etc', []], /^0: /],
    ['app:info', ['extra'], /.+/],
  ] as const)('rejects bad arguments to %s with invalid-args and a field message', async (channel, args, message) => {
    const handler = vi.fn();
    handle(channel, handler as never);
    const reply = (await call(channel, trusted, ...args)) as { error: { code: string; message: string } };
    expect(reply.error.code).toBe('invalid-args');
    expect(reply.error.message).toMatch(message);
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes parsed arguments to the handler', async () => {
    const handler = vi.fn(async () => undefined);
    handle('credential:set', handler);
    await expect(call('credential:set', trusted, 'sip-password', 's3cret')).resolves.toEqual({ result: undefined });
    expect(handler).toHaveBeenCalledWith('sip-password', 's3cret');
  });

  it('turns a thrown error into an internal envelope without leaking its message', async () => {
    handle('journal:replay', async () => {
      throw new Error('EACCES /home/operator/.config/secret');
    }, { ipc: ipcMain, isTrusted: () => true, log });
    const reply = (await call('journal:replay', trusted, 'user-a')) as { error: { code: string; message: string } };
    expect(reply.error.code).toBe('internal');
    expect(reply.error.message).not.toContain('secret');
    expect(log).toHaveBeenCalled();
  });

  it('turns a synchronous throw into an internal envelope too', async () => {
    handle('window:focus', () => {
      throw new TypeError('boom');
    }, { ipc: ipcMain, isTrusted: () => true, log });
    await expect(call('window:focus', trusted)).resolves.toMatchObject({ error: { code: 'internal' } });
  });

  it('passes a HandlerError code through', async () => {
    handle('shell:open-external', () => {
      throw new HandlerError('forbidden-url', 'not allowed');
    });
    await expect(call('shell:open-external', trusted, 'https://evil.example')).resolves.toEqual({ error: { code: 'forbidden-url', message: 'not allowed' } });
  });

  it('refuses an off-contract result as internal', async () => {
    handle('credential:backend', () => 'carrier-pigeon' as never, { ipc: ipcMain, isTrusted: () => true, log });
    await expect(call('credential:backend', trusted)).resolves.toMatchObject({ error: { code: 'internal' } });
  });
});

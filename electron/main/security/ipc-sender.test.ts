import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../../../test/fakes/node/electron';
import { isTrustedSender } from './ipc-sender';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const top = (url: string) => ({ senderFrame: { url, parent: null } }) as any;

afterEach(() => {
  delete process.env.ELECTRON_RENDERER_URL;
  app.isPackaged = false;
});

describe('isTrustedSender', () => {
  it('trusts the app top frame', () => {
    expect(isTrustedSender(top('app://hotline-desk/index.html'))).toBe(true);
  });

  it('refuses a missing (destroyed) frame', () => {
    expect(isTrustedSender({ senderFrame: null } as any)).toBe(false);
  });

  it('refuses a sub-frame, even on the app origin', () => {
    const parent = { url: 'app://hotline-desk/index.html', parent: null };
    expect(isTrustedSender({ senderFrame: { url: 'app://hotline-desk/frame.html', parent } } as any)).toBe(false);
  });

  it.each([
    'https://evil.example/',
    'app://evil/index.html',
    'app://hotline-desk.evil/',
    'app://user@hotline-desk/index.html',
    'file:///work/out/renderer/index.html',
    'about:blank',
    'data:text/html,x',
    '',
  ])('refuses a top frame at %j', (url) => {
    expect(isTrustedSender(top(url))).toBe(false);
  });

  it('trusts the dev server only when set and unpackaged', () => {
    expect(isTrustedSender(top('http://localhost:5173/'))).toBe(false);
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    expect(isTrustedSender(top('http://localhost:5173/'))).toBe(true);
    expect(isTrustedSender(top('http://127.0.0.1:5173/'))).toBe(false);
    app.isPackaged = true;
    expect(isTrustedSender(top('http://localhost:5173/'))).toBe(false);
  });

  it('ignores a non-http ELECTRON_RENDERER_URL', () => {
    process.env.ELECTRON_RENDERER_URL = 'file:///tmp/index.html';
    expect(isTrustedSender(top('file:///tmp/index.html'))).toBe(false);
  });
});

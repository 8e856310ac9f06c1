import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, resetElectronFake, shell } from '../../../test/fakes/node/electron';
import { installNavigationGuards } from './navigation';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
}

let contents: FakeContents;

beforeEach(() => {
  resetElectronFake();
  installNavigationGuards(app as any);
  contents = new FakeContents();
  app.emit('web-contents-created', {}, contents);
});

afterEach(() => {
  delete process.env.ELECTRON_RENDERER_URL;
});

/** Emits a navigation event the Electron ≥ 25 way and reports whether it was prevented. */
function prevented(eventName: string, url: string): boolean {
  const event = { url, preventDefault: vi.fn() };
  contents.emit(eventName, event, url);
  return event.preventDefault.mock.calls.length > 0;
}

const OFF_ORIGIN = [
  'https://evil.example/',
  'http://localhost:5173/',
  'app://evil/index.html',
  'app://hotline-desk.evil/index.html',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,hi',
  'about:blank',
  'https://www.mps.gov.cn/',
  'not a url',
];

describe.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s', (eventName) => {
  it('allows the app origin', () => {
    expect(prevented(eventName, 'app://hotline-desk/index.html#/case/1')).toBe(false);
  });

  it.each(OFF_ORIGIN)('prevents %s', (url) => {
    expect(prevented(eventName, url)).toBe(true);
  });

  it('allows the dev server only while ELECTRON_RENDERER_URL names it', () => {
    expect(prevented(eventName, 'http://localhost:5173/')).toBe(true);
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    expect(prevented(eventName, 'http://localhost:5173/index.html')).toBe(false);
    expect(prevented(eventName, 'http://localhost:5174/')).toBe(true);
  });
});

describe('new windows', () => {
  it.each(['app://hotline-desk/index.html', 'https://evil.example/', 'about:blank', 'https://www.mps.gov.cn/'])('denies window.open(%s)', (url) => {
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
  });

  it('hands allowlisted https links to the system browser, nothing else', async () => {
    contents.windowOpenHandler!({ url: 'https://www.mps.gov.cn/x' });
    contents.windowOpenHandler!({ url: 'https://evil.example/' });
    contents.windowOpenHandler!({ url: 'file:///etc/passwd' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.mps.gov.cn/x', expect.anything());
  });
});

describe('webview', () => {
  it('prevents attaching a <webview>', () => {
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, { src: 'https://evil.example' });
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

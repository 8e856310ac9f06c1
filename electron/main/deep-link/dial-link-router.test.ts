import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, resetElectronFake } from '../../../test/fakes/node/electron';
import { DialLinkRouter } from './dial-link-router';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

let window: FakeBrowserWindow | null;
let router: DialLinkRouter;

beforeEach(() => {
  resetElectronFake();
  window = new FakeBrowserWindow({});
  router = new DialLinkRouter(() => window as never);
});

describe('DialLinkRouter', () => {
  it('holds a link until the page is ready, then sends it and focuses the window', () => {
    expect(router.fromArgv(['/app', 'tel:96110'])).toBe('96110');
    expect(window!.webContents.send).not.toHaveBeenCalled();
    router.onPageReady();
    expect(window!.webContents.send).toHaveBeenCalledWith('event:dial', { number: '96110' });
    expect(window!.focus).toHaveBeenCalled();
    router.onPageReady();
    expect(window!.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('sends at once when the page is ready', () => {
    router.onPageReady();
    router.fromUrl('sip:1001@pbx.example');
    expect(window!.webContents.send).toHaveBeenCalledWith('event:dial', { number: '1001' });
  });

  it('refuses hostile links without sending anything', () => {
    router.onPageReady();
    expect(router.fromUrl('tel:--inspect')).toBeNull();
    expect(router.fromArgv(['/app', 'tel:1', 'tel:2'])).toBeNull();
    expect(window!.webContents.send).not.toHaveBeenCalled();
  });

  it('keeps a link across a page reload', () => {
    router.onPageReady();
    router.onPageGone();
    router.fromUrl('tel:110');
    expect(window!.webContents.send).not.toHaveBeenCalled();
    router.onPageReady();
    expect(window!.webContents.send).toHaveBeenCalledWith('event:dial', { number: '110' });
  });

  it('keeps the link while there is no window', () => {
    const saved = window;
    window = null;
    router.onPageReady();
    router.fromUrl('tel:110');
    window = saved;
    router.onPageReady();
    expect(window!.webContents.send).toHaveBeenCalledWith('event:dial', { number: '110' });
  });
});

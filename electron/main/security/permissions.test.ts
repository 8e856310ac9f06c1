import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { app, createFakeSession } from '../../../test/fakes/node/electron';
import { installPermissionPolicy, isPermissionAllowed, PERMISSION_TABLE } from './permissions';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const APP = 'app://hotline-desk';
const APP_PAGE = 'app://hotline-desk/index.html';
let fakeSession: ReturnType<typeof createFakeSession>;

type RequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void;
type CheckHandler = (wc: unknown, permission: string, origin: string, details: Record<string, unknown>) => boolean;

function request(permission: string, details: Record<string, unknown>): boolean {
  const handler = fakeSession.setPermissionRequestHandler.mock.calls[0]![0] as RequestHandler;
  let granted: boolean | undefined;
  handler({}, permission, (g) => (granted = g), { isMainFrame: true, requestingUrl: APP_PAGE, ...details });
  if (granted === undefined) throw new Error('callback not called');
  return granted;
}

function check(permission: string, origin: string, details: Record<string, unknown> = {}): boolean {
  const handler = fakeSession.setPermissionCheckHandler.mock.calls[0]![0] as CheckHandler;
  return handler({}, permission, origin, { isMainFrame: true, ...details });
}

beforeEach(() => {
  fakeSession = createFakeSession();
  installPermissionPolicy(fakeSession as any);
});

afterEach(() => {
  delete process.env.ELECTRON_RENDERER_URL;
  app.isPackaged = false;
});

describe('permission table', () => {
  it('lists media and notifications only', () => {
    expect(Object.keys(PERMISSION_TABLE).sort()).toEqual(['media', 'notifications']);
  });

  it('grants microphone-only media to the app', () => {
    expect(request('media', { mediaTypes: ['audio'], securityOrigin: APP })).toBe(true);
    expect(request('media', { mediaTypes: ['audio'] })).toBe(true);
    expect(check('media', APP, { mediaType: 'audio' })).toBe(true);
    expect(check('media', `${APP}/`, { mediaType: 'audio' })).toBe(true);
  });

  it.each([[['video']], [['audio', 'video']], [['video', 'audio']], [[]], [undefined]])('denies media with mediaTypes %j', (mediaTypes) => {
    expect(request('media', { mediaTypes, securityOrigin: APP })).toBe(false);
  });

  it.each(['video', 'unknown', undefined])('denies the media check for mediaType %s', (mediaType) => {
    expect(check('media', APP, { mediaType })).toBe(false);
  });

  it('grants notifications to the app', () => {
    expect(request('notifications', {})).toBe(true);
    expect(check('notifications', APP)).toBe(true);
  });

  it.each([
    'geolocation',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'fullscreen',
    'openExternal',
    'pointerLock',
    'keyboardLock',
    'midi',
    'midiSysex',
    'hid',
    'serial',
    'usb',
    'fileSystem',
    'idle-detection',
    'window-management',
    'local-fonts',
    'storage-access',
    'camera',
    'unknown',
    '__proto__',
    'toString',
    'hasOwnProperty',
  ])('denies %s to the app itself', (permission) => {
    expect(request(permission, { mediaTypes: ['audio'] })).toBe(false);
    expect(check(permission, APP, { mediaType: 'audio' })).toBe(false);
  });

  it.each([
    'https://evil.example',
    'http://localhost:5173',
    'app://evil',
    'app://hotline-desk.evil',
    'file://',
    'null',
    '',
    'app://user@hotline-desk',
  ])('denies microphone and notifications to origin %j', (origin) => {
    expect(check('media', origin, { mediaType: 'audio' })).toBe(false);
    expect(check('notifications', origin)).toBe(false);
    expect(request('media', { mediaTypes: ['audio'], securityOrigin: origin || undefined, requestingUrl: origin })).toBe(false);
  });

  it('denies sub-frames even on the app origin', () => {
    expect(request('media', { mediaTypes: ['audio'], isMainFrame: false })).toBe(false);
    expect(check('notifications', APP, { isMainFrame: false })).toBe(false);
  });

  it('trusts the dev server only when ELECTRON_RENDERER_URL is set and the app is unpackaged', () => {
    expect(check('media', 'http://localhost:5173', { mediaType: 'audio' })).toBe(false);
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    expect(check('media', 'http://localhost:5173', { mediaType: 'audio' })).toBe(true);
    expect(check('media', 'http://localhost:5174', { mediaType: 'audio' })).toBe(false);
    app.isPackaged = true;
    expect(check('media', 'http://localhost:5173', { mediaType: 'audio' })).toBe(false);
  });

  it('isPermissionAllowed is the same decision', () => {
    expect(isPermissionAllowed('media', APP, true, { mediaTypes: ['audio'] })).toBe(true);
    expect(isPermissionAllowed('media', APP, true, { mediaTypes: ['audio', 'video'] })).toBe(false);
  });
});

describe('devices and display capture', () => {
  it('denies HID, serial and USB devices', () => {
    const handler = fakeSession.setDevicePermissionHandler.mock.calls[0]![0] as (d: unknown) => boolean;
    for (const deviceType of ['hid', 'serial', 'usb']) expect(handler({ deviceType, origin: APP })).toBe(false);
  });

  it('answers every display-media request with no stream', () => {
    const handler = fakeSession.setDisplayMediaRequestHandler.mock.calls[0]![0] as (r: unknown, cb: (s: unknown) => void) => void;
    const callback = vi.fn();
    handler({ securityOrigin: APP, videoRequested: true, audioRequested: true }, callback);
    expect(callback).toHaveBeenCalledWith({});
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createdWindows, resetElectronFake } from '../../../test/fakes/node/electron';
import { createMainWindow, SECURE_WEB_PREFERENCES } from './create-main-window';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const EXPECTED = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  backgroundThrottling: false,
  autoplayPolicy: 'no-user-gesture-required',
  preload: '/fake/app/out/preload/index.cjs',
};

beforeEach(() => resetElectronFake());

describe('SECURE_WEB_PREFERENCES', () => {
  it('holds exactly the hardened values', () => {
    expect({ ...SECURE_WEB_PREFERENCES }).toEqual(EXPECTED);
  });

  it('is frozen: assignments throw in strict mode and change nothing', () => {
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
    expect(() => {
      (SECURE_WEB_PREFERENCES as any).nodeIntegration = true;
    }).toThrow(TypeError);
    expect(() => {
      (SECURE_WEB_PREFERENCES as any).extra = 1;
    }).toThrow(TypeError);
    expect(SECURE_WEB_PREFERENCES.nodeIntegration).toBe(false);
  });
});

describe('createMainWindow', () => {
  it('creates a window with the hardened preferences', () => {
    createMainWindow();
    expect(createdWindows).toHaveLength(1);
    expect(createdWindows[0]!.options.webPreferences).toEqual(EXPECTED);
  });

  it('ignores webPreferences and other unlisted options smuggled in by a caller', () => {
    const hostile = {
      width: 900,
      webPreferences: { nodeIntegration: true, sandbox: false, contextIsolation: false, webSecurity: false, preload: '/tmp/evil.js' },
      parent: {},
      frame: false,
    };
    createMainWindow(hostile as any);
    const options = createdWindows[0]!.options;
    expect(options.webPreferences).toEqual(EXPECTED);
    expect(options.width).toBe(900);
    expect(options).not.toHaveProperty('parent');
    expect(options).not.toHaveProperty('frame');
  });

  it('gives each window its own copy, so mutating one cannot weaken the baseline', () => {
    createMainWindow();
    (createdWindows[0]!.options.webPreferences as any).sandbox = false;
    createMainWindow();
    expect((createdWindows[1]!.options.webPreferences as any).sandbox).toBe(true);
  });

  it('shows the window once ready', () => {
    createMainWindow();
    const window = createdWindows[0]!;
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });
});

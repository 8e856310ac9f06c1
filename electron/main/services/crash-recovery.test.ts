import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, resetElectronFake } from '../../../test/fakes/node/electron';
import { CrashRecovery, errorPageUrl } from './crash-recovery';
import { mainLabels } from './labels';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

let now: number;
let window: FakeBrowserWindow;
const log = vi.fn();
const onGone = vi.fn();
let recovery: CrashRecovery;
const crash = { reason: 'crashed', exitCode: 139 } as const;

beforeEach(() => {
  resetElectronFake();
  log.mockClear();
  onGone.mockClear();
  now = 1_000_000;
  window = new FakeBrowserWindow({});
  recovery = new CrashRecovery({ now: () => now, log, onGone, labels: () => mainLabels('zh-CN') });
  recovery.attach(window as never);
});

const gone = (details: { reason: string; exitCode: number } = crash) => window.webContents.emit('render-process-gone', {}, details);

describe('CrashRecovery', () => {
  it('reloads a crashed renderer and logs why', () => {
    gone();
    expect(window.webContents.reload).toHaveBeenCalledTimes(1);
    expect(onGone).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/crashed.*139.*reloading \(1\/3\)/);
  });

  it('ignores a clean exit', () => {
    gone({ reason: 'clean-exit', exitCode: 0 });
    expect(window.webContents.reload).not.toHaveBeenCalled();
    expect(onGone).not.toHaveBeenCalled();
  });

  it('stops after 3 reloads within a minute and shows the static error page', () => {
    for (let i = 0; i < 3; i++) {
      gone({ reason: 'oom', exitCode: 1 });
      now += 10_000;
    }
    expect(window.webContents.reload).toHaveBeenCalledTimes(3);
    gone();
    expect(window.webContents.reload).toHaveBeenCalledTimes(3);
    expect(window.loadURL).toHaveBeenCalledWith(expect.stringMatching(/^data:text\/html/));
    const html = decodeURIComponent(String((window.loadURL.mock.calls[0] as unknown[])[0]).split(',')[1]!);
    expect(html).toContain('工作台页面多次崩溃');
    expect(html).not.toMatch(/<script/i);
  });

  it('allows reloads again once the minute has passed', () => {
    for (let i = 0; i < 3; i++) gone();
    now += 60_001;
    expect(recovery.onGone(window as never, crash)).toBe('reloaded');
    expect(window.webContents.reload).toHaveBeenCalledTimes(4);
  });

  it('escapes the error page text', () => {
    const html = decodeURIComponent(errorPageUrl({ crashedTitle: '<img src=x onerror=alert(1)>', crashedBody: '"&' }).split(',')[1]!);
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img');
  });
});

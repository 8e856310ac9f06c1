import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createdTrays, resetElectronFake } from '../../../test/fakes/node/electron';
import type { FakeTray } from '../../../test/fakes/node/electron';
import { mainLabels } from './labels';
import { TrayService } from './tray';
import { trayIconPng } from './tray-icon';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const onAction = vi.fn();
const showWindow = vi.fn();
const quit = vi.fn();
let locale: 'zh-CN' | 'en';
let tray: TrayService;

beforeEach(() => {
  resetElectronFake();
  locale = 'en';
  tray = new TrayService({ labels: () => mainLabels(locale), onAction, showWindow, quit });
  tray.create();
});

const fake = (): FakeTray => createdTrays[0]!;
const item = (id: string) => fake().menu!.items.find((i) => i.id === id)!;

describe('TrayService', () => {
  it('starts offline with ready/not ready disabled', () => {
    expect(createdTrays).toHaveLength(1);
    expect(fake().tooltip).toBe('Hotline Desk · Offline');
    expect(item('ready').enabled).toBe(false);
    expect(item('not-ready').enabled).toBe(false);
  });

  it('shows the agent state from the renderer in tooltip, icon and menu', () => {
    tray.setState('ready');
    expect(fake().tooltip).toBe('Hotline Desk · Ready');
    expect(item('ready')).toMatchObject({ checked: true, enabled: true });
    expect(item('not-ready')).toMatchObject({ checked: false });
    expect((fake().image as { buffer: Buffer }).buffer.equals(trayIconPng('ready'))).toBe(true);
    tray.setState('not-ready');
    expect((fake().image as { buffer: Buffer }).buffer.equals(trayIconPng('not-ready'))).toBe(true);
  });

  it('shows on-call and after-call work, with the choices locked during a call', () => {
    tray.setState('on-call');
    expect(fake().tooltip).toBe('Hotline Desk · On a call');
    expect(item('ready').enabled).toBe(false);
    tray.setState('after-call-work');
    expect(fake().tooltip).toBe('Hotline Desk · After-call work');
    expect(item('ready')).toMatchObject({ enabled: true, checked: false });
  });

  it('sends quick actions to the renderer and shows them at once', () => {
    tray.setState('ready');
    item('not-ready').click!();
    expect(onAction).toHaveBeenCalledWith('not-ready');
    expect(tray.state).toBe('not-ready');
    expect(fake().tooltip).toBe('Hotline Desk · Not ready');
  });

  it('show window and quit', () => {
    item('show').click!();
    expect(showWindow).toHaveBeenCalled();
    fake().emit('click');
    expect(showWindow).toHaveBeenCalledTimes(2);
    item('quit').click!();
    expect(quit).toHaveBeenCalled();
  });

  it('follows the language', () => {
    locale = 'zh-CN';
    tray.refresh();
    expect(fake().tooltip).toBe('反诈热线工作台 · 离线');
    expect(item('quit').label).toBe('退出');
  });

  it('destroys once and ignores updates afterwards', () => {
    tray.destroy();
    tray.setState('ready');
    expect(fake().destroy).toHaveBeenCalledTimes(1);
    expect(fake().tooltip).toBe('Hotline Desk · Offline');
  });

  it('draws a valid PNG per state', () => {
    const png = trayIconPng('offline', 16);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(16);
    expect(trayIconPng('ready').equals(trayIconPng('offline'))).toBe(false);
  });
});

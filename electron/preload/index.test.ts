import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNELS, IPC_REQUEST_CHANNELS } from '@shared/ipc/contract';
import { DESK_BRIDGE_METHODS } from '@shared/ipc/desk-bridge';
import type { DeskBridge } from '@shared/ipc/desk-bridge';
import { exposed, ipcRenderer } from '../../test/fakes/node/electron';

vi.mock('electron', () => import('../../test/fakes/node/electron'));

let desk: DeskBridge;

beforeAll(async () => {
  await import('./index');
  desk = exposed.desk as DeskBridge;
});

beforeEach(() => {
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoke.mockClear();
});

describe('preload window.desk', () => {
  it('is exposed under "desk" and frozen', () => {
    expect(desk).toBeDefined();
    expect(Object.isFrozen(desk)).toBe(true);
  });

  it('has exactly one named method per contract request channel, plus on', () => {
    expect(Object.keys(desk).sort()).toEqual([...Object.keys(DESK_BRIDGE_METHODS), 'on'].sort());
    expect(Object.values(DESK_BRIDGE_METHODS).sort()).toEqual([...IPC_REQUEST_CHANNELS].sort());
    expect(Object.keys(DESK_BRIDGE_METHODS)).toHaveLength(IPC_REQUEST_CHANNELS.length);
  });

  it('exposes no generic invoke/send or the raw ipcRenderer', () => {
    for (const key of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'removeListener', 'emit']) expect(desk).not.toHaveProperty(key);
    for (const value of Object.values(desk)) expect(value).not.toBe(ipcRenderer);
  });

  it.each(Object.entries(DESK_BRIDGE_METHODS))('%s invokes %s with the arguments only', async (method, channel) => {
    const call = (desk as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method]!;
    await expect(call('a', 2)).resolves.toEqual({ result: [channel, 'a', 2] });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(channel, 'a', 2);
  });

  it('a method cannot be pointed at another channel by the page', async () => {
    await desk.appInfo(...(['journal:trim'] as unknown as []));
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('app:info', 'journal:trim');
  });

  it('bridges exactly the contract event channels', () => {
    for (const channel of IPC_EVENT_CHANNELS) expect(() => desk.on(channel, () => {})).not.toThrow();
  });

  it('passes the payload only, never the IpcRendererEvent', () => {
    const listener = vi.fn();
    desk.on('event:dial', listener);
    const event = { sender: ipcRenderer, senderId: 0, ports: [] };
    ipcRenderer.emit('event:dial', event, { number: '96110' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ number: '96110' }]);
  });

  it('unsubscribes', () => {
    const listener = vi.fn();
    const off = desk.on('event:shortcut', listener);
    off();
    ipcRenderer.emit('event:shortcut', {}, { action: 'answer' });
    expect(listener).not.toHaveBeenCalled();
    expect(ipcRenderer.listenerCount('event:shortcut')).toBe(0);
  });

  it.each(['config:get', 'app:info', 'ELECTRON_BROWSER_REQUIRE', 'event:unknown', '', '__proto__', 'constructor'])('refuses to subscribe to %j', (channel) => {
    expect(() => desk.on(channel as never, () => {})).toThrow(/Unknown event channel/);
    expect(ipcRenderer.eventNames()).toEqual([]);
  });

  it('refuses a non-function listener', () => {
    expect(() => desk.on('event:dial', 'alert(1)' as never)).toThrow(TypeError);
  });
});

import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostApi } from '@shared/host-api';
import { DEFAULT_DESKTOP_SETTINGS, type ShortcutStatus } from '@shared/ipc/desktop';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { MemoryHost } from '../../host/memory-host';
import { WebHost } from '../../host/web-host';
import { SettingsButton } from './SettingsButton';
import { SettingsModal } from './SettingsModal';

afterEach(cleanup);

/** A memory host whose desktop answers like main: status per saved binding, `conflict` for one. */
function desktopHost(held = 'CommandOrControl+Alt+H') {
  const host = new MemoryHost();
  const statusFor = (): ShortcutStatus[] =>
    (['answer', 'hangup', 'mute'] as const).map((action) => {
      const accelerator = (host as unknown as { saved: typeof DEFAULT_DESKTOP_SETTINGS }).saved.shortcuts[action];
      return { action, accelerator, state: accelerator === null ? 'off' : accelerator === held ? 'conflict' : 'registered' };
    });
  Object.assign(host, { saved: DEFAULT_DESKTOP_SETTINGS });
  host.desktop.getSettings = async () => (host as unknown as { saved: typeof DEFAULT_DESKTOP_SETTINGS }).saved;
  host.desktop.setSettings = async (s) => {
    Object.assign(host, { saved: s });
    host.emit('event:shortcut-status', statusFor());
    return s;
  };
  host.desktop.shortcutStatus = async () => statusFor();
  return host;
}

const open = (host: HostApi, locale: 'zh-CN' | 'en' = 'zh-CN') => renderWithProviders(<SettingsModal host={host} opened onClose={() => undefined} />, locale);

describe('SettingsModal', () => {
  it('shows each global shortcut with main\'s live verdict', async () => {
    await open(desktopHost());
    await waitFor(() => expect(screen.getByTestId('settings-shortcut-state-hangup').textContent).toBe('已被其他程序占用'));
    expect(screen.getByTestId('settings-shortcut-state-answer').textContent).toBe('已生效');
    expect((screen.getByLabelText('接听') as HTMLInputElement).value).toBe('CommandOrControl+Alt+A');
  });

  it('checks typed keys live (invalid, duplicate) and refuses to save until they are fixed', async () => {
    const host = desktopHost();
    await open(host);
    const answer = (await screen.findByLabelText('接听')) as HTMLInputElement;
    await waitFor(() => expect(answer.disabled).toBe(false));
    fireEvent.change(answer, { target: { value: 'A' } });
    expect(await screen.findByText(/无效：需要修饰键加一个键/)).toBeTruthy();
    expect((screen.getByRole('button', { name: '保存' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(answer, { target: { value: 'CommandOrControl+Alt+M' } });
    expect(await screen.findByText('与“静音”重复')).toBeTruthy();
    expect((screen.getByRole('button', { name: '保存' }) as HTMLButtonElement).disabled).toBe(true);
    // While edited, main's old verdict for this action is not shown.
    expect(screen.queryByTestId('settings-shortcut-state-answer')).toBeNull();
    fireEvent.change(answer, { target: { value: 'CommandOrControl+Shift+F9' } });
    await waitFor(() => expect((screen.getByRole('button', { name: '保存' }) as HTMLButtonElement).disabled).toBe(false));
  });

  it('saves always-on-top and the bindings through the host, then shows the new status', async () => {
    const host = desktopHost('CommandOrControl+Shift+F9');
    await open(host);
    const answer = (await screen.findByLabelText('接听')) as HTMLInputElement;
    await waitFor(() => expect(answer.disabled).toBe(false));
    fireEvent.click(screen.getByLabelText('来电时将窗口置于最前（包括全屏程序之上）'));
    fireEvent.change(answer, { target: { value: 'CommandOrControl+Shift+F9' } });
    fireEvent.change(screen.getByLabelText('静音'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('已保存')).toBeTruthy();
    expect(await host.desktop.getSettings()).toEqual({
      alwaysOnTopOnIncoming: true,
      shortcuts: { answer: 'CommandOrControl+Shift+F9', hangup: 'CommandOrControl+Alt+H', mute: null },
    });
    await waitFor(() => expect(screen.getByTestId('settings-shortcut-state-answer').textContent).toBe('已被其他程序占用'));
    expect(screen.getByTestId('settings-shortcut-state-mute').textContent).toBe('未设置');
  });

  it('says why saving failed', async () => {
    const host = desktopHost();
    host.desktop.setSettings = async () => Promise.reject(new Error('0.shortcuts.answer: Expected modifiers'));
    await open(host);
    await waitFor(() => expect((screen.getByRole('button', { name: '保存' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findByRole('alert')).textContent).toContain('保存失败：0.shortcuts.answer');
  });

  it('in a browser shows desktop settings disabled, with a note', async () => {
    await open(new WebHost(), 'en');
    expect((await screen.findByTestId('settings-desktop-only')).textContent).toContain('Desktop-only settings');
    await waitFor(() => expect((screen.getByLabelText('Answer') as HTMLInputElement).value).toBe('CommandOrControl+Alt+A'));
    expect((screen.getByLabelText('Answer') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('switch') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('switches the UI language and remembers it in the host config', async () => {
    const host = desktopHost();
    await open(host);
    fireEvent.click(await screen.findByText('English'));
    expect(await screen.findByText('Interface language')).toBeTruthy();
    await waitFor(async () => expect((await host.getConfig()).locale).toBe('en'));
  });

  it('says when offline caching is off, and why', async () => {
    const host = desktopHost();
    host.cacheOff = 'plaintext-backend';
    await open(host);
    expect((await screen.findByTestId('cache-off')).textContent).toContain('离线缓存已关闭');
    expect(screen.getByTestId('cache-off').textContent).toContain('basic_text');
  });
});

describe('SettingsButton', () => {
  it('opens the screen with Ctrl+, and gives the host its notification words in the current language', async () => {
    const host = desktopHost();
    await renderWithProviders(<SettingsButton host={host} />);
    await waitFor(() => expect(host.texts).toEqual({ incomingCallTitle: '来电', unknownCaller: '未知号码' }));
    expect(screen.queryByText('界面语言')).toBeNull();
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: ',', ctrlKey: true })));
    expect(await screen.findByText('界面语言')).toBeTruthy();
    fireEvent.click(screen.getByText('English'));
    await waitFor(() => expect(host.texts).toEqual({ incomingCallTitle: 'Incoming call', unknownCaller: 'Unknown number' }));
  });
});

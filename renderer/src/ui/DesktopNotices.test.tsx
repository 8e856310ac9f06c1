import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostApi } from '@shared/host-api';
import type { CredentialBackend } from '@shared/ipc/contract';
import type { ShortcutStatus } from '@shared/ipc/desktop';
import { renderWithProviders } from '../../../test/fakes/web/render';
import { MemoryHost } from '../host/memory-host';
import { DesktopNotices } from './DesktopNotices';

afterEach(cleanup);

/** A memory host that says it is Electron, with a chosen credential backend and shortcut outcome. */
function desktopHost(backend: CredentialBackend, shortcuts: ShortcutStatus[] = []): MemoryHost {
  const host = new MemoryHost();
  Object.assign(host, { kind: 'electron' });
  Object.assign(host.credentials, { backend: async () => backend });
  host.desktop.shortcutStatus = async () => shortcuts;
  return host;
}

describe('DesktopNotices', () => {
  it('warns in Chinese when secrets fall back to plain text (Linux without a keyring)', async () => {
    await renderWithProviders(<DesktopNotices host={desktopHost('plaintext-fallback') as HostApi} />);
    expect((await screen.findByTestId('credentials-degraded')).textContent).toMatch(/未加密保存密码.*basic_text/);
  });

  it('warns when secrets are kept in memory only', async () => {
    await renderWithProviders(<DesktopNotices host={desktopHost('memory') as HostApi} />, 'en');
    expect((await screen.findByTestId('credentials-degraded')).textContent).toMatch(/this session only/);
  });

  it('shows nothing when the keychain works and every shortcut is registered', async () => {
    const host = desktopHost('os-keychain', [{ action: 'answer', accelerator: 'CommandOrControl+Alt+A', state: 'registered' }]);
    await renderWithProviders(<DesktopNotices host={host as HostApi} />);
    await act(async () => {});
    expect(screen.queryByTestId('desktop-notices')).toBeNull();
  });

  it('lists shortcut conflicts, also when reported later by main', async () => {
    const host = desktopHost('os-keychain', [{ action: 'answer', accelerator: 'CommandOrControl+Alt+A', state: 'conflict' }]);
    await renderWithProviders(<DesktopNotices host={host as HostApi} />);
    expect((await screen.findByTestId('shortcut-problem-answer')).textContent).toBe('全局快捷键 CommandOrControl+Alt+A（接听）未生效：已被其他程序占用。');
    act(() => host.emit('event:shortcut-status', [{ action: 'mute', accelerator: 'Alt+F9', state: 'invalid' }]));
    expect((await screen.findByTestId('shortcut-problem-mute')).textContent).toMatch('不是有效的组合键');
    expect(screen.queryByTestId('shortcut-problem-answer')).toBeNull();
  });

  it('stays silent in a browser or test host', async () => {
    await renderWithProviders(<DesktopNotices host={new MemoryHost() as HostApi} />);
    await act(async () => {});
    expect(screen.queryByTestId('desktop-notices')).toBeNull();
  });
});

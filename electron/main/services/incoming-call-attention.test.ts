import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, resetElectronFake, shownNotifications } from '../../../test/fakes/node/electron';
import { IncomingCallAttention } from './incoming-call-attention';
import { mainLabels } from './labels';
import { NotificationService } from './notifications';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

let window: FakeBrowserWindow;
let onTop: boolean;
let attention: IncomingCallAttention;

beforeEach(() => {
  resetElectronFake();
  window = new FakeBrowserWindow({});
  onTop = false;
  attention = new IncomingCallAttention({
    getWindow: () => window as never,
    notifications: new NotificationService(() => window as never),
    settings: () => ({ alwaysOnTopOnIncoming: onTop }),
    labels: () => mainLabels('zh-CN'),
  });
});

const ring = (callId: string, from = '13800138000') => attention.onActivity({ live: 1, incoming: { callId, from } });

describe('IncomingCallAttention', () => {
  it('shows, restores and focuses a minimised window and notifies once per call', () => {
    window.minimized = true;
    ring('c1');
    ring('c1');
    expect(window.restore).toHaveBeenCalledTimes(1);
    expect(window.show).toHaveBeenCalledTimes(1);
    expect(window.focus).toHaveBeenCalledTimes(1);
    expect(window.moveTop).toHaveBeenCalledTimes(1);
    expect(window.setAlwaysOnTop).not.toHaveBeenCalled();
    expect(shownNotifications).toHaveLength(1);
    expect(shownNotifications[0]!.options).toMatchObject({ title: '来电', body: '13800138000', urgency: 'critical' });
  });

  it('clicking the notification focuses the window again', () => {
    ring('c1');
    window.minimized = true;
    shownNotifications[0]!.emit('click');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalledTimes(2);
  });

  it('goes above full-screen programs only when the setting says so, and comes down when ringing stops', () => {
    onTop = true;
    ring('c1');
    expect(window.setAlwaysOnTop).toHaveBeenCalledWith(true, 'screen-saver');
    expect(window.alwaysOnTop).toBe(true);
    attention.onActivity({ live: 1, incoming: null });
    expect(window.alwaysOnTop).toBe(false);
    expect(shownNotifications[0]!.close).toHaveBeenCalled();
  });

  it('a second ringing call replaces the first notification', () => {
    ring('c1');
    ring('c2', '  ');
    expect(shownNotifications).toHaveLength(2);
    expect(shownNotifications[0]!.close).toHaveBeenCalled();
    expect(shownNotifications[1]!.options).toMatchObject({ body: '未知号码' });
  });

  it('copes with no window', () => {
    attention = new IncomingCallAttention({ getWindow: () => null, notifications: new NotificationService(() => null), settings: () => ({ alwaysOnTopOnIncoming: true }), labels: () => mainLabels('en') });
    ring('c1');
    expect(shownNotifications[0]!.options).toMatchObject({ title: 'Incoming call' });
  });

  it('shows the page\'s localized words when it sent them, main\'s own labels only when it did not', () => {
    attention.onActivity({ live: 1, incoming: { callId: 'c9', from: '13800138000', notification: { title: 'Incoming call', body: '13800138000' } } });
    expect(shownNotifications.at(-1)!.options).toMatchObject({ title: 'Incoming call', body: '13800138000', urgency: 'critical' });
    attention.onActivity({ live: 0, incoming: null });
    attention.onActivity({ live: 1, incoming: { callId: 'c10', from: ' ' } });
    expect(shownNotifications.at(-1)!.options).toMatchObject({ title: '来电', body: '未知号码' });
  });
});

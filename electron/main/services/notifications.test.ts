import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeNotification, resetElectronFake, shownNotifications } from '../../../test/fakes/node/electron';
import { NotificationService } from './notifications';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

let window: FakeBrowserWindow;
let service: NotificationService;

beforeEach(() => {
  resetElectronFake();
  window = new FakeBrowserWindow({});
  service = new NotificationService(() => window as never);
});

describe('NotificationService', () => {
  it('shows a notification', () => {
    service.show({ title: 'Incoming call', body: '138****0000', urgent: true });
    expect(shownNotifications).toHaveLength(1);
    expect(shownNotifications[0]!.options).toMatchObject({ title: 'Incoming call', body: '138****0000', urgency: 'critical' });
    expect(shownNotifications[0]!.show).toHaveBeenCalled();
  });

  it('focuses (and restores) the window on click', () => {
    window.minimized = true;
    service.show({ title: 't', body: 'b' });
    shownNotifications[0]!.emit('click');
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('replaces a notification with the same tag', () => {
    service.show({ title: 'ringing', body: '', tag: 'call-1' });
    service.show({ title: 'missed', body: '', tag: 'call-1' });
    service.show({ title: 'other', body: '', tag: 'call-2' });
    expect(shownNotifications[0]!.close).toHaveBeenCalled();
    expect(shownNotifications[1]!.close).not.toHaveBeenCalled();
    expect(shownNotifications[2]!.close).not.toHaveBeenCalled();
  });

  it('does nothing where notifications are unsupported', () => {
    FakeNotification.isSupported.mockReturnValueOnce(false);
    service.show({ title: 't', body: 'b' });
    expect(shownNotifications).toHaveLength(0);
  });

  it('survives a click after the window is gone', () => {
    const orphan = new NotificationService(() => null);
    orphan.show({ title: 't', body: 'b' });
    expect(() => shownNotifications[0]!.emit('click')).not.toThrow();
  });
});

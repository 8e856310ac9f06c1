import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import type { AudioChoice } from '../../softphone/audio-devices';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { AudioDevicesControl } from './AudioDevicesControl';

/** A MediaDevices stand-in whose device list a test can change, firing `devicechange` like a real unplug. */
class FakeMediaDevices extends EventTarget {
  devices: Array<{ deviceId: string; kind: MediaDeviceKind; label: string }> = [
    { deviceId: 'mic-1', kind: 'audioinput', label: 'USB headset mic' },
    { deviceId: 'out-1', kind: 'audiooutput', label: 'USB headset' },
    { deviceId: 'out-2', kind: 'audiooutput', label: 'Speakers' },
  ];
  enumerateDevices = () => Promise.resolve(this.devices.map((d) => ({ ...d, groupId: '', toJSON: () => d })) as MediaDeviceInfo[]);
  unplug(id: string) {
    this.devices = this.devices.filter((d) => d.deviceId !== id);
    this.dispatchEvent(new Event('devicechange'));
  }
}

describe('AudioDevicesControl', () => {
  let media: FakeMediaDevices;
  let routed: AudioChoice[];
  const ws = { setAudioRouting: (choice: AudioChoice) => Promise.resolve(void routed.push(choice)) } as unknown as Workstation;

  beforeEach(() => {
    media = new FakeMediaDevices();
    routed = [];
    Object.defineProperty(navigator, 'mediaDevices', { value: media, configurable: true });
    localStorage.setItem('hd.audio-devices', JSON.stringify({ inputId: 'mic-1', outputId: 'out-1', ringerId: 'out-2' }));
    localStorage.setItem('hd.audio-device-labels', JSON.stringify({ inputId: 'USB headset mic', outputId: 'USB headset', ringerId: 'Speakers' }));
  });
  afterEach(() => localStorage.clear());

  const mount = () =>
    renderWithProviders(
      <WorkstationContext.Provider value={ws}>
        <AudioDevicesControl />
      </WorkstationContext.Provider>,
    );

  it('routes calls and the ringer to the chosen devices on start', async () => {
    await mount();
    await waitFor(() => expect(routed.at(-1)).toEqual({ inputId: 'mic-1', outputId: 'out-1', ringerId: 'out-2' }));
    expect(screen.queryByTestId('audio-fallback')).toBeNull();
  });

  it('falls back to the default when the headset is unplugged, says which, and returns when it is back', async () => {
    await mount();
    await waitFor(() => expect(routed).toHaveLength(1));
    const headset = media.devices.filter((d) => d.deviceId === 'out-1' || d.deviceId === 'mic-1');
    act(() => {
      media.unplug('out-1');
      media.unplug('mic-1');
    });
    await waitFor(() => expect(routed.at(-1)).toEqual({ inputId: '', outputId: '', ringerId: 'out-2' }));
    const warning = await screen.findByTestId('audio-fallback');
    expect(warning.textContent).toContain('USB headset');
    expect(warning.textContent).toContain('系统默认');

    act(() => {
      media.devices.push(...headset);
      media.dispatchEvent(new Event('devicechange'));
    });
    await waitFor(() => expect(routed.at(-1)).toEqual({ inputId: 'mic-1', outputId: 'out-1', ringerId: 'out-2' }));
    await waitFor(() => expect(screen.queryByTestId('audio-fallback')).toBeNull());
  });
});

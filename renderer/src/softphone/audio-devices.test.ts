import { describe, expect, it } from 'vitest';
import { devicesFor, parseAudioChoice, resolveAudioChoice, type AudioDevice } from './audio-devices';

const devices: AudioDevice[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default' },
  { deviceId: 'mic-1', kind: 'audioinput', label: 'Headset mic' },
  { deviceId: 'out-1', kind: 'audiooutput', label: 'Headset' },
  { deviceId: 'out-2', kind: 'audiooutput', label: 'Speakers' },
];

describe('resolveAudioChoice', () => {
  it('keeps devices that are present', () => {
    const choice = { inputId: 'mic-1', outputId: 'out-1', ringerId: 'out-2' };
    expect(resolveAudioChoice(choice, devices)).toEqual({ choice, fallbacks: [] });
  });
  it('falls back to the default for an unplugged headset and names it', () => {
    const choice = { inputId: 'mic-1', outputId: 'out-1', ringerId: 'out-2' };
    const unplugged = devices.filter((d) => d.deviceId !== 'out-1' && d.deviceId !== 'mic-1');
    const result = resolveAudioChoice(choice, unplugged, { outputId: 'Headset', inputId: 'Headset mic' });
    expect(result.choice).toEqual({ inputId: '', outputId: '', ringerId: 'out-2' });
    expect(result.fallbacks).toEqual([
      { role: 'inputId', label: 'Headset mic' },
      { role: 'outputId', label: 'Headset' },
    ]);
  });
  it('does not accept an input id as an output', () => {
    const result = resolveAudioChoice({ inputId: '', outputId: 'mic-1', ringerId: '' }, devices);
    expect(result.choice.outputId).toBe('');
    expect(result.fallbacks).toHaveLength(1);
  });
  it('never reports the default as missing', () => {
    expect(resolveAudioChoice({ inputId: '', outputId: '', ringerId: '' }, []).fallbacks).toEqual([]);
  });
});

describe('devicesFor', () => {
  it('lists one kind without the pseudo "default" entry', () => {
    expect(devicesFor('outputId', devices).map((d) => d.value)).toEqual(['out-1', 'out-2']);
    expect(devicesFor('inputId', devices).map((d) => d.value)).toEqual(['mic-1']);
  });
  it('numbers devices without labels (before permission is granted)', () => {
    expect(devicesFor('inputId', [{ deviceId: 'x', kind: 'audioinput', label: '' }])[0]!.label).toBe('#1');
  });
});

describe('parseAudioChoice', () => {
  it('survives garbage and wrong types', () => {
    expect(parseAudioChoice('{')).toEqual({ inputId: '', outputId: '', ringerId: '' });
    expect(parseAudioChoice('{"inputId":5,"outputId":"o"}')).toEqual({ inputId: '', outputId: 'o', ringerId: '' });
    expect(parseAudioChoice(null).inputId).toBe('');
  });
});

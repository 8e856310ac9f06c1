import { describe, expect, it } from 'vitest';
import { autoCallSettingsFromEnv } from './auto-call-setup';

describe('automatic caller settings from the environment', () => {
  it('is off unless HOTLINE_AUTO_CALL=1', () => {
    expect(autoCallSettingsFromEnv({})).toBeNull();
    expect(autoCallSettingsFromEnv({ HOTLINE_AUTO_CALL: '0', HOTLINE_AUTO_CALL_PBX: '127.0.0.1:5060' })).toBeNull();
  });

  it('needs the PBX address and reads the rest over defaults', () => {
    expect(() => autoCallSettingsFromEnv({ HOTLINE_AUTO_CALL: '1' })).toThrow(/HOTLINE_AUTO_CALL_PBX/);
    expect(() => autoCallSettingsFromEnv({ HOTLINE_AUTO_CALL: '1', HOTLINE_AUTO_CALL_PBX: 'sip:127.0.0.1' })).toThrow(/host:port/);
    const s = autoCallSettingsFromEnv({ HOTLINE_AUTO_CALL: '1', HOTLINE_AUTO_CALL_PBX: '127.0.0.1:5060', HOTLINE_AUTO_CALL_INTERVAL_MS: '250', HOTLINE_AUTO_CALL_HOURS: '00:00-24:00' });
    expect(s).toMatchObject({ pbx: '127.0.0.1:5060', intervalMs: 250, callTimeoutMs: 90_000, policy: { windowStartMin: 0, windowEndMin: 1440, grades: ['low'] } });
    expect(s?.authUser).toBeUndefined();
    expect(() => autoCallSettingsFromEnv({ HOTLINE_AUTO_CALL: '1', HOTLINE_AUTO_CALL_PBX: '127.0.0.1:5060', HOTLINE_AUTO_CALL_TIMEOUT_MS: '-5' })).toThrow(/TIMEOUT/);
  });
});

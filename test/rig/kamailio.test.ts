import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOTLINE_PATTERN, TRUNK_NATIONAL_PATTERN } from '../../shared/phone/number-plan';
import { KAMAILIO_CFG, startKamailio } from './kamailio';
import { waitForPort } from './process';

describe('dev PBX (Kamailio with resources/pbx/kamailio.cfg)', () => {
  it('has a config Kamailio accepts', () => {
    // `kamailio -c` exits non-zero on any config error.
    expect(() => execFileSync('kamailio', ['-c', '-f', KAMAILIO_CFG], { stdio: 'pipe' })).not.toThrow();
  });

  it('routes by the same number plan as shared/phone/number-plan.ts', () => {
    const cfg = readFileSync(KAMAILIO_CFG, 'utf8');
    expect(cfg).toContain(`#!trydef HOTLINE_RE "${HOTLINE_PATTERN}"`);
    expect(cfg).toContain(`"${TRUNK_NATIONAL_PATTERN}"`);
    expect(cfg).toContain('"^(110|119|120|122)$"');
  });

  it.each([false, true])('starts (wss: %s) and is stopped by PID with its whole process group', async (wss) => {
    const pbx = await startKamailio({ wss });
    expect(pbx.process.pid).toBeGreaterThan(0);
    await waitForPort(pbx.wsPort, 2000);
    await pbx.stop();
    expect(() => process.kill(pbx.process.pid, 0)).toThrow();
    // No process of its group survives (its children hold the sockets).
    expect(() => process.kill(-pbx.process.pid, 0)).toThrow();
    await expect(waitForPort(pbx.wsPort, 300)).rejects.toThrow(/did not open/);
  });
});

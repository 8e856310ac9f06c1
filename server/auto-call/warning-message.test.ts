import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAUD_TYPES } from '../../shared/schemas/template';
import { KEY_PROMPT, renderWarningWav, ruleViolation, warningText } from './warning-message';

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
};
const ttsMissing = !has('espeak-ng') || !has('sox') ? 'espeak-ng or sox missing (scripts/ensure-system-deps.sh installs them)' : null;

describe('warning message', () => {
  it('follows the 12381 rules for every fraud type', () => {
    for (const type of FRAUD_TYPES) {
      const text = warningText(type);
      expect(ruleViolation(text), type).toBeNull();
      expect(text.endsWith(KEY_PROMPT)).toBe(true);
    }
  });

  it('refuses texts with a link, a request for money, or without 96110', () => {
    expect(ruleViolation(`这里是96110，详见 http://x.cn ${KEY_PROMPT}`)).toBe('contains a link');
    expect(ruleViolation(`这里是96110，请转账到安全账户。${KEY_PROMPT}`)).toBe('asks for money or a code');
    expect(ruleViolation(`这里是反诈中心。${KEY_PROMPT}`)).toBe('does not name 96110');
  });

  const dir = mkdtempSync(join(tmpdir(), 'warning-wav-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(ttsMissing)(`renders an 8 kHz mono WAV of plausible length once, then serves the cache${ttsMissing ? ` (skipped: ${ttsMissing})` : ''}`, async () => {
    const text = warningText('fake-loan');
    const file = await renderWarningWav(text, dir);
    const wav = readFileSync(file);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(1); // channels
    expect(wav.readUInt32LE(24)).toBe(8000); // sample rate
    const seconds = (wav.length - 44) / 2 / 8000;
    // ~60 syllables at 150 wpm: well over 5 s, well under a minute.
    expect(seconds).toBeGreaterThan(5);
    expect(seconds).toBeLessThan(60);
    // Not silence: some samples are loud.
    let peak = 0;
    for (let i = 44; i + 1 < wav.length; i += 2) peak = Math.max(peak, Math.abs(wav.readInt16LE(i)));
    expect(peak).toBeGreaterThan(3000);
    const mtime = statSync(file).mtimeMs;
    expect(await renderWarningWav(text, dir)).toBe(file);
    expect(statSync(file).mtimeMs).toBe(mtime);
  }, 30_000);
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Debian's Chromium; Playwright's own browser download is impossible here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TONE_DIR = resolve(import.meta.dirname, '../../.rig/tones');

/** A 30 s sine tone WAV made with sox (cached), fed to Chromium as its fake microphone. */
export function toneFile(hz: number): string {
  mkdirSync(TONE_DIR, { recursive: true });
  const file = join(TONE_DIR, `tone-${hz}.wav`);
  if (!existsSync(file)) execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, 'synth', '60', 'sine', String(hz), 'vol', '0.5']);
  return file;
}

/** Launch flags proven in rig.md: one browser process per phone, fake devices, loopback ICE. */
export function chromiumArgs(toneHz?: number): string[] {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (toneHz) args.push(`--use-file-for-fake-audio-capture=${toneFile(toneHz)}`);
  return args;
}

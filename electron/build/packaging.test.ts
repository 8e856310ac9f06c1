import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';

/** Reads the packaging config and the afterPack hook as electron-builder would. */
const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const builder = parse(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const { FUSE_SETTINGS, fuseConfig } = require(resolve(root, 'resources/build/fuses.cjs'));
const afterPackModule = require(resolve(root, builder.afterPack));

describe('electron-builder config', () => {
  it('builds NSIS for Windows, AppImage and deb for Linux, dmg for macOS', () => {
    expect(builder.win.target).toEqual(['nsis']);
    expect(builder.linux.target).toEqual(['AppImage', 'deb']);
    expect(builder.mac.target).toEqual(['dmg']);
  });

  it('packs the app into an asar with the built output only', () => {
    expect(builder.asar).toBe(true);
    expect(builder.files).toContain('out/**');
  });

  it('states why it needs the microphone and may use it under the hardened runtime', () => {
    expect(builder.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/麦克风.*microphone/s);
    const entitlements = readFileSync(resolve(root, builder.mac.entitlements), 'utf8');
    expect(entitlements).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
  });

  it('registers the tel: and sip: schemes', () => {
    expect(builder.protocols.flatMap((p: { schemes: string[] }) => p.schemes).sort()).toEqual(['sip', 'tel']);
    expect(builder.linux.mimeTypes).toEqual(expect.arrayContaining(['x-scheme-handler/tel', 'x-scheme-handler/sip']));
  });

  it('runs the fuses hook after packing (and configures no second fuse mechanism)', () => {
    expect(builder.afterPack).toBe('resources/build/after-pack.cjs');
    expect(typeof afterPackModule).toBe('function');
    expect(builder.electronFuses).toBeUndefined();
  });
});

describe('fuses', () => {
  const expected: Record<keyof typeof FuseV1Options, boolean> = {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
    LoadBrowserProcessSpecificV8Snapshot: false,
    GrantFileProtocolExtraPrivileges: false,
  };

  it('states every fuse this @electron/fuses knows, with the intended value', () => {
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(FUSE_SETTINGS).sort()).toEqual(known.sort());
    expect(FUSE_SETTINGS).toEqual(expected);
  });

  it('hands flipFuses a strict V1 config keyed by fuse index', () => {
    const config = fuseConfig('linux');
    expect(config.version).toBe(FuseVersion.V1);
    expect(config.strictlyRequireAllFuses).toBe(true);
    expect(config.resetAdHocDarwinSignature).toBe(false);
    for (const [name, value] of Object.entries(expected)) expect(config[FuseV1Options[name as keyof typeof FuseV1Options]]).toBe(value);
    expect(fuseConfig('darwin').resetAdHocDarwinSignature).toBe(true);
  });

  it.each([
    ['win32', 'C:/build/win-unpacked', 'Hotline Desk.exe'],
    ['darwin', '/build/mac', 'Hotline Desk.app'],
    ['linux', '/build/linux-unpacked', 'hotline-desk'],
  ])('afterPack flips the fuses of the packed binary on %s', async (platform, appOutDir, binary) => {
    const flip = vi.fn(async () => 1);
    await afterPackModule.makeAfterPack(flip)({ appOutDir, electronPlatformName: platform, packager: { appInfo: { productFilename: 'Hotline Desk' }, executableName: 'hotline-desk' } });
    expect(flip).toHaveBeenCalledTimes(1);
    const [path, config] = flip.mock.calls[0] as unknown as [string, Record<number, boolean>];
    expect(path.replace(/\\/g, '/')).toBe(`${appOutDir}/${binary}`);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });
});

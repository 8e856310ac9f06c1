// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: electron-builder require()s its hooks. */
/**
 * electron-builder `afterPack` hook: flips the Electron fuses (`fuses.cjs`) in the packed
 * binary, after packing and before signing, on every platform.
 */
const path = require('node:path');
const { fuseConfig } = require('./fuses.cjs');

/**
 * The packed Electron binary for a platform.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName ?? name);
}

/**
 * Builds the hook; `flipFuses` is a parameter so tests can check what would be flipped.
 * @param {(binary: string, config: ReturnType<typeof fuseConfig>) => Promise<unknown>} flipFuses
 */
function makeAfterPack(flipFuses) {
  /** @param {Parameters<typeof electronBinaryPath>[0]} context */
  return async function afterPack(context) {
    await flipFuses(electronBinaryPath(context), fuseConfig(context.electronPlatformName));
  };
}

const afterPack = makeAfterPack((binary, config) => require('@electron/fuses').flipFuses(binary, config));

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.makeAfterPack = makeAfterPack;
module.exports.electronBinaryPath = electronBinaryPath;

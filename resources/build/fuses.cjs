// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: electron-builder require()s its hooks. */
/**
 * Electron fuses for every packaged build, each stated explicitly (a fuse added by a later
 * Electron fails the build until it is decided here: `strictlyRequireAllFuses`). Flipped by
 * the `afterPack` hook (`after-pack.cjs`) before signing.
 */
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** @type {Record<keyof typeof FuseV1Options, boolean>} */
const FUSE_SETTINGS = {
  // `ELECTRON_RUN_AS_NODE` would turn the signed app into a general Node runtime.
  RunAsNode: false,
  // Cookies and local storage encrypted with the OS keychain key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS could inject code (--require) into main.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk would open a debugger port into main.
  EnableNodeCliInspectArguments: false,
  // The asar's hash is checked against the one embedded at build time (macOS, Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded: no loose `app/` folder beside it can replace the code.
  OnlyLoadAppFromAsar: true,
  // We ship no separate browser-process V8 snapshot.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // file:// gets no extra privileges: the app is served from app://.
  GrantFileProtocolExtraPrivileges: false,
};

/**
 * The config handed to `flipFuses`.
 * @param {string} platform electron-builder's `electronPlatformName`
 * @returns {import('@electron/fuses').FuseV1Config & { strictlyRequireAllFuses: true }}
 */
function fuseConfig(platform) {
  /** @type {Record<number, boolean>} */
  const wire = {};
  for (const [name, value] of Object.entries(FUSE_SETTINGS)) wire[FuseV1Options[/** @type {keyof typeof FuseV1Options} */ (name)]] = value;
  return /** @type {any} */ ({
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks the ad-hoc signature arm64 macOS needs; re-sign ad hoc (the real signature follows).
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas',
    ...wire,
  });
}

module.exports = { FUSE_SETTINGS, fuseConfig };

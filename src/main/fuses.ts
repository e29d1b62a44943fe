import { flipFuses, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import { resolve, sep } from 'node:path';

/**
 * The Electron fuses a packaged Tiemark binary is built with: switches compiled into the
 * Electron executable that no command line, environment variable or script can turn back.
 * Applied after packaging by scripts/package/after-pack.mjs (see docs/desktop.md); read back
 * by src/main/fuses.test.ts. Never imported by the app itself.
 */
export const TIEMARK_FUSES = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node.js interpreter.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS could preload any script into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would open a debugger on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Chromium's cookie store is encrypted with the system keychain.
  [FuseV1Options.EnableCookieEncryption]: true,
  // Only the packaged app.asar runs, never a loose app folder dropped beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Off until a packager embeds the asar's integrity hash in the binary (docs/desktop.md):
  // with it on and no hash, the packaged app would refuse to start.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: false,
} satisfies FuseV1Config;

/**
 * Flips TIEMARK_FUSES in a packaged Electron binary (the executable, or the .app on macOS).
 * On macOS the ad-hoc signature is renewed, as a binary changed after signing will not run;
 * a release signed afterwards gets its real signature then.
 */
export async function applyFuses(electronBinary: string, platform: string = process.platform): Promise<void> {
  // The development runtime runs the unpacked app (npm start, npm run dev): with these fuses it no longer could.
  if (resolve(electronBinary).includes(`${sep}node_modules${sep}electron${sep}`)) {
    throw new Error(`${electronBinary} is the development Electron in node_modules; set fuses only in a packaged copy.`);
  }
  await flipFuses(electronBinary, { ...TIEMARK_FUSES, resetAdHocDarwinSignature: platform === 'darwin' });
}

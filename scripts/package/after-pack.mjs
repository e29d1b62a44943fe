// Sets Tiemark's Electron fuses (src/main/fuses.ts) in a packaged binary; docs/desktop.md says
// when to run it. Two ways in:
//   node scripts/package/after-pack.mjs <packaged Tiemark executable, or Tiemark.app on macOS>
//   an electron-builder `afterPack` hook: this file's default export takes its context.
// Node 24 (the project's, see package.json) runs the TypeScript config module as it is.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyFuses } from '../../src/main/fuses.ts';

/** electron-builder's afterPack context: the packaged folder and the app's names in it. */
export default async function afterPack(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const binary =
    electronPlatformName === 'darwin' || electronPlatformName === 'mas'
      ? join(appOutDir, `${packager.appInfo.productFilename}.app`)
      : electronPlatformName === 'win32'
        ? join(appOutDir, `${packager.appInfo.productFilename}.exe`)
        : join(appOutDir, packager.executableName);
  await applyFuses(binary, electronPlatformName === 'mas' ? 'darwin' : electronPlatformName);
  console.log(`Electron fuses set in ${binary}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const binary = process.argv[2];
  if (!binary) {
    console.error('Usage: node scripts/package/after-pack.mjs <packaged Tiemark executable, or Tiemark.app on macOS>');
    process.exit(2);
  }
  applyFuses(binary).then(
    () => console.log(`Electron fuses set in ${binary}`),
    (error) => {
      console.error(`The Electron fuses could not be set in ${binary}: ${error.message}`);
      process.exit(1);
    },
  );
}

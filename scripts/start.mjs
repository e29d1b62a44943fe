// `npm start`: run the desktop app in Electron; where the Electron runtime cannot be had (no
// network to fetch it, or no display), say so in one sentence and serve the same app to the
// browser instead. Never `require('electron')` to probe: in 45.x that starts a download.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const passThrough = process.argv.slice(2);

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function fetchRuntime() {
  if (!existsSync(join(electronDir, 'install.js'))) return;
  console.log('Fetching the Electron runtime (first run only)…');
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 300_000 });
}

function startBrowserHost(reason) {
  console.log(`${reason}, so Tiemark is starting in your browser instead (the same app, served only to this computer).`);
  const host = spawn(process.execPath, [join(root, 'out', 'main', 'host.js'), ...passThrough], { stdio: 'inherit' });
  const stop = (signal) => host.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.on('exit', (code) => process.exit(code ?? 0));
}

const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
let binary = electronBinary();
if (!binary && !headless) {
  fetchRuntime();
  binary = electronBinary();
}

if (headless) {
  startBrowserHost('There is no display for a desktop window here');
} else if (!binary) {
  startBrowserHost('The Electron runtime could not be downloaded (no network access to fetch it)');
} else {
  const args = [root, ...passThrough];
  // Chromium refuses its sandbox when run as root (containers, CI); the renderer stays sandboxed by Electron's own rules otherwise.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const app = spawn(binary, args, { stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
}

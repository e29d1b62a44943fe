import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Backend, openDefaultProject } from '../core/backend';
import { backupDirFor, defaultDataDir } from '../core/paths';
import { rendererDirFrom, startHost } from './server';

/**
 * `node out/main/host.js [--port N] [--data-dir DIR] [--project FILE] [--no-open]`
 * Prints exactly one line on stdout when ready; everything else goes to stderr.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      project: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write('Usage: node out/main/host.js [--port N] [--data-dir DIR] [--project FILE] [--no-open]\n');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);

  const appRoot = resolve(__dirname, '..', '..');
  const samplesDir = join(appRoot, 'resources', 'samples');
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  // Built beside this file (electron.vite.config.ts): files are read there, off the server's thread.
  const importWorker = join(__dirname, 'import-worker.js');
  const backend = values.project
    ? Backend.open({ file: resolve(values.project), backupDir: backupDirFor(dataDir), create: !existsSync(resolve(values.project)), importWorker })
    : openDefaultProject(dataDir, samplesDir, importWorker);

  // A new project's PDF samples are read in the worker before the first page is served.
  await backend.completeSamples().catch((error: unknown) => console.error(`A sample could not be added: ${(error as Error).message}`));

  let host: Awaited<ReturnType<typeof startHost>>;
  try {
    host = await startHost({
      dispatch: (method, args) => backend.dispatch(method, args),
      rendererDir: rendererDirFrom(__dirname),
      port,
    });
  } catch (error) {
    // e.g. the port is taken: close the project cleanly before exiting.
    backend.close();
    throw error;
  }

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void host.close().finally(() => {
      backend.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // The terminal window closing: still checkpoint and close the project.
  process.on('SIGHUP', shutdown);

  process.stdout.write(`Tiemark is running at ${host.url}\n`);
  if (!values['no-open']) openBrowser(host.url);
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined); // no browser opener: the printed address is enough
    child.unref();
  } catch {
    // ignore: the address is printed
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Tiemark could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

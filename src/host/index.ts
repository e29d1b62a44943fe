import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Backend, openDefaultProject } from '../core/backend';
import { listBackups, restoreClosedProject } from '../core/db/backups';
import { preferencesFileFor } from '../core/preferences';
import { backupDirFor, DEFAULT_PROJECT_FILE, defaultDataDir, ensureDataDir, resolveDataDir } from '../core/paths';
import { ApiError } from '../shared/errors';
import { rendererDirFrom, startHost } from './server';

const USAGE = 'Usage: node out/main/host.js [--port N] [--data-dir DIR] [--project FILE] [--read-only] [--restore BACKUP] [--no-open]';

/**
 * `node out/main/host.js [--port N] [--data-dir DIR] [--project FILE] [--read-only] [--restore BACKUP] [--no-open]`
 * Prints exactly one line on stdout when ready; everything else goes to stderr.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      project: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'read-only': { type: 'boolean', default: false },
      restore: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);

  const appRoot = resolve(__dirname, '..', '..');
  const samplesDir = join(appRoot, 'resources', 'samples');
  const dataDir = ensureDataDir(resolveDataDir(values['data-dir']));
  // Built beside this file (electron.vite.config.ts): files are read there, off the server's thread.
  const importWorker = join(__dirname, 'import-worker.js');
  const file = resolve(values.project ?? join(dataDir, DEFAULT_PROJECT_FILE));
  const backupDir = backupDirFor(dataDir);
  if (values.restore) {
    if (values['read-only']) throw new Error('--restore and --read-only cannot be used together.');
    restoreFromBackup(file, backupDir, resolve(values.restore));
  }
  const backend = values['read-only']
    ? Backend.open({ file, backupDir, readOnly: true, importWorker, preferencesFile: preferencesFileFor(dataDir) })
    : values.project
      ? Backend.open({ file, backupDir, create: !existsSync(file), importWorker, app: APP_LABEL, autoBackup: true, preferencesFile: preferencesFileFor(dataDir) })
      : openDefaultProject(dataDir, samplesDir, importWorker, APP_LABEL);
  if (values['read-only']) process.stderr.write(`${backend.projectInfo().readOnly}\n`);

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
    // A clean exit takes a last backup when anything changed since the previous one.
    void host
      .close()
      .then(() => backend.closeWithBackup())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // The terminal window closing: still checkpoint and close the project.
  process.on('SIGHUP', shutdown);

  process.stdout.write(`Tiemark is running at ${host.url}\n`);
  if (!values['no-open']) openBrowser(host.url);
}

/** How a second process names this one when the project is locked. */
const APP_LABEL = 'the browser host';

/**
 * `--restore BACKUP`: puts the backup in the project's place before opening it, keeping the
 * current file (damaged or not) as a backup first. Refused while another Tiemark has it open.
 */
function restoreFromBackup(file: string, backupDir: string, backupFile: string): void {
  restoreClosedProject(file, backupDir, backupFile, APP_LABEL);
  process.stderr.write(`Restored ${basename(file)} from ${backupFile}; the replaced file was kept in ${backupDir}.\n`);
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
  if (error instanceof ApiError && error.code === 'locked') {
    process.stderr.write('To look at it without changing it, add --read-only.\n');
  }
  if (error instanceof ApiError && error.code === 'damaged') process.stderr.write(backupAdvice());
  process.exit(error instanceof ApiError && error.code === 'locked' ? 3 : 1);
});

/** After damage: the newest readable backup, and the command that restores it. */
function backupAdvice(): string {
  try {
    const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, project: { type: 'string' } }, strict: false });
    const dataDir = resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir());
    const file = resolve(typeof values.project === 'string' ? values.project : join(dataDir, DEFAULT_PROJECT_FILE));
    const newest = listBackups(file, backupDirFor(dataDir)).find((b) => !b.problem);
    if (!newest) return 'There is no backup of it yet.\n';
    return `The newest good backup is from ${newest.takenAt} (${newest.sources} sources, ${newest.highlights} highlights). To restore it: npm start -- --restore "${newest.path}"\n`;
  } catch {
    return '';
  }
}

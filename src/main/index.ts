import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, protocol, session, shell } from 'electron';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Backend, openDefaultProject } from '../core/backend';
import { SUPPORTED_EXTENSIONS } from '../core/import/importer';
import { PROJECT_EXTENSION } from '../core/db/open';
import { listBackups, restoreClosedProject } from '../core/db/backups';
import { backupDirFor, DEFAULT_PROJECT_FILE, ensureDataDir, resolveDataDir } from '../core/paths';
import { preferencesFileFor } from '../core/preferences';
import { parseTiemarkLink } from '../shared/links';
import { IPC, type ChangeEvent, type PickedFile, type SaveEncoding, type ShellCommand } from '../shared/bridge';
import { ApiError, type Result } from '../shared/errors';
import { parseShellArgs, type ShellArgs } from './args';
import { answerShellRequest } from './ipc';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, isSafeExternalUrl, resolveAppPath, windowOptions, withAppHeaders } from './security';

// The Electron shell: window, menus, dialogs and one IPC channel into core's dispatch.
// Everything the app does lives in core/; this file only wires it to the desktop.

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererDir = join(__dirname, '..', 'renderer');
const samplesDir = join(app.getAppPath(), 'resources', 'samples');
// Built beside this file (electron.vite.config.ts): import files are read in this worker thread.
const importWorker = join(__dirname, 'import-worker.js');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** How another Tiemark process is told who holds a project (src/core/db/lock.ts). */
const LOCK_OWNER = 'the desktop app';

let backend: Backend | undefined;
let readOnly = false;
let window: BrowserWindow | undefined;
/** The data folder, set before anything opens (see readStartup). */
let dataDir = '';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The command line and the data folder, with the browser host's rules (src/core/paths.ts):
 * `--data-dir DIR`, else TIEMARK_DATA_DIR, else Electron's userData folder (the per-user folder
 * defaultDataDir names, unless Chromium's --user-data-dir moved it). Electron keeps its own
 * profile in the data folder too, so the single-instance lock is per data folder. Null when
 * they are unusable: the sentence has been shown (on stderr, before ready, on Linux).
 */
function readStartup(): { args: ShellArgs; dataDir: string } | null {
  try {
    const args = parseShellArgs(process.argv);
    const dir = ensureDataDir(resolveDataDir(args.dataDir, process.env, app.getPath('userData')));
    app.setPath('userData', dir);
    return { args, dataDir: dir };
  } catch (error) {
    dialog.showErrorBox('Tiemark could not start', errorText(error));
    return null;
  }
}

/** A project file (created when missing if `create`), or null for the data folder's default project. */
type ProjectChoice = { file: string; create: boolean } | null;

function openBackend(choice: ProjectChoice, asReadOnly: boolean): Backend {
  if (!choice && !asReadOnly) return openDefaultProject(dataDir, samplesDir, importWorker, LOCK_OWNER);
  const file = choice ? resolve(choice.file) : join(dataDir, DEFAULT_PROJECT_FILE);
  return Backend.open({
    file,
    backupDir: backupDirFor(dataDir),
    create: !asReadOnly && !!choice?.create,
    importWorker,
    preferencesFile: preferencesFileFor(dataDir),
    app: LOCK_OWNER,
    readOnly: asReadOnly,
    autoBackup: !asReadOnly,
  });
}

function showMessage(options: MessageBoxOptions): Promise<number> {
  const shown = window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
  return shown.then((answer) => answer.response);
}

/**
 * Opens a project in place of the current one. When another Tiemark process is writing it
 * ('locked'), the sentence is shown with "Open read-only" and "Quit" (or "Cancel" from the
 * menu, which keeps the current project). Any other failure is thrown for showOpenFailure.
 * Resolves to whether a project was opened.
 */
async function openProject(choice: ProjectChoice, atStartup: boolean): Promise<boolean> {
  // The project already open here: opening it again would find our own lock.
  if (choice && backend && resolve(choice.file) === resolve(backend.file)) return true;
  let next: Backend;
  let nextReadOnly = false;
  try {
    next = openBackend(choice, false);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'locked') throw error;
    const buttons = ['Open read-only', atStartup ? 'Quit' : 'Cancel'];
    if ((await showMessage({ type: 'warning', title: 'Tiemark', message: error.message, buttons, defaultId: 0, cancelId: 1, noLink: true })) !== 0) return false;
    next = openBackend(choice, true);
    nextReadOnly = true;
  }
  backend?.close();
  backend = next;
  readOnly = nextReadOnly;
  // A new project's PDF samples arrive a moment later: the list refreshes when they are in.
  next.completeSamples().then(
    () => notify({ kind: 'sources-changed' }),
    (error: unknown) => console.error(`A sample could not be added: ${(error as Error).message}`),
  );
  setTitle();
  notify({ kind: 'project-opened' });
  return true;
}

/**
 * Why a project could not be opened, in a native dialog. A damaged project has been moved aside
 * by core (src/core/db/open.ts); the newest good backup is offered, and restoring it puts it in
 * the project's place (keeping nothing less than what was there). Resolves to whether a backup was
 * restored, so the caller can open the project again.
 */
async function showOpenFailure(error: unknown, atStartup: boolean, choice: ProjectChoice): Promise<boolean> {
  const message = errorText(error);
  if (!(error instanceof ApiError) || error.code !== 'damaged') {
    console.error(message);
    dialog.showErrorBox('Tiemark could not open the project', message);
    return false;
  }
  const file = choice ? resolve(choice.file) : join(dataDir, DEFAULT_PROJECT_FILE);
  const backupDir = backupDirFor(dataDir);
  const newest = listBackups(file, backupDir).find((b) => !b.problem);
  const detail = newest
    ? `The newest good backup is from ${new Date(newest.takenAt).toLocaleString()} (${newest.sources} sources, ${newest.highlights} highlights).`
    : `There is no backup of it in ${backupDir}.`;
  console.error(`${message} ${detail}`);
  const close = atStartup ? 'Quit' : 'Cancel';
  const buttons = newest ? ['Restore this backup', close] : [close];
  const answer = await showMessage({ type: 'error', title: 'Tiemark', message, detail, buttons, defaultId: 0, cancelId: buttons.length - 1, noLink: true });
  if (!newest || answer !== 0) return false;
  restoreClosedProject(file, backupDir, newest.path, LOCK_OWNER);
  return true;
}

/** Opens a project; on damage, offers the newest backup and opens the project again once restored. */
async function openOrRecover(choice: ProjectChoice, atStartup: boolean): Promise<boolean> {
  try {
    return await openProject(choice, atStartup);
  } catch (error) {
    if (!(await showOpenFailure(error, atStartup, choice))) return false;
  }
  try {
    return await openProject(choice, atStartup);
  } catch (error) {
    await showOpenFailure(error, atStartup, choice);
    return false;
  }
}

function setTitle(): void {
  if (backend && window) window.setTitle(`${backend.projectInfo().name}${readOnly ? ' (read-only)' : ''} — Tiemark`);
}

function notify(change: ChangeEvent): void {
  window?.webContents.send(IPC.changed, change);
}

/** Only our window's main frame, showing our app:// page (or the dev server), may ask main for anything. */
function senderIsOurWindow(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!window && event.sender === window.webContents && !!frame && frame === window.webContents.mainFrame && isAppUrl(frame.url, devServerUrl);
}

const REFUSED: Result<never> = { ok: false, error: { code: 'forbidden', message: 'Refused: the request did not come from Tiemark’s own page.' } };

/** The one invoke channel: a tagged request (src/shared/bridge.ts), checked by src/main/ipc.ts. */
function wireIpc(): void {
  const services = {
    dispatch: (method: string, args: unknown) => backend?.dispatch(method, args) ?? { ok: false as const, error: { code: 'not_found' as const, message: 'No project is open.' } },
    importDialog: pickImportFiles,
    saveFile,
  };
  ipcMain.handle(IPC.invoke, (event, request: unknown) => (senderIsOurWindow(event) ? answerShellRequest(request, services) : REFUSED));
}

/** The native save dialog, then the content written (text, or bytes sent as base64); the saved path, or null if cancelled. */
async function saveFile(fileName: string, content: string, encoding: SaveEncoding): Promise<string | null> {
  if (!window) return null;
  const result = await dialog.showSaveDialog(window, { title: 'Export', defaultPath: join(app.getPath('documents'), basename(fileName)) });
  if (result.canceled || !result.filePath) return null;
  try {
    writeFileSync(result.filePath, encoding === 'base64' ? Buffer.from(content, 'base64') : content, encoding === 'base64' ? undefined : 'utf8');
  } catch (error) {
    throw new ApiError('storage_failed', `${basename(result.filePath)} could not be saved (${errorText(error)}).`);
  }
  return result.filePath;
}

/** tiemark://source/<id>#highlight=<id> links from exported notes open the passage. */
function openLink(raw: string): void {
  const link = parseTiemarkLink(raw);
  if (!link) return;
  if (window?.isMinimized()) window.restore();
  window?.focus();
  notify({ kind: 'open-link', ...link });
}

const command = (name: ShellCommand) => () => notify({ kind: 'command', command: name });

/**
 * The native open dialog. The chosen files go back to the page, which imports them one by one
 * through dispatch with its progress list, as in the browser host; a file that cannot be read
 * is reported by name and the others still import.
 */
async function pickImportFiles(): Promise<PickedFile[] | null> {
  if (!window) return null;
  const result = await dialog.showOpenDialog(window, {
    title: 'Import sources',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Web pages, PDF, Word, Markdown and text', extensions: SUPPORTED_EXTENSIONS.map((e) => e.slice(1)) }],
  });
  if (result.canceled || result.filePaths.length === 0) return null;
  return result.filePaths.map((path): PickedFile => {
    try {
      return { name: basename(path), dataBase64: readFileSync(path).toString('base64') };
    } catch (error) {
      return { name: basename(path), error: `"${basename(path)}" could not be read: ${(error as Error).message}` };
    }
  });
}

async function chooseProject(mode: 'new' | 'open'): Promise<void> {
  if (!window) return;
  const filters = [{ name: 'Tiemark projects', extensions: [PROJECT_EXTENSION.slice(1)] }];
  let choice: ProjectChoice;
  if (mode === 'new') {
    const result = await dialog.showSaveDialog(window, { title: 'New project', defaultPath: join(app.getPath('documents'), `Untitled${PROJECT_EXTENSION}`), filters });
    if (result.canceled || !result.filePath) return;
    const file = result.filePath.endsWith(PROJECT_EXTENSION) ? result.filePath : result.filePath + PROJECT_EXTENSION;
    choice = { file, create: true };
  } else {
    const result = await dialog.showOpenDialog(window, { title: 'Open project', properties: ['openFile'], filters });
    if (result.canceled || result.filePaths.length === 0) return;
    choice = { file: result.filePaths[0], create: false };
  }
  await openOrRecover(choice, false);
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+Shift+N', click: () => void chooseProject('new') },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => void chooseProject('open') },
        { type: 'separator' },
        { label: 'Import…', accelerator: 'CmdOrCtrl+I', click: command('import') },
        { label: 'Export Source as Markdown…', accelerator: 'CmdOrCtrl+E', click: command('export-source') },
        { label: 'Export Project as Markdown…', accelerator: 'CmdOrCtrl+Shift+E', click: command('export-project') },
        { label: 'Export…', click: command('exports') },
        { type: 'separator' },
        { label: 'Open Link…', click: command('open-link') },
        { label: 'Backups…', click: command('backups') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    {
      label: 'Edit',
      // Undo and Redo go to the page, which undoes text edits in a field and annotation edits elsewhere.
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: command('undo') },
        { label: 'Redo', accelerator: isMac ? 'Shift+Cmd+Z' : 'Ctrl+Shift+Z', click: command('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        // The page handles these keys itself (it knows whether a field has focus): the menu shows them only.
        { label: 'Find in Source', accelerator: 'CmdOrCtrl+F', registerAccelerator: false, click: command('find') },
        { label: 'Search All Sources', accelerator: 'CmdOrCtrl+Shift+F', registerAccelerator: false, click: command('search') },
        { type: 'separator' },
        { label: 'Actors…', click: command('actors') },
        { label: 'Relation Types…', click: command('relations') },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
        { type: 'separator' },
        { label: 'Network View', click: command('network') },
        { label: 'Command Palette', accelerator: 'CmdOrCtrl+K', registerAccelerator: false, click: command('palette') },
        { label: 'Keyboard Shortcuts', click: command('help') },
        { type: 'separator' },
        {
          label: 'Toggle Dark Mode',
          accelerator: 'CmdOrCtrl+Shift+D',
          click: () => {
            nativeTheme.themeSource = nativeTheme.shouldUseDarkColors ? 'light' : 'dark';
          },
        },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function lockDown(): void {
  const ses = session.defaultSession;
  // No permission and no device, ever: camera, microphone, geolocation, notifications,
  // HID, serial, USB and Bluetooth are refused, and their pickers cancelled unseen.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  // Offline by design: nothing but the app's own files may load.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url, devServerUrl) || details.url.startsWith('data:') || details.url.startsWith('blob:') || (!!devServerUrl && details.url.startsWith('ws:'));
    callback({ cancel: !allowed });
  });
  // Every app:// response carries the browser host's Content-Security-Policy (src/shared/csp.ts).
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === 'tiemark' ? resolveAppPath(rendererDir, url.pathname, join, sep) : null;
    const notFound = () => withAppHeaders(new Response('Not found', { status: 404 }));
    if (!file) return notFound();
    return net.fetch(pathToFileURL(file).toString()).then(withAppHeaders, notFound);
  });
  app.on('web-contents-created', (_event, contents) => {
    // Every frame stays on our own pages: links, scripts and redirects that would leave are
    // refused (tiemark:// links included: they reach the app from the system, see openLink).
    const stayInApp = (details: { url: string; preventDefault(): void }) => {
      if (!isAppUrl(details.url, devServerUrl)) details.preventDefault();
    };
    contents.on('will-navigate', stayInApp);
    contents.on('will-frame-navigate', stayInApp);
    contents.on('will-redirect', stayInApp);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('select-bluetooth-device', (event, _devices, callback) => {
      event.preventDefault();
      callback('');
    });
    // No new windows; a plain http(s) link goes to the system browser, as before.
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function createWindow(): void {
  window = new BrowserWindow(windowOptions(join(__dirname, '..', 'preload', 'index.js')));
  window.once('ready-to-show', () => window?.show());
  const startLink = startup?.args.link;
  if (startLink) window.webContents.once('did-finish-load', () => openLink(startLink));
  window.on('closed', () => {
    window = undefined;
  });
  setTitle();
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

const startup = readStartup();
if (!startup) {
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  dataDir = startup.dataDir;
  if (process.defaultApp) app.setAsDefaultProtocolClient('tiemark', process.execPath, [resolve(process.argv[1] ?? '.')]);
  else app.setAsDefaultProtocolClient('tiemark');
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
    const link = argv.find((a) => a.startsWith('tiemark://'));
    if (link) openLink(link);
  });
  app.whenReady().then(async () => {
    lockDown();
    if (!(await openOrRecover(startup.args.project ?? null, true))) {
      app.exit(1);
      return;
    }
    wireIpc();
    buildMenu();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // A clean quit takes a last backup when anything changed since the previous one, then quits.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !backend) return;
    event.preventDefault();
    void backend.closeWithBackup().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

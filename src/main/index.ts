import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, protocol, session, shell } from 'electron';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Backend, openDefaultProject } from '../core/backend';
import { SUPPORTED_EXTENSIONS } from '../core/import/importer';
import { PROJECT_EXTENSION } from '../core/db/open';
import { backupDirFor } from '../core/paths';
import { IPC, parseTiemarkLink, type ChangeEvent, type PickedFile } from '../shared/bridge';
import { ApiError } from '../shared/errors';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, isSafeExternalUrl, resolveAppPath, windowOptions } from './security';

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

let backend: Backend | undefined;
let window: BrowserWindow | undefined;

function openProject(file?: string): void {
  const next = file
    ? Backend.open({ file, backupDir: backupDirFor(app.getPath('userData')), create: false, importWorker })
    : openDefaultProject(app.getPath('userData'), samplesDir, importWorker);
  backend?.close();
  backend = next;
  // A new project's PDF samples arrive a moment later: the list refreshes when they are in.
  next.completeSamples().then(
    () => notify({ kind: 'sources-changed' }),
    (error: unknown) => console.error(`A sample could not be added: ${(error as Error).message}`),
  );
  window?.setTitle(`${next.projectInfo().name} — Tiemark`);
  notify({ kind: 'project-opened' });
}

function notify(change: ChangeEvent): void {
  window?.webContents.send(IPC.changed, change);
}

function senderIsOurWindow(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!window && event.sender === window.webContents && !!frame && frame === window.webContents.mainFrame && isAppUrl(frame.url, devServerUrl);
}

function wireIpc(): void {
  ipcMain.handle(IPC.api, (event, method: unknown, args: unknown) => {
    if (!senderIsOurWindow(event)) return { ok: false, error: { code: 'invalid_argument', message: 'Refused: unknown sender.' } };
    if (!backend) return { ok: false, error: { code: 'not_found', message: 'No project is open.' } };
    return backend.dispatch(method, args);
  });
  ipcMain.handle(IPC.importDialog, async (event) => {
    if (!senderIsOurWindow(event)) return null;
    return pickImportFiles();
  });
  ipcMain.handle(IPC.saveFile, async (event, fileName: unknown, content: unknown) => {
    if (!senderIsOurWindow(event) || !window || typeof fileName !== 'string' || typeof content !== 'string') return null;
    const result = await dialog.showSaveDialog(window, { title: 'Export', defaultPath: join(app.getPath('documents'), basename(fileName)) });
    if (result.canceled || !result.filePath) return null;
    writeFileSync(result.filePath, content, 'utf8');
    return result.filePath;
  });
}

/** tiemark://source/<id>#highlight=<id> links from exported notes open the passage. */
function openLink(raw: string): void {
  const link = parseTiemarkLink(raw);
  if (!link) return;
  if (window?.isMinimized()) window.restore();
  window?.focus();
  notify({ kind: 'open-link', ...link });
}

const command = (name: 'undo' | 'redo' | 'import' | 'export-source' | 'export-project') => () => notify({ kind: 'command', command: name });

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
  try {
    if (mode === 'new') {
      const result = await dialog.showSaveDialog(window, { title: 'New project', defaultPath: join(app.getPath('documents'), `Untitled${PROJECT_EXTENSION}`), filters });
      if (result.canceled || !result.filePath) return;
      const file = result.filePath.endsWith(PROJECT_EXTENSION) ? result.filePath : result.filePath + PROJECT_EXTENSION;
      Backend.open({ file, create: true, backupDir: backupDirFor(app.getPath('userData')) }).close();
      openProject(file);
    } else {
      const result = await dialog.showOpenDialog(window, { title: 'Open project', properties: ['openFile'], filters });
      if (result.canceled || result.filePaths.length === 0) return;
      openProject(result.filePaths[0]);
    }
  } catch (error) {
    dialog.showErrorBox('Could not open the project', error instanceof ApiError ? error.message : String(error));
  }
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
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
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
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // Offline by design: nothing but the app's own files may load.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url, devServerUrl) || details.url.startsWith('data:') || details.url.startsWith('blob:') || (!!devServerUrl && details.url.startsWith('ws:'));
    callback({ cancel: !allowed });
  });
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === 'tiemark' ? resolveAppPath(rendererDir, url.pathname, join, sep) : null;
    if (!file) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function createWindow(): void {
  window = new BrowserWindow(windowOptions(join(__dirname, '..', 'preload', 'index.js')));
  window.once('ready-to-show', () => window?.show());
  const startLink = process.argv.find((a) => a.startsWith('tiemark://'));
  if (startLink) window.webContents.once('did-finish-load', () => openLink(startLink));
  window.on('closed', () => {
    window = undefined;
  });
  if (backend) window.setTitle(`${backend.projectInfo().name} — Tiemark`);
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
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
  app.whenReady().then(() => {
    lockDown();
    try {
      const projectArg = process.argv.find((a) => a.endsWith(PROJECT_EXTENSION));
      openProject(projectArg);
    } catch (error) {
      dialog.showErrorBox('Tiemark could not open the project', error instanceof Error ? error.message : String(error));
      app.quit();
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
  app.on('will-quit', () => backend?.close());
}

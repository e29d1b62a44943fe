import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ProjectInfo } from '../shared/types';
import { openStore } from './db/open';
import { now, Store } from './db/store';
import { dispatch, type Handlers } from './dispatch';
import { importFile, importPastedText, reportOf } from './import/importer';
import { createHighlight, deleteHighlight, listHighlights, updateHighlight } from './services/highlights';
import { deleteSource, getSource, listSources, updateSource } from './services/sources';
import { seedSamples } from './seed';
import { backupDirFor, DEFAULT_PROJECT_FILE } from './paths';

export const APP_VERSION = '0.1.0';

export interface BackendOptions {
  /** The project file. */
  file: string;
  /** Folder for automatic backups (default: `backups/` beside the project). */
  backupDir?: string;
  /** Create the project if it does not exist. */
  create?: boolean;
  /** When creating, seed it from this samples folder (resources/samples). */
  samplesDir?: string;
}

/** An open project: the store, its handlers, and `dispatch` for the shells to call. */
export class Backend {
  readonly store: Store;
  readonly handlers: Handlers;
  private closed = false;

  private constructor(readonly file: string, store: Store) {
    this.store = store;
    this.handlers = makeHandlers(this);
  }

  static open(options: BackendOptions): Backend {
    const backupDir = options.backupDir ?? join(dirname(options.file), 'backups');
    if (options.create) mkdirSync(dirname(options.file), { recursive: true });
    const { db, migratedFrom } = openStore(options.file, { backupDir, create: options.create });
    const backend = new Backend(options.file, new Store(db));
    if (migratedFrom === 0) backend.initialise(options.samplesDir);
    return backend;
  }

  dispatch(method: unknown, args: unknown) {
    return dispatch(this.handlers, method, args);
  }

  projectInfo(): ProjectInfo {
    const { store } = this;
    const name = store.sql("SELECT value FROM project WHERE key = 'name'").pluck().get() as string | undefined;
    return {
      name: name ?? basename(this.file, extname(this.file)),
      path: this.file,
      schemaVersion: Number(store.db.pragma('user_version', { simple: true })),
      sourceCount: Number(store.sql('SELECT count(*) FROM sources').pluck().get()),
      highlightCount: Number(store.sql('SELECT count(*) FROM highlights').pluck().get()),
      appVersion: APP_VERSION,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // A clean close checkpoints the WAL into the main file.
    this.store.db.close();
  }

  private initialise(samplesDir?: string): void {
    this.store.write(() => {
      const insert = this.store.sql('INSERT OR IGNORE INTO project (key, value) VALUES (?, ?)');
      insert.run('name', basename(this.file, extname(this.file)));
      insert.run('created_at', now());
      insert.run('created_by', `Tiemark ${APP_VERSION}`);
      if (samplesDir) seedSamples(this.store, samplesDir);
    });
  }
}

function makeHandlers(backend: Backend): Handlers {
  const { store } = backend;
  return {
    projectInfo: () => backend.projectInfo(),
    listSources: () => listSources(store),
    getSource: ({ id }) => getSource(store, id),
    importFiles: ({ files }) =>
      reportOf(files.map((f) => importFile(store, f.name, Buffer.from(f.dataBase64, 'base64')))),
    importText: ({ text, title }) => reportOf([importPastedText(store, text, title)]),
    updateSource: ({ id, patch }) => updateSource(store, id, patch),
    deleteSource: ({ id }) => deleteSource(store, id),
    listHighlights: ({ sourceId }) => listHighlights(store, sourceId),
    createHighlight: (args) => createHighlight(store, args),
    updateHighlight: ({ id, color }) => updateHighlight(store, id, color),
    deleteHighlight: ({ id }) => deleteHighlight(store, id),
  };
}

/** Opens the default project in a data folder, creating and seeding it on first launch. */
export function openDefaultProject(dataDir: string, samplesDir?: string): Backend {
  const file = join(dataDir, DEFAULT_PROJECT_FILE);
  const isNew = !existsSync(file) || statSync(file).size === 0;
  return Backend.open({ file, backupDir: backupDirFor(dataDir), create: isNew, samplesDir });
}

/** Reads a file for import, as shells do for dialogs and the CLI. */
export function readImportFile(path: string): { name: string; bytes: Uint8Array } {
  return { name: basename(path), bytes: readFileSync(path) };
}

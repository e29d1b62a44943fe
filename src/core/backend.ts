import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { basename, dirname, extname, join } from 'node:path';
import { ASYNC_METHODS, isReadMethod, METHOD_NAMES, type AsyncMethodName, type MethodName, type UndoResult } from '../shared/api';
import { ApiError, type Result } from '../shared/errors';
import type { BackupInfo, BackupReason, ImportOutcome, ProjectInfo } from '../shared/types';
import { backupPath, checkBackupFile, listBackups, newestBackupTime, restoreBackupFile, takeBackup } from './db/backups';
import { ProjectLock, readOwner } from './db/lock';
import { openStoreReadOnly } from './db/readonly';
import { openStore } from './db/open';
import { now, Store } from './db/store';
import { UndoJournal } from './db/undo';
import { dispatch, type Handlers } from './dispatch';
import { inLanes } from '../shared/lanes';
import { exportMarkdown, exportNotesHtml } from './export/markdown';
import { exportArchiveFile, ExportJobs, importArchiveFile, mergeArchiveInto, readMergeArchive } from './services/exports';
import { previewMerge } from './export/merge';
import { importFile, importPastedText, reportOf } from './import/importer';
import type { ParseJob } from './import/jobs';
import { inlineParser, PARSE_WORKERS, ParserPool, type Parser } from './import/pool';
import {
  createActor,
  deleteActor,
  findActorRow,
  listActors,
  mergeActors,
  suggestActors,
  tagHighlight,
  untagHighlight,
  updateActor,
} from './services/actors';
import { addTie, createClaim, deleteClaim, listAnnotations, updateClaim } from './services/claims';
import { createHighlight, deleteHighlight, listHighlights, listHighlightSpans, updateHighlight } from './services/highlights';
import { deleteNote, getNote, hasNote, saveNote } from './services/notes';
import { createRelationType, deleteRelationType, listRelationTypes, updateRelationType } from './services/relations';
import { deleteSource, getSource, getSourceSummary, listSources, updateSource } from './services/sources';
import { listAnchorReview, replaceSourceText, resolveAnchor } from './services/versions';
import { listTieEvidence, listTies } from './services/ties';
import { analystName, codingAgreement, listAnalysts, setAnalystName } from './services/analyst';
import { getEdgeEvidence, getNetwork, saveNodePositions } from './services/network';
import { hasPagedSamples, seedPagedSamples, seedSamples } from './seed';
import { search } from './search/search';
import { acceptMentions, dismissMention, listMentions } from './search/mentions';
import {
  addToCollection,
  createCollection,
  deleteCollection,
  deleteSources,
  listCollections,
  querySources,
  removeFromCollection,
  renameCollection,
} from './search/library';
import { backupDirFor, DEFAULT_PROJECT_FILE } from './paths';
import { preferencesFileFor, PreferencesStore } from './preferences';

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
  /**
   * The built import worker (out/main/import-worker.js). The apps pass it, so files are read
   * off the main thread with time and memory limits; without it files are read in-process.
   */
  importWorker?: string;
  /** The preferences file in the data folder (core/preferences.ts); without it they last the session. */
  preferencesFile?: string;
  /** Who opens the project, as a second process is told ("the browser host"). */
  app?: string;
  /** Open without taking the writer's lock, refusing every change (another Tiemark is writing). */
  readOnly?: boolean;
  /** Automatic backups at open, hourly while editing and at a clean close; the shells turn them on. */
  autoBackup?: boolean;
}

/** How often the backup timer looks for edits to back up, and how old the newest backup may get. */
const BACKUP_CHECK_MS = 10 * 60 * 1000;
const BACKUP_EVERY_MS = 60 * 60 * 1000;

/** An open project: the store, its handlers, and `dispatch` for the shells to call. */
export class Backend {
  store!: Store;
  /** Undo and redo of annotation edits for this session (see db/undo.ts). */
  journal!: UndoJournal;
  handlers!: Handlers;
  /** Reads import files: in the worker pool when the shell gave one, else in-process. */
  readonly parse: Parser;
  readonly backupDir: string;
  /** Theme, text size, pane widths and this project's last open source (core/preferences.ts). */
  readonly preferences: PreferencesStore;
  private readonly pool: ParserPool | null;
  /** A new project's samples folder while its PDF samples are still to be added (completeSamples). */
  private pagedSamples: string | null = null;
  private closed = false;
  /** Why changes are refused (the project is open read-only), or null. */
  private readOnlyReason: string | null = null;
  private backupTimer: NodeJS.Timeout | null = null;
  private backupRunning: Promise<unknown> | null = null;
  private backupProblem: string | null = null;
  /** Cache of newestBackupAt; undefined until first read, and again after a restore. */
  private newestBackup: Date | null | undefined = undefined;
  /** Damage the full check found after open, as one sentence, or null. */
  private damageFound: string | null = null;
  /** SQLite's count of rows changed by this connection when the last backup was taken. */
  private changesAtBackup = 0;

  private constructor(
    readonly file: string,
    store: Store,
    options: BackendOptions,
    private readonly lock: ProjectLock | null,
  ) {
    this.backupDir = options.backupDir ?? join(dirname(options.file), 'backups');
    this.preferences = new PreferencesStore(options.preferencesFile ?? null, options.file);
    this.pool = options.importWorker ? new ParserPool(options.importWorker) : null;
    this.parse = this.pool?.parse ?? inlineParser;
    this.attach(store);
  }

  /** Takes the store as the project: a new undo history and handlers over it (also after a restore). */
  private attach(store: Store): void {
    this.store = store;
    this.journal = new UndoJournal(store.db);
    this.handlers = makeHandlers(this);
  }

  static open(options: BackendOptions): Backend {
    if (options.readOnly) return Backend.openReadOnly(options);
    const backupDir = options.backupDir ?? join(dirname(options.file), 'backups');
    if (options.create) mkdirSync(dirname(options.file), { recursive: true });
    // One writer per project: the lock comes before anything reads or creates the file, so
    // two processes starting at once on an empty folder cannot both create it.
    const lock = ProjectLock.acquire(options.file, options.app ?? 'another Tiemark process');
    let backend: Backend | undefined;
    try {
      finishInterruptedRestore(options.file);
      const creating = !!options.create && !existsSync(options.file);
      if (creating) createProject(options.file, backupDir, options.samplesDir);
      const { db, migratedFrom } = openStore(options.file, { backupDir });
      backend = new Backend(options.file, new Store(db), options, lock);
      if (migratedFrom === 0 && !creating) backend.store.write(() => initialise(backend!.store, options.file));
      if (creating && options.samplesDir && hasPagedSamples(options.samplesDir)) backend.pagedSamples = options.samplesDir;
      if (options.autoBackup) backend.startBackups();
      // The shells (which build the workers) also get the full check, off the main thread.
      if (options.autoBackup && options.importWorker) backend.startFullCheck(join(dirname(options.importWorker), 'check-worker.js'));
      return backend;
    } catch (error) {
      if (backend) backend.close();
      else lock.release();
      throw error;
    }
  }

  /** Opens a project another process is writing: reads answer, every change is refused. */
  private static openReadOnly(options: BackendOptions): Backend {
    const db = openStoreReadOnly(options.file);
    const backend = new Backend(options.file, new Store(db), options, null);
    const owner = readOwner(options.file);
    backend.readOnlyReason = `${basename(options.file)} is open read-only${
      owner ? ` because ${owner.app} (process ${owner.pid}) has it open` : ''
    }: changes are refused. Close the other Tiemark, then open the project again to edit it.`;
    return backend;
  }

  /** Import methods answer with a promise (see ASYNC_METHODS); every other method at once. */
  dispatch(method: AsyncMethodName, args: unknown): Promise<Result<unknown>>;
  dispatch(method: Exclude<MethodName, AsyncMethodName>, args: unknown): Result<unknown>;
  dispatch(method: unknown, args: unknown): Result<unknown> | Promise<Result<unknown>>;
  dispatch(method: unknown, args: unknown): Result<unknown> | Promise<Result<unknown>> {
    if (this.readOnlyReason && typeof method === 'string' && (METHOD_NAMES as string[]).includes(method) && !isReadMethod(method)) {
      const refused: Result<unknown> = { ok: false, error: new ApiError('read_only', this.readOnlyReason).toData() };
      return (ASYNC_METHODS as readonly string[]).includes(method) ? Promise.resolve(refused) : refused;
    }
    return dispatch(this.handlers, method, args);
  }

  /**
   * Adds a new project's PDF samples, which are read asynchronously; the shells call it right
   * after opening (the project is usable before it finishes). Does nothing for other projects.
   */
  async completeSamples(): Promise<void> {
    const dir = this.pagedSamples;
    this.pagedSamples = null;
    if (dir && !this.closed) await seedPagedSamples(this.store, dir, this.parse);
  }

  /** Starts the import worker ahead of a batch; false when it is already running or parsing is in process. */
  prepareImport(): boolean {
    return this.pool?.warm() ?? false;
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
      readOnly: this.readOnlyReason,
      lastBackupAt: this.newestBackupAt()?.toISOString() ?? null,
      backupProblem: this.backupProblem,
      damage: this.damageFound,
      analyst: analystName(store),
    };
  }

  listBackups(): BackupInfo[] {
    return listBackups(this.file, this.backupDir);
  }

  /**
   * Takes a verified backup now. One at a time: a request while one is being written waits for
   * it and then takes its own. A failure is kept for projectInfo and thrown; it never touches
   * the project or refuses an edit.
   */
  async backupNow(reason: BackupReason = 'manual'): Promise<BackupInfo> {
    if (this.readOnlyReason) throw new ApiError('read_only', this.readOnlyReason);
    while (this.backupRunning) await this.backupRunning.catch(() => undefined);
    if (this.closed) throw new ApiError('unavailable', 'The project is closed.');
    const changes = this.totalChanges();
    const run = takeBackup(this.store.db, this.file, this.backupDir, reason);
    this.backupRunning = run;
    try {
      const info = await run;
      this.newestBackup = new Date(info.takenAt);
      this.changesAtBackup = changes;
      this.backupProblem = null;
      return info;
    } catch (error) {
      this.backupProblem = `The last automatic backup failed: ${(error as Error).message}.`;
      throw new ApiError('storage_failed', `The backup could not be written (${(error as Error).message}). The project itself is unchanged.`);
    } finally {
      this.backupRunning = null;
    }
  }

  /**
   * Puts a backup in the project's place: the current state is kept as a backup first, the
   * project is closed cleanly, the backup is copied over it, and the project is opened again.
   * The undo history is cleared (it described the replaced state).
   */
  restoreBackup(name: string): ProjectInfo {
    if (this.readOnlyReason) throw new ApiError('read_only', this.readOnlyReason);
    if (this.backupRunning) throw new ApiError('unavailable', 'A backup is being written; try again in a moment.');
    const chosen = backupPath(this.file, this.backupDir, name);
    const version = Number(this.store.db.pragma('user_version', { simple: true }));
    // Checked before the project is closed, so a bad choice keeps the undo history too.
    checkBackupFile(chosen, version);
    this.store.db.close();
    try {
      restoreBackupFile(this.file, this.backupDir, chosen, version);
    } finally {
      // Reopened whether or not the copy succeeded: on failure the project is as it was.
      const { db } = openStore(this.file, { backupDir: this.backupDir });
      this.attach(new Store(db));
      this.changesAtBackup = this.totalChanges();
      this.damageFound = null;
      this.newestBackup = undefined; // the restore kept the replaced state as a backup
    }
    return this.projectInfo();
  }

  /** Closes after a last backup when anything changed since the previous one (the shells' clean exit). */
  async closeWithBackup(): Promise<void> {
    if (this.closed) return;
    if (this.backupTimer && !this.readOnlyReason && this.totalChanges() !== this.changesAtBackup) {
      await this.backupNow('close').catch((error: unknown) => console.error((error as Error).message));
    }
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.backupTimer) clearInterval(this.backupTimer);
    void this.pool?.close();
    // A clean close checkpoints the WAL into the main file; the lock goes only after it.
    this.store.db.close();
    this.lock?.release();
  }

  /**
   * The full integrity check (src/core/db/damage.ts), a few seconds after open, in a worker with
   * its own read-only connection. An open project cannot be moved aside, so damage found this
   * way is reported (projectInfo.damage, shown in the top bar) with what to do.
   */
  private startFullCheck(workerFile: string, delayMs = 3000): void {
    if (!existsSync(workerFile)) return;
    const timer = setTimeout(() => {
      if (this.closed) return;
      const worker = new Worker(workerFile, { workerData: { file: this.file } });
      worker.unref();
      worker.once('message', (message: { result?: { ok: boolean; problems?: string[] }; error?: string }) => {
        void worker.terminate();
        const problems = message.result?.ok === false ? (message.result.problems ?? []) : [];
        if (problems.length > 0 && !this.closed) {
          this.damageFound = `The full check found damage in ${basename(this.file)} (${problems[0]}${problems.length > 1 ? `, and ${problems.length - 1} more` : ''}). Export what you need now, then restore the newest backup with Backups….`;
          console.error(this.damageFound);
        }
      });
      worker.once('error', (error) => console.error(`The full check of ${basename(this.file)} could not run: ${error.message}`));
    }, delayMs);
    timer.unref();
  }

  /**
   * The newest backup's time, read from the backups folder once and then kept as backups are
   * taken here (projectInfo asks for it after every change; no folder listing each time).
   */
  private newestBackupAt(): Date | null {
    if (this.newestBackup === undefined) this.newestBackup = newestBackupTime(this.file, this.backupDir);
    return this.newestBackup;
  }

  private totalChanges(): number {
    return Number(this.store.sql('SELECT total_changes()').pluck().get());
  }

  /** A backup at open when the newest is over an hour old, then hourly while there are edits. */
  private startBackups(): void {
    const due = () => {
      const newest = this.newestBackupAt();
      return !newest || Date.now() - newest.getTime() >= BACKUP_EVERY_MS;
    };
    const quietly = (reason: BackupReason) => void this.backupNow(reason).catch((error: unknown) => console.error((error as Error).message));
    if (due()) setImmediate(() => !this.closed && quietly('open'));
    this.backupTimer = setInterval(() => {
      if (!this.closed && !this.backupRunning && this.totalChanges() !== this.changesAtBackup && due()) quietly('hourly');
    }, BACKUP_CHECK_MS);
    this.backupTimer.unref();
  }
}

/** The project rows every new project starts with. */
function initialise(store: Store, file: string): void {
  const insert = store.sql('INSERT OR IGNORE INTO project (key, value) VALUES (?, ?)');
  insert.run('name', basename(file, extname(file)));
  insert.run('created_at', now());
  insert.run('created_by', `Tiemark ${APP_VERSION}`);
}

/**
 * A new project is built under a temporary name and renamed into place once it is complete
 * (schema, name, samples), so a crash while creating it never leaves an empty or half-made
 * project under the real name.
 */
function createProject(file: string, backupDir: string, samplesDir?: string): void {
  const temp = `${file}.creating`;
  const removeTemp = () => ['', '-wal', '-shm', '-journal'].forEach((suffix) => rmSync(temp + suffix, { force: true }));
  removeTemp();
  try {
    const { db } = openStore(temp, { backupDir, create: true });
    try {
      const store = new Store(db);
      store.write(() => {
        initialise(store, file);
        if (samplesDir) seedSamples(store, samplesDir);
      });
    } finally {
      db.close();
    }
    renameSync(temp, file);
  } catch (error) {
    removeTemp();
    throw error;
  }
}

/** A restore copies the backup beside the project, then renames it over; finish one cut short. */
function finishInterruptedRestore(file: string): void {
  const incoming = `${file}.restoring`;
  if (!existsSync(incoming)) return;
  // Only a complete copy is renamed into place; restoreBackupFile flushes it before the rename,
  // so a copy that is not a readable project was cut short and is dropped.
  try {
    openStoreReadOnly(incoming).close();
  } catch {
    rmSync(incoming, { force: true });
    return;
  }
  if (!existsSync(file)) renameSync(incoming, file);
  else rmSync(incoming, { force: true });
}

/**
 * Every annotation edit is one undo step with a label the Edit menu shows ("Undo Add tie");
 * imports, metadata edits and reads stay outside the journal. Deleting a source cannot be undone
 * and clears the history (the UI asks first).
 */
function makeHandlers(backend: Backend): Handlers {
  const { store, journal } = backend;
  const step = <T>(label: string, action: () => T): T => journal.record(label, action);
  const actorName = (id: string) => findActorRow(store, id)?.name ?? 'actor';
  const undoResult = (step: UndoResult['step']): UndoResult => ({ label: step?.label ?? null, step, state: journal.state() });
  const exportJobs = new ExportJobs();
  return {
    projectInfo: () => backend.projectInfo(),
    getPreferences: () => backend.preferences.get(),
    setPreferences: (patch) => backend.preferences.set(patch),
    listSources: () => listSources(store),
    getSource: ({ id }) => getSource(store, id),
    prepareImport: () => ({ ready: backend.prepareImport() }),
    listBackups: () => backend.listBackups(),
    backupNow: () => backend.backupNow(),
    restoreBackup: ({ name }) => backend.restoreBackup(name),
    importFiles: async ({ files }) => {
      // Each file in its own transaction: a bad file is reported by name and the others import.
      // As many files are read at once as the pool has workers; outcomes keep the files' order.
      const outcomes: ImportOutcome[] = new Array(files.length);
      await inLanes(files, PARSE_WORKERS, async (f, i) => {
        outcomes[i] = await importFile(store, f.name, Buffer.from(f.dataBase64, 'base64'), { encoding: f.encoding, parse: backend.parse });
      });
      return reportOf(outcomes);
    },
    importText: async ({ text, title, html }) => reportOf([await importPastedText(store, text, title, html, backend.parse)]),
    updateSource: ({ id, patch }) => updateSource(store, id, patch),
    updateSourceText: async ({ id, file, text, html }) => {
      if (!file === (text === undefined)) {
        throw new ApiError('invalid_argument', 'Invalid request to updateSourceText: give either a file or text, not both.', { path: 'file' });
      }
      getSourceSummary(store, id); // refuse an unknown source before reading the file
      const job: ParseJob = file
        ? { kind: 'file', fileName: file.name, bytes: Buffer.from(file.dataBase64, 'base64'), encoding: file.encoding }
        : { kind: 'paste', text: text ?? '', html };
      const parsed = await backend.parse(job);
      if (!parsed.ok) throw new ApiError(parsed.error.code, parsed.error.message);
      return step('Update text', () => replaceSourceText(store, id, parsed.document, file ? parsed.format : 'pasted', file?.name ?? ''));
    },
    listAnchorReview: ({ sourceId }) => listAnchorReview(store, sourceId),
    resolveAnchor: ({ id, action, start, end }) => {
      if (action === 'move' && (start === undefined || end === undefined)) {
        throw new ApiError('invalid_argument', 'Invalid request to resolveAnchor: "move" needs start and end.', { path: 'start' });
      }
      return step(action === 'accept' ? 'Accept highlight' : 'Move highlight', () =>
        resolveAnchor(store, id, action === 'accept' ? 'candidate' : { start: start!, end: end! }),
      );
    },
    deleteSource: ({ id }) => {
      const result = deleteSource(store, id);
      journal.clear();
      return result;
    },
    // Search, mentions and the source library (src/core/search, docs/search.md).
    deleteSources: ({ ids }) => {
      const count = new Set(ids).size;
      return step(count === 1 ? 'Delete source' : `Delete ${count} sources`, () => deleteSources(store, ids));
    },
    querySources: (args) => querySources(store, args),
    listCollections: () => listCollections(store),
    createCollection: ({ name, sourceIds }) => step('New collection', () => createCollection(store, name, sourceIds)),
    renameCollection: ({ id, name }) => step('Rename collection', () => renameCollection(store, id, name)),
    deleteCollection: ({ id }) => step('Delete collection', () => deleteCollection(store, id)),
    addToCollection: ({ id, sourceIds }) => step('Add to collection', () => addToCollection(store, id, sourceIds)),
    removeFromCollection: ({ id, sourceIds }) => step('Remove from collection', () => removeFromCollection(store, id, sourceIds)),
    search: (args) => search(store, args),
    listMentions: (args) => listMentions(store, args),
    acceptMentions: ({ mentions, snap, color }) =>
      step(mentions.length === 1 ? `Tag ${actorName(mentions[0].actorId)}` : `Tag ${mentions.length} mentions`, () => acceptMentions(store, mentions, snap, color)),
    dismissMention: (args) => step(args.restore ? 'Restore mention' : 'Dismiss mention', () => dismissMention(store, args)),
    listHighlights: ({ sourceId }) => listHighlights(store, sourceId),
    listHighlightSpans: ({ sourceId, before }) => listHighlightSpans(store, sourceId, before),
    createHighlight: (args) => step(args.actorIds?.length ? 'Highlight and tag' : 'Highlight', () => createHighlight(store, args)),
    updateHighlight: ({ id, color }) => step('Highlight colour', () => updateHighlight(store, id, color)),
    deleteHighlight: ({ id }) => step('Delete highlight', () => deleteHighlight(store, id)),

    listAnnotations: ({ sourceId }) => listAnnotations(store, sourceId),

    listActors: () => listActors(store),
    createActor: (input) => step('Add actor', () => createActor(store, input)),
    updateActor: ({ id, patch }) => step('Edit actor', () => updateActor(store, id, patch)),
    mergeActors: ({ survivorId, mergedIds }) => step('Merge actors', () => mergeActors(store, survivorId, mergedIds)),
    deleteActor: ({ id, force }) => step('Delete actor', () => deleteActor(store, id, force)),
    suggestActors: ({ sourceId, start, end }) => suggestActors(store, sourceId, start, end),
    tagHighlight: ({ highlightId, actorId }) => step(`Tag ${actorName(actorId)}`, () => tagHighlight(store, highlightId, actorId)),
    untagHighlight: ({ highlightId, actorId }) => step(`Untag ${actorName(actorId)}`, () => untagHighlight(store, highlightId, actorId)),

    listRelationTypes: () => listRelationTypes(store),
    createRelationType: (input) => step('Add relation type', () => createRelationType(store, input)),
    updateRelationType: ({ id, patch }) =>
      step(patch.retired === true ? 'Retire relation type' : patch.retired === false ? 'Restore relation type' : 'Edit relation type', () =>
        updateRelationType(store, id, patch),
      ),
    deleteRelationType: ({ id }) => step('Delete relation type', () => deleteRelationType(store, id)),

    createClaim: (input) => step('Add tie', () => createClaim(store, input)),
    addTie: (input) => step('Add tie', () => addTie(store, input)),
    updateClaim: ({ id, patch }) => step('Edit tie', () => updateClaim(store, id, patch)),
    deleteClaim: ({ id }) => step('Delete tie', () => deleteClaim(store, id)),

    listTies: (filters) => listTies(store, filters),
    listTieEvidence: (key) => listTieEvidence(store, key),
    getNetwork: ({ filters }) => getNetwork(store, filters),
    getEdgeEvidence: (args) => getEdgeEvidence(store, args),
    // Node positions are a view's state, not an annotation: outside the undo history.
    saveNodePositions: ({ positions }) => saveNodePositions(store, positions),

    // null while the highlight has no note (ResultOf keeps the null: it drops only undefined).
    getNote: ({ highlightId }) => getNote(store, highlightId),
    // Typing into a note saves it over and over; only its creation is an undo step.
    saveNote: ({ highlightId, content, plainText }) =>
      hasNote(store, highlightId)
        ? journal.untracked(() => saveNote(store, highlightId, content, plainText))
        : step('Add note', () => saveNote(store, highlightId, content, plainText)),
    deleteNote: ({ highlightId }) => step('Delete note', () => deleteNote(store, highlightId)),

    undo: ({ expected }) => undoResult(journal.undo(expected)),
    redo: ({ expected }) => undoResult(journal.redo(expected)),
    undoState: () => journal.state(),

    exportMarkdown: ({ sourceId, as }) => (as === 'html' ? exportNotesHtml(store, { sourceId }) : exportMarkdown(store, { sourceId })),
    exportData: (args) => exportJobs.run(store, args),
    exportProgress: ({ jobId }) => exportJobs.progress(jobId),
    cancelExport: ({ jobId }) => ({ cancelled: exportJobs.cancel(jobId) }),
    exportArchive: () => exportArchiveFile(store, APP_VERSION),
    // Not an undo step: the history is cleared, as after deleting a source (it described an empty project).
    importArchive: async ({ file }) => {
      const report = await importArchiveFile(store, file);
      journal.clear();
      return report;
    },
    mergeArchive: async ({ file, actors }) => {
      const archive = await readMergeArchive(store, file);
      return step('Merge archive', () => mergeArchiveInto(store, archive, actors));
    },
    previewMerge: async ({ file }) => previewMerge(store, await readMergeArchive(store, file)),

    setAnalyst: ({ name }) => ({ analyst: setAnalystName(store, name) }),
    listAnalysts: () => listAnalysts(store),
    codingAgreement: ({ a, b }) => codingAgreement(store, a, b),
  };
}

/** Opens the default project in a data folder, creating and seeding it on first launch. */
export function openDefaultProject(dataDir: string, samplesDir?: string, importWorker?: string, app?: string): Backend {
  const file = join(dataDir, DEFAULT_PROJECT_FILE);
  // Only a missing file is new: an empty or unreadable one is reported, never replaced.
  const isNew = !existsSync(file);
  return Backend.open({ file, backupDir: backupDirFor(dataDir), create: isNew, samplesDir, importWorker, preferencesFile: preferencesFileFor(dataDir), app, autoBackup: true });
}

/** Reads a file for import, as shells do for dialogs and the CLI. */
export function readImportFile(path: string): { name: string; bytes: Uint8Array } {
  return { name: basename(path), bytes: readFileSync(path) };
}

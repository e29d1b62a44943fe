import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { AsyncMethodName, MethodName, UndoResult } from '../shared/api';
import { ApiError, type Result } from '../shared/errors';
import type { ImportOutcome, ProjectInfo } from '../shared/types';
import { openStore } from './db/open';
import { now, Store } from './db/store';
import { UndoJournal } from './db/undo';
import { dispatch, type Handlers } from './dispatch';
import { exportMarkdown } from './export/markdown';
import { importFile, importPastedText, reportOf } from './import/importer';
import type { ParseJob } from './import/jobs';
import { inlineParser, ParserPool, type Parser } from './import/pool';
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
import { createClaim, deleteClaim, listAnnotations, updateClaim } from './services/claims';
import { createHighlight, deleteHighlight, listHighlights, listHighlightSpans, updateHighlight } from './services/highlights';
import { deleteNote, getNote, hasNote, saveNote } from './services/notes';
import { createRelationType, deleteRelationType, listRelationTypes, updateRelationType } from './services/relations';
import { deleteSource, getSource, getSourceSummary, listSources, updateSource } from './services/sources';
import { listAnchorReview, replaceSourceText, resolveAnchor } from './services/versions';
import { listTieEvidence, listTies } from './services/ties';
import { hasPagedSamples, seedPagedSamples, seedSamples } from './seed';
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
  /**
   * The built import worker (out/main/import-worker.js). The apps pass it, so files are read
   * off the main thread with time and memory limits; without it files are read in-process.
   */
  importWorker?: string;
}

/** An open project: the store, its handlers, and `dispatch` for the shells to call. */
export class Backend {
  readonly store: Store;
  /** Undo and redo of annotation edits for this session (see db/undo.ts). */
  readonly journal: UndoJournal;
  readonly handlers: Handlers;
  /** Reads import files: in the worker pool when the shell gave one, else in-process. */
  readonly parse: Parser;
  private readonly pool: ParserPool | null;
  /** A new project's samples folder while its PDF samples are still to be added (completeSamples). */
  private pagedSamples: string | null = null;
  private closed = false;

  private constructor(readonly file: string, store: Store, importWorker?: string) {
    this.store = store;
    this.journal = new UndoJournal(store.db);
    this.pool = importWorker ? new ParserPool(importWorker) : null;
    this.parse = this.pool?.parse ?? inlineParser;
    this.handlers = makeHandlers(this);
  }

  static open(options: BackendOptions): Backend {
    const backupDir = options.backupDir ?? join(dirname(options.file), 'backups');
    if (options.create) mkdirSync(dirname(options.file), { recursive: true });
    const { db, migratedFrom } = openStore(options.file, { backupDir, create: options.create });
    const backend = new Backend(options.file, new Store(db), options.importWorker);
    if (migratedFrom === 0) {
      try {
        backend.initialise(options.samplesDir);
      } catch (error) {
        backend.close(); // never leak an open connection (and its WAL) when seeding fails
        throw error;
      }
    }
    return backend;
  }

  /** Import methods answer with a promise (see ASYNC_METHODS); every other method at once. */
  dispatch(method: AsyncMethodName, args: unknown): Promise<Result<unknown>>;
  dispatch(method: Exclude<MethodName, AsyncMethodName>, args: unknown): Result<unknown>;
  dispatch(method: unknown, args: unknown): Result<unknown> | Promise<Result<unknown>>;
  dispatch(method: unknown, args: unknown): Result<unknown> | Promise<Result<unknown>> {
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
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.pool?.close();
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
    if (samplesDir && hasPagedSamples(samplesDir)) this.pagedSamples = samplesDir;
  }
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
  const undoResult = (label: string | null): UndoResult => ({ label, state: journal.state() });
  return {
    projectInfo: () => backend.projectInfo(),
    listSources: () => listSources(store),
    getSource: ({ id }) => getSource(store, id),
    prepareImport: () => ({ ready: backend.prepareImport() }),
    importFiles: async ({ files }) => {
      // One file at a time, each in its own transaction: a bad file is reported by name and the others import.
      const outcomes: ImportOutcome[] = [];
      for (const f of files) {
        outcomes.push(await importFile(store, f.name, Buffer.from(f.dataBase64, 'base64'), { encoding: f.encoding, parse: backend.parse }));
      }
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
    listHighlights: ({ sourceId }) => listHighlights(store, sourceId),
    listHighlightSpans: ({ sourceId }) => listHighlightSpans(store, sourceId),
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
    updateClaim: ({ id, patch }) => step('Edit tie', () => updateClaim(store, id, patch)),
    deleteClaim: ({ id }) => step('Delete tie', () => deleteClaim(store, id)),

    listTies: (filters) => listTies(store, filters),
    listTieEvidence: (key) => listTieEvidence(store, key),

    // The contract says Note | null, but ResultOf's NonNullable drops the null (reported).
    getNote: ({ highlightId }) => getNote(store, highlightId),
    // Typing into a note saves it over and over; only its creation is an undo step.
    saveNote: ({ highlightId, content, plainText }) =>
      hasNote(store, highlightId)
        ? journal.untracked(() => saveNote(store, highlightId, content, plainText))
        : step('Add note', () => saveNote(store, highlightId, content, plainText)),
    deleteNote: ({ highlightId }) => step('Delete note', () => deleteNote(store, highlightId)),

    undo: () => undoResult(journal.undo()),
    redo: () => undoResult(journal.redo()),
    undoState: () => journal.state(),

    exportMarkdown: ({ sourceId }) => exportMarkdown(store, { sourceId }),
  };
}

/** Opens the default project in a data folder, creating and seeding it on first launch. */
export function openDefaultProject(dataDir: string, samplesDir?: string, importWorker?: string): Backend {
  const file = join(dataDir, DEFAULT_PROJECT_FILE);
  const isNew = !existsSync(file) || statSync(file).size === 0;
  return Backend.open({ file, backupDir: backupDirFor(dataDir), create: isNew, samplesDir, importWorker });
}

/** Reads a file for import, as shells do for dialogs and the CLI. */
export function readImportFile(path: string): { name: string; bytes: Uint8Array } {
  return { name: basename(path), bytes: readFileSync(path) };
}

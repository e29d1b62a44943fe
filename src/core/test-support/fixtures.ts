import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Result } from '../../shared/errors';
import type { ImportReport, Source } from '../../shared/types';
import { Backend } from '../backend';
import { importPastedTextSync } from '../import/importer';

/**
 * Test helpers for the core: real better-sqlite3 projects in temporary folders, removed after
 * each test. Call `useTempDirs()` once at the top of a test file; it registers the cleanup.
 */
export interface TempDirs {
  /** A new empty folder under the OS temp dir. */
  make(prefix?: string): string;
  /** Opens a new project (created) in its own temp folder; closed after the test. */
  backend(options?: { samplesDir?: string }): Backend;
  /** Registers something to close after the test (before the folders are removed). */
  track<T extends { close(): void }>(closable: T): T;
}

export function useTempDirs(): TempDirs {
  const dirs: string[] = [];
  const closables: Array<{ close(): void }> = [];
  afterEach(() => {
    for (const c of closables.splice(0).reverse()) {
      try {
        c.close();
      } catch {
        // already closed
      }
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const api: TempDirs = {
    make(prefix = 'tiemark-test-') {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    track(closable) {
      closables.push(closable);
      return closable;
    },
    backend(options = {}) {
      const dir = api.make();
      return api.track(
        Backend.open({ file: join(dir, 'Test.tiemark'), backupDir: join(dir, 'backups'), create: true, ...options }),
      );
    },
  };
  return api;
}

/**
 * A synchronous dispatch result; import methods answer with a promise, which the caller awaits
 * first (`ok(await backend.dispatch('importFiles', …))`).
 */
export function settled(result: Result<unknown> | Promise<Result<unknown>>): Result<unknown> {
  if (result instanceof Promise) throw new Error('this method answers asynchronously: await its result first');
  return result;
}

/** Unwraps a dispatch result, failing the test with the error sentence if it was refused. */
export function ok<T>(pending: Result<unknown> | Promise<Result<unknown>>): T {
  const result = settled(pending);
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Unwraps a refusal, failing the test if the call succeeded. */
export function refused(pending: Result<unknown> | Promise<Result<unknown>>): { code: string; message: string; detail?: Record<string, unknown> } {
  const result = settled(pending);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error;
}

/**
 * Stores pasted text and returns the source. Synchronous, for the many tests that need a source
 * to annotate: it reads the paste with the importer's synchronous path (the same parser and
 * transaction as importText, without the await); importText itself is tested through dispatch.
 */
export function pasteSource(backend: Backend, text: string, title?: string): Source {
  const outcome = importPastedTextSync(backend.store, text, title);
  if (!outcome.source) throw new Error(`paste was not stored: ${outcome.status} ${outcome.error?.message ?? ''}`);
  return ok<Source>(backend.dispatch('getSource', { id: outcome.source.id }));
}

/** Imports one file (bytes) through dispatch, as the shells do. */
export async function importBytes(backend: Backend, name: string, bytes: Uint8Array, encoding?: string): Promise<ImportReport> {
  const file = { name, dataBase64: Buffer.from(bytes).toString('base64'), ...(encoding ? { encoding } : {}) };
  return ok<ImportReport>(await backend.dispatch('importFiles', { files: [file] }));
}

/**
 * A digest of every row of every table the project stores (project, sources, highlights and
 * whatever later schema versions add), to prove that a refused call changed nothing.
 */
export function contentDigest(db: Database.Database, except: readonly string[] = []): string {
  const hash = createHash('sha256');
  const tables = db
    // Virtual tables (the search index) by their rows; their shadow tables hold only its internal pages.
    .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const table of tables.filter((t) => !except.includes(t))) {
    const rows = (db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all() as unknown[]).map((r) => JSON.stringify(r));
    hash.update(`${table}\n${rows.sort().join('\n')}\n`);
  }
  return hash.digest('hex');
}

/** SHA-256 of a file's bytes, or null when it does not exist. */
export function fileDigest(file: string): string | null {
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null;
}

export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
export const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);

export function utf16le(text: string, bom = true): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

export function utf16be(text: string, bom = true): Buffer {
  const body = Buffer.from(text, 'utf16le').swap16();
  return bom ? Buffer.concat([Buffer.from([0xfe, 0xff]), body]) : body;
}

/** Every grapheme boundary of `text`, from a full segmentation (the reference for snapping). */
export function graphemeBoundaries(text: string): Set<number> {
  const set = new Set<number>([text.length]);
  for (const seg of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) set.add(seg.index);
  return set;
}

export { encodeLegacy } from './legacy';

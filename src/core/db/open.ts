import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ApiError } from '../../shared/errors';
import { timestamp, writeVerifiedBackup } from './backup';
import { MIGRATIONS, type Migration } from './migrations';

/** Stamped into the SQLite header so we never mistake another app's database for a project. */
export const APPLICATION_ID = 0x544d4b31; // "TMK1"
export const PROJECT_EXTENSION = '.tiemark';

export interface OpenStoreOptions {
  /** Where the pre-migration backup goes. */
  backupDir: string;
  /** Create the file when it does not exist (default false). */
  create?: boolean;
  /** The schema history to apply (default MIGRATIONS); tests pass extra ones to exercise upgrades. */
  migrations?: readonly Migration[];
}

export interface OpenedStore {
  db: Database.Database;
  /** Schema version found on disk before migrating (0 for a new file). */
  migratedFrom: number;
  /** The verified backup taken before migrating, if one was needed. */
  backupPath?: string;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
// SQLite 3.7.0-3.51.2 can corrupt WAL databases under concurrent checkpoints.
const MIN_SQLITE = [3, 51, 3];

export function openStore(file: string, options: OpenStoreOptions): OpenedStore {
  if (existsSync(file) && !statSync(file).isFile()) {
    throw new ApiError('not_a_project', `${basename(file)} is a folder, not a Tiemark project file.`);
  }
  const exists = existsSync(file) && statSync(file).size > 0;
  if (!exists && !options.create) {
    throw new ApiError('not_found', `There is no project at ${file}. Choose another file or create a new project.`);
  }
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1].version;
  if (exists) inspectExisting(file, latest);

  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw new ApiError('storage_failed', `Could not open ${file}: ${(error as Error).message}.`);
  }
  try {
    assertSqliteVersion(db);
    db.pragma('journal_mode = WAL');
    // better-sqlite3 builds default WAL databases to NORMAL, which can lose the last commits on
    // power loss. An acknowledged edit must survive that, so ask for FULL explicitly.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const { from, backupPath } = migrate(db, file, options.backupDir, migrations);
    return { db, migratedFrom: from, backupPath };
  } catch (error) {
    db.close();
    if (error instanceof ApiError) throw error;
    throw new ApiError('storage_failed', `${basename(file)} could not be opened (${(error as Error).message}). It may be damaged; restore a backup from the backups folder.`);
  }
}

/**
 * Refuses, without writing a byte, files that are not projects or come from a newer Tiemark.
 * The facts come from the 100-byte SQLite header and page 1's b-tree header: opening the file
 * with SQLite, even read-only, creates `-wal` and `-shm` files beside a WAL database (another
 * program's included) and fails on a damaged one. Only when a WAL with frames exists (after a
 * crash) can the header be stale; then a read-only connection reads the committed state. It
 * changes neither the file nor its WAL, though SQLite may add the `-shm` index it needs.
 */
function inspectExisting(file: string, latest: number): void {
  const header = Buffer.alloc(108);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new ApiError('not_a_project', `${basename(file)} is not a Tiemark project (it is not an SQLite database).`);
  }
  let appId = header.readInt32BE(68);
  let version = header.readInt32BE(60);
  // Page 1 holds sqlite_schema: a leaf page (type 13) with no cells means there are no tables.
  let tables = header[100] === 13 ? header.readUInt16BE(103) : 1;
  if (hasContent(`${file}-wal`) || hasContent(`${file}-journal`)) {
    let probe: Database.Database | undefined;
    try {
      probe = new Database(file, { readonly: true, fileMustExist: true });
      appId = Number(probe.pragma('application_id', { simple: true }));
      version = Number(probe.pragma('user_version', { simple: true }));
      tables = Number(probe.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get());
    } catch (error) {
      throw new ApiError('storage_failed', `${basename(file)} could not be read (${(error as Error).message}). It may be damaged; the file was not changed.`);
    } finally {
      probe?.close();
    }
  }
  if (appId !== APPLICATION_ID && (appId !== 0 || tables > 0)) {
    throw new ApiError('not_a_project', `${basename(file)} is an SQLite database made by another program, not a Tiemark project.`);
  }
  if (version > latest) {
    throw new ApiError(
      'newer_version',
      `${basename(file)} was saved by a newer version of Tiemark (project format ${version}; this version reads up to ${latest}). Update Tiemark to open it. The file was not changed.`,
      { version, supported: latest },
    );
  }
}

const hasContent = (path: string): boolean => existsSync(path) && statSync(path).size > 0;

function assertSqliteVersion(db: Database.Database): void {
  const version = String(db.prepare('SELECT sqlite_version()').pluck().get());
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] ?? 0) > MIN_SQLITE[i]) return;
    if ((parts[i] ?? 0) < MIN_SQLITE[i]) {
      throw new ApiError('storage_failed', `SQLite ${version} is too old to store projects safely; Tiemark needs ${MIN_SQLITE.join('.')} or newer.`);
    }
  }
}

function migrate(
  db: Database.Database,
  file: string,
  backupDir: string,
  migrations: readonly Migration[],
): { from: number; backupPath?: string } {
  const latest = migrations[migrations.length - 1].version;
  const from = Number(db.pragma('user_version', { simple: true }));
  if (from >= latest) return { from };
  let backupPath: string | undefined;
  if (from > 0) {
    const name = basename(file, extname(file));
    try {
      backupPath = writeVerifiedBackup(db, join(backupDir, `${name}-before-v${latest}-${timestamp()}${PROJECT_EXTENSION}`));
    } catch (error) {
      throw new ApiError(
        'storage_failed',
        `Could not back up ${basename(file)} before upgrading it (${(error as Error).message}), so it was not upgraded. The project was not changed.`,
      );
    }
  }
  let reached = from;
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (migration.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${migration.version} left ${broken.length} broken references`);
        }
        if (migration.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (error) {
      throw new ApiError(
        'storage_failed',
        `Could not upgrade ${basename(file)} to project format ${migration.version} (${(error as Error).message}). ${
          reached === from ? 'The project was left as it was' : `The project was left at format ${reached}, the last step that succeeded`
        }${backupPath ? `; a backup is at ${backupPath}` : ''}.`,
      );
    } finally {
      if (migration.rebuildsTables) db.pragma('foreign_keys = ON');
    }
    reached = migration.version;
  }
  return { from, backupPath };
}

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
    throw error;
  }
}

/** Refuses, without writing a byte, files that are not projects or come from a newer Tiemark. */
function inspectExisting(file: string, latest: number): void {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new ApiError('not_a_project', `${basename(file)} is not a Tiemark project (it is not an SQLite database).`);
  }
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const appId = Number(probe.pragma('application_id', { simple: true }));
    const version = Number(probe.pragma('user_version', { simple: true }));
    const tables = Number(probe.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get());
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
  } finally {
    probe.close();
  }
}

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
    backupPath = writeVerifiedBackup(db, join(backupDir, `${name}-before-v${latest}-${timestamp()}${PROJECT_EXTENSION}`));
  }
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
        `Could not upgrade ${basename(file)} to project format ${migration.version} (${(error as Error).message}). The project was left as it was${backupPath ? `; a backup is at ${backupPath}` : ''}.`,
      );
    } finally {
      if (migration.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
  return { from, backupPath };
}

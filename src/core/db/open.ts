import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ApiError } from '../../shared/errors';
import { timestamp, writeVerifiedBackup } from './backup';
import { checkInvariants, damagedError, isCorruption, notWritable, quickCheck } from './damage';
import { MIGRATIONS, type Migration } from './migrations';
import { analyseWalFile } from './wal';

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
/** Files SQLite keeps beside a database. */
const COMPANIONS = ['-wal', '-shm', '-journal'] as const;
// SQLite 3.7.0-3.51.2 can corrupt WAL databases under concurrent checkpoints.
const MIN_SQLITE = [3, 51, 3];

/**
 * Opens a project for writing, creating it if asked, upgrading it if it is older. An existing
 * file is looked at first (inspectExisting): a damaged one is moved aside untouched and refused
 * with ApiError('damaged'); one that is not ours, or is newer, is refused and left as it is; a
 * file or folder that cannot be written is refused as such ('storage_failed', detail.reason
 * 'not_writable'), nothing moved. The full integrity check (damage.ts fullIntegrityCheck) is
 * left to the caller, to run once the project is open.
 */
export function openStore(file: string, options: OpenStoreOptions): OpenedStore {
  const size = sizeOf(file);
  if (size === null && !options.create) {
    throw new ApiError('not_found', `There is no project at ${file}. Choose another file or create a new project.`);
  }
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1].version;
  if (size !== null) {
    const blocked = notWritable(file);
    if (blocked) throw notWritableError(file, blocked);
    inspectExisting(file, size, latest);
  }

  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw openFailure(file, error, size !== null);
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
    throw openFailure(file, error, size !== null);
  }
}

/** The file's size, null when there is none; a folder or an unreadable path is refused. */
function sizeOf(file: string): number | null {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    const blocked = notWritable(file);
    if (blocked) throw notWritableError(file, blocked);
    throw new ApiError('storage_failed', `${basename(file)} could not be read (${(error as Error).message}). The file was not changed.`);
  }
  if (!stat.isFile()) throw new ApiError('not_a_project', `${basename(file)} is a folder, not a Tiemark project file.`);
  return stat.size;
}

/**
 * What SQLite's failure to open or upgrade a project means for the user. Damage (SQLite's
 * "malformed" or "not a database") moves an existing project aside; a folder or file that
 * cannot be written is said to be so; anything else is reported with the file left as it is.
 */
function openFailure(file: string, error: unknown, existed: boolean): ApiError {
  const message = (error as Error).message;
  if (existed && isCorruption(error)) return damagedError(file, `SQLite reports: ${message}`);
  const blocked = notWritable(file, true);
  if (blocked) return notWritableError(file, blocked);
  return new ApiError('storage_failed', `${basename(file)} could not be opened (${message}). The file was not changed.`);
}

function notWritableError(file: string, blocked: { path: string; what: 'file' | 'folder' }): ApiError {
  const where = blocked.what === 'file' ? `${basename(file)} is read-only` : `the folder ${blocked.path} is not writable`;
  return new ApiError(
    'storage_failed',
    `${basename(file)} cannot be opened for editing because ${where} (Tiemark saves every change and keeps its log beside the project). Nothing was changed or moved; copy the project to a folder you can write to, or change the permissions.`,
    { reason: 'not_writable', path: blocked.path },
  );
}

/**
 * Looks at an existing file before opening it for writing, and refuses or moves aside what
 * must not be opened, in this order, so that SQLite never writes to a damaged file:
 *
 *   1. From the raw bytes, without SQLite: an empty file, or one that is not an SQLite database
 *      (not ours: refused untouched, unless its header still carries our application id, when
 *      it is our project with a damaged header), a damaged write-ahead log (wal.ts), and, when
 *      no log holds newer commits, another program's database or a project from a newer Tiemark
 *      (the facts come from the 100-byte header and page 1's b-tree header).
 *   2. Through a read-only connection, which reads the log (after a crash) but never rewrites
 *      or checkpoints it: the same facts when a log holds commits, a project with no tables,
 *      `PRAGMA quick_check` and our invariants (damage.ts). SQLite may add its `-wal` and `-shm`
 *      companions here; they are removed again when the file is moved aside.
 *
 * Damage moves the file aside (damage.ts) and throws ApiError('damaged').
 */
function inspectExisting(file: string, size: number, latest: number): void {
  if (size === 0) throw damagedError(file, 'it is empty: 0 bytes');
  const header = Buffer.alloc(108);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  let appId = header.readInt32BE(68);
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    if (appId === APPLICATION_ID) throw damagedError(file, 'the start of its SQLite header is overwritten');
    throw new ApiError('not_a_project', `${basename(file)} is not a Tiemark project (it is not an SQLite database).`);
  }
  const wal = analyseWalFile(`${file}-wal`);
  if (wal?.damaged) throw damagedError(file, wal.problem!);
  let version = header.readInt32BE(60);
  // Page 1 holds sqlite_schema: a leaf page (type 13) with no cells means there are no tables.
  let tables = header[100] === 13 ? header.readUInt16BE(103) : 1;
  const headerIsCurrent = (wal === null || wal.validCommits === 0) && !hasContent(`${file}-journal`);
  if (headerIsCurrent) refuseForeign(file, appId, version, tables, latest);

  const created = COMPANIONS.filter((suffix) => !existsSync(file + suffix));
  let damage: string | null = null;
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    appId = Number(probe.pragma('application_id', { simple: true }));
    version = Number(probe.pragma('user_version', { simple: true }));
    tables = Number(probe.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get());
    refuseForeign(file, appId, version, tables, latest);
    if (appId === APPLICATION_ID) damage = damageIn(probe, version, tables);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (!isCorruption(error)) throw openFailure(file, error, true);
    damage = `SQLite reports: ${(error as Error).message}`;
  } finally {
    probe?.close();
  }
  if (damage) {
    // The probe's own empty log and index are not part of the damaged project.
    for (const suffix of created) rmSync(file + suffix, { force: true });
    throw damagedError(file, damage);
  }
}

/** Refuses, untouched, another program's database and a project from a newer Tiemark. */
function refuseForeign(file: string, appId: number, version: number, tables: number, latest: number): void {
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

/** What is wrong with a file stamped as ours, read through a read-only connection; null when nothing is. */
function damageIn(probe: Database.Database, version: number, tables: number): string | null {
  if (tables === 0) return 'it carries the Tiemark stamp but has no tables';
  if (version === 0) return 'it carries the Tiemark stamp but no project format version';
  const problems = quickCheck(probe);
  if (problems.length > 0) return `SQLite's quick check found ${describeProblems(problems)}`;
  const broken = checkInvariants(probe, 'open');
  if (broken.length > 0) return describeProblems(broken);
  return null;
}

const describeProblems = (problems: string[]) =>
  problems.length === 1 ? problems[0] : `${problems.length} problems, the first: ${problems[0]}`;

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
      if (isCorruption(error)) throw error; // openStore moves a damaged project aside
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
      if (isCorruption(error)) throw error;
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

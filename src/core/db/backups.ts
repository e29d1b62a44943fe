import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { BackupInfo, BackupReason } from '../../shared/types';
import { syncDirectory, syncFile, timestamp, verifyDatabaseFile } from './backup';
import { ProjectLock } from './lock';

/**
 * Rotating, verified backups of a project (see docs/reliability.md):
 *   - written with SQLite's online backup API to a temporary file, checked with
 *     `integrity_check`, flushed, then renamed into place, so a backup under its final name is
 *     always complete and good, even if the process dies while writing one;
 *   - kept in `<backups>/<project name>/`, named by time and reason;
 *   - pruned to the newest of each of the last 24 hours, 14 days and 8 weeks; backups taken
 *     with Back up now, or kept before a restore or an upgrade, are pruned separately, to the
 *     newest 10 of each kind.
 */

export const KEEP = { hourly: 24, daily: 14, weekly: 8, special: 10 } as const;
/** Backups a person asked for, or that keep what a restore or upgrade replaced: not rotated by the hour. */
const SPECIAL: readonly BackupReason[] = ['manual', 'before-restore', 'before-upgrade'];
const NAME = /^(\d{8})-(\d{6})-([a-z-]+)\.tiemark$/;

export const projectBackupDir = (backupDir: string, projectFile: string): string => join(backupDir, basename(projectFile, extname(projectFile)));

/** Backs up an open project; resolves with the new backup once it is verified and in place. */
export async function takeBackup(db: Database.Database, projectFile: string, backupDir: string, reason: BackupReason, at = new Date()): Promise<BackupInfo> {
  const dir = projectBackupDir(backupDir, projectFile);
  mkdirSync(dir, { recursive: true });
  const name = uniqueName(dir, at, reason);
  const destination = join(dir, name);
  const temp = join(dir, `.${name}.partial`);
  // Partial files left by a process that died while writing a backup: the caller holds the
  // project's lock, so no other process is writing one now.
  for (const stale of readdirSync(dir).filter((n) => n.endsWith('.partial'))) rmSync(join(dir, stale), { force: true });
  try {
    // The online backup copies pages in steps, yielding to the event loop between them, so
    // the app keeps answering while a large project is copied; edits made meanwhile by this
    // connection are carried into the copy.
    await db.backup(temp);
    verifyDatabaseFile(temp, Number(db.pragma('user_version', { simple: true })));
    syncFile(temp);
    renameSync(temp, destination);
    syncDirectory(dir);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  prune(dir);
  return describeBackup(dir, name);
}

/** Every backup of a project, newest first; unreadable files are listed with `problem`. */
export function listBackups(projectFile: string, backupDir: string): BackupInfo[] {
  const dir = projectBackupDir(backupDir, projectFile);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => NAME.test(name))
    .sort()
    .reverse()
    .map((name) => describeBackup(dir, name));
}

export function newestBackupTime(projectFile: string, backupDir: string): Date | null {
  const dir = projectBackupDir(backupDir, projectFile);
  if (!existsSync(dir)) return null;
  const newest = readdirSync(dir)
    .filter((name) => NAME.test(name))
    .sort()
    .pop();
  return newest ? timeOf(newest) : null;
}

/**
 * Puts a backup in the project's place. The current file (closed cleanly by the caller, or
 * damaged and never opened) is first kept as a "before-restore" backup, byte for byte; the chosen
 * backup is checked, copied beside the project and renamed over it, so there is never a moment
 * without a complete project file. The caller holds the project's lock and reopens it after.
 */
export function restoreBackupFile(projectFile: string, backupDir: string, backupFile: string, expectedVersion?: number): void {
  checkBackupFile(backupFile, expectedVersion);
  for (const suffix of ['-wal', '-journal']) {
    if (existsSync(projectFile + suffix) && statSync(projectFile + suffix).size > 0) {
      throw new ApiError('storage_failed', `${basename(projectFile)} is still open or was not closed cleanly; close Tiemark and try again. Nothing was changed.`);
    }
  }
  if (existsSync(projectFile)) {
    const dir = projectBackupDir(backupDir, projectFile);
    mkdirSync(dir, { recursive: true });
    const name = uniqueName(dir, new Date(), 'before-restore');
    const temp = join(dir, `.${name}.partial`);
    copyFileSync(projectFile, temp);
    syncFile(temp);
    renameSync(temp, join(dir, name));
    syncDirectory(dir);
    prune(dir);
  }
  const incoming = `${projectFile}.restoring`;
  copyFileSync(backupFile, incoming);
  syncFile(incoming);
  rmSync(`${projectFile}-shm`, { force: true });
  rmSync(`${projectFile}-wal`, { force: true });
  renameSync(incoming, projectFile);
  syncDirectory(dirname(projectFile));
}

/**
 * Restores a project that is not open here (the shells' `--restore`, and the offer after damage
 * at open): takes the project's lock, so a Tiemark that has it open is not pulled from under,
 * then restoreBackupFile.
 */
export function restoreClosedProject(projectFile: string, backupDir: string, backupFile: string, app: string): void {
  mkdirSync(dirname(projectFile), { recursive: true });
  const lock = ProjectLock.acquire(projectFile, app);
  try {
    restoreBackupFile(projectFile, backupDir, backupFile);
  } finally {
    lock.release();
  }
}

/** Refuses a backup that is missing, unreadable, fails its integrity check or has another format. */
export function checkBackupFile(backupFile: string, expectedVersion?: number): void {
  if (!existsSync(backupFile) || !statSync(backupFile).isFile()) {
    throw new ApiError('not_found', `There is no backup at ${backupFile}.`);
  }
  try {
    verifyDatabaseFile(backupFile, expectedVersion ?? versionOf(backupFile));
  } catch (error) {
    throw new ApiError('damaged', `The backup ${basename(backupFile)} is not usable (${(error as Error).message}); choose another one. Nothing was changed.`);
  }
}

/** A backup by its listed name, refusing names that are not ours (no paths). */
export function backupPath(projectFile: string, backupDir: string, name: string): string {
  if (!NAME.test(name)) throw new ApiError('invalid_argument', `"${name}" is not the name of a Tiemark backup.`, { path: 'name' });
  const file = join(projectBackupDir(backupDir, projectFile), name);
  if (!existsSync(file)) throw new ApiError('not_found', `The backup "${name}" does not exist (it may have been removed as older backups are rotated).`);
  return file;
}

function describeBackup(dir: string, name: string): BackupInfo {
  const file = join(dir, name);
  const match = NAME.exec(name)!;
  const info: BackupInfo = {
    name,
    path: file,
    takenAt: timeOf(name).toISOString(),
    reason: match[3] as BackupReason,
    size: statSync(file).size,
    sources: 0,
    highlights: 0,
    claims: 0,
  };
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const count = (table: string) => Number(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
      info.sources = count('sources');
      info.highlights = count('highlights');
      info.claims = count('claims');
    } finally {
      db.close();
    }
  } catch (error) {
    info.problem = `It could not be read: ${(error as Error).message}.`;
  }
  return info;
}

function versionOf(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
}

function uniqueName(dir: string, at: Date, reason: BackupReason): string {
  let date = at;
  // Two backups in one second (a restore right after a backup): the later one takes the next
  // second, so names sort in the order the backups were taken.
  const taken = new Set(readdirSync(dir).map((name) => name.replace(/^\.+/, '').slice(0, 15)));
  while (taken.has(timestamp(date))) date = new Date(date.getTime() + 1000);
  return `${timestamp(date)}-${reason}.tiemark`;
}

function timeOf(name: string): Date {
  const [, d, t] = NAME.exec(name)!;
  return new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`);
}

/** Which backups rotation keeps, newest first in `names` (exported for its tests). */
export function backupsToKeep(names: readonly string[]): Set<string> {
  const keep = new Set<string>();
  const sorted = names.filter((n) => NAME.test(n)).sort().reverse();
  const reasonOf = (n: string) => NAME.exec(n)![3] as BackupReason;
  const special = sorted.filter((n) => SPECIAL.includes(reasonOf(n)));
  for (const reason of SPECIAL) special.filter((n) => reasonOf(n) === reason).slice(0, KEEP.special).forEach((n) => keep.add(n));
  const regular = sorted.filter((n) => !special.includes(n));
  const buckets = [
    { limit: KEEP.hourly, key: (d: Date) => d.toISOString().slice(0, 13) },
    { limit: KEEP.daily, key: (d: Date) => d.toISOString().slice(0, 10) },
    { limit: KEEP.weekly, key: (d: Date) => isoWeek(d) },
  ];
  for (const { limit, key } of buckets) {
    const seen = new Set<string>();
    for (const name of regular) {
      const k = key(timeOf(name));
      if (seen.has(k)) continue;
      if (seen.size >= limit) break;
      seen.add(k);
      keep.add(name);
    }
  }
  return keep;
}

function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => NAME.test(n));
  const keep = backupsToKeep(names);
  for (const name of names) if (!keep.has(name)) rmSync(join(dir, name), { force: true });
}

function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return `${d.getUTCFullYear()}-W${Math.ceil(((d.getTime() - yearStart) / 86400000 + 1) / 7)}`;
}

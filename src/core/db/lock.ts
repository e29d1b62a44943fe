import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { ApiError } from '../../shared/errors';

/** Who holds a project: written beside the lock so the next process can say who has it open. */
export interface LockOwner {
  pid: number;
  /** "the desktop app", "the browser host", "a test". */
  app: string;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
}

export const lockFileFor = (projectFile: string): string => `${projectFile}.lock`;
const ownerFileFor = (projectFile: string): string => `${projectFile}.lock-owner.json`;

/**
 * One writer per project, across processes. The lock is an exclusive SQLite lock on a small
 * companion file (`<project>.lock`) held for as long as the project is open: SQLite takes it
 * with the operating system's own file locks (fcntl on Unix, LockFileEx on Windows), which the
 * OS releases when the process ends in any way, SIGKILL and power loss included, so a crash
 * never leaves a stale lock behind. The companion file is never deleted: deleting a lock file
 * while another process is opening it would let two processes lock two different files.
 *
 * The holder's pid, app and start time go in `<project>.lock-owner.json`, for the message the
 * next process shows; it is informational only (the SQLite lock is the truth).
 */
export class ProjectLock {
  private released = false;

  private constructor(
    readonly projectFile: string,
    private readonly db: Database.Database,
    readonly owner: LockOwner,
  ) {}

  /** Takes the project's lock or throws ApiError('locked') naming the process that holds it. */
  static acquire(projectFile: string, app: string): ProjectLock {
    const lockFile = lockFileFor(projectFile);
    let db: Database.Database;
    try {
      db = new Database(lockFile, { timeout: 0 });
    } catch (error) {
      throw new ApiError('storage_failed', `Could not create the lock file ${basename(lockFile)} beside the project (${(error as Error).message}). Check that the folder is writable.`);
    }
    const owner: LockOwner = { pid: process.pid, app, host: hostname(), since: new Date().toISOString() };
    try {
      // EXCLUSIVE locking mode keeps the lock after the first write's commit until the
      // connection closes. No journal: the lock file's content does not matter.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = OFF');
      db.exec('BEGIN EXCLUSIVE');
      db.exec('CREATE TABLE IF NOT EXISTS lock_taken (at TEXT)');
      db.prepare('INSERT INTO lock_taken (at) VALUES (?)').run(owner.since);
      db.exec('DELETE FROM lock_taken');
      db.exec('COMMIT');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY' || (error as { code?: string }).code === 'SQLITE_LOCKED') {
        throw new ApiError('locked', lockedMessage(projectFile, readOwner(projectFile)), { owner: readOwner(projectFile) });
      }
      throw new ApiError('storage_failed', `Could not lock ${basename(projectFile)} for writing (${(error as Error).message}).`);
    }
    writeOwner(projectFile, owner);
    return new ProjectLock(projectFile, db, owner);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    // The owner file goes first: a process that finds the lock free then finds no stale owner.
    const current = readOwner(this.projectFile);
    if (current?.pid === this.owner.pid && current.since === this.owner.since) rmSync(ownerFileFor(this.projectFile), { force: true });
    this.db.close();
  }
}

/** The process holding a project, if its owner file can be read. */
export function readOwner(projectFile: string): LockOwner | null {
  try {
    const value = JSON.parse(readFileSync(ownerFileFor(projectFile), 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || typeof value.app !== 'string' || typeof value.since !== 'string') return null;
    return { pid: value.pid, app: value.app, host: String(value.host ?? ''), since: value.since };
  } catch {
    return null;
  }
}

/** One sentence: who has the project open, and what the user can do. */
export function lockedMessage(projectFile: string, owner: LockOwner | null): string {
  const who = owner ? `${owner.app} (process ${owner.pid}, since ${describeSince(owner.since)})` : 'another Tiemark window or process';
  return `${basename(projectFile)} is already open in ${who}; close it there first, or open this project read-only.`;
}

function describeSince(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'earlier';
  const sameDay = date.toDateString() === new Date().toDateString();
  const time = date.toTimeString().slice(0, 5);
  return sameDay ? time : `${date.toISOString().slice(0, 10)} ${time}`;
}

function writeOwner(projectFile: string, owner: LockOwner): void {
  const file = ownerFileFor(projectFile);
  const temp = `${file}.${process.pid}.partial`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, JSON.stringify(owner));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch {
    // Only the message to a second process depends on it; the lock itself is held.
    rmSync(temp, { force: true });
  }
}

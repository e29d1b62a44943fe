import Database from 'better-sqlite3';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a verified copy of an open database: VACUUM INTO a temporary file, check it, flush it,
 * then rename it into place. A crash at any moment leaves either no backup or a good one,
 * never a half-written file under the final name.
 */
export function writeVerifiedBackup(db: Database.Database, destination: string): string {
  mkdirSync(dirname(destination), { recursive: true });
  const temp = join(dirname(destination), `.${basename(destination)}.partial`);
  rmSync(temp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    verifyDatabaseFile(temp, Number(db.pragma('user_version', { simple: true })));
    syncFile(temp);
    renameSync(temp, destination);
    syncDirectory(dirname(destination));
    return destination;
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function verifyDatabaseFile(file: string, expectedVersion: number): void {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`backup failed its integrity check: ${String(result)}`);
    const version = Number(copy.pragma('user_version', { simple: true }));
    if (version !== expectedVersion) throw new Error(`backup has schema ${version}, expected ${expectedVersion}`);
  } finally {
    copy.close();
  }
}

export function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open a directory for fsync; the rename is still atomic.
  }
}

/** Flushes a file's bytes to the disk. */
export function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..+$/, '').replace('T', '-');
}

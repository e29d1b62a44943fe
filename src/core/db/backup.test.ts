import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentDigest, pasteSource, useTempDirs } from '../test-support/fixtures';
import { timestamp, writeVerifiedBackup } from './backup';
import { LATEST_VERSION } from './migrations';

const temp = useTempDirs();

describe('writeVerifiedBackup', () => {
  it('writes a complete, checked copy of an open project and leaves no partial file', () => {
    const backend = temp.backend();
    pasteSource(backend, 'A source to back up\n\nWith a second paragraph.');
    const dir = temp.make();
    const destination = join(dir, 'nested', 'Test-backup.tiemark');
    expect(writeVerifiedBackup(backend.store.db, destination)).toBe(destination);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['Test-backup.tiemark']);
    const copy = new Database(destination, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(contentDigest(copy)).toBe(contentDigest(backend.store.db));
    } finally {
      copy.close();
    }
  });

  it('includes commits that are still only in the WAL', () => {
    const backend = temp.backend();
    backend.store.db.pragma('wal_autocheckpoint = 0');
    pasteSource(backend, 'Committed but not checkpointed.');
    const destination = join(temp.make(), 'b.tiemark');
    writeVerifiedBackup(backend.store.db, destination);
    const copy = new Database(destination, { readonly: true });
    try {
      expect(copy.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(1);
    } finally {
      copy.close();
    }
  });

  it('fails without leaving a partial file when the destination folder is a file', () => {
    const backend = temp.backend();
    const dir = temp.make();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    expect(() => writeVerifiedBackup(backend.store.db, join(dir, 'not-a-folder', 'b.tiemark'))).toThrow();
    expect(readdirSync(dir)).toEqual(['not-a-folder']);
  });

  it('fails without leaving a partial file when the final name cannot be taken', () => {
    const backend = temp.backend();
    const dir = temp.make();
    // A non-empty folder under the final name: the rename after verification fails.
    mkdirSync(join(dir, 'b.tiemark'));
    writeFileSync(join(dir, 'b.tiemark', 'keep'), 'x');
    expect(() => writeVerifiedBackup(backend.store.db, join(dir, 'b.tiemark'))).toThrow();
    expect(readdirSync(dir)).toEqual(['b.tiemark']);
    expect(readdirSync(join(dir, 'b.tiemark'))).toEqual(['keep']);
  });

  it('replaces a stale partial file left by an earlier crash', () => {
    const backend = temp.backend();
    const dir = temp.make();
    writeFileSync(join(dir, '.b.tiemark.partial'), 'half-written garbage from a crash');
    writeVerifiedBackup(backend.store.db, join(dir, 'b.tiemark'));
    expect(readdirSync(dir)).toEqual(['b.tiemark']);
  });
});

describe('timestamp', () => {
  it('is a sortable, file-name-safe UTC stamp', () => {
    expect(timestamp(new Date('2024-03-14T09:05:07.123Z'))).toBe('20240314-090507');
    expect(timestamp()).toMatch(/^\d{8}-\d{6}$/);
  });
});

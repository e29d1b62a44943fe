import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupInfo, Highlight, ProjectInfo } from '../../shared/types';
import { Backend } from '../backend';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';
import { timestamp } from './backup';
import { backupsToKeep, KEEP, listBackups, projectBackupDir, takeBackup } from './backups';

const temp = useTempDirs();

function project() {
  const dir = temp.make();
  const file = join(dir, 'Work.tiemark');
  const backupDir = join(dir, 'backups');
  const backend = temp.track(Backend.open({ file, backupDir, create: true }));
  return { dir, file, backupDir, backend };
}

describe('backups', () => {
  it('a backup is a checked, complete copy with its counts, listed newest first', async () => {
    const { file, backupDir, backend } = project();
    const source = pasteSource(backend, 'Russia supplied drones to Iran.\n\nIran supplied them back.');
    ok<Highlight>(backend.dispatch('createHighlight', { sourceId: source.id, start: 0, end: 6, color: 'yellow' }));
    const first = await takeBackup(backend.store.db, file, backupDir, 'manual', new Date('2026-03-01T10:00:00Z'));
    pasteSource(backend, 'A second source.');
    const second = await takeBackup(backend.store.db, file, backupDir, 'hourly', new Date('2026-03-01T11:00:00Z'));
    expect(listBackups(file, backupDir).map((b) => [b.name, b.sources, b.highlights])).toEqual([
      [second.name, 2, 1],
      [first.name, 1, 1],
    ]);
    const copy = new Database(second.path, { readonly: true });
    try {
      expect(contentDigest(copy)).toBe(contentDigest(backend.store.db));
    } finally {
      copy.close();
    }
    expect(ok<ProjectInfo>(backend.dispatch('projectInfo', {})).lastBackupAt).toBe('2026-03-01T11:00:00.000Z');
  });

  it('rotation keeps the newest of each of the last 24 hours, 14 days and 8 weeks', () => {
    // A backup every 20 minutes for 12 weeks.
    const names: string[] = [];
    const end = Date.UTC(2026, 5, 30, 12, 0, 0);
    for (let t = end - 12 * 7 * 86400_000; t <= end; t += 20 * 60_000) names.push(`${timestamp(new Date(t))}-hourly.tiemark`);
    const kept = [...backupsToKeep(names)].sort().reverse();
    const hours = new Set(kept.map((n) => n.slice(0, 11)));
    const days = new Set(kept.map((n) => n.slice(0, 8)));
    // The newest backup is always kept; at most one per hour, and no more than the policy allows.
    expect(kept[0]).toBe(names[names.length - 1]);
    expect(hours.size).toBe(kept.length);
    expect(kept.length).toBeLessThanOrEqual(KEEP.hourly + KEEP.daily + KEEP.weekly);
    // Each of the last 24 hours has its backup, each of the last 14 days too.
    for (let h = 0; h < 24; h++) expect(hours.has(timestamp(new Date(end - h * 3600_000)).slice(0, 11))).toBe(true);
    for (let d = 0; d < 14; d++) expect(days.has(timestamp(new Date(end - d * 86400_000)).slice(0, 8))).toBe(true);
    // The oldest kept is about 8 weeks back, nothing older.
    const oldest = kept[kept.length - 1];
    const age = (end - Date.parse(`${oldest.slice(0, 4)}-${oldest.slice(4, 6)}-${oldest.slice(6, 8)}T00:00:00Z`)) / 86400_000;
    expect(age).toBeGreaterThan(7 * 6);
    expect(age).toBeLessThan(7 * 9);
    // Backups kept before a restore, or taken with Back up now, are not pushed out by the
    // hourly ones, even in the same hour; ten of each kind are kept.
    const special = `${timestamp(new Date(end - 30 * 86400_000))}-before-restore.tiemark`;
    const manual = Array.from({ length: 12 }, (_, i) => `${timestamp(new Date(end - i * 60_000 - 1000))}-manual.tiemark`);
    const withSpecial = backupsToKeep([...names, special, ...manual]);
    expect(withSpecial.has(special)).toBe(true);
    expect(manual.filter((n) => withSpecial.has(n))).toEqual(manual.slice(0, KEEP.special));
  });

  it('a backup that fails leaves no file under a backup name, tells why, and never touches the project or refuses an edit', async () => {
    const { dir, backend } = project();
    pasteSource(backend, 'Kept whatever happens to the backups.');
    const before = contentDigest(backend.store.db);
    // The backups folder cannot be created: a file is in its way.
    const blocked = temp.track(Backend.open({ file: join(dir, 'Other.tiemark'), backupDir: join(dir, 'in-the-way'), create: true }));
    writeFileSync(join(dir, 'in-the-way'), 'not a folder');
    const failure = refused(await blocked.dispatch('backupNow', {}));
    expect(failure.code).toBe('storage_failed');
    expect(failure.message).toMatch(/^The backup could not be written \(.+\)\. The project itself is unchanged\.$/);
    expect(ok<ProjectInfo>(blocked.dispatch('projectInfo', {})).backupProblem).toMatch(/The last automatic backup failed/);
    pasteSource(blocked, 'An edit after a failed backup is saved as usual.');
    expect(ok<ProjectInfo>(blocked.dispatch('projectInfo', {})).sourceCount).toBe(1);
    expect(contentDigest(backend.store.db)).toBe(before);
    expect(readFileSync(join(dir, 'in-the-way'), 'utf8')).toBe('not a folder');
  });

  it('removes partial files a killed process left, and never lists them', async () => {
    const { file, backupDir, backend } = project();
    await takeBackup(backend.store.db, file, backupDir, 'manual');
    const folder = projectBackupDir(backupDir, file);
    writeFileSync(join(folder, '.20260101-000000-hourly.tiemark.partial'), 'half a backup');
    expect(listBackups(file, backupDir)).toHaveLength(1);
    await takeBackup(backend.store.db, file, backupDir, 'manual', new Date(Date.now() + 7200_000));
    expect(readdirSync(folder).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('restoring an unreadable backup changes nothing and says so', async () => {
    const { file, backend } = project();
    const kept = pasteSource(backend, 'The state to keep.');
    ok(backend.dispatch('createHighlight', { sourceId: kept.id, start: 4, end: 9, color: 'green' }));
    const info = ok<BackupInfo>(await backend.dispatch('backupNow', {}));
    writeFileSync(info.path, Buffer.alloc(8192, 7));
    const before = contentDigest(backend.store.db);
    const history = ok<{ canUndo: boolean }>(backend.dispatch('undoState', {}));
    const failure = refused(backend.dispatch('restoreBackup', { name: info.name }));
    expect(failure.code).toBe('damaged');
    expect(failure.message).toMatch(/is not usable .*choose another one\. Nothing was changed\./);
    expect(contentDigest(backend.store.db)).toBe(before);
    expect(existsSync(`${file}.restoring`)).toBe(false);
    expect(history.canUndo).toBe(true);
    expect(ok<{ canUndo: boolean }>(backend.dispatch('undoState', {}))).toEqual(history);
  });
});

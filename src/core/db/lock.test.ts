import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Highlight, ProjectInfo } from '../../shared/types';
import type { Note } from '../../shared/annotations';
import { Backend } from '../backend';
import { ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';
import { lockFileFor, ProjectLock, readOwner } from './lock';

const temp = useTempDirs();

/** One project file, opened by a writer "A" in this process, as a second process would meet it. */
function project() {
  const dir = temp.make();
  const file = join(dir, 'Shared.tiemark');
  const open = (extra: Partial<Parameters<typeof Backend.open>[0]> = {}) =>
    temp.track(Backend.open({ file, backupDir: join(dir, 'backups'), create: true, app: 'process A', ...extra }));
  return { dir, file, open };
}

describe('one writer per project', () => {
  it('a second writer is refused with who holds it; the lock goes with the first', () => {
    const { file, open } = project();
    const a = open();
    expect(readOwner(file)).toMatchObject({ pid: process.pid, app: 'process A' });
    let error: unknown;
    try {
      open({ app: 'process B' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'locked' });
    expect((error as Error).message).toMatch(/^Shared\.tiemark is already open in process A \(process \d+, since \d\d:\d\d\); close it there first, or open this project read-only\.$/);
    a.close();
    expect(readOwner(file)).toBeNull();
    const b = open({ app: 'process B' });
    expect(readOwner(file)).toMatchObject({ app: 'process B' });
    b.close();
    // The lock file stays (deleting it could let two processes lock two files); nothing else does.
    expect(existsSync(lockFileFor(file))).toBe(true);
  });

  it('a lock that cannot be taken names no owner it does not know', () => {
    const { file, open } = project();
    open();
    const lock = (() => {
      try {
        return ProjectLock.acquire(file, 'x');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(lock).toMatchObject({ code: 'locked' });
  });

  // The three ways undo in one process destroyed another's acknowledged edits before projects had
  // one writer (docs/reliability.md, "One writer per project"). With the lock, process B can only
  // open the project read-only, so none can happen.
  it('rowid reuse: B cannot delete A’s highlight and create its own in its place', () => {
    const { open } = project();
    const a = open();
    const source = pasteSource(a, 'Russia supplied weapons to Hezbollah through Syria.');
    const h1 = ok<Highlight>(a.dispatch('createHighlight', { sourceId: source.id, start: 0, end: 6, color: 'yellow' }));
    const b = open({ readOnly: true });
    expect(refused(b.dispatch('deleteHighlight', { id: h1.id }))).toMatchObject({ code: 'read_only' });
    expect(refused(b.dispatch('createHighlight', { sourceId: source.id, start: 7, end: 15, color: 'pink' }))).toMatchObject({ code: 'read_only' });
    ok(a.dispatch('undo', {}));
    expect(ok<Highlight[]>(a.dispatch('listHighlights', { sourceId: source.id }))).toEqual([]);
    expect(ok<Highlight[]>(b.dispatch('listHighlights', { sourceId: source.id }))).toEqual([]);
  });

  it('overwritten row: B cannot write a description that A’s undo would reset', () => {
    const { open } = project();
    const a = open();
    const actor = ok<{ id: string }>(a.dispatch('createActor', { name: 'Wagner Group', kind: 'company' }));
    const b = open({ readOnly: true });
    const attempt = refused(b.dispatch('updateActor', { id: actor.id, patch: { description: 'Private military company.' } }));
    expect(attempt.code).toBe('read_only');
    expect(attempt.message).toMatch(/Shared\.tiemark is open read-only because process A \(process \d+\) has it open: changes are refused\./);
  });

  it('children: B cannot add a claim or a note to A’s new highlight for A’s undo to take away', () => {
    const { open } = project();
    const a = open();
    const source = pasteSource(a, 'Iran funds Hezbollah, officials said.');
    const h = ok<Highlight>(a.dispatch('createHighlight', { sourceId: source.id, start: 0, end: 4, color: 'yellow' }));
    const b = open({ readOnly: true });
    const note = { highlightId: h.id, content: '{"root":{"children":[]}}', plainText: 'checked' };
    expect(refused(b.dispatch('saveNote', note))).toMatchObject({ code: 'read_only' });
    expect(ok<Note | null>(b.dispatch('getNote', { highlightId: h.id }))).toBeNull();
    // Reads work, and the read-only project says why it is read-only.
    expect(ok<ProjectInfo>(b.dispatch('projectInfo', {})).readOnly).toMatch(/changes are refused/);
    expect(ok<ProjectInfo>(a.dispatch('projectInfo', {})).readOnly).toBeNull();
  });

  it('read-only refuses an import before reading the file, and a backup or restore', async () => {
    const { open } = project();
    open();
    const b = open({ readOnly: true });
    const pending = b.dispatch('importFiles', { files: [{ name: 'a.txt', dataBase64: Buffer.from('Text').toString('base64') }] });
    expect(pending).toBeInstanceOf(Promise);
    expect(refused(await pending)).toMatchObject({ code: 'read_only' });
    expect(refused(await b.dispatch('backupNow', {}))).toMatchObject({ code: 'read_only' });
    expect(refused(b.dispatch('restoreBackup', { name: '20260101-000000-manual.tiemark' }))).toMatchObject({ code: 'read_only' });
  });

  it('a project that does not exist is not created read-only', () => {
    const dir = temp.make();
    expect(() => Backend.open({ file: join(dir, 'None.tiemark'), readOnly: true })).toThrow(/There is no project at/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../shared/errors';
import type { Highlight, SourceSummary } from '../shared/types';
import { HOST_JS, HostRun, type Ready } from './test-support/cli';
import { callApi } from './test-support/http';
import { makeTempDir, removeTempDirs } from './test-support/temp';

const runs: HostRun[] = [];
const launch = (dataDir: string, fileSizeLimitKb?: number) => {
  const run = new HostRun(['--port', '0', '--data-dir', dataDir, '--no-open'], { fileSizeLimitKb });
  runs.push(run);
  return run;
};
afterEach(() => {
  for (const run of runs.splice(0)) run.kill();
});
afterAll(() => removeTempDirs());

async function call<T>(ready: Ready, method: string, args: unknown = {}): Promise<Result<T>> {
  return (await callApi(ready.port, ready.token, method, args)).result as Result<T>;
}

describe.skipIf(!existsSync(HOST_JS) || process.platform === 'win32')('a disk that fills up', () => {
  it('refuses the edit that does not fit with a clear message, keeps answering, and loses nothing saved before', async () => {
    const dataDir = makeTempDir('tiemark-full-');
    const file = join(dataDir, 'Default.tiemark');
    const first = launch(dataDir);
    await first.ready();
    expect((await first.stop('SIGTERM')).code).toBe(0);

    // Room for the project and its backups as they are, plus about 200 KB of new writes.
    const full = launch(dataDir, statSync(file).size / 1024 + 200);
    const ready = await full.ready();
    const sources = await call<SourceSummary[]>(ready, 'listSources');
    if (!sources.ok) throw new Error(sources.error.message);
    const sourceId = sources.value[0].id;
    const saved: string[] = [];
    let refusal: Result<Highlight> | null = null;
    for (let i = 0; i < 5000 && !refusal; i++) {
      const result = await call<Highlight>(ready, 'createHighlight', { sourceId, start: i % 300, end: (i % 300) + 8, color: 'green' });
      if (result.ok) saved.push(result.value.id);
      else refusal = result;
    }
    expect(saved.length).toBeGreaterThan(0);
    expect(refusal).not.toBeNull();
    expect(refusal!.ok).toBe(false);
    if (!refusal!.ok) {
      console.log(`disk full: ${saved.length} edits saved, then: ${refusal!.error.message}`);
      expect(refusal!.error.code).toBe('storage_failed');
      expect(refusal!.error.message).toMatch(/could not be written .*so the change was not saved|The disk is full/);
    }
    // Still answering reads, and the process is alive.
    const after = await call<Highlight[]>(ready, 'listHighlights', { sourceId });
    expect(after.ok).toBe(true);
    expect(full.child.exitCode).toBeNull();
    await full.stop('SIGTERM');

    // With room again: everything acknowledged before is there, and the file is sound.
    const again = launch(dataDir);
    const b = await again.ready();
    const listed = await call<Highlight[]>(b, 'listHighlights', { sourceId });
    if (!listed.ok) throw new Error(listed.error.message);
    const present = new Set(listed.value.map((h) => h.id));
    expect(saved.filter((id) => !present.has(id))).toEqual([]);
    expect((await again.stop('SIGTERM')).code).toBe(0);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 120_000);
});

import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ExportedFile, ExportFormat, ExportProgress } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import { ok, pasteSource, useTempDirs } from '../test-support/fixtures';
import { ExportJobs } from '../services/exports';
import { unzipAll } from '../test-support/docx-fixtures';
import { buildExportFixture } from './export-fixtures';
import { exportData } from './data-export';

const temp = useTempDirs();
const STAGES = ['reading', 'writing', 'packing'];

/** The export fixture plus `extra` short sources, so that the per-source formats have steps to report. */
function project(extra: number) {
  const f = buildExportFixture(temp.backend());
  for (let i = 0; i < extra; i++) pasteSource(f.backend, `Report ${i}: Russia supplies weapons to Hezbollah, officials said.`, `Report ${i}`);
  return f;
}

/** Progress must only move forward: stage by stage, and within a stage (and total) count by count. */
function expectInOrder(events: ExportProgress[]) {
  for (let i = 1; i < events.length; i++) {
    const [a, b] = [events[i - 1], events[i]];
    const stage = STAGES.indexOf(b.stage) - STAGES.indexOf(a.stage);
    expect(stage, `${JSON.stringify(a)} then ${JSON.stringify(b)}`).toBeGreaterThanOrEqual(0);
    if (stage === 0 && a.total === b.total) expect(b.done).toBeGreaterThanOrEqual(a.done);
  }
}

describe('export progress', () => {
  it('reports a vault source by source, then its files compressed, in order, ending at the total', async () => {
    const f = project(6);
    const events: ExportProgress[] = [];
    const file = await exportData(f.backend.store, { format: 'markdown-vault', watcher: { report: (p) => events.push(p), cancelled: () => false } });
    const sources = 8;
    expect(events[0]).toEqual({ stage: 'reading', done: 0, total: 1 });
    expectInOrder(events);
    const writing = events.filter((e) => e.stage === 'writing');
    expect(writing.map((e) => e.done)).toEqual(Array.from({ length: sources + 1 }, (_, i) => i));
    expect(new Set(writing.map((e) => e.total))).toEqual(new Set([sources]));
    // The zip holds the index and one note per source: every one is counted once.
    const files = await unzipAll(Buffer.from(file.content, 'base64'));
    expect(files.size).toBe(sources + 1);
    const packing = events.filter((e) => e.stage === 'packing');
    expect(packing.at(-1)).toEqual({ stage: 'packing', done: sources + 1, total: sources + 1 });
    expect(events.at(-1)).toEqual(packing.at(-1));
  });

  it('reports a one-pass format as reading, then writing 0 of 1 and 1 of 1', async () => {
    const f = project(0);
    for (const format of ['claims-csv', 'gexf', 'web-annotation'] as ExportFormat[]) {
      const events: ExportProgress[] = [];
      await exportData(f.backend.store, { format, watcher: { report: (p) => events.push(p), cancelled: () => false } });
      expect(events, format).toEqual([
        { stage: 'reading', done: 0, total: 1 },
        { stage: 'writing', done: 0, total: 1 },
        { stage: 'writing', done: 1, total: 1 },
      ]);
    }
  });

  it('is answered by job id while the export runs, and forgotten when it ends', async () => {
    const f = project(12);
    const jobs = new ExportJobs(0);
    let finished = false;
    const pending = jobs.run(f.backend.store, { format: 'brat', jobId: 'job-1' }).finally(() => (finished = true));
    const seen: ExportProgress[] = [];
    while (!finished) {
      const p = jobs.progress('job-1');
      if (p && JSON.stringify(p) !== JSON.stringify(seen.at(-1))) seen.push(p);
      await nextTurn();
    }
    const file = await pending;
    expect(file.fileName).toMatch(/-brat\.zip$/);
    expectInOrder(seen);
    expect(seen.some((p) => p.stage === 'writing' && p.total === 14 && p.done > 0 && p.done < 14)).toBe(true);
    expect(jobs.progress('job-1')).toBeNull();
    expect(jobs.cancel('job-1')).toBe(false);
  });

  it('stops a cancelled export with `cancelled`, and the job is gone', async () => {
    const f = project(12);
    const jobs = new ExportJobs(0);
    const pending = jobs.run(f.backend.store, { format: 'markdown-vault', jobId: 'job-2' });
    const outcome = pending.then(
      () => null,
      (e: unknown) => e,
    );
    while (jobs.progress('job-2')?.stage !== 'writing') await nextTurn();
    expect(jobs.cancel('job-2')).toBe(true);
    const error = await outcome;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/cancelled/) as unknown });
    expect(jobs.progress('job-2')).toBeNull();
  });

  it('refuses a second export under a job id still running, and runs without one as before', async () => {
    const f = project(3);
    const jobs = new ExportJobs(0);
    const first = jobs.run(f.backend.store, { format: 'markdown-vault', jobId: 'job-3' });
    await expect(jobs.run(f.backend.store, { format: 'claims-csv', jobId: 'job-3' })).rejects.toMatchObject({ code: 'conflict' });
    await first;
    const plain = ok<ExportedFile>(await f.backend.dispatch('exportData', { format: 'claims-csv' }));
    expect(plain.fileName).toMatch(/-claims\.csv$/);
  });
});

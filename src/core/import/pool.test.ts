import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/types';
import { Backend } from '../backend';
import { docxFile, imported } from '../test-support/formats';
import { contentDigest, ok, useTempDirs, utf8 } from '../test-support/fixtures';
import { articlePdf } from '../test-support/pdf-fixtures';
import { ParserPool } from './pool';

// The pool runs the worker the apps run: the build's out/main/import-worker.js (npm test builds
// before the unit tests).
const WORKER = resolve('out/main/import-worker.js');
const temp = useTempDirs();
const pools: ParserPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

function pool(options: ConstructorParameters<typeof ParserPool>[1] = {}): ParserPool {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run "npm run build" first (npm test does).`);
  const p = new ParserPool(WORKER, options);
  pools.push(p);
  return p;
}

function backendWithWorker(): Backend {
  const dir = temp.make();
  return temp.track(Backend.open({ file: join(dir, 'Worker.tiemark'), backupDir: join(dir, 'backups'), create: true, importWorker: WORKER }));
}

const file = (name: string, bytes: Uint8Array) => ({ name, dataBase64: Buffer.from(bytes).toString('base64') });

describe('the import worker', () => {
  it('imports a mixed batch through dispatch off the main thread, reporting a bad file by name', async () => {
    const backend = backendWithWorker();
    const pdf = await articlePdf();
    const files = [
      file('brief.pdf', pdf.bytes),
      file('brief.docx', await docxFile()),
      file('notes.md', utf8('# Notes on Wagner\n\nThe group kept its contracts in Mali.')),
      file('broken.pdf', utf8('%PDF-1.7\nthis is not a PDF body')),
      file('page.html', utf8('<html><body><article><h1>Page</h1><p>Moscow and Tehran kept talking.</p></article></body></html>')),
    ];
    // The API answers other calls while the batch is read in the worker.
    const pending = backend.dispatch('importFiles', { files });
    expect(ok(backend.dispatch('projectInfo', {}))).toMatchObject({ sourceCount: 0 });
    const report = ok<ImportReport>(await pending);
    expect(report.outcomes.map((o) => [o.name, o.status])).toEqual([
      ['brief.pdf', 'imported'],
      ['brief.docx', 'imported'],
      ['notes.md', 'imported'],
      ['broken.pdf', 'failed'],
      ['page.html', 'imported'],
    ]);
    expect(report.outcomes[3].error?.message).toContain('broken.pdf');
    const sources = imported(backend, report);
    expect(sources[0].format).toBe('pdf');
    expect(sources[0].pageStarts.length).toBeGreaterThan(1);
    expect(sources[1].format).toBe('docx');
  });

  it('starts the parser ahead of a batch when asked, once, and lets it go when no batch comes', async () => {
    const backend = backendWithWorker();
    expect(ok(backend.dispatch('prepareImport', {}))).toEqual({ ready: true });
    expect(ok(backend.dispatch('prepareImport', {}))).toEqual({ ready: false });
    const report = ok<ImportReport>(await backend.dispatch('importFiles', { files: [file('n.md', utf8('# N\n\nText.'))] }));
    expect(report.imported).toBe(1);

    const idle = pool({ warmMs: 50 });
    expect(idle.warm()).toBe(true);
    expect(idle.warm()).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(idle.warm()).toBe(true); // the first worker was closed after its minute (here 50 ms)
  });

  it('stops a file that runs past the time limit, reports it, and reads the next file with a fresh worker', async () => {
    const parse = pool({ timeLimitMs: 300 }).parse;
    // 400,000 levels of nesting: far more than 300 ms to read, whatever the machine.
    const deep = utf8(`<html><body>${'<div>'.repeat(400_000)}text${'</div>'.repeat(400_000)}</body></html>`);
    const slow = await parse({ kind: 'file', fileName: 'deep.html', bytes: deep });
    expect(slow).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(!slow.ok && slow.error.message).toMatch(/"deep.html" took longer than 0 s|"deep.html" took longer than/);
    const next = await parse({ kind: 'file', fileName: 'ok.txt', bytes: utf8('Still working.') });
    expect(next).toMatchObject({ ok: true, format: 'text' });
  });

  it('reads a file on a second worker while the first is busy, and queues files in order when both are', async () => {
    const parse = pool({ workers: 2 }).parse;
    const deep = utf8(`<html><body>${'<div>'.repeat(200_000)}text${'</div>'.repeat(200_000)}</body></html>`);
    const finished: string[] = [];
    const track = (name: string, bytes: Uint8Array) => parse({ kind: 'file', fileName: name, bytes }).then((r) => (finished.push(name), r));
    const slow = track('deep.html', deep);
    const fast = track('a.txt', utf8('First note.'));
    const queued = [track('b.txt', utf8('Second note.')), track('c.txt', utf8('Third note.'))];
    const results = await Promise.all([slow, fast, ...queued]);
    expect(results.every((r) => r.ok)).toBe(true);
    // The small files did not wait for the deep page: the second worker read them, in order.
    expect(finished).toEqual(['a.txt', 'b.txt', 'c.txt', 'deep.html']);
  });

  it('stops a file that needs more memory than allowed, without taking the process down', async () => {
    const parse = pool({ memoryLimitMb: 48, timeLimitMs: 60_000 }).parse;
    // A 40 MB page: its DOM needs far more than 48 MB.
    const paragraph = '<p>Russia, Iran and Hezbollah kept their channels open through the winter.</p>';
    const big = utf8(`<html><body>${paragraph.repeat(Math.ceil(40_000_000 / paragraph.length))}</body></html>`);
    const result = await parse({ kind: 'file', fileName: 'huge.html', bytes: big });
    expect(result).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(!result.ok && result.error.message).toContain('"huge.html" needs more memory');
    expect(await parse({ kind: 'file', fileName: 'ok.txt', bytes: utf8('Still working.') })).toMatchObject({ ok: true });
  }, 120_000);

  it('changes nothing stored when a file fails in the worker', async () => {
    const backend = backendWithWorker();
    const before = contentDigest(backend.store.db);
    const report = ok<ImportReport>(await backend.dispatch('importFiles', { files: [file('scan.pdf', utf8('%PDF-1.4\n%%EOF'))] }));
    expect(report.failed).toBe(1);
    expect(contentDigest(backend.store.db)).toBe(before);
  });
});

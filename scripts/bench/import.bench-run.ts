// The import benchmark's TypeScript part, run by scripts/bench/import.mjs under Vitest (it
// imports src/core and the fixture builders as they are). 100 mixed articles of about 50 KB
// (20 each: web page, PDF, Word, plain text, Markdown; all generated here) imported through
// dispatch with the built import worker (out/main/import-worker.js), as the apps import them:
// one importFiles call per file, two in flight. Writes rows to $TIEMARK_IMPORT_BENCH_OUT; asserts nothing.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'vitest';
import { Backend } from '../../src/core/backend';
import { inLanes } from '../../src/shared/lanes';
import { policyBriefDocx } from '../../src/core/test-support/docx-fixtures';
import { articlePdf } from '../../src/core/test-support/pdf-fixtures';

const OUT = process.env.TIEMARK_IMPORT_BENCH_OUT;
const QUICK = process.env.TIEMARK_BENCH_QUICK === '1';
const log = (...args: unknown[]) => console.log('[import]', ...args);

const SENTENCES = [
  'Officials in Beirut describe the relationship with Hezbollah as practical rather than ideological.',
  'Moscow has kept working channels open to Tehran while avoiding any formal alliance.',
  'The Houthis announced new restrictions on shipping in the Red Sea during the spring.',
  'Analysts expect the arrangement to last as long as both capitals see a shared interest in Syria.',
  'Contractors once paid by the Wagner Group were folded into new structures under the ministry.',
];

function paragraphs(seed: number, bytes: number): string[] {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = Array.from({ length: 4 }, (_, k) => `${SENTENCES[(seed + i + k) % SENTENCES.length]} (${seed}.${i}.${k})`).join(' ');
    out.push(p);
    size += p.length + 2;
  }
  return out;
}

async function corpus(count: number): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
  const pdf = (await articlePdf({ pages: 12 })).bytes; // about 50 KB of text
  const docx = new Uint8Array(await policyBriefDocx());
  for (let i = 0; i < count / 5; i++) {
    const paras = paragraphs(i, 50_000);
    files.push({ name: `page-${i}.html`, bytes: Buffer.from(`<html><head><title>Page ${i}</title></head><body><nav>Home</nav><article><h1>Page ${i}</h1>${paras.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`) });
    files.push({ name: `report-${i}.pdf`, bytes: pdf }); // the same bytes: later copies are duplicates, still read in full
    files.push({ name: `brief-${i}.docx`, bytes: docx });
    files.push({ name: `notes-${i}.txt`, bytes: Buffer.from(`Notes ${i}\n\n${paras.join('\n\n')}`) });
    files.push({ name: `draft-${i}.md`, bytes: Buffer.from(`# Draft ${i}\n\n${paras.join('\n\n')}`) });
  }
  return files;
}

it.skipIf(!OUT)('import benchmark: 100 mixed articles through the worker', async () => {
  const worker = resolve('out/main/import-worker.js');
  if (!existsSync(worker)) throw new Error('out/main/import-worker.js is missing: npm run bench builds it first');
  const count = QUICK ? 25 : 100;
  const files = await corpus(count);
  // The same files for the UI half of the benchmark (scripts/bench/import.mjs drives Chromium).
  const corpusDir = process.env.TIEMARK_IMPORT_CORPUS_DIR;
  if (corpusDir) for (const f of files) writeFileSync(join(corpusDir, f.name), f.bytes);
  const totalKb = Math.round(files.reduce((n, f) => n + f.bytes.length, 0) / 1024);
  const runs = QUICK ? 1 : 3;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'tiemark-import-bench-'));
    const backend = Backend.open({ file: join(dir, 'Bench.tiemark'), backupDir: join(dir, 'backups'), create: true, importWorker: worker });
    try {
      const started = performance.now();
      // As the renderer's import queue sends them (src/renderer/src/features/sources/importing.ts):
      // one call per file, two calls in flight.
      await inLanes(files, 2, async (f) => {
        const result = await backend.dispatch('importFiles', { files: [{ name: f.name, dataBase64: Buffer.from(f.bytes).toString('base64') }] });
        if (!result.ok) throw new Error(result.error.message);
      });
      times.push(performance.now() - started);
      log(`run ${run + 1}: ${count} files (${totalKb} KB) in ${Math.round(times[run])} ms`);
    } finally {
      backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const row = {
    measure: 'import_ms',
    variant: `tiemark: ${count} mixed files (html, pdf, docx, txt, md), worker`,
    n: count,
    unit: 'ms',
    median_ms: Math.round(median),
    p95_ms: Math.round(sorted[sorted.length - 1]),
    min_ms: Math.round(sorted[0]),
    max_ms: Math.round(sorted[sorted.length - 1]),
    runs,
    samples: runs,
    per_file_ms: Math.round((median / count) * 10) / 10,
    total_kb: totalKb,
    target_ms: 5000,
  };
  writeFileSync(OUT!, JSON.stringify([row], null, 1));
}, 600_000);

// @ts-check
// The import benchmark: 100 mixed articles of about 50 KB (see scripts/bench/import.bench-run.ts)
//   1. through dispatch and the import worker, in process (the API's own time);
//   2. as a user imports them: the built browser host and Chromium, Import..., all files chosen
//      at once in the file dialog (timed from its Open button), until the progress list says the batch is done; meanwhile the renderer's
//      main thread is watched (PerformanceObserver long tasks), so "the UI stays responsive" is a
//      number: the longest task and the total time blocked.
// Prints a table; with --json FILE adds its rows to FILE. Reports; never fails. Needs the build
// (npm run bench builds first).
//
//   node scripts/bench/import.mjs [--quick] [--json FILE] [--ui-runs N] [--corpus DIR]
//
// --ui-runs: batches through the app (default 3, 1 with --quick), each in a fresh host and
// browser; the row gives the median batch time and the median of each run's longest task.
// --corpus DIR: write the 100 files to DIR and keep them (to profile the UI half by hand).
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM, VIEWPORT } from './measure.mjs';
import { startHost } from './tiemark.mjs';
import { parseArgs } from 'node:util';
import { mergeJsonRows, printTable } from './report.mjs';
import { runBenchPart } from './vitest-run.mjs';

/** How long the simulated user spends in the file dialog before pressing Open. */
const DIALOG_MS = 1000;
const started = performance.now();
/** @param {...unknown} args */
const log = (...args) => console.log(`[import ${((performance.now() - started) / 1000).toFixed(0)} s]`, ...args);
const { values: opts } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, json: { type: 'string' }, 'ui-runs': { type: 'string' }, corpus: { type: 'string' } },
  strict: false,
});
const uiRuns = Math.max(1, Number(opts['ui-runs'] ?? (opts.quick ? 1 : 3)) || 1);
/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * The batch through the app in Chromium; one run (a run imports the whole corpus once).
 * @param {string} corpusDir
 */
async function throughTheUi(corpusDir) {
  const files = readdirSync(corpusDir).sort().map((f) => join(corpusDir, f));
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-import-ui-'));
  const host = startHost({ dir, name: 'ImportUi' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const url = await host.ready;
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
      // The batch is timed inside the page, from the file input's change (the dialog's Open) to
      // the progress heading saying it is done, so that no polling from the test adds work to
      // the renderer being measured.
      document.addEventListener('change', () => (window.__importStart ??= performance.now()), true);
      new MutationObserver(() => {
        const heading = document.querySelector('[aria-label="Import progress"] h2')?.textContent ?? '';
        if (window.__importStart && !window.__importEnd && heading.includes('imported') && !heading.includes('Importing')) window.__importEnd = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(url);
    await page.getByRole('region', { name: 'Sources' }).waitFor();
    await page.evaluate(() => (window.__longTasks.length = 0));
    // As a user does it: Import..., a second in the file dialog, then Open with every file chosen.
    // The app may use the dialog's second (it starts its parser).
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import...' }).click();
    const dialog = await chooser;
    await page.waitForTimeout(DIALOG_MS);
    await dialog.setFiles(files);
    await page.waitForFunction(() => window.__importEnd, undefined, { polling: 1000, timeout: 600_000 });
    const batchMs = Math.round(await page.evaluate(() => (window.__importEnd ?? NaN) - (window.__importStart ?? NaN)));
    const tasks = await page.evaluate(() => window.__longTasks);
    const longest = Math.round(Math.max(0, ...tasks));
    log(`UI: ${files.length} files in ${batchMs} ms; longest task ${longest} ms, ${tasks.length} long tasks`);
    return { files: files.length, batchMs, longest, longTasks: tasks.length, blockedMs: Math.round(tasks.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + Math.max(0, b - 50), 0)) };
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  log(`import benchmark: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const keep = typeof opts.corpus === 'string' ? resolve(opts.corpus) : null;
  if (keep) mkdirSync(keep, { recursive: true });
  const corpusDir = keep ?? mkdtempSync(join(tmpdir(), 'tiemark-import-corpus-'));
  process.env.TIEMARK_IMPORT_CORPUS_DIR = corpusDir;
  const rows = await runBenchPart({ file: 'scripts/bench/import.bench-run.ts', outEnv: 'TIEMARK_IMPORT_BENCH_OUT', tag: 'import', label: 'import benchmark', quick: !!opts.quick, log });
  try {
    /** @type {Array<Awaited<ReturnType<typeof throughTheUi>>>} */
    const ui = [];
    for (let run = 0; run < uiRuns; run++) {
      try {
        ui.push(await throughTheUi(corpusDir));
      } catch (error) {
        log(`UI half, run ${run + 1}, failed: ${error instanceof Error ? error.stack : error}`);
      }
    }
    if (ui.length) {
      const longest = ui.map((r) => r.longest);
      rows.push({
        measure: 'import_ui_longest_task_ms',
        variant: `tiemark browser host, ${ui[0].files} files chosen at once (from Open)`,
        n: ui[0].files,
        unit: 'ms',
        median_ms: median(longest),
        p95_ms: Math.max(...longest),
        min_ms: Math.min(...longest),
        max_ms: Math.max(...longest),
        runs: ui.length,
        samples: ui.length,
        batch_ms: median(ui.map((r) => r.batchMs)),
        batch_ms_runs: ui.map((r) => r.batchMs),
        longest_task_ms_runs: longest,
        long_tasks: median(ui.map((r) => r.longTasks)),
        blocked_ms: median(ui.map((r) => r.blockedMs)),
      });
    }
  } finally {
    if (!keep) rmSync(corpusDir, { recursive: true, force: true });
  }
  if (rows.length) printTable(rows);
  for (const r of rows.filter((x) => x.measure === 'import_ms')) {
    console.log(`  ${r.variant}: median ${r.median_ms} ms over ${r.runs} runs (${r.per_file_ms} ms per file, ${r.total_kb} KB)  target <= ${r.target_ms} ms  ${r.median_ms <= r.target_ms ? 'OK' : 'MISSED'}`);
  }
  for (const r of rows.filter((x) => x.measure === 'import_ui_longest_task_ms')) {
    console.log(`  ${r.variant}: batch done in ${r.batch_ms} ms (median of ${r.runs}: ${r.batch_ms_runs.join(', ')}); longest main-thread task ${r.median_ms} ms (runs: ${r.longest_task_ms_runs.join(', ')}) (target < 50 ms  ${r.median_ms < 50 ? 'OK' : 'MISSED'}), ${r.long_tasks} long tasks, ${r.blocked_ms} ms blocked in all`);
  }
  if (opts.json) {
    const file = resolve(process.cwd(), String(opts.json));
    mergeJsonRows(file, ['import_ms', 'import_ui_longest_task_ms'], rows);
  }
} catch (error) {
  console.log(`import benchmark failed: ${error instanceof Error ? error.stack : error}`);
} finally {
  process.exitCode = 0;
}

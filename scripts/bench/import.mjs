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
//   node scripts/bench/import.mjs [--quick] [--json FILE]
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
const { values: opts } = parseArgs({ options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } }, strict: false });

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
    return {
      measure: 'import_ui_longest_task_ms',
      variant: `tiemark browser host, ${files.length} files chosen at once (from Open)`,
      n: files.length,
      unit: 'ms',
      median_ms: longest,
      p95_ms: longest,
      min_ms: longest,
      max_ms: longest,
      runs: 1,
      samples: tasks.length,
      batch_ms: batchMs,
      long_tasks: tasks.length,
      blocked_ms: Math.round(tasks.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + Math.max(0, b - 50), 0)),
    };
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  log(`import benchmark: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const corpusDir = mkdtempSync(join(tmpdir(), 'tiemark-import-corpus-'));
  process.env.TIEMARK_IMPORT_CORPUS_DIR = corpusDir;
  const rows = await runBenchPart({ file: 'scripts/bench/import.bench-run.ts', outEnv: 'TIEMARK_IMPORT_BENCH_OUT', tag: 'import', label: 'import benchmark', quick: !!opts.quick, log });
  try {
    rows.push(await throughTheUi(corpusDir));
  } catch (error) {
    log(`UI half failed: ${error instanceof Error ? error.stack : error}`);
  } finally {
    rmSync(corpusDir, { recursive: true, force: true });
  }
  if (rows.length) printTable(rows);
  for (const r of rows.filter((x) => x.measure === 'import_ms')) {
    console.log(`  ${r.variant}: median ${r.median_ms} ms over ${r.runs} runs (${r.per_file_ms} ms per file, ${r.total_kb} KB)  target <= ${r.target_ms} ms  ${r.median_ms <= r.target_ms ? 'OK' : 'MISSED'}`);
  }
  for (const r of rows.filter((x) => x.measure === 'import_ui_longest_task_ms')) {
    console.log(`  ${r.variant}: batch done in ${r.batch_ms} ms; longest main-thread task ${r.median_ms} ms (target < 50 ms  ${r.median_ms < 50 ? 'OK' : 'MISSED'}), ${r.long_tasks} long tasks, ${r.blocked_ms} ms blocked in all`);
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

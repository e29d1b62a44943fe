// @ts-check
// The re-anchoring benchmark (targets: docs/import.md, "Updating a source's text"): 5,000 highlights on a generated 1 MB
// source re-anchored after 2% of random edits, Tiemark's reanchor beside a Hypothesis-style
// whole-text fuzzy search in the same runs (medians of 3; the baseline on a subset, see
// scripts/bench/reanchor.bench-run.ts, which this runs under Vitest with
// scripts/bench/vitest.bench.config.ts because it imports src/core as it is).
//
// It prints a table and, with --json FILE, adds its rows to FILE (the reader benchmark's shape:
// an array of { measure, variant, n, median_ms, p95_ms, ... }), replacing any rows of its own
// measures from an earlier run. It reports; it never fails: exit code 0.
//
//   node scripts/bench/reanchor.mjs [--quick] [--json FILE] [--only reanchor,...]
//
// Needs no build: plain Node and the project's devDependencies.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { finishReport, leftOutByOnly, printTable, runReporting } from './report.mjs';
import { runBenchPart } from './vitest-run.mjs';

const started = performance.now();
/** @param {...unknown} args */
const log = (...args) => console.log(`[reanchor ${((performance.now() - started) / 1000).toFixed(0)} s]`, ...args);

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
  },
  strict: false,
});

/** The measures this script owns (its rows in a shared --json file). */
const OWN = ['reanchor_ms', 'reanchor_per_highlight_ms'];
const TARGET_MS = 1000;
const TARGET_CORRECT_PCT = 99.5;

/** @typedef {import('./report.mjs').Row} Row */

/**
 * The Vitest run of reanchor.bench-run.ts; resolves with its rows.
 * @param {boolean} quick
 */
function runBenchmark(quick) {
  return runBenchPart({ file: 'scripts/bench/reanchor.bench-run.ts', outEnv: 'TIEMARK_REANCHOR_BENCH_OUT', tag: 'reanchor', label: 're-anchoring benchmark', quick, log });
}

/**
 * @param {Row[]} rows
 * @returns {string[]}
 */
function verdicts(rows) {
  const lines = [];
  const ours = rows.find((r) => r.measure === 'reanchor_ms' && r.variant.startsWith('tiemark reanchor ('));
  const base = rows.find((r) => r.measure === 'reanchor_ms' && r.variant.startsWith('baseline'));
  if (ours) {
    /** @param {boolean} x */
    const ok = (x) => (x ? 'OK' : 'MISSED');
    lines.push(`  Re-anchor ${ours.n} highlights (${ours.note}):\n    median ${ours.median_ms} ms over ${ours.runs} runs (max ${ours.max_ms} ms, CPU median ${ours.cpu_median_ms} ms)  target <= ${TARGET_MS} ms  ${ok(ours.median_ms <= TARGET_MS)}`);
    lines.push(`    correct ${ours.correct_pct}% of highlights whose text survived (median of runs)  target >= ${TARGET_CORRECT_PCT}%  ${ok(ours.correct_pct >= TARGET_CORRECT_PCT)}`);
    lines.push(`    silently wrong ${ours.silently_wrong} (all runs)  target 0  ${ok(ours.silently_wrong === 0)}; flagged for review ${ours.review}, orphaned ${ours.orphaned} (all runs; ${ours.gone} highlights had their text edited away)`);
    if (ours.ambiguous_elsewhere) lines.push(`    ${ours.ambiguous_elsewhere} highlight(s) with two equally good places applied at the other one (the texts cannot tell them apart)`);
  }
  if (base) {
    lines.push(
      `  Baseline, Hypothesis-style whole-text fuzzy search, measured on ${base.n} highlights only: median ${(base.median_ms / 1000).toFixed(1)} s (${base.per_highlight_ms} ms per highlight), ` +
        `correct ${base.correct_pct}%, silently wrong ${base.silently_wrong} (${base.wrong_place} at a wrong place, ${base.applied_though_gone} applied to other words although the highlighted text was edited away), orphaned ${base.orphaned} (all runs)`,
    );
    const same = base.tiemark_same_subset;
    if (same) lines.push(`    Tiemark on the same ${base.n} highlights: correct ${same.correct_pct}%, silently wrong ${same.silently_wrong}, review ${same.review}, orphaned ${same.orphaned}; ${ours?.per_highlight_ms} ms per highlight`);
  }
  return lines;
}

async function main() {
  if (leftOutByOnly(opts.only, 'reanchor', log)) return;
  const quick = !!opts.quick;
  log(`re-anchoring benchmark${quick ? ' (quick: 200 KB, 1,000 highlights, 1 run)' : ''}: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rows = await runBenchmark(quick);
  console.log('');
  if (rows.length) printTable(rows);
  console.log('\nTargets (1 s, 99.5% correct, 0 wrong):');
  for (const line of verdicts(rows)) console.log(line);
  finishReport(rows, { json: opts.json, own: OWN, note: 'JSON rows carry the accuracy columns', log });
}

await runReporting('re-anchoring benchmark', main);

// @ts-check
// The exports benchmark (target: docs/exports.md, every data export of 10,000 claims in at most
// 1 s): scripts/bench/exports.bench-run.ts under Vitest (it imports src/core as it is) times each
// format of exportData and the project archive on a generated project, and this prints the table
// and the verdicts and, with --json FILE, adds its rows to FILE. It reports; it never fails.
//
//   node scripts/bench/exports.mjs [--quick] [--json FILE] [--only exports,...] [--formats markdown-vault,gexf,...]
//
// --formats times only the named formats (and `project-archive`), for before/after comparisons.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { finishReport, leftOutByOnly, printTable, runReporting } from './report.mjs';
import { runBenchPart } from './vitest-run.mjs';

const started = performance.now();
/** @param {...unknown} args */
const log = (...args) => console.log(`[exports ${((performance.now() - started) / 1000).toFixed(0)} s]`, ...args);

const { values: opts } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, json: { type: 'string' }, only: { type: 'string' }, formats: { type: 'string' } },
  strict: false,
});

const TARGET_MS = 1000;

async function main() {
  if (leftOutByOnly(opts.only, 'exports', log)) return;
  const quick = !!opts.quick;
  log(`exports benchmark${quick ? ' (quick: 3 runs per format)' : ''}: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (typeof opts.formats === 'string') process.env.TIEMARK_EXPORTS_FORMATS = opts.formats;
  const rows = await runBenchPart({ file: 'scripts/bench/exports.bench-run.ts', outEnv: 'TIEMARK_EXPORTS_BENCH_OUT', tag: 'exports', label: 'exports benchmark', quick, log });
  console.log('');
  if (rows.length) printTable(rows);
  console.log(`\nTarget: each export of 10,000 claims in <= ${TARGET_MS} ms (p95):`);
  for (const r of rows) console.log(`  ${r.variant.padEnd(16)} median ${r.median_ms} ms, p95 ${r.p95_ms} ms  ${r.p95_ms <= TARGET_MS ? 'OK' : 'MISSED'}`);
  finishReport(rows, { json: opts.json, own: ['export_ms'], log });
}

await runReporting('exports benchmark', main);

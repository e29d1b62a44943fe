// The import benchmark (100 mixed articles of about 50 KB through dispatch and the import worker;
// see scripts/bench/import.bench-run.ts). Prints a table; with --json FILE adds its rows to FILE.
// Reports; never fails. Needs the build (npm run bench builds first).
//
//   node scripts/bench/import.mjs [--quick] [--json FILE]
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeJsonRows, printTable } from './report.mjs';
import { runBenchPart } from './vitest-run.mjs';

const started = performance.now();
const log = (...args) => console.log(`[import ${((performance.now() - started) / 1000).toFixed(0)} s]`, ...args);
const { values: opts } = parseArgs({ options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } }, strict: false });

try {
  log(`import benchmark: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rows = await runBenchPart({ file: 'scripts/bench/import.bench-run.ts', outEnv: 'TIEMARK_IMPORT_BENCH_OUT', tag: 'import', label: 'import benchmark', quick: !!opts.quick, log });
  if (rows.length) printTable(rows);
  for (const r of rows) console.log(`  ${r.variant}: median ${r.median_ms} ms over ${r.runs} runs (${r.per_file_ms} ms per file, ${r.total_kb} KB)  target <= ${r.target_ms} ms  ${r.median_ms <= r.target_ms ? 'OK' : 'MISSED'}`);
  if (opts.json) {
    const file = resolve(process.cwd(), String(opts.json));
    mergeJsonRows(file, ['import_ms'], rows);
  }
} catch (error) {
  console.log(`import benchmark failed: ${error?.stack ?? error}`);
} finally {
  process.exitCode = 0;
}

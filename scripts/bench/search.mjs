// @ts-check
// The search and mentions benchmark (issue 9; docs/search.md): corpus search (one page of 20
// sources, ranking and snippets for that page) beside FTS5 with snippet() on every match and
// ORDER BY rank, and listMentions (one automaton over every name and alias) beside one regular
// expression per name, on a generated project of 200 articles of ~50 KB with 500 actors and
// 3,000 aliases. Runs scripts/bench/search.bench-run.ts under Vitest (it imports src/core as it
// is). Prints a table and, with --json FILE, adds its rows to FILE. It reports; it never fails.
//
//   node scripts/bench/search.mjs [--quick] [--json FILE] [--only search,...]
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { finishReport, leftOutByOnly, printTable, runReporting } from './report.mjs';
import { runBenchPart } from './vitest-run.mjs';

const started = performance.now();
/** @param {...unknown} args */
const log = (...args) => console.log(`[search ${((performance.now() - started) / 1000).toFixed(0)} s]`, ...args);

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
  },
  strict: false,
});

/** The measures this script owns (its rows in a shared --json file). */
const OWN = ['search_ms', 'search_snippets_ms', 'mentions_ms', 'mentions_cpu_ms'];

async function main() {
  if (leftOutByOnly(opts.only, 'search', log)) return;
  const quick = !!opts.quick;
  log(`search and mentions benchmark${quick ? ' (quick: 40 sources of 20 KB, 3 runs)' : ''}: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rows = await runBenchPart({ file: 'scripts/bench/search.bench-run.ts', outEnv: 'TIEMARK_SEARCH_BENCH_OUT', tag: 'search', label: 'search benchmark', quick, log });
  console.log('');
  if (rows.length) printTable(rows);
  finishReport(rows, { json: opts.json, own: OWN, note: 'times in process, median / p95 of the runs', log });
}

await runReporting('search benchmark', main);

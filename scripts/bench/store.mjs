// @ts-check
// The store benchmark (docs/targets.md), the second half of `npm run bench`:
//
//   1. Tie aggregation over 100,000 generated claims, the whole corpus (first page) and one
//      source, Tiemark's listTies beside plain SQL that computes the same page from the claims
//      (GROUP BY ... ORDER BY ... LIMIT 200, checked equal) in the same run; what the summary
//      triggers cost per claim insert (with and without them); plus filters, deeper pages and one
//      edit in process. TypeScript core code, so it runs under Vitest
//      (scripts/bench/ties.bench-run.ts with scripts/bench/vitest.bench.config.ts).
//   2. One edit's round trip through the built browser host (out/main/host.js): N createClaim
//      and updateHighlight calls end to end (HTTP + dispatch + commit with synchronous=FULL),
//      beside a read through the same host (undoState) that commits nothing.
//
// It prints a table and, with --json FILE, adds its rows to FILE (an array of
// { measure, variant, n, median_ms, p95_ms, ... }, the reader benchmark's shape), replacing any
// rows of its own measures from an earlier run. It reports; it never fails: exit code 0.
//
//   node scripts/bench/store.mjs [--quick] [--json FILE] [--edits N] [--only store,...]
//
// Needs the built host (npm run bench builds it first) and the Node that better-sqlite3 was
// built for (npm's, as `npm run` puts it first on PATH).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { finishReport, leftOutByOnly, median, printTable, quantile, runReporting } from './report.mjs';
import { runBenchPart } from './vitest-run.mjs';
import { apiClient, startHost } from './tiemark.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const started = performance.now();
/** @typedef {import('./report.mjs').Row} Row */

/** @param {...unknown} args */
const log = (...args) => console.log(`[store ${((performance.now() - started) / 1000).toFixed(0)} s]`, ...args);

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    edits: { type: 'string' },
    only: { type: 'string' },
  },
  strict: false,
});

/** The measures this script owns (its rows in a shared --json file). */
const OWN = ['ties_load_claims_ms', 'ties_corpus_ms', 'ties_source_ms', 'ties_corpus_other_ms', 'claim_insert_ms', 'claim_insert_batch_ms', 'edit_in_process_ms', 'edit_round_trip_ms'];
const BASELINE = 'baseline GROUP BY … ORDER BY … LIMIT 200';
const EDIT_TARGET_P95_MS = 5;

/** @param {number | undefined} x */
const round = (x) => (x === undefined ? null : Math.round(x * 1000) / 1000);

/**
 * @param {string} measure
 * @param {string} variant
 * @param {number} n
 * @param {number[]} samples
 * @param {Record<string, unknown>} extra
 * @returns {Row}
 */
function summarize(measure, variant, n, samples, extra = {}) {
  const s = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return {
    measure,
    variant,
    n,
    unit: 'ms',
    median_ms: round(median(s)),
    p95_ms: round(quantile(s, 0.95)),
    min_ms: round(s[0]),
    max_ms: round(s[s.length - 1]),
    runs: 1,
    samples: s.length,
    ...extra,
  };
}

/**
 * Part 1: the Vitest run of ties.bench-run.ts; resolves with its rows.
 * @param {boolean} quick
 * @returns {Promise<Row[]>}
 */
function tiesInProcess(quick) {
  return runBenchPart({ file: 'scripts/bench/ties.bench-run.ts', outEnv: 'TIEMARK_BENCH_OUT', tag: 'ties', label: 'tie benchmark', quick, log });
}

/**
 * Part 2: edits through the built browser host, end to end.
 * @param {number} count
 */
async function editsThroughHost(count) {
  const hostJs = join(ROOT, 'out', 'main', 'host.js');
  if (!existsSync(hostJs)) throw new Error('out/main/host.js is missing: run `npm run build` (npm run bench does) first');
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-store-edits-'));
  const host = startHost({ dir, name: 'edits' });
  try {
    const url = await host.ready;
    const api = apiClient(url);
    try {
      const text = 'Russia supplied weapons to Hezbollah through Syria, according to Israeli officials. '.repeat(40);
      const report = await api.call('importText', { text, title: 'Edit benchmark' });
      const sourceId = report.outcomes[0].source.id;
      const [russia, hezbollah] = [await api.call('createActor', { name: 'Russia' }), await api.call('createActor', { name: 'Hezbollah' })];
      const highlight = await api.call('createHighlight', { sourceId, start: 0, end: 35 });
      const colors = ['yellow', 'green', 'blue', 'pink'];
      let k = 0;
      /** @type {Array<[string, () => Promise<unknown>]>} */
      const variants = [
        ['tiemark createClaim', () => api.call('createClaim', { highlightId: highlight.id, sourceActorId: russia.id, relationTypeId: 'aid-weapons', targetActorId: hezbollah.id, stance: 'reported', eventDate: '2016' })],
        ['tiemark updateHighlight', () => api.call('updateHighlight', { id: highlight.id, color: colors[k++ % colors.length] })],
        ['baseline host read (undoState, no commit)', () => api.call('undoState', {})],
      ];
      const samples = variants.map(() => /** @type {number[]} */ ([]));
      for (let i = 0; i < 20; i++) for (const [, fn] of variants) await fn(); // warm up
      for (let i = 0; i < count; i++) {
        for (let v = 0; v < variants.length; v++) {
          const j = (v + i) % variants.length;
          const t0 = performance.now();
          await variants[j][1]();
          samples[j].push(performance.now() - t0);
        }
      }
      return variants.map(([variant], j) =>
        summarize('edit_round_trip_ms', variant, count, samples[j], {
          ...(variant.startsWith('tiemark') ? { target_p95_ms: EDIT_TARGET_P95_MS } : {}),
          note: variant.startsWith('tiemark') ? 'POST /api/<method>: HTTP + dispatch + commit (synchronous=FULL) + response' : 'HTTP + dispatch, nothing written',
        }),
      );
    } finally {
      api.close();
    }
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @param {Row[]} rows
 * @returns {string[]}
 */
function verdicts(rows) {
  /**
   * @param {string} measure
   * @param {string} variant
   */
  const get = (measure, variant) => rows.find((r) => r.measure === measure && r.variant === variant);
  /**
   * @param {Row | undefined} row
   * @param {string} column
   */
  const num = (row, column) => Number(row?.[column]);
  /** @type {string[]} */
  const lines = [];
  for (const [measure, label] of [
    ['ties_corpus_ms', 'Ties, whole corpus (100,000 claims)'],
    ['ties_source_ms', 'Ties, one source'],
  ]) {
    const ours = get(measure, 'tiemark listTies (first page)');
    if (!ours) continue;
    const base = get(measure, BASELINE);
    const ok = num(ours, 'p95_ms') <= num(ours, 'target_p95_ms');
    const ratio = base ? num(base, 'median_ms') / num(ours, 'median_ms') : NaN;
    lines.push(
      `  ${label}: median ${ours.median_ms} ms, p95 ${ours.p95_ms} ms (CPU p95 ${ours.cpu_p95_ms} ms)  target p95 <= ${ours.target_p95_ms} ms  ${ok ? 'OK' : 'MISSED'}` +
        (base ? `; the same page by GROUP BY … ORDER BY … LIMIT 200: median ${base.median_ms} ms, p95 ${base.p95_ms} ms (${ratio >= 1 ? `${ratio.toFixed(1)}x slower` : `${(1 / ratio).toFixed(1)}x faster`} than listTies)` : ''),
    );
  }
  const single = [get('claim_insert_ms', 'with summary triggers (one claim, own commit)'), get('claim_insert_ms', 'without triggers (one claim, own commit)')];
  if (single[0] && single[1]) {
    lines.push(
      `  Keeping the totals on write, one claim committed alone (synchronous=FULL): median ${single[0].median_ms} ms with the summary triggers, ${single[1].median_ms} ms without ` +
        `(+${(num(single[0], 'median_ms') - num(single[1], 'median_ms')).toFixed(3)} ms; p95 ${single[0].p95_ms} vs ${single[1].p95_ms} ms)`,
    );
  }
  const batch = rows.filter((r) => r.measure === 'claim_insert_batch_ms');
  const [bw, bo] = [batch.find((r) => r.variant.startsWith('with ')), batch.find((r) => r.variant.startsWith('without '))];
  if (bw && bo) {
    const w = num(bw, 'per_claim_median_ms');
    const o = num(bo, 'per_claim_median_ms');
    lines.push(`  … per claim inside a 1,000-claim transaction (CPU of the triggers, no commit): median ${(w * 1000).toFixed(0)} µs with, ${(o * 1000).toFixed(0)} µs without (${(w / o).toFixed(1)}x)`);
  }
  for (const row of rows.filter((r) => r.measure === 'edit_round_trip_ms' && r.variant.startsWith('tiemark'))) {
    lines.push(`  One edit through the browser host (${row.variant.replace('tiemark ', '')}): median ${row.median_ms} ms, p95 ${row.p95_ms} ms  target p95 <= ${EDIT_TARGET_P95_MS} ms  ${num(row, 'p95_ms') <= EDIT_TARGET_P95_MS ? 'OK' : 'MISSED'}`);
  }
  const bare = get('edit_in_process_ms', 'baseline single-row commit');
  const inProcess = get('edit_in_process_ms', 'tiemark createClaim (100k claims)');
  if (bare && inProcess) lines.push(`  createClaim in process on 100,000 claims: median ${inProcess.median_ms} ms, p95 ${inProcess.p95_ms} ms; a bare single-row commit (synchronous=FULL): median ${bare.median_ms} ms`);
  return lines;
}

async function main() {
  if (leftOutByOnly(opts.only, 'store', log)) return;
  const quick = !!opts.quick;
  const edits = Math.max(10, Number(typeof opts.edits === 'string' ? opts.edits : quick ? 50 : 200) || 200);
  log(`store benchmark${quick ? ' (quick)' : ''}: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  /** @type {Row[]} */
  const rows = [];
  /** @type {string[]} */
  const failures = [];
  try {
    rows.push(...(await tiesInProcess(quick)));
  } catch (error) {
    failures.push(`ties: ${error instanceof Error ? error.message : error}`);
  }
  try {
    log(`edits through the browser host: ${edits} of each`);
    rows.push(...(await editsThroughHost(edits)));
  } catch (error) {
    failures.push(`edits through the host: ${error instanceof Error ? error.message : error}`);
  }
  console.log('');
  if (rows.length) printTable(rows);
  console.log('\nTargets (docs/targets.md):');
  for (const line of verdicts(rows)) console.log(line);
  finishReport(rows, { json: opts.json, own: OWN, note: 'cpu_* columns in the JSON are process CPU time per call', log });
  if (failures.length) console.log(`\n${failures.length} failure(s):\n${failures.map((f) => `  - ${f}`).join('\n')}`);
}

await runReporting('store benchmark', main);

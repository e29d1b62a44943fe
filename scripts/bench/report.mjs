// @ts-check
// Medians, p95s, the printed table and the ratio lines of the reader benchmark, and the shared
// --json file every benchmark adds its rows to.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';

/** @typedef {import('./page').Variant} Variant */
/** @typedef {import('./measure.mjs').Measurement} Measurement */
/** @typedef {{ variant: Variant, n: number, run: number, result: Measurement, loadavg: number }} Sample */
/**
 * A row of any benchmark's table: `median_<unit>`, `p95_<unit>`, `min_<unit>`, `max_<unit>`.
 * @typedef {{ measure: string, variant: string, n: number, unit: string, runs: number, samples: number, timeouts?: number, [column: string]: any }} Row
 */

/**
 * The reader benchmark's measures, in table order: [measure, unit]. 'share' rows hold the mean of
 * 0/1 samples (as a fraction), not a median.
 * @type {Array<[string, string]>}
 */
export const MEASURES = [
  ['load_to_painted_ms', 'ms'],
  ['load_cpu_ms', 'ms'],
  ['add_to_painted_ms', 'ms'],
  ['scroll_to_painted_ms', 'ms'],
  ['scroll_repaint_ms', 'ms'],
  ['scroll_painted_before_repaint', 'share'],
  ['idle_repaints_per_s', 'per_s'],
  ['load_in_view', 'count'],
  ['scroll_in_view', 'count'],
  ['renderer_rss_mb', 'mb'],
  ['js_heap_mb', 'mb'],
  ['dom_nodes', 'count'],
];

/** @type {string[]} */
const VARIANTS = ['plain-dom', 'tiemark', 'recogito-spans', 'recogito-css'];

/**
 * @param {number[]} sorted
 * @param {number} q
 */
export function quantile(sorted, q) {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** @param {unknown[]} xs */
export function median(xs) {
  const s = /** @type {number[]} */ (xs.filter((x) => typeof x === 'number' && Number.isFinite(x))).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * @param {number | undefined} x
 * @param {string} unit
 */
const round = (x, unit) => (x === undefined ? null : unit === 'count' ? Math.round(x) : unit === 'share' ? Math.round(x * 100) / 100 : Math.round(x * 10) / 10);

/**
 * One row per (measure, variant, n) that has samples or timeouts.
 * @param {Sample[]} samples
 * @returns {Row[]}
 */
export function summarize(samples) {
  /** @type {Row[]} */
  const rows = [];
  const keys = [...new Set(samples.map((s) => `${s.variant}@${s.n}`))].sort((a, b) => {
    const [va, na] = a.split('@');
    const [vb, nb] = b.split('@');
    return VARIANTS.indexOf(va) - VARIANTS.indexOf(vb) || Number(na) - Number(nb);
  });
  for (const [measure, unit] of MEASURES) {
    for (const key of keys) {
      const [variant, n] = key.split('@');
      const group = samples.filter((s) => `${s.variant}@${s.n}` === key);
      const finite = group
        .flatMap((s) => s.result.values[measure] ?? [])
        .filter((x) => Number.isFinite(x))
        .sort((a, b) => a - b);
      const timeouts = group.reduce((sum, s) => sum + (s.result.timeouts[measure] ?? 0), 0);
      if (!finite.length && !timeouts) continue;
      const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : undefined;
      rows.push({
        measure,
        variant,
        n: Number(n),
        unit,
        [`median_${unit}`]: round(unit === 'share' ? mean : median(finite), unit),
        [`p95_${unit}`]: unit === 'share' ? null : round(quantile(finite, 0.95), unit),
        [`min_${unit}`]: unit === 'share' ? null : round(finite[0], unit),
        [`max_${unit}`]: unit === 'share' ? null : round(finite[finite.length - 1], unit),
        runs: group.length,
        samples: finite.length,
        timeouts,
      });
    }
  }
  return rows;
}

/**
 * @param {Row[]} rows
 * @param {string} measure
 * @param {string} variant
 * @param {number} n
 */
const get = (rows, measure, variant, n) => rows.find((r) => r.measure === measure && r.variant === variant && r.n === n);
/**
 * @param {Row | undefined} row
 * @param {string} what
 * @returns {number | undefined}
 */
const val = (row, what = 'median') => {
  const v = row ? row[`${what}_${row.unit}`] : undefined;
  return typeof v === 'number' ? v : undefined;
};
/** @param {unknown} x */
const f1 = (x) => (x === undefined || x === null ? '-' : typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(1)) : String(x));

/**
 * Prints rows as a table; a `timeouts` column when any row has one.
 * @param {Row[]} rows
 */
export function printTable(rows) {
  const withTimeouts = rows.some((r) => r.timeouts !== undefined);
  const header = ['measure', 'variant', 'n', 'median', 'p95', 'min', 'max', 'unit', 'runs', 'samples', ...(withTimeouts ? ['timeouts'] : [])];
  const body = rows.map((r) => [
    r.measure,
    r.variant,
    String(r.n),
    r.unit === 'share' ? `${Math.round((val(r) ?? 0) * 100)}%` : f1(val(r)),
    f1(val(r, 'p95')),
    f1(val(r, 'min')),
    f1(val(r, 'max')),
    r.unit,
    String(r.runs),
    String(r.samples),
    ...(withTimeouts ? [r.timeouts === undefined ? '-' : String(r.timeouts)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  /** @param {string[]} cells */
  const line = (cells) => cells.map((c, i) => (i < 3 || i === 7 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let last = '';
  for (const b of body) {
    if (last && b[0] !== last) console.log('');
    last = b[0];
    console.log(line(b));
  }
}

/**
 * Ratio lines against the tiemark N=0 load and the peers, and the targets in docs/targets.md.
 * @param {Row[]} rows
 * @param {Sample[]} samples
 * @param {{ N_MID: number, N_HIGH: number, quick: boolean }} levels
 */
export function printRatios(rows, samples, { N_MID, N_HIGH, quick }) {
  /** @param {boolean | undefined} ok */
  const verdict = (ok) => (ok === undefined ? '' : ok ? '  OK' : '  MISSED');
  /** @param {Row | undefined} row */
  const timedOut = (row) => (row?.timeouts ? `, ${row.timeouts} timed out` : '');
  const loadOf = (/** @type {Sample} */ s) => s.result.values.load_to_painted_ms?.[0];
  const base = val(get(rows, 'load_to_painted_ms', 'tiemark', 0));
  // Paired: the ratio within each run (same minute, same machine load), then the median.
  /** @param {number} n */
  const paired = (n) => {
    const ratios = [];
    for (const s of samples.filter((x) => x.variant === 'tiemark' && x.n === n)) {
      const b = samples.find((x) => x.variant === 'tiemark' && x.n === 0 && x.run === s.run);
      const [t, t0] = [loadOf(s), b && loadOf(b)];
      if (t !== undefined && t0) ratios.push(t / t0);
    }
    return median(ratios);
  };
  console.log(`Ratios and targets (docs/targets.md)${quick ? ` — quick run: N=${N_MID} / ${N_HIGH} stand in for 5,000 / 20,000` : ''}`);
  console.log(`  load_to_painted, tiemark N=0 (baseline): ${f1(base)} ms`);
  for (const [n, target] of [
    [N_MID, 1.2],
    [N_HIGH, 1.3],
  ]) {
    const t = val(get(rows, 'load_to_painted_ms', 'tiemark', n));
    if (t === undefined || !base) {
      console.log(`  load ratio tiemark N=${n} / N=0: no data`);
      continue;
    }
    const r = t / base;
    const p = paired(n);
    console.log(`  load ratio tiemark N=${n} / N=0: ${r.toFixed(2)}x (paired per run: ${p ? p.toFixed(2) + 'x' : '-'}; ${f1(t)} vs ${f1(base)} ms)  target <= ${target}x${verdict(r <= target)}`);
  }
  const plain = val(get(rows, 'load_to_painted_ms', 'plain-dom', 0));
  if (plain && base) console.log(`  tiemark N=0 / plain-dom: ${(base / plain).toFixed(2)}x (${f1(base)} vs ${f1(plain)} ms; the floor, for information)`);
  for (const n of [N_MID, N_HIGH]) {
    const tm = val(get(rows, 'load_to_painted_ms', 'tiemark', n));
    for (const peer of ['recogito-spans', 'recogito-css']) {
      const row = get(rows, 'load_to_painted_ms', peer, n);
      const rec = val(row);
      if (rec && tm) console.log(`  ${peer} / tiemark load at N=${n}: ${(rec / tm).toFixed(1)}x (${f1(rec)} vs ${f1(tm)} ms${timedOut(row)})`);
      else if (row?.timeouts) console.log(`  ${peer} load at N=${n}: ${row.timeouts} of ${row.runs} timed out`);
    }
  }
  for (const [measure, n] of /** @type {Array<[string, number]>} */ ([
    ['add_to_painted_ms', N_MID],
    ['add_to_painted_ms', N_HIGH],
    ['scroll_to_painted_ms', N_MID],
    ['scroll_to_painted_ms', N_HIGH],
  ])) {
    const row = get(rows, measure, 'tiemark', n);
    if (!row) continue;
    const peers = ['recogito-spans', 'recogito-css']
      .map((peer) => [peer, get(rows, measure, peer, n)])
      .filter(([, r]) => r)
      .map(([peer, r]) => `${peer} ${f1(val(/** @type {Row} */ (r)))} / p95 ${f1(val(/** @type {Row} */ (r), 'p95'))} ms${timedOut(/** @type {Row} */ (r))}`);
    console.log(
      `  ${measure} tiemark N=${n}: median ${f1(val(row))} ms, p95 ${f1(val(row, 'p95'))} ms${timedOut(row)}  target <= 17 ms${verdict((val(row) ?? Infinity) <= 17)}` +
        (peers.length ? `  (${peers.join('; ')})` : ''),
    );
  }
  const rss = val(get(rows, 'renderer_rss_mb', 'tiemark', N_HIGH));
  const rssPlain = val(get(rows, 'renderer_rss_mb', 'plain-dom', 0));
  if (rss && rssPlain) console.log(`  renderer_rss_mb tiemark N=${N_HIGH}: ${f1(rss)} MB vs plain-dom ${f1(rssPlain)} MB + 50 = ${f1(rssPlain + 50)} MB${verdict(rss <= rssPlain + 50)}`);
}

/**
 * Where the load time goes (medians over runs), from resource timing and the page's own marks.
 * @param {Sample[]} samples
 */
export function printBreakdown(samples) {
  /** @type {Map<string, Measurement[]>} */
  const groups = new Map();
  for (const s of samples) {
    const key = `${s.variant}@${s.n}`;
    groups.set(key, [...(groups.get(key) ?? []), s.result]);
  }
  /**
   * @param {Measurement[]} list
   * @param {(r: Measurement) => unknown} pick
   */
  const m = (list, pick) => median(list.map(pick));
  /** @param {number | undefined} x */
  const ms = (x) => (x === undefined ? '-' : `${Math.round(x)}`);
  console.log('Where the load goes (medians, ms since navigation start):');
  for (const [key, list] of groups) {
    const [variant] = key.split('@');
    /** @param {string} k */
    const l = (k) => m(list, (r) => r.load?.[k]);
    const how = [...new Set(list.map((r) => r.load?.loadHow).filter(Boolean))].join('/');
    const tail = `painted ${ms(l('painted'))} (seen by: ${how || '-'}; ${ms(l('loadInView'))} highlights in the first view)`;
    if (variant === 'tiemark') {
      const apiEnd = m(list, (r) => Math.max(...Object.entries(r.load ?? {}).filter(([k]) => /^api_.*_end_ms$/.test(k)).map(([, v]) => Number(v))));
      // Whatever the highlight list call is called in this build (listHighlights, listHighlightSpans…).
      const listCall = Object.keys(list[0].load ?? {}).find((k) => /^api_listHighlight\w*_end_ms$/.test(k))?.slice(4, -7) ?? 'listHighlights';
      console.log(
        `  ${key.padEnd(20)} html ${ms(l('response_end_ms'))}, DOMContentLoaded ${ms(l('dom_content_loaded_ms'))}, getSource done ${ms(l('api_getSource_end_ms'))} (${ms(l('api_getSource_kb'))} KB), ` +
          `${listCall} done ${ms(l(`api_${listCall}_end_ms`))} (${ms(l(`api_${listCall}_kb`))} KB), all API calls done ${ms(apiEnd)}, ${tail}; ` +
          `${ms(m(list, (r) => r.values.dom_nodes?.[0]))} DOM nodes, ${ms(l('dom_elements'))} elements`,
      );
    } else if (variant.startsWith('recogito')) {
      console.log(`  ${key.padEnd(20)} html ${ms(l('response_end_ms'))}, bulkAddAnnotations returned ${ms(l('annotationsAdded'))}, ${tail}; ${ms(l('unrevived'))} not revived`);
    } else {
      console.log(`  ${key.padEnd(20)} html ${ms(l('response_end_ms'))}, parsed ${ms(l('parsed'))}, first contentful paint ${ms(l('first_contentful_paint_ms'))}, painted ${ms(l('painted'))}`);
    }
  }
}

/**
 * Adds a benchmark's rows to the shared --json FILE, replacing rows of the measures it owns from
 * an earlier run and keeping everyone else's.
 * @param {string} file
 * @param {string[]} ownMeasures
 * @param {object[]} rows
 */
export function mergeJsonRows(file, ownMeasures, rows) {
  /** @type {Array<{ measure?: string } | null>} */
  let existing = [];
  try {
    existing = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(existing)) existing = [];
  } catch {
    existing = [];
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify([...existing.filter((r) => !ownMeasures.includes(String(r?.measure))), ...rows], null, 2) + '\n');
}

/**
 * The end of every benchmark script: the machine's load line, then the rows added to `--json
 * FILE` when one was given.
 * @param {object[]} rows
 * @param {{ json: unknown, own: string[], note?: string, log: (...args: unknown[]) => void }} options
 */
export function finishReport(rows, { json, own, note = '', log }) {
  console.log(`  (machine: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}${note ? `; ${note}` : ''})`);
  if (!json) return;
  const file = resolve(process.cwd(), String(json));
  mergeJsonRows(file, own, rows);
  log(`added ${rows.length} rows to ${file}`);
}

/**
 * Runs a benchmark script's main: a failure is printed, and the exit code stays 0 (benchmarks
 * report; they never fail the run).
 * @param {string} name
 * @param {() => Promise<void>} main
 */
export async function runReporting(name, main) {
  try {
    await main();
  } catch (error) {
    console.log(`${name} failed: ${error instanceof Error ? error.stack : error}`);
  } finally {
    process.exitCode = 0;
  }
}

/**
 * Whether `--only a,b` leaves this benchmark out; logs why when it does.
 * @param {unknown} only
 * @param {string} name
 * @param {(...args: unknown[]) => void} log
 */
export function leftOutByOnly(only, name, log) {
  const names = only ? new Set(String(only).split(',').map((x) => x.trim())) : null;
  if (!names || names.has(name)) return false;
  log(`skipped (--only does not name "${name}")`);
  return true;
}

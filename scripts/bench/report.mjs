// Medians, p95s, the printed table and the ratio lines of the reader benchmark, and the shared
// --json file every benchmark adds its rows to.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** [measure, unit, pick(result) -> number | number[] | undefined, what it is]. */
export const MEASURES = [
  ['load_to_painted_ms', 'ms', (r) => r.load_to_painted_ms],
  ['load_cpu_ms', 'ms', (r) => r.load_cpu_ms],
  ['add_one_frame_ms', 'ms', (r) => r.interaction.add],
  ['add_one_js_ms', 'ms', (r) => r.interaction.addJs],
  ['add_one_app_ms', 'ms', (r) => r.interaction.appAdd],
  ['scroll_frame_ms', 'ms', (r) => r.interaction.scroll],
  ['scroll_settle_ms', 'ms', (r) => r.interaction.scrollSettle],
  ['paint_js_ms', 'ms', (r) => r.interaction.paintJs],
  ['renderer_rss_mb', 'mb', (r) => r.renderer_rss_mb],
  ['js_heap_mb', 'mb', (r) => r.js_heap_mb],
  ['dom_nodes', 'count', (r) => r.dom_nodes],
];

const VARIANTS = ['plain-dom', 'tiemark', 'recogito'];

export function quantile(sorted, q) {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x, unit) => (x === undefined ? null : unit === 'count' ? Math.round(x) : Math.round(x * 10) / 10);

/** One row per (measure, variant, n) that has samples. */
export function summarize(samples) {
  const rows = [];
  const keys = [...new Set(samples.map((s) => `${s.variant}@${s.n}`))].sort((a, b) => {
    const [va, na] = a.split('@');
    const [vb, nb] = b.split('@');
    return VARIANTS.indexOf(va) - VARIANTS.indexOf(vb) || Number(na) - Number(nb);
  });
  for (const [measure, unit, pick] of MEASURES) {
    for (const key of keys) {
      const [variant, n] = key.split('@');
      const group = samples.filter((s) => `${s.variant}@${s.n}` === key);
      const values = group.flatMap((s) => {
        const v = pick(s.result);
        return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
      });
      const finite = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
      if (!finite.length) continue;
      rows.push({
        measure,
        variant,
        n: Number(n),
        unit,
        [`median_${unit}`]: round(median(finite), unit),
        [`p95_${unit}`]: round(quantile(finite, 0.95), unit),
        [`min_${unit}`]: round(finite[0], unit),
        [`max_${unit}`]: round(finite[finite.length - 1], unit),
        runs: group.length,
        samples: finite.length,
      });
    }
  }
  return rows;
}

const get = (rows, measure, variant, n) => rows.find((r) => r.measure === measure && r.variant === variant && r.n === n);
const val = (row, what = 'median') => (row ? row[`${what}_${row.unit}`] : undefined);
const f1 = (x) => (x === undefined || x === null ? '-' : typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(1)) : String(x));

export function printTable(rows) {
  const header = ['measure', 'variant', 'n', 'median', 'p95', 'min', 'max', 'unit', 'runs', 'samples'];
  const body = rows.map((r) => [r.measure, r.variant, String(r.n), f1(val(r)), f1(val(r, 'p95')), f1(val(r, 'min')), f1(val(r, 'max')), r.unit, String(r.runs), String(r.samples)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
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

/** Ratio lines against the tiemark N=0 load, and the targets in docs/targets.md. */
export function printRatios(rows, samples, { N_MID, N_HIGH, quick }) {
  const verdict = (ok) => (ok === undefined ? '' : ok ? '  OK' : '  MISSED');
  const base = val(get(rows, 'load_to_painted_ms', 'tiemark', 0));
  // Paired: the ratio within each run (same minute, same machine load), then the median.
  const paired = (n) => {
    const ratios = [];
    for (const s of samples.filter((x) => x.variant === 'tiemark' && x.n === n)) {
      const b = samples.find((x) => x.variant === 'tiemark' && x.n === 0 && x.run === s.run);
      if (b) ratios.push(s.result.load_to_painted_ms / b.result.load_to_painted_ms);
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
    const rec = val(get(rows, 'load_to_painted_ms', 'recogito', n));
    const tm = val(get(rows, 'load_to_painted_ms', 'tiemark', n));
    if (rec && tm) console.log(`  recogito / tiemark at N=${n}: ${(rec / tm).toFixed(1)}x (${f1(rec)} vs ${f1(tm)} ms)`);
  }
  for (const [measure, n] of [
    ['add_one_frame_ms', N_HIGH],
    ['scroll_frame_ms', N_MID],
    ['scroll_frame_ms', N_HIGH],
  ]) {
    const row = get(rows, measure, 'tiemark', n);
    if (!row) continue;
    const rec = get(rows, measure, 'recogito', n);
    console.log(
      `  ${measure} tiemark N=${n}: median ${f1(val(row))} ms, p95 ${f1(val(row, 'p95'))} ms  target <= 17 ms${verdict(val(row) <= 17)}` +
        (rec ? `  (recogito ${f1(val(rec))} / p95 ${f1(val(rec, 'p95'))} ms)` : ''),
    );
  }
  const app = get(rows, 'add_one_app_ms', 'tiemark', N_HIGH);
  if (app) console.log(`  add_one_app_ms tiemark N=${N_HIGH} (select + H -> host -> React -> painted): median ${f1(val(app))} ms, p95 ${f1(val(app, 'p95'))} ms  (research G2: <= 17 / p95 <= 33 ms)`);
  const rss = val(get(rows, 'renderer_rss_mb', 'tiemark', N_HIGH));
  const rssPlain = val(get(rows, 'renderer_rss_mb', 'plain-dom', 0));
  if (rss && rssPlain) console.log(`  renderer_rss_mb tiemark N=${N_HIGH}: ${f1(rss)} MB vs plain-dom ${f1(rssPlain)} MB + 50 = ${f1(rssPlain + 50)} MB${verdict(rss <= rssPlain + 50)}`);
}

/** Where the load time goes (medians over runs), from resource timing and the page's own marks. */
export function printBreakdown(samples) {
  const groups = new Map();
  for (const s of samples) {
    const key = `${s.variant}@${s.n}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s.result);
  }
  const m = (list, pick) => median(list.map(pick).filter((x) => typeof x === 'number'));
  const ms = (x) => (x === undefined ? '-' : `${Math.round(x)}`);
  console.log('Where the load goes (medians, ms since navigation start):');
  for (const [key, list] of groups) {
    const [variant] = key.split('@');
    const l = (k) => m(list, (r) => r.load?.[k]);
    if (variant === 'tiemark') {
      const apiEnd = m(list, (r) => Math.max(...Object.entries(r.load ?? {}).filter(([k]) => /^api_.*_end_ms$/.test(k)).map(([, v]) => v)));
      // Whatever the highlight list call is called in this build (listHighlights, listHighlightSpans…).
      const listCall = Object.keys(list[0].load ?? {}).find((k) => /^api_listHighlight\w*_end_ms$/.test(k))?.slice(4, -7) ?? 'listHighlights';
      console.log(
        `  ${key.padEnd(16)} html ${ms(l('response_end_ms'))}, DOMContentLoaded ${ms(l('dom_content_loaded_ms'))}, getSource done ${ms(l('api_getSource_end_ms'))} (${ms(l('api_getSource_kb'))} KB), ` +
          `${listCall} done ${ms(l(`api_${listCall}_end_ms`))} (${ms(l(`api_${listCall}_kb`))} KB), all API calls done ${ms(apiEnd)}, ` +
          `React commit with blocks + painter ${ms(l('detected'))}, painted ${ms(l('painted'))} (+${ms(l('paintFrames'))} frame(s), ${ms(l('ranges'))} ranges registered); ` +
          `${ms(m(list, (r) => r.dom_nodes))} DOM nodes, ${ms(m(list, (r) => r.load?.dom_elements))} elements`,
      );
    } else if (variant === 'recogito') {
      console.log(`  ${key.padEnd(16)} html ${ms(l('response_end_ms'))}, bulkAddAnnotations returned ${ms(l('annotationsAdded'))}, painted ${ms(l('painted'))}; ${ms(l('unrevived'))} not revived`);
    } else {
      console.log(`  ${key.padEnd(16)} html ${ms(l('response_end_ms'))}, parsed ${ms(l('parsed'))}, first contentful paint ${ms(l('first_contentful_paint_ms'))}, painted ${ms(l('painted'))}`);
    }
  }
}

/**
 * Adds a benchmark's rows to the shared --json FILE, replacing rows of the measures it owns from
 * an earlier run and keeping everyone else's.
 */
export function mergeJsonRows(file, ownMeasures, rows) {
  let existing = [];
  try {
    existing = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(existing)) existing = [];
  } catch {
    existing = [];
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify([...existing.filter((r) => !ownMeasures.includes(r?.measure)), ...rows], null, 2) + '\n');
}

/** Whether `--only a,b` leaves this benchmark out; logs why when it does. */
export function leftOutByOnly(only, name, log) {
  const names = only ? new Set(String(only).split(',').map((x) => x.trim())) : null;
  if (!names || names.has(name)) return false;
  log(`skipped (--only does not name "${name}")`);
  return true;
}

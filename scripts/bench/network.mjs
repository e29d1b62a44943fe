// @ts-check
// The Network view benchmark (issue 11): generated projects of 300 actors and 3,000 ties, and of
// 3,000 actors and 30,000 ties (one claim a tie, random pairs, relation types, stances and
// years), opened in the built app in Chromium. For each it measures
//
//   - layout: ForceAtlas2 in the view's web worker from start to settled (the view's
//     `tiemark:network-layout` performance measure, with the iterations run);
//   - filter change to repaint: a filter toggled (hide structural ties, on and off) until sigma has
//     drawn the new graph (`tiemark:network-filter-repaint`: from the filter's change to the first
//     frame drawn after it), with its parts: the getNetwork round trip when the filter needs one
//     (hide structural ties does not: the view applies it itself) and the JavaScript that updates
//     the graph;
//   - pan and zoom: frame times while the mouse wheel zooms in and out over the graph.
//
// It prints a table and, with --json FILE, adds its rows to FILE. It reports; it never fails.
//
//   node scripts/bench/network.mjs [--quick] [--json FILE] [--runs N] [--app DIR]
//
// --quick: the small project only. --app: another built out/ folder (an older commit's build, to
// compare before and after in one session). Needs the built app (npx electron-vite build) and the Node that
// better-sqlite3 was built for (npm's).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { finishReport, median, printTable, quantile, runReporting } from './report.mjs';
import { apiClient, startHost } from './tiemark.mjs';

const started = performance.now();
/** @param {...unknown} args */
const log = (...args) => console.log(`[network ${((performance.now() - started) / 1000).toFixed(0)} s]`, ...args);
/** @typedef {import('./report.mjs').Row} Row */

const { values: opts } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, json: { type: 'string' }, runs: { type: 'string' }, app: { type: 'string' } },
  strict: false,
});
const RUNS = Math.max(1, Number(opts.runs ?? 5));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OWN = ['network_layout_settle_ms', 'network_layout_iterations', 'network_filter_repaint_ms', 'network_filter_fetch_ms', 'network_filter_draw_js_ms', 'network_frame_ms'];

/** A small deterministic random source. */
function random(seed = 7) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * Fills a project with `actors` actors and `ties` claims (each its own tie, mostly), written
 * straight into the file while no host has it open: the claims' summary triggers run as for any
 * insert, so the project is exactly what the app would have built.
 * @param {string} file
 * @param {number} actors
 * @param {number} ties
 */
function fill(file, actors, ties) {
  const db = new Database(file);
  const r = random(actors + ties);
  const at = new Date().toISOString();
  const source = /** @type {{ id: string, text: string }} */ (db.prepare('SELECT id, text FROM sources LIMIT 1').get());
  const types = /** @type {string[]} */ (db.prepare('SELECT id FROM relation_types').pluck().all());
  const stances = ['asserted', 'asserted', 'reported', 'alleged', 'denied', 'speculative'];
  const kinds = ['state', 'armed-group', 'government-body', 'political-party', 'company', 'person'];
  db.transaction(() => {
    const actor = db.prepare('INSERT INTO actors (id, name, kind, color, match_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < actors; i++) actor.run(`bench-actor-${i}`, `Actor ${i}`, kinds[i % kinds.length], '#336699', `actor${i}`, at, at);
    const highlight = db.prepare(
      'INSERT INTO highlights (id, source_id, start_offset, end_offset, exact, prefix, suffix, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const claim = db.prepare(
      `INSERT INTO claims (id, highlight_id, source_id, source_actor_id, relation_type_id, target_actor_id, stance, confidence, event_date_text, event_date_start, event_date_end, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'medium', ?, ?, ?, ?, ?)`,
    );
    const span = Math.max(1, Math.min(40, source.text.length - 1));
    const highlights = Math.ceil(ties / 10);
    for (let h = 0; h < highlights; h++) {
      const start = Math.floor(r() * (source.text.length - span));
      const end = start + span;
      highlight.run(`bench-hl-${h}`, source.id, start, end, source.text.slice(start, end), source.text.slice(Math.max(0, start - 32), start), source.text.slice(end, end + 32), 'yellow', at, at);
    }
    for (let c = 0; c < ties; c++) {
      const s = Math.floor(r() * actors);
      let t = Math.floor(r() * actors);
      if (t === s) t = (t + 1) % actors;
      const year = String(2000 + Math.floor(r() * 25));
      const dated = r() < 0.8;
      claim.run(`bench-claim-${c}`, `bench-hl-${c % highlights}`, source.id, `bench-actor-${s}`, types[Math.floor(r() * types.length)], `bench-actor-${t}`, stances[Math.floor(r() * stances.length)], dated ? year : '', dated ? year : '', dated ? year : '', at, at);
    }
  })();
  db.close();
}

/**
 * @param {import('@playwright/test').Page} page
 * @param {string} name
 * @param {number} count
 * @param {number} timeout
 */
async function measures(page, name, count, timeout) {
  await page.waitForFunction(([n, c]) => performance.getEntriesByName(String(n)).length >= Number(c), [name, count], { timeout });
  return page.evaluate((n) => performance.getEntriesByName(n).map((e) => ({ duration: e.duration, detail: /** @type {PerformanceMeasure} */ (e).detail })), name);
}

/**
 * @param {number} actors
 * @param {number} ties
 * @param {import('@playwright/test').Browser} browser
 * @returns {Promise<Row[]>}
 */
async function measure(actors, ties, browser) {
  const variant = `${actors} actors / ${ties} ties`;
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-network-bench-'));
  try {
    const app = typeof opts.app === 'string' ? { app: opts.app } : {};
    let host = startHost({ dir, name: 'Network', ...app });
    const url0 = await host.ready;
    const api = apiClient(url0);
    await api.call('importText', { text: Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: the actors of this report met, traded, fought and talked again.`).join('\n\n'), title: 'Benchmark report' });
    api.close();
    await host.stop();
    fill(join(dir, 'Network.tiemark'), actors, ties);
    log(`${variant}: project filled`);
    host = startHost({ dir, name: 'Network', ...app });
    const url = await host.ready;
    /** @type {number[]} */
    const settle = [];
    /** @type {number[]} */
    const iterations = [];
    /** @type {number[]} */
    const repaint = [];
    /** @type {number[]} */
    const frames = [];
    /** @type {number[]} the request and answer of getNetwork, within the repaint */
    const fetched = [];
    /** @type {number[]} updating the graph and sigma's data (JavaScript), within the repaint */
    const drawn = [];
    try {
      for (let run = 0; run < Math.min(RUNS, actors > 1000 ? 2 : RUNS); run++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(url);
        await page.getByRole('button', { name: 'Network', exact: true }).click();
        // The first visit lays out everything; later runs find the kept positions. Re-layout
        // from the toolbar times a full layout every run.
        await measures(page, 'tiemark:network-filter-repaint', 1, 120_000);
        if (run > 0 || !(await page.evaluate(() => performance.getEntriesByName('tiemark:network-layout').length))) {
          await page.waitForTimeout(300);
          const relayout = page.getByRole('button', { name: 'Re-layout' });
          if (await relayout.isVisible()) await relayout.click();
        }
        const layouts = await measures(page, 'tiemark:network-layout', 1, 180_000);
        const last = layouts[layouts.length - 1];
        settle.push(last.detail?.ms ?? last.duration);
        iterations.push(last.detail?.iterations ?? 0);
        log(`${variant}: layout ${Math.round(last.detail?.ms ?? last.duration)} ms, ${last.detail?.iterations} iterations, settled ${last.detail?.settled}`);

        const toggle = page.getByLabel('Hide structural ties');
        for (let i = 0; i < 4; i++) {
          const [before, fetches] = await page.evaluate(() => ['tiemark:network-filter-repaint', 'tiemark:network-fetch'].map((n) => performance.getEntriesByName(n).length));
          await toggle.click();
          const list = await measures(page, 'tiemark:network-filter-repaint', before + 1, 60_000);
          repaint.push(list[list.length - 1].duration);
          const [fetch, draw] = await page.evaluate(
            (f) => [performance.getEntriesByName('tiemark:network-fetch').slice(f).at(-1)?.duration ?? 0, performance.getEntriesByName('tiemark:network-draw-js').at(-1)?.duration ?? 0],
            fetches,
          );
          // No round trip (the view filtered what it held): 0.
          fetched.push(fetch);
          drawn.push(draw);
        }

        // Frame times while zooming with the wheel over the graph.
        const box = await page.locator('.network-canvas').boundingBox();
        if (box) {
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          await page.evaluate(() => {
            const w = /** @type {any} */ (window);
            w.__frames = [];
            let last = performance.now();
            const tick = (/** @type {number} */ t) => {
              w.__frames.push(t - last);
              last = t;
              if (w.__frames.length < 90) requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
          });
          for (let i = 0; i < 12; i++) {
            await page.mouse.wheel(0, i % 6 < 3 ? -240 : 240);
            await page.waitForTimeout(60);
          }
          await page.waitForFunction(() => /** @type {any} */ (window).__frames.length >= 90, undefined, { timeout: 30_000 }).catch(() => undefined);
          frames.push(...(await page.evaluate(() => /** @type {number[]} */ (/** @type {any} */ (window).__frames.slice(1)))));
        }
        await page.close();
      }
    } finally {
      await host.stop();
    }
    /**
     * @param {string} name
     * @param {string} unit
     * @param {number[]} xs
     * @returns {Row}
     */
    const row = (name, unit, xs) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { measure: name, variant, n: ties, unit, runs: settle.length, samples: xs.length, [`median_${unit}`]: median(xs), [`p95_${unit}`]: quantile(sorted, 0.95), [`min_${unit}`]: sorted[0], [`max_${unit}`]: sorted[sorted.length - 1] };
    };
    return [row('network_layout_settle_ms', 'ms', settle), row('network_layout_iterations', 'count', iterations), row('network_filter_repaint_ms', 'ms', repaint), row('network_filter_fetch_ms', 'ms', fetched), row('network_filter_draw_js_ms', 'ms', drawn), row('network_frame_ms', 'ms', frames)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await runReporting('network benchmark', async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  /** @type {Row[]} */
  const rows = [];
  try {
    for (const [actors, ties] of opts.quick ? [[300, 3000]] : [[300, 3000], [3000, 30000]]) {
      try {
        rows.push(...(await measure(actors, ties, browser)));
      } catch (error) {
        log(`${actors} actors / ${ties} ties failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log('\nNetwork view (targets for 300 actors / 3,000 ties: layout settled ≤ 1,000 ms, filter to repaint ≤ 50 ms, frames ≤ 16.7 ms)');
  printTable(rows);
  finishReport(rows, { json: opts.json, own: OWN, note: 'Chromium without a GPU (SwiftShader WebGL)', log });
});

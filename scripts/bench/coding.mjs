// @ts-check
// The coding-speed benchmark: ten ties coded by keyboard alone on a real sample article, at a
// fixed human pace, through the built app in Chromium against the browser host. It counts every
// key pressed and times each tie, so a change to the coding flow (caret mode, type-ahead, the
// tie form's prefill and Enter moves) shows as fewer keys or fewer seconds per tie.
//
// The pace: 30 ms between keys (typing and caret steps), and a fixed 150 ms "think" pause before
// each command key (F7, T, Enter, Tab). The user waits for nothing else, except that after T
// they look at the form (which field has focus, which ends are filled) before typing into it.
// Selection: caret mode (F7, then Shift+Alt+↓ to the end of each sentence; see
// src/renderer/src/reader/caret.ts). Where the build has no caret mode, each sentence is
// selected by a script instead, counted as one action (and the row says so).
//
// Each run starts a host on a fresh data folder (the sample project of a first launch) and codes
// ties on the first ten sentences of the article that opens first
// (resources/samples/russia-hezbollah-syria.md): the passage's actors as the form prefills them,
// or typed where an end is empty, and a relation typed as a prefix and chosen with Enter. At the
// end the API must show ten more ties, on ten highlights of those sentences.
//
//   node scripts/bench/coding.mjs [--quick] [--json FILE] [--runs N]
//
// Needs the build (npx electron-vite build). Reports; never fails: exit code 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { finishReport, median, printTable, quantile, runReporting } from './report.mjs';
import { apiClient } from './tiemark.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const KEY_MS = 30;
const THINK_MS = 150;
const TIES = 10;
/** What the user types for each tie's relation (a prefix; Enter takes the first match), and the ends typed when the form leaves one empty. */
const PLAN = [
  { relation: 'cooperat', source: 'Russia', target: 'Hezbollah' },
  { relation: 'allied', source: 'Hezbollah', target: 'Syria' },
  { relation: 'supplies w', source: 'Russia', target: 'Syria' },
  { relation: 'cooperat', source: 'IRGC', target: 'Hezbollah' },
  { relation: 'funds', source: 'Iran', target: 'Hezbollah' },
  { relation: 'clashes', source: 'Hezbollah', target: 'Israel' },
  { relation: 'allied', source: 'Russia', target: 'Syria' },
  { relation: 'rival', source: 'Russia', target: 'Iran' },
  { relation: 'proxy', source: 'Hezbollah', target: 'Iran' },
  { relation: 'mediat', source: 'Russia', target: 'Israel' },
];

const started = performance.now();
/** @param {...unknown} args */
const log = (...args) => console.log(`[coding ${((performance.now() - started) / 1000).toFixed(0)} s]`, ...args);

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    runs: { type: 'string' },
  },
  strict: false,
});

const OWN = ['coding_keys_per_tie', 'coding_s_per_tie', 'coding_total_s', 'coding_total_keys'];

/** @param {number} ms */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * A host on a fresh data folder: the first launch's sample project.
 * @param {string} dir
 */
function startHost(dir) {
  const child = spawn(process.execPath, [join(ROOT, 'out', 'main', 'host.js'), '--port', '0', '--data-dir', dir, '--no-open'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d.toString()));
  /** @type {Promise<string>} */
  const ready = new Promise((resolveUrl, reject) => {
    let out = '';
    // Generous: on a loaded machine a first launch (the sample project) takes a while.
    const timer = setTimeout(() => reject(new Error(`host did not start in 90 s: ${stderr.trim()}`)), 90_000);
    child.stdout.on('data', (d) => {
      out += d.toString();
      const match = /Tiemark is running at (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${stderr.trim()}`));
    });
  });
  /** @returns {Promise<void>} */
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
  return { ready, stop };
}

/**
 * One run: ten ties. Resolves with each tie's keys and seconds, and how the text was selected.
 * @param {import('@playwright/test').Browser} browser
 */
async function codeTenTies(browser) {
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-coding-'));
  const host = startHost(dir);
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  try {
    const url = await host.ready;
    const api = apiClient(url);
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.reader-text [data-block]').first().waitFor();
    const title = await page.locator('.reader-title').textContent();
    /** @type {Array<{ id: string, title: string }>} */
    const sources = await api.call('listSources', {});
    const source = sources.find((s) => s.title === title);
    if (!source) throw new Error(`the open source "${title}" is not in the list`);
    /** @type {{ claims: Array<{ highlightId: string }> }} */
    const before = await api.call('listAnnotations', { sourceId: source.id });

    let keys = 0;
    /** A key at the typing pace. @param {string} key */
    const press = async (key) => {
      await page.keyboard.press(key);
      keys++;
      await sleep(KEY_MS);
    };
    /** A command key: the think pause first. @param {string} key */
    const command = async (key) => {
      await sleep(THINK_MS);
      await press(key);
    };
    /** @param {string} text */
    const type = async (text) => {
      for (const ch of text) await press(ch);
    };
    const selectionText = () => page.evaluate(() => window.getSelection()?.toString() ?? '');

    // Caret mode, if this build has it.
    await command('F7');
    const caretMode = await page
      .getByTestId('reader-caret')
      .waitFor({ timeout: 2000 })
      .then(() => true)
      .catch(() => false);
    if (!caretMode) keys--; // F7 did nothing: not counted.
    let scriptedSentence = 0;
    /** Selects the next sentence: by caret keys, or by a script (one action). @param {boolean} first */
    const selectNextSentence = async (first) => {
      if (caretMode) {
        if (first) {
          await press('Control+ArrowDown');
          await press('ArrowRight');
        } else await press('ArrowRight');
        await press('Shift+Alt+ArrowDown');
        return;
      }
      // No caret mode: the n-th sentence of the text after the title, selected as a drag would.
      const n = scriptedSentence++;
      await page.evaluate((index) => {
        const blocks = Array.from(document.querySelectorAll('.reader-text p[data-block]'));
        const found = [];
        for (const block of blocks) {
          const text = block.firstChild;
          if (!(text instanceof Text)) continue;
          for (const s of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text.data)) found.push({ text, start: s.index, end: s.index + s.segment.trimEnd().length });
          if (found.length > index) break;
        }
        const s = found[index];
        const range = document.createRange();
        range.setStart(s.text, s.start);
        range.setEnd(s.text, s.end);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
        document.querySelector('.reader-text')?.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      }, n);
      keys++;
    };

    const form = page.getByRole('dialog', { name: 'Add tie' });
    /** @type {Array<{ keys: number, seconds: number, passage: string }>} */
    const ties = [];
    const runStart = performance.now();
    for (let i = 0; i < TIES; i++) {
      const plan = PLAN[i];
      const keysBefore = keys;
      const t0 = performance.now();
      await selectNextSentence(i === 0);
      const passage = await selectionText();
      await command('t');
      // The user looks at the form before typing into it.
      await form.waitFor();
      for (let step = 0; step < 10 && (await form.isVisible()); step++) {
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          // The field's name as the user reads it: its <label>, else its aria-label.
          const label = (el instanceof HTMLInputElement ? el.labels?.[0]?.textContent?.trim() : '') || el?.getAttribute('aria-label') || '';
          const value = (/** @type {string} */ id) => (document.getElementById(id) instanceof HTMLInputElement ? /** @type {HTMLInputElement} */ (document.getElementById(id)).value : '');
          return { label, type: el instanceof HTMLInputElement ? el.type : '', value: el instanceof HTMLInputElement ? el.value : '', source: value('tie-source'), target: value('tie-target') };
        });
        if (process.env.TIEMARK_CODING_DEBUG) log(`tie ${i + 1} step ${step}: focus "${focused.label}" (${focused.type}) "${focused.value}"`);
        if (focused.label === 'Relation') {
          await type(plan.relation);
          await command('Enter');
        } else if (focused.label === 'Source actor' || focused.label === 'Target actor') {
          if (!focused.value) {
            // The planned actor for this end, unless the other end already holds it (the form prefilled it there).
            const other = focused.label === 'Source actor' ? focused.target : focused.source;
            const wanted = focused.label === 'Source actor' ? [plan.source, plan.target] : [plan.target, plan.source];
            await type([...wanted, 'Hezbollah', 'Russia'].find((name) => name !== other) ?? plan.target);
            await command('Enter');
          } else if (focused.label === 'Source actor') await command('Tab');
          else await command('Enter'); // Enter on a filled target saves.
        } else await command('Enter'); // The stance (a radio): Enter saves.
        // The next field takes focus after a render: the user sees it move.
        await page
          .waitForFunction(
            ([label, value]) => {
              const el = document.activeElement;
              const now = (el instanceof HTMLInputElement ? el.labels?.[0]?.textContent?.trim() : '') || el?.getAttribute('aria-label') || '';
              return now !== label || (el instanceof HTMLInputElement && el.value !== value) || !document.querySelector('dialog[open]');
            },
            [focused.label, focused.value],
            { timeout: 2000 },
          )
          .catch(() => {});
      }
      await form.waitFor({ state: 'hidden', timeout: 5000 }).catch(async (error) => {
        const shown = await form.innerText().catch(() => '');
        throw new Error(`tie ${i + 1} on "${passage.slice(0, 60)}…": the form did not close (${shown.replace(/\s+/g, ' ').slice(0, 300)})`, { cause: error });
      });
      ties.push({ keys: keys - keysBefore + (i === 0 && caretMode ? 1 : 0), seconds: (performance.now() - t0) / 1000, passage });
    }
    // Every tie stored: ten more claims on ten new highlights.
    /** @type {{ claims: Array<{ highlightId: string }> }} */
    let after = await api.call('listAnnotations', { sourceId: source.id });
    for (let wait = 0; wait < 50 && after.claims.length < before.claims.length + TIES; wait++) {
      await sleep(100);
      after = await api.call('listAnnotations', { sourceId: source.id });
    }
    const totalSeconds = (performance.now() - runStart) / 1000;
    const added = after.claims.length - before.claims.length;
    /** @type {Array<{ id: string, exact: string }>} */
    const highlights = await api.call('listHighlights', { sourceId: source.id });
    const oldIds = new Set(before.claims.map((c) => c.highlightId));
    const onPassages = new Set(after.claims.filter((c) => !oldIds.has(c.highlightId)).map((c) => c.highlightId)).size;
    api.close();
    if (added !== TIES) throw new Error(`expected ${TIES} new ties through the API, found ${added}`);
    const passages = ties.map((t) => t.passage.trim()).filter(Boolean);
    const stored = passages.filter((p) => highlights.some((h) => h.exact === p)).length;
    return { ties, totalSeconds, caretMode, onPassages, stored };
  } finally {
    await context.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A row in the shape of report.mjs.
 * @param {string} measure
 * @param {string} variant
 * @param {string} unit
 * @param {number[]} values
 * @param {number} runs
 */
function row(measure, variant, unit, values, runs) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (/** @type {number | undefined} */ x) => (x === undefined ? null : unit === 'count' ? Math.round(x * 10) / 10 : Math.round(x * 100) / 100);
  return {
    measure,
    variant,
    n: TIES,
    unit,
    [`median_${unit}`]: round(median(sorted)),
    [`p95_${unit}`]: round(quantile(sorted, 0.95)),
    [`min_${unit}`]: round(sorted[0]),
    [`max_${unit}`]: round(sorted[sorted.length - 1]),
    runs,
    samples: values.length,
  };
}

async function main() {
  const runs = Number(opts.runs ?? (opts.quick ? 1 : 3));
  log(`coding benchmark: ${TIES} ties by keyboard, ${KEY_MS} ms a key, ${THINK_MS} ms before each command key, ${runs} run(s)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  /** @type {Array<Awaited<ReturnType<typeof codeTenTies>>>} */
  const results = [];
  /** @type {string[]} */
  const failures = [];
  try {
    for (let r = 0; r < runs; r++) {
      let result;
      try {
        result = await codeTenTies(browser);
      } catch (error) {
        // A failed run is reported and left out; the others still count.
        failures.push(`run ${r + 1}: ${error instanceof Error ? error.message : error}`);
        log(`run ${r + 1} failed: ${error instanceof Error ? error.message : error}`);
        continue;
      }
      results.push(result);
      const keys = result.ties.map((t) => t.keys);
      log(
        `run ${r + 1}: ${result.ties.length} ties, ${keys.reduce((a, b) => a + b, 0)} keys (per tie: ${keys.join(' ')}), ${result.totalSeconds.toFixed(1)} s; ` +
          `selection by ${result.caretMode ? 'caret mode' : 'script'}; ${result.onPassages} highlights carry the new ties, ${result.stored} of the selected sentences stored as highlights`,
      );
    }
  } finally {
    await browser.close();
  }
  if (failures.length) console.log(`\n  ${failures.length} of ${runs} run(s) failed and are left out:\n    ${failures.join('\n    ')}`);
  if (!results.length) return;
  const variant = results.every((r) => r.caretMode) ? 'tiemark (caret mode)' : 'tiemark (scripted selection, 1 action)';
  const rows = [
    row('coding_keys_per_tie', variant, 'count', results.flatMap((r) => r.ties.map((t) => t.keys)), results.length),
    row('coding_s_per_tie', variant, 's', results.flatMap((r) => r.ties.map((t) => t.seconds)), results.length),
    row('coding_total_keys', variant, 'count', results.map((r) => r.ties.reduce((a, t) => a + t.keys, 0)), results.length),
    row('coding_total_s', variant, 's', results.map((r) => r.totalSeconds), results.length),
  ];
  console.log('');
  printTable(rows);
  console.log(`\n  Per tie: median over the ${TIES} ties of every run; totals: one sample per run (all ${TIES} ties, until the API shows them stored).`);
  finishReport(rows, { json: opts.json, own: OWN, note: `pace ${KEY_MS} ms a key + ${THINK_MS} ms before command keys`, log });
}

await runReporting('coding benchmark', main);

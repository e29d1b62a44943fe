// @ts-check
// `npm run bench`: the reader benchmark (targets: docs/targets.md). One invocation runs the
// real app (`tiemark`, through the built browser host), the physical floor (`plain-dom`) and the
// peer, @recogito/text-annotator, with its default span renderer (`recogito-spans`) and with its
// CSS Custom Highlight renderer (`recogito-css`), side by side in Chromium, interleaved, the same
// number of runs each, and prints medians and p95s. Every variant is timed to the same end point,
// observed from outside (see scripts/bench/measure.mjs); samples that do not reach it in time are
// counted in a `timeouts` column and left out of the statistics. It reports; it never fails: the
// exit code is 0 whatever happens.
//
//   node scripts/bench/run.mjs [--runs N] [--quick] [--json FILE] [--only tiemark,plain-dom,recogito-spans,recogito-css]
//                              [--n 0,5000,20000] [--adds N] [--scrolls N] [--budget-min M] [--no-cache] [--keep] [--app DIR]
//
// --app DIR runs Tiemark from another build's out/ folder (say, of an earlier commit, to compare
// before and after on the same machine).
// (--only recogito names both renderers.) --budget-min (default 25; 0 = none) keeps the whole
// invocation near that many minutes by skipping whole runs (every variant then has the same,
// smaller, number of runs; the table's `runs` column says how many were made).
//
// Filling the projects through the API (one committed transaction per highlight, as the app
// does) takes minutes at 20,000 highlights on a busy 2-core box, so each filled project file is
// kept in bench-results/cache/, named by a hash of its text and ranges. A later run copies it
// and lets the current build open it (migrating it if the schema moved on, as for a user's
// project); if that build cannot open it or it does not hold exactly N highlights, it is filled
// again. --no-cache always fills through the API.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COLORS, describeHighlights, generateDocument, generateHighlights } from './corpus.mjs';
import { CHROMIUM, killBrowsers, measureOnce, piecesByBlock } from './measure.mjs';
import { buildPages, serveStatic } from './pages.mjs';
import { apiClient, fillProject, startHost } from './tiemark.mjs';
import { median, printBreakdown, printRatios, printTable, summarize } from './report.mjs';

/** @typedef {import('./page').Variant} Variant */
/** @typedef {import('./page').Piece} Piece */
/** @typedef {import('./corpus.mjs').Doc} Doc */
/** @typedef {import('./corpus.mjs').Range} Range */
/** @typedef {import('./measure.mjs').Measurement} Measurement */
/** @typedef {import('./report.mjs').Sample} Sample */

const ROOT = resolve(import.meta.dirname, '..', '..');
const RESULTS = join(ROOT, 'bench-results');
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
/** @param {...unknown} args */
const log = (...args) => console.log(`[bench ${elapsed()}]`, ...args);

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
    adds: { type: 'string' },
    scrolls: { type: 'string' },
    n: { type: 'string' },
    'budget-min': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    app: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: false,
});
/** @param {unknown} v */
const str = (v) => (typeof v === 'string' ? v : undefined);
if (opts.help) {
  console.log('Usage: npm run bench -- [--runs N] [--quick] [--json FILE] [--only tiemark,plain-dom,recogito-spans,recogito-css] [--n 0,5000,20000] [--adds N] [--scrolls N] [--budget-min M] [--no-cache] [--keep] [--app DIR]');
  process.exit(0);
}

/** Pieces of the blocks before this one are handed to the page for the load check (the first view is well inside them). */
const LOAD_BLOCKS = 150;
const quick = !!opts.quick;
const runs = Math.max(1, Number(str(opts.runs) ?? (quick ? 1 : 5)) || 1);
const nArg = str(opts.n);
const N_LEVELS = nArg ? [0, ...nArg.split(',').map(Number).filter((x) => x > 0)].slice(0, 3) : quick ? [0, 500, 2000] : [0, 5000, 20000];
while (N_LEVELS.length < 3) N_LEVELS.push(N_LEVELS[N_LEVELS.length - 1]);
const [, N_MID, N_HIGH] = N_LEVELS;
const adds = Math.max(0, Number(str(opts.adds) ?? (quick ? 3 : 6)) || 0);
const scrolls = Math.max(1, Number(str(opts.scrolls) ?? (quick ? 6 : 15)) || 1);
const budgetMs = Math.max(0, Number(str(opts['budget-min']) ?? 25) || 0) * 60_000;
/** @type {Variant[]} */
const PEERS = ['recogito-spans', 'recogito-css'];
const only = new Set(
  (str(opts.only) ?? 'tiemark,plain-dom,recogito')
    .split(',')
    .map((s) => s.trim())
    .flatMap((s) => (s === 'recogito' ? PEERS : [s])),
);

/** @type {Array<() => unknown>} */
const cleanups = [];
/** @type {Promise<void> | null} */
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    killBrowsers();
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error('cleanup:', error instanceof Error ? error.message : error);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping hosts and browsers`);
    void cleanup().finally(() => process.exit(130));
  });
}

/**
 * Hash of what goes into one project: the text and the ranges.
 * @param {Doc} doc
 * @param {Range[]} ranges
 */
const contentKey = (doc, ranges) =>
  createHash('sha256')
    .update(doc.text)
    .update(JSON.stringify(ranges))
    .digest('hex')
    .slice(0, 12);

/**
 * What the page checks against: the project's own highlights and blocks, read through the API
 * (so a highlight the host snapped is checked where the host put it), and their ids (to delete
 * the highlights an add created, so every load sees N).
 * @param {string} url
 */
async function projectState(url) {
  const api = apiClient(url);
  try {
    const [source] = /** @type {Array<{ id: string }>} */ (await api.call('listSources', {}));
    const full = /** @type {{ text: string, blocks: Array<{ start: number, end: number }> }} */ (await api.call('getSource', { id: source.id }));
    const highlights = /** @type {Array<{ id: string, start: number, end: number, color: string }>} */ (await api.call('listHighlights', { sourceId: source.id }));
    const pieces = piecesByBlock(highlights, full.blocks.map((b) => /** @type {const} */ ([b.start, b.end])), COLORS);
    return { sourceId: source.id, text: full.text, ids: new Set(highlights.map((h) => h.id)), pieces };
  } finally {
    api.close();
  }
}

/**
 * A host on a project holding the source and `n` highlights, from the cache or filled now.
 * @param {number} n
 * @param {Doc} doc
 * @param {Range[]} ranges
 * @param {string} tmp
 * @param {string | null} cacheDir
 * @param {string} app
 */
async function tiemarkProject(n, doc, ranges, tmp, cacheDir, app) {
  const dir = join(tmp, `n${n}`);
  const file = join(dir, 'bench.tiemark');
  const cached = cacheDir && join(cacheDir, `n${n}-${contentKey(doc, ranges)}.tiemark`);
  mkdirSync(dir, { recursive: true });
  if (cacheDir && cached && existsSync(cached)) {
    copyFileSync(cached, file);
    const host = startHost({ dir, name: 'bench', app });
    cleanups.push(() => host.stop());
    try {
      const url = await host.ready;
      const state = await projectState(url);
      if (state.ids.size === n && state.text === doc.text) {
        log(`tiemark project N=${n}: reused ${cached} (filled through the API by an earlier run)`);
        return { host, url, ...state };
      }
      log(`tiemark project N=${n}: the cached copy holds ${state.ids.size} highlights; filling a new one`);
    } catch (error) {
      log(`tiemark project N=${n}: the cached copy did not open (${String(error instanceof Error ? error.message : error).split('\n')[0]}); filling a new one`);
    }
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  let host = startHost({ dir, name: 'bench', app });
  cleanups.push(() => host.stop());
  let url = await host.ready;
  const t0 = performance.now();
  const filled = await fillProject(url, doc, ranges);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (filled.refused.length) throw new Error(`${filled.refused.length} highlights refused, e.g. ${filled.refused[0]}`);
  log(`tiemark project N=${n}: ${filled.blocks} blocks, ${n} highlights created through the API in ${secs} s${filled.moved ? ` (${filled.moved} snapped)` : ''}`);
  if (cacheDir && cached) {
    // Stop the host so the file is closed and checkpointed, keep a copy, start again.
    await host.stop();
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(file, cached + '.part');
    renameSync(cached + '.part', cached);
    host = startHost({ dir, name: 'bench', app });
    cleanups.push(() => host.stop());
    url = await host.ready;
  }
  return { host, url, ...(await projectState(url)) };
}

/** @type {Array<{ what: string, message: string }>} */
const failures = [];
/**
 * @param {string} what
 * @param {unknown} error
 */
const fail = (what, error) => {
  const message = error instanceof Error ? error.message : String(error);
  failures.push({ what, message });
  console.log(`  FAILED ${what}: ${message}`);
};

/**
 * @typedef {object} Target
 * @property {string} url
 * @property {Piece[][]} pieces
 * @property {Set<string>} [ids] the project's highlights before any add (tiemark)
 */

async function main() {
  log(`reader benchmark: ${runs} run(s) of every variant${quick ? ' (quick)' : ''}, N = ${N_LEVELS.join(' / ')}, ${adds} adds and ${scrolls} scrolls per run, Chromium ${CHROMIUM}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  mkdirSync(RESULTS, { recursive: true });

  // ---- Corpus -------------------------------------------------------------------------------
  const doc = generateDocument();
  const all = generateHighlights(doc, N_HIGH);
  const sets = new Map(N_LEVELS.map((n) => [n, all.slice(0, n)]));
  /** @param {number} n */
  const setOf = (n) => sets.get(n) ?? [];
  log(`corpus: ${doc.text.length.toLocaleString('en')} chars, ${doc.words.toLocaleString('en')} words, ${doc.paragraphs.length} paragraphs`);
  for (const n of N_LEVELS.slice(1)) {
    const d = describeHighlights(doc, setOf(n));
    log(`  N=${n}: ${(d.covered * 100).toFixed(0)}% of the text covered, ${(d.covered2 * 100).toFixed(0)}% by 2+, max depth ${d.maxDepth}, ${d.cross} cross-paragraph`);
  }
  // The static pages hold the same paragraphs (without separators between them): offsets inside
  // a paragraph are the same as Tiemark's, so the same pieces describe both.
  const paragraphBlocks = doc.paragraphs.map((p, i) => /** @type {const} */ ([doc.starts[i], doc.starts[i] + p.length]));

  // ---- Setup: static pages, one project per N -------------------------------------------------
  const tmp = mkdtempSync(join(tmpdir(), 'tiemark-bench-'));
  cleanups.push(() => (opts.keep ? log(`kept ${tmp}`) : rmSync(tmp, { recursive: true, force: true })));
  /** @type {Map<string, Target>} `${variant}@${n}` -> what to open and check */
  const targets = new Map();
  /** @type {Map<string, unknown>} */
  const setupErrors = new Map();

  const staticSetup = (async () => {
    if (!only.has('plain-dom') && !PEERS.some((p) => only.has(p))) return;
    try {
      const dir = join(RESULTS, 'pages');
      const files = await buildPages(dir, doc, N_LEVELS.filter((n) => n > 0).map((n) => /** @type {[number, Range[]]} */ ([n, setOf(n)])));
      const server = await serveStatic(dir);
      cleanups.push(() => server.close());
      targets.set('plain-dom@0', { url: server.url + files.plain, pieces: [] });
      for (const n of N_LEVELS.slice(1)) {
        const pieces = piecesByBlock(setOf(n), paragraphBlocks, COLORS);
        targets.set(`recogito-spans@${n}`, { url: server.url + files.recogito[n], pieces });
        targets.set(`recogito-css@${n}`, { url: `${server.url}${files.recogito[n]}?renderer=CSS_HIGHLIGHTS`, pieces });
      }
      log(`static pages built (vite) and served at ${server.url}`);
    } catch (error) {
      for (const v of ['plain-dom', ...PEERS]) setupErrors.set(v, error);
      fail('static pages setup', error);
    }
  })();

  const cacheDir = only.has('tiemark') && !opts['no-cache'] ? join(RESULTS, 'cache') : null;
  // The hosts run from a copy of the build, so a rebuild of out/ while the benchmark runs (others
  // work in this tree) cannot hand the page a renderer that does not match its host. The copy
  // stays inside the project so the host still finds node_modules.
  const app = join(RESULTS, 'app', 'out');
  if (only.has('tiemark')) {
    rmSync(join(RESULTS, 'app'), { recursive: true, force: true });
    cpSync(str(opts.app) ? resolve(String(opts.app)) : join(ROOT, 'out'), app, { recursive: true });
  }
  const tiemarkSetup = only.has('tiemark')
    ? Promise.all(
        [...new Set(N_LEVELS)].map(async (n) => {
          try {
            const project = await tiemarkProject(n, doc, setOf(n), tmp, cacheDir, app);
            targets.set(`tiemark@${n}`, { url: project.url, pieces: project.pieces, ids: project.ids });
          } catch (error) {
            setupErrors.set(`tiemark@${n}`, error);
            fail(`tiemark project N=${n}`, error);
          }
        }),
      )
    : Promise.resolve();
  await Promise.all([staticSetup, tiemarkSetup]);

  // ---- Measurements, interleaved ---------------------------------------------------------------
  /** @type {Array<{ variant: Variant, n: number }>} */
  const jobs = [];
  if (only.has('plain-dom')) jobs.push({ variant: 'plain-dom', n: 0 });
  for (const n of [...new Set(N_LEVELS)]) {
    if (only.has('tiemark')) jobs.push({ variant: 'tiemark', n });
    for (const peer of PEERS) if (only.has(peer) && n > 0) jobs.push({ variant: peer, n });
  }
  /** @type {Sample[]} */
  const samples = [];
  /** @type {Map<string, number>} key -> seconds of the last measurement */
  const took = new Map();
  /** @type {string[]} */
  const skipped = [];
  let runsMade = 0;
  for (let run = 0; run < runs; run++) {
    // Rotate the order each run so no variant always goes first (or last) on a busy machine.
    const order = jobs.map((_, i) => jobs[(i + run) % jobs.length]);
    if (budgetMs && run > 0) {
      // Whole runs only: every variant keeps the same number of runs.
      const expected = order.reduce((sum, job) => sum + (took.get(`${job.variant}@${job.n}`) ?? 10) * 1000, 0);
      const left = budgetMs - (performance.now() - started) - 15_000; // room for the report and cleanup
      if (expected > left) {
        skipped.push(`runs ${run + 1}-${runs}`);
        log(`stopping after ${run} run(s) to stay within --budget-min ${budgetMs / 60_000}`);
        break;
      }
    }
    log(`run ${run + 1}/${runs}`);
    runsMade++;
    for (const job of order) {
      const key = `${job.variant}@${job.n}`;
      const target = targets.get(key);
      if (!target) {
        if (run === 0) fail(key, setupErrors.get(key) ?? setupErrors.get(job.variant) ?? 'not set up');
        continue;
      }
      const t0 = performance.now();
      try {
        const result = await measureOnce({
          variant: job.variant,
          n: job.n,
          url: target.url,
          colors: COLORS,
          loadPieces: target.pieces.slice(0, LOAD_BLOCKS),
          pieces: target.pieces,
          adds,
          scrolls,
          loadTimeoutMs: job.variant === 'tiemark' ? 120_000 : 300_000,
        });
        took.set(key, (performance.now() - t0) / 1000);
        samples.push({ ...job, run, result, loadavg: loadavg()[0] });
        const v = result.values;
        const t = result.timeouts;
        /** @param {string} m */
        const show = (m) => `${fmt(median(v[m] ?? []))}${t[m] ? ` (+${t[m]} timed out)` : ''}`;
        log(
          `  ${key.padEnd(20)} load ${show('load_to_painted_ms')} ms, add ${show('add_to_painted_ms')} ms, scroll ${show('scroll_to_painted_ms')} ms (repaint ${show('scroll_repaint_ms')}), ` +
            `RSS ${fmt(v.renderer_rss_mb?.[0])} MB, ${v.dom_nodes?.[0] ?? '?'} nodes  (${((performance.now() - t0) / 1000).toFixed(1)} s)` +
            (result.notes.length ? `  notes: ${[...new Set(result.notes)].join('; ')}` : '') +
            (result.errors.length ? `  page errors: ${result.errors.slice(0, 2).join('; ')}` : ''),
        );
      } catch (error) {
        fail(`${key} run ${run + 1}`, error);
      } finally {
        // Highlights the adds created are deleted so the next load sees N again.
        if (target.ids) await deleteCreated(target.url, target.ids).catch((error) => fail(`${key}: deleting the added highlights`, error));
      }
    }
  }

  // ---- Report --------------------------------------------------------------------------------
  const rows = summarize(samples);
  console.log('');
  printTable(rows);
  console.log('');
  printRatios(rows, samples, { N_MID, N_HIGH, quick });
  console.log('');
  printBreakdown(samples);
  const loads = samples.map((x) => x.loadavg);
  if (loads.length) console.log(`\nMachine: ${cpus().length} CPUs; 1-minute load average during the measurements ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} (median ${fmt(median(loads))}). Wall times on a shared box are noisy; load_cpu_ms (renderer main-thread CPU) is steadier.`);
  console.log(`Runs: ${runsMade} of every variant at every N${skipped.length ? ` (skipped to stay within --budget-min ${budgetMs / 60_000}: ${skipped.join('; ')})` : ''}.`);
  if (failures.length) {
    console.log(`\n${failures.length} failure(s):`);
    for (const f of failures) console.log(`  - ${f.what}: ${f.message}`);
  }
  const raw = join(RESULTS, 'reader-raw.json');
  writeFileSync(raw, JSON.stringify({ date: new Date().toISOString(), runs: runsMade, quick, N: N_LEVELS, adds, scrolls, samples, failures, skipped }, null, 1));
  const json = str(opts.json);
  if (json) {
    const file = resolve(process.cwd(), json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(rows, null, 2) + '\n');
    log(`wrote ${file} (raw samples: ${raw})`);
  } else log(`raw samples: ${raw}`);
}

/**
 * Deletes, through the API, the highlights of the project that are not among `ids`.
 * @param {string} url
 * @param {Set<string>} ids
 */
async function deleteCreated(url, ids) {
  const api = apiClient(url);
  try {
    const [source] = /** @type {Array<{ id: string }>} */ (await api.call('listSources', {}));
    const now = /** @type {Array<{ id: string }>} */ (await api.call('listHighlights', { sourceId: source.id }));
    for (const h of now) if (!ids.has(h.id)) await api.call('deleteHighlight', { id: h.id });
  } finally {
    api.close();
  }
}

/** @param {unknown} x */
const fmt = (x) => (typeof x === 'number' ? x.toFixed(1) : '-');

try {
  await main();
} catch (error) {
  fail('benchmark', error);
  console.log(error instanceof Error ? error.stack : String(error));
} finally {
  await cleanup();
  log('done');
  process.exitCode = 0;
}

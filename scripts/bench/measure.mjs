// @ts-check
// One measurement of the reader benchmark: a fresh Chromium, one page, load -> memory -> add
// highlights -> scroll. Every variant is timed to the same end point, observed from outside the
// tool (scripts/bench/page.d.ts has the in-page types):
//
//   "painted" = the first frame produced once every highlight with a line box in the viewport is in
//   the tool's rendering output:
//     - tiemark: its ranges in the CSS.highlights colour layers (tm-<colour>), checked whenever
//       the painter dispatches its public `tiemark:painted` event (src/renderer/src/reader/painter.ts);
//     - recogito-css (@recogito/text-annotator, renderer 'CSS_HIGHLIGHTS'): a CSS.highlights entry
//       `_<annotation id>` each, checked whenever its output (a <style> in <head>) changes;
//     - recogito-spans (its default 'SPANS' renderer): a `.r6o-annotation[data-annotation=<id>]`
//       span each, checked whenever its span layer changes.
//   Each is also checked once per frame and right after the action, the same for all. "The frame
//   produced": when the condition is seen inside a frame's requestAnimationFrame callbacks (where
//   both tools paint), a task posted from there runs once that frame is produced; otherwise the
//   next frame is awaited. requestAnimationFrame is wrapped (for every variant alike) to know which.
//
// Actions: load (from navigation start); add (a real mouse drag over words, then for Tiemark the
// key H: timed from the input event that creates the highlight, keydown H for Tiemark and the
// pointerup that ends the drag for recogito, to the frame showing the new highlight); scroll (one
// viewport down, timed from setting the scroll position). A sample that does not reach its end
// point in time is a timeout, counted apart and never averaged in.
import { readFileSync, readdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** @typedef {import('./page').Variant} Variant */
/** @typedef {import('./page').Piece} Piece */
/** @typedef {import('./page').PlacedPiece} PlacedPiece */
/** @typedef {import('./page').PageConfig} PageConfig */
/** @typedef {import('./page').WaitResult} WaitResult */
/** @typedef {import('./page').BenchPage} BenchPage */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
export const VIEWPORT = { width: 1280, height: 800 };

/** How long a drag is held before the button is released (recogito treats a release within 300 ms of the press as a click). */
const HOLD_MS = 400;
const ADD_TIMEOUT_MS = 5000;
const SCROLL_TIMEOUT_MS = 3000;
const SETTLE_MS = 300;

// ---------------------------------------------------------------------------------------------
// In-page code. These functions are serialized by Playwright: they must be self-contained.

/**
 * Runs before any page script: frame tracking, the checks, the tools' signals, and the load wait.
 * @param {PageConfig} cfg
 */
export function initScript(cfg) {
  const raf = window.requestAnimationFrame.bind(window);
  /** @type {Set<() => void>} */
  const listeners = new Set();
  const tiemark = cfg.variant === 'tiemark';
  const EDGE = 4;
  /** @type {HTMLElement[] | null} */
  let blockCache = null;

  /** @type {BenchPage} */
  const bench = {
    cfg,
    inFrame: false,
    paints: 0,
    frame: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
    afterFrame: () => (bench.inFrame ? new Promise((resolve) => setTimeout(resolve, 0)) : bench.frame()),
    ready: () => (tiemark ? !!document.querySelector('.reader-text [data-block]') : document.readyState !== 'loading' && !!document.querySelector('#doc [data-block]')),
    // Tiemark renders the first screen first and the rest in chunks (the article is aria-busy
    // meanwhile): the blocks are read again until it is all there.
    busy: () => tiemark && !!document.querySelector('.reader-text[aria-busy="true"]'),
    blocks: () => {
      if (blockCache && blockCache.length && blockCache[0].isConnected && !bench.busy()) return blockCache;
      blockCache = Array.from(document.querySelectorAll(tiemark ? '.reader-text [data-block]' : '#doc [data-block]'));
      return blockCache;
    },
    band: () => {
      const scroller = tiemark ? document.querySelector('.reader-scroll') : null;
      if (!scroller) return { top: 0, bottom: innerHeight };
      const r = scroller.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    },
    inView: (top, bottom, pieces) => {
      const els = bench.blocks();
      let lo = 0;
      let hi = els.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (els[mid].getBoundingClientRect().bottom <= top) lo = mid + 1;
        else hi = mid;
      }
      /** @type {PlacedPiece[]} */
      const out = [];
      const range = document.createRange();
      for (let i = lo; i < els.length && els[i].getBoundingClientRect().top < bottom; i++) {
        const block = Number(els[i].dataset.block);
        const text = els[i].firstChild;
        const list = pieces[block];
        if (!text || !list) continue;
        for (const [a, z, c, h] of list) {
          range.setStart(text, a);
          range.setEnd(text, z);
          for (const r of range.getClientRects()) {
            if (r.width > 0 && r.bottom > top + EDGE && r.top < bottom - EDGE) {
              out.push({ block, a, z, c, h });
              break;
            }
          }
        }
      }
      return out;
    },
    paintedKeys: () => {
      /** @type {Set<string>} */
      const keys = new Set();
      if (tiemark) {
        cfg.colors.forEach((color, c) => {
          CSS.highlights.get(`tm-${color}`)?.forEach((r) => {
            const el = /** @type {AbstractRange} */ (r).startContainer.parentElement;
            keys.add(`${el?.dataset.block}|${c}|${/** @type {AbstractRange} */ (r).startOffset}|${/** @type {AbstractRange} */ (r).endOffset}`);
          });
        });
      } else if (cfg.variant === 'recogito-css') {
        CSS.highlights.forEach((_, name) => keys.add(String(name).slice(1)));
      } else {
        for (const el of document.querySelectorAll('.r6o-span-highlight-layer .r6o-annotation')) {
          const id = /** @type {HTMLElement} */ (el).dataset.annotation;
          if (id) keys.add(id);
        }
      }
      return keys;
    },
    keyBlock: (key) => Number(key.split('|')[0]),
    present: () => {
      if (cfg.variant === 'recogito-css') return (p) => CSS.highlights.has(`_h${p.h}`);
      const keys = bench.paintedKeys();
      if (tiemark) return (p) => keys.has(`${p.block}|${p.c}|${p.a}|${p.z}`);
      return (p) => keys.has(`h${p.h}`);
    },
    onSignal: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    waitUntil: (cond, t0, timeoutMs) =>
      new Promise((resolve) => {
        let done = false;
        /** @param {string} how */
        const check = (how) => {
          if (done || !cond()) return;
          done = true;
          off();
          clearTimeout(timer);
          const seen = performance.now();
          void bench.afterFrame().then(() => resolve({ ms: performance.now() - t0, seenMs: seen - t0, timedOut: false, how }));
        };
        const off = bench.onSignal(() => check('signal'));
        const loop = () => {
          if (done) return;
          check('frame');
          if (!done) requestAnimationFrame(loop);
        };
        const timer = setTimeout(() => {
          if (done) return;
          done = true;
          off();
          resolve({ ms: null, seenMs: null, timedOut: true, how: 'timeout' });
        }, timeoutMs);
        requestAnimationFrame(loop);
        check('immediate');
      }),
    nextSignal: (t0, timeoutMs) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          off();
          resolve({ ms: null, seenMs: null, timedOut: true, how: 'timeout' });
        }, timeoutMs);
        const off = bench.onSignal(() => {
          off();
          clearTimeout(timer);
          const seen = performance.now();
          void bench.afterFrame().then(() => resolve({ ms: performance.now() - t0, seenMs: seen - t0, timedOut: false, how: 'signal' }));
        });
      }),
  };
  window.__bench = bench;

  // Frame tracking: every rAF callback (the tools' and ours) marks the frame as open; a task
  // posted from the first of them runs after the frame has been produced and closes it.
  let closing = false;
  window.requestAnimationFrame = (callback) =>
    raf((time) => {
      bench.inFrame = true;
      if (!closing) {
        closing = true;
        setTimeout(() => {
          bench.inFrame = false;
          closing = false;
        }, 0);
      }
      callback(time);
    });

  const emit = () => listeners.forEach((fn) => fn());
  // When Tiemark's painter last painted new highlights (for the load check, before any check runs).
  let highlightsPaintedAt = -1;
  if (tiemark) {
    document.addEventListener('tiemark:painted', (event) => {
      if (event.detail.reason.split('+').includes('highlights')) highlightsPaintedAt = performance.now();
      bench.paints++;
      emit();
    });
  } else if (cfg.variant !== 'plain-dom') {
    // recogito's output: its span layer inside #doc (spans) or its <style> in <head> (CSS highlights).
    const observer = new MutationObserver(emit);
    const attach = () => {
      observer.observe(document.head, { childList: true, subtree: true, characterData: true });
      const doc = document.getElementById('doc');
      if (doc) observer.observe(doc, { childList: true, subtree: true });
    };
    // 'interactive' comes before module scripts run (recogito-page.js is one).
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') attach();
    });
  }

  if (cfg.variant === 'plain-dom') {
    document.addEventListener('DOMContentLoaded', () => {
      bench.parsed = performance.now();
      void document.body.offsetHeight; // layout now, as the other variants' frames do
      void bench.frame().then(() => {
        bench.painted = performance.now();
        bench.loadDone = true;
      });
    });
    return;
  }
  // The tool has taken in its data: recogito, once bulkAddAnnotations has returned (the page's own
  // mark, recogito-page.js); Tiemark, once a paint for new highlights follows the response of the
  // highlight list (resource timing). What is in view must then be painted: when nothing is (a
  // sparse set), that is the end point.
  const dataIn = () => {
    if (!tiemark) return bench.annotationsAdded !== undefined;
    const list = performance.getEntriesByType('resource').find((e) => /\/api\/listHighlight/.test(e.name));
    return !!list && highlightsPaintedAt > /** @type {PerformanceResourceTiming} */ (list).responseEnd;
  };
  /** @type {PlacedPiece[] | null} */
  let expected = null;
  const loaded = () => {
    if (!bench.ready() || !dataIn()) return false;
    if (!expected) {
      const band = bench.band();
      expected = bench.inView(band.top, band.bottom, cfg.pieces);
      bench.loadInView = expected.length;
    }
    const has = bench.present();
    return expected.every(has);
  };
  void bench.waitUntil(loaded, 0, cfg.loadTimeoutMs).then((r) => {
    bench.painted = r.ms ?? undefined;
    bench.loadTimedOut = r.timedOut;
    bench.loadHow = r.how;
    bench.loadDone = true;
  });
}

/** After load: where the page's time went (resource timing of the API calls) and its own marks. */
function loadBreakdown() {
  /** @type {Record<string, number | string>} */
  const out = {};
  const nav = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType('navigation')[0]);
  if (nav) {
    out.response_end_ms = nav.responseEnd;
    out.dom_content_loaded_ms = nav.domContentLoadedEventEnd;
  }
  for (const entry of performance.getEntriesByType('resource')) {
    const e = /** @type {PerformanceResourceTiming} */ (entry);
    const m = /\/api\/(\w+)/.exec(e.name);
    if (m) {
      out[`api_${m[1]}_end_ms`] = e.responseEnd;
      out[`api_${m[1]}_kb`] = Math.round((e.encodedBodySize || e.transferSize || 0) / 1024);
    }
  }
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  if (fcp) out.first_contentful_paint_ms = fcp.startTime;
  const b = window.__bench;
  for (const k of /** @type {const} */ (['parsed', 'annotationsAdded', 'painted', 'loadHow', 'loadInView', 'unrevived'])) {
    const v = b[k];
    if (v !== undefined) out[k] = v;
  }
  out.dom_elements = document.getElementsByTagName('*').length;
  return out;
}

/**
 * Jumps to the middle of the text, then waits until what is in view is painted and the page is
 * idle. Untimed.
 * @param {{ pieces: Piece[][] }} args
 */
async function prepareView({ pieces }) {
  const b = window.__bench;
  b.pieces = pieces;
  // Every block rendered first (Tiemark renders the rest of the text after its first paint).
  const waitStart = performance.now();
  while (b.busy() && performance.now() - waitStart < 30_000) await b.frame();
  const els = b.blocks();
  els[Math.floor(els.length / 2)]?.scrollIntoView({ block: 'start' });
  const band = b.band();
  const expected = b.inView(band.top, band.bottom, pieces);
  const r = await b.waitUntil(() => expected.every(b.present()), performance.now(), 10_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await b.frame();
  // Left alone for two seconds, how often does the tool repaint (its painted event or output change)?
  let idle = 0;
  const off = b.onSignal(() => idle++);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  off();
  return { ok: !r.timedOut && !b.busy(), inView: expected.length, idleRepaintsPerS: idle / 2 };
}

/**
 * Picks whole words well inside the view (20-60 characters, in one block) and returns where a drag
 * over them starts and ends; remembers what is painted now, so the new highlight can be told
 * apart. Untimed.
 * @param {number} i
 */
function prepareAdd(i) {
  const b = window.__bench;
  getSelection()?.removeAllRanges();
  const band = b.band();
  const top = band.top + 40;
  const bottom = band.bottom - 40;
  const blocks = b.blocks().filter((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > top && r.top < bottom && (el.textContent?.length ?? 0) >= 80;
  });
  const range = document.createRange();
  /**
   * @param {Node} text
   * @param {number} at
   */
  const charRect = (text, at) => {
    range.setStart(text, at);
    range.setEnd(text, at + 1);
    return range.getClientRects()[0];
  };
  for (let k = 0; k < 40 && blocks.length; k++) {
    const seed = i * 41 + k;
    const el = blocks[(i * 5 + k) % blocks.length];
    const text = el.firstChild;
    const s = el.textContent ?? '';
    if (!text) continue;
    let a = (seed * 37 + 11) % Math.max(1, s.length - 70);
    while (a > 0 && s[a - 1] !== ' ') a--;
    let z = Math.min(s.length, a + 20 + ((seed * 7) % 41));
    while (z < s.length && /[^\s.,?]/.test(s[z])) z++;
    const first = charRect(text, a);
    const last = charRect(text, z - 1);
    if (!first || !last || first.top < top || last.bottom > bottom) continue;
    b.addBefore = b.paintedKeys();
    b.addBlock = Number(el.dataset.block);
    return { x1: first.left + 1, y1: (first.top + first.bottom) / 2, x2: last.right - 1, y2: (last.top + last.bottom) / 2, text: s.slice(a, z) };
  }
  return null;
}

/**
 * Starts the add's clock at the next `type` event (its timestamp) and waits from there for a new
 * highlight in the tool's output.
 * @param {{ type: string, timeoutMs: number }} args
 */
function armAdd({ type, timeoutMs }) {
  const b = window.__bench;
  const before = b.addBefore ?? new Set();
  const tiemark = b.cfg.variant === 'tiemark';
  const fresh = () => {
    for (const key of b.paintedKeys()) {
      if (before.has(key)) continue;
      if (!tiemark || b.keyBlock(key) === b.addBlock) return true;
    }
    return false;
  };
  b.addWait = new Promise((resolve) => {
    /** @param {Event} event */
    const onEvent = (event) => {
      window.removeEventListener(type, onEvent, true);
      void b.waitUntil(fresh, event.timeStamp, timeoutMs).then(resolve);
    };
    window.addEventListener(type, onEvent, true);
  });
}

/** @param {number} timeoutMs */
async function awaitAdd(timeoutMs) {
  const b = window.__bench;
  /** @type {WaitResult} */
  const none = { ms: null, seenMs: null, timedOut: true, how: 'no input event' };
  const r = await Promise.race([b.addWait ?? Promise.resolve(none), new Promise((resolve) => setTimeout(() => resolve(none), timeoutMs + 1000))]);
  b.addWait = undefined;
  return /** @type {WaitResult} */ (r);
}

/**
 * Scrolls one viewport at a time. Each scroll: the view's highlights painted (all tools' same end
 * point) and, apart, the tool's own repaint for the new position (its next painted event or
 * output change) plus the frame.
 * @param {{ scrolls: number, timeoutMs: number, settleMs: number }} args
 */
async function scrollTest({ scrolls, timeoutMs, settleMs }) {
  const b = window.__bench;
  const pieces = b.pieces ?? [];
  const tiemark = b.cfg.variant === 'tiemark';
  const scroller = tiemark ? document.querySelector('.reader-scroll') : document.scrollingElement;
  /** @type {{ view: WaitResult, repaint: WaitResult, inView: number }[]} */
  const out = [];
  /** @type {string[]} */
  const notes = [];
  if (!scroller) return { out, notes: ['no scroller'] };
  for (let i = 0; i < scrolls; i++) {
    const height = scroller.clientHeight;
    const delta = Math.min(height, scroller.scrollHeight - scroller.clientHeight - scroller.scrollTop);
    if (delta < height / 2) {
      notes.push(`end of the text after ${i} scrolls`);
      break;
    }
    const band = b.band();
    // Layout does not move with scrolling: what will be in view is known before the scroll.
    const expected = b.inView(band.top + delta, band.bottom + delta, pieces);
    const t0 = performance.now();
    scroller.scrollTop += delta;
    const [view, repaint] = await Promise.all([b.waitUntil(() => expected.every(b.present()), t0, timeoutMs), b.nextSignal(t0, timeoutMs)]);
    out.push({ view, repaint, inView: expected.length });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    await b.frame();
  }
  return { out, notes };
}

// ---------------------------------------------------------------------------------------------
// Node side.

/**
 * All descendants of `pid` (Chromium's zygote forks renderers, so they are grandchildren).
 * @param {number} pid
 */
function descendants(pid) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = /** @type {number} */ (queue.shift());
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

let launches = 0;
/** @type {Set<number>} */
const active = new Set();

/** SIGKILLs every browser a measurement still holds (for an interrupted run). */
export function killBrowsers() {
  for (const pid of active) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  active.clear();
}

/**
 * The pid of the process started with switch `marker` (not its children, which lack it).
 * @param {string} marker
 */
function findProcess(marker) {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.includes(marker) && !args.some((a) => a.startsWith('--type='))) return Number(name);
    } catch {
      // gone
    }
  }
  return undefined;
}

/**
 * VmRSS (MB) of each renderer process under the browser.
 * @param {number} browserPid
 */
export function rendererRss(browserPid) {
  const out = [];
  for (const pid of descendants(browserPid)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || cmd.includes('--extension-process')) continue;
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) out.push({ pid, mb: Number(m[1]) / 1024 });
    } catch {
      // gone
    }
  }
  return out.sort((a, b) => b.mb - a.mb);
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
const withTimeout = (promise, ms, what) => {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${Math.round(ms / 1000)} s`)), ms))),
  ]);
};

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {object} Measurement
 * @property {Record<string, number[]>} values measure -> samples (ms, MB or counts)
 * @property {Record<string, number>} timeouts measure -> samples that did not reach their end point
 * @property {Record<string, number | string>} load the load breakdown
 * @property {string[]} notes
 * @property {string[]} errors
 */

/**
 * Measures one (variant, n) in a fresh browser. `loadPieces` are the pieces of the first blocks
 * (the load check), `pieces` all of them (the interactions), both by block.
 * @param {{ variant: Variant, n: number, url: string, colors: readonly string[], loadPieces: Piece[][], pieces: Piece[][], adds?: number, scrolls?: number, loadTimeoutMs?: number }} args
 * @returns {Promise<Measurement>}
 */
export async function measureOnce({ variant, n, url, colors, loadPieces, pieces, adds = 6, scrolls = 15, loadTimeoutMs = 120_000 }) {
  // Playwright's Browser does not expose its process: a marker switch (ignored by Chromium)
  // finds it in /proc, and its renderers are among its descendants.
  const marker = `--tiemark-bench=${process.pid}-${++launches}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, marker], timeout: 60_000 });
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const notes = [];
  /** @type {Record<string, number[]>} */
  const values = {};
  /** @type {Record<string, number>} */
  const timeouts = {};
  /** @type {(measure: string, value: number | null | undefined) => void} */
  const put = (measure, value) => {
    if (typeof value === 'number' && Number.isFinite(value)) (values[measure] ??= []).push(value);
  };
  /** @type {(measure: string, r: WaitResult) => void} */
  const putWait = (measure, r) => {
    if (r.timedOut || r.ms === null) timeouts[measure] = (timeouts[measure] ?? 0) + 1;
    else put(measure, r.ms);
  };
  /** @type {number | undefined} */
  let browserPid;
  try {
    browserPid = findProcess(marker);
    if (browserPid) active.add(browserPid);
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    /** @type {PageConfig} */
    const cfg = { variant, n, colors, pieces: loadPieces, loadTimeoutMs };
    await context.addInitScript(initScript, cfg);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
    // Polled from here with page.evaluate: waitForFunction's predicate needs eval, which the
    // app's Content-Security-Policy (rightly) forbids.
    const deadline = Date.now() + loadTimeoutMs + 15_000;
    for (;;) {
      const done = await page.evaluate(() => window.__bench?.loadDone).catch(() => undefined);
      if (done) break;
      if (Date.now() > deadline) break;
      await sleep(50);
    }
    const load = await page.evaluate(loadBreakdown);
    const loadState = await page.evaluate(() => ({ done: !!window.__bench.loadDone, timedOut: !!window.__bench.loadTimedOut }));
    if (!loadState.done || loadState.timedOut || typeof load.painted !== 'number') {
      timeouts.load_to_painted_ms = 1;
      notes.push(`not painted within ${Math.round(loadTimeoutMs / 1000)} s`);
      return { values, timeouts, load, notes, errors };
    }
    put('load_to_painted_ms', load.painted);
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    if (metrics.ThreadTime !== undefined) put('load_cpu_ms', metrics.ThreadTime * 1000);
    if (typeof load.loadInView === 'number') put('load_in_view', load.loadInView);

    // Memory after load: collect garbage, let two frames pass, then read the renderer's RSS.
    await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
    await page.evaluate(() => window.__bench.frame().then(window.__bench.frame));
    const renderers = browserPid ? rendererRss(browserPid) : [];
    put('renderer_rss_mb', renderers[0]?.mb);
    const dom = await cdp.send('Memory.getDOMCounters').catch(() => null);
    put('dom_nodes', dom?.nodes);
    const heap = await cdp.send('Runtime.getHeapUsage').catch(() => null);
    put('js_heap_mb', heap ? heap.usedSize / 1048576 : undefined);
    if (variant === 'plain-dom') return { values, timeouts, load, notes, errors };

    await withTimeout(
      (async () => {
        const view = await page.evaluate(prepareView, { pieces });
        if (!view.ok) notes.push('the text was not all rendered within 30 s, or its middle not painted within 10 s');
        put('idle_repaints_per_s', view.idleRepaintsPerS);

        // Add: a real drag over words (mouse down, move, hold, up), then for Tiemark the key H.
        for (let i = 0; i < adds; i++) {
          const target = await page.evaluate(prepareAdd, i);
          if (!target) {
            notes.push('no block in view to select in');
            break;
          }
          await page.mouse.move(target.x1, target.y1);
          await page.mouse.down();
          await page.mouse.move(target.x2, target.y2, { steps: 6 });
          await sleep(HOLD_MS);
          if (variant === 'tiemark') {
            await page.mouse.up();
            await sleep(150); // the reader reads the selection on mouseup
            await page.evaluate(armAdd, { type: 'keydown', timeoutMs: ADD_TIMEOUT_MS });
            await page.keyboard.press('h');
          } else {
            await page.evaluate(armAdd, { type: 'pointerup', timeoutMs: ADD_TIMEOUT_MS });
            await page.mouse.up();
          }
          putWait('add_to_painted_ms', await page.evaluate(awaitAdd, ADD_TIMEOUT_MS));
          await sleep(SETTLE_MS);
        }
        await page.evaluate(() => getSelection()?.removeAllRanges());
        await sleep(SETTLE_MS);

        const scrolled = await page.evaluate(scrollTest, { scrolls, timeoutMs: SCROLL_TIMEOUT_MS, settleMs: SETTLE_MS });
        for (const s of scrolled.out) {
          putWait('scroll_to_painted_ms', s.view);
          putWait('scroll_repaint_ms', s.repaint);
          put('scroll_in_view', s.inView);
          if (s.view.how === 'immediate' || s.view.how === 'frame') put('scroll_painted_before_repaint', 1);
          else if (!s.view.timedOut) put('scroll_painted_before_repaint', 0);
        }
        notes.push(...scrolled.notes);
      })(),
      240_000,
      'interactions',
    );
    return { values, timeouts, load, notes, errors };
  } finally {
    if (browserPid) active.delete(browserPid);
    await withTimeout(browser.close(), 15_000, 'browser.close').catch(() => {
      if (browserPid) {
        try {
          process.kill(browserPid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    });
  }
}

/**
 * Highlights as pieces by block: [start, end) clipped to each block they touch, as offsets into
 * the block's text. `blocks` are the blocks' [start, end) in the same offsets as the ranges.
 * @param {ReadonlyArray<{ start: number, end: number, color: string }>} ranges
 * @param {ReadonlyArray<readonly [number, number]>} blocks
 * @param {readonly string[]} colors
 * @returns {Piece[][]}
 */
export function piecesByBlock(ranges, blocks, colors) {
  /** @type {Piece[][]} */
  const out = blocks.map(() => []);
  ranges.forEach((r, h) => {
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid][1] <= r.start) lo = mid + 1;
      else hi = mid;
    }
    for (let b = lo; b < blocks.length && blocks[b][0] < r.end; b++) {
      const [start, end] = blocks[b];
      const a = Math.max(r.start, start) - start;
      const z = Math.min(r.end, end) - start;
      if (z > a) out[b].push([a, z, Math.max(0, colors.indexOf(r.color)), h]);
    }
  });
  return out;
}

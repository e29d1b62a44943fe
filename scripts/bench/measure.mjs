// One measurement: a fresh Chromium, one page, load -> memory -> add highlights -> scroll.
import { readFileSync, readdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
export const VIEWPORT = { width: 1280, height: 800 };

// ---------------------------------------------------------------------------------------------
// In-page code. These functions are serialized by Playwright: they must be self-contained.

/** Runs before any page script: frame helper, and for tiemark the "painted" detector. */
export function initScript(cfg) {
  const bench = (window.__bench = { cfg });
  // The next painted frame: rAF callbacks run before the frame's rendering; a task posted
  // from one runs after that frame has been produced.
  bench.nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  bench.rangesRegistered = () => {
    let n = 0;
    if (typeof CSS === 'undefined' || !CSS.highlights) return 0;
    CSS.highlights.forEach((h, name) => {
      if (String(name).startsWith('tm-')) n += h.size;
    });
    return n;
  };
  if (cfg.variant === 'plain-dom') {
    document.addEventListener('DOMContentLoaded', () => {
      bench.parsed = performance.now();
      void document.body.offsetHeight; // layout now, as the other variants' frames do
      bench.nextFrame().then(() => (bench.painted = performance.now()));
    });
  }
  if (cfg.variant === 'tiemark') {
    let started = false;
    const ready = () => {
      const p = window.__tiemarkPainter;
      return !!p && p.all.length === cfg.n && !!document.querySelector('[data-block]');
    };
    const finish = async () => {
      started = true;
      observer.disconnect();
      bench.detected = performance.now();
      const p = window.__tiemarkPainter;
      p.flush();
      // Highlights in view are painted once the blocks' IntersectionObserver has reported and
      // the painter has no frame pending (flush() before the first report paints nothing).
      let frames = 0;
      while (frames < 60) {
        await bench.nextFrame();
        frames++;
        const pending = typeof p.frame === 'number' && p.frame !== 0;
        if (!pending && (cfg.n === 0 || bench.rangesRegistered() > 0)) break;
      }
      bench.painted = performance.now();
      bench.paintFrames = frames;
      bench.ranges = bench.rangesRegistered();
    };
    const check = () => {
      if (!started && ready()) void finish();
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
    const poll = () => {
      if (started) return;
      check();
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }
}

/** After load: where the tiemark page's time went (resource timing of the API calls). */
function loadBreakdown() {
  const out = {};
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) {
    out.response_end_ms = nav.responseEnd;
    out.dom_content_loaded_ms = nav.domContentLoadedEventEnd;
  }
  for (const e of performance.getEntriesByType('resource')) {
    const m = /\/api\/(\w+)/.exec(e.name);
    if (m) {
      out[`api_${m[1]}_end_ms`] = e.responseEnd;
      out[`api_${m[1]}_kb`] = Math.round((e.encodedBodySize || e.transferSize || 0) / 1024);
    }
  }
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  if (fcp) out.first_contentful_paint_ms = fcp.startTime;
  const b = window.__bench;
  for (const k of ['parsed', 'detected', 'annotationsAdded', 'painted', 'paintFrames', 'ranges', 'unrevived']) {
    if (b[k] !== undefined) out[k] = b[k];
  }
  out.dom_elements = document.getElementsByTagName('*').length;
  return out;
}

/** Jump to the middle, add highlights, scroll. Returns per-repetition timings. */
async function interact({ variant, starts, adds, appAdds, scrolls }) {
  const b = window.__bench;
  const frame = b.nextFrame;
  const tiemark = variant === 'tiemark';
  const recogito = variant === 'recogito' ? window.__recogito : null;
  const scroller = tiemark ? document.querySelector('.reader-scroll') : document.scrollingElement;
  const painter = tiemark ? window.__tiemarkPainter : null;
  const out = { add: [], addJs: [], appAdd: [], scroll: [], scrollSettle: [], paintJs: [], notes: [] };

  // Time each painter paint (JS only; Blink's own highlight work lands in the next frame).
  let paints = 0;
  if (painter && typeof painter.paint === 'function') {
    const original = painter.paint;
    painter.paint = function timedPaint(...args) {
      const t = performance.now();
      const r = original.apply(this, args);
      out.paintJs.push(performance.now() - t);
      paints++;
      return r;
    };
  }
  // Frames until the painter has nothing pending (at least `minFrames`).
  const settle = async (minFrames, maxFrames = 10) => {
    for (let i = 1; i <= maxFrames; i++) {
      await frame();
      if (i >= minFrames && (!painter || !painter.frame)) break;
    }
  };

  // 1. Jump to the middle paragraph and let everything settle.
  const middle = document.querySelector(`[data-block="${Math.floor(starts.length / 2)}"]`);
  middle?.scrollIntoView({ block: 'start' });
  if (recogito) await recogito.nextRedraw(1000);
  await settle(3);
  await frame();
  out.paintJs.length = 0;

  const viewport = () => {
    const r = tiemark ? scroller.getBoundingClientRect() : { top: 0, bottom: innerHeight };
    return r;
  };
  const visibleBlocks = () => {
    const v = viewport();
    return Array.from(document.querySelectorAll('[data-block]')).filter((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > v.top && r.top < v.bottom && (el.textContent?.length ?? 0) >= 90;
    });
  };
  const pickRange = (i) => {
    const blocks = visibleBlocks();
    if (blocks.length === 0) return null;
    const el = blocks[i % blocks.length];
    const index = Number(el.dataset.block);
    const text = el.textContent;
    const length = 20 + ((i * 7) % 41); // 20-60 characters
    let a = (i * 37) % (text.length - length);
    let z = a + length;
    while (a < z && /\s/.test(text[a])) a++;
    while (z > a && /\s/.test(text[z - 1])) z--;
    return { el, index, text, a, z, start: starts[index] + a, end: starts[index] + z };
  };

  // 2. Add one highlight at a time, each timed to the next painted frame.
  for (let i = 0; i < adds; i++) {
    const r = pickRange(i);
    if (!r) {
      out.notes.push('no visible block to highlight');
      break;
    }
    const color = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange'][i % 6];
    if (painter) {
      const now = new Date().toISOString();
      const h = {
        id: `bench-add-${i}`,
        sourceId: painter.all[0]?.sourceId ?? 'bench',
        start: r.start,
        end: r.end,
        exact: r.text.slice(r.a, r.z),
        prefix: r.text.slice(Math.max(0, r.a - 32), r.a),
        suffix: r.text.slice(r.z, r.z + 32),
        color,
        createdAt: now,
        updatedAt: now,
      };
      const t0 = performance.now();
      painter.setHighlights([...painter.all, h]);
      painter.flush();
      out.addJs.push(performance.now() - t0);
      await frame();
      out.add.push(performance.now() - t0);
    } else if (recogito) {
      const t0 = performance.now();
      const redrawn = recogito.nextRedraw(1000);
      recogito.add(`bench-add-${i}`, r.start, r.end, color);
      out.addJs.push(performance.now() - t0);
      if (!(await redrawn)) out.notes.push(`add ${i}: no redraw within 1 s`);
      await frame();
      out.add.push(performance.now() - t0);
    }
    await frame();
  }

  // 3. (tiemark) Add through the app: select text, then press H. UI -> host -> store -> React -> painted.
  const created = [];
  if (painter && appAdds > 0) {
    const article = document.querySelector('.reader-text');
    for (let i = 0; i < appAdds; i++) {
      const r = pickRange(adds + i * 3 + 1);
      const node = r?.el.firstChild;
      if (!r || !node || node.nodeType !== Node.TEXT_NODE) {
        out.notes.push('app add: no text node to select');
        break;
      }
      const before = new Set(painter.all.map((h) => h.id));
      getSelection().setBaseAndExtent(node, r.a, node, r.z);
      article.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', bubbles: true }));
      await frame();
      const t0 = performance.now();
      article.dispatchEvent(new KeyboardEvent('keydown', { key: 'h', bubbles: true, cancelable: true }));
      // Done when the app hands the painter a list with a highlight it did not have (the app's
      // list replaces the painter-level additions above, so the length alone would not tell).
      let ok = false;
      while (performance.now() - t0 < 5000) {
        await new Promise((res) => setTimeout(res, 0));
        if (window.__tiemarkPainter.all.some((h) => !before.has(h.id))) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        out.notes.push('app add: the highlight did not reach the painter within 5 s');
        break;
      }
      await settle(1);
      out.appAdd.push(performance.now() - t0);
      for (const h of window.__tiemarkPainter.all) if (!before.has(h.id) && !String(h.id).startsWith('bench-')) created.push(h.id);
      getSelection().removeAllRanges();
      await frame();
    }
  }

  // 4. Scroll one viewport at a time, each timed to the next painted frame.
  out.paintJs.length = 0;
  paints = 0;
  for (let i = 0; i < scrolls; i++) {
    const t0 = performance.now();
    const before = paints;
    if (tiemark) scroller.scrollTop += scroller.clientHeight;
    else window.scrollBy(0, innerHeight);
    if (recogito) {
      if (!(await recogito.nextRedraw(1000))) out.notes.push(`scroll ${i}: no redraw within 1 s`);
    }
    await frame();
    out.scroll.push(performance.now() - t0);
    if (painter) {
      // Until the painter has repainted for the newly visible blocks and has nothing pending.
      for (let f = 0; f < 6; f++) {
        if (paints > before && !painter.frame) break;
        await frame();
      }
      out.scrollSettle.push(performance.now() - t0);
    }
    await frame();
  }
  out.created = created;
  out.rangesAfterScroll = b.rangesRegistered();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Node side.

/** All descendants of `pid` (Chromium's zygote forks renderers, so they are grandchildren). */
function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

let launches = 0;
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

/** The pid of the process started with switch `marker` (not its children, which lack it). */
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

/** VmRSS (MB) of each renderer process under the browser. */
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

const withTimeout = (promise, ms, what) => {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${Math.round(ms / 1000)} s`)), ms))),
  ]);
};

/**
 * Measures one (variant, n) in a fresh browser. `url` is the page to open; `starts` are the
 * paragraphs' offsets. Returns samples per measure plus diagnostics.
 */
export async function measureOnce({ variant, n, url, starts, adds = 10, appAdds = 0, scrolls = 15, loadTimeoutMs = 120_000 }) {
  // Playwright's Browser does not expose its process: a marker switch (ignored by Chromium)
  // finds it in /proc, and its renderers are among its descendants.
  const marker = `--tiemark-bench=${process.pid}-${++launches}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, marker], timeout: 60_000 });
  const errors = [];
  let browserPid;
  try {
    browserPid = findProcess(marker);
    if (browserPid) active.add(browserPid);
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await context.addInitScript(initScript, { variant, n });
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
    const deadline = Date.now() + loadTimeoutMs;
    for (;;) {
      const painted = await page.evaluate(() => window.__bench?.painted).catch(() => undefined);
      if (painted !== undefined) break;
      if (Date.now() > deadline) {
        const state = await page
          .evaluate(() =>
            JSON.stringify({
              ...window.__bench,
              cfg: undefined,
              painter: !!window.__tiemarkPainter,
              highlights: window.__tiemarkPainter?.all.length,
              blocks: document.querySelectorAll('[data-block]').length,
              alert: Array.from(document.querySelectorAll('[role="alert"]'), (e) => e.textContent).join(' | ').slice(0, 300),
            }),
          )
          .catch((e) => e.message);
        throw new Error(`not painted within ${loadTimeoutMs / 1000} s; page state ${state}${errors.length ? `; ${errors.slice(0, 3).join('; ')}` : ''}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const load = await page.evaluate(loadBreakdown);

    // Memory after load: collect garbage, let two frames pass, then read the renderer's RSS.
    await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
    await page.evaluate(() => window.__bench.nextFrame().then(window.__bench.nextFrame));
    const renderers = browserPid ? rendererRss(browserPid) : [];
    const dom = await cdp.send('Memory.getDOMCounters').catch(() => null);
    const heap = await cdp.send('Runtime.getHeapUsage').catch(() => null);

    const interaction = await withTimeout(
      page.evaluate(interact, { variant, starts, adds: variant === 'plain-dom' ? 0 : adds, appAdds: variant === 'tiemark' ? appAdds : 0, scrolls }),
      180_000,
      'interactions',
    );
    return {
      load_to_painted_ms: load.painted,
      load_cpu_ms: metrics.ThreadTime !== undefined ? metrics.ThreadTime * 1000 : undefined,
      load_task_ms: metrics.TaskDuration !== undefined ? metrics.TaskDuration * 1000 : undefined,
      renderer_rss_mb: renderers[0]?.mb,
      renderer_processes: renderers.length,
      dom_nodes: dom?.nodes,
      js_heap_mb: heap ? heap.usedSize / 1048576 : undefined,
      load,
      interaction,
      errors,
    };
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

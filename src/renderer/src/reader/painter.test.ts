// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Block, HighlightColor, HighlightSpan } from '../../../shared/types';
import type { HighlightPainter as Painter, PaintedDetail } from './painter';

/**
 * The painter (painter.ts) against happy-dom's DOM. happy-dom has no CSS Custom Highlight API,
 * no StaticRange and no layout, so three small stand-ins record what the painter does: `Highlight`
 * is a Set of ranges that counts how often it is cleared (a refill of the layers), `StaticRange`
 * keeps its boundary points, and the IntersectionObserver is driven by the test (which blocks are
 * "near the view"). Frames are run by hand.
 */

let clears = 0;
const observers: StubObserver[] = [];

class StubHighlight extends Set<AbstractRange> {
  priority = 0;
  override clear(): void {
    clears++;
    super.clear();
  }
}

class StubObserver {
  readonly observed = new Set<Element>();
  constructor(readonly callback: (entries: IntersectionObserverEntry[]) => void) {
    observers.push(this);
  }
  observe(el: Element) {
    this.observed.add(el);
  }
  unobserve(el: Element) {
    this.observed.delete(el);
  }
  disconnect() {
    this.observed.clear();
  }
  /** Reports blocks as near the view (true) or not. */
  report(elements: Element[], isIntersecting: boolean) {
    this.callback(elements.filter((el) => this.observed.has(el)).map((target) => ({ target, isIntersecting }) as unknown as IntersectionObserverEntry));
  }
}

let frames: Array<FrameRequestCallback | null> = [];
/** Runs the frame callbacks requested so far. */
function runFrame() {
  const now = frames;
  frames = [];
  now.forEach((cb) => cb?.(0));
}

let HighlightPainter: typeof Painter;

beforeAll(async () => {
  const g = globalThis as Record<string, unknown>;
  g.Highlight = StubHighlight;
  // happy-dom's CSS has no `highlights`: a registry of the same shape (a Map of name to Highlight).
  const css = { highlights: new Map(), supports: () => false, escape: (value: string) => value };
  Object.defineProperty(globalThis, 'CSS', { value: css, configurable: true });
  g.IntersectionObserver = StubObserver;
  g.StaticRange = class {
    readonly startContainer: Node;
    readonly startOffset: number;
    readonly endContainer: Node;
    readonly endOffset: number;
    constructor(init: StaticRangeInit) {
      this.startContainer = init.startContainer;
      this.startOffset = init.startOffset;
      this.endContainer = init.endContainer;
      this.endOffset = init.endOffset;
    }
  };
  g.requestAnimationFrame = (cb: FrameRequestCallback) => frames.push(cb);
  g.cancelAnimationFrame = (id: number) => {
    frames[id - 1] = null;
  };
  // Imported after the stand-ins: the painter checks for the Highlight API when it loads.
  ({ HighlightPainter } = await import('./painter'));
});

/** A box at [top, top + height) for getBoundingClientRect (happy-dom lays nothing out). */
const box = (top: number, height: number) => ({ top, bottom: top + height, left: 0, right: 600, width: 600, height, x: 0, y: top, toJSON: () => ({}) }) as DOMRect;

/**
 * `count` paragraphs of 20 characters, two apart, rendered as the reader renders them, each 100 px
 * high in a view 100 px high: with the painter's margin of one view above and below, blocks 0-2
 * are near the view at first.
 */
function source(count: number): { blocks: Block[]; container: HTMLElement; scroller: HTMLElement; elements: HTMLElement[] } {
  const scroller = document.createElement('div');
  scroller.getBoundingClientRect = () => box(0, 100);
  const container = document.createElement('article');
  scroller.append(container);
  document.body.append(scroller);
  const blocks: Block[] = [];
  const elements: HTMLElement[] = [];
  for (let i = 0; i < count; i++) {
    blocks.push({ kind: 'paragraph', start: i * 22, end: i * 22 + 20 });
    const p = document.createElement('p');
    p.setAttribute('data-block', String(i));
    p.textContent = String.fromCharCode(97 + (i % 26)).repeat(20);
    p.getBoundingClientRect = () => box(i * 100, 100);
    container.append(p);
    elements.push(p);
  }
  return { blocks, container, scroller, elements };
}

const span = (id: string, block: number, from: number, to: number, color: HighlightColor = 'yellow'): HighlightSpan => ({ id, start: block * 22 + from, end: block * 22 + to, color });

/** The ranges in a colour layer, as "block:start-end". */
const layer = (color: string) =>
  [...((CSS.highlights.get(`tm-${color}`) as unknown as StubHighlight | undefined) ?? [])].map((r) => `${(r.startContainer.parentElement as HTMLElement).dataset.block}:${r.startOffset}-${r.endOffset}`).sort();

describe('HighlightPainter', () => {
  let painter: Painter | null = null;
  let events: PaintedDetail[] = [];
  const onPainted = (e: CustomEvent<PaintedDetail>) => events.push(e.detail);

  beforeEach(() => {
    clears = 0;
    frames = [];
    observers.length = 0;
    events = [];
    document.addEventListener('tiemark:painted', onPainted);
  });
  afterEach(() => {
    painter?.dispose();
    painter = null;
    document.removeEventListener('tiemark:painted', onPainted);
    document.body.innerHTML = '';
  });

  it('paints the highlights of the blocks near the view, and an empty first list too', () => {
    const s = source(10);
    painter = new HighlightPainter(s.container, s.blocks, s.elements.slice(0, 6), s.scroller);
    observers[0].report(s.elements.slice(0, 3), true);
    painter.setHighlights([]);
    runFrame();
    expect(events).toHaveLength(1);
    expect(events[0].reason).toContain('highlights');

    painter.setHighlights([span('a', 0, 2, 5), span('b', 2, 0, 4, 'blue'), span('far', 5, 1, 3)]);
    runFrame();
    expect(layer('yellow')).toEqual(['0:2-5']);
    expect(layer('blue')).toEqual(['2:0-4']);
    expect(events.at(-1)).toMatchObject({ highlights: 2, reason: 'highlights' });
  });

  it('does not refill the layers for a change out of view, and does for one in view', () => {
    const s = source(10);
    painter = new HighlightPainter(s.container, s.blocks, s.elements, s.scroller);
    observers[0].report(s.elements.slice(0, 3), true);
    const base = [span('a', 0, 2, 5), span('b', 1, 0, 4), span('c', 7, 0, 4), span('d', 8, 0, 4)];
    painter.setHighlights(base);
    runFrame();
    const refills = clears;

    // Added in block 9, out of view: the event follows, the layers stay as they were.
    painter.setHighlights([...base, span('e', 9, 1, 2)]);
    runFrame();
    expect(clears).toBe(refills);
    expect(events.at(-1)).toMatchObject({ highlights: 2, reason: 'highlights' });

    // Recoloured in view: refilled, in its new colour.
    painter.setHighlights([span('a', 0, 2, 5, 'green'), ...base.slice(1), span('e', 9, 1, 2)]);
    runFrame();
    expect(clears).toBeGreaterThan(refills);
    expect(layer('green')).toEqual(['0:2-5']);
    expect(layer('yellow')).toEqual(['1:0-4']);

    // Deleted in view: gone from the layers, and from hit-testing.
    painter.setHighlights([span('a', 0, 2, 5, 'green'), ...base.slice(2), span('e', 9, 1, 2)]);
    runFrame();
    expect(layer('yellow')).toEqual([]);
    expect(painter.highlightsInBlock(1)).toEqual([]);
    expect(painter.highlightsInBlock(9).map((h) => h.id)).toEqual(['e']);
  });

  it('takes blocks rendered later, observes them, and paints them once near the view', () => {
    const s = source(8);
    painter = new HighlightPainter(s.container, s.blocks, s.elements.slice(0, 3), s.scroller);
    expect(painter.renderedBlocks).toBe(3);
    observers[0].report(s.elements.slice(0, 3), true);
    painter.setHighlights([span('a', 1, 0, 3), span('late', 6, 4, 9)]);
    runFrame();
    expect(layer('yellow')).toEqual(['1:0-3']);

    painter.addBlocks(s.elements.slice(3));
    expect(painter.renderedBlocks).toBe(8);
    expect(observers[0].observed.has(s.elements[6])).toBe(true);
    // Adding the same elements again changes nothing.
    painter.addBlocks(s.elements.slice(3));
    expect(painter.renderedBlocks).toBe(8);

    observers[0].report(s.elements.slice(0, 3), false);
    observers[0].report([s.elements[6]], true);
    runFrame();
    expect(layer('yellow')).toEqual(['6:4-9']);
    expect(events.at(-1)?.reason).toBe('visible');
  });
});

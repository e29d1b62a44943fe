import type { Block, HighlightSpan } from '../../../shared/types';
import { HIGHLIGHT_COLORS } from '../../../shared/types';
import { blockAt, BlockIndex, overlapSegments } from './intervals';
import { staticRangeIn } from './offsets';

/**
 * Paints highlights with the CSS Custom Highlight API: no DOM changes at all, one `Highlight`
 * per colour plus overlap, find-in-source, selection and flash layers. Only blocks near the viewport get
 * ranges (an IntersectionObserver tracks them), so the cost of any change is bounded by what
 * is on screen, not by how many highlights the source has. The index of highlights by block is
 * updated, not rebuilt, when a few change (intervals.ts, BlockIndex), and a change to blocks out
 * of view repaints nothing. Blocks may arrive after the painter is made (the reader renders the
 * first screen first, Reader.tsx): `addBlocks` takes them as they are rendered.
 */

const LAYERS = [...HIGHLIGHT_COLORS.map((c) => `tm-${c}`), 'tm-overlap', 'tm-find', 'tm-find-current', 'tm-selected', 'tm-flash'] as const;
type Layer = (typeof LAYERS)[number];

export const supportsCssHighlights = typeof CSS !== 'undefined' && 'highlights' in CSS;

/** What asked for a paint; several share a frame as one paint. */
export type PaintReason = 'highlights' | 'selected' | 'flash' | 'find' | 'visible' | 'flush';

/**
 * The detail of the `tiemark:painted` event, dispatched on `document` after every paint: a public
 * end point for whoever waits for highlights to be on screen (the reader benchmark,
 * scripts/bench/measure.mjs), so nobody has to reach into the painter.
 */
export interface PaintedDetail {
  /** Highlight ranges painted (one per highlight per block near the viewport; overlap, selection and flash layers not counted). */
  highlights: number;
  /** Blocks painted: those in or within one viewport of the view. */
  blocks: number;
  /** What asked for this paint; several joined by '+' when they shared a frame, e.g. 'highlights+visible'. */
  reason: string;
}

export const PAINTED_EVENT = 'tiemark:painted';

declare global {
  interface DocumentEventMap {
    'tiemark:painted': CustomEvent<PaintedDetail>;
  }
}

export class HighlightPainter {
  private readonly layers = new Map<Layer, globalThis.Highlight>();
  private readonly visible = new Set<number>();
  private readonly observer: IntersectionObserver;
  private readonly index: BlockIndex<HighlightSpan>;
  private readonly blockElements: HTMLElement[];
  private highlights: HighlightSpan[] = [];
  /** Whether the layers must be filled again at the next paint (false: only the event is due). */
  private dirty = true;
  /** Whether setHighlights has been called (its first call always paints). */
  private received = false;
  private selectedId: string | null = null;
  private flash: { start: number; end: number } | null = null;
  /** Matches of find in this source, in text order, and which one is current (-1: none). */
  private findMatches: ReadonlyArray<{ start: number; end: number }> = [];
  private findCurrent = -1;
  private frame = 0;
  /** Why the pending paint was asked for (for the painted event). */
  private readonly reasons = new Set<PaintReason>();
  /** Whether the blocks in view were found by position (seedVisible); done once, when first needed. */
  private seeded = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly blocks: readonly Block[],
    blockElements: readonly HTMLElement[],
    private readonly scrollRoot: HTMLElement,
  ) {
    this.index = new BlockIndex<HighlightSpan>(blocks, (a, b) => a.color === b.color);
    this.blockElements = [];
    if (supportsCssHighlights) {
      LAYERS.forEach((name, i) => {
        const layer = new Highlight();
        // Later layers paint above earlier ones: selection and flash on top.
        layer.priority = i;
        this.layers.set(name, layer);
        CSS.highlights.set(name, layer);
      });
    }
    this.observer = new IntersectionObserver((entries) => this.onIntersect(entries), {
      root: scrollRoot,
      // One viewport above and below, so scrolling never reveals unpainted text.
      rootMargin: '100% 0px 100% 0px',
    });
    this.addBlocks(blockElements);
  }

  /**
   * Block elements rendered after the painter was made (`[data-block]`, in text order, following
   * those it has): observed from now on, and painted when near the view.
   */
  addBlocks(elements: readonly HTMLElement[]): void {
    for (const el of elements) {
      const index = Number(el.getAttribute('data-block'));
      if (!Number.isInteger(index) || this.blockElements[index] === el) continue;
      this.blockElements[index] = el;
      this.observer.observe(el);
    }
  }

  /** How many blocks, from the first, are rendered and known to the painter. */
  get renderedBlocks(): number {
    return this.blockElements.length;
  }

  /**
   * The observer reports only after the first frame; find the blocks in view by position (binary
   * search), so the first painted frame already shows the highlights. Called from the first paint
   * that has highlights to show, inside the frame: the layout it reads is the one the frame needs
   * anyway, and a source without highlights (a new import) never pays for it.
   */
  private seedVisible(): void {
    this.seeded = true;
    const view = this.scrollRoot.getBoundingClientRect();
    const top = view.top - view.height;
    const bottom = view.bottom + view.height;
    const elements = this.blockElements;
    let lo = 0;
    let hi = elements.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (elements[mid].getBoundingClientRect().bottom < top) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < elements.length && elements[i].getBoundingClientRect().top <= bottom; i++) this.visible.add(i);
  }

  /**
   * The highlights to paint. Compared with the ones held, by id: only added, removed and changed
   * highlights move in the index, and the layers are refilled only when one of them touches a
   * block near the view (else the painted event alone follows, for whoever waits on it).
   */
  setHighlights(highlights: HighlightSpan[]): void {
    if (highlights === this.highlights && this.received) return;
    const first = !this.received;
    this.received = true;
    this.highlights = highlights;
    const change = this.index.update(highlights);
    if (first || change.rebuilt || [...change.touched].some((b) => this.visible.has(b))) this.dirty = true;
    this.schedule('highlights');
  }

  setSelected(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.dirty = true;
    this.schedule('selected');
  }

  /** Briefly marks a passage (a jump target), then lets it fade. */
  flashSpan(span: { start: number; end: number }, ms = 1600): void {
    this.flash = span;
    this.dirty = true;
    this.schedule('flash');
    window.setTimeout(() => {
      if (this.flash === span) {
        this.flash = null;
        this.dirty = true;
        this.schedule('flash');
      }
    }, ms);
  }

  /**
   * The matches of find in this source (src/renderer/src/features/search/find.ts), in text order,
   * not overlapping: painted in `tm-find`, the current one also in `tm-find-current`, like
   * highlights only in blocks near the view. An empty list clears them.
   */
  setFindMatches(matches: ReadonlyArray<{ start: number; end: number }>, current: number): void {
    if (matches === this.findMatches && current === this.findCurrent) return;
    this.findMatches = matches;
    this.findCurrent = current;
    this.dirty = true;
    this.schedule('find');
  }

  /**
   * Where the start of [start, end) is on screen (the part in its first block), or null when that
   * block is not rendered: to scroll a find match into view.
   */
  boxOf(span: { start: number; end: number }): DOMRect | null {
    const index = blockAt(this.blocks, span.start);
    if (index < 0) return null;
    const found = staticRangeIn(this.blockElements, this.blocks, index, span.start, span.end);
    if (!found) return null;
    const range = this.container.ownerDocument.createRange();
    range.setStart(found.startContainer, found.startOffset);
    range.setEnd(found.endContainer, found.endOffset);
    return range.getBoundingClientRect();
  }

  /** Highlights touching block `index` (for hit-testing clicks). */
  highlightsInBlock(index: number): readonly HighlightSpan[] {
    return this.index.get(index) ?? [];
  }

  /** The highlights being painted (read-only view, for benchmarks and tests). */
  get all(): readonly HighlightSpan[] {
    return this.highlights;
  }

  /** Paint now instead of at the next frame (used by tests and benchmarks). */
  flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.reasons.add('flush');
    this.dirty = true;
    this.paint();
  }

  dispose(): void {
    this.observer.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    for (const name of LAYERS) {
      if (CSS.highlights?.get(name) === this.layers.get(name)) CSS.highlights.delete(name);
    }
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      const index = Number((entry.target as HTMLElement).dataset.block);
      if (entry.isIntersecting && !this.visible.has(index)) {
        this.visible.add(index);
        changed = true;
      } else if (!entry.isIntersecting && this.visible.delete(index)) changed = true;
    }
    if (changed) {
      this.dirty = true;
      this.schedule('visible');
    }
  }

  private schedule(reason: PaintReason): void {
    this.reasons.add(reason);
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private paint(): void {
    const reason = [...this.reasons].join('+');
    this.reasons.clear();
    if (!supportsCssHighlights) return;
    if (!this.seeded && (this.highlights.length > 0 || this.flash || this.findMatches.length > 0)) this.seedVisible();
    if (!this.dirty) {
      // Nothing near the view changed: the layers already show it.
      this.dispatch(this.paintedCount, reason);
      return;
    }
    this.dirty = false;
    for (const layer of this.layers.values()) layer.clear();
    let painted = 0;
    const add = (layer: Layer, index: number, start: number, end: number) => {
      const range = staticRangeIn(this.blockElements, this.blocks, index, start, end);
      if (!range) return false;
      this.layers.get(layer)?.add(range);
      return true;
    };
    for (const index of this.visible) {
      const block = this.blocks[index];
      const list = this.index.get(index);
      if (list) {
        for (const h of list) {
          if (add(`tm-${h.color}`, index, h.start, h.end)) painted++;
          if (h.id === this.selectedId) add('tm-selected', index, h.start, h.end);
        }
        if (list.length > 1) {
          for (const [a, b] of overlapSegments(list, block.start, block.end)) add('tm-overlap', index, a, b);
        }
      }
      if (this.flash && this.flash.start < block.end && this.flash.end > block.start) add('tm-flash', index, this.flash.start, this.flash.end);
      this.paintFindIn(block, index, add);
    }
    this.paintedCount = painted;
    this.dispatch(painted, reason);
  }

  /** The find matches touching one block (found by binary search: a source may have thousands). */
  private paintFindIn(block: Block, index: number, add: (layer: Layer, index: number, start: number, end: number) => boolean): void {
    const matches = this.findMatches;
    let lo = 0;
    let hi = matches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (matches[mid].end <= block.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < matches.length && matches[i].start < block.end; i++) {
      add('tm-find', index, matches[i].start, matches[i].end);
      if (i === this.findCurrent) add('tm-find-current', index, matches[i].start, matches[i].end);
    }
  }

  /** Highlight ranges in the colour layers after the last paint. */
  private paintedCount = 0;

  private dispatch(highlights: number, reason: string): void {
    const detail: PaintedDetail = { highlights, blocks: this.visible.size, reason };
    this.container.ownerDocument.dispatchEvent(new CustomEvent(PAINTED_EVENT, { detail }));
  }
}

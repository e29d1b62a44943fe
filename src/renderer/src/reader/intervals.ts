import type { Block } from '../../../shared/types';

/** Anything with [start, end) offsets: highlights, search hits, the flash of a jump target. */
export interface Span {
  id: string;
  start: number;
  end: number;
}

/** Index of the block containing `offset`, or the nearest block after it; -1 if none. */
export function blockAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].end > offset) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

/**
 * Which spans touch which block. Built once per change of the span list (O(N log B)); painting
 * then reads only the lists of the blocks near the viewport.
 */
export function indexByBlock<T extends Span>(blocks: readonly Block[], spans: readonly T[]): Map<number, T[]> {
  const byBlock = new Map<number, T[]>();
  for (const span of spans) {
    for (let b = blockAt(blocks, span.start); b >= 0 && b < blocks.length && blocks[b].start < span.end; b++) {
      if (blocks[b].end <= span.start) continue;
      let list = byBlock.get(b);
      if (!list) byBlock.set(b, (list = []));
      list.push(span);
    }
  }
  return byBlock;
}

/** Stretches inside [from, to) covered by two or more spans, merged. */
export function overlapSegments(spans: readonly Span[], from: number, to: number): Array<[number, number]> {
  const events: Array<[number, number]> = [];
  for (const s of spans) {
    const a = Math.max(s.start, from);
    const b = Math.min(s.end, to);
    if (a < b) events.push([a, 1], [b, -1]);
  }
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Array<[number, number]> = [];
  let depth = 0;
  let openedAt = 0;
  for (const [at, delta] of events) {
    const before = depth;
    depth += delta;
    if (before < 2 && depth >= 2) openedAt = at;
    else if (before >= 2 && depth < 2 && at > openedAt) {
      const last = out[out.length - 1];
      if (last && last[1] === openedAt) last[1] = at;
      else out.push([openedAt, at]);
    }
  }
  return out;
}

/** The spans covering `offset`, innermost (shortest) first. */
export function spansAt<T extends Span>(spans: readonly T[], offset: number): T[] {
  return spans
    .filter((s) => s.start <= offset && offset < s.end)
    .sort((a, b) => a.end - a.start - (b.end - b.start) || b.start - a.start);
}

const before = (a: Span, b: Span) => a.start < b.start || (a.start === b.start && a.end >= b.end);

/** The spans by start, longer first (the store's order; sorted only when they are not already). */
function inTextOrder<T extends Span>(spans: readonly T[]): readonly T[] {
  for (let i = 1; i < spans.length; i++) {
    if (!before(spans[i - 1], spans[i])) return [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  }
  return spans;
}

/** What `BlockIndex.update` did: the blocks whose lists changed, or `rebuilt` when it started over. */
export interface IndexChange {
  rebuilt: boolean;
  /** Blocks whose list of spans changed (every block touched by a span before or after; empty when rebuilt). */
  touched: Set<number>;
  added: number;
  removed: number;
  changed: number;
}

/**
 * `indexByBlock` kept up to date: `update(spans)` compares the new list with the spans it holds,
 * by id, and moves only the spans that were added, removed or changed (their range, or any field
 * `same` compares), each in O(log n) plus the length of its blocks' lists. When most of the list
 * changed it rebuilds instead (O(n log B)). Each block's list stays ordered by start, then longer
 * first, as the store lists highlights.
 */
export class BlockIndex<T extends Span> {
  private byBlock = new Map<number, T[]>();
  private byId = new Map<string, T>();
  /** The list of the last update (its objects are compared by identity with the next one's). */
  private last: readonly T[] | null = null;

  constructor(
    private readonly blocks: readonly Block[],
    /** Whether two versions of a span paint the same (besides start and end, e.g. the colour). */
    private readonly same: (a: T, b: T) => boolean = () => true,
  ) {}

  /** The spans touching block `index`, in text order. */
  get(index: number): readonly T[] | undefined {
    return this.byBlock.get(index);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The blocks that have spans (for tests). */
  blocksWithSpans(): number[] {
    return [...this.byBlock.keys()].sort((a, b) => a - b);
  }

  update(spans: readonly T[]): IndexChange {
    const before = this.byId;
    // The lists a workspace passes share most of their objects with the previous one, in the same
    // order (an add inserts one, a recolour replaces one): what lies between the common prefix
    // and suffix, compared by identity, is all that can have changed, so a change to one of
    // 20,000 highlights costs a pointer walk instead of 20,000 map lookups. Ids are unique in a
    // list, so an id in the changed middle cannot also be in the shared ends. Spans are looked up
    // in `byId`, which holds the objects the block lists hold (a list of equal copies is kept as
    // no change, so the indexed object may be an earlier copy).
    const last = this.last;
    let head = 0;
    let tail = 0;
    if (last) {
      const most = Math.min(last.length, spans.length);
      while (head < most && last[head] === spans[head]) head++;
      while (tail < most - head && last[last.length - 1 - tail] === spans[spans.length - 1 - tail]) tail++;
    }
    // A copy: a caller that changes its array in place must still be compared with what was indexed.
    this.last = spans.slice();
    const oldMiddle = last ? last.slice(head, last.length - tail) : [...before.values()];
    const newMiddle = last ? spans.slice(head, spans.length - tail) : spans;
    const fresh: T[] = [];
    const moved: Array<[T, T]> = [];
    let kept = 0;
    for (const s of newMiddle) {
      const old = before.get(s.id);
      if (!old) fresh.push(s);
      else {
        kept++;
        if (old !== s && (old.start !== s.start || old.end !== s.end || !this.same(old, s))) moved.push([old, s]);
      }
    }
    const gone: T[] = [];
    if (kept < oldMiddle.length) {
      const now = new Set<string>();
      for (const s of newMiddle) now.add(s.id);
      for (const s of oldMiddle) {
        const indexed = before.get(s.id);
        if (indexed && !now.has(s.id)) gone.push(indexed);
      }
    }
    const work = fresh.length + gone.length + moved.length;
    if (work === 0) return { rebuilt: false, touched: new Set(), added: 0, removed: 0, changed: 0 };
    // Most of it changed (or nothing was there): building afresh is cheaper than moving each.
    if (before.size === 0 || work * 2 > Math.max(spans.length, before.size)) {
      this.byBlock = indexByBlock(this.blocks, inTextOrder(spans));
      this.byId = new Map(spans.map((s) => [s.id, s]));
      return { rebuilt: true, touched: new Set(), added: fresh.length, removed: gone.length, changed: moved.length };
    }
    const touched = new Set<number>();
    for (const s of gone) this.remove(s, touched);
    for (const [old, s] of moved) {
      this.remove(old, touched);
      this.insert(s, touched);
    }
    for (const s of fresh) this.insert(s, touched);
    return { rebuilt: false, touched, added: fresh.length, removed: gone.length, changed: moved.length };
  }

  /** Calls `fn` with each block index [start, end) touches. */
  private eachBlock(span: Span, fn: (block: number) => void): void {
    const blocks = this.blocks;
    for (let b = blockAt(blocks, span.start); b >= 0 && b < blocks.length && blocks[b].start < span.end; b++) {
      if (blocks[b].end > span.start) fn(b);
    }
  }

  private insert(span: T, touched: Set<number>): void {
    this.byId.set(span.id, span);
    this.eachBlock(span, (b) => {
      touched.add(b);
      let list = this.byBlock.get(b);
      if (!list) this.byBlock.set(b, (list = []));
      // After every span that starts earlier, or at the same place and ends later or equally.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(list[mid], span)) lo = mid + 1;
        else hi = mid;
      }
      list.splice(lo, 0, span);
    });
  }

  private remove(span: T, touched: Set<number>): void {
    this.byId.delete(span.id);
    this.eachBlock(span, (b) => {
      const list = this.byBlock.get(b);
      if (!list) return;
      // The first span starting where it does, then along those starting there too.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].start < span.start) lo = mid + 1;
        else hi = mid;
      }
      let at = lo;
      while (at < list.length && list[at] !== span && list[at].start === span.start) at++;
      if (list[at] !== span) at = list.indexOf(span);
      if (at < 0) return;
      touched.add(b);
      list.splice(at, 1);
      if (list.length === 0) this.byBlock.delete(b);
    });
  }
}

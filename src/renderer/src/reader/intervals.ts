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

/**
 * Pages of a passage in a paged source (PDF), from the source's `pageStarts` (the offset where
 * each page begins): "p. 4", or "pp. 4–5" across a page break; '' for sources without pages.
 */
export function pageOf(pageStarts: readonly number[], offset: number): number {
  return Math.max(0, lastAtMost(pageStarts, offset)) + 1;
}

/** Index of the last entry <= p in an ascending array, or -1 (a binary search). */
export function lastAtMost(sorted: ArrayLike<number>, p: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= p) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function pageLabel(pageStarts: readonly number[], start: number, end: number): string {
  if (pageStarts.length === 0) return '';
  const first = pageOf(pageStarts, start);
  const last = pageOf(pageStarts, Math.max(start, end - 1));
  return first === last ? `p. ${first}` : `pp. ${first}–${last}`;
}

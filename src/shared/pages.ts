/**
 * Pages of a passage in a paged source (PDF), from the source's `pageStarts` (the offset where
 * each page begins): "p. 4", or "pp. 4–5" across a page break; '' for sources without pages.
 */
export function pageOf(pageStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = pageStarts.length - 1;
  let page = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pageStarts[mid] <= offset) {
      page = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return page + 1;
}

export function pageLabel(pageStarts: readonly number[], start: number, end: number): string {
  if (pageStarts.length === 0) return '';
  const first = pageOf(pageStarts, start);
  const last = pageOf(pageStarts, Math.max(start, end - 1));
  return first === last ? `p. ${first}` : `pp. ${first}–${last}`;
}

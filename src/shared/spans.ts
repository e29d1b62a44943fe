import { HIGHLIGHT_COLORS, type HighlightColor, type HighlightSpan } from './types';

/**
 * A source's painted highlights as one compact payload (`listHighlightSpans`): a source may carry
 * tens of thousands, and as a list of objects every one repeats its four keys. Columns instead,
 * in the list's order (by start, longer first): the ids; each start as the distance from the
 * previous one (the list is sorted, so these are small numbers); each length; each colour as its
 * index in HIGHLIGHT_COLORS. At 20,000 highlights this is about half the JSON of the objects.
 */
export interface SpanColumns {
  ids: string[];
  /** start[i] - start[i - 1] (start[0] itself). */
  startSteps: number[];
  /** end - start. */
  lengths: number[];
  /** Index in HIGHLIGHT_COLORS. */
  colors: number[];
}

const COLOR_INDEX = new Map<string, number>(HIGHLIGHT_COLORS.map((c, i) => [c, i]));

/** Columns of spans listed by start (any order round-trips; sorted ones are the compact case). */
export function toSpanColumns(spans: Iterable<HighlightSpan>): SpanColumns {
  const columns: SpanColumns = { ids: [], startSteps: [], lengths: [], colors: [] };
  let previous = 0;
  for (const s of spans) {
    columns.ids.push(s.id);
    columns.startSteps.push(s.start - previous);
    columns.lengths.push(s.end - s.start);
    columns.colors.push(COLOR_INDEX.get(s.color) ?? 0);
    previous = s.start;
  }
  return columns;
}

/** The spans back from their columns, in the same order. */
export function fromSpanColumns(columns: SpanColumns): HighlightSpan[] {
  const { ids, startSteps, lengths, colors } = columns;
  const spans = new Array<HighlightSpan>(ids.length);
  let start = 0;
  for (let i = 0; i < ids.length; i++) {
    start += startSteps[i];
    spans[i] = { id: ids[i], start, end: start + lengths[i], color: (HIGHLIGHT_COLORS[colors[i]] ?? 'yellow') as HighlightColor };
  }
  return spans;
}

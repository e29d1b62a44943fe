import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import { toSpanColumns, type SpanColumns } from '../../shared/spans';
import { snapRange } from '../../shared/text';
import type { Highlight, HighlightColor, HighlightSpan } from '../../shared/types';
import { quoteSelector } from '../anchoring/quote';
import { now, type Store } from '../db/store';
import { insertTags } from './actors';
import { highlightGone } from './guards';
import { getSourceText } from './sources';

interface HighlightRow {
  id: string;
  source_id: string;
  start_offset: number;
  end_offset: number;
  exact: string;
  prefix: string;
  suffix: string;
  color: HighlightColor;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, source_id, start_offset, end_offset, exact, prefix, suffix, color, created_at, updated_at';

const toHighlight = (row: HighlightRow): Highlight => ({
  id: row.id,
  sourceId: row.source_id,
  start: row.start_offset,
  end: row.end_offset,
  exact: row.exact,
  prefix: row.prefix,
  suffix: row.suffix,
  color: row.color,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** In text order: by start, then longer first so an enclosing highlight precedes what it holds. */
export function listHighlights(store: Store, sourceId: string): Highlight[] {
  return store.read(() => {
    getSourceText(store, sourceId);
    // Highlights waiting for review after a text update are listed by listAnchorReview instead.
    const rows = store
      .sql(`SELECT ${COLUMNS} FROM highlights WHERE source_id = ? AND anchor = 'ok' ORDER BY start_offset, end_offset DESC, created_at`)
      .all(sourceId) as HighlightRow[];
    return rows.map(toHighlight);
  });
}

/**
 * listHighlights without quotes (waiting highlights are not painted) and times: what the reader
 * paints, at a fifth of the size, as columns (src/shared/spans.ts). With `before`, only those starting before that offset: the
 * first part of the same list, in the same order.
 */
export function listHighlightSpans(store: Store, sourceId: string, before?: number): SpanColumns {
  return store.read(() => {
    getSourceText(store, sourceId);
    return toSpanColumns(store.sql(SPANS_SQL).iterate(sourceId, before ?? Number.MAX_SAFE_INTEGER) as IterableIterator<HighlightSpan>);
  });
}

/** Read from the index highlights_painted alone, already in order (migration 9); a range of it with `before`. */
export const SPANS_SQL = `SELECT id, start_offset AS start, end_offset AS "end", color FROM highlights
  WHERE source_id = ? AND anchor = 'ok' AND start_offset < ? ORDER BY start_offset, end_offset DESC, created_at`;

export function getHighlight(store: Store, id: string): Highlight {
  const row = store.sql(`SELECT ${COLUMNS} FROM highlights WHERE id = ?`).get(id) as HighlightRow | undefined;
  if (!row) throw highlightGone(id);
  return toHighlight(row);
}

export interface NewHighlight {
  sourceId: string;
  start: number;
  end: number;
  color?: HighlightColor;
  /** Actors to tag the new highlight with, in the same transaction. */
  actorIds?: readonly string[];
}

/** Inserts without its own transaction, for callers composing a larger one (seeding, import). */
export function insertHighlight(store: Store, input: NewHighlight): Highlight {
  const text = getSourceText(store, input.sourceId);
  if (input.end <= input.start) {
    throw new ApiError('invalid_argument', 'A highlight must cover at least one character (end must be after start).');
  }
  if (input.end > text.length) {
    throw new ApiError('invalid_argument', `The passage ends at ${input.end}, past the end of the source (${text.length} characters).`);
  }
  const { start, end } = snapRange(text, input.start, input.end);
  const quote = quoteSelector(text, start, end);
  if (!quote.exact.trim()) throw new ApiError('invalid_argument', 'A highlight must contain some text, not only spaces.');
  const id = randomUUID();
  const at = now();
  store
    .sql(`INSERT INTO highlights (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, input.sourceId, start, end, quote.exact, quote.prefix, quote.suffix, input.color ?? 'yellow', at, at);
  return getHighlight(store, id);
}

export function createHighlight(store: Store, input: NewHighlight): Highlight {
  return store.write(() => {
    const highlight = insertHighlight(store, input);
    if (input.actorIds?.length) insertTags(store, highlight.id, [...new Set(input.actorIds)]);
    return highlight;
  });
}

export function updateHighlight(store: Store, id: string, color: HighlightColor): Highlight {
  return store.write(() => {
    const changes = store.sql('UPDATE highlights SET color = ?, updated_at = ? WHERE id = ?').run(color, now(), id).changes;
    if (changes === 0) throw highlightGone(id);
    return getHighlight(store, id);
  });
}

export function deleteHighlight(store: Store, id: string): { deleted: true } {
  return store.write(() => {
    if (store.sql('DELETE FROM highlights WHERE id = ?').run(id).changes === 0) throw highlightGone(id);
    return { deleted: true as const };
  });
}

import { createHash, randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import { snapRange } from '../../shared/text';
import type { AnchorReviewItem, Highlight, SourceFormat, TextUpdateReport } from '../../shared/types';
import { quoteSelector } from '../anchoring/quote';
import { reanchor, type AnchorInput, type AnchorResult } from '../anchoring/reanchor';
import { now, type Store } from '../db/store';
import type { ParsedDocument } from '../import/blocks';
import { getHighlight } from './highlights';
import { findSourceByHash, getSourceSummary } from './sources';

/**
 * "Update text": a source gets a new version of its text (a corrected article, a revised
 * report). The old text is kept in source_versions. Every highlight is re-anchored
 * (src/core/anchoring/reanchor.ts): one found with certainty moves with its text; any other waits
 * for the user in the review list (`anchor = 'review'`, start/end holding the best candidate)
 * or stays as `orphaned` (its text is gone; start/end only hold a place). Such highlights keep
 * their tags, claims and notes, and are not painted until the user decides. The caller runs
 * this as one undoable step.
 */
export function replaceSourceText(
  store: Store,
  sourceId: string,
  parsed: ParsedDocument,
  format: SourceFormat,
  fileName: string,
): TextUpdateReport {
  const row = store.sql('SELECT text, blocks, page_starts, content_hash, format, file_name FROM sources WHERE id = ?').get(sourceId) as
    | { text: string; blocks: string; page_starts: string; content_hash: string; format: string; file_name: string }
    | undefined;
  if (!row) throw new ApiError('not_found', 'That source no longer exists; it may have been deleted.', { id: sourceId });
  const label = fileName ? `"${fileName}"` : 'The new text';
  if (!parsed.text.trim()) throw new ApiError('empty_source', `${label} contains no readable text.`);
  const contentHash = createHash('sha256').update(parsed.text).digest('hex');
  if (contentHash === row.content_hash) {
    throw new ApiError('duplicate', `${label} is the same text this source already has; nothing was changed.`);
  }
  const other = findSourceByHash(store, contentHash);
  if (other) throw new ApiError('duplicate', `${label} is already in this project as “${other.title}”; nothing was changed.`, { sourceId: other.id });

  const at = now();
  store
    .sql(
      `INSERT INTO source_versions (id, source_id, replaced_at, format, file_name, content_hash, page_starts, blocks, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(randomUUID(), sourceId, at, row.format, row.file_name, row.content_hash, row.page_starts, row.blocks, row.text);
  store
    .sql(
      `UPDATE sources SET text = ?, blocks = ?, page_starts = ?, content_hash = ?, length = ?, format = ?, file_name = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(parsed.text, JSON.stringify(parsed.blocks), JSON.stringify(parsed.pageStarts ?? []), contentHash, parsed.text.length, format,
      fileName || row.file_name, at, sourceId);

  // Every highlight is re-anchored from where it was in the old text, whatever its state:
  // a highlight still waiting for review is judged again from its original passage.
  const anchors = store
    .sql('SELECT id, start_offset AS start, end_offset AS "end", exact, prefix, suffix, anchor FROM highlights WHERE source_id = ?')
    .all(sourceId) as Array<AnchorInput & { anchor: string }>;
  const oldText = row.text;
  const newText = parsed.text;
  // A highlight not anchored in the old text has no position to map from: only its quote counts.
  const inputs = anchors.map((a) => (a.anchor === 'ok' ? a : { ...a, start: 0, end: 0 }));
  const results = reanchor(oldText, newText, inputs);
  const oldStart = new Map(anchors.map((a) => [a.id, a.start]));
  const report: TextUpdateReport = { source: getSourceSummary(store, sourceId), kept: 0, moved: 0, review: 0, orphaned: 0 };
  const placed = store.sql(
    'UPDATE highlights SET start_offset = ?, end_offset = ?, exact = ?, prefix = ?, suffix = ?, anchor = ?, updated_at = ? WHERE id = ?',
  );
  const waiting = store.sql("UPDATE highlights SET start_offset = ?, end_offset = ?, anchor = ?, updated_at = ? WHERE id = ?");
  for (const result of results) {
    if (result.status === 'kept' || result.status === 'moved') {
      const quote = quoteSelector(newText, result.start, result.end);
      placed.run(result.start, result.end, quote.exact, quote.prefix, quote.suffix, 'ok', at, result.id);
      report[result.status]++;
    } else {
      const place = waitingPlace(newText, result, oldStart.get(result.id) ?? 0);
      waiting.run(place.start, place.end, place.anchor, at, result.id);
      report[place.anchor]++;
    }
  }
  report.source = getSourceSummary(store, sourceId);
  return report;
}

/**
 * Where a highlight that could not be placed with certainty waits in the new text: on its best
 * candidate (`review`), or, its text gone (`orphaned`), on one character near where it was, only
 * to hold a place. Also used when a colleague's highlights come onto a similar source in a merge
 * (src/core/export/merge.ts).
 */
export function waitingPlace(
  newText: string,
  /** A result neither kept nor moved (anything but `review` is taken as orphaned). */
  result: AnchorResult,
  oldStart: number,
): { start: number; end: number; anchor: 'review' | 'orphaned' } {
  if (result.status === 'review') {
    const { start, end } = snapRange(newText, result.candidate.start, Math.max(result.candidate.end, result.candidate.start + 1));
    return { start, end: Math.min(end, newText.length), anchor: 'review' };
  }
  const start = Math.min(Math.max(0, newText.length - 1), oldStart);
  const range = snapRange(newText, start, start + 1);
  return { start: range.start, end: Math.max(range.end, range.start + 1), anchor: 'orphaned' };
}

/** Found through the index highlights_waiting (migration 9): usually none, asked on every open. */
export const WAITING_SQL = `SELECT id, start_offset AS start, end_offset AS "end", exact, prefix, suffix, color, anchor FROM highlights
  WHERE source_id = ? AND anchor <> 'ok' ORDER BY anchor DESC, start_offset`;

/** Highlights of a source that wait for the user after an update, in text order of their candidates. */
export function listAnchorReview(store: Store, sourceId: string): AnchorReviewItem[] {
  return store.read(() => {
    getSourceSummary(store, sourceId);
    const rows = store.sql(WAITING_SQL).all(sourceId) as Array<Omit<AnchorReviewItem, 'candidate'> & { start: number; end: number }>;
    if (rows.length === 0) return []; // the usual answer: the text (up to megabytes) is not read for it
    const text = store.sql('SELECT text FROM sources WHERE id = ?').pluck().get(sourceId) as string;
    return rows.map(({ start, end, ...item }) => ({
      ...item,
      candidate: item.anchor === 'review' ? { start, end, text: text.slice(start, end) } : null,
    }));
  });
}

/**
 * The user's decision on a waiting highlight: accept its candidate, or place it on the passage
 * they selected ("Move here"). Its quote is taken from the current text; tags, claims and note stay.
 */
export function resolveAnchor(store: Store, id: string, placement: { start: number; end: number } | 'candidate'): Highlight {
  const current = getHighlight(store, id);
  const anchor = store.sql('SELECT anchor FROM highlights WHERE id = ?').pluck().get(id) as string;
  if (anchor === 'ok') throw new ApiError('invalid_argument', 'That highlight is already in place; there is nothing to resolve.', { id });
  if (placement === 'candidate' && anchor !== 'review') {
    throw new ApiError('invalid_argument', 'The text of that highlight is gone, so there is no candidate to accept: select the passage and use Move here, or delete it.', { id });
  }
  const text = store.sql('SELECT text FROM sources WHERE id = ?').pluck().get(current.sourceId) as string;
  const wanted = placement === 'candidate' ? { start: current.start, end: current.end } : placement;
  if (wanted.end <= wanted.start || wanted.end > text.length) {
    throw new ApiError('invalid_argument', `The passage [${wanted.start}, ${wanted.end}) is not inside the source (${text.length} characters).`);
  }
  const { start, end } = snapRange(text, wanted.start, wanted.end);
  const quote = quoteSelector(text, start, end);
  if (!quote.exact.trim()) throw new ApiError('invalid_argument', 'A highlight must contain some text, not only spaces.');
  store
    .sql("UPDATE highlights SET start_offset = ?, end_offset = ?, exact = ?, prefix = ?, suffix = ?, anchor = 'ok', updated_at = ? WHERE id = ?")
    .run(start, end, quote.exact, quote.prefix, quote.suffix, now(), id);
  return getHighlight(store, id);
}

/**
 * Pure helpers of the source library (src/renderer/src/features/sources/SourceList.tsx): which
 * rows of a long list to put in the page, which pages of the library to fetch for them, and how
 * clicks with Ctrl/Cmd or Shift change a multi-selection, and the library's answer to a filter
 * and sort made at once from the sources the window holds. Tested in library.test.ts.
 */
import type { LibrarySort } from '../../../../shared/search';
import type { SourceSummary } from '../../../../shared/types';
import { indexWords } from '../../../../shared/indexFold';
import { whenIdle } from '../../ui/idle';

/** Rows [first, last) to render: those in view plus `overscan` rows either side. */
export interface RowWindow {
  first: number;
  last: number;
}

export function rowWindow(scrollTop: number, viewHeight: number, rowHeight: number, count: number, overscan: number): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { first: 0, last: 0 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight));
  const bottom = Math.ceil((scrollTop + Math.max(0, viewHeight)) / rowHeight);
  const first = Math.min(count, Math.max(0, top - overscan));
  const last = Math.min(count, Math.max(first, bottom + overscan));
  return { first, last };
}

/**
 * The indexes to render, in order: the window, plus rows that must stay in the page wherever the
 * list is scrolled (the focused row, so focus is not lost; the open source, so it stays findable).
 */
export function rowsToRender(window: RowWindow, keep: ReadonlyArray<number | null | undefined>, count: number): number[] {
  const rows: number[] = [];
  for (let i = window.first; i < window.last; i++) rows.push(i);
  const extra = keep.filter((i): i is number => typeof i === 'number' && i >= 0 && i < count && (i < window.first || i >= window.last));
  if (extra.length === 0) return rows;
  return [...new Set([...rows, ...extra])].sort((a, b) => a - b);
}

/** The pages (of `pageSize` rows) that hold rows [first, last). */
export function pagesFor(first: number, last: number, pageSize: number): number[] {
  if (last <= first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((last - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/** The scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollToRow(index: number, scrollTop: number, viewHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewHeight) return Math.max(0, top + rowHeight - viewHeight);
  return scrollTop;
}

export interface Selection {
  ids: ReadonlySet<string>;
  /** Where a Shift+click range starts: the last row clicked without Shift. */
  anchor: number | null;
}

export const NO_SELECTION: Selection = { ids: new Set(), anchor: null };

/**
 * A click (or Space) on row `index` with modifiers: `toggle` (Ctrl/Cmd+click, Space) adds or
 * removes the row and moves the anchor there; `range` (Shift+click) selects the rows from the
 * anchor to it, replacing the selection; `range-add` (Ctrl/Cmd+Shift+click) adds that range.
 * `idAt` gives the id of a row (undefined when not loaded; such rows are skipped).
 */
export function selectAt(selection: Selection, index: number, mode: 'toggle' | 'range' | 'range-add', idAt: (i: number) => string | undefined): Selection {
  const id = idAt(index);
  if (mode === 'toggle' || selection.anchor === null) {
    if (id === undefined) return selection;
    const ids = new Set(selection.ids);
    if (mode === 'toggle' && ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: index };
  }
  const from = Math.min(selection.anchor, index);
  const to = Math.max(selection.anchor, index);
  const ids = new Set(mode === 'range-add' ? selection.ids : []);
  for (let i = from; i <= to; i++) {
    const at = idAt(i);
    if (at !== undefined) ids.add(at);
  }
  return { ids, anchor: selection.anchor };
}

/** Keeps only the selected ids still in `present` (after a delete, a filter, an undo). */
export function pruneSelection(selection: Selection, present: ReadonlySet<string>): Selection {
  let changed = false;
  const ids = new Set<string>();
  for (const id of selection.ids) {
    if (present.has(id)) ids.add(id);
    else changed = true;
  }
  return changed ? { ids, anchor: selection.anchor } : selection;
}

/** "12 of 200 sources", "1 source", "200 sources". */
export function countText(shown: number, all: number): string {
  const noun = (n: number) => (n === 1 ? 'source' : 'sources');
  return shown === all ? `${all} ${noun(all)}` : `${shown} of ${all} ${noun(all)}`;
}

// ---- the library's answer, at once

/** A library question as the list asks it of querySources (no collection: those need the store). */
export interface LibraryQuestion {
  filter: string;
  sort: LibrarySort;
  direction: 'asc' | 'desc';
}

/** Each source's indexed words (title, outlet, authors), made once per source object. */
const wordsBySource = new WeakMap<SourceSummary, string[]>();
function wordsOf(source: SourceSummary): string[] {
  let words = wordsBySource.get(source);
  // As the index's trigger joins them; the authors as their stored JSON, which the tokenizer cuts the same.
  if (!words) wordsBySource.set(source, (words = indexWords(`${source.title} ${source.outlet} ${JSON.stringify(source.authors)}`)));
  return words;
}

/**
 * Makes the sources' indexed words ahead, a slice at a time while the window is idle, so the first
 * keystroke in the filter does not pay for all of them. Returns a function that stops it.
 */
export function prepareAnswers(sources: readonly SourceSummary[]): () => void {
  let next = 0;
  let cancel = () => {};
  const step = () => {
    for (const end = Math.min(sources.length, next + 2000); next < end; next++) wordsOf(sources[next]);
    if (next < sources.length) cancel = whenIdle(step);
  };
  cancel = whenIdle(step);
  return () => cancel();
}

/** SQLite's NOCASE: ASCII letters compared without case, the rest as they are. */
const nocase = (text: string) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The key querySources sorts by (src/core/search/library.ts, ORDER), null for what goes last. */
function sortKey(sort: LibrarySort, s: SourceSummary): string | number | null {
  switch (sort) {
    case 'added':
      return s.createdAt;
    case 'published':
      return s.publishedAt || null;
    case 'title':
      return nocase(s.title);
    case 'outlet':
      return s.outlet ? nocase(s.outlet) : null;
    case 'highlights':
      return s.highlightCount;
  }
}

/**
 * The answer querySources gives to `question`, made from the sources the window holds (they come
 * in the store's order: added, oldest first), so the list can show it in the frame of the
 * keystroke instead of a round trip later; the store's answer follows and replaces it. The
 * filter matches as the library's index does (every word the start of an indexed word of the
 * title, outlet or authors, folded as the index folds: `indexWords`); the order is the store's
 * (missing dates and outlets last, then the time added). Every row of the answer is given.
 */
export function answerLocally(sources: readonly SourceSummary[], question: LibraryQuestion): { rows: SourceSummary[]; total: number; all: number } {
  const wanted = [...new Set(indexWords(question.filter))].slice(0, 16);
  const rows = question.filter.trim() === '' ? [...sources] : wanted.length === 0 ? [] : sources.filter((s) => {
    const words = wordsOf(s);
    return wanted.every((w) => words.some((word) => word.startsWith(w)));
  });
  const sign = question.direction === 'asc' ? 1 : -1;
  // The store's order is (created_at, rowid), the last keys of every sort: "added" is that order.
  if (question.sort === 'added') return { rows: sign > 0 ? rows : rows.reverse(), total: rows.length, all: sources.length };
  // Positions in the store's order stand for (created_at, rowid) in the other sorts' ties.
  const position = new Map(sources.map((s, i) => [s.id, i]));
  const decorated = rows.map((s) => ({ s, key: sortKey(question.sort, s), at: position.get(s.id)! }));
  decorated.sort((a, b) => {
    if ((a.key === null) !== (b.key === null)) return a.key === null ? 1 : -1;
    const byKey = a.key === null || b.key === null ? 0 : typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : compareText(String(a.key), String(b.key));
    return sign * (byKey || a.at - b.at);
  });
  return { rows: decorated.map((d) => d.s), total: rows.length, all: sources.length };
}

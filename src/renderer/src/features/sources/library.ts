/**
 * Pure helpers of the source library (src/renderer/src/features/sources/SourceList.tsx): which
 * rows of a long list to put in the page, which pages of the library to fetch for them, and how
 * clicks with Ctrl/Cmd or Shift change a multi-selection. Tested in library.test.ts.
 */

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

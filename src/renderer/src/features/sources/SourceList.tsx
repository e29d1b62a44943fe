import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { LIBRARY_SORTS, type Collection, type LibraryPage, type LibrarySort, type LibrarySource } from '../../../../shared/search';
import type { SourceSummary } from '../../../../shared/types';
import { api, errorMessage } from '../../api';
import { useWorkspaceController } from '../../app/useWorkspace';
import { LibraryDialogs, type LibraryActions, type LibraryDialog, type SourceBrief } from './LibraryDialogs';
import { answerLocally, countText, prepareAnswers, NO_SELECTION, pagesFor, pruneSelection, rowsToRender, rowWindow, scrollToRow, selectAt, type Selection } from './library';
import './library.css';

/**
 * The source library, the left column: the project's sources filtered as the user types, sorted,
 * by collection (querySources, docs/search.md), with a multi-selection and actions on it. The
 * rows come a page at a time and only those near the view are in the page (fixed row height, the
 * list's full height kept), so 10,000 sources scroll as smoothly as 10. A click opens a source;
 * Ctrl/Cmd+click, Shift+click, Space and Ctrl/Cmd+A select.
 */
interface Props {
  /** The workspace's source list: a new one (import, undo, any change) makes the library read again. */
  sources: SourceSummary[];
  openId: string | null;
  onOpen(id: string): void;
  onImport(): void;
  onPaste(): void;
  /** The import progress list, shown under the header while a batch runs. */
  progress?: ReactNode;
}

/** Every row has this height (px), so a row's place is its index times it. */
export const ROW_HEIGHT = 64;
/** Rows rendered beyond the view either side. */
const OVERSCAN = 10;
/**
 * Up to this many rows every row is in the page; beyond, only the rows in view and OVERSCAN either
 * side (scripts/bench/library.mjs: drawing a few hundred rows per keystroke of the filter cost
 * more than the query).
 */
const RENDER_ALL_UP_TO = 40;
/** Rows per querySources call. */
const PAGE = 100;

const SORT_LABELS: Record<LibrarySort, string> = { added: 'Added', published: 'Published', title: 'Title', outlet: 'Outlet', highlights: 'Highlights' };
/** The natural order of each sort (the list opens oldest first, as sources were added). */
const DEFAULT_DIRECTION: Record<LibrarySort, 'asc' | 'desc'> = { added: 'asc', published: 'desc', title: 'asc', outlet: 'asc', highlights: 'desc' };
const DIRECTION_WORDS: Record<LibrarySort, [string, string]> = {
  added: ['Oldest first', 'Newest first'],
  published: ['Oldest first', 'Newest first'],
  title: ['A to Z', 'Z to A'],
  outlet: ['A to Z', 'Z to A'],
  highlights: ['Fewest first', 'Most first'],
};

interface Query {
  filter: string;
  sort: LibrarySort;
  direction: 'asc' | 'desc';
  collectionId: string | null;
}

/** The library's choices outlive a reload of the list (not of the page). */
const remembered: { sort: LibrarySort; direction: 'asc' | 'desc'; collectionId: string | null } = { sort: 'added', direction: 'asc', collectionId: null };

interface Data {
  query: string;
  /** The workspace's source list this was read for. */
  basis: SourceSummary[];
  total: number;
  all: number;
  pages: Map<number, LibrarySource[]>;
}

const fetchPage = (q: Query, page: number, limit = PAGE) =>
  api.querySources({
    ...(q.filter ? { filter: q.filter } : {}),
    sort: q.sort,
    direction: q.direction,
    ...(q.collectionId ? { collectionId: q.collectionId } : {}),
    limit,
    offset: page * limit,
  });

const brief = (s: LibrarySource): SourceBrief => ({ id: s.id, title: s.title, highlightCount: s.highlightCount });
/** Whether the store's first page says what the window's answer says (the same rows, as they were read). */
function agrees(guess: Data, answer: LibraryPage): boolean {
  const rows = guess.pages.get(0) ?? [];
  if (answer.total !== guess.total || answer.all !== guess.all || answer.sources.length !== rows.length) return false;
  return answer.sources.every((s, i) => s.id === rows[i].id && s.updatedAt === rows[i].updatedAt && s.highlightCount === rows[i].highlightCount);
}

/** A source as the window holds it, as a library row (its collections come with the store's answer); made once per source. */
const libraryRows = new WeakMap<SourceSummary, LibrarySource>();
const asLibrarySource = (s: SourceSummary): LibrarySource => {
  let row = libraryRows.get(s);
  if (!row) libraryRows.set(s, (row = { ...s, collectionIds: [] }));
  return row;
};

export function SourceList({ sources, openId, onOpen, onImport, onPaste, progress }: Props) {
  const ws = useWorkspaceController();
  const [filterText, setFilterTextState] = useState('');
  // A query per keystroke: the filter is indexed (library_fts, src/core/search/schema.ts) and
  // answers in milliseconds, and a stale answer is dropped, so the list follows the typing.
  const setFilterText = (text: string) => {
    setFilterTextState(text);
    setFilter(text);
  };
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<LibrarySort>(remembered.sort);
  const [direction, setDirection] = useState<'asc' | 'desc'>(remembered.direction);
  const [collectionChoice, setCollectionChoice] = useState<string | null>(remembered.collectionId);
  const [collections, setCollections] = useState<Collection[] | null>(null);
  /** The store's latest answer (querySources). */
  const [answered, setData] = useState<Data | null>(null);
  const [failure, setFailure] = useState<{ query: string; message: string } | null>(null);
  const [retry, setRetry] = useState(0);
  const [chosen, setSelection] = useState<Selection>(NO_SELECTION);
  const [active, setActive] = useState<{ index: number; id: string | null }>({ index: 0, id: null });
  const [dialog, setDialog] = useState<LibraryDialog | null>(null);
  const [view, setView] = useState({ topRow: 0, height: 800 });
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const focusWanted = useRef(false);

  useEffect(() => {
    remembered.sort = sort;
    remembered.direction = direction;
    remembered.collectionId = collectionChoice;
  }, [sort, direction, collectionChoice]);


  // Collections, read again with every change of the project (an undo may bring one back).
  useEffect(() => {
    let live = true;
    api.listCollections({}).then(
      (list) => live && setCollections(list),
      (error: unknown) => live && ws.fail(error),
    );
    return () => {
      live = false;
    };
  }, [sources, ws]);

  // A collection deleted (here, by an undo, in another window) no longer narrows the list.
  const collection = collections?.find((c) => c.id === collectionChoice) ?? null;
  const collectionId = collections === null ? collectionChoice : (collection?.id ?? null);
  const queryKey = JSON.stringify({ filter: filter.trim(), sort, direction, collectionId } satisfies Query);

  // --- Rows: the pages near the view, read for this query and this state of the project.
  // Until the store answers the current question, the window answers it from the sources it
  // holds (answerLocally: the same rows in the same order), so a keystroke in the filter shows
  // its answer in its own frame. With a collection chosen only the store knows the answer.
  const predicted = useMemo<Data | null>(() => {
    // Not before the store's first answer: the window's list may not have come yet either.
    if (!answered || collectionId !== null || (answered.query === queryKey && answered.basis === sources)) return null;
    const q = JSON.parse(queryKey) as Query;
    const { rows, total: count, all } = answerLocally(sources, q);
    const pages = new Map<number, LibrarySource[]>();
    for (let page = 0; page * PAGE < rows.length || page === 0; page++) pages.set(page, rows.slice(page * PAGE, (page + 1) * PAGE).map(asLibrarySource));
    return { query: queryKey, basis: sources, total: count, all, pages };
  }, [collectionId, answered, queryKey, sources]);
  const data = predicted ?? answered;
  const guessed = useRef<Data | null>(null);
  useLayoutEffect(() => {
    if (predicted) guessed.current = predicted;
  });
  useEffect(() => prepareAnswers(sources), [sources]);
  const total = data?.total ?? 0;
  const windowed = total > RENDER_ALL_UP_TO;
  const win = windowed ? rowWindow(view.topRow * ROW_HEIGHT, view.height, ROW_HEIGHT, total, OVERSCAN) : { first: 0, last: total };
  const fresh = !answered || answered.query !== queryKey || answered.basis !== sources;
  const wanted =
    !answered || answered.query !== queryKey ? [0] : fresh ? pagesFor(win.first, Math.max(win.last, 1), PAGE) : pagesFor(win.first, win.last, PAGE).filter((p) => !answered.pages.has(p));
  const wantedKey = wanted.join(',');

  // Answers are applied in the order their questions were asked, not only the current one's: while
  // the user types, the count and rows for the letters typed so far are drawn as soon as they are
  // known (marked stale until the last one's come), rather than nothing until the typing pauses
  // (scripts/bench/library.mjs). An answer to an older question than the one drawn is dropped.
  const asked = useRef(0);
  const shown = useRef(0);
  useEffect(() => {
    const pages = wantedKey.split(',').filter(Boolean).map(Number);
    if (pages.length === 0) return;
    let live = true;
    const seq = ++asked.current;
    const query = JSON.parse(queryKey) as Query;
    const basis = sources;
    Promise.all(pages.map((p) => fetchPage(query, p))).then(
      (answers) => {
        if (seq < shown.current) return;
        shown.current = seq;
        setData((prev) => {
          const keep = prev !== null && prev.query === queryKey && prev.basis === basis;
          // The window's own answer (answerLocally) agreed: it stays, so nothing is drawn again.
          const guess = guessed.current;
          if (!keep && guess && guess.query === queryKey && guess.basis === basis && pages.length === 1 && pages[0] === 0 && agrees(guess, answers[0])) return guess;
          const map = new Map(keep ? prev.pages : []);
          answers.forEach((answer, i) => map.set(pages[i], answer.sources));
          const last = answers[answers.length - 1];
          return { query: queryKey, basis, total: last.total, all: last.all, pages: map };
        });
        // Only the answer to the latest question clears its error; an older one drawn late does not.
        if (seq === asked.current) setFailure(null);
      },
      (error: unknown) => live && setFailure({ query: queryKey, message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [queryKey, sources, wantedKey, retry]);

  const rowAt = useCallback((i: number): LibrarySource | undefined => data?.pages.get(Math.floor(i / PAGE))?.[i % PAGE], [data]);
  // The rows' callbacks stay the same across reads, so a refresh re-renders only rows that changed.
  const rowAtRef = useRef(rowAt);
  useLayoutEffect(() => {
    rowAtRef.current = rowAt;
  });
  const onOpenRef = useRef(onOpen);
  useLayoutEffect(() => {
    onOpenRef.current = onOpen;
  });
  const indexById = useMemo(() => {
    const map = new Map<string, number>();
    for (const [page, rows] of data?.pages ?? []) rows.forEach((s, i) => map.set(s.id, page * PAGE + i));
    return map;
  }, [data]);
  const loadedIds = useMemo(() => new Set(indexById.keys()), [indexById]);
  const complete = data !== null && loadedIds.size >= data.total;

  // A new query starts at the top; a new filter or collection starts a new selection.
  const lastQuery = useRef(queryKey);
  const lastScope = useRef(JSON.stringify([filter.trim(), collectionId]));
  useEffect(() => {
    if (lastQuery.current === queryKey) return;
    lastQuery.current = queryKey;
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setView((v) => (v.topRow === 0 ? v : { ...v, topRow: 0 }));
    setActive({ index: 0, id: null });
    const scope = JSON.stringify([filter.trim(), collectionId]);
    if (scope !== lastScope.current) setSelection(NO_SELECTION);
    else setSelection((s) => ({ ...s, anchor: null }));
    lastScope.current = scope;
  }, [queryKey, filter, collectionId]);

  // Sources gone (deleted, an import undone) are no longer selected.
  const selection = useMemo(() => (complete ? pruneSelection(chosen, loadedIds) : chosen), [complete, chosen, loadedIds]);

  // The view's height, and which rows are in it.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setView((v) => (v.height === el.clientHeight ? v : { ...v, height: el.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const topRow = Math.floor(el.scrollTop / ROW_HEIGHT);
    setView((v) => (v.topRow === topRow ? v : { ...v, topRow }));
  };

  const openIndex = openId ? indexById.get(openId) : undefined;
  const activeIndex = Math.min(Math.max(0, total - 1), active.id !== null && indexById.has(active.id) ? indexById.get(active.id)! : active.id === null && openIndex !== undefined && active.index === 0 ? openIndex : active.index);

  // The open source's row comes into view when another source is opened (an import, a search hit).
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!openId || openIndex === undefined || scrolledFor.current === openId) return;
    scrolledFor.current = openId;
    const el = scrollRef.current;
    if (el) el.scrollTop = scrollToRow(openIndex, el.scrollTop, el.clientHeight, ROW_HEIGHT);
  }, [openId, openIndex]);

  // Keyboard moves put focus on the active row once it is rendered.
  useLayoutEffect(() => {
    if (!focusWanted.current) return;
    const focused = document.activeElement;
    if (focused && focused !== document.body && !listRef.current?.contains(focused) && !focused.closest('.library-controls')) {
      focusWanted.current = false; // the user went elsewhere meanwhile
      return;
    }
    const button = listRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    if (button) {
      focusWanted.current = false;
      button.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    if (total === 0) return;
    const i = Math.max(0, Math.min(total - 1, index));
    setActive({ index: i, id: rowAt(i)?.id ?? null });
    focusWanted.current = true;
    const el = scrollRef.current;
    if (el) el.scrollTop = scrollToRow(i, el.scrollTop, el.clientHeight, ROW_HEIGHT);
  };

  /** Every source of the current query (read in pages when not all are loaded). */
  const loadAll = async (): Promise<LibrarySource[]> => {
    if (data && complete && data.query === queryKey) {
      return [...data.pages.entries()].sort(([a], [b]) => a - b).flatMap(([, rows]) => rows);
    }
    const query = JSON.parse(queryKey) as Query;
    const first = await fetchPage(query, 0, 10000);
    const rows = [...first.sources];
    for (let page = 1; rows.length < first.total; page++) {
      const next = await fetchPage(query, page, 10000);
      if (next.sources.length === 0) break;
      rows.push(...next.sources);
    }
    return rows;
  };

  const selectedBriefs = async (): Promise<SourceBrief[]> => {
    const ids = selection.ids;
    const known = [...ids].map((id) => (indexById.has(id) ? rowAt(indexById.get(id)!) : undefined));
    if (known.every(Boolean)) return (known as LibrarySource[]).map(brief);
    return (await loadAll()).filter((s) => ids.has(s.id)).map(brief);
  };

  const selectAll = async () => {
    try {
      const rows = await loadAll();
      setSelection({ ids: new Set(rows.map((s) => s.id)), anchor: null });
    } catch (error) {
      ws.fail(error);
    }
  };

  const openDialogWithSelection = (kind: 'add-to-collection' | 'delete-sources') => {
    selectedBriefs().then((list) => list.length > 0 && setDialog({ kind, sources: list }), ws.fail);
  };

  const onRowClick = useCallback(
    (event: MouseEvent, index: number, id: string) => {
      setActive({ index, id });
      const mod = event.ctrlKey || event.metaKey;
      if (mod || event.shiftKey) {
        setSelection((s) => selectAt(s, index, event.shiftKey ? (mod ? 'range-add' : 'range') : 'toggle', (i) => rowAtRef.current(i)?.id));
        return;
      }
      setSelection((s) => (s.ids.size ? NO_SELECTION : s.anchor === index ? s : { ids: s.ids, anchor: index }));
      onOpenRef.current(id);
    },
    [],
  );
  const onCheck = useCallback((shift: boolean, index: number, id: string) => {
    setActive({ index, id });
    setSelection((s) => selectAt(s, index, shift ? 'range-add' : 'toggle', (i) => rowAtRef.current(i)?.id));
  }, []);

  const onListKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    const perView = Math.max(1, Math.floor(view.height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: activeIndex + 1, ArrowUp: activeIndex - 1, PageDown: activeIndex + perView, PageUp: activeIndex - perView, Home: 0, End: total - 1 };
    if (e.key in moves && !mod && !e.altKey) {
      e.preventDefault();
      const to = moves[e.key];
      if (e.shiftKey && selection.anchor !== null) setSelection((s) => selectAt(s, Math.max(0, Math.min(total - 1, to)), 'range', (i) => rowAt(i)?.id));
      moveTo(to);
    } else if (e.key === ' ' && !mod) {
      e.preventDefault();
      const id = rowAt(activeIndex)?.id;
      if (id) setSelection((s) => selectAt(s, activeIndex, e.shiftKey ? 'range-add' : 'toggle', (i) => rowAt(i)?.id));
    } else if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      void selectAll();
    } else if (e.key === 'Escape' && selection.ids.size > 0) {
      e.preventDefault();
      setSelection(NO_SELECTION);
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && selection.ids.size > 0 && !mod) {
      e.preventDefault();
      openDialogWithSelection('delete-sources');
    }
  };

  // Space activates a button on key up; the selection handled it on key down.
  const onListKeyUp = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key === ' ') e.preventDefault();
  };

  const selectedIds = [...selection.ids];
  const actions: LibraryActions = {
    createCollection: async (name, sourceIds) => {
      const created = await api.createCollection({ name, ...(sourceIds.length ? { sourceIds } : {}) });
      ws.say('info', sourceIds.length ? `Created the collection “${created.name}” with ${countText(created.sourceCount, created.sourceCount)}.` : `Created the collection “${created.name}”.`);
      if (sourceIds.length) setSelection(NO_SELECTION);
      else setCollectionChoice(created.id);
      await ws.refresh(true);
    },
    renameCollection: async (c, name) => {
      await api.renameCollection({ id: c.id, name });
      await ws.refresh(true);
    },
    deleteCollection: async (c) => {
      await api.deleteCollection({ id: c.id });
      ws.say('info', `Deleted the collection “${c.name}”; its sources stay in the project. Press Ctrl+Z to undo.`);
      setCollectionChoice(null);
      await ws.refresh(true);
    },
    addToCollection: async (c, sourceIds) => {
      const updated = await api.addToCollection({ id: c.id, sourceIds });
      ws.say('info', `Added ${countText(sourceIds.length, sourceIds.length)} to “${updated.name}” (now ${updated.sourceCount}).`);
      setSelection(NO_SELECTION);
      await ws.refresh(true);
    },
    deleteSources: async (list) => {
      const deleted = await ws.deleteSources(list.map((s) => s.id));
      if (deleted > 0) setSelection(NO_SELECTION);
    },
  };

  const removeFromCollection = async () => {
    if (!collection) return;
    try {
      await api.removeFromCollection({ id: collection.id, sourceIds: selectedIds });
      ws.say('info', `Removed ${countText(selectedIds.length, selectedIds.length)} from “${collection.name}”. Press Ctrl+Z to undo.`);
      setSelection(NO_SELECTION);
      await ws.refresh(true);
    } catch (error) {
      ws.fail(error);
    }
  };

  const error = failure && failure.query === queryKey ? failure.message : null;
  const stale = data !== null && fresh && data.query !== queryKey;
  const rows = rowsToRender(win, windowed ? [activeIndex, openIndex] : [], total);
  const selecting = selection.ids.size > 0;
  const directionWords = DIRECTION_WORDS[sort][direction === 'asc' ? 0 : 1];

  return (
    <section className="sources library" aria-label="Sources">
      <header className="pane-header">
        <h2>Sources</h2>
        <div className="pane-actions">
          <button type="button" onClick={onPaste} title="Paste text as a new source">
            Paste…
          </button>
          <button type="button" className="primary" onClick={onImport} title="Import web pages, PDFs, Word files, Markdown or text (you can also drop them on the window)">
            Import...
          </button>
        </div>
      </header>
      {progress}
      <div className="library-controls">
        <input
          type="search"
          className="library-filter"
          aria-label="Filter sources"
          placeholder="Filter by title, outlet or author"
          value={filterText}
          onChange={(e) => setFilterText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && total > 0) {
              e.preventDefault();
              moveTo(activeIndex);
            }
          }}
        />
        <div className="library-row">
          <select
            className="library-collection"
            aria-label="Collection"
            value={collectionId ?? ''}
            onChange={(e) => setCollectionChoice(e.target.value || null)}
          >
            <option value="">All sources{data ? ` (${data.all})` : ''}</option>
            {(collections ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.sourceCount})
              </option>
            ))}
          </select>
          <button type="button" className="library-icon" aria-label="New collection…" title="New collection…" onClick={() => setDialog({ kind: 'new-collection' })}>
            +
          </button>
        </div>
        {collection && (
          <div className="library-row library-collection-tools">
            <button type="button" className="link-button" aria-label={`Rename the collection “${collection.name}”…`} onClick={() => setDialog({ kind: 'rename-collection', collection })}>
              Rename…
            </button>
            <button type="button" className="link-button" aria-label={`Delete the collection “${collection.name}”…`} onClick={() => setDialog({ kind: 'delete-collection', collection })}>
              Delete…
            </button>
          </div>
        )}
        <div className="library-row">
          <label className="library-sort">
            <span>Sort</span>
            <select
              aria-label="Sort by"
              value={sort}
              onChange={(e) => {
                const next = e.target.value as LibrarySort;
                setSort(next);
                setDirection(DEFAULT_DIRECTION[next]);
              }}
            >
              {LIBRARY_SORTS.map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="library-icon"
            aria-label={`Order: ${directionWords}`}
            title={`${directionWords} (click to reverse)`}
            onClick={() => setDirection(direction === 'asc' ? 'desc' : 'asc')}
          >
            <span aria-hidden="true">{direction === 'asc' ? '↑' : '↓'}</span>
          </button>
          <span className="library-count" aria-live="polite">
            {data ? countText(data.total, data.all) : ''}
          </span>
        </div>
      </div>
      {selecting && (
        <div className="library-selection" role="group" aria-label="Selected sources">
          <span className="library-selected">{selection.ids.size} selected</span>
          <button type="button" onClick={() => openDialogWithSelection('add-to-collection')}>
            Add to collection…
          </button>
          {collection && (
            <button type="button" onClick={() => void removeFromCollection()}>
              Remove from collection
            </button>
          )}
          <button type="button" title="Export the selected sources (the Export dialog)" onClick={() => ws.setModal({ kind: 'exports', sourceIds: [...selection.ids] })}>
            Export…
          </button>
          <button type="button" className="danger-outline" onClick={() => openDialogWithSelection('delete-sources')}>
            Delete…
          </button>
          <button type="button" className="link-button" aria-label="Clear the selection" title="Clear the selection (Escape)" onClick={() => setSelection(NO_SELECTION)}>
            Clear
          </button>
        </div>
      )}
      {error ? (
        <div className="library-error" role="alert">
          <p>The sources could not be listed: {error}</p>
          <button type="button" onClick={() => setRetry((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : data && data.all === 0 ? (
        <p className="empty">No sources yet. Import a file, drop one here, or paste text.</p>
      ) : data && data.total === 0 && !stale ? (
        filter.trim() ? (
          <div className="empty">
            <p>No sources match “{filter.trim()}”.</p>
            <button type="button" onClick={() => setFilterText('')}>
              Clear the filter
            </button>
          </div>
        ) : (
          <p className="empty">This collection is empty. Select sources (Ctrl+click or Space), then choose Add to collection….</p>
        )
      ) : (
        <div className={`library-scroll${stale ? ' stale' : ''}`} ref={scrollRef} onScroll={onScroll}>
          <ul
            ref={listRef}
            className={`source-list${selecting ? ' selecting' : ''}`}
            aria-label="Sources list"
            aria-busy={stale}
            style={{ height: total * ROW_HEIGHT }}
            onKeyDown={onListKeyDown}
            onKeyUp={onListKeyUp}
          >
            {rows.map((i) => {
              const s = rowAt(i);
              // Keyed by place, not by source: a new filter's answer rewrites the rows in view
              // in place instead of removing and creating them (scripts/bench/library.mjs).
              return s ? (
                <SourceRow
                  key={`row-${i}`}
                  source={s}
                  index={i}
                  setSize={windowed ? total : undefined}
                  current={s.id === openId}
                  selected={selection.ids.has(s.id)}
                  tabbable={i === activeIndex}
                  onClick={onRowClick}
                  onCheck={onCheck}
                />
              ) : (
                <li key={`row-${i}`} className="source-placeholder" style={{ top: i * ROW_HEIGHT }} aria-hidden="true">
                  Loading…
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {dialog && <LibraryDialogs dialog={dialog} collections={collections ?? []} actions={actions} onClose={() => setDialog(null)} />}
    </section>
  );
}

interface RowProps {
  source: LibrarySource;
  index: number;
  setSize: number | undefined;
  current: boolean;
  selected: boolean;
  tabbable: boolean;
  onClick(event: MouseEvent, index: number, id: string): void;
  onCheck(shift: boolean, index: number, id: string): void;
}

/** One source; re-rendered only when what it shows changed (a refresh brings new but equal objects). */
const SourceRow = memo(
  function SourceRow({ source: s, index, setSize, current, selected, tabbable, onClick, onCheck }: RowProps) {
    return (
      <li
        className={selected ? 'selected' : undefined}
        style={{ top: index * ROW_HEIGHT }}
        aria-setsize={setSize}
        aria-posinset={setSize === undefined ? undefined : index + 1}
      >
        <input
          type="checkbox"
          className="source-check"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select “${s.title}”`}
          onChange={(e) => onCheck((e.nativeEvent as globalThis.MouseEvent).shiftKey === true, index, s.id)}
        />
        <button
          type="button"
          className="source-item"
          data-index={index}
          tabIndex={tabbable ? 0 : -1}
          aria-current={current ? 'true' : undefined}
          onMouseDown={(e) => {
            // Shift+click selects a range of sources, not the page's text.
            if (e.shiftKey) e.preventDefault();
          }}
          onClick={(e) => onClick(e, index, s.id)}
        >
          <span className="source-title" title={s.title}>
            {s.title}
          </span>
          <span className="source-meta">{[s.outlet, s.publishedAt].filter(Boolean).join(' · ') || formatLabel(s)}</span>
          <span className="badge" aria-label={`${s.highlightCount} highlights`}>
            {s.highlightCount}
          </span>
          {selected && <span className="sr-only">, selected</span>}
        </button>
      </li>
    );
  },
  (a, b) =>
    a.index === b.index &&
    a.setSize === b.setSize &&
    a.current === b.current &&
    a.selected === b.selected &&
    a.tabbable === b.tabbable &&
    a.onClick === b.onClick &&
    a.onCheck === b.onCheck &&
    (a.source === b.source ||
      (a.source.id === b.source.id &&
        a.source.title === b.source.title &&
        a.source.outlet === b.source.outlet &&
        a.source.publishedAt === b.source.publishedAt &&
        a.source.format === b.source.format &&
        a.source.fileName === b.source.fileName &&
        a.source.highlightCount === b.source.highlightCount)),
);

const formatLabel = (s: SourceSummary) => (s.format === 'pasted' ? 'Pasted text' : s.fileName);

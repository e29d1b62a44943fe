import { useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { SearchHitKind, SearchSourceResult, Snippet } from '../../../../shared/search';
import { showKey } from '../../app/commands';
import { optionId, type SearchOption, type SearchStore } from './searchStore';
import './search.css';

/**
 * Corpus search in the top bar: the field (Ctrl/Cmd+Shift+F) and, below it over the window, the
 * results: matching actors, then the sources best first with their hits, each snippet with the
 * words found marked. The field keeps focus; ↓/↑ move through the rows (aria-activedescendant),
 * Enter opens one, Esc closes the panel and a second Esc empties the field. State and the
 * requests are in SearchStore (searchStore.ts).
 */

const KIND_LABEL: Record<SearchHitKind, string | null> = { text: null, quote: 'Quote', note: 'Note', claim: 'Tie', meta: 'Details' };

/** Where focus goes when the search is done with: the reader, else the page. */
function focusReader(): void {
  const reader = document.querySelector<HTMLElement>('.reader-scroll');
  if (reader) reader.focus({ preventScroll: true });
  else (document.activeElement as HTMLElement | null)?.blur();
}

export function SearchBox({ store }: { store: SearchStore }) {
  const state = useSyncExternalStore(store.subscribe, () => store.state);
  const field = useRef<HTMLInputElement>(null);
  const options = store.options;
  const active = options[state.active];
  const activeId = state.open && active ? optionId(active) : undefined;

  // The command focuses the field at once (keys typed right after it land there).
  useEffect(
    () =>
      store.setFocuser(() => {
        field.current?.focus();
        field.current?.select();
      }),
    [store],
  );

  // An opened hit: the reader has the passage, and focus, so its keys work at once.
  const opened = useRef(state.opened);
  useEffect(() => {
    if (state.opened === opened.current) return;
    opened.current = state.opened;
    focusReader();
  }, [state.opened]);

  // The active row stays in view as the arrows move.
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      store.move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void store.openActive();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (store.escape()) focusReader();
    }
  };

  return (
    <div
      className="search-box"
      role="search"
      aria-label="Search all sources"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) store.setOpen(false);
      }}
    >
      <input
        ref={field}
        type="search"
        className="search-field"
        aria-label="Search"
        placeholder="Search"
        title={`Search all sources (${showKey('Shift+Mod+F')})`}
        autoComplete="off"
        spellCheck={false}
        value={state.query}
        aria-controls={state.open ? 'search-results' : undefined}
        aria-activedescendant={activeId}
        aria-describedby={state.open ? 'search-summary' : undefined}
        onChange={(event) => store.setQuery(event.currentTarget.value)}
        onFocus={() => store.setOpen(true)}
        onClick={() => store.setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <kbd className="search-key" aria-hidden="true">
        {showKey('Shift+Mod+F')}
      </kbd>
      {state.open && <ResultsPanel store={store} options={options} activeId={activeId} />}
    </div>
  );
}

function summaryText(loading: boolean, error: string | null, total: number | null, query: string): string {
  if (error) return error;
  if (total === null) return loading ? 'Searching…' : '';
  if (total === 0) return `No sources match “${query}”.`;
  return total === 1 ? '1 source matches' : `${total} sources match`;
}

function ResultsPanel({ store, options, activeId }: { store: SearchStore; options: SearchOption[]; activeId: string | undefined }) {
  const { result, error, loading, loadingMore, actor, answered } = store.state;
  const rows: ReactNode[] = [];
  const bySource = new Map<string, SearchOption[]>();
  const actorRows: SearchOption[] = [];
  let more: SearchOption | null = null;
  for (const option of options) {
    if (option.kind === 'actor') actorRows.push(option);
    else if (option.kind === 'more') more = option;
    else {
      const list = bySource.get(option.source.source.id);
      if (list) list.push(option);
      else bySource.set(option.source.source.id, [option]);
    }
  }
  const row = (option: SearchOption, content: ReactNode, className: string) => {
    const id = optionId(option);
    return (
      <li
        key={id}
        id={id}
        role="option"
        aria-selected={id === activeId}
        className={`search-option ${className}`}
        // The field keeps focus (and its caret) while a row is clicked.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => void store.openOption(option)}
      >
        {content}
      </li>
    );
  };

  if (actorRows.length > 0) {
    rows.push(
      <li key="actors" role="group" aria-labelledby="search-actors-head" className="search-group">
        <div id="search-actors-head" className="search-group-head" role="presentation">
          Actors <span className="search-muted">— choose one to see only the sources it is tagged in</span>
        </div>
        <ul role="none" className="search-rows">
          {actorRows.map((option) =>
            option.kind === 'actor'
              ? row(
                  option,
                  <>
                    <span className="search-actor-name">{option.actor.name}</span>
                    {option.actor.alias && <span className="search-muted"> also “{option.actor.alias}”</span>}
                  </>,
                  'search-actor',
                )
              : null,
          )}
        </ul>
      </li>,
    );
  }
  for (const [sourceId, hits] of bySource) {
    const first = hits[0];
    if (first.kind !== 'hit') continue;
    const headId = `search-source-${sourceId}`;
    rows.push(
      <li key={sourceId} role="group" aria-labelledby={headId} className="search-group">
        <SourceHead id={headId} result={first.source} />
        <ul role="none" className="search-rows">
          {hits.map((option) => (option.kind === 'hit' ? row(option, <HitRow kind={option.hit.kind} snippet={option.hit.snippet} />, 'search-hit') : null))}
        </ul>
      </li>,
    );
  }
  if (more) {
    const shown = result?.sources.length ?? 0;
    rows.push(row(more, loadingMore ? 'Loading more…' : `Load more (${shown} of ${result?.total ?? 0} sources shown)`, 'search-more'));
  }

  return (
    <div className="search-panel">
      <div className="search-panel-head">
        <span id="search-summary" role="status" className={error ? 'search-error' : 'search-total'}>
          {summaryText(loading, error, result?.total ?? null, answered)}
        </span>
        {loading && result && <span className="search-muted">Searching…</span>}
        {actor && (
          <button type="button" className="search-chip" onMouseDown={(event) => event.preventDefault()} onClick={() => store.setActor(null)} title="Show sources of every actor again">
            Tagged: {actor.name} <span aria-hidden="true">×</span>
            <span className="sr-only"> (remove this filter)</span>
          </button>
        )}
        <span className="search-keys" aria-hidden="true">
          <kbd>↑</kbd>
          <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
        </span>
      </div>
      {rows.length > 0 && (
        <ul id="search-results" role="listbox" aria-label="Search results" className="search-results">
          {rows}
        </ul>
      )}
      {!error && result && result.total === 0 && <p className="search-empty">Try fewer words, a word’s beginning with * (milit*), or OR between alternatives.</p>}
    </div>
  );
}

function SourceHead({ id, result }: { id: string; result: SearchSourceResult }) {
  const { source, textMatches } = result;
  const details = [source.outlet, source.publishedAt].filter(Boolean).join(' · ');
  return (
    <div id={id} className="search-source-head" role="presentation">
      <span className="search-source-title">{source.title}</span>
      {details && <span className="search-muted">{details}</span>}
      <span className="search-count">{textMatches === 1 ? '1 match' : textMatches > 1 ? `${textMatches} matches` : 'in annotations or details'}</span>
    </div>
  );
}

function HitRow({ kind, snippet }: { kind: SearchHitKind; snippet: Snippet }) {
  const label = KIND_LABEL[kind];
  return (
    <>
      {label && <span className={`search-kind search-kind-${kind}`}>{label}</span>}
      <span className="search-snippet">
        <Marked snippet={snippet} />
      </span>
    </>
  );
}

/** A snippet with its matched words in <mark>, and … where it was cut. */
function Marked({ snippet }: { snippet: Snippet }) {
  const parts: ReactNode[] = [];
  let at = 0;
  snippet.marks.forEach(([start, end], k) => {
    if (start < at) return; // overlapping marks: the first wins
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={k}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  });
  if (at < snippet.text.length) parts.push(snippet.text.slice(at));
  return (
    <>
      {snippet.cutStart && '…'}
      {parts}
      {snippet.cutEnd && '…'}
    </>
  );
}

import type { ResearchApi } from '../../../../shared/api';
import { ApiError, errorMessage } from '../../../../shared/errors';
import type { SearchActorResult, SearchHit, SearchResult, SearchSourceResult } from '../../../../shared/search';

/**
 * The state of corpus search (the field in the top bar, src/renderer/src/features/search/
 * SearchPanel.tsx) and of find in this source (the reader's find bar, FindBar.tsx), outside React
 * like the workspace controller (src/renderer/src/app/workspace.ts), which holds one of each.
 *
 * Typing queries the backend after a short pause; an answer to an older query is dropped (a
 * ticket per request). Keys pressed before the answer is in (↓ then Enter right after typing)
 * are kept and applied to it, so a fast user lands where a slow one would.
 */

/** One row of the results a user can move to and open: an actor, a hit in a source, or the next page. */
export type SearchOption =
  | { kind: 'actor'; actor: SearchActorResult }
  | { kind: 'hit'; source: SearchSourceResult; hit: SearchHit; index: number }
  | { kind: 'more' };

/** Where an opened search hit goes (the workspace's `goToText`, `openEvidence` and `openSource`). */
export interface SearchNavigator {
  goToText(sourceId: string, range: { start: number; end: number }): Promise<void>;
  openEvidence(sourceId: string, highlightId: string): Promise<void>;
  openSource(sourceId: string): Promise<void>;
}

export interface SearchState {
  /** What is typed in the field. */
  query: string;
  /** Whether the results panel is shown. */
  open: boolean;
  /** The answer shown (all pages loaded so far), and the query it answers. */
  result: SearchResult | null;
  answered: string;
  /** Only sources where this actor is tagged or in a tie (chosen from the actors matched). */
  actor: SearchActorResult | null;
  /** Why the query has no answer (an invalid query, a failure), in the backend's words. */
  error: string | null;
  /** A query is waiting for its answer (or for the pause after typing). */
  loading: boolean;
  loadingMore: boolean;
  /** Index into `options` of the row moved to with the arrow keys, -1 for none. */
  active: number;
  /** Bumped after a hit was opened (the field gives focus to the reader then). */
  opened: number;
}

/** Sources per page of results. */
export const SEARCH_PAGE = 20;
/** Milliseconds of no typing before a query is sent. */
export const SEARCH_DEBOUNCE_MS = 120;

const INITIAL: SearchState = { query: '', open: false, result: null, answered: '', actor: null, error: null, loading: false, loadingMore: false, active: -1, opened: 0 };

/** The rows of a result, in the order shown: matching actors first, then each source's hits, then "Load more". */
export function optionsOf(result: SearchResult | null): SearchOption[] {
  if (!result) return [];
  const options: SearchOption[] = result.actors.map((actor) => ({ kind: 'actor', actor }));
  for (const source of result.sources) source.hits.forEach((hit, index) => options.push({ kind: 'hit', source, hit, index }));
  if (result.sources.length < result.total) options.push({ kind: 'more' });
  return options;
}

/** A stable id for a row (its element's id, for aria-activedescendant). */
export function optionId(option: SearchOption): string {
  if (option.kind === 'actor') return `search-actor-${option.actor.actorId}`;
  if (option.kind === 'more') return 'search-more';
  return `search-hit-${option.source.source.id}-${option.index}`;
}

export class SearchStore {
  private current: SearchState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private ticket = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private optionsCache: { result: SearchResult | null; options: SearchOption[] } = { result: null, options: [] };
  /** Arrow keys and Enter pressed while a query was on its way: applied to its answer. */
  private intent = { moves: 0, open: false };
  /** The field's focus, given by the component that draws it (so the command can focus it at once). */
  private focusField: (() => void) | null = null;

  constructor(
    private readonly api: Pick<ResearchApi, 'search'>,
    private readonly navigator: SearchNavigator,
    private readonly debounceMs = SEARCH_DEBOUNCE_MS,
  ) {}

  get state(): SearchState {
    return this.current;
  }

  /** The field gives the way to focus it; the returned function takes it back. */
  setFocuser(focus: () => void): () => void {
    this.focusField = focus;
    return () => {
      if (this.focusField === focus) this.focusField = null;
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<SearchState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** The rows of the answer shown (computed once per answer). */
  get options(): SearchOption[] {
    if (this.optionsCache.result !== this.current.result) this.optionsCache = { result: this.current.result, options: optionsOf(this.current.result) };
    return this.optionsCache.options;
  }

  /** Ctrl/Cmd+Shift+F: the field takes focus (its text selected) and shows the last results. */
  focus = (): void => {
    this.focusField?.();
    if (this.current.query.trim()) this.set({ open: true });
  };

  setOpen = (open: boolean): void => {
    if (open !== this.current.open) this.set({ open: open && !!this.current.query.trim() });
  };

  /** What is typed; the query is sent after a pause of `debounceMs`. */
  setQuery = (query: string): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.intent = { moves: 0, open: false };
    const blank = !query.trim();
    const ticket = ++this.ticket;
    if (blank) {
      this.set({ query, open: false, result: null, answered: '', error: null, loading: false, loadingMore: false, active: -1 });
      return;
    }
    this.set({ query, open: true, loading: true });
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.fetchFirst(ticket);
    }, this.debounceMs);
  };

  /** Only sources of this actor (null: all); the query is sent again at once. */
  setActor = (actor: SearchActorResult | null): void => {
    this.set({ actor });
    if (this.current.query.trim()) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.set({ loading: true, open: true });
      void this.fetchFirst(++this.ticket);
    }
  };

  /** Esc: closes the panel; when it is already closed, empties the field (true: the field should let go of focus). */
  escape = (): boolean => {
    if (this.current.open) {
      this.set({ open: false });
      return false;
    }
    if (this.current.query || this.current.actor) this.setQuery('');
    if (this.current.actor) this.set({ actor: null });
    return true;
  };

  /** ↓ / ↑: the next or previous row, wrapping; kept for the answer while one is on its way. */
  move = (step: 1 | -1): void => {
    if (!this.current.open && this.current.query.trim()) this.set({ open: true });
    if (this.current.loading) {
      this.intent.moves += step;
      return;
    }
    this.moveBy(step);
  };

  private moveBy(step: number): void {
    const count = this.options.length;
    if (count === 0 || step === 0) return;
    const from = this.current.active;
    const to = from < 0 ? (step > 0 ? step - 1 : count + step) : from + step;
    this.set({ active: ((to % count) + count) % count });
  }

  /** Moves to a row by index (the mouse). */
  setActive = (index: number): void => {
    if (index !== this.current.active) this.set({ active: index });
  };

  /** Enter: opens the active row (the first hit when none is active); kept for the answer while one is on its way. */
  openActive = async (): Promise<void> => {
    if (this.current.loading) {
      this.intent.open = true;
      return;
    }
    const options = this.options;
    const option = options[this.current.active] ?? options.find((o) => o.kind === 'hit');
    if (option) await this.openOption(option);
  };

  /** Opens a row: a hit in the reader, scrolled to and flashed; an actor narrows the results to its sources. */
  openOption = async (option: SearchOption): Promise<void> => {
    if (option.kind === 'actor') {
      this.setActor(option.actor);
      return;
    }
    if (option.kind === 'more') {
      // The first row of the new page becomes the active one.
      const before = this.options.length - 1;
      await this.loadMore();
      if (this.options.length - 1 > before) this.setActive(before);
      return;
    }
    const { source, hit } = option;
    const id = source.source.id;
    this.set({ open: false, active: this.options.indexOf(option) });
    if ((hit.kind === 'text' || hit.kind === 'quote') && hit.start !== null && hit.end !== null) await this.navigator.goToText(id, { start: hit.start, end: hit.end });
    else if (hit.highlightId) await this.navigator.openEvidence(id, hit.highlightId);
    else await this.navigator.openSource(id);
    this.set({ opened: this.current.opened + 1 });
  };

  /** The next page of sources, added below those shown. */
  loadMore = async (): Promise<void> => {
    const { result, answered, loadingMore, loading } = this.current;
    if (!result || loadingMore || loading || result.sources.length >= result.total) return;
    const ticket = this.ticket;
    this.set({ loadingMore: true });
    try {
      const page = await this.request(answered, result.sources.length);
      if (ticket !== this.ticket) return;
      this.set({ result: { ...result, sources: [...result.sources, ...page.sources] }, loadingMore: false });
    } catch (error) {
      if (ticket === this.ticket) this.set({ loadingMore: false, error: describeFailure(error) });
    }
  };

  /** Forgets a query in flight (the store is dropped). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.ticket++;
  }

  private request(query: string, offset: number): Promise<SearchResult> {
    const { actor } = this.current;
    return this.api.search({ query, limit: SEARCH_PAGE, offset, ...(actor ? { actorId: actor.actorId } : {}) });
  }

  private async fetchFirst(ticket: number): Promise<void> {
    const query = this.current.query;
    let result: SearchResult | null = null;
    let error: string | null = null;
    try {
      result = await this.request(query, 0);
    } catch (failure) {
      error = describeFailure(failure);
    }
    if (ticket !== this.ticket) return; // a newer query was typed meanwhile
    this.set({ result, answered: query, error, loading: false, loadingMore: false, active: -1 });
    const intent = this.intent;
    this.intent = { moves: 0, open: false };
    this.moveBy(intent.moves);
    if (intent.open) await this.openActive();
  }
}

/** The sentence shown in the panel for a query with no answer. */
function describeFailure(error: unknown): string {
  if (error instanceof ApiError && error.code === 'invalid_argument') return error.message;
  return `Search failed: ${errorMessage(error)}`;
}

/**
 * Find in this source (Ctrl/Cmd+F): whether the reader's find bar is open, what is typed and
 * which match is current. The matches themselves are computed from the open source's text
 * (find.ts) where the bar is drawn (src/renderer/src/app/ReaderPane.tsx).
 */
export interface FindState {
  open: boolean;
  query: string;
  /** Index of the current match (clamped to the matches there are). */
  current: number;
  /** Bumped whenever the reader should bring the current match into view. */
  reveal: number;
}

export class FindStore {
  private current: FindState = { open: false, query: '', current: 0, reveal: 0 };
  private readonly listeners = new Set<() => void>();
  /** The field's focus, given by the find bar while it is drawn. */
  private focusField: (() => void) | null = null;

  /** The find bar gives the way to focus its field; the returned function takes it back. */
  setFocuser(focus: () => void): () => void {
    this.focusField = focus;
    return () => {
      if (this.focusField === focus) this.focusField = null;
    };
  }

  get state(): FindState {
    return this.current;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<FindState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Ctrl/Cmd+F: opens the bar, or gives its field focus again (the bar focuses itself when it opens). */
  open = (): void => {
    if (this.current.open) this.focusField?.();
    else this.set({ open: true, reveal: this.current.reveal + 1 });
  };

  close = (): void => {
    if (this.current.open) this.set({ open: false });
  };

  setQuery = (query: string): void => {
    this.set({ query, current: 0, reveal: this.current.reveal + 1 });
  };

  /** Moves to a match by index (already wrapped by the caller) and brings it into view. */
  goTo = (index: number): void => {
    this.set({ current: index, reveal: this.current.reveal + 1 });
  };
}

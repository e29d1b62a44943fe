import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../shared/errors';
import type { SearchHit, SearchResult, SearchSourceResult } from '../../../../shared/search';
import type { SourceSummary } from '../../../../shared/types';
import { SearchStore, type SearchNavigator } from './searchStore';

const hit = (kind: SearchHit['kind'], start: number | null, extra: Partial<SearchHit> = {}): SearchHit => ({
  kind,
  start,
  end: start === null ? null : start + 4,
  blockIndex: start === null ? null : 0,
  highlightId: null,
  claimId: null,
  snippet: { text: 'word', marks: [[0, 4]], cutStart: false, cutEnd: false },
  ...extra,
});

const sourceResult = (id: string, rank: number, hits: SearchHit[]): SearchSourceResult => ({
  source: { id, title: `Source ${id}` } as SourceSummary,
  rank,
  textMatches: hits.length,
  hits,
});

/** A backend of `total` sources, each with one text hit and one note hit; `word` fails as invalid. */
function fakeApi(total: number) {
  const calls: Array<{ query: string; offset: number; actorId?: string }> = [];
  const pending: Array<() => void> = [];
  let hold = false;
  const search = vi.fn(async (args: { query: string; offset?: number; limit?: number; actorId?: string }): Promise<SearchResult> => {
    calls.push({ query: args.query, offset: args.offset ?? 0, ...(args.actorId ? { actorId: args.actorId } : {}) });
    if (hold) await new Promise<void>((resolve) => pending.push(resolve));
    if (args.query.startsWith('-')) throw new ApiError('invalid_argument', 'Add a word to look for.');
    const offset = args.offset ?? 0;
    const count = Math.max(0, Math.min(args.limit ?? 20, total - offset));
    const sources = Array.from({ length: count }, (_, k) => sourceResult(`s${offset + k}`, offset + k, [hit('text', 10 * (offset + k)), hit('note', null, { highlightId: `h${offset + k}` })]));
    return { total, sources, actors: offset === 0 ? [{ actorId: 'a1', name: 'Hezbollah', alias: null }] : [], terms: [args.query] };
  });
  return { api: { search }, calls, release: () => pending.splice(0).forEach((r) => r()), hold: (on: boolean) => (hold = on) };
}

function navigator(): SearchNavigator & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    goToText: async (id, range) => void log.push(`text ${id} ${range.start}-${range.end}`),
    openEvidence: async (id, highlightId) => void log.push(`evidence ${id} ${highlightId}`),
    openSource: async (id) => void log.push(`source ${id}`),
  };
}

/** Lets the debounce run out and the fake answers arrive. */
async function settle() {
  await vi.advanceTimersByTimeAsync(200);
}

describe('SearchStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a pause in the typing, then sends one query', async () => {
    const { api, calls } = fakeApi(3);
    const store = new SearchStore(api, navigator());
    store.setQuery('h');
    store.setQuery('he');
    store.setQuery('hez');
    expect(store.state.loading).toBe(true);
    await settle();
    expect(calls).toEqual([{ query: 'hez', offset: 0 }]);
    expect(store.state.result?.total).toBe(3);
    expect(store.state.answered).toBe('hez');
    // Actors first, then each source's hits, no "more" row (everything is shown).
    expect(store.options.map((o) => o.kind)).toEqual(['actor', 'hit', 'hit', 'hit', 'hit', 'hit', 'hit']);
  });

  it('drops an answer to an older query', async () => {
    const { api, release, hold } = fakeApi(3);
    const store = new SearchStore(api, navigator());
    hold(true);
    store.setQuery('old');
    await vi.advanceTimersByTimeAsync(150); // sent, not answered
    store.setQuery('new');
    await vi.advanceTimersByTimeAsync(150);
    hold(false);
    release();
    await settle();
    expect(store.state.answered).toBe('new');
  });

  it('keeps ↓ and Enter pressed before the answer, and opens the hit they point at', async () => {
    const { api } = fakeApi(2);
    const nav = navigator();
    const store = new SearchStore(api, nav);
    store.setQuery('word');
    store.move(1); // the actor
    store.move(1); // the first hit
    void store.openActive();
    await settle();
    expect(nav.log).toEqual(['text s0 0-4']);
    expect(store.state.open).toBe(false);
    expect(store.state.opened).toBe(1);
  });

  it('opens a note hit at its highlight, and an actor narrows the search to its sources', async () => {
    const { api, calls } = fakeApi(2);
    const nav = navigator();
    const store = new SearchStore(api, nav);
    store.setQuery('word');
    await settle();
    const note = store.options.find((o) => o.kind === 'hit' && o.hit.kind === 'note')!;
    await store.openOption(note);
    expect(nav.log).toEqual(['evidence s0 h0']);
    await store.openOption(store.options[0]);
    await settle();
    expect(store.state.actor?.name).toBe('Hezbollah');
    expect(calls.at(-1)).toEqual({ query: 'word', offset: 0, actorId: 'a1' });
  });

  it('loads further pages, and the first new row becomes the active one', async () => {
    const { api, calls } = fakeApi(45);
    const store = new SearchStore(api, navigator());
    store.setQuery('word');
    await settle();
    expect(store.state.result?.sources).toHaveLength(20);
    const more = store.options.length - 1;
    expect(store.options[more].kind).toBe('more');
    store.setActive(more);
    await store.openActive();
    expect(calls.at(-1)).toEqual({ query: 'word', offset: 20 });
    expect(store.state.result?.sources).toHaveLength(40);
    expect(store.state.active).toBe(more);
    const active = store.options[store.state.active];
    expect(active.kind === 'hit' && active.source.source.id).toBe('s20');
  });

  it('shows the backend’s sentence for an invalid query, and a blank query clears everything', async () => {
    const { api, calls } = fakeApi(2);
    const store = new SearchStore(api, navigator());
    store.setQuery('-kremlin');
    await settle();
    expect(store.state.error).toBe('Add a word to look for.');
    expect(store.options).toEqual([]);
    store.setQuery('  ');
    await settle();
    expect(calls).toHaveLength(1);
    expect(store.state).toMatchObject({ result: null, error: null, open: false, loading: false });
  });

  it('Esc closes the panel first, then empties the field', async () => {
    const { api } = fakeApi(2);
    const store = new SearchStore(api, navigator());
    store.setQuery('word');
    await settle();
    expect(store.escape()).toBe(false);
    expect(store.state.open).toBe(false);
    expect(store.state.query).toBe('word');
    expect(store.escape()).toBe(true);
    expect(store.state.query).toBe('');
  });
});

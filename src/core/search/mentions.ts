import { ApiError } from '../../shared/errors';
import { asciiFinder, GramFilter, NameMatcher, outermostHits } from '../../shared/match';
import type { AcceptMentionsResult, MentionGroup, MentionItem, MentionList } from '../../shared/search';
import type { Block, HighlightColor } from '../../shared/types';
import { now, type Store } from '../db/store';
import { insertTags, requireActor } from '../services/actors';
import { requireSource } from '../services/guards';
import { insertHighlight } from '../services/highlights';

/**
 * Mentions: the places where an actor's name or alias occurs in a source outside every highlight
 * tagged with that actor. One automaton over all names (NameMatcher, src/shared/match.ts, the
 * same the picker's suggestions use), so one pass over a text finds every actor.
 *
 * Incremental (docs/search.md, "Mentions"): what is kept per project is the registry's names
 * (each an `actor, name` pair with a number of its own), a main automaton and a small one of the
 * names added since it was built, and per source its text, its hits (every whole-word hit of a
 * live name, flat), their outermost, which runs of three folded units its text holds
 * (GramFilter), and what it lists given its tagged highlights and dismissals. An edited text
 * rescans that source; a new name is looked for only in the texts that can hold it, with an
 * automaton of the new names alone; a name that went drops its hits; a new tag or dismissal
 * redoes one source's list; and the corpus list is merged from the sources' lists.
 */

const CONTEXT = 60;
/**
 * Names added or removed since the main automaton was built, past which it is built again
 * (the 3,500 names of the benchmark take about 75 ms). Tests lower it to exercise both ways.
 */
export const mentionTuning = { extraLimit: 256 };

/** One registry entry as matched: an actor's name or alias. Numbered once; never renumbered. */
interface Pair {
  actorId: string;
  name: string;
  live: boolean;
}

/** An automaton and, by its pattern index, the pair each name is. */
interface Automaton {
  matcher: NameMatcher;
  pairs: Int32Array;
}

/** What one source lists for one actor: positions in its `outer`, in text order. */
interface ActorHits {
  positions: number[];
  /** Which of them are dismissed (null: none). */
  dismissed: boolean[] | null;
  /** How many are not dismissed. */
  active: number;
}

interface SourceEntry {
  hash: string;
  text: string;
  blocksJson: string;
  blocks?: Block[];
  /** GramFilter bits of the text. */
  grams: Uint32Array;
  /** Whether the text is ASCII only (then asciiFinder finds a new name's occurrences, natively). */
  ascii: boolean;
  /** Every whole-word hit of a live name: `start, end, pair` each. */
  hits: Int32Array;
  /** The outermost of `hits` (outermostHits), by start, longer first, then actor and name. */
  outer: Int32Array;
  /** The listed form of `outer[position]`, made when first listed. */
  items: Array<MentionItem | undefined>;
  /** What the source lists, for the tagged spans and dismissals it was made with (as read). */
  view?: { tags: string | undefined; dismissals: string | undefined; byActor: Map<string, ActorHits> };
}

interface ProjectCache {
  /** This connection's changes and other connections' commits when the project was last read. */
  seen: string;
  /** The registry as read (ids and names, in order): compared whole to notice any change. */
  registry: string;
  pairs: Pair[];
  /** `id NUL name` of each live pair → its number. */
  live: Map<string, number>;
  main: Automaton;
  /** The names added since `main` was built. */
  extra: Automaton;
  names: Map<string, string>;
  sources: Map<string, SourceEntry>;
  /** The last list made, for the same question asked again with nothing written since. */
  last?: { key: string; seen: string; list: MentionList };
  /** Corpus lists (a few: with and without dismissed…), merged from the sources' lists and updated as they change. */
  merged: Map<string, Merged>;
}

const caches = new WeakMap<Store, ProjectCache>();

/**
 * Drops what is kept for a project, so the next list is made from scratch (benchmarks measure
 * that). Answers a function that puts back what was kept, for tests comparing the two.
 */
export function forgetMentions(store: Store): () => void {
  const kept = caches.get(store);
  caches.delete(store);
  return () => {
    if (kept) caches.set(store, kept);
    else caches.delete(store);
  };
}

const pairKey = (id: string, name: string) => `${id}\u0000${name}`;

function automaton(cache: Pick<ProjectCache, 'pairs' | 'live'>, numbers: readonly number[]): Automaton {
  const matcher = new NameMatcher(numbers.map((n) => [cache.pairs[n].actorId, cache.pairs[n].name] as const));
  // The matcher leaves out names that fold to nothing: map its patterns back by pair.
  const pairs = Int32Array.from(matcher.ids, (id, pattern) => cache.live.get(pairKey(id, matcher.names[pattern]))!);
  return { matcher, pairs };
}

const liveNumbers = (cache: Pick<ProjectCache, 'live'>) => [...cache.live.values()];

/** `start, end, pair` of every whole-word hit of a live name of `automata` in `text`. */
function scanWith(cache: Pick<ProjectCache, 'pairs'>, automata: readonly Automaton[], text: string, grams?: Uint32Array): number[] {
  const hits: number[] = [];
  automata.forEach((a, k) => {
    if (a.matcher.size === 0 && !(grams && k === 0)) return;
    livePairs(cache, a, a.matcher.scanFlat(text, 0, text.length, k === 0 ? grams : undefined), hits);
  });
  return hits;
}

/** Flat `start, end, pattern` hits of `a` as `start, end, pair`, of live pairs only (as scanWith gives them), added to `hits`. */
function livePairs(cache: Pick<ProjectCache, 'pairs'>, a: Automaton, flat: readonly number[], hits: number[] = []): number[] {
  for (let i = 0; i < flat.length; i += 3) {
    const pair = a.pairs[flat[i + 2]];
    if (cache.pairs[pair].live) hits.push(flat[i], flat[i + 1], pair);
  }
  return hits;
}

/** The outermost of flat hits, in the order listed (ties by actor, then name, so it does not depend on numbering). */
function outermost(pairs: readonly Pair[], hits: ArrayLike<number>): Int32Array {
  const objects: Array<{ start: number; end: number; pair: number }> = [];
  for (let i = 0; i < hits.length; i += 3) objects.push({ start: hits[i], end: hits[i + 1], pair: hits[i + 2] });
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const kept = outermostHits(
    objects,
    (h) => pairs[h.pair].actorId,
    (a, b) => compare(pairs[a.pair].actorId, pairs[b.pair].actorId) || compare(pairs[a.pair].name, pairs[b.pair].name),
  );
  const out = new Int32Array(kept.length * 3);
  kept.forEach((h, k) => out.set([h.start, h.end, h.pair], k * 3));
  return out;
}

function setHits(cache: Pick<ProjectCache, 'pairs'>, entry: SourceEntry, hits: ArrayLike<number>): void {
  entry.hits = Int32Array.from(hits);
  entry.outer = outermost(cache.pairs, entry.hits);
  entry.items = [];
  entry.view = undefined;
}

/**
 * The kept state of a project, brought up to date with its registry. A registry change updates
 * what is kept in place: the pairs that went are marked dead and their hits dropped; the new
 * ones join the small automaton (or, past EXTRA_LIMIT, the main one is built again) and are
 * looked for, with an automaton of the new names alone, only in the texts GramFilter allows.
 */
function projectCache(store: Store): ProjectCache {
  // Nothing written since the last look (by this connection or another): nothing to read.
  const seen = `${String(store.sql('SELECT total_changes()').pluck().get())}:${String(store.db.pragma('data_version', { simple: true }))}`;
  const kept = caches.get(store);
  if (kept && kept.seen === seen) return kept;
  if (kept) kept.seen = seen;
  const registry = (store
    .sql("SELECT group_concat(id || char(0) || name, char(1)) FROM (SELECT id, name FROM actors UNION ALL SELECT actor_id, alias FROM actor_aliases ORDER BY 1, 2)")
    .pluck()
    .get() ?? '') as string;
  if (kept && kept.registry === registry) return kept;
  // Each row is `id NUL name`, the pair's key as it is.
  const rows = registry ? registry.split('\u0001') : [];
  const split = (key: string) => key.split('\u0000') as [string, string];
  const names = new Map(store.sql('SELECT id, name FROM actors').raw().all() as Array<[string, string]>);
  if (!kept) {
    const base = { pairs: [] as Pair[], live: new Map<string, number>() };
    for (const key of rows) {
      if (base.live.has(key)) continue;
      const [actorId, name] = split(key);
      base.live.set(key, base.pairs.length);
      base.pairs.push({ actorId, name, live: true });
    }
    const cache: ProjectCache = { ...base, seen, registry, names, main: automaton(base, liveNumbers(base)), extra: automaton(base, []), sources: new Map(), merged: new Map() };
    caches.set(store, cache);
    return cache;
  }
  kept.registry = registry;
  kept.names = names;
  kept.last = undefined;
  const now = new Set(rows);
  let removed = false;
  for (const [key, n] of kept.live) {
    if (now.has(key)) continue;
    kept.live.delete(key);
    kept.pairs[n].live = false;
    removed = true;
  }
  const added: number[] = [];
  for (const key of rows) {
    if (kept.live.has(key)) continue;
    const [actorId, name] = split(key);
    kept.live.set(key, kept.pairs.length);
    added.push(kept.pairs.length);
    kept.pairs.push({ actorId, name, live: true });
  }
  if (added.length || removed) {
    const extra = [...kept.extra.pairs].filter((n) => kept.pairs[n].live).concat(added);
    const dead = kept.main.pairs.length - kept.main.pairs.filter((n) => kept.pairs[n].live).length;
    if (extra.length + dead > mentionTuning.extraLimit) {
      kept.main = automaton(kept, liveNumbers(kept));
      kept.extra = automaton(kept, []);
    } else if (added.length || extra.length !== kept.extra.pairs.length) kept.extra = automaton(kept, extra);
  }
  const fresh = added.length ? automaton(kept, added) : undefined;
  const keys = fresh ? fresh.matcher.keys : [];
  const findAscii = fresh ? asciiFinder(keys) : undefined;
  for (const entry of kept.sources.values()) {
    let hits: ArrayLike<number> = entry.hits;
    if (removed) {
      const alive: number[] = [];
      for (let i = 0; i < hits.length; i += 3) if (kept.pairs[hits[i + 2]].live) alive.push(hits[i], hits[i + 1], hits[i + 2]);
      if (alive.length !== hits.length) hits = alive;
    }
    const candidates = fresh ? keys.flatMap((key, k) => (GramFilter.mayHold(entry.grams, key) ? [k] : [])) : [];
    if (candidates.length) {
      const found = entry.ascii ? livePairs(kept, fresh!, findAscii!(entry.text, candidates)) : scanWith(kept, [fresh!], entry.text);
      if (found.length) hits = [...Array.from(hits), ...found];
    }
    if (hits !== entry.hits) setHits(kept, entry, hits);
  }
  return kept;
}

function blockAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A source's kept hits, scanned again when its text changed (its content hash). */
function sourceEntry(store: Store, cache: ProjectCache, id: string, hash: string): SourceEntry {
  const kept = cache.sources.get(id);
  if (kept && kept.hash === hash) return kept;
  const row = store.sql('SELECT text, blocks FROM sources WHERE id = ?').get(id) as { text: string; blocks: string };
  const grams = new Uint32Array(GramFilter.words);
  const entry = { hash, text: row.text, blocksJson: row.blocks, grams, ascii: !/[^\x00-\x7f]/.test(row.text) } as SourceEntry;
  setHits(cache, entry, scanWith(cache, [cache.main, cache.extra], row.text, grams));
  cache.sources.set(id, entry);
  return entry;
}

/** The listed form of one outermost hit, with its block and context. */
function itemAt(cache: ProjectCache, entry: SourceEntry, sourceId: string, position: number, dismissed: boolean): MentionItem {
  const made = entry.items[position];
  if (made && made.dismissed === dismissed) return made;
  const { text, outer } = entry;
  const blocks = (entry.blocks ??= JSON.parse(entry.blocksJson) as Block[]);
  const start = outer[position * 3];
  const end = outer[position * 3 + 1];
  const blockIndex = blockAt(blocks, start);
  const block = blocks[blockIndex] ?? { start: 0, end: text.length };
  const from = Math.max(block.start, start - CONTEXT);
  const to = Math.min(Math.max(block.end, end), end + CONTEXT);
  const item: MentionItem = {
    sourceId,
    actorId: cache.pairs[outer[position * 3 + 2]].actorId,
    start,
    end,
    matched: text.slice(start, end),
    blockIndex,
    before: text.slice(from, start),
    after: text.slice(end, to),
    dismissed,
  };
  entry.items[position] = item;
  return item;
}

/**
 * What a source lists by actor: its outermost hits outside the highlights tagged with that
 * actor, each marked dismissed or not. `tags` and `dismissals` are the source's rows as read
 * (JSON), compared whole: the list is made again only when they or the hits changed.
 */
function sourceView(cache: ProjectCache, entry: SourceEntry, tags: string | undefined, dismissals: string | undefined): Map<string, ActorHits> {
  if (entry.view && entry.view.tags === tags && entry.view.dismissals === dismissals) return entry.view.byActor;
  const covers = new Map<string, Array<[number, number]>>();
  for (const [actorId, s, e] of tags ? (JSON.parse(tags) as Array<[string, number, number]>) : []) {
    const list = covers.get(actorId);
    if (list) list.push([s, e]);
    else covers.set(actorId, [[s, e]]);
  }
  const gone = new Set(dismissals ? (JSON.parse(dismissals) as Array<[string, number, number, string]>).map((d) => d.join('\u0000')) : []);
  const byActor = new Map<string, ActorHits>();
  const { outer, text } = entry;
  for (let position = 0; position < outer.length / 3; position++) {
    const start = outer[position * 3];
    const end = outer[position * 3 + 1];
    const actorId = cache.pairs[outer[position * 3 + 2]].actorId;
    if (covers.get(actorId)?.some(([s, e]) => s <= start && end <= e)) continue;
    const isDismissed = gone.size > 0 && gone.has(`${actorId}\u0000${start}\u0000${end}\u0000${text.slice(start, end)}`);
    let hits = byActor.get(actorId);
    if (!hits) byActor.set(actorId, (hits = { positions: [], dismissed: null, active: 0 }));
    if (isDismissed) hits.dismissed ??= hits.positions.map(() => false);
    hits.positions.push(position);
    hits.dismissed?.push(isDismissed);
    if (!isDismissed) hits.active++;
  }
  entry.view = { tags, dismissals, byActor };
  return byActor;
}

/**
 * A list merged from the sources' lists, kept for the corpus: when the sources are the same (or
 * only new ones follow), only the actors of the sources whose lists changed are merged again, and
 * of those only from the first changed source on.
 */
interface Merged {
  key: string;
  includeDismissed: boolean;
  limit: number;
  actorId?: string;
  /** The sources merged, in order, with their entries and lists as merged. */
  order: string[];
  position: Map<string, number>;
  entries: SourceEntry[];
  views: Array<Map<string, ActorHits>>;
  /** By actor: the positions of the sources listing it, ascending, and how many it lists in all. */
  postings: Map<string, number[]>;
  counts: Map<string, number>;
  /** By actor: the position of the source of each mention listed in its group. */
  listedAt: Map<string, number[]>;
  /** By actor; a group is replaced, never changed, once made (lists handed out stay as they were). */
  groups: Map<string, MentionGroup>;
  total: number;
}

function newMerged(key: string, args: ListMentionsArgs): Merged {
  return {
    key,
    includeDismissed: args.includeDismissed ?? false,
    limit: args.limit ?? MENTIONS_PER_ACTOR_DEFAULT,
    actorId: args.actorId,
    order: [],
    position: new Map(),
    entries: [],
    views: [],
    postings: new Map(),
    counts: new Map(),
    listedAt: new Map(),
    groups: new Map(),
    total: 0,
  };
}

/** The first index of a sorted array whose value is at least `value`. */
function lowerBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mergeSources(cache: ProjectCache, kept: Merged, order: string[], entries: SourceEntry[], views: Array<Map<string, ActorHits>>): Merged {
  const prefix = kept.order.length <= order.length && kept.order.every((id, i) => id === order[i]);
  const m = prefix ? kept : newMerged(kept.key, kept);
  const countOf = (hits: ActorHits | undefined) => (!hits ? 0 : m.includeDismissed ? hits.positions.length : hits.active);
  const actorsOf = (view: Map<string, ActorHits> | undefined) => (!view ? [] : m.actorId ? (view.has(m.actorId) ? [m.actorId] : []) : view.keys());
  /** Actors whose group is to be made again, and the first source (position) where it changed. */
  /** Actors whose group is to be made again, and the sources (positions, ascending) where it changed. */
  const changed = new Map<string, number[]>();
  for (let p = 0; p < order.length; p++) {
    const before = p < m.order.length ? m.views[p] : undefined;
    if (before === views[p] && m.entries[p] === entries[p]) continue;
    for (const actorId of new Set([...actorsOf(before), ...actorsOf(views[p])])) {
      const at = changed.get(actorId);
      if (at) at.push(p);
      else changed.set(actorId, [p]);
      const had = countOf(before?.get(actorId));
      const has = countOf(views[p].get(actorId));
      m.total += has - had;
      m.counts.set(actorId, (m.counts.get(actorId) ?? 0) + has - had);
      let postings = m.postings.get(actorId);
      if (!postings) m.postings.set(actorId, (postings = []));
      if (had === 0 && has > 0) {
        if (postings.length === 0 || postings[postings.length - 1] < p) postings.push(p);
        else postings.splice(lowerBound(postings, p), 0, p);
      } else if (had > 0 && has === 0) postings.splice(lowerBound(postings, p), 1);
    }
  }
  for (let p = m.order.length; p < order.length; p++) m.position.set(order[p], p);
  m.order = order;
  m.entries = entries;
  m.views = views;
  for (const [actorId, at] of changed) {
    const postings = m.postings.get(actorId) ?? [];
    if (postings.length === 0) {
      m.groups.delete(actorId);
      m.postings.delete(actorId);
      m.counts.delete(actorId);
      m.listedAt.delete(actorId);
      continue;
    }
    const old = m.groups.get(actorId);
    const oldAt = m.listedAt.get(actorId) ?? [];
    const first = at[0];
    const cut = lowerBound(oldAt, first);
    const wasFull = (old?.mentions.length ?? 0) >= m.limit;
    let mentions: MentionItem[];
    let listedAt: number[];
    if (old && wasFull && cut === oldAt.length) {
      // Every change comes after a full list: only the count moves.
      mentions = old.mentions;
      listedAt = oldAt;
    } else {
      mentions = old ? old.mentions.slice(0, cut) : [];
      listedAt = oldAt.slice(0, cut);
      /** Lists the actor's mentions from the sources at `postings[k]` on (to `postings[end - 1]`), until the list is full. */
      const fill = (k: number, end = postings.length) => {
        for (; k < end && mentions.length < m.limit; k++) {
          const q = postings[k];
          const hits = views[q].get(actorId)!;
          for (let i = 0; i < hits.positions.length && mentions.length < m.limit; i++) {
            const dismissed = hits.dismissed?.[i] ?? false;
            if (dismissed && !m.includeDismissed) continue;
            mentions.push(itemAt(cache, entries[q], order[q], hits.positions[i], dismissed));
            listedAt.push(q);
          }
        }
      };
      if (old && at.length === 1) {
        // One source changed: its mentions replace its old ones, the rest of the list follows as it was.
        const k = lowerBound(postings, first);
        if (postings[k] === first) fill(k, k + 1);
        const rest = lowerBound(oldAt, first + 1);
        const room = m.limit - mentions.length;
        mentions.push(...old.mentions.slice(rest, rest + room));
        listedAt.push(...oldAt.slice(rest, rest + room));
        if (wasFull && mentions.length < m.limit) {
          // There are more to list: from the last source listed (again, whole) on.
          const last = listedAt.length ? listedAt[listedAt.length - 1] : first;
          const from = lowerBound(listedAt, last);
          mentions.length = from;
          listedAt.length = from;
          fill(lowerBound(postings, last));
        }
      } else fill(lowerBound(postings, first));
    }
    m.listedAt.set(actorId, listedAt);
    m.groups.set(actorId, { actorId, name: cache.names.get(actorId) ?? '', count: m.counts.get(actorId)!, mentions });
  }
  // A renamed actor: its group under the new name.
  for (const [actorId, group] of m.groups) {
    const name = cache.names.get(actorId) ?? '';
    if (group.name !== name) m.groups.set(actorId, { ...group, name });
  }
  return m;
}

export interface ListMentionsArgs {
  sourceId?: string;
  actorId?: string;
  includeDismissed?: boolean;
  /** Mentions listed per actor (count gives them all). */
  limit?: number;
}

export const MENTIONS_PER_ACTOR_DEFAULT = 200;

export function listMentions(store: Store, args: ListMentionsArgs): MentionList {
  return store.read(() => {
    if (args.sourceId) requireSource(store, args.sourceId);
    if (args.actorId) requireActor(store, args.actorId);
    const cache = projectCache(store);
    const key = JSON.stringify([args.sourceId, args.actorId, args.includeDismissed, args.limit]);
    if (cache.last && cache.last.key === key && cache.last.seen === cache.seen) return cache.last.list;
    const sources = (
      args.sourceId
        ? store.sql('SELECT id, content_hash FROM sources WHERE id = ?').raw().all(args.sourceId)
        : store.sql('SELECT id, content_hash FROM sources ORDER BY created_at, rowid').raw().all()
    ) as Array<[string, string]>;
    // Every listing of the corpus drops the entries of deleted sources (a deletion and an import
    // between two listings leave the count the same).
    if (!args.sourceId) {
      const present = new Set(sources.map(([id]) => id));
      for (const id of cache.sources.keys()) if (!present.has(id)) cache.sources.delete(id);
    }
    // The tagged spans and the dismissals of the sources listed, one row per source.
    const where = args.sourceId ? 'AND h.source_id = ?' : '';
    const params = args.sourceId ? [args.sourceId] : [];
    const tags = new Map(
      store
        .sql(
          `SELECT h.source_id, json_group_array(json_array(ha.actor_id, h.start_offset, h.end_offset)) FROM highlights h
           JOIN highlight_actors ha ON ha.highlight_id = h.id WHERE h.anchor = 'ok' ${where} GROUP BY h.source_id`,
        )
        .raw()
        .all(...params) as Array<[string, string]>,
    );
    const dismissals = new Map(
      store
        .sql(
          `SELECT source_id, json_group_array(json_array(actor_id, start_offset, end_offset, matched)) FROM dismissed_mentions
           ${args.sourceId ? 'WHERE source_id = ?' : ''} GROUP BY source_id`,
        )
        .raw()
        .all(...params) as Array<[string, string]>,
    );
    const order: string[] = [];
    const entries: SourceEntry[] = [];
    const views: Array<Map<string, ActorHits>> = [];
    for (const [sourceId, hash] of sources) {
      const entry = sourceEntry(store, cache, sourceId, hash);
      order.push(sourceId);
      entries.push(entry);
      views.push(sourceView(cache, entry, tags.get(sourceId), dismissals.get(sourceId)));
    }
    const mergeKey = JSON.stringify([args.sourceId, args.actorId, args.includeDismissed ?? false, args.limit ?? MENTIONS_PER_ACTOR_DEFAULT]);
    // The corpus list is kept and updated; a narrower one is merged afresh (it is small).
    const corpus = !args.sourceId && !args.actorId;
    const kept = corpus ? cache.merged.get(mergeKey) : undefined;
    const merged = mergeSources(cache, kept ?? newMerged(mergeKey, args), order, entries, views);
    if (corpus) {
      cache.merged.delete(mergeKey);
      cache.merged.set(mergeKey, merged);
      if (cache.merged.size > 4) cache.merged.delete(cache.merged.keys().next().value!);
    }
    const { groups, total } = merged;
    const list: MentionList = {
      groups: [...groups.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      total,
      sourcesScanned: sources.length,
    };
    cache.last = { key, seen: cache.seen, list };
    return list;
  });
}

export interface MentionRef {
  sourceId: string;
  actorId: string;
  start: number;
  end: number;
}

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** The sentence around [start, end), inside its block, without the spaces around it. */
export function sentenceAround(text: string, blocks: readonly Block[], start: number, end: number): [number, number] {
  const block = blocks[blockAt(blocks, start)] ?? { start: 0, end: text.length };
  const from = block.start;
  const to = Math.max(block.end, end);
  const part = text.slice(from, to);
  let a = start;
  let b = end;
  for (const seg of sentenceSegmenter.segment(part)) {
    const s = from + seg.index;
    const e = s + seg.segment.length;
    if (e <= start) continue;
    if (s >= end) break;
    a = Math.min(a, s);
    b = Math.max(b, e);
  }
  while (b > a && /\s/u.test(text[b - 1])) b--;
  while (a < b && /\s/u.test(text[a])) a++;
  return [a, b];
}

/**
 * Highlights the mentions, tagged with their actors, in the caller's transaction (one undo step):
 * snapped to the name or to its sentence. Mentions snapping to one passage make one highlight
 * tagged with each of their actors; a passage that is exactly an existing highlight tags it.
 */
export function acceptMentions(store: Store, mentions: readonly MentionRef[], snap: 'sentence' | 'name', color?: HighlightColor): AcceptMentionsResult {
  const texts = new Map<string, { text: string; blocks: Block[] }>();
  const passages = new Map<string, { sourceId: string; start: number; end: number; actorIds: string[] }>();
  const order: string[] = [];
  for (const m of mentions) {
    let source = texts.get(m.sourceId);
    if (!source) {
      requireSource(store, m.sourceId);
      const row = store.sql('SELECT text, blocks FROM sources WHERE id = ?').get(m.sourceId) as { text: string; blocks: string };
      source = { text: row.text, blocks: JSON.parse(row.blocks) as Block[] };
      texts.set(m.sourceId, source);
    }
    requireActor(store, m.actorId);
    if (m.end <= m.start || m.end > source.text.length) {
      throw new ApiError('invalid_argument', `The mention ${m.start}-${m.end} is not inside the source (${source.text.length} characters).`, { path: 'mentions' });
    }
    const [start, end] = snap === 'sentence' ? sentenceAround(source.text, source.blocks, m.start, m.end) : [m.start, m.end];
    const key = `${m.sourceId}:${start}:${end}`;
    let passage = passages.get(key);
    if (!passage) {
      passage = { sourceId: m.sourceId, start, end, actorIds: [] };
      passages.set(key, passage);
    }
    if (!passage.actorIds.includes(m.actorId)) passage.actorIds.push(m.actorId);
    order.push(key);
  }
  const existing = store.sql("SELECT id FROM highlights WHERE source_id = ? AND start_offset = ? AND end_offset = ? AND anchor = 'ok' ORDER BY created_at LIMIT 1").pluck();
  const ids = new Map<string, string>();
  let created = 0;
  let tagged = 0;
  for (const [key, p] of passages) {
    const found = existing.get(p.sourceId, p.start, p.end) as string | undefined;
    if (found) {
      insertTags(store, found, p.actorIds);
      ids.set(key, found);
      tagged++;
    } else {
      const highlight = insertHighlight(store, { sourceId: p.sourceId, start: p.start, end: p.end, color });
      insertTags(store, highlight.id, p.actorIds);
      ids.set(key, highlight.id);
      created++;
    }
  }
  return { created, tagged, highlightIds: order.map((k) => ids.get(k)!) };
}

/** Remembers that a mention is not one (or, with `restore`, forgets that); in the caller's transaction. */
export function dismissMention(store: Store, m: MentionRef & { restore?: boolean }): { dismissed: boolean } {
  requireSource(store, m.sourceId);
  requireActor(store, m.actorId);
  const text = store.sql('SELECT text FROM sources WHERE id = ?').pluck().get(m.sourceId) as string;
  if (m.end <= m.start || m.end > text.length) {
    throw new ApiError('invalid_argument', `The mention ${m.start}-${m.end} is not inside the source (${text.length} characters).`, { path: 'end' });
  }
  if (m.restore) {
    store.sql('DELETE FROM dismissed_mentions WHERE source_id = ? AND actor_id = ? AND start_offset = ?').run(m.sourceId, m.actorId, m.start);
    return { dismissed: false };
  }
  store
    .sql(
      `INSERT INTO dismissed_mentions (source_id, actor_id, start_offset, end_offset, matched, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, actor_id, start_offset) DO UPDATE SET end_offset = excluded.end_offset, matched = excluded.matched`,
    )
    .run(m.sourceId, m.actorId, m.start, m.end, text.slice(m.start, m.end), now());
  return { dismissed: true };
}

import { ApiError } from '../../shared/errors';
import { foldText, NameMatcher, outermostHits } from '../../shared/match';
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
 * Incremental: the automaton is kept per project until the registry changes (its digest over
 * every id and name), and each source's raw hits are kept under its content hash and that
 * digest. A new highlight, tag or dismissal only re-filters the kept hits; an edited text
 * rescans that source; a registry change rebuilds the automaton and rescans on the next call.
 */

const CONTEXT = 60;

interface RawHit {
  actorId: string;
  /** The registry name or alias that matched (to drop the hit when that name goes). */
  name: string;
  start: number;
  end: number;
  matched: string;
  blockIndex: number;
  before: string;
  after: string;
}

interface Cached {
  hash: string;
  /** The registry version the hits are complete for. */
  version: number;
  /** Every whole-word hit; the outermost are chosen when listing. */
  hits: RawHit[];
  /** The outermost of `hits` (outermostHits), kept with them. */
  outer: RawHit[];
  /** The text folded (foldText), to tell whether a new name can occur in it at all. */
  folded: string;
}

interface ProjectCache {
  /** This connection's changes and other connections' commits when the registry was last read. */
  seen: string;
  /** The registry as read (ids and names, in order): compared whole to notice any change. */
  registry: string;
  version: number;
  /** `id NUL name` of every registry entry, to tell what a change added and removed. */
  pairs: Set<string>;
  matcher: NameMatcher;
  names: Map<string, string>;
  sources: Map<string, Cached>;
  /** The last list made, for the same question asked again with nothing written since. */
  last?: { key: string; seen: string; list: MentionList };
}

const caches = new WeakMap<Store, ProjectCache>();

/** Drops what is kept for a project (benchmarks measure a scan from scratch with it). */
export function forgetMentions(store: Store): void {
  caches.delete(store);
}

const pairKey = (id: string, name: string) => `${id}\u0000${name}`;

/**
 * The automaton of the current registry. When the registry changed, the sources' kept hits are
 * brought up to date without a rescan where possible: hits of names that went are dropped, and
 * a source is scanned again only if the folded form of a new name occurs in its folded text.
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
  const cache = caches.get(store);
  if (cache && cache.registry === registry) return cache;
  const rows = registry ? registry.split('\u0001').map((r) => r.split('\u0000') as [string, string]) : [];
  const pairs = new Set(rows.map(([id, name]) => pairKey(id, name)));
  const matcher = new NameMatcher(rows);
  const names = new Map(store.sql('SELECT id, name FROM actors').raw().all() as Array<[string, string]>);
  const next: ProjectCache = { seen, registry, version: (cache?.version ?? 0) + 1, pairs, matcher, names, sources: cache?.sources ?? new Map() };
  if (cache) {
    const removed = new Set([...cache.pairs].filter((p) => !pairs.has(p)));
    const added = matcher.keys.filter((_, i) => !cache.pairs.has(pairKey(matcher.ids[i], matcher.names[i])));
    for (const [id, kept] of next.sources) {
      if (kept.version !== cache.version) {
        next.sources.delete(id);
        continue;
      }
      if (added.some((key) => kept.folded.includes(key))) {
        next.sources.delete(id);
        continue;
      }
      if (removed.size) {
        kept.hits = kept.hits.filter((h) => !removed.has(pairKey(h.actorId, h.name)));
        kept.outer = outermostHits(kept.hits, (h) => h.actorId);
      }
      kept.version = next.version;
    }
  }
  caches.set(store, next);
  return next;
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

/** Scans one text with the automaton: every whole-word hit, with its block and context. */
export function scanText(matcher: NameMatcher, text: string, blocks: readonly Block[]): RawHit[] {
  return matcher.scan(text).map((h) => {
    const blockIndex = blockAt(blocks, h.start);
    const block = blocks[blockIndex] ?? { start: 0, end: text.length };
    const from = Math.max(block.start, h.start - CONTEXT);
    const to = Math.min(Math.max(block.end, h.end), h.end + CONTEXT);
    return {
      actorId: h.id,
      name: matcher.names[h.pattern],
      start: h.start,
      end: h.end,
      matched: text.slice(h.start, h.end),
      blockIndex,
      before: text.slice(from, h.start),
      after: text.slice(h.end, to),
    };
  });
}

/** A source's outermost hits, from the cache when its text and the registry are unchanged. */
function sourceHits(store: Store, cache: ProjectCache, id: string, hash: string): RawHit[] {
  let kept = cache.sources.get(id);
  if (!kept || kept.hash !== hash || kept.version !== cache.version) {
    const row = store.sql('SELECT text, blocks FROM sources WHERE id = ?').get(id) as { text: string; blocks: string };
    const hits = scanText(cache.matcher, row.text, JSON.parse(row.blocks) as Block[]);
    kept = { hash, version: cache.version, hits, outer: outermostHits(hits, (h) => h.actorId), folded: foldText(row.text) };
    cache.sources.set(id, kept);
  }
  return kept.outer;
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
    // The tagged spans and the dismissals of the sources listed, read in one query each.
    const where = args.sourceId ? 'WHERE h.source_id = ?' : '';
    const params = args.sourceId ? [args.sourceId] : [];
    const covers = new Map<string, Map<string, Array<[number, number]>>>();
    const taggedRows = store
      .sql(
        `SELECT h.source_id, h.start_offset, h.end_offset, ha.actor_id FROM highlights h JOIN highlight_actors ha ON ha.highlight_id = h.id
         ${where ? `${where} AND` : 'WHERE'} h.anchor = 'ok'`,
      )
      .raw()
      .all(...params) as Array<[string, number, number, string]>;
    for (const [sourceId, s, e, actorId] of taggedRows) {
      let bySource = covers.get(sourceId);
      if (!bySource) covers.set(sourceId, (bySource = new Map()));
      const list = bySource.get(actorId);
      if (list) list.push([s, e]);
      else bySource.set(actorId, [[s, e]]);
    }
    const gone = new Map<string, Set<string>>();
    const dismissedRows = store
      .sql(`SELECT source_id, actor_id, start_offset, end_offset, matched FROM dismissed_mentions${args.sourceId ? ' WHERE source_id = ?' : ''}`)
      .raw()
      .all(...params) as Array<[string, string, number, number, string]>;
    for (const [sourceId, a, s, e, m] of dismissedRows) {
      let set = gone.get(sourceId);
      if (!set) gone.set(sourceId, (set = new Set()));
      set.add(`${a}\u0000${s}\u0000${e}\u0000${m}`);
    }
    const limit = args.limit ?? MENTIONS_PER_ACTOR_DEFAULT;
    const groups = new Map<string, MentionGroup>();
    let total = 0;
    for (const [sourceId, hash] of sources) {
      let hits = sourceHits(store, cache, sourceId, hash);
      if (args.actorId) hits = hits.filter((h) => h.actorId === args.actorId);
      if (hits.length === 0) continue;
      const tagged = covers.get(sourceId);
      const dismissed = gone.get(sourceId);
      for (const h of hits) {
        if (tagged?.get(h.actorId)?.some(([s, e]) => s <= h.start && h.end <= e)) continue;
        const isDismissed = dismissed !== undefined && dismissed.has(`${h.actorId}\u0000${h.start}\u0000${h.end}\u0000${h.matched}`);
        if (isDismissed && !args.includeDismissed) continue;
        let group = groups.get(h.actorId);
        if (!group) {
          group = { actorId: h.actorId, name: cache.names.get(h.actorId) ?? '', count: 0, mentions: [] };
          groups.set(h.actorId, group);
        }
        group.count++;
        total++;
        if (group.mentions.length < limit) {
          const item: MentionItem = { sourceId, actorId: h.actorId, start: h.start, end: h.end, matched: h.matched, blockIndex: h.blockIndex, before: h.before, after: h.after, dismissed: isDismissed };
          group.mentions.push(item);
        }
      }
    }
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

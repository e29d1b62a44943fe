import type { SearchActorResult, SearchHit, SearchResult, SearchSourceResult, Snippet } from '../../shared/search';
import type { Block } from '../../shared/types';
import type { Store } from '../db/store';
import { findSourceSummary } from '../services/sources';
import type { SearchKind } from './schema';
import { locate, locateInText, parseQuery, positiveTerms, toFtsMatch, wordsOf, type ParsedQuery, type Term } from './query';

/**
 * Corpus search over the FTS5 index of migration 5 (schema.ts). Two steps, so that the cost of
 * a query follows the page shown rather than the number of matches:
 *
 * 1. Ranking, in SQL: the matching index rows (source texts, details, quotes, notes, ties),
 *    grouped by source, each source scored by its best bm25 (quotes, notes and ties weigh half),
 *    filtered, one page taken. No snippet is made here.
 * 2. Hits, in JavaScript, for the page only: the query's words are located again in each
 *    source's text (folded as the index folds it) to give block, offsets and snippets; the
 *    quotes, notes and ties of those sources that matched are read back by id.
 */

export interface SearchFilters {
  sourceIds?: string[];
  /** Outlets as written in the sources' details (case ignored). */
  outlets?: string[];
  /** Partial dates: "2024", "2024-03", "2024-03-14"; a source without a date is left out when either is given. */
  publishedFrom?: string;
  publishedTo?: string;
  /** Sources where the actor is tagged on a highlight or is one end of a tie. */
  actorId?: string;
  hasHighlights?: boolean;
  collectionId?: string;
}

export interface SearchArgs extends SearchFilters {
  query: string;
  limit?: number;
  offset?: number;
}

export const SEARCH_PAGE_DEFAULT = 20;
/** Text hits listed per source (textMatches counts them all). */
const TEXT_HITS = 3;
const OTHER_HITS = 3;
const SNIPPET_WIDTH = 160;

/** A row's source: notes may have been indexed before their highlight came back (undo); look it up again. */
const ROW_SOURCE = `coalesce(f.source_id, (SELECT h.source_id FROM highlights h WHERE h.id = f.ref))`;

function filterSql(filters: SearchFilters): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.sourceIds) {
    where.push('s.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filters.sourceIds));
  }
  if (filters.outlets) {
    where.push('lower(trim(s.outlet)) IN (SELECT lower(trim(value)) FROM json_each(?))');
    params.push(JSON.stringify(filters.outlets));
  }
  if (filters.publishedFrom) {
    where.push("s.published_at != '' AND s.published_at >= ?");
    params.push(filters.publishedFrom);
  }
  if (filters.publishedTo) {
    where.push("s.published_at != '' AND substr(s.published_at, 1, length(?)) <= ?");
    params.push(filters.publishedTo, filters.publishedTo);
  }
  if (filters.actorId) {
    where.push(`(EXISTS (SELECT 1 FROM highlight_actors ha JOIN highlights h ON h.id = ha.highlight_id WHERE ha.actor_id = ? AND h.source_id = s.id)
      OR EXISTS (SELECT 1 FROM claims c WHERE c.source_id = s.id AND (c.source_actor_id = ? OR c.target_actor_id = ?)))`);
    params.push(filters.actorId, filters.actorId, filters.actorId);
  }
  if (filters.hasHighlights !== undefined) {
    where.push(`${filters.hasHighlights ? '' : 'NOT '}EXISTS (SELECT 1 FROM highlights h WHERE h.source_id = s.id)`);
  }
  if (filters.collectionId) {
    where.push('EXISTS (SELECT 1 FROM collection_sources cs WHERE cs.collection_id = ? AND cs.source_id = s.id)');
    params.push(filters.collectionId);
  }
  return { where, params };
}

/** One row of the index that matched: what it is, its source (null for actors), what it points at, and its bm25. */
interface MatchedRow {
  rowid: number;
  kind: SearchKind;
  sid: string | null;
  ref: string;
  /** bm25 as FTS5 gives it (lower is better); null when the row was not ranked (RANK_BUDGET). */
  rank: number | null;
}

/**
 * The most word positions bm25 may read for one query. FTS5's bm25 reads every position of the
 * query's words in every matching row: a word in every paragraph of every source ("the": 1.3
 * million positions in the benchmark's 1,000 sources of 50 KB, 30 ms of CPU) costs that much
 * whatever page is shown. Above this (estimated from the index's vocabulary), only the newest
 * rows that could match are ranked, up to this many positions; the others follow, newest first.
 */
export const RANK_BUDGET = 300_000;
/** Words of a prefix read from the vocabulary for the estimate; more means over budget. */
const PREFIX_WORDS_READ = 64;

/** The index's vocabulary (fts5vocab: rows and positions per word), a temporary table of the connection. */
const withVocabulary = new WeakSet<object>();
function vocabulary(store: Store): void {
  if (withVocabulary.has(store.db)) return;
  store.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, 'search_fts', 'row')`);
  withVocabulary.add(store.db);
}

/** How many positions bm25 would read for the terms, in all and per row that has them (from the vocabulary; an estimate). */
function positionsOf(store: Store, terms: readonly Term[]): { total: number; perRow: number } {
  const exact = store.sql('SELECT doc, cnt FROM temp.search_vocab WHERE term = ?');
  const prefix = store.sql(`SELECT doc, cnt FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT ${PREFIX_WORDS_READ}`);
  let total = 0;
  let perRow = 0;
  for (const term of terms) {
    term.keys.forEach((word, i) => {
      const asPrefix = term.prefix && i === term.keys.length - 1;
      const rows = (asPrefix ? prefix.all(word, `${word}\u{10FFFF}`) : [exact.get(word)].filter(Boolean)) as Array<{ doc: number; cnt: number }>;
      if (asPrefix && rows.length >= PREFIX_WORDS_READ) total = Infinity;
      for (const r of rows) {
        total += r.cnt;
        perRow += r.cnt / Math.max(1, r.doc);
      }
    });
  }
  return { total, perRow };
}

/** A query matching every row `query` matches, without phrases or exclusions (whose bm25 reads every row's positions again). */
function wordsOnly(query: ParsedQuery): string | null {
  const word = (t: Term, i: number): Term => ({ fts: [t.fts[i]], keys: [t.keys[i]], prefix: t.prefix && i === t.fts.length - 1 });
  // A phrase becomes its words, each required; in an OR, a phrase becomes its first word.
  const all = query.all.flatMap((clause) => (clause.length === 1 ? clause[0].fts.map((_, i) => [word(clause[0], i)]) : [clause.map((t) => word(t, 0))]));
  return toFtsMatch({ all, not: [] });
}

const COLUMNS = `f.rowid, f.kind, ${ROW_SOURCE} AS sid, f.ref`;

/**
 * Every index row the query matches, with its bm25, in one pass over the index when the query's
 * words are not too common (RANK_BUDGET). FTS5 pays for a MATCH in proportion to the positions
 * it reads, so the ranking, the count, the page's quotes, notes and ties and the actors are all
 * taken from this one answer instead of a MATCH each (scripts/bench/search.mjs). Over the
 * budget: the rows without bm25 (no positions read but a phrase's), then bm25 over the newest
 * rows only, of a query of the words alone.
 */
function matchedRows(store: Store, query: ParsedQuery, budget = RANK_BUDGET): MatchedRow[] {
  const match = toFtsMatch(query);
  if (!match) return [];
  vocabulary(store);
  const cost = positionsOf(store, positiveTerms(query));
  if (cost.total <= budget) {
    return store.sql(`SELECT ${COLUMNS}, f.rank FROM search_fts f WHERE search_fts MATCH ?`).all(match) as MatchedRow[];
  }
  const rows = store.sql(`SELECT ${COLUMNS}, NULL AS rank FROM search_fts f WHERE search_fts MATCH ? ORDER BY f.rowid`).all(match) as MatchedRow[];
  const words = wordsOnly(query) ?? match;
  // The newest rows that match are ranked (by the words alone: bm25 of a phrase reads every row's
  // positions again); the rows of the words alone are a superset, found by the same MATCH bm25 runs.
  const ranked = Math.max(1, Math.floor(budget / Math.max(1, cost.perRow)));
  const from = rows.length > ranked ? rows[rows.length - ranked].rowid : 0;
  const ranks = new Map(
    (store.sql('SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? AND rowid >= ?').raw().all(words, from) as Array<[number, number]>),
  );
  for (const r of rows) r.rank = ranks.get(r.rowid) ?? null;
  return rows;
}

/** Best first: by bm25, then (rows not ranked) newest first. */
const byRank = (a: MatchedRow, b: MatchedRow) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.rowid - a.rowid;

/** Ranked source ids of one page, and how many sources match over all pages. */
function rankRows(store: Store, rows: readonly MatchedRow[], filters: SearchFilters, limit: number, offset: number): { ids: string[]; total: number } {
  // Each source scored by its best row: text and details count fully, annotations half; a
  // source with no ranked row by its newest.
  const best = new Map<string, { score: number; newest: number }>();
  for (const r of rows) {
    if (r.sid === null || r.kind === 'actor' || r.kind === 'alias') continue;
    const score = r.rank === null ? Infinity : r.kind === 'text' || r.kind === 'meta' ? r.rank : r.rank * 0.5;
    const old = best.get(r.sid);
    if (!old) best.set(r.sid, { score, newest: r.rowid });
    else {
      old.score = Math.min(old.score, score);
      old.newest = Math.max(old.newest, r.rowid);
    }
  }
  // The filters checked in SQL for the matching sources only (without filters, every source of
  // a row exists: the index's triggers delete a source's rows with it).
  const { where, params } = filterSql(filters);
  const kept = where.length
    ? new Set(
        store
          .sql(`SELECT s.id FROM sources s WHERE s.id IN (SELECT value FROM json_each(?)) AND ${where.join(' AND ')}`)
          .pluck()
          .all(JSON.stringify([...best.keys()]), ...params) as string[],
      )
    : null;
  const ranked = kept ? [...best].filter(([id]) => kept.has(id)) : [...best];
  ranked.sort(([ia, a], [ib, b]) => a.score - b.score || b.newest - a.newest || (ia < ib ? -1 : ia > ib ? 1 : 0));
  return { ids: ranked.slice(offset, offset + limit).map(([id]) => id), total: ranked.length };
}

/** Ranked source ids of one page, and how many sources match over all pages (the ranking step of search alone). */
export function rankSources(store: Store, query: ParsedQuery, filters: SearchFilters, limit: number, offset: number): { ids: string[]; total: number } {
  return rankRows(store, matchedRows(store, query), filters, limit, offset);
}

/** A window of about SNIPPET_WIDTH characters of `text` around [start, end), inside [from, to), with the matches in it marked. */
export function snippetOf(text: string, start: number, end: number, matches: ReadonlyArray<[number, number]>, from = 0, to = text.length): Snippet {
  const room = Math.max(0, SNIPPET_WIDTH - (end - start));
  let a = Math.max(from, start - Math.floor(room / 3));
  let b = Math.min(to, end + room - (start - a));
  a = Math.max(from, Math.min(a, b - SNIPPET_WIDTH));
  // Cut at spaces where there is one near, and never inside a surrogate pair.
  if (a > from) {
    const space = text.lastIndexOf(' ', a);
    if (space >= from && a - space < 20) a = space + 1;
    else if (/[\uDC00-\uDFFF]/.test(text[a])) a++;
  }
  if (b < to) {
    const space = text.indexOf(' ', b);
    if (space >= 0 && space < to && space - b < 20) b = space;
    else if (/[\uD800-\uDBFF]/.test(text[b - 1])) b--;
  }
  const marks: Array<[number, number]> = [];
  for (const [s, e] of matches) if (s >= a && e <= b) marks.push([s - a, e - a]);
  return { text: text.slice(a, b), marks, cutStart: a > from, cutEnd: b < to };
}

function blockAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function textHits(store: Store, sourceId: string, terms: readonly Term[]): { hits: SearchHit[]; count: number } {
  const row = store.sql('SELECT text, blocks FROM sources WHERE id = ?').get(sourceId) as { text: string; blocks: string } | undefined;
  if (!row) return { hits: [], count: 0 };
  const matches = locateInText(row.text, terms);
  const blocks = JSON.parse(row.blocks) as Block[];
  const hits: SearchHit[] = [];
  const usedBlocks = new Set<number>();
  for (const [start, end] of matches) {
    if (hits.length >= TEXT_HITS) break;
    const blockIndex = blockAt(blocks, start);
    if (usedBlocks.has(blockIndex)) continue;
    usedBlocks.add(blockIndex);
    const block = blocks[blockIndex];
    hits.push({
      kind: 'text',
      start,
      end,
      blockIndex: blockIndex < 0 ? null : blockIndex,
      highlightId: null,
      claimId: null,
      snippet: snippetOf(row.text, start, end, matches, block?.start ?? 0, block && block.end >= end ? block.end : row.text.length),
    });
  }
  return { hits, count: matches.length };
}

function plainHit(kind: SearchHit['kind'], text: string, terms: readonly Term[], ids: { highlightId?: string; claimId?: string }): SearchHit | null {
  const matches = locate(wordsOf(text), terms);
  const [start, end] = matches[0] ?? [0, 0];
  return {
    kind,
    start: null,
    end: null,
    blockIndex: null,
    highlightId: ids.highlightId ?? null,
    claimId: ids.claimId ?? null,
    snippet: snippetOf(text, start, end, matches),
  };
}

/** The quotes, notes, ties and details of one page of sources that match. */
function otherHits(store: Store, matched: readonly MatchedRow[], sourceIds: readonly string[], terms: readonly Term[]): Map<string, SearchHit[]> {
  const page = new Set(sourceIds);
  const rows = matched
    .filter((r) => r.sid !== null && page.has(r.sid) && r.kind !== 'text' && r.kind !== 'actor' && r.kind !== 'alias')
    .sort(byRank) as Array<MatchedRow & { sid: string }>;
  const bySource = new Map<string, SearchHit[]>();
  const quote = store.sql("SELECT start_offset AS start, end_offset AS \"end\", exact, anchor FROM highlights WHERE id = ?");
  const note = store.sql('SELECT plain_text FROM notes WHERE highlight_id = ?').pluck();
  const claim = store.sql("SELECT highlight_id AS highlightId, note || ' ' || attributed_text AS body FROM claims WHERE id = ?");
  const meta = store.sql(
    "SELECT title || ' · ' || outlet || ' · ' || coalesce((SELECT group_concat(value, ', ') FROM json_each(authors)), '') AS body, blocks FROM sources WHERE id = ?",
  );
  for (const r of rows) {
    const list = bySource.get(r.sid) ?? [];
    if (list.length >= OTHER_HITS + 1) continue;
    let hit: SearchHit | null = null;
    if (r.kind === 'quote') {
      const h = quote.get(r.ref) as { start: number; end: number; exact: string; anchor: string } | undefined;
      if (h) {
        hit = plainHit('quote', h.exact, terms, { highlightId: r.ref });
        const first = locate(wordsOf(h.exact), terms)[0];
        if (hit && h.anchor === 'ok') {
          hit.start = h.start + (first?.[0] ?? 0);
          hit.end = h.start + (first?.[1] ?? h.end - h.start);
          const blocks = JSON.parse((meta.get(r.sid) as { blocks: string }).blocks) as Block[];
          hit.blockIndex = blockAt(blocks, hit.start);
        }
      }
    } else if (r.kind === 'note') {
      const text = note.get(r.ref) as string | undefined;
      if (text !== undefined) hit = plainHit('note', text, terms, { highlightId: r.ref });
    } else if (r.kind === 'claim') {
      const c = claim.get(r.ref) as { highlightId: string; body: string } | undefined;
      if (c) hit = plainHit('claim', c.body.trim(), terms, { highlightId: c.highlightId, claimId: r.ref });
    } else {
      const m = meta.get(r.sid) as { body: string } | undefined;
      if (m) hit = plainHit('meta', m.body.replace(/( · )+$/u, '').replace(/ · ( · )+/u, ' · '), terms, {});
    }
    if (hit) {
      list.push(hit);
      bySource.set(r.sid, list);
    }
  }
  return bySource;
}

function actorHits(store: Store, matched: readonly MatchedRow[], terms: readonly Term[]): SearchActorResult[] {
  const rows = matched.filter((r) => r.kind === 'actor' || r.kind === 'alias').sort(byRank);
  const out = new Map<string, SearchActorResult>();
  const name = store.sql('SELECT name FROM actors WHERE id = ?').pluck();
  const aliases = store.sql('SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY position, alias').pluck();
  for (const r of rows) {
    if (out.size >= 20) break;
    const actorName = name.get(r.ref) as string | undefined;
    if (actorName === undefined) continue;
    const existing = out.get(r.ref);
    if (existing && existing.alias === null) continue;
    if (r.kind === 'actor') out.set(r.ref, { actorId: r.ref, name: actorName, alias: null });
    else if (!existing) {
      // Which alias matched: the index row says only whose it is; locate the words in each.
      const matching = (aliases.all(r.ref) as string[]).find((a) => locate(wordsOf(a), terms).length > 0) ?? null;
      out.set(r.ref, { actorId: r.ref, name: actorName, alias: matching });
    }
  }
  return [...out.values()];
}

/** `rankBudget`: RANK_BUDGET, smaller in tests. */
export function search(store: Store, args: SearchArgs, rankBudget = RANK_BUDGET): SearchResult {
  const parsed = parseQuery(args.query);
  const match = toFtsMatch(parsed);
  const terms = positiveTerms(parsed);
  const empty: SearchResult = { total: 0, sources: [], actors: [], terms: [] };
  if (!match) return empty;
  const limit = args.limit ?? SEARCH_PAGE_DEFAULT;
  const offset = args.offset ?? 0;
  return store.read(() => {
    const rows = matchedRows(store, parsed, rankBudget);
    const { ids, total } = rankRows(store, rows, args, limit, offset);
    const others = ids.length ? otherHits(store, rows, ids, terms) : new Map<string, SearchHit[]>();
    const sources: SearchSourceResult[] = [];
    ids.forEach((id, i) => {
      const source = findSourceSummary(store, id);
      if (!source) return;
      const text = textHits(store, id, terms);
      sources.push({ source, rank: offset + i, textMatches: text.count, hits: [...text.hits, ...(others.get(id) ?? [])] });
    });
    return {
      total,
      sources,
      actors: offset === 0 ? actorHits(store, rows, terms) : [],
      terms: terms.map((t) => `${t.keys.join(' ')}${t.prefix ? '*' : ''}`),
    };
  });
}

import { TIE_PAGE_DEFAULT, type ListTiesArgs, type TiePage } from '../../shared/api';
import { STANCES, type Polarity, type Stance, type TieEvidence, type TiePair, type TieRelation } from '../../shared/annotations';
import type { Store } from '../db/store';
import { laterEnd } from '../text/dates';
import { compareNames } from './actors';
import { eventDateOf } from './claims';
import { requireSource } from './guards';
import { requireRelationType } from './relations';
import { claimCodedBy } from './analyst';

/**
 * Ties: claims aggregated by (source actor, relation type, target actor), grouped by pair of
 * actors for the Ties panel, which asks for them a page at a time (`limit` pairs from `offset`,
 * most claims first, equal counts by the actors' names).
 *
 * Over the whole corpus nothing is aggregated when the panel asks: the triggers of migration 2
 * keep `pair_totals` (claims per pair), `tie_totals` (per tie: claims, distinct sources,
 * stances, dates) and `tie_corpus` exact, so a page is a range of pair_totals_by_count plus the
 * tie rows of just those pairs, read from a covering index. Filters by relation type, polarity or
 * stance sum tie_totals rows instead of claims; what a stance filter leaves out of a page's source
 * counts and dates is read from that page's claims alone. One source (about a thousand claims),
 * and an actor filter combined with others, read their claims from a covering index and
 * aggregate them here, the ties only for the pairs on the page.
 *
 * Pairs are numbered by their actors' ranks in name order, so that counting, ordering and
 * paging them are arithmetic on numbers rather than work on strings. A symmetric relation's two
 * directions are one tie, reported from the actor with the smaller id.
 */

interface TypeInfo {
  directed: boolean;
  polarity: Polarity;
  position: number;
}

interface Vocabulary {
  types: Map<string, TypeInfo>;
  /** Rank of each actor by name, for name order without collating per comparison. */
  ranks: Map<string, number>;
  /** The actors' ids by rank. */
  ids: string[];
}

const vocabularies = new WeakMap<object, { stamp: number; vocabulary: Vocabulary }>();

/**
 * Relation types and actor name order, read once per change to the project: collating a few
 * hundred names costs more than aggregating one source's ties. total_changes() moves with every
 * row this connection writes (the only one that writes), so a stale copy is never used.
 */
function vocabulary(store: Store): Vocabulary {
  const stamp = Number(store.sql('SELECT total_changes()').pluck().get());
  const cached = vocabularies.get(store.db);
  if (cached && cached.stamp === stamp) return cached.vocabulary;
  const typeRows = store.sql('SELECT id, directed, polarity, position FROM relation_types').raw().all() as Array<[string, number, Polarity, number]>;
  const actorRows = store.sql('SELECT id, name FROM actors').raw().all() as Array<[string, string]>;
  actorRows.sort((a, b) => compareNames(a[1], b[1]) || (a[0] < b[0] ? -1 : 1));
  const vocabulary = {
    types: new Map(typeRows.map(([id, directed, polarity, position]) => [id, { directed: directed === 1, polarity, position }])),
    ranks: new Map(actorRows.map(([id], i) => [id, i])),
    ids: actorRows.map(([id]) => id),
  };
  vocabularies.set(store.db, { stamp, vocabulary });
  return vocabulary;
}

const json = (values: unknown) => JSON.stringify(values);

/** The filters as the queries use them: relation types and polarities resolved to type ids. */
interface Query {
  sourceId?: string;
  actorIds?: string[];
  /** null: any type. */
  typeIds: string[] | null;
  stances?: Stance[];
  /** Only claims this analyst coded. */
  analyst?: string;
}

export function listTies(store: Store, args: ListTiesArgs = {}): TiePage {
  const { limit = TIE_PAGE_DEFAULT, offset = 0, ...filters } = args;
  return store.read(() => {
    if (filters.sourceId) requireSource(store, filters.sourceId);
    const v = vocabulary(store);
    let typeIds: string[] | null = null;
    if (filters.relationTypeIds || filters.polarities) {
      typeIds = [...v.types]
        .filter(([id, t]) => (!filters.relationTypeIds || filters.relationTypeIds.includes(id)) && (!filters.polarities || filters.polarities.includes(t.polarity)))
        .map(([id]) => id);
      if (typeIds.length === 0) return { pairs: [], total: 0, claimCount: 0 };
    }
    const query: Query = { sourceId: filters.sourceId, actorIds: filters.actorIds?.length ? filters.actorIds : undefined, typeIds, stances: filters.stances?.length ? filters.stances : undefined, analyst: filters.analyst };
    const ranks = new Ranks(v);
    // The summaries count every analyst's claims: one analyst's are counted from the claims.
    if (query.sourceId || query.analyst || (query.actorIds && (query.typeIds || query.stances))) return claimsPage(store, v.types, ranks, query, offset, limit);
    return summaryPage(store, v.types, ranks, query, offset, limit);
  });
}

// ---- Pairs as numbers

/** A pair's number: rank of its first actor * RADIX + rank of its second (room for two million actors). */
const RADIX = 2 ** 21;

/**
 * Actor ranks for one call. Every claim names an actor that exists, so every actor has a rank;
 * an unknown id still gets one of its own (after all others) rather than sharing one.
 */
class Ranks {
  private extra: Map<string, number> | null = null;
  private readonly extraIds: string[] = [];
  constructor(private readonly v: Vocabulary) {}

  of(id: string): number {
    const rank = this.v.ranks.get(id);
    if (rank !== undefined) return rank;
    this.extra ??= new Map();
    let extra = this.extra.get(id);
    if (extra === undefined) {
      extra = this.v.ids.length + this.extraIds.length;
      this.extra.set(id, extra);
      this.extraIds.push(id);
    }
    return extra;
  }

  id(rank: number): string {
    return rank < this.v.ids.length ? this.v.ids[rank] : this.extraIds[rank - this.v.ids.length];
  }

  get size(): number {
    return this.v.ids.length + this.extraIds.length;
  }

  /** The number of the pair of two actors (in either order). */
  pair(x: string, y: string): number {
    const rx = this.of(x);
    const ry = this.of(y);
    return rx <= ry ? rx * RADIX + ry : ry * RADIX + rx;
  }
}

/** A pair on a page: its number, its actors in name order, and its claims. */
interface PagePair {
  key: number;
  first: string;
  second: string;
  count: number;
}

/**
 * The page [offset, offset + limit) of `pairs` (number -> claims) in panel order: most claims
 * first, then by the first actor's name, then the second's. Each pair becomes one number that
 * sorts in that order, and a typed array sorts them.
 */
function pageOf(pairs: Map<number, number>, ranks: Ranks, offset: number, limit: number): PagePair[] {
  if (offset >= pairs.size) return [];
  const r = ranks.size;
  const span = r * r;
  let most = 0;
  for (const count of pairs.values()) if (count > most) most = count;
  const decode = (key: number, count: number): PagePair => {
    const r1 = Math.floor(key / RADIX);
    const r2 = key - r1 * RADIX;
    return { key, first: ranks.id(r1), second: ranks.id(r2), count };
  };
  if ((most + 1) * span >= Number.MAX_SAFE_INTEGER) {
    // Beyond exact doubles (millions of actors or claims): compare the parts one by one.
    return [...pairs]
      .sort(([kx, cx], [ky, cy]) => cy - cx || kx - ky)
      .slice(offset, offset + limit)
      .map(([key, count]) => decode(key, count));
  }
  const order = new Float64Array(pairs.size);
  let i = 0;
  for (const [key, count] of pairs) {
    const r1 = Math.floor(key / RADIX);
    order[i++] = (most - count) * span + r1 * r + (key - r1 * RADIX);
  }
  order.sort();
  const page: PagePair[] = [];
  for (let j = offset; j < Math.min(offset + limit, order.length); j++) {
    const rest = order[j] % span;
    const count = most - (order[j] - rest) / span;
    const r1 = Math.floor(rest / r);
    page.push(decode(r1 * RADIX + (rest - r1 * r), count));
  }
  return page;
}

/**
 * Both directions of each pair, as JSON for joining tie rows or claims to a page, and for each
 * direction (its json_each key) the index of its pair on the page.
 */
function directions(page: PagePair[]): { list: string; pairOf: number[] } {
  const list: Array<[string, string]> = [];
  const pairOf: number[] = [];
  page.forEach((p, i) => {
    list.push([p.first, p.second]);
    pairOf.push(i);
    if (p.first !== p.second) {
      list.push([p.second, p.first]);
      pairOf.push(i);
    }
  });
  return { list: json(list), pairOf };
}

/** A tie and the index of its pair on the page. */
type PageTie = [pair: number, tie: TieRelation];

// ---- Whole corpus: from the summaries

/** The claims of the chosen stances, as a sum of tie_totals' stance columns. */
const stanceSum = (stances: readonly Stance[]) => STANCES.filter((s) => stances.includes(s)).join(' + ') || '0';

function summaryPage(store: Store, types: Map<string, TypeInfo>, ranks: Ranks, query: Query, offset: number, limit: number): TiePage {
  let page: PagePair[];
  let total: number;
  let claimCount: number;
  if (!query.actorIds && !query.typeIds && !query.stances) {
    ({ page, total, claimCount } = corpusPage(store, ranks, offset, limit));
  } else {
    let rows: Array<[string, string, number]>;
    if (query.actorIds) {
      // An actor filter alone: the pairs of those actors, from pair_totals.
      rows = store
        .sql(
          `SELECT actor_a, actor_b, claim_count FROM pair_totals WHERE actor_a IN (SELECT value FROM json_each(@ids))
           UNION ALL
           SELECT actor_a, actor_b, claim_count FROM pair_totals
             WHERE actor_b IN (SELECT value FROM json_each(@ids)) AND actor_a NOT IN (SELECT value FROM json_each(@ids))`,
        )
        .raw()
        .all({ ids: json(query.actorIds) }) as Array<[string, string, number]>;
    } else {
      rows = pairsOfTies(store, query, types.size);
    }
    const pairs = new Map<number, number>();
    claimCount = 0;
    for (const [a, b, count] of rows) {
      pairs.set(ranks.pair(a, b), count);
      claimCount += count;
    }
    total = pairs.size;
    page = pageOf(pairs, ranks, offset, limit);
  }
  if (page.length === 0) return { pairs: [], total, claimCount };
  const ties = query.stances ? tiesOfPageClaims(store, types, ranks, query, page) : tiesOfPage(store, query, page);
  return { pairs: assemble(page, ties, types, ranks), total, claimCount };
}

/**
 * No filters: the page is a range of pair_totals_by_count. Pairs with the same count go by
 * name, so all the pairs with the counts at the page's two ends are read and ordered.
 */
function corpusPage(store: Store, ranks: Ranks, offset: number, limit: number) {
  const [total, claimCount] = store.sql('SELECT pair_count, claim_count FROM tie_corpus').raw().get() as [number, number];
  if (offset >= total) return { page: [], total, claimCount };
  const countAt = store.sql('SELECT claim_count FROM pair_totals INDEXED BY pair_totals_by_count ORDER BY claim_count DESC LIMIT 1 OFFSET ?').pluck();
  const hi = countAt.get(offset) as number;
  const lo = countAt.get(Math.min(offset + limit, total) - 1) as number;
  const above = offset === 0 ? 0 : Number(store.sql('SELECT count(*) FROM pair_totals INDEXED BY pair_totals_by_count WHERE claim_count > ?').pluck().get(hi));
  const window = new Map<number, number>();
  for (const [a, b, count] of store.sql('SELECT actor_a, actor_b, claim_count FROM pair_totals INDEXED BY pair_totals_by_count WHERE claim_count BETWEEN ? AND ?').raw().all(lo, hi) as Array<[string, string, number]>) {
    window.set(ranks.pair(a, b), count);
  }
  return { page: pageOf(window, ranks, offset - above, limit), total, claimCount };
}

/**
 * Pairs with their claim counts under relation-type and stance filters, summed from tie_totals:
 * through the relation-type index when a few types are wanted, else over the covering index.
 */
function pairsOfTies(store: Store, query: Query, typeCount: number): Array<[string, string, number]> {
  const count = query.stances ? stanceSum(query.stances) : 'claim_count';
  const index = query.typeIds && query.typeIds.length * 8 <= typeCount ? 'tie_totals_by_relation_type' : 'tie_totals_by_actors';
  const where = query.typeIds ? 'WHERE relation_type_id IN (SELECT value FROM json_each(?))' : '';
  return store
    .sql(
      `SELECT min(source_actor_id, target_actor_id), max(source_actor_id, target_actor_id), sum(${count}) AS n
       FROM tie_totals INDEXED BY ${index} ${where} GROUP BY 1, 2 HAVING n > 0`,
    )
    .raw()
    .all(...(query.typeIds ? [json(query.typeIds)] : [])) as Array<[string, string, number]>;
}

type TieTotalsRow = [direction: number, r: string, claims: number, sources: number, ...stancesAndDates: Array<number | string | null>];

const DATE_FROM = 4 + STANCES.length;

/**
 * The ties of a page's pairs, from tie_totals' covering index. Each row names its direction by
 * its index in the JSON list, not by the two actor ids: the page has those already.
 */
function tiesOfPage(store: Store, query: Query, page: PagePair[]): PageTie[] {
  const columns = `j.key, t.relation_type_id, t.claim_count, t.source_count, ${STANCES.map((s) => `t.${s}`).join(', ')}, t.date_from, t.date_to`;
  const join = `FROM json_each(?) AS j CROSS JOIN tie_totals AS t INDEXED BY tie_totals_by_actors
    WHERE t.source_actor_id = j.value ->> 0 AND t.target_actor_id = j.value ->> 1`;
  const { list, pairOf } = directions(page);
  const rows = (query.typeIds
    ? store.sql(`SELECT ${columns} ${join} AND t.relation_type_id IN (SELECT value FROM json_each(?))`).raw().all(list, json(query.typeIds))
    : store.sql(`SELECT ${columns} ${join}`).raw().all(list)) as TieTotalsRow[];
  const ties: PageTie[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const index = pairOf[row[0]];
    const pair = page[index];
    const forward = row[0] === 0 || pairOf[row[0] - 1] !== index; // the first of a pair's directions
    const stances: TieRelation['stances'] = {};
    for (let k = 0; k < STANCES.length; k++) {
      const n = row[4 + k] as number;
      if (n > 0) stances[STANCES[k]] = n;
    }
    const to = row[DATE_FROM + 1] as string | null;
    ties[i] = [
      index,
      {
        sourceActorId: forward ? pair.first : pair.second,
        relationTypeId: row[1],
        targetActorId: forward ? pair.second : pair.first,
        claimCount: row[2],
        sourceCount: row[3],
        stances,
        dateFrom: row[DATE_FROM] as string | null,
        dateTo: to === null ? null : to.slice(0, -1),
      },
    ];
  }
  return ties;
}

/** The ties of a page's pairs under a stance filter, from their claims (claims_by_tie ranges). */
function tiesOfPageClaims(store: Store, types: Map<string, TypeInfo>, ranks: Ranks, query: Query, page: PagePair[]): PageTie[] {
  const where = ['c.stance IN (SELECT value FROM json_each(?))'];
  const params: unknown[] = [directions(page).list, json(query.stances)];
  if (query.typeIds) {
    where.push('c.relation_type_id IN (SELECT value FROM json_each(?))');
    params.push(json(query.typeIds));
  }
  const rows = store
    .sql(
      `SELECT c.source_actor_id, c.target_actor_id, c.relation_type_id, c.stance, c.event_date_start, c.event_date_end, c.source_id
       FROM json_each(?) AS j CROSS JOIN claims AS c INDEXED BY claims_by_tie
       WHERE c.source_actor_id = j.value ->> 0 AND c.target_actor_id = j.value ->> 1 AND ${where.join(' AND ')}`,
    )
    .raw()
    .all(...params) as ClaimTieRow[];
  return onPage(page, tiesOfClaims(rows, types, true), ranks);
}

/** Ties with the indexes of their pairs on the page (ties of other pairs are dropped). */
function onPage(page: PagePair[], ties: TieRelation[], ranks: Ranks): PageTie[] {
  const index = new Map(page.map((p, i) => [p.key, i]));
  const out: PageTie[] = [];
  for (const tie of ties) {
    const i = index.get(ranks.pair(tie.sourceActorId, tie.targetActorId));
    if (i !== undefined) out.push([i, tie]);
  }
  return out;
}

// ---- One source, or an actor with other filters: from the claims

/** A claim as the aggregation reads it; the source id only when sources are counted. */
export type ClaimTieRow = [s: string, t: string, r: string, stance: Stance, start: string, end: string, source?: string];

function claimsPage(store: Store, types: Map<string, TypeInfo>, ranks: Ranks, query: Query, offset: number, limit: number): TiePage {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.sourceId) {
    where.push('source_id = ?');
    params.push(query.sourceId);
  }
  if (query.actorIds) {
    where.push('(source_actor_id IN (SELECT value FROM json_each(?)) OR target_actor_id IN (SELECT value FROM json_each(?)))');
    params.push(json(query.actorIds), json(query.actorIds));
  }
  if (query.typeIds) {
    where.push('relation_type_id IN (SELECT value FROM json_each(?))');
    params.push(json(query.typeIds));
  }
  if (query.stances) {
    where.push('stance IN (SELECT value FROM json_each(?))');
    params.push(json(query.stances));
  }
  if (query.analyst !== undefined) {
    where.push(claimCodedBy('?'));
    params.push(query.analyst, query.analyst);
  }
  const countSources = !query.sourceId;
  const rows = store
    .sql(
      `SELECT source_actor_id, target_actor_id, relation_type_id, stance, event_date_start, event_date_end${countSources ? ', source_id' : ''}
       FROM claims c WHERE ${where.join(' AND ')}`,
    )
    .raw()
    .all(...params) as ClaimTieRow[];
  // Pass 1: claims per pair, for the order; pass 2: the ties of the page's pairs only.
  const pairs = new Map<number, number>();
  const pairOfRow = new Float64Array(rows.length);
  // Rows come in source-actor order (the index's): look each source actor up once.
  let lastSource = '';
  let lastRank = -1;
  for (let i = 0; i < rows.length; i++) {
    const s = rows[i][0];
    if (s !== lastSource) {
      lastSource = s;
      lastRank = ranks.of(s);
    }
    const t = ranks.of(rows[i][1]);
    const key = lastRank <= t ? lastRank * RADIX + t : t * RADIX + lastRank;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    pairOfRow[i] = key;
  }
  const total = pairs.size;
  const page = pageOf(pairs, ranks, offset, limit);
  if (page.length === 0) return { pairs: [], total, claimCount: rows.length };
  let pageRows = rows;
  if (page.length < total) {
    const onPage = new Set(page.map((p) => p.key));
    pageRows = rows.filter((_, i) => onPage.has(pairOfRow[i]));
  }
  return { pairs: assemble(page, onPage(page, tiesOfClaims(pageRows, types, countSources), ranks), types, ranks), total, claimCount: rows.length };
}

/** Claims to ties; a symmetric type's two directions become one tie from the smaller id (also the Network view's edges, services/network.ts). */
export function tiesOfClaims(rows: ClaimTieRow[], types: Map<string, TypeInfo>, countSources: boolean): TieRelation[] {
  const ties = new Map<string, TieRelation>();
  const sources = new Map<TieRelation, Set<string>>();
  for (const [s0, t0, r, stance, start, end, source] of rows) {
    const swap = t0 < s0 && types.get(r)?.directed === false;
    const s = swap ? t0 : s0;
    const t = swap ? s0 : t0;
    const key = `${s}\u0000${r}\u0000${t}`;
    let tie = ties.get(key);
    if (!tie) {
      tie = { sourceActorId: s, relationTypeId: r, targetActorId: t, claimCount: 0, sourceCount: 1, stances: {}, dateFrom: null, dateTo: null };
      ties.set(key, tie);
      if (countSources) sources.set(tie, new Set());
    }
    tie.claimCount++;
    tie.stances[stance] = (tie.stances[stance] ?? 0) + 1;
    if (start && (tie.dateFrom === null || start < tie.dateFrom)) tie.dateFrom = start;
    if (end) tie.dateTo = tie.dateTo === null ? end : laterEnd(tie.dateTo, end);
    if (countSources) sources.get(tie)!.add(source!);
  }
  for (const [tie, set] of sources) tie.sourceCount = set.size;
  return [...ties.values()];
}

// ---- A page's pairs

const UNRANKED = Number.MAX_SAFE_INTEGER;

/** The page's pairs in its order, each with its ties (most claims first) and conflict flags. */
function assemble(page: PagePair[], ties: PageTie[], types: Map<string, TypeInfo>, ranks: Ranks): TiePair[] {
  const pairs: TiePair[] = page.map((p) => ({ actorIds: [p.first, p.second], relations: [], claimCount: 0, polarityConflict: false, stanceConflict: false }));
  for (const [i, tie] of ties) pairs[i].relations.push(tie);
  const position = (id: string) => types.get(id)?.position ?? UNRANKED;
  const byWeight = (x: TieRelation, y: TieRelation) =>
    y.claimCount - x.claimCount ||
    position(x.relationTypeId) - position(y.relationTypeId) ||
    (x.relationTypeId < y.relationTypeId ? -1 : x.relationTypeId > y.relationTypeId ? 1 : 0) ||
    ranks.of(x.sourceActorId) - ranks.of(y.sourceActorId);
  for (const pair of pairs) {
    let cooperative = false;
    let conflictual = false;
    for (const tie of pair.relations) {
      pair.claimCount += tie.claimCount;
      const polarity = types.get(tie.relationTypeId)?.polarity;
      if (polarity === 'cooperative') cooperative = true;
      else if (polarity === 'conflictual') conflictual = true;
      const s = tie.stances;
      if ((s.denied ?? 0) > 0 && (s.asserted ?? 0) + (s.reported ?? 0) + (s.alleged ?? 0) > 0) pair.stanceConflict = true;
    }
    pair.polarityConflict = cooperative && conflictual;
    if (pair.relations.length > 1) pair.relations.sort(byWeight);
  }
  return pairs;
}

export interface TieKey {
  sourceActorId: string;
  relationTypeId: string;
  targetActorId: string;
  sourceId?: string;
  stances?: Stance[];
  analyst?: string;
}

interface EvidenceRow {
  id: string;
  highlight_id: string;
  source_id: string;
  title: string;
  exact: string;
  start_offset: number;
  end_offset: number;
  stance: Stance;
  attributed_actor_id: string | null;
  attributed_text: string;
  confidence: TieEvidence['confidence'];
  event_date_text: string;
  event_date_start: string;
  event_date_end: string;
  created_at: string;
}

const titleCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The claims behind one tie (both directions for a symmetric type), by source title and position. */
export function listTieEvidence(store: Store, key: TieKey): TieEvidence[] {
  return store.read(() => {
    const relation = requireRelationType(store, key.relationTypeId);
    const where = ['c.relation_type_id = @r', '((c.source_actor_id = @s AND c.target_actor_id = @t) OR (@symmetric AND c.source_actor_id = @t AND c.target_actor_id = @s))'];
    const params: Record<string, unknown> = { s: key.sourceActorId, t: key.targetActorId, r: key.relationTypeId, symmetric: relation.directed === 1 ? 0 : 1 };
    if (key.sourceId) {
      where.push('c.source_id = @source');
      params.source = key.sourceId;
    }
    if (key.stances) {
      where.push('c.stance IN (SELECT value FROM json_each(@stances))');
      params.stances = json(key.stances);
    }
    if (key.analyst !== undefined) {
      where.push(claimCodedBy('@analyst'));
      params.analyst = key.analyst;
    }
    const rows = store
      .sql(
        `SELECT c.id, c.highlight_id, c.source_id, s.title, h.exact, h.start_offset, h.end_offset, c.stance, c.attributed_actor_id,
           c.attributed_text, c.confidence, c.event_date_text, c.event_date_start, c.event_date_end, c.created_at
         FROM claims c JOIN highlights h ON h.id = c.highlight_id JOIN sources s ON s.id = c.source_id
         WHERE ${where.join(' AND ')}`,
      )
      .all(params) as EvidenceRow[];
    rows.sort(
      (a, b) =>
        titleCollator.compare(a.title, b.title) ||
        (a.source_id < b.source_id ? -1 : a.source_id > b.source_id ? 1 : 0) ||
        a.start_offset - b.start_offset ||
        b.end_offset - a.end_offset ||
        (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0) ||
        (a.id < b.id ? -1 : 1),
    );
    return rows.map((r) => ({
      claimId: r.id,
      highlightId: r.highlight_id,
      sourceId: r.source_id,
      sourceTitle: r.title,
      exact: r.exact,
      stance: r.stance,
      attributedActorId: r.attributed_actor_id,
      attributedText: r.attributed_text,
      confidence: r.confidence,
      eventDate: eventDateOf(r),
    }));
  });
}

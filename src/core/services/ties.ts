import type { TieFilters } from '../../shared/api';
import { STANCES, type Polarity, type Stance, type TieEvidence, type TiePair, type TieRelation } from '../../shared/annotations';
import type { Store } from '../db/store';
import { laterEnd } from '../text/dates';
import { compareNames } from './actors';
import { eventDateOf, requireSource } from './claims';
import { requireRelationType } from './relations';

/**
 * Ties: claims aggregated by (source actor, relation type, target actor), then grouped by pair
 * of actors for the Ties panel. SQLite does the heavy part as one GROUP BY over a covering
 * index (claims_by_tie for the corpus, claims_by_source for one source), down to one row per
 * tie as stored; JavaScript merges the two directions of symmetric types and groups pairs. A
 * symmetric tie is stored under its claims' directions but reported once, with the actor of the
 * smaller id as its source.
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
  };
  vocabularies.set(store.db, { stamp, vocabulary });
  return vocabulary;
}

const json = (values: readonly string[]) => JSON.stringify(values);

export function listTies(store: Store, filters: TieFilters = {}): TiePair[] {
  return store.read(() => {
    if (filters.sourceId) requireSource(store, filters.sourceId);
    const { types, ranks } = vocabulary(store);
    const { sql, params } = tieGroupQuery(filters, types);
    const { ties, bothWays } = aggregate(store.sql(sql).raw().all(...params) as GroupRow[], types);
    if (bothWays.size > 0) countSourcesBothWays(store, filters, types, bothWays);
    return pairsOf(ties, types, ranks);
  });
}

/** The WHERE clause of the filters, shared by the aggregation and its follow-up. */
function filterClause(filters: TieFilters, types: Map<string, { polarity: Polarity }>): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.sourceId) {
    where.push('source_id = ?');
    params.push(filters.sourceId);
  }
  if (filters.actorIds) {
    where.push('(source_actor_id IN (SELECT value FROM json_each(?)) OR target_actor_id IN (SELECT value FROM json_each(?)))');
    params.push(json(filters.actorIds), json(filters.actorIds));
  }
  if (filters.relationTypeIds || filters.polarities) {
    const wanted = [...types].filter(
      ([id, t]) => (!filters.relationTypeIds || filters.relationTypeIds.includes(id)) && (!filters.polarities || filters.polarities.includes(t.polarity)),
    );
    where.push('relation_type_id IN (SELECT value FROM json_each(?))');
    params.push(json(wanted.map(([id]) => id)));
  }
  if (filters.stances) {
    where.push('stance IN (SELECT value FROM json_each(?))');
    params.push(json(filters.stances));
  }
  return { where, params };
}

/**
 * One row per (source actor, relation type, target actor) as stored: claim count, distinct
 * sources, a count per stance and the date bounds. Exported for the plan test and the benchmark.
 */
export function tieGroupQuery(filters: TieFilters, types: Map<string, { polarity: Polarity }>): { sql: string; params: unknown[] } {
  const { where, params } = filterClause(filters, types);
  // Over the whole corpus claims_by_tie hands SQLite the groups in order (named, so that the
  // planner never prefers claims_by_source and a sort). One source and the actor filter are left
  // to the planner: claims_by_source, or the two actor indexes.
  const index = filters.sourceId || filters.actorIds ? '' : 'INDEXED BY claims_by_tie';
  const sources = filters.sourceId ? '1' : 'count(DISTINCT source_id)';
  const sql = `SELECT source_actor_id, relation_type_id, target_actor_id, count(*), ${sources},
      ${STANCES.map((st) => `sum(stance = '${st}')`).join(', ')},
      min(nullif(event_date_start, '')), max(nullif(event_date_end, '') || '~')
    FROM claims ${index} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    GROUP BY 1, 2, 3`;
  return { sql, params };
}

export type GroupRow = [s: string, r: string, t: string, claims: number, sources: number, ...stanceCountsAndDates: Array<number | string | null>];

const newRelation = (s: string, r: string, t: string, sources: number): TieRelation => ({
  sourceActorId: s,
  relationTypeId: r,
  targetActorId: t,
  claimCount: 0,
  sourceCount: sources,
  stances: {},
  dateFrom: null,
  dateTo: null,
});

const symmetricKey = (s: string, r: string, t: string) => (s < t ? `${s}\u0000${r}\u0000${t}` : `${t}\u0000${r}\u0000${s}`);

/**
 * Rows to ties. A symmetric type's two directions are one tie, reported from the actor with the
 * smaller id; when both directions occur, their distinct sources cannot be added up, so those
 * ties are returned in `bothWays` for an exact count.
 */
export function aggregate(rows: GroupRow[], types: Map<string, TypeInfo>): { ties: TieRelation[]; bothWays: Map<string, TieRelation> } {
  const ties: TieRelation[] = [];
  const symmetric = new Map<string, TieRelation>();
  const bothWays = new Map<string, TieRelation>();
  for (const row of rows) {
    const [s0, r, t0, claims, sources] = row;
    const from = row[5 + STANCES.length] as string | null;
    const toMarked = row[6 + STANCES.length] as string | null;
    const to = toMarked === null ? null : toMarked.slice(0, -1);
    let tie: TieRelation | undefined;
    if (types.get(r)?.directed === false) {
      const key = symmetricKey(s0, r, t0);
      tie = symmetric.get(key);
      if (tie) {
        bothWays.set(key, tie);
      } else {
        tie = newRelation(s0 < t0 ? s0 : t0, r, s0 < t0 ? t0 : s0, sources);
        symmetric.set(key, tie);
        ties.push(tie);
      }
    } else {
      tie = newRelation(s0, r, t0, sources);
      ties.push(tie);
    }
    tie.claimCount += claims;
    for (let i = 0; i < STANCES.length; i++) {
      const n = row[5 + i] as number;
      if (n > 0) tie.stances[STANCES[i]] = (tie.stances[STANCES[i]] ?? 0) + n;
    }
    if (from !== null && (tie.dateFrom === null || from < tie.dateFrom)) tie.dateFrom = from;
    if (to !== null) tie.dateTo = tie.dateTo === null ? to : laterEnd(tie.dateTo, to);
  }
  return { ties, bothWays };
}

/** Distinct sources of symmetric ties claimed in both directions, over both. */
function countSourcesBothWays(store: Store, filters: TieFilters, types: Map<string, TypeInfo>, bothWays: Map<string, TieRelation>): void {
  const { where, params } = filterClause(filters, types);
  where.push('relation_type_id IN (SELECT value FROM json_each(?))');
  params.push(json([...new Set([...bothWays.values()].map((t) => t.relationTypeId))]));
  const rows = store
    .sql(`SELECT DISTINCT source_actor_id, relation_type_id, target_actor_id, source_id FROM claims WHERE ${where.join(' AND ')}`)
    .raw()
    .all(...params) as Array<[string, string, string, string]>;
  const sources = new Map<string, Set<string>>();
  for (const [s, r, t, source] of rows) {
    const key = symmetricKey(s, r, t);
    if (!bothWays.has(key)) continue;
    let set = sources.get(key);
    if (!set) sources.set(key, (set = new Set()));
    set.add(source);
  }
  for (const [key, tie] of bothWays) tie.sourceCount = sources.get(key)?.size ?? tie.sourceCount;
}


const UNRANKED = Number.MAX_SAFE_INTEGER;

export function pairsOf(ties: TieRelation[], types: Map<string, TypeInfo>, ranks: Map<string, number>): TiePair[] {
  const pairs: TiePair[] = [];
  const firstRank: number[] = [];
  const secondRank: number[] = [];
  const cooperative: boolean[] = [];
  const conflictual: boolean[] = [];
  const index = new Map<number, number>();
  const unranked = ranks.size; // every claim names existing actors; this only keeps the keys sound
  for (const tie of ties) {
    const rs = ranks.get(tie.sourceActorId) ?? unranked;
    const rt = ranks.get(tie.targetActorId) ?? unranked;
    const forward = rs <= rt;
    const ra = forward ? rs : rt;
    const rb = forward ? rt : rs;
    const key = ra * (unranked + 1) + rb;
    let i = index.get(key);
    if (i === undefined) {
      i = pairs.length;
      index.set(key, i);
      const actorIds: [string, string] = forward ? [tie.sourceActorId, tie.targetActorId] : [tie.targetActorId, tie.sourceActorId];
      pairs.push({ actorIds, relations: [], claimCount: 0, polarityConflict: false, stanceConflict: false });
      firstRank.push(ra);
      secondRank.push(rb);
      cooperative.push(false);
      conflictual.push(false);
    }
    const pair = pairs[i];
    pair.relations.push(tie);
    pair.claimCount += tie.claimCount;
    const polarity = types.get(tie.relationTypeId)?.polarity;
    if (polarity === 'cooperative') cooperative[i] = true;
    else if (polarity === 'conflictual') conflictual[i] = true;
    const s = tie.stances;
    if ((s.denied ?? 0) > 0 && (s.asserted ?? 0) + (s.reported ?? 0) + (s.alleged ?? 0) > 0) pair.stanceConflict = true;
  }
  const position = (id: string) => types.get(id)?.position ?? UNRANKED;
  const rank = (id: string) => ranks.get(id) ?? UNRANKED;
  pairs.forEach((pair, i) => {
    pair.polarityConflict = cooperative[i] && conflictual[i];
    if (pair.relations.length > 1) {
      pair.relations.sort(
        (x, y) =>
          y.claimCount - x.claimCount ||
          position(x.relationTypeId) - position(y.relationTypeId) ||
          (x.relationTypeId < y.relationTypeId ? -1 : x.relationTypeId > y.relationTypeId ? 1 : 0) ||
          rank(x.sourceActorId) - rank(y.sourceActorId),
      );
    }
  });
  const order = pairs.map((_, i) => i);
  order.sort((x, y) => pairs[y].claimCount - pairs[x].claimCount || firstRank[x] - firstRank[y] || secondRank[x] - secondRank[y]);
  return order.map((i) => pairs[i]);
}

export interface TieKey {
  sourceActorId: string;
  relationTypeId: string;
  targetActorId: string;
  sourceId?: string;
  stances?: Stance[];
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

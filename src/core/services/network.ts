import { type Polarity, type Stance } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import type { NetworkEdge, NetworkEvidence, NetworkFilters, NetworkGraph, NetworkNode, NodePosition } from '../../shared/network';
import type { ActorKind } from '../../shared/annotations';
import { now, type Store } from '../db/store';
import { laterEnd } from '../text/dates';
import { requireActor } from './actors';
import { claimCodedBy } from './analyst';
import { requireRelationType } from './relations';
import { listTieEvidence, tiesOfClaims, type ClaimTieRow } from './ties';

/**
 * The Network view's graph: the claims under the filters, aggregated into ties exactly as the
 * Ties panel aggregates one source's claims (`tiesOfClaims` in services/ties.ts): one edge per
 * pair of actors and relation type, a symmetric type's two directions one edge from the smaller
 * id. Nodes are the actors of the visible edges. Kept node positions (migration 4's
 * `network_positions`, outside undo) come with the graph, so the picture does not jump.
 */

interface TypeInfo {
  directed: boolean;
  polarity: Polarity;
  position: number;
  structural: boolean;
}

const json = (values: unknown) => JSON.stringify(values);

/** Relation types whose category marks a state rather than an event (member of, proxy of…). */
export const isStructuralCategory = (category: string): boolean => /^STRUCTUR(E|AL)$/i.test(category.trim());

function relationTypes(store: Store): Map<string, TypeInfo> {
  const rows = store.sql('SELECT id, directed, polarity, position, category FROM relation_types').raw().all() as Array<[string, number, Polarity, number, string]>;
  return new Map(rows.map(([id, directed, polarity, position, category]) => [id, { directed: directed === 1, polarity, position, structural: isStructuralCategory(category) }]));
}

/**
 * Whether a claim's event date or period [start, end] overlaps [from, to]. Bounds are partial
 * dates of any precision: an upper bound reaches to the end of its period ("2022" runs past
 * "2022-03-14"), which a '~' appended to it gives in string order.
 */
export function overlaps(start: string, end: string, from: string | undefined, to: string | undefined): boolean {
  if (to !== undefined && start > `${to}~`) return false;
  if (from !== undefined && `${end}~` < from) return false;
  return true;
}

function checkRange(filters: NetworkFilters): void {
  if (filters.dateFrom && filters.dateTo && `${filters.dateTo}~` < filters.dateFrom) {
    throw new ApiError('invalid_argument', `The date range ends (${filters.dateTo}) before it starts (${filters.dateFrom}). Put the earlier date first.`, { path: 'dateTo' });
  }
}

/** The relation types the filters allow; null: any. */
function allowedTypes(types: Map<string, TypeInfo>, filters: NetworkFilters): string[] | null {
  if (!filters.relationTypeIds && !filters.polarities && !filters.hideStructural) return null;
  return [...types]
    .filter(
      ([id, t]) =>
        (!filters.relationTypeIds || filters.relationTypeIds.includes(id)) &&
        (!filters.polarities || filters.polarities.includes(t.polarity)) &&
        (!filters.hideStructural || !t.structural),
    )
    .map(([id]) => id);
}

/** The claims under every filter but the dates, as tie rows (with their source). */
function claimRows(store: Store, types: Map<string, TypeInfo>, filters: NetworkFilters, pair?: [string, string]): ClaimTieRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const typeIds = allowedTypes(types, filters);
  if (typeIds) {
    if (typeIds.length === 0) return [];
    where.push('relation_type_id IN (SELECT value FROM json_each(?))');
    params.push(json(typeIds));
  }
  if (filters.sourceIds) {
    where.push('source_id IN (SELECT value FROM json_each(?))');
    params.push(json(filters.sourceIds));
  }
  if (filters.outlets) {
    where.push('source_id IN (SELECT id FROM sources WHERE outlet IN (SELECT value FROM json_each(?)))');
    params.push(json(filters.outlets));
  }
  if (filters.stances?.length) {
    where.push('stance IN (SELECT value FROM json_each(?))');
    params.push(json(filters.stances));
  }
  if (filters.analyst !== undefined) {
    where.push(claimCodedBy('?'));
    params.push(filters.analyst, filters.analyst);
  }
  if (pair) {
    where.push('((source_actor_id = ? AND target_actor_id = ?) OR (source_actor_id = ? AND target_actor_id = ?))');
    params.push(pair[0], pair[1], pair[1], pair[0]);
  }
  return store
    .sql(
      `SELECT source_actor_id, target_actor_id, relation_type_id, stance, event_date_start, event_date_end, source_id
       FROM claims c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    )
    .raw()
    .all(...params) as ClaimTieRow[];
}

/** Keeps the claims the date filter lets through; undated ones unless `undated` is false. */
function byDate(rows: ClaimTieRow[], filters: NetworkFilters): ClaimTieRow[] {
  if (filters.dateFrom === undefined && filters.dateTo === undefined) return rows;
  const keepUndated = filters.undated !== false;
  return rows.filter(([, , , , start, end]) => (start ? overlaps(start, end || start, filters.dateFrom, filters.dateTo) : keepUndated));
}

function dateExtent(rows: ClaimTieRow[]): NetworkGraph['dates'] {
  let from: string | null = null;
  let to: string | null = null;
  for (const [, , , , start, end] of rows) {
    if (!start) continue;
    if (from === null || start < from) from = start;
    const e = end || start;
    to = to === null ? e : laterEnd(to, e);
  }
  return from === null || to === null ? null : { from, to };
}

const hasStanceConflict = (stances: Partial<Record<Stance, number>>) =>
  (stances.denied ?? 0) > 0 && (stances.asserted ?? 0) + (stances.reported ?? 0) + (stances.alleged ?? 0) > 0;

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

interface ActorRowLite {
  id: string;
  name: string;
  kind: ActorKind;
  color: string;
  affiliation_id: string | null;
}

export function getNetwork(store: Store, filters: NetworkFilters = {}): NetworkGraph {
  checkRange(filters);
  return store.read(() => {
    const types = relationTypes(store);
    const all = claimRows(store, types, filters);
    const rows = byDate(all, filters);
    const ties = tiesOfClaims(rows, types, true).filter((t) => t.claimCount >= (filters.minClaims ?? 1));

    // Polarities per pair, for the conflict mark.
    const polarities = new Map<string, number>();
    for (const t of ties) {
      const p = types.get(t.relationTypeId)?.polarity;
      const bit = p === 'cooperative' ? 1 : p === 'conflictual' ? 2 : 0;
      if (bit) {
        const key = pairKey(t.sourceActorId, t.targetActorId);
        polarities.set(key, (polarities.get(key) ?? 0) | bit);
      }
    }

    const claims = new Map<string, number>();
    const neighbours = new Map<string, Set<string>>();
    const link = (a: string, b: string) => {
      let set = neighbours.get(a);
      if (!set) neighbours.set(a, (set = new Set()));
      if (a !== b) set.add(b);
    };
    let claimCount = 0;
    const edges: NetworkEdge[] = ties.map((t) => {
      const type = types.get(t.relationTypeId);
      claimCount += t.claimCount;
      claims.set(t.sourceActorId, (claims.get(t.sourceActorId) ?? 0) + t.claimCount);
      if (t.targetActorId !== t.sourceActorId) claims.set(t.targetActorId, (claims.get(t.targetActorId) ?? 0) + t.claimCount);
      link(t.sourceActorId, t.targetActorId);
      link(t.targetActorId, t.sourceActorId);
      return {
        ...t,
        id: `${t.sourceActorId}|${t.relationTypeId}|${t.targetActorId}`,
        directed: type?.directed ?? true,
        polarity: type?.polarity ?? 'neutral',
        structural: type?.structural ?? false,
        stanceConflict: hasStanceConflict(t.stances),
        polarityConflict: polarities.get(pairKey(t.sourceActorId, t.targetActorId)) === 3,
      };
    });
    // Heaviest first, then a stable order: the view draws and lists them in this order.
    edges.sort((a, b) => b.claimCount - a.claimCount || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    const ids = [...claims.keys()];
    const actorRows = store
      .sql('SELECT id, name, kind, color, affiliation_id FROM actors WHERE id IN (SELECT value FROM json_each(?))')
      .all(json(ids)) as ActorRowLite[];
    const aliases = new Map<string, string[]>();
    for (const [actorId, alias] of store
      .sql('SELECT actor_id, alias FROM actor_aliases WHERE actor_id IN (SELECT value FROM json_each(?)) ORDER BY actor_id, position, rowid')
      .raw()
      .all(json(ids)) as Array<[string, string]>) {
      let list = aliases.get(actorId);
      if (!list) aliases.set(actorId, (list = []));
      list.push(alias);
    }
    const nodes: NetworkNode[] = actorRows.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      aliases: aliases.get(a.id) ?? [],
      color: a.color,
      affiliationId: a.affiliation_id,
      claimCount: claims.get(a.id) ?? 0,
      degree: neighbours.get(a.id)?.size ?? 0,
    }));
    nodes.sort((a, b) => b.claimCount - a.claimCount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1));

    const positions = (
      store
        .sql('SELECT actor_id, x, y, pinned FROM network_positions WHERE actor_id IN (SELECT value FROM json_each(?)) ORDER BY actor_id')
        .raw()
        .all(json(ids)) as Array<[string, number, number, number]>
    ).map(([actorId, x, y, pinned]): NodePosition => ({ actorId, x, y, pinned: pinned === 1 }));

    return { nodes, edges, positions, claimCount, dates: dateExtent(all) };
  });
}

/**
 * The claims behind one edge (one relation), or behind every relation between two actors, under
 * the same filters as the graph, each with its passage: the Ties panel's evidence
 * (`listTieEvidence`), relation by relation, with the filters it does not take applied after.
 */
export function getEdgeEvidence(
  store: Store,
  args: { sourceActorId: string; targetActorId: string; relationTypeId?: string; filters?: NetworkFilters },
): NetworkEvidence[] {
  const filters = args.filters ?? {};
  checkRange(filters);
  return store.read(() => {
    requireActor(store, args.sourceActorId, 'The first actor');
    requireActor(store, args.targetActorId, 'The second actor');
    const types = relationTypes(store);
    let relations: Array<{ sourceActorId: string; relationTypeId: string; targetActorId: string }>;
    if (args.relationTypeId) {
      requireRelationType(store, args.relationTypeId);
      relations = [{ sourceActorId: args.sourceActorId, relationTypeId: args.relationTypeId, targetActorId: args.targetActorId }];
    } else {
      const rows = byDate(claimRows(store, types, filters, [args.sourceActorId, args.targetActorId]), filters);
      relations = tiesOfClaims(rows, types, false).sort(
        (a, b) => b.claimCount - a.claimCount || (types.get(a.relationTypeId)?.position ?? 0) - (types.get(b.relationTypeId)?.position ?? 0),
      );
    }
    const sourceIds = filters.sourceIds ? new Set(filters.sourceIds) : null;
    const outletOf = filters.outlets ? new Map(store.sql('SELECT id, outlet FROM sources').raw().all() as Array<[string, string]>) : null;
    const outlets = filters.outlets ? new Set(filters.outlets) : null;
    const typeIds = allowedTypes(types, filters);
    const out: NetworkEvidence[] = [];
    for (const relation of relations) {
      if (typeIds && !typeIds.includes(relation.relationTypeId)) continue;
      const list = listTieEvidence(store, {
        ...relation,
        sourceId: filters.sourceIds?.length === 1 ? filters.sourceIds[0] : undefined,
        stances: filters.stances?.length ? filters.stances : undefined,
        analyst: filters.analyst,
      });
      for (const e of list) {
        if (sourceIds && !sourceIds.has(e.sourceId)) continue;
        if (outlets && !outlets.has(outletOf?.get(e.sourceId) ?? '')) continue;
        if (filters.dateFrom !== undefined || filters.dateTo !== undefined) {
          if (e.eventDate ? !overlaps(e.eventDate.start, e.eventDate.end, filters.dateFrom, filters.dateTo) : filters.undated === false) continue;
        }
        out.push({ ...e, ...relation });
      }
    }
    return out;
  });
}

/** Keeps node positions (not an undo step: moving nodes is not an annotation). Unknown actors are skipped. */
export function saveNodePositions(store: Store, positions: Array<{ actorId: string; x: number; y: number; pinned?: boolean }>): { saved: number } {
  return store.write(() => {
    const at = now();
    const upsert = store.sql(
      `INSERT INTO network_positions (actor_id, x, y, pinned, updated_at)
       SELECT @actorId, @x, @y, @pinned, @at WHERE EXISTS (SELECT 1 FROM actors WHERE id = @actorId)
       ON CONFLICT (actor_id) DO UPDATE SET x = excluded.x, y = excluded.y, pinned = excluded.pinned, updated_at = excluded.updated_at`,
    );
    let saved = 0;
    for (const p of positions) saved += upsert.run({ actorId: p.actorId, x: p.x, y: p.y, pinned: p.pinned ? 1 : 0, at }).changes;
    return { saved };
  });
}

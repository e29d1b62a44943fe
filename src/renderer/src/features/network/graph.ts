import type { ActorKind, Polarity, Stance } from '../../../../shared/annotations';
import { matchKey } from '../../../../shared/match';
import type { NetworkEdge, NetworkGraph, NetworkNode, NodePosition } from '../../../../shared/network';

/**
 * The Network view's pure part: what is drawn from a NetworkGraph (sizes, colours, which edges
 * look tentative), the neighbourhood focus, actor search, where nodes start before the layout,
 * and the steps of the date slider. No DOM, no sigma: NetworkView.tsx draws what these decide.
 */

export const KIND_COLORS: Record<ActorKind, string> = {
  state: '#3f6fd8',
  'government-body': '#5b8def',
  'armed-group': '#d2452f',
  'political-party': '#8e44ad',
  company: '#e08a00',
  'international-organization': '#0f9d8a',
  person: '#c2185b',
  'media-outlet': '#7b8794',
  population: '#6d8b2f',
  other: '#8d6e63',
};

export const POLARITY_COLORS: Record<'light' | 'dark', Record<Polarity, string>> = {
  light: { cooperative: '#2e7d32', conflictual: '#c62828', neutral: '#6b7480' },
  dark: { cooperative: '#7bd17f', conflictual: '#ff8a80', neutral: '#a3a8b1' },
};

/** Edge colours in the compare mode: A blue, B orange (and dashed), both grey-blue, conflict magenta. */
export const COMPARE_COLORS: Record<'light' | 'dark', Record<'a' | 'b' | 'both' | 'conflict', string>> = {
  light: { a: '#1f5fbf', b: '#d46a00', both: '#4a5361', conflict: '#b0166e' },
  dark: { a: '#7fb0ff', b: '#ffab5c', both: '#c2c8d2', conflict: '#ff7ac2' },
};

/** Node radius in pixels: grows with the square root of the claims, so a hub does not swallow the picture. */
export function nodeSize(claims: number): number {
  return Math.min(26, 5 + 2.6 * Math.sqrt(Math.max(0, claims)));
}

/** Edge thickness in pixels by claims. */
export function edgeWidth(claims: number): number {
  return Math.min(9, 1.5 + 1.4 * Math.log2(1 + Math.max(0, claims)));
}

/** No claim asserts it: only reported, alleged, speculative (or denied). Drawn dashed. */
export function isTentative(stances: Partial<Record<Stance, number>>): boolean {
  return (stances.asserted ?? 0) === 0;
}

/** The actors within `steps` ties of `center` (itself included). */
export function neighbourhood(edges: readonly Pick<NetworkEdge, 'sourceActorId' | 'targetActorId'>[], center: string, steps: number): Set<string> {
  const adjacent = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    let list = adjacent.get(a);
    if (!list) adjacent.set(a, (list = []));
    list.push(b);
  };
  for (const e of edges) {
    add(e.sourceActorId, e.targetActorId);
    add(e.targetActorId, e.sourceActorId);
  }
  const seen = new Set([center]);
  let frontier = [center];
  for (let step = 0; step < steps && frontier.length; step++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of adjacent.get(id) ?? []) {
        if (!seen.has(other)) {
          seen.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** The graph limited to one actor's neighbourhood (edges between the actors kept); unchanged without a focus. */
export function focusGraph<G extends NetworkGraph>(graph: G, focus: { actorId: string; steps: number } | null): G {
  if (!focus || !graph.nodes.some((n) => n.id === focus.actorId)) return graph;
  const keep = neighbourhood(graph.edges, focus.actorId, focus.steps);
  const edges = graph.edges.filter((e) => keep.has(e.sourceActorId) && keep.has(e.targetActorId));
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges,
    claimCount: edges.reduce((sum, e) => sum + e.claimCount, 0),
  };
}

/**
 * Actors whose name or an alias matches what was typed (case, accents, apostrophes, hyphens and
 * spaces ignored, as the actor picker does): exact names first, then prefixes, then the rest;
 * more claims first within each.
 */
export function searchNodes(nodes: readonly NetworkNode[], query: string, limit = 8): NetworkNode[] {
  const key = matchKey(query);
  if (!key) return [];
  const ranked: Array<[number, NetworkNode]> = [];
  for (const node of nodes) {
    let best = -1;
    for (const name of [node.name, ...node.aliases]) {
      const k = matchKey(name);
      const rank = k === key ? 0 : k.startsWith(key) ? 1 : k.includes(key) ? 2 : -1;
      if (rank >= 0 && (best < 0 || rank < best)) best = rank;
    }
    if (best >= 0) ranked.push([best, node]);
  }
  ranked.sort((a, b) => a[0] - b[0] || b[1].claimCount - a[1].claimCount || a[1].name.localeCompare(b[1].name));
  return ranked.slice(0, limit).map(([, n]) => n);
}

/** Layout units per stored unit: positions are stored in hundredths. */
export const POSITION_SCALE = 100;

export interface Placed {
  x: number;
  y: number;
  /** Kept from an earlier visit (or pinned): the layout does not move it. */
  kept: boolean;
  pinned: boolean;
}

/** A number in [0, 1) from a string, so new nodes start at the same place on every visit. */
function hash01(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) % 100000) / 100000;
}

/**
 * Where each node starts: its kept position; else beside its placed neighbours; else on a circle.
 * `current` (positions already on screen) wins over `kept` (from the store).
 */
export function placeNodes(
  graph: Pick<NetworkGraph, 'nodes' | 'edges'>,
  kept: readonly NodePosition[],
  current: ReadonlyMap<string, { x: number; y: number }> = new Map(),
): Map<string, Placed> {
  const placed = new Map<string, Placed>();
  const stored = new Map(kept.map((p) => [p.actorId, p]));
  for (const node of graph.nodes) {
    const now = current.get(node.id);
    const from = stored.get(node.id);
    if (now) placed.set(node.id, { x: now.x, y: now.y, kept: true, pinned: from?.pinned ?? false });
    else if (from) placed.set(node.id, { x: from.x / POSITION_SCALE, y: from.y / POSITION_SCALE, kept: true, pinned: from.pinned });
  }
  const radius = 10 * Math.sqrt(Math.max(1, graph.nodes.length));
  const pending = graph.nodes.filter((n) => !placed.has(n.id));
  for (const node of pending) {
    const near = graph.edges
      .filter((e) => e.sourceActorId === node.id || e.targetActorId === node.id)
      .map((e) => placed.get(e.sourceActorId === node.id ? e.targetActorId : e.sourceActorId))
      .filter((p): p is Placed => p !== undefined);
    const angle = 2 * Math.PI * hash01(node.id);
    if (near.length) {
      const x = near.reduce((s, p) => s + p.x, 0) / near.length;
      const y = near.reduce((s, p) => s + p.y, 0) / near.length;
      const r = 2 + 3 * hash01(`${node.id}r`);
      placed.set(node.id, { x: x + r * Math.cos(angle), y: y + r * Math.sin(angle), kept: false, pinned: false });
    } else {
      const r = radius * (0.3 + 0.7 * hash01(`${node.id}d`));
      placed.set(node.id, { x: r * Math.cos(angle), y: r * Math.sin(angle), kept: false, pinned: false });
    }
  }
  return placed;
}

/**
 * The slider's steps between two partial dates: months when the span is short, years when it is
 * long (more than 20 years). Each step is a partial date the backend takes as a bound.
 */
export function dateSteps(from: string, to: string): string[] {
  const y0 = Number(from.slice(0, 4));
  const y1 = Number(to.slice(0, 4));
  if (!Number.isFinite(y0) || !Number.isFinite(y1) || y1 < y0) return [];
  if (y1 - y0 > 20) {
    const years: string[] = [];
    for (let y = y0; y <= y1; y++) years.push(String(y));
    return years;
  }
  const m0 = from.length >= 7 ? Number(from.slice(5, 7)) : 1;
  const m1 = to.length >= 7 ? Number(to.slice(5, 7)) : 12;
  const months: string[] = [];
  for (let y = y0, m = m0; y < y1 || (y === y1 && m <= m1); m === 12 ? (y++, (m = 1)) : m++) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return months;
}

/** "March 2022" from "2022-03", "2022" from "2022". */
export function stepLabel(step: string): string {
  if (step.length < 7) return step;
  const month = new Date(Date.UTC(Number(step.slice(0, 4)), Number(step.slice(5, 7)) - 1, 1));
  return month.toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A relation's words between its actors: "Russia → supplies weapons to → Hezbollah", "Hezbollah — clashes with — Israel". */
export function relationPhrase(edge: Pick<NetworkEdge, 'sourceActorId' | 'targetActorId' | 'directed'>, label: string, nameOf: (id: string) => string): string {
  const arrow = edge.directed ? '→' : '—';
  return `${nameOf(edge.sourceActorId)} ${arrow} ${label} ${arrow} ${nameOf(edge.targetActorId)}`;
}

// ---------------------------------------------------------------------------------------------
// Compare: two sides (analysts, sources or outlets) as one graph

/** Who asserts an edge in the compare mode. */
export type CompareMark = 'a' | 'b' | 'both' | 'conflict';

export interface CompareSide {
  claimCount: number;
  stances: Partial<Record<Stance, number>>;
}

export interface CompareInfo {
  mark: CompareMark;
  a: CompareSide | null;
  b: CompareSide | null;
}

/** A node of the drawn graph: a NetworkNode, or the node of a collapsed affiliation. */
export interface ViewNode extends NetworkNode {
  /** Collapsed: the actors drawn as this one (itself first) and the claims among them. */
  group?: { memberIds: string[]; internalClaims: number };
}

/** An edge of the drawn graph: a NetworkEdge, with who asserts it (compare) and the edges it stands for (collapse). */
export interface ViewEdge extends NetworkEdge {
  compare?: CompareInfo;
  /** The backend edges merged into this one by a collapse (their ids are `source|relation|target`). */
  parts?: ViewEdge[];
}

export interface ViewGraph extends NetworkGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
}

const affirms = (s: Partial<Record<Stance, number>>) => (s.asserted ?? 0) + (s.reported ?? 0) + (s.alleged ?? 0) > 0;
const denies = (s: Partial<Record<Stance, number>>) => (s.denied ?? 0) > 0;

/** Both sides have the edge, one affirming it (asserted, reported or alleged) and the other denying it. */
export function compareMark(a: CompareSide | null, b: CompareSide | null): CompareMark {
  if (a && !b) return 'a';
  if (b && !a) return 'b';
  if (a && b && ((affirms(a.stances) && denies(b.stances)) || (denies(a.stances) && affirms(b.stances)))) return 'conflict';
  return 'both';
}

const laterOf = (x: string | null, y: string | null) => (x === null ? y : y === null ? x : `${x}~` > `${y}~` ? x : y);
const earlierOf = (x: string | null, y: string | null) => (x === null ? y : y === null ? x : x < y ? x : y);

/** Node claim counts and degrees recomputed from the edges (after a narrowing, a merge or a collapse), in the backend's order (most claims, then name and id as strings compare). */
function recount<N extends NetworkNode>(nodes: N[], edges: readonly NetworkEdge[]): N[] {
  const claims = new Map<string, number>();
  const neighbours = new Map<string, Set<string>>();
  for (const e of edges) {
    claims.set(e.sourceActorId, (claims.get(e.sourceActorId) ?? 0) + e.claimCount);
    if (e.targetActorId !== e.sourceActorId) claims.set(e.targetActorId, (claims.get(e.targetActorId) ?? 0) + e.claimCount);
    if (e.sourceActorId !== e.targetActorId) {
      for (const [x, y] of [
        [e.sourceActorId, e.targetActorId],
        [e.targetActorId, e.sourceActorId],
      ]) {
        let set = neighbours.get(x);
        if (!set) neighbours.set(x, (set = new Set()));
        set.add(y);
      }
    }
  }
  return nodes
    .filter((n) => claims.has(n.id))
    .map((n) => ({ ...n, claimCount: claims.get(n.id) ?? 0, degree: neighbours.get(n.id)?.size ?? 0 }))
    .sort((x, y) => y.claimCount - x.claimCount || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) || (x.id < y.id ? -1 : 1));
}

/** The filters the view applies itself to a graph already fetched (`narrowGraph`); the others go to the backend. */
export interface ViewFilters {
  relationTypeIds?: string[];
  polarities?: Polarity[];
  hideStructural?: boolean;
  minClaims?: number;
}

/**
 * A fetched graph narrowed by relation type, polarity, structural ties and minimum claims, as
 * `getNetwork` (src/core/services/network.ts) answers with those filters added: an edge is one
 * pair and one relation type, so these filters keep or drop whole edges, and what depends on the
 * edges kept (node claims and degrees, a pair's polarity conflict, the claim total) is counted
 * again. `positions` and `dates` (the date slider's span) stay the fetched graph's. No filter
 * dropping anything: the same graph back.
 */
export function narrowGraph(graph: NetworkGraph, filters: ViewFilters): NetworkGraph {
  const types = filters.relationTypeIds ? new Set(filters.relationTypeIds) : null;
  const min = filters.minClaims ?? 1;
  const kept = graph.edges.filter(
    (e) => (!types || types.has(e.relationTypeId)) && (!filters.polarities || filters.polarities.includes(e.polarity)) && !(filters.hideStructural && e.structural) && e.claimCount >= min,
  );
  if (kept.length === graph.edges.length) return graph;
  // Dropping edges can end a pair's polarity conflict, never start one: only the pairs in conflict
  // before are looked at again (the filter runs on every toggle, over thousands of edges).
  const pair = (e: NetworkEdge) => (e.sourceActorId < e.targetActorId ? `${e.sourceActorId}\u0000${e.targetActorId}` : `${e.targetActorId}\u0000${e.sourceActorId}`);
  const polarities = new Map<string, number>();
  for (const e of kept) {
    if (!e.polarityConflict) continue;
    const bit = e.polarity === 'cooperative' ? 1 : e.polarity === 'conflictual' ? 2 : 0;
    const key = pair(e);
    if (bit) polarities.set(key, (polarities.get(key) ?? 0) | bit);
  }
  const edges = kept.map((e) => (e.polarityConflict && polarities.get(pair(e)) !== 3 ? { ...e, polarityConflict: false } : e));
  return { ...graph, nodes: recount(graph.nodes, edges), edges, claimCount: edges.reduce((sum, e) => sum + e.claimCount, 0) };
}

const byWeight = (x: NetworkEdge, y: NetworkEdge) => y.claimCount - x.claimCount || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** The date span covering both (the slider's span when comparing). */
export function bothSpans(a: NetworkGraph['dates'], b: NetworkGraph['dates']): NetworkGraph['dates'] {
  return a && b ? { from: earlierOf(a.from, b.from)!, to: laterOf(a.to, b.to)! } : (a ?? b);
}

/**
 * Two graphs (side A's claims and side B's, under the same other filters) as one: the union of
 * their edges, each marked only A, only B, both, or conflict (both have it, one affirming and the
 * other denying). A shared edge is drawn with the larger side's claims (two analysts may have
 * coded the same claim: their counts are not added); each side's count stays in `compare`.
 */
export function compareGraphs(a: NetworkGraph, b: NetworkGraph): ViewGraph {
  const fromB = new Map(b.edges.map((e) => [e.id, e]));
  const side = (e: NetworkEdge | undefined): CompareSide | null => (e ? { claimCount: e.claimCount, stances: e.stances } : null);
  const edges: ViewEdge[] = [];
  for (const ea of a.edges) {
    const eb = fromB.get(ea.id);
    fromB.delete(ea.id);
    const compare: CompareInfo = { mark: compareMark(side(ea), side(eb)), a: side(ea), b: side(eb) };
    const main = eb && eb.claimCount > ea.claimCount ? eb : ea;
    edges.push({
      ...main,
      dateFrom: earlierOf(ea.dateFrom, eb?.dateFrom ?? null),
      dateTo: laterOf(ea.dateTo, eb?.dateTo ?? null),
      stanceConflict: ea.stanceConflict || (eb?.stanceConflict ?? false) || compare.mark === 'conflict',
      polarityConflict: ea.polarityConflict || (eb?.polarityConflict ?? false),
      compare,
    });
  }
  for (const eb of fromB.values()) edges.push({ ...eb, compare: { mark: 'b', a: null, b: side(eb) } });
  edges.sort(byWeight);
  const nodes = new Map<string, NetworkNode>();
  for (const n of [...a.nodes, ...b.nodes]) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const positions = new Map<string, NodePosition>();
  for (const p of [...a.positions, ...b.positions]) positions.set(p.actorId, p);
  const dates = bothSpans(a.dates, b.dates);
  return {
    nodes: recount([...nodes.values()], edges),
    edges,
    positions: [...positions.values()],
    claimCount: edges.reduce((sum, e) => sum + e.claimCount, 0),
    dates,
  };
}

// ---------------------------------------------------------------------------------------------
// Collapse an affiliation

/** What the collapse needs to know of every actor (the registry, not just the visible ones). */
export type AffiliatedActor = Pick<NetworkNode, 'id' | 'name' | 'kind' | 'aliases' | 'color' | 'affiliationId'>;

/** Each actor's affiliated actors, directly or through others (IRGC units under IRGC under Iran). */
export function affiliates(actors: readonly AffiliatedActor[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const a of actors) {
    if (!a.affiliationId || a.affiliationId === a.id) continue;
    let list = children.get(a.affiliationId);
    if (!list) children.set(a.affiliationId, (list = []));
    list.push(a.id);
  }
  const out = new Map<string, string[]>();
  for (const parent of children.keys()) {
    const seen = new Set([parent]);
    const stack = [...(children.get(parent) ?? [])];
    const members: string[] = [];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      members.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    out.set(parent, members);
  }
  return out;
}

/**
 * The graph with each collapsed affiliation drawn as one node, its parent's: the members' edges
 * re-attached to it, parallel edges of the same relation merged (claims and stances summed, the
 * largest source count kept, dates widened), the edges inside the group dropped and their claims
 * counted on the node (`group.internalClaims`). When two collapsed groups nest, the outer wins.
 */
export function collapseGraph(graph: ViewGraph, collapsed: readonly string[], actors: readonly AffiliatedActor[]): ViewGraph {
  if (!collapsed.length) return graph;
  const members = affiliates(actors);
  const owner = new Map<string, string>();
  // Outer groups last, so they overwrite the inner ones.
  const parentOf = new Map(actors.map((a) => [a.id, a.affiliationId]));
  const depth = (id: string) => {
    let d = 0;
    for (let at = parentOf.get(id), seen = new Set([id]); at && !seen.has(at); at = parentOf.get(at)) {
      seen.add(at);
      d++;
    }
    return d;
  };
  const groups = [...new Set(collapsed)].filter((id) => members.has(id)).sort((x, y) => depth(y) - depth(x));
  if (!groups.length) return graph;
  for (const parent of groups) {
    owner.set(parent, parent);
    for (const m of members.get(parent)!) owner.set(m, parent);
  }
  const mapped = (id: string) => owner.get(id) ?? id;
  const internal = new Map<string, number>();
  const merged = new Map<string, ViewEdge>();
  for (const e of graph.edges) {
    const from = owner.get(e.sourceActorId);
    if (from !== undefined && from === owner.get(e.targetActorId)) {
      internal.set(from, (internal.get(from) ?? 0) + e.claimCount);
      continue;
    }
    let s = mapped(e.sourceActorId);
    let t = mapped(e.targetActorId);
    if (!e.directed && t < s) [s, t] = [t, s];
    const id = `${s}|${e.relationTypeId}|${t}`;
    const parts = e.parts ?? [e];
    const before = merged.get(id);
    if (!before) {
      merged.set(id, { ...e, id, sourceActorId: s, targetActorId: t, parts: s === e.sourceActorId && t === e.targetActorId && !e.parts ? undefined : parts });
      continue;
    }
    const stances: Partial<Record<Stance, number>> = { ...before.stances };
    for (const [k, v] of Object.entries(e.stances) as Array<[Stance, number]>) stances[k] = (stances[k] ?? 0) + v;
    merged.set(id, {
      ...before,
      claimCount: before.claimCount + e.claimCount,
      sourceCount: Math.max(before.sourceCount, e.sourceCount),
      stances,
      dateFrom: earlierOf(before.dateFrom, e.dateFrom),
      dateTo: laterOf(before.dateTo, e.dateTo),
      stanceConflict: before.stanceConflict || e.stanceConflict || (denies(stances) && affirms(stances)),
      polarityConflict: before.polarityConflict || e.polarityConflict,
      parts: [...(before.parts ?? [{ ...before, parts: undefined }]), ...parts],
      compare: before.compare && e.compare ? mergeCompare(before.compare, e.compare) : (before.compare ?? e.compare),
    });
  }
  const edges = [...merged.values()].sort(byWeight);
  const byId = new Map<string, ViewNode>(graph.nodes.map((n) => [n.id, n]));
  const registry = new Map(actors.map((a) => [a.id, a]));
  const nodes: ViewNode[] = graph.nodes.filter((n) => !owner.has(n.id) || owner.get(n.id) === n.id);
  for (const parent of groups) {
    const shown = [parent, ...members.get(parent)!].filter((id) => byId.has(id) && owner.get(id) === parent);
    if (!shown.length) continue;
    const base = byId.get(parent) ?? registry.get(parent);
    if (!base) continue;
    const node: ViewNode = { claimCount: 0, degree: 0, ...base, group: { memberIds: shown, internalClaims: internal.get(parent) ?? 0 } };
    const at = nodes.findIndex((n) => n.id === parent);
    if (at >= 0) nodes[at] = node;
    else nodes.push(node);
  }
  const kept = recount(nodes, edges);
  // A group whose ties are all inside it is still shown, alone.
  for (const n of nodes) if (n.group && !kept.some((k) => k.id === n.id)) kept.push({ ...n, claimCount: 0, degree: 0 });
  return { ...graph, nodes: kept, edges, claimCount: edges.reduce((sum, e) => sum + e.claimCount, 0) };
}

function mergeCompare(x: CompareInfo, y: CompareInfo): CompareInfo {
  const add = (p: CompareSide | null, q: CompareSide | null): CompareSide | null => {
    if (!p || !q) return p ?? q;
    const stances: Partial<Record<Stance, number>> = { ...p.stances };
    for (const [k, v] of Object.entries(q.stances) as Array<[Stance, number]>) stances[k] = (stances[k] ?? 0) + v;
    return { claimCount: p.claimCount + q.claimCount, stances };
  };
  const a = add(x.a, y.a);
  const b = add(x.b, y.b);
  return { mark: compareMark(a, b), a, b };
}

// ---------------------------------------------------------------------------------------------
// Dyad timeline

/** A partial date as a fractional year at its start ("2022-07" → 2022.5) or its end (with `end`). */
export function yearOf(date: string, end = false): number {
  const y = Number(date.slice(0, 4));
  const m = date.length >= 7 ? Number(date.slice(5, 7)) : end ? 12 : 1;
  const d = date.length >= 10 ? Number(date.slice(8, 10)) : end ? 31 : 1;
  const day = (m - 1) * (365 / 12) + (d - 1) + (end ? 1 : 0);
  return y + Math.min(day, 365) / 365;
}

export interface TimelineMark<T> {
  item: T;
  /** Where the claim's date or period begins and ends on the strip, 0 (left) to 1 (right). */
  x0: number;
  x1: number;
  /** Row, so that marks close together do not cover each other. */
  row: number;
}

/**
 * Claims along their event dates: each dated one placed on [0, 1] between the earliest start
 * and the latest end, stacked in rows where they would overlap (`minGap` apart); undated ones
 * apart. Ticks: the years to label.
 */
export function timeline<T extends { eventDate: { start: string; end: string } | null }>(items: readonly T[], minGap = 0.03): { marks: Array<TimelineMark<T>>; undated: T[]; ticks: Array<{ x: number; label: string }> } {
  const dated = items.filter((i) => i.eventDate);
  const undated = items.filter((i) => !i.eventDate);
  if (!dated.length) return { marks: [], undated, ticks: [] };
  const spans = dated.map((item) => ({ item, s: yearOf(item.eventDate!.start), e: yearOf(item.eventDate!.end || item.eventDate!.start, true) }));
  let lo = Math.min(...spans.map((p) => p.s));
  let hi = Math.max(...spans.map((p) => p.e));
  if (hi - lo < 1) {
    const mid = (lo + hi) / 2;
    lo = mid - 0.5;
    hi = mid + 0.5;
  }
  const x = (v: number) => (v - lo) / (hi - lo);
  const rowsEnd: number[] = [];
  const marks = spans
    .sort((p, q) => p.s - q.s || p.e - q.e)
    .map(({ item, s, e }) => {
      const x0 = x(s);
      const x1 = Math.max(x0, x(e));
      let row = rowsEnd.findIndex((end) => end + minGap <= x0);
      if (row < 0) row = rowsEnd.push(0) - 1;
      rowsEnd[row] = Math.max(x1, x0 + minGap);
      return { item, x0, x1, row };
    });
  const first = Math.ceil(lo);
  const last = Math.floor(hi);
  const every = Math.max(1, Math.ceil((last - first + 1) / 8));
  const ticks: Array<{ x: number; label: string }> = [];
  for (let y = first; y <= last; y += every) ticks.push({ x: x(y), label: String(y) });
  return { marks, undated, ticks };
}

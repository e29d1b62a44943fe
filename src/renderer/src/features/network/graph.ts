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
export function focusGraph(graph: NetworkGraph, focus: { actorId: string; steps: number } | null): NetworkGraph {
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

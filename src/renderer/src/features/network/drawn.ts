import type { MultiDirectedGraph } from 'graphology';
import type { LayoutInput } from './layout';
import { COMPARE_COLORS, edgeWidth, isTentative, KIND_COLORS, nodeSize, POLARITY_COLORS, type Placed, type ViewEdge, type ViewGraph } from './graph';

/**
 * The graph sigma draws (canvas.ts), kept without sigma so it can be tested: its items, their
 * looks, which of them are shown, the parallel curves among the shown ones, and the SVG of them.
 *
 * A filter change hides items instead of dropping them: sigma 4 re-indexes everything when an item
 * leaves its graph, while a hidden item is one state change. `Shown` is the one answer to "is it
 * drawn" for everything that walks the graph (the layout, the SVG, the parallel curves); the view's
 * graph (`ViewGraph`, what `narrowGraph`, `collapseGraph` and `focusGraph` in graph.ts give) decides
 * it, so the lists and the GEXF and GraphML files, made from that graph, agree with the picture.
 */

export type Theme = 'light' | 'dark';

export interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  /** Dragged by the user: no layout moves it. */
  pinned: boolean;
  /** Placed on an earlier visit or by a finished layout: a layout of newcomers leaves it. */
  kept: boolean;
}

export interface EdgeAttributes {
  size: number;
  color: string;
  solidColor: string;
  dash: number;
  gap: number;
  head?: string;
  label?: string;
}

export type DrawnGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

/** The items of the drawn graph that are shown; the others are hidden. */
export interface Shown {
  nodes: Set<string>;
  edges: Set<string>;
}

export const TRANSPARENT = 'rgba(0,0,0,0)';

// Whether an item already looks as it should: field by field (this runs for every item on every
// filter change, and generic key walks over thousands of attribute objects showed in the profile).
const sameNode = (a: NodeAttributes, b: NodeAttributes) => a.x === b.x && a.y === b.y && a.size === b.size && a.color === b.color && a.label === b.label && a.pinned === b.pinned && a.kept === b.kept;
const sameEdge = (a: EdgeAttributes, b: EdgeAttributes) =>
  a.size === b.size && a.color === b.color && a.solidColor === b.solidColor && a.dash === b.dash && a.gap === b.gap && a.head === b.head && a.label === b.label;

export function edgeLook(edge: ViewEdge, theme: Theme): EdgeAttributes {
  // Compare mode: colour by who asserts it; B's own edges dashed, so A and B differ without colour
  // too. Otherwise colour by polarity, tentative ties dashed.
  const mark = edge.compare?.mark;
  const color = mark ? COMPARE_COLORS[theme][mark] : POLARITY_COLORS[theme][edge.polarity];
  const dashed = mark ? mark === 'b' : isTentative(edge.stances);
  const conflict = mark ? mark === 'conflict' : edge.stanceConflict || edge.polarityConflict;
  return {
    size: edgeWidth(edge.claimCount),
    color,
    solidColor: dashed ? TRANSPARENT : color,
    dash: dashed ? 6 : 0,
    gap: dashed ? 4 : 0,
    ...(edge.directed ? { head: 'arrow' } : {}),
    ...(conflict ? { label: '⚠' } : {}),
  };
}

/** What `data` shows: its nodes, and its edges between two of them. */
export function shownOf(data: ViewGraph): Shown {
  const nodes = new Set(data.nodes.map((n) => n.id));
  return { nodes, edges: new Set(data.edges.filter((e) => nodes.has(e.sourceActorId) && nodes.has(e.targetActorId)).map((e) => e.id)) };
}

/** The items of `g` that `next` does not show. */
export function hiddenBy(g: DrawnGraph, next: Shown): { nodes: string[]; edges: string[] } {
  return { nodes: g.filterNodes((id) => !next.nodes.has(id)), edges: g.filterEdges((id) => !next.edges.has(id)) };
}

/**
 * Adds what `data` has and `g` lacks, and updates what changed (a node keeps the place it has, or
 * takes the one in `placed`); leaves everything else in `g`, to be hidden. Unchanged items are not
 * touched: every change makes sigma reprocess that item.
 *
 * Items added go through graphology's events (sigma indexes them as they come); items that only
 * change look are updated in place, without an event, and returned, for the caller to tell the
 * renderer about them all at once: sigma answers every attribute event by evaluating that item's
 * style again and marking its whole graph for reprocessing (all nodes for a node, all edges for an
 * edge), while the caller knows what a change needs (canvas.ts).
 *
 * `synced` remembers, for each drawn edge, the view's edge it was last drawn from and in which
 * theme: an edge the filters left as it was is the same object in the next view (`narrowGraph` in
 * graph.ts), so it is not looked at again.
 */
export function syncGraph(
  g: DrawnGraph,
  data: ViewGraph,
  next: Shown,
  placed: Map<string, Placed>,
  theme: Theme,
  synced = new Map<string, { edge: ViewEdge; theme: Theme }>(),
): { nodes: string[]; edges: string[] } {
  const changed = { nodes: [] as string[], edges: [] as string[] };
  for (const node of data.nodes) {
    const had = g.hasNode(node.id) ? g.getNodeAttributes(node.id) : null;
    const p = had ?? placed.get(node.id) ?? { x: 0, y: 0, kept: false, pinned: false };
    const attributes: NodeAttributes = {
      x: p.x,
      y: p.y,
      size: nodeSize(node.claimCount),
      color: KIND_COLORS[node.kind] ?? KIND_COLORS.other,
      label: node.group ? `${node.name} +${node.group.memberIds.filter((m) => m !== node.id).length}` : node.name,
      pinned: p.pinned,
      kept: p.kept,
    };
    if (!had) g.addNode(node.id, attributes);
    else if (!sameNode(had, attributes)) {
      Object.assign(had, attributes);
      changed.nodes.push(node.id);
    }
  }
  for (const edge of data.edges) {
    if (!next.edges.has(edge.id)) continue;
    const has = g.hasEdge(edge.id);
    const last = synced.get(edge.id);
    if (has && last?.edge === edge && last.theme === theme) continue;
    synced.set(edge.id, { edge, theme });
    const attributes = edgeLook(edge, theme);
    if (!has) g.addEdgeWithKey(edge.id, edge.sourceActorId, edge.targetActorId, attributes);
    else {
      const had = g.getEdgeAttributes(edge.id);
      if (sameEdge(had, attributes)) continue;
      // As `replaceEdgeAttributes` would: a look without an arrow head or a mark loses it.
      delete had.head;
      delete had.label;
      Object.assign(had, attributes);
      changed.edges.push(edge.id);
    }
  }
  return changed;
}

/**
 * What the layout works on (`runLayout` in canvas.ts): the shown nodes (`ids`, in the input's
 * order) and edges only, as if the hidden ones were not there. Pinned nodes stay put, and kept
 * ones too unless `all`.
 */
export function layoutInput(g: DrawnGraph, shown: Shown, all: boolean): { ids: string[]; input: LayoutInput } {
  const ids = g.filterNodes((id) => shown.nodes.has(id));
  const index = new Map(ids.map((id, i) => [id, i]));
  const input: LayoutInput = {
    x: ids.map((id) => g.getNodeAttribute(id, 'x')),
    y: ids.map((id) => g.getNodeAttribute(id, 'y')),
    fixed: ids.map((id) => g.getNodeAttribute(id, 'pinned') || (!all && g.getNodeAttribute(id, 'kept'))),
    edges: g.filterEdges((key) => shown.edges.has(key)).map((key) => [index.get(g.source(key))!, index.get(g.target(key))!, 1 + Math.log2(1 + g.getEdgeAttribute(key, 'size'))] as const),
  };
  return { ids, input };
}

/** The two actors of an edge, either way round (sigma's key for a group of parallel edges). */
const pairOf = (s: string, t: string) => (s < t ? `${s}\u0000${t}` : `${t}\u0000${s}`);

/**
 * The edges of each pair of actors with two edges or more in the graph, hidden or not (sigma spreads
 * those as curves): edges from the actor with the smaller id first (as sigma orders a group), then
 * by key. It changes only when edges are added or dropped.
 */
export function parallelGroups(g: DrawnGraph): string[][] {
  const groups = new Map<string, string[]>();
  g.forEachEdge((key, _a, s, t) => {
    const pair = pairOf(s, t);
    const group = groups.get(pair);
    if (group) group.push(key);
    else groups.set(pair, [key]);
  });
  const backward = (key: string) => (g.source(key) > g.target(key) ? 1 : 0);
  return [...groups.values()].filter((group) => group.length > 1).map((group) => group.sort((x, y) => backward(x) - backward(y) || (x < y ? -1 : x > y ? 1 : 0)));
}

/**
 * Each shown edge's place among the shown edges between the same two actors (index, count), for
 * the curves that keep parallel relations apart: a hidden edge takes no place, as a dropped one
 * took none. Only for the edges of `parallelGroups`; any other edge is alone (index 0 of 1).
 */
export function parallelSlots(groups: readonly string[][], shown: Shown): Map<string, { index: number; count: number }> {
  const slots = new Map<string, { index: number; count: number }>();
  for (const group of groups) {
    const drawn = group.filter((key) => shown.edges.has(key));
    drawn.forEach((key, index) => slots.set(key, { index, count: drawn.length }));
  }
  return slots;
}

/**
 * The shown items as SVG: edges (parallel ones bent apart as `parallelSlots` places them, dashes,
 * arrows, ⚠ marks), nodes and labels, at `at(node)`, a node's position on screen.
 */
export function drawnSvg(
  g: DrawnGraph,
  shown: Shown,
  at: (x: number, y: number) => { x: number; y: number },
  size: { width: number; height: number },
  colors: { background: string; text: string; mark: string },
): string {
  const { width, height } = size;
  const place = (id: string) => at(g.getNodeAttribute(id, 'x'), g.getNodeAttribute(id, 'y'));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="${esc(colors.background)}"/>`,
  ];
  const slots = parallelSlots(parallelGroups(g), shown);
  g.forEachEdge((key, a, s, t) => {
    if (!shown.edges.has(key)) return;
    const p = place(s);
    const q = place(t);
    const { index, count } = slots.get(key) ?? { index: 0, count: 1 };
    const offset = (index - (count - 1) / 2) * 0.25 * (s < t ? 1 : -1);
    const mx = (p.x + q.x) / 2 - (q.y - p.y) * offset;
    const my = (p.y + q.y) / 2 + (q.x - p.x) * offset;
    const dash = a.dash ? ` stroke-dasharray="${a.dash} ${a.gap}"` : '';
    const head = a.head ? ' marker-end="url(#arrow)"' : '';
    parts.push(`<path d="M${p.x.toFixed(1)} ${p.y.toFixed(1)} Q${mx.toFixed(1)} ${my.toFixed(1)} ${q.x.toFixed(1)} ${q.y.toFixed(1)}" fill="none" stroke="${a.color}" stroke-width="${a.size.toFixed(1)}"${dash}${head}/>`);
    if (a.label) parts.push(`<text x="${mx.toFixed(1)}" y="${my.toFixed(1)}" fill="${colors.mark}" font-size="14" text-anchor="middle">${esc(a.label)}</text>`);
  });
  g.forEachNode((id, a) => {
    if (!shown.nodes.has(id)) return;
    const p = place(id);
    parts.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${a.size.toFixed(1)}" fill="${a.color}"/>`);
    parts.push(`<text x="${(p.x + a.size + 3).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" fill="${esc(colors.text)}" font-size="13">${esc(a.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

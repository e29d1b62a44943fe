import { MultiGraph } from 'graphology';
import writeGexf from 'graphology-gexf/common/writer.js';
import { STANCES } from '../../../../shared/annotations';
import { writeGraphml, xmlSafe, type GraphmlType } from '../../../../shared/graphml';
import type { ViewGraph } from './graph';

/**
 * The current view (what is drawn: after filters, focus, collapse and compare) as a network file:
 * GEXF 1.3 through graphology-gexf's writer, GraphML written here (graphology-graphml only reads),
 * with the same attribute names as the project's network export (src/core/export/network.ts), so
 * Gephi or a script reads both alike. Collapsed nodes carry `members`, compared edges `compare`
 * (a, b, both, conflict) and each side's claims.
 */

interface NodeData {
  label: string;
  kind: string;
  aliases: string;
  affiliation_id: string;
  color: string;
  claims: number;
  members: string;
  internal_claims: number;
}

interface EdgeData {
  label: string;
  weight: number;
  relation_type_id: string;
  polarity: string;
  directed: boolean;
  claims: number;
  asserted: number;
  reported: number;
  alleged: number;
  denied: number;
  speculative: number;
  first_date: string;
  last_date: string;
  sources: number;
  conflict: boolean;
  compare: string;
  claims_a: number;
  claims_b: number;
}


function model(view: ViewGraph, typeLabel: (id: string) => string) {
  const nodes = view.nodes.map((n) => ({
    id: n.id,
    data: {
      label: xmlSafe(n.name),
      kind: n.kind,
      aliases: xmlSafe(n.aliases.join('; ')),
      affiliation_id: n.affiliationId ?? '',
      color: n.color,
      claims: n.claimCount,
      members: n.group ? n.group.memberIds.join(' ') : '',
      internal_claims: n.group?.internalClaims ?? 0,
    } satisfies NodeData,
  }));
  const shown = new Set(view.nodes.map((n) => n.id));
  const edges = view.edges
    .filter((e) => shown.has(e.sourceActorId) && shown.has(e.targetActorId))
    .map((e) => ({
      id: e.id,
      source: e.sourceActorId,
      target: e.targetActorId,
      data: {
        label: xmlSafe(typeLabel(e.relationTypeId)),
        weight: e.claimCount,
        relation_type_id: e.relationTypeId,
        polarity: e.polarity,
        directed: e.directed,
        claims: e.claimCount,
        ...(Object.fromEntries(STANCES.map((s) => [s, e.stances[s] ?? 0])) as Record<(typeof STANCES)[number], number>),
        first_date: e.dateFrom ?? '',
        last_date: e.dateTo ?? '',
        sources: e.sourceCount,
        conflict: e.stanceConflict || e.polarityConflict,
        compare: e.compare?.mark ?? '',
        claims_a: e.compare?.a?.claimCount ?? 0,
        claims_b: e.compare?.b?.claimCount ?? 0,
      } satisfies EdgeData,
    }));
  return { nodes, edges };
}

/** The view as GEXF 1.3 (a mixed multigraph: symmetric relations are undirected edges). */
export function viewGexf(view: ViewGraph, typeLabel: (id: string) => string): string {
  const { nodes, edges } = model(view, typeLabel);
  const graph = new MultiGraph<NodeData, EdgeData>({ type: 'mixed', allowSelfLoops: true });
  graph.setAttribute('creator', 'Tiemark');
  graph.setAttribute('description', 'The Network view as it was shown');
  for (const n of nodes) graph.addNode(n.id, n.data);
  for (const e of edges) {
    if (e.data.directed) graph.addDirectedEdgeWithKey(e.id, e.source, e.target, e.data);
    else graph.addUndirectedEdgeWithKey(e.id, e.source, e.target, e.data);
  }
  return writeGexf(graph, {
    version: '1.3',
    pretty: false,
    formatNode: (_key, a) => {
      const { label, color, ...attributes } = a;
      return { label, viz: { color }, attributes: { ...attributes, color } };
    },
    formatEdge: (_key, a) => {
      const { label, weight, directed: _directed, ...attributes } = a;
      return { label, weight, kind: a.relation_type_id, attributes };
    },
  });
}

const NODE_KEYS: Array<[keyof NodeData, GraphmlType]> = [
  ['label', 'string'],
  ['kind', 'string'],
  ['aliases', 'string'],
  ['affiliation_id', 'string'],
  ['color', 'string'],
  ['claims', 'int'],
  ['members', 'string'],
  ['internal_claims', 'int'],
];
const EDGE_KEYS: Array<[keyof EdgeData, GraphmlType]> = [
  ['label', 'string'],
  ['weight', 'int'],
  ['relation_type_id', 'string'],
  ['polarity', 'string'],
  ['claims', 'int'],
  ...STANCES.map((s): [keyof EdgeData, GraphmlType] => [s, 'int']),
  ['first_date', 'string'],
  ['last_date', 'string'],
  ['sources', 'int'],
  ['conflict', 'boolean'],
  ['compare', 'string'],
  ['claims_a', 'int'],
  ['claims_b', 'int'],
];

/** The view as GraphML: undirected by default, `directed="true"` on directed edges (graphology-graphml's reader ignores `directed="false"` under a directed default). */
export function viewGraphml(view: ViewGraph, typeLabel: (id: string) => string): string {
  const { nodes, edges } = model(view, typeLabel);
  return writeGraphml({
    graphId: 'tiemark-network-view',
    nodeKeys: NODE_KEYS,
    edgeKeys: EDGE_KEYS,
    nodes,
    edges: edges.map((e) => ({ ...e, directed: !!e.data.directed })),
  });
}

import { writeGraphml, xmlEscape, xmlSafe, type GraphmlType } from '../../shared/graphml';
import Graph from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import { STANCES } from '../../shared/annotations';
import { ALIAS_SEPARATOR, toCsv, type Cell } from './csv';
import { actorsInScope, tiesOf, type Snapshot } from './snapshot';

/**
 * Network files (docs/exports.md): actors as nodes, ties as edges. Every relation type between
 * two actors is its own edge (parallel edges: a multigraph), weighted by its number of claims,
 * carrying the ids of its claims, highlights and sources and its stance counts, so every edge
 * leads back to its evidence. A symmetric relation ("clashes with") is an undirected edge.
 *
 * - GEXF 1.3 through graphology and graphology-gexf's writer. The writer has no spells, so the
 *   event dates are the edge attributes `first_date` and `last_date` (partial ISO dates).
 * - GraphML written here (graphology-graphml only reads): keys declared with their types, every
 *   text escaped for XML, undirected by default with `directed="true"` on directed edges.
 * - Gephi's spreadsheet import: nodes.csv and edges.csv (Id/Label, Source/Target/Type/Weight).
 */
export interface NodeData {
  id: string;
  label: string;
  kind: string;
  aliases: string;
  external_id: string;
  affiliation_id: string;
  color: string;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  directed: boolean;
  label: string;
  weight: number;
  relation_type_id: string;
  polarity: string;
  claims: number;
  asserted: number;
  reported: number;
  alleged: number;
  denied: number;
  speculative: number;
  stances: string;
  first_date: string;
  last_date: string;
  sources: number;
  conflict: boolean;
  claim_ids: string;
  highlight_ids: string;
  source_ids: string;
}

export interface NetworkModel {
  nodes: NodeData[];
  edges: EdgeData[];
}


export { xmlEscape, xmlSafe };

export function networkModel(snapshot: Snapshot, wholeProject: boolean): NetworkModel {
  const ties = tiesOf(snapshot);
  const ids = new Set(actorsInScope(snapshot, wholeProject).map((a) => a.id));
  for (const t of ties) ids.add(t.sourceActorId).add(t.targetActorId);
  const nodes: NodeData[] = [...snapshot.actors.values()]
    .filter((a) => ids.has(a.id))
    .map((a) => ({
      id: a.id,
      label: xmlSafe(a.name),
      kind: a.kind,
      aliases: xmlSafe(a.aliases.join(ALIAS_SEPARATOR)),
      external_id: xmlSafe(a.externalId),
      affiliation_id: a.affiliationId ?? '',
      color: a.color,
    }));
  // A claim may name an actor that is gone from the registry only in a damaged project; keep its edge.
  for (const id of ids) if (!snapshot.actors.has(id)) nodes.push({ id, label: '(unknown actor)', kind: '', aliases: '', external_id: '', affiliation_id: '', color: '#888888' });
  const edges: EdgeData[] = ties.map((t) => {
    const type = snapshot.relationTypes.get(t.relationTypeId);
    const stances = STANCES.filter((s) => (t.stances[s] ?? 0) > 0).map((s) => `${s}:${t.stances[s]}`);
    return {
      id: `${t.sourceActorId}--${t.relationTypeId}--${t.targetActorId}`,
      source: t.sourceActorId,
      target: t.targetActorId,
      directed: t.directed,
      label: xmlSafe(type?.label ?? ''),
      weight: t.claims.length,
      relation_type_id: t.relationTypeId,
      polarity: type?.polarity ?? 'neutral',
      claims: t.claims.length,
      asserted: t.stances.asserted ?? 0,
      reported: t.stances.reported ?? 0,
      alleged: t.stances.alleged ?? 0,
      denied: t.stances.denied ?? 0,
      speculative: t.stances.speculative ?? 0,
      stances: stances.join(' '),
      first_date: t.firstDate,
      last_date: t.lastDate,
      sources: t.sourceIds.size,
      conflict: t.stanceConflict || t.pairPolarityConflict,
      claim_ids: t.claims.map((c) => c.id).join(' '),
      highlight_ids: [...new Set(t.claims.map((c) => c.highlightId))].join(' '),
      source_ids: [...t.sourceIds].join(' '),
    };
  });
  return { nodes, edges };
}

const NODE_ATTRIBUTES = ['kind', 'aliases', 'external_id', 'affiliation_id'] as const;
const EDGE_ATTRIBUTES = [
  'relation_type_id',
  'polarity',
  'claims',
  ...STANCES,
  'stances',
  'first_date',
  'last_date',
  'sources',
  'conflict',
  'claim_ids',
  'highlight_ids',
  'source_ids',
] as const;

/** The model as a graphology multigraph (mixed: symmetric relations are undirected edges). */
export function toGraph(model: NetworkModel): Graph {
  const graph = new Graph({ type: 'mixed', multi: true, allowSelfLoops: true });
  for (const n of model.nodes) graph.addNode(n.id, { ...n });
  for (const e of model.edges) {
    const attributes = { ...e };
    if (e.directed) graph.addDirectedEdgeWithKey(e.id, e.source, e.target, attributes);
    else graph.addUndirectedEdgeWithKey(e.id, e.source, e.target, attributes);
  }
  return graph;
}

export function gexf(model: NetworkModel, projectName: string): string {
  const graph = toGraph(model);
  graph.setAttribute('creator', 'Tiemark');
  graph.setAttribute('description', xmlSafe(`Actors and ties of ${projectName}`));
  return writeGexf(graph, {
    version: '1.3',
    pretty: false,
    formatNode: (_key, a) => ({
      label: a.label as string,
      attributes: Object.fromEntries(NODE_ATTRIBUTES.map((k) => [k, a[k] as string])),
      viz: { color: a.color as string },
    }),
    formatEdge: (_key, a) => ({
      label: a.label as string,
      weight: a.weight as number,
      kind: a.relation_type_id as string,
      attributes: Object.fromEntries(EDGE_ATTRIBUTES.map((k) => [k, a[k] as unknown])),
    }),
  });
}

// ---------------------------------------------------------------------------------------------
// GraphML


const NODE_KEYS: Array<[keyof NodeData, GraphmlType]> = [
  ['label', 'string'],
  ['kind', 'string'],
  ['aliases', 'string'],
  ['external_id', 'string'],
  ['affiliation_id', 'string'],
  ['color', 'string'],
];
const EDGE_KEYS: Array<[keyof EdgeData, GraphmlType]> = [
  ['label', 'string'],
  ['weight', 'int'],
  ['relation_type_id', 'string'],
  ['polarity', 'string'],
  ['claims', 'int'],
  ...STANCES.map((s): [keyof EdgeData, GraphmlType] => [s, 'int']),
  ['stances', 'string'],
  ['first_date', 'string'],
  ['last_date', 'string'],
  ['sources', 'int'],
  ['conflict', 'boolean'],
  ['claim_ids', 'string'],
  ['highlight_ids', 'string'],
  ['source_ids', 'string'],
];

export function graphml(model: NetworkModel): string {
  return writeGraphml({
    graphId: 'tiemark',
    nodeKeys: NODE_KEYS,
    edgeKeys: EDGE_KEYS,
    nodes: model.nodes.map((n) => ({ id: n.id, data: n })),
    edges: model.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, directed: !!e.directed, data: e })),
  });
}

// ---------------------------------------------------------------------------------------------
// Gephi spreadsheet import

export function gephiNodesCsv(model: NetworkModel): string {
  return toCsv(
    ['Id', 'Label', 'kind', 'aliases', 'external_id', 'affiliation_id', 'color'],
    model.nodes.map((n): Cell[] => [n.id, n.label, n.kind, n.aliases, n.external_id, n.affiliation_id, n.color]),
    { bom: false },
  );
}

export function gephiEdgesCsv(model: NetworkModel): string {
  return toCsv(
    ['Source', 'Target', 'Type', 'Id', 'Label', 'Weight', 'relation_type_id', 'polarity', ...STANCES, 'first_date', 'last_date', 'sources', 'conflict', 'claim_ids'],
    model.edges.map((e): Cell[] => [
      e.source,
      e.target,
      e.directed ? 'Directed' : 'Undirected',
      e.id,
      e.label,
      e.weight,
      e.relation_type_id,
      e.polarity,
      e.asserted,
      e.reported,
      e.alleged,
      e.denied,
      e.speculative,
      e.first_date,
      e.last_date,
      e.sources,
      e.conflict,
      e.claim_ids,
    ]),
    { bom: false },
  );
}

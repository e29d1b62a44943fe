import { writeGraphml, xmlEscape, xmlSafe, type GraphmlType } from '../../shared/graphml';
import { STANCES } from '../../shared/annotations';
import { ALIAS_SEPARATOR, toCsv, type Cell } from './csv';
import { actorsInScope, tiesOf, type Snapshot } from './snapshot';

/**
 * Network files (docs/exports.md): actors as nodes, ties as edges. Every relation type between
 * two actors is its own edge (parallel edges: a multigraph), weighted by its number of claims,
 * carrying the ids of its claims, highlights and sources and its stance counts, so every edge
 * leads back to its evidence. A symmetric relation ("clashes with") is an undirected edge.
 *
 * - GEXF 1.3, the document graphology-gexf's writer makes of the graph, written here for speed
 *   (gexf below). GEXF spells are left out as that writer leaves them out, so the event dates are
 *   the edge attributes `first_date` and `last_date` (partial ISO dates).
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

export const NODE_ATTRIBUTES = ['kind', 'aliases', 'external_id', 'affiliation_id'] as const;
export const EDGE_ATTRIBUTES = [
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

type GexfType = 'string' | 'integer' | 'boolean';
const gexfType = (value: unknown): GexfType => (typeof value === 'number' ? 'integer' : typeof value === 'boolean' ? 'boolean' : 'string');

/**
 * GEXF 1.3, the document graphology-gexf's writer makes of toGraph(model) (same elements,
 * attributes, types and order; the test parses both with graphology-gexf's reader and compares
 * them, src/core/export/network.test.ts), written straight from the model into an array of lines.
 * That writer escapes every value with six regular expressions and appends to one string a
 * piece at a time: 0.7-1.1 s at 10,000 claims, most of it garbage collection, against the 1 s
 * target (docs/exports.md). Every attribute is declared with its type, empty values left out.
 */
export function gexf(model: NetworkModel, projectName: string): string {
  const edgeTypes = model.edges.length && model.edges.every((e) => !e.directed) ? 'undirected' : 'directed';
  const declare = (cls: string, names: readonly string[], sample: Record<string, unknown> | undefined) =>
    names.length ? [`<attributes class="${cls}">`, ...names.map((k) => `<attribute id="${k}" title="${k}" type="${gexfType(sample?.[k] ?? '')}"/>`), '</attributes>'].join('') : '';
  const values = (names: readonly string[], data: Record<string, unknown>): string => {
    let out = '<attvalues>';
    for (const k of names) {
      const v = data[k];
      if (v !== '' && v !== null && v !== undefined) out += `<attvalue for="${k}" value="${gexfAttr(String(v))}"/>`;
    }
    return `${out}</attvalues>`;
  };
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf version="1.3" xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd">',
    `<meta><creator>Tiemark</creator><description>${gexfText(`Actors and ties of ${projectName}`)}</description></meta>`,
    `<graph defaultedgetype="${edgeTypes}">`,
    // Types from the first node and edge: every node and edge has the same fields of the same types.
    declare('node', NODE_ATTRIBUTES, model.nodes[0] as unknown as Record<string, unknown>),
    declare('edge', EDGE_ATTRIBUTES, model.edges[0] as unknown as Record<string, unknown>),
    '<nodes>',
  ];
  for (const n of model.nodes) {
    const color = /^#[0-9a-fA-F]{3,8}$/.test(n.color) ? `<viz:color hex="${n.color}"/>` : '';
    out.push(`<node id="${gexfAttr(n.id)}"${n.label ? ` label="${gexfAttr(n.label)}"` : ''}>${values(NODE_ATTRIBUTES, n as unknown as Record<string, unknown>)}${color}</node>`);
  }
  out.push('</nodes><edges>');
  for (const e of model.edges) {
    const type = (e.directed ? 'directed' : 'undirected') === edgeTypes ? '' : ` type="${e.directed ? 'directed' : 'undirected'}"`;
    out.push(
      `<edge id="${gexfAttr(e.id)}"${type} source="${gexfAttr(e.source)}" target="${gexfAttr(e.target)}" weight="${e.weight}"` +
        `${e.relation_type_id ? ` kind="${gexfAttr(e.relation_type_id)}"` : ''}${e.label ? ` label="${gexfAttr(e.label)}"` : ''}>` +
        `${values(EDGE_ATTRIBUTES, e as unknown as Record<string, unknown>)}</edge>`,
    );
  }
  out.push('</edges></graph></gexf>');
  return out.join('');
}

/** What an XML attribute value must not hold as is: markup, quotes, and line breaks and tabs (a parser would turn them into spaces). */
const ATTR_SPECIAL = /[&<>"\t\n\r]/;
const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
/** An attribute value: characters XML cannot hold dropped, the rest escaped (most values need neither, and are returned after one scan). */
function gexfAttr(text: string): string {
  const safe = xmlSafe(text);
  return ATTR_SPECIAL.test(safe) ? safe.replace(/[&<>"\t\n\r]/g, (ch) => ATTR_ESCAPES[ch]) : safe;
}
const gexfText = (text: string): string => xmlSafe(text).replace(/[&<>]/g, (ch) => ATTR_ESCAPES[ch]);

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

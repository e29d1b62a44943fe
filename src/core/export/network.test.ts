import Graph from 'graphology';
import { parse as parseGexf, write as writeGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../shared/api';
import { ok, useTempDirs } from '../test-support/fixtures';
import { unzipAll } from '../test-support/docx-fixtures';
import { buildExportFixture } from './export-fixtures';
import { EDGE_ATTRIBUTES, gexf, graphml, NODE_ATTRIBUTES, networkModel, xmlEscape, type NetworkModel } from './network';
import { readSnapshot } from './snapshot';

const temp = useTempDirs();

async function exportFile(backend: ReturnType<typeof temp.backend>, args: Record<string, unknown>): Promise<ExportedFile> {
  return ok<ExportedFile>(await backend.dispatch('exportData', args));
}

/** What a network file must say, whatever its format: nodes with labels, edges with their evidence. */
function expectSameNetwork(graph: Graph, model: NetworkModel) {
  expect(graph.order).toBe(model.nodes.length);
  expect(graph.size).toBe(model.edges.length);
  for (const n of model.nodes) {
    expect(graph.hasNode(n.id)).toBe(true);
    expect(graph.getNodeAttribute(n.id, 'label')).toBe(n.label);
    expect(graph.getNodeAttribute(n.id, 'kind') ?? '').toBe(n.kind);
    expect(graph.getNodeAttribute(n.id, 'aliases') ?? '').toBe(n.aliases);
  }
  for (const e of model.edges) {
    expect(graph.hasEdge(e.id)).toBe(true);
    expect(graph.source(e.id)).toBe(e.source);
    expect(graph.target(e.id)).toBe(e.target);
    expect(graph.isDirected(e.id)).toBe(e.directed);
    const a = graph.getEdgeAttributes(e.id);
    expect(a.label).toBe(e.label);
    expect(Number(a.weight)).toBe(e.weight);
    expect(a.relation_type_id).toBe(e.relation_type_id);
    expect(a.claim_ids).toBe(e.claim_ids);
    expect(a.highlight_ids).toBe(e.highlight_ids);
    expect(a.stances).toBe(e.stances);
    expect(Number(a.denied)).toBe(e.denied);
    expect(a.first_date ?? '').toBe(e.first_date);
    expect(a.last_date ?? '').toBe(e.last_date);
  }
}

/** The model as a graphology multigraph, for graphology-gexf's writer: the reference our GEXF is held to. */
function referenceGraph(model: NetworkModel): Graph {
  const graph = new Graph({ type: 'mixed', multi: true, allowSelfLoops: true });
  for (const n of model.nodes) graph.addNode(n.id, { ...n });
  for (const e of model.edges) {
    if (e.directed) graph.addDirectedEdgeWithKey(e.id, e.source, e.target, { ...e });
    else graph.addUndirectedEdgeWithKey(e.id, e.source, e.target, { ...e });
  }
  return graph;
}

describe('network exports', () => {
  it('builds one edge per pair and relation type, weighted by claims, with evidence ids and stances', () => {
    const f = buildExportFixture(temp.backend());
    const model = networkModel(readSnapshot(f.backend.store), true);
    expect(model.nodes.map((n) => n.label).sort()).toEqual(['=HYPERLINK("http://x")', 'Hezbollah', 'Iran', 'Israel', 'Russia']);
    expect(model.edges).toHaveLength(3);
    const arms = model.edges.find((e) => e.relation_type_id === 'aid-weapons')!;
    expect(arms).toMatchObject({ source: f.actors.Russia, target: f.actors.Hezbollah, directed: true, weight: 2, asserted: 1, denied: 1, stances: 'asserted:1 denied:1', conflict: true });
    expect(arms.claim_ids.split(' ').sort()).toEqual([f.claims.arms.id, f.claims.denied.id].sort());
    const clash = model.edges.find((e) => e.relation_type_id === 'assault-clash')!;
    expect(clash).toMatchObject({ directed: false, weight: 2, first_date: '2023', last_date: '2023', sources: 2 });
  });

  it('GEXF 1.3 reads back with graphology-gexf: nodes, parallel typed edges, weights and attributes', async () => {
    const f = buildExportFixture(temp.backend());
    // A second relation between the same pair: a parallel edge.
    ok(f.backend.dispatch('createClaim', { highlightId: f.highlights.arms.id, sourceActorId: f.actors.Russia, relationTypeId: 'aid-trains', targetActorId: f.actors.Hezbollah }));
    const file = await exportFile(f.backend, { format: 'gexf' });
    expect(file.fileName).toMatch(/-network\.gexf$/);
    expect(file.content).toContain('<gexf version="1.3" xmlns="http://gexf.net/1.3"');
    const graph = parseGexf(Graph, file.content);
    expect(graph.multi).toBe(true);
    expectSameNetwork(graph, networkModel(readSnapshot(f.backend.store), true));
    expect(graph.edges(f.actors.Russia, f.actors.Hezbollah)).toHaveLength(2);
  });

  it("GEXF is the graph graphology-gexf's own writer makes of the same network, markup and line breaks included", async () => {
    const f = buildExportFixture(temp.backend());
    ok(f.backend.dispatch('createClaim', { highlightId: f.highlights.arms.id, sourceActorId: f.actors.Russia, relationTypeId: 'aid-trains', targetActorId: f.actors.Hezbollah }));
    const model = networkModel(readSnapshot(f.backend.store), true);
    // Text that needs escaping in an attribute: markup, quotes, a tab and line breaks.
    model.nodes[0].label = 'A <b>&"\'\ttab\nline\r\nend';
    model.nodes[1].aliases = 'x & y | "z"';
    model.edges[0].label = 'supplies <weapons> & "more"';
    const graph = referenceGraph(model);
    graph.setAttribute('creator', 'Tiemark');
    graph.setAttribute('description', 'Actors and ties of P <&> "q"');
    const reference = writeGexf(graph, {
      version: '1.3',
      pretty: false,
      formatNode: (_key, a) => ({ label: a.label as string, attributes: Object.fromEntries(NODE_ATTRIBUTES.map((k) => [k, a[k] as string])), viz: { color: a.color as string } }),
      formatEdge: (_key, a) => ({ label: a.label as string, weight: a.weight as number, kind: a.relation_type_id as string, attributes: Object.fromEntries(EDGE_ATTRIBUTES.map((k) => [k, a[k] as unknown])) }),
    });
    const ours = parseGexf(Graph, gexf(model, 'P <&> "q"'));
    const theirs = parseGexf(Graph, reference);
    expect(ours.export()).toEqual(theirs.export());
    expect(ours.getNodeAttribute(model.nodes[0].id, 'label')).toBe(model.nodes[0].label);
    expect(ours.getNodeAttribute(model.nodes[0].id, 'color')).toBe(theirs.getNodeAttribute(model.nodes[0].id, 'color'));
    expect(ours.getEdgeAttribute(model.edges[0].id, 'weight')).toBe(model.edges[0].weight);
  });

  it('GraphML reads back with graphology-graphml, typed values included', async () => {
    const f = buildExportFixture(temp.backend());
    const file = await exportFile(f.backend, { format: 'graphml' });
    const graph = parseGraphml(Graph, file.content);
    const model = networkModel(readSnapshot(f.backend.store), true);
    expectSameNetwork(graph, model);
    const arms = model.edges.find((e) => e.relation_type_id === 'aid-weapons')!;
    expect(graph.getEdgeAttribute(arms.id, 'weight')).toBe(2);
    expect(graph.getEdgeAttribute(arms.id, 'conflict')).toBe(true);
  });

  it('GraphML escapes markup and drops characters XML cannot hold', () => {
    const model: NetworkModel = {
      nodes: [
        { id: 'a', label: '<b>&"\'</b>', kind: 'state', aliases: 'x\u0001y', external_id: '', affiliation_id: '', color: '#000000' },
        { id: 'b', label: ']]> </graph>', kind: '', aliases: '', external_id: '', affiliation_id: '', color: '#000000' },
      ],
      edges: [],
    };
    const graph = parseGraphml(Graph, graphml(model));
    expect(graph.getNodeAttribute('a', 'label')).toBe('<b>&"\'</b>');
    expect(graph.getNodeAttribute('a', 'aliases')).toBe('xy');
    expect(graph.getNodeAttribute('b', 'label')).toBe(']]> </graph>');
    expect(xmlEscape('a\uD800b')).toBe('ab');
  });

  it('Gephi CSV: nodes.csv and edges.csv in a zip, without BOM, in Gephi column names', async () => {
    const f = buildExportFixture(temp.backend());
    const file = await exportFile(f.backend, { format: 'gephi-csv' });
    expect(file).toMatchObject({ encoding: 'base64', mimeType: 'application/zip' });
    const files = await unzipAll(Buffer.from(file.content, 'base64'));
    const nodes = Papa.parse<Record<string, string>>(files.get('nodes.csv')!.toString('utf8'), { header: true, skipEmptyLines: true });
    const edges = Papa.parse<Record<string, string>>(files.get('edges.csv')!.toString('utf8'), { header: true, skipEmptyLines: true });
    expect(nodes.meta.fields?.slice(0, 2)).toEqual(['Id', 'Label']);
    expect(edges.meta.fields?.slice(0, 6)).toEqual(['Source', 'Target', 'Type', 'Id', 'Label', 'Weight']);
    expect(nodes.data).toHaveLength(5);
    const clash = edges.data.find((e) => e.relation_type_id === 'assault-clash')!;
    expect(clash).toMatchObject({ Type: 'Undirected', Weight: '2', Label: 'clashes with' });
    expect(nodes.data.find((n) => n.Id === f.actors.Formula)!.Label).toBe('\'=HYPERLINK("http://x")');
  });
});

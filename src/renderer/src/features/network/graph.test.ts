import { describe, expect, it } from 'vitest';
import type { ResearchApi } from '../../../../shared/api';
import type { NetworkEdge, NetworkFilters, NetworkGraph, NetworkNode } from '../../../../shared/network';
import Graph, { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { viewGexf, viewGraphml } from './files';
import { affiliates, collapseGraph, narrowGraph, type ViewFilters, compareGraphs, compareMark, dateSteps, edgeWidth, focusGraph, timeline, yearOf, type AffiliatedActor, type Placed, type ViewEdge, type ViewGraph, isTentative, neighbourhood, nodeSize, placeNodes, POSITION_SCALE, relationPhrase, searchNodes } from './graph';
import { createLayout, separate, settle } from './layout';
import { drawnSvg, hiddenBy, layoutInput, parallelGroups, parallelSlots, shownOf, syncGraph, type DrawnGraph, type EdgeAttributes, type NodeAttributes, type Shown } from './drawn';

const node = (id: string, name: string, claimCount = 1, aliases: string[] = []): NetworkNode => ({ id, name, kind: 'state', aliases, color: '#000000', affiliationId: null, claimCount, degree: 0 });
const edge = (s: string, r: string, t: string, claimCount = 1, extra: Partial<NetworkEdge> = {}): NetworkEdge => ({
  id: `${s}|${r}|${t}`,
  sourceActorId: s,
  relationTypeId: r,
  targetActorId: t,
  claimCount,
  sourceCount: 1,
  stances: { asserted: claimCount },
  dateFrom: null,
  dateTo: null,
  directed: true,
  polarity: 'cooperative',
  structural: false,
  stanceConflict: false,
  polarityConflict: false,
  ...extra,
});

/** A chain a–b–c–d–e plus an island x–y. */
const chain: NetworkGraph = {
  nodes: [node('a', 'Russia', 3, ['Moscow', 'the Kremlin']), node('b', 'Hezbollah', 4, ['Hizballah']), node('c', 'Iran', 2), node('d', 'Hamas'), node('e', 'Houthis'), node('x', 'Israel'), node('y', 'Wagner Group')],
  edges: [edge('a', 'aid-weapons', 'b', 2), edge('b', 'assault-clash', 'c'), edge('c', 'aid-funds', 'd'), edge('d', 'cooperate', 'e'), edge('x', 'sanction', 'y'), edge('b', 'aid-trains', 'a')],
  positions: [],
  claimCount: 7,
  dates: null,
};

describe('neighbourhood and focus', () => {
  it('follows ties in either direction, step by step', () => {
    expect([...neighbourhood(chain.edges, 'c', 0)]).toEqual(['c']);
    expect([...neighbourhood(chain.edges, 'c', 1)].sort()).toEqual(['b', 'c', 'd']);
    expect([...neighbourhood(chain.edges, 'c', 2)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...neighbourhood(chain.edges, 'x', 2)].sort()).toEqual(['x', 'y']);
  });

  it('keeps the actors in reach and the ties between them, with their claims', () => {
    const one = focusGraph(chain, { actorId: 'a', steps: 1 });
    expect(one.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(one.edges.map((e) => e.id)).toEqual(['a|aid-weapons|b', 'b|aid-trains|a']);
    expect(one.claimCount).toBe(3);
    expect(focusGraph(chain, null)).toBe(chain);
    // An actor no longer in the graph (filtered out): the whole graph, not an empty one.
    expect(focusGraph(chain, { actorId: 'gone', steps: 1 })).toBe(chain);
  });
});

describe('searchNodes', () => {
  it('finds actors by name or alias, ignoring case and accents; exact first, then prefix, then inside', () => {
    expect(searchNodes(chain.nodes, 'hizballah').map((n) => n.name)).toEqual(['Hezbollah']);
    expect(searchNodes(chain.nodes, 'KREMLIN').map((n) => n.name)).toEqual(['Russia']);
    expect(searchNodes(chain.nodes, 'I').map((n) => n.name)).toEqual(['Iran', 'Israel', 'Hezbollah', 'Russia', 'Houthis']);
    expect(searchNodes(chain.nodes, '   ')).toEqual([]);
    expect(searchNodes(chain.nodes, 'zzz')).toEqual([]);
  });
});

describe('placeNodes', () => {
  it('keeps stored positions, prefers what is on screen, and puts newcomers beside their placed neighbours', () => {
    const placed = placeNodes(chain, [
      { actorId: 'a', x: 1000, y: -500, pinned: true },
      { actorId: 'b', x: 2000, y: 0, pinned: false },
    ], new Map([['b', { x: 30, y: 4 }]]));
    expect(placed.get('a')).toEqual({ x: 1000 / POSITION_SCALE, y: -500 / POSITION_SCALE, kept: true, pinned: true });
    expect(placed.get('b')).toEqual({ x: 30, y: 4, kept: true, pinned: false });
    const c = placed.get('c')!;
    expect(c.kept).toBe(false);
    // Beside b (its only placed neighbour), within a few units.
    expect(Math.hypot(c.x - 30, c.y - 4)).toBeLessThan(6);
    expect(placed.size).toBe(chain.nodes.length);
    // The same graph places newcomers at the same spots every time.
    expect(placeNodes(chain, []).get('x')).toEqual(placeNodes(chain, []).get('x'));
  });
});

describe('drawing rules', () => {
  it('grows nodes and edges with claims, within bounds', () => {
    expect(nodeSize(1)).toBeLessThan(nodeSize(10));
    expect(nodeSize(1_000_000)).toBe(26);
    expect(edgeWidth(1)).toBeLessThan(edgeWidth(5));
    expect(edgeWidth(1_000_000)).toBe(9);
  });

  it('calls a tie tentative when no claim asserts it', () => {
    expect(isTentative({ asserted: 1, denied: 2 })).toBe(false);
    expect(isTentative({ reported: 2, alleged: 1 })).toBe(true);
  });

  it('words a relation with its direction', () => {
    const names: Record<string, string> = { a: 'Russia', b: 'Hezbollah' };
    expect(relationPhrase(edge('a', 'x', 'b'), 'supplies weapons to', (id) => names[id])).toBe('Russia → supplies weapons to → Hezbollah');
    expect(relationPhrase({ ...edge('a', 'x', 'b'), directed: false }, 'clashes with', (id) => names[id])).toBe('Russia — clashes with — Hezbollah');
  });

  it('steps the date slider by month over short spans and by year over long ones', () => {
    expect(dateSteps('2021-11', '2022-02')).toEqual(['2021-11', '2021-12', '2022-01', '2022-02']);
    expect(dateSteps('2022', '2022')).toHaveLength(12);
    expect(dateSteps('1990', '2024')).toHaveLength(35);
    expect(dateSteps('2024', '2020')).toEqual([]);
  });
});

describe('layout', () => {
  it('settles a graph: tied actors end closer than untied ones, fixed ones do not move', () => {
    // Two triangles, one edge between them; node 0 fixed.
    const x = [0, 50, -40, 80, 10, -70];
    const y = [0, -30, 60, 20, -90, -10];
    const edges: Array<[number, number, number]> = [[0, 1, 1], [1, 2, 1], [2, 0, 1], [3, 4, 1], [4, 5, 1], [5, 3, 1], [0, 3, 1]];
    const result = settle({ x, y, fixed: [true, false, false, false, false, false], edges });
    expect(result.settled).toBe(true);
    const p = result.positions;
    expect([p[0], p[1]]).toEqual([0, 0]);
    const d = (i: number, j: number) => Math.hypot(p[2 * i] - p[2 * j], p[2 * i + 1] - p[2 * j + 1]);
    expect(d(1, 2)).toBeLessThan(d(1, 4));
    expect(d(4, 5)).toBeLessThan(d(2, 5));
  });

  it('reports less movement as it settles', () => {
    const run = createLayout({ x: [0, 100, 0, 100], y: [0, 0, 100, 100], fixed: [0, 0, 0, 0], edges: [[0, 1, 1], [1, 2, 1], [2, 3, 1]] });
    const first = run.step(5);
    for (let i = 0; i < 40; i++) run.step(5);
    expect(run.step(5)).toBeLessThan(first);
  });

  it('parts nodes left on top of each other, leaving fixed ones in place', () => {
    const p = new Float32Array([0, 0, 0, 0, 100, 100, 100.5, 100]);
    separate(p, [true, false, false, false], 0.05);
    expect([p[0], p[1]]).toEqual([0, 0]);
    const d = (i: number, j: number) => Math.hypot(p[2 * i] - p[2 * j], p[2 * i + 1] - p[2 * j + 1]);
    expect(d(0, 1)).toBeGreaterThanOrEqual(4.9);
    expect(d(2, 3)).toBeGreaterThanOrEqual(4.9);
  });
});

describe('compareGraphs', () => {
  const g = (edges: NetworkEdge[]): NetworkGraph => ({ nodes: ['a', 'b', 'c', 'd'].map((id) => node(id, id.toUpperCase())), edges, positions: [], claimCount: 0, dates: null });
  it('marks each edge only A, only B, both, or conflict (one side affirms, the other denies)', () => {
    const a = g([edge('a', 'aid-weapons', 'b', 2), edge('b', 'assault-clash', 'c', 1), edge('c', 'aid-funds', 'd', 1)]);
    const b = g([edge('a', 'aid-weapons', 'b', 3, { stances: { asserted: 3 } }), edge('b', 'assault-clash', 'c', 1, { stances: { denied: 1 } }), edge('a', 'cooperate', 'd', 1)]);
    const both = compareGraphs({ ...a, dates: { from: '2015', to: '2016' } }, { ...b, dates: { from: '2014-06', to: '2016-03' } });
    const marks = Object.fromEntries(both.edges.map((e) => [e.id, e.compare?.mark]));
    expect(marks).toEqual({ 'a|aid-weapons|b': 'both', 'b|assault-clash|c': 'conflict', 'c|aid-funds|d': 'a', 'a|cooperate|d': 'b' });
    const shared = both.edges.find((e) => e.id === 'a|aid-weapons|b')!;
    // The larger side's claims are drawn; each side's count is kept.
    expect(shared.claimCount).toBe(3);
    expect(shared.compare).toMatchObject({ a: { claimCount: 2 }, b: { claimCount: 3 } });
    expect(both.edges.find((e) => e.id === 'b|assault-clash|c')!.stanceConflict).toBe(true);
    expect(both.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(both.nodes.find((n) => n.id === 'a')).toMatchObject({ claimCount: 4, degree: 2 });
    expect(both.dates).toEqual({ from: '2014-06', to: '2016' });
    expect(compareMark({ claimCount: 1, stances: { reported: 1 } }, { claimCount: 1, stances: { speculative: 1 } })).toBe('both');
    expect(compareMark({ claimCount: 1, stances: { denied: 1 } }, { claimCount: 1, stances: { alleged: 1 } })).toBe('conflict');
  });
});

describe('collapseGraph', () => {
  // Iran ← IRGC ← Quds Force; Hezbollah and Israel outside.
  const actors: AffiliatedActor[] = [
    { id: 'ir', name: 'Iran', kind: 'state', aliases: [], color: '#000000', affiliationId: null },
    { id: 'irgc', name: 'IRGC', kind: 'armed-group', aliases: [], color: '#000000', affiliationId: 'ir' },
    { id: 'qf', name: 'Quds Force', kind: 'armed-group', aliases: [], color: '#000000', affiliationId: 'irgc' },
    { id: 'hz', name: 'Hezbollah', kind: 'armed-group', aliases: [], color: '#000000', affiliationId: null },
    { id: 'il', name: 'Israel', kind: 'state', aliases: [], color: '#000000', affiliationId: null },
  ];
  const graph: NetworkGraph = {
    nodes: [node('irgc', 'IRGC'), node('qf', 'Quds Force'), node('hz', 'Hezbollah'), node('il', 'Israel')],
    edges: [
      edge('irgc', 'aid-weapons', 'hz', 2, { stances: { asserted: 2 }, dateFrom: '2015', dateTo: '2015' }),
      edge('qf', 'aid-weapons', 'hz', 1, { stances: { denied: 1 }, dateFrom: '2019', dateTo: '2020' }),
      edge('qf', 'aid-trains', 'hz', 1),
      edge('irgc', 'structure-commands', 'qf', 1),
      edge('hz', 'assault-clash', 'qf', 1, { directed: false }),
      edge('il', 'assault-strike', 'irgc', 1),
    ],
    positions: [],
    claimCount: 7,
    dates: null,
  };

  it('knows each actor’s affiliates, through every level', () => {
    expect(Object.fromEntries([...affiliates(actors)].map(([k, v]) => [k, v.sort()]))).toEqual({ ir: ['irgc', 'qf'], irgc: ['qf'] });
  });

  it('draws the group as its parent, re-attaching and merging the members’ edges and counting the ones inside', () => {
    const view = collapseGraph(graph, ['ir'], actors);
    // Iran has no tie of its own here: its node comes from the registry.
    expect(view.nodes.map((n) => n.id).sort()).toEqual(['hz', 'il', 'ir']);
    const iran = view.nodes.find((n) => n.id === 'ir')!;
    expect(iran.group).toEqual({ memberIds: ['irgc', 'qf'], internalClaims: 1 });
    const arms = view.edges.find((e) => e.id === 'ir|aid-weapons|hz')!;
    expect(arms).toMatchObject({ claimCount: 3, stances: { asserted: 2, denied: 1 }, dateFrom: '2015', dateTo: '2020', stanceConflict: true });
    expect(arms.parts?.map((p) => p.id)).toEqual(['irgc|aid-weapons|hz', 'qf|aid-weapons|hz']);
    // A symmetric edge runs from the smaller id.
    expect(view.edges.map((e) => e.id).sort()).toEqual(['hz|assault-clash|ir', 'il|assault-strike|ir', 'ir|aid-trains|hz', 'ir|aid-weapons|hz']);
    expect(view.claimCount).toBe(6);
    expect(iran).toMatchObject({ claimCount: 6, degree: 2 });
    expect(collapseGraph(graph, [], actors)).toBe(graph);
  });

  it('nests: collapsing IRGC alone keeps Iran apart; with both collapsed the outer group wins', () => {
    const inner = collapseGraph(graph, ['irgc'], actors);
    expect(inner.nodes.find((n) => n.id === 'irgc')?.group).toEqual({ memberIds: ['irgc', 'qf'], internalClaims: 1 });
    expect(inner.edges.find((e) => e.id === 'irgc|aid-weapons|hz')?.claimCount).toBe(3);
    const outer = collapseGraph(graph, ['irgc', 'ir'], actors);
    expect(outer.nodes.map((n) => n.id).sort()).toEqual(['hz', 'il', 'ir']);
  });

  it('merges compare marks: a side’s claims are summed and the mark judged again', () => {
    const compared = compareGraphs(graph, { ...graph, edges: [edge('qf', 'aid-weapons', 'hz', 1, { stances: { asserted: 1 } })] });
    const view = collapseGraph(compared, ['irgc'], actors);
    expect(view.edges.find((e) => e.id === 'irgc|aid-weapons|hz')?.compare).toEqual({ mark: 'conflict', a: { claimCount: 3, stances: { asserted: 2, denied: 1 } }, b: { claimCount: 1, stances: { asserted: 1 } } });
  });
});

describe('timeline', () => {
  const claim = (id: string, start: string | null, end?: string) => ({ id, eventDate: start ? { start, end: end ?? start } : null });
  it('places dated claims between the earliest start and the latest end, in rows where they would overlap; undated apart', () => {
    const t = timeline([claim('a', '2015'), claim('b', '2015-01-01'), claim('c', '2019', '2020'), claim('u', null)]);
    expect(t.undated.map((i) => i.id)).toEqual(['u']);
    const at = Object.fromEntries(t.marks.map((m) => [m.item.id, m]));
    expect(at.a.x0).toBe(0);
    expect(at.c.x1).toBeCloseTo(1);
    expect(at.c.x0).toBeCloseTo(4 / 6);
    // "2015" and "2015-01-01" start together: two rows.
    expect(new Set([at.a.row, at.b.row])).toEqual(new Set([0, 1]));
    expect(t.ticks.map((k) => k.label)).toEqual(['2015', '2016', '2017', '2018', '2019', '2020', '2021']);
    expect(yearOf('2022-07')).toBeCloseTo(2022.5, 1);
    expect(timeline([claim('u', null)])).toEqual({ marks: [], undated: [{ id: 'u', eventDate: null }], ticks: [] });
  });
});

describe('files of the view', () => {
  it('writes the drawn graph as GEXF and GraphML that graphology reads back', () => {
    const view = collapseGraph(compareGraphs(chain, { ...chain, edges: [edge('x', 'sanction', 'y', 1, { stances: { denied: 1 } })] }), [], []);
    const label = (id: string) => `${id} <&>`;
    const gexf = parseGexf(Graph, viewGexf(view, label));
    expect(gexf.order).toBe(7);
    expect(gexf.size).toBe(6);
    expect(gexf.getNodeAttribute('a', 'label')).toBe('Russia');
    expect(gexf.getEdgeAttribute('x|sanction|y', 'compare')).toBe('conflict');
    const graphml = parseGraphml(Graph, viewGraphml(view, label));
    expect(graphml.size).toBe(6);
    expect(graphml.getEdgeAttribute('a|aid-weapons|b', 'label')).toBe('aid-weapons <&>');
    expect(graphml.getEdgeAttribute('a|aid-weapons|b', 'claims')).toBe(2);
    expect(graphml.getEdgeAttribute('a|aid-weapons|b', 'compare')).toBe('a');
  });
});

describe('narrowGraph', () => {
  // The backend's answer with every filter, against the view's: the answer without relation type,
  // polarity, structural and minimum-claims filters, narrowed by narrowGraph. On the sample project
  // (a real store on a temporary file, through the same dispatch as the app; loaded at run time as
  // in src/renderer/src/app/workspace.test.ts), with claims added so that a pair has a cooperative
  // and a conflictual relation, a relation has two claims, and stances differ.
  it('gives what getNetwork gives with those filters, on a real store', async () => {
    const support = '../../../../core/test-support/inprocess-api';
    const { openSampleProject } = (await import(/* @vite-ignore */ support)) as { openSampleProject(): { api: ResearchApi; remove(): void } };
    const project = openSampleProject();
    try {
      const api = project.api;
      const actors = await api.listActors({});
      const id = (name: string) => actors.find((a) => a.name === name)!.id;
      const [source] = await api.listSources({});
      const [highlight] = await api.listHighlights({ sourceId: source.id });
      const claim = (s: string, r: string, t: string, extra: Record<string, unknown> = {}) => api.createClaim({ highlightId: highlight.id, sourceActorId: id(s), relationTypeId: r, targetActorId: id(t), ...extra });
      await claim('Israel', 'cooperate', 'Hezbollah', { stance: 'alleged', eventDate: '2012' });
      await claim('Iran', 'aid-weapons', 'Hezbollah', { eventDate: '2015' });
      await claim('Iran', 'aid-weapons', 'Hezbollah', { stance: 'denied' });
      const types = await api.listRelationTypes({});
      const used = types.filter((t) => t.claimCount > 0).map((t) => t.id);
      expect(used.length).toBeGreaterThan(3);

      const narrowings: ViewFilters[] = [
        {},
        { hideStructural: true },
        { polarities: ['cooperative'] },
        { polarities: ['conflictual', 'neutral'] },
        { minClaims: 2 },
        { relationTypeIds: used.slice(0, 2) },
        { relationTypeIds: [] },
        { relationTypeIds: used.slice(1), polarities: ['conflictual', 'cooperative'], hideStructural: true, minClaims: 1 },
      ];
      const bases: NetworkFilters[] = [{}, { stances: ['asserted'] }, { dateTo: '2014' }, { dateTo: '2014', undated: false }];
      let dropped = 0;
      let conflictsCleared = 0;
      for (const base of bases) {
        const fetched = await api.getNetwork({ filters: base });
        for (const narrowing of narrowings) {
          const expected = await api.getNetwork({ filters: { ...base, ...narrowing } });
          const got = narrowGraph(fetched, narrowing);
          expect({ nodes: got.nodes, edges: got.edges, claimCount: got.claimCount }, JSON.stringify({ base, narrowing })).toEqual({
            nodes: expected.nodes,
            edges: expected.edges,
            claimCount: expected.claimCount,
          });
          dropped += fetched.edges.length - got.edges.length;
          conflictsCleared += got.edges.filter((e) => !e.polarityConflict && fetched.edges.find((f) => f.id === e.id)?.polarityConflict).length;
          // Kept positions cover every node drawn; the slider's span stays the fetched graph's.
          expect(got.dates).toEqual(fetched.dates);
          const at = new Set(got.positions.map((p) => p.actorId));
          expect(expected.positions.every((p) => at.has(p.actorId))).toBe(true);
        }
        expect(narrowGraph(fetched, {})).toBe(fetched);
      }
      // The cases mean something: edges were dropped, and a pair lost its polarity conflict.
      expect(dropped).toBeGreaterThan(20);
      expect(conflictsCleared).toBeGreaterThan(0);
    } finally {
      project.remove();
    }
  });
});

describe('the drawn graph: hidden, not removed', () => {
  // Iran and Hezbollah tied three ways (parallel curves, one of them conflictual, so the pair is in
  // polarity conflict until a filter drops one side), a structural tie, a tentative one, ties of
  // one and of several claims, an actor (Wagner) tied only structurally, and IRGC affiliated to Iran.
  const edges = [
    edge('ir', 'aid-weapons', 'hz', 3, { polarityConflict: true }),
    edge('hz', 'aid-trains', 'ir', 1, { polarityConflict: true }),
    edge('ir', 'assault-clash', 'hz', 1, { polarity: 'conflictual', polarityConflict: true }),
    edge('irgc', 'aid-trains', 'hz', 2),
    edge('il', 'strike', 'hz', 2, { polarity: 'conflictual', stances: { alleged: 2 } }),
    edge('ru', 'member-of', 'wg', 1, { polarity: 'neutral', structural: true }),
    edge('ru', 'cooperate', 'ir', 1),
    edge('hz', 'successor-of', 'ir', 1, { polarity: 'neutral', structural: true, directed: false }),
  ];
  const claimsOf = (id: string) => edges.filter((e) => e.sourceActorId === id || e.targetActorId === id).reduce((n, e) => n + e.claimCount, 0);
  const fetched: NetworkGraph = {
    nodes: [node('ir', 'Iran'), node('hz', 'Hezbollah'), { ...node('irgc', 'IRGC'), affiliationId: 'ir' }, node('il', 'Israel'), node('ru', 'Russia'), node('wg', 'Wagner Group')].map((n) => ({ ...n, claimCount: claimsOf(n.id) })),
    edges,
    positions: [],
    claimCount: edges.reduce((n, e) => n + e.claimCount, 0),
    dates: null,
  };
  const registry = fetched.nodes.map((n) => ({ id: n.id, name: n.name, kind: n.kind, aliases: n.aliases, color: n.color, affiliationId: n.affiliationId }));
  const placed = new Map<string, Placed>(fetched.nodes.map((n, i) => [n.id, { x: i * 10, y: (i % 3) * 7, kept: i % 2 === 0, pinned: i === 1 }]));

  interface Step {
    narrowing: ViewFilters;
    collapsed?: string[];
    focus?: { actorId: string; steps: number };
  }

  /** What the view draws for a step: as NetworkView.tsx builds it (narrowed, collapsed, focused). */
  function viewOf(step: Step): ViewGraph {
    return focusGraph(collapseGraph(narrowGraph(fetched, step.narrowing), step.collapsed ?? [], registry), step.focus ?? null);
  }

  /** The shown items of a drawn graph, as plain data (order aside). */
  function picture(g: DrawnGraph, shown: Shown) {
    const slots = parallelSlots(parallelGroups(g), shown);
    const nodes: Record<string, NodeAttributes> = {};
    g.forEachNode((id, a) => {
      if (shown.nodes.has(id)) nodes[id] = a;
    });
    const ties: Record<string, { source: string; target: string; look: EdgeAttributes; slot: { index: number; count: number } }> = {};
    g.forEachEdge((key, look, source, target) => {
      if (shown.edges.has(key)) ties[key] = { source, target, look, slot: slots.get(key) ?? { index: 0, count: 1 } };
    });
    const { ids, input } = layoutInput(g, shown, false);
    const layout = {
      nodes: Object.fromEntries(ids.map((id, i) => [id, [input.x[i], input.y[i], Boolean(input.fixed[i])]])),
      edges: input.edges.map(([s, t, w]) => `${ids[s]}>${ids[t]}:${w}`).sort(),
    };
    const svg = drawnSvg(g, shown, (x, y) => ({ x: x * 3, y: y * 3 }), { width: 400, height: 300 }, { background: '#fff', text: '#000', mark: '#a50' }).split('\n').sort();
    return { nodes, ties, layout, svg };
  }

  it('shows what a graph drawn afresh from the same view shows, filter after filter, and back', () => {
    const steps: Step[] = [
      { narrowing: {} },
      { narrowing: { hideStructural: true } },
      { narrowing: { polarities: ['cooperative'] } },
      { narrowing: { minClaims: 2 } },
      { narrowing: {} },
      { narrowing: { relationTypeIds: ['aid-weapons', 'aid-trains', 'assault-clash'] }, collapsed: ['ir'] },
      { narrowing: { hideStructural: true }, focus: { actorId: 'ru', steps: 1 } },
      { narrowing: { polarities: ['conflictual', 'neutral'] } },
      { narrowing: {} },
    ];
    const kept: DrawnGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
    // Edges the filters leave as they were are skipped, as in canvas.ts.
    const synced = new Map<string, { edge: ViewEdge; theme: 'light' | 'dark' }>();
    let hiddenEdges = 0;
    let lonelyCurves = 0;
    for (const step of steps) {
      const view = viewOf(step);
      const shown = shownOf(view);
      syncGraph(kept, view, shown, placed, 'light', synced);
      const fresh: DrawnGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
      syncGraph(fresh, view, shown, placed, 'light');
      const label = JSON.stringify(step);
      expect(picture(kept, shown), label).toEqual(picture(fresh, shown));
      // Everything the view does not have is in the kept graph, hidden; nothing it has is hidden.
      const hidden = hiddenBy(kept, shown);
      expect(hidden.nodes.some((id) => shown.nodes.has(id)) || hidden.edges.some((id) => shown.edges.has(id)), label).toBe(false);
      expect(kept.order - hidden.nodes.length, label).toBe(view.nodes.length);
      expect(kept.size - hidden.edges.length, label).toBe(view.edges.length);
      hiddenEdges += hidden.edges.length;
      // A pair left with one shown tie of several draws it straight, as a graph without the others does.
      lonelyCurves += parallelGroups(kept).filter((group) => group.filter((key) => shown.edges.has(key)).length === 1).length;
    }
    // The cases mean something: ties were hidden, and a pair lost its parallel curves.
    expect(hiddenEdges).toBeGreaterThan(10);
    expect(lonelyCurves).toBeGreaterThan(0);
  });

  it('keeps the look a tie has in the view: a conflict mark goes when a filter drops the other side', () => {
    const g: DrawnGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
    const all = viewOf({ narrowing: {} });
    syncGraph(g, all, shownOf(all), placed, 'light');
    expect(g.getEdgeAttribute('ir|aid-weapons|hz', 'label')).toBe('⚠');
    const cooperative = viewOf({ narrowing: { polarities: ['cooperative'] } });
    syncGraph(g, cooperative, shownOf(cooperative), placed, 'light');
    expect(g.hasEdge('ir|assault-clash|hz')).toBe(true);
    expect(g.getEdgeAttribute('ir|aid-weapons|hz', 'label')).toBeUndefined();
    // Hezbollah's size follows the claims left to it.
    const hz = (view: ViewGraph) => view.nodes.find((n) => n.id === 'hz')!.claimCount;
    expect(hz(cooperative)).toBeLessThan(hz(all));
    expect(g.getNodeAttribute('hz', 'size')).toBe(nodeSize(hz(cooperative)));
    expect(g.getNodeAttribute('hz', 'size')).toBeLessThan(nodeSize(hz(all)));
  });
});

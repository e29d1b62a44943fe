import { describe, expect, it } from 'vitest';
import type { Actor, Claim, UndoState } from '../../shared/annotations';
import type { TiePage } from '../../shared/api';
import type { NetworkEvidence, NetworkGraph } from '../../shared/network';
import type { Highlight } from '../../shared/types';
import { ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';
import { overlaps } from './network';

const temp = useTempDirs();

const ALPHA = 'Russia shipped weapons to Hezbollah in 2015. Hezbollah clashed with Israel. Iran funds Hezbollah. Russia and Israel cooperate. Iran funds it again. Hezbollah is a member of the Axis.';
const BETA = 'Moscow denied arming Hezbollah in March 2016. Israel fought Hezbollah. Israel was said to sanction Russia.';

/**
 * Two sources from two outlets, six actors: Russia→Hezbollah arms asserted in Alpha (2015) and
 * denied in Beta (March 2016); Hezbollah/Israel clash (symmetric) claimed in both directions;
 * Russia and Israel cooperate and are sanctioned (polarity conflict); Iran funds Hezbollah twice;
 * Hezbollah is a member of the Axis (structural, undated).
 */
function corpus() {
  const backend = temp.backend();
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const alpha = pasteSource(backend, ALPHA, 'Alpha report');
  const beta = pasteSource(backend, BETA, 'Beta report');
  call('updateSource', { id: alpha.id, patch: { outlet: 'Alpha Times' } });
  call('updateSource', { id: beta.id, patch: { outlet: 'Beta Post' } });
  const a = Object.fromEntries(
    ['Russia', 'Hezbollah', 'Israel', 'Iran', 'Axis'].map((name) => [name, call<Actor>('createActor', { name, aliases: name === 'Hezbollah' ? ['Hizballah'] : [] }).id]),
  ) as Record<'Russia' | 'Hezbollah' | 'Israel' | 'Iran' | 'Axis', string>;
  const hl = (source: { id: string; text: string }, sentence: number) => {
    const sentences = source.text.split(/(?<=[.?]) /);
    const start = source.text.indexOf(sentences[sentence]);
    return call<Highlight>('createHighlight', { sourceId: source.id, start, end: start + sentences[sentence].length });
  };
  const [a0, a1, a2, a3, a4, a5] = [0, 1, 2, 3, 4, 5].map((i) => hl(alpha, i));
  const [b0, b1, b2] = [0, 1, 2].map((i) => hl(beta, i));
  const claim = (h: Highlight, s: string, r: string, t: string, extra: Record<string, unknown> = {}) =>
    call<Claim>('createClaim', { highlightId: h.id, sourceActorId: s, relationTypeId: r, targetActorId: t, ...extra });
  const c = {
    armsAlpha: claim(a0, a.Russia, 'aid-weapons', a.Hezbollah, { eventDate: '2015' }),
    armsBeta: claim(b0, a.Russia, 'aid-weapons', a.Hezbollah, { stance: 'denied', eventDate: 'March 2016' }),
    clashAlpha: claim(a1, a.Hezbollah, 'assault-clash', a.Israel, { eventDate: '2006' }),
    clashBeta: claim(b1, a.Israel, 'assault-clash', a.Hezbollah, { stance: 'reported', eventDate: '2006/2008' }),
    fundsA: claim(a2, a.Iran, 'aid-funds', a.Hezbollah, { eventDate: '2020-05-01' }),
    fundsB: claim(a4, a.Iran, 'aid-funds', a.Hezbollah, { eventDate: '2019' }),
    cooperate: claim(a3, a.Russia, 'cooperate', a.Israel),
    sanction: claim(b2, a.Israel, 'sanction', a.Russia, { stance: 'alleged' }),
    member: claim(a5, a.Hezbollah, 'structure-member', a.Axis),
  };
  const network = (filters: Record<string, unknown> = {}) => call<NetworkGraph>('getNetwork', { filters });
  const evidence = (args: Record<string, unknown>) => call<NetworkEvidence[]>('getEdgeEvidence', args);
  return { backend, call, alpha, beta, a, c, network, evidence };
}

describe('getNetwork', () => {
  it('has one edge per pair and relation, with the same counts, stances and dates as the Ties panel', () => {
    const { call, network } = corpus();
    const graph = network();
    const panel = call<TiePage>('listTies', {}).pairs.flatMap((p) => p.relations);
    const key = (t: { sourceActorId: string; relationTypeId: string; targetActorId: string }) => `${t.sourceActorId}|${t.relationTypeId}|${t.targetActorId}`;
    expect(graph.edges.map((e) => e.id).sort()).toEqual(panel.map(key).sort());
    for (const tie of panel) {
      const edge = graph.edges.find((e) => e.id === key(tie));
      expect(edge).toMatchObject({ claimCount: tie.claimCount, sourceCount: tie.sourceCount, stances: tie.stances, dateFrom: tie.dateFrom, dateTo: tie.dateTo });
    }
    expect(graph.claimCount).toBe(9);
    expect(graph.dates).toEqual({ from: '2006', to: '2020-05-01' });
  });

  it('describes edges and nodes: direction, polarity, structure, conflicts, claims, degree, aliases', () => {
    const { a, network } = corpus();
    const graph = network();
    const edge = (s: string, r: string, t: string) => graph.edges.find((e) => e.relationTypeId === r && ((e.sourceActorId === s && e.targetActorId === t) || (!e.directed && e.sourceActorId === t && e.targetActorId === s)));
    expect(edge(a.Russia, 'aid-weapons', a.Hezbollah)).toMatchObject({ directed: true, polarity: 'cooperative', claimCount: 2, sourceCount: 2, stanceConflict: true, polarityConflict: false, structural: false });
    // The clash is claimed in both directions: one symmetric edge from the smaller id.
    const clash = edge(a.Hezbollah, 'assault-clash', a.Israel)!;
    expect(clash).toMatchObject({ directed: false, polarity: 'conflictual', claimCount: 2, stanceConflict: false });
    expect(clash.sourceActorId < clash.targetActorId).toBe(true);
    expect(edge(a.Russia, 'cooperate', a.Israel)).toMatchObject({ polarityConflict: true });
    expect(edge(a.Israel, 'sanction', a.Russia)).toMatchObject({ polarityConflict: true, stances: { alleged: 1 } });
    expect(edge(a.Hezbollah, 'structure-member', a.Axis)).toMatchObject({ structural: true, polarity: 'neutral' });
    // Heaviest edges first.
    expect(graph.edges.map((e) => e.claimCount)).toEqual([2, 2, 2, 1, 1, 1]);
    expect(graph.nodes.map((n) => [n.name, n.claimCount, n.degree])).toEqual([
      ['Hezbollah', 7, 4],
      ['Israel', 4, 2],
      ['Russia', 4, 2],
      ['Iran', 2, 1],
      ['Axis', 1, 1],
    ]);
    expect(graph.nodes.find((n) => n.name === 'Hezbollah')).toMatchObject({ kind: 'other', aliases: ['Hizballah'], affiliationId: null });
  });

  it('filters by relation type, polarity, structure, stance, source, outlet and minimum claims', () => {
    const { a, alpha, beta, network } = corpus();
    const types = (g: NetworkGraph) => g.edges.map((e) => e.relationTypeId).sort();
    expect(types(network({ relationTypeIds: ['aid-funds', 'sanction'] }))).toEqual(['aid-funds', 'sanction']);
    expect(types(network({ polarities: ['conflictual'] }))).toEqual(['assault-clash', 'sanction']);
    expect(types(network({ hideStructural: true }))).not.toContain('structure-member');
    expect(network({ hideStructural: true }).nodes.map((n) => n.id)).not.toContain(a.Axis);
    const denied = network({ stances: ['denied'] });
    expect(denied.edges).toMatchObject([{ relationTypeId: 'aid-weapons', claimCount: 1, stances: { denied: 1 }, stanceConflict: false, dateFrom: '2016-03' }]);
    expect(types(network({ sourceIds: [beta.id] }))).toEqual(['aid-weapons', 'assault-clash', 'sanction']);
    expect(network({ outlets: ['Alpha Times'] })).toEqual(network({ sourceIds: [alpha.id] }));
    expect(network({ outlets: ['No such outlet'] })).toMatchObject({ nodes: [], edges: [], claimCount: 0, dates: null });
    expect(types(network({ minClaims: 2 }))).toEqual(['aid-funds', 'aid-weapons', 'assault-clash']);
    // Filters combine; the polarity conflict is judged on what is left.
    expect(network({ relationTypeIds: ['cooperate'] }).edges[0].polarityConflict).toBe(false);
    expect(network({ relationTypeIds: [] })).toMatchObject({ edges: [], nodes: [] });
  });

  it('shows the network over a period: claims whose dates overlap it, undated ones by choice', () => {
    const { network, backend } = corpus();
    const types = (g: NetworkGraph) => g.edges.map((e) => `${e.relationTypeId} ${e.claimCount}`).sort();
    // 2007 falls inside the reported 2006/2008 clash only; undated claims stay by default.
    expect(types(network({ dateFrom: '2007', dateTo: '2007' }))).toEqual(['assault-clash 1', 'cooperate 1', 'sanction 1', 'structure-member 1']);
    expect(types(network({ dateFrom: '2007', dateTo: '2007', undated: false }))).toEqual(['assault-clash 1']);
    // "As of" a date: everything up to it. A year reaches to its end, a month to its end.
    expect(types(network({ dateTo: '2015-06', undated: false }))).toEqual(['aid-weapons 1', 'assault-clash 2']);
    expect(types(network({ dateFrom: '2016-03-31', undated: false }))).toEqual(['aid-funds 2', 'aid-weapons 1']);
    // The slider's domain ignores the date filter itself.
    expect(network({ dateFrom: '2019', undated: false }).dates).toEqual({ from: '2006', to: '2020-05-01' });
    expect(refused(backend.dispatch('getNetwork', { filters: { dateFrom: '2020', dateTo: '2019' } }))).toMatchObject({ code: 'invalid_argument', detail: { path: 'dateTo' } });
  });

  it('filters by analyst: the claims they authored or were recognized coding in a merge, in the graph and its evidence', () => {
    const { a, c, call, network, evidence, backend } = corpus();
    call('setAnalyst', { name: 'Dana' });
    // Omar authored two claims and coded one of Dana's too (as a merge records it).
    backend.store.write(() => {
      backend.store.sql(`UPDATE claims SET created_by = 'Omar' WHERE id IN (?, ?)`).run(c.armsBeta.id, c.sanction.id);
      backend.store.sql(`INSERT INTO claim_coders (claim_id, analyst) VALUES (?, 'Omar')`).run(c.fundsA.id);
    });
    expect(call<string[]>('listAnalysts', {})).toEqual(['Dana', 'Omar']);
    const types = (g: NetworkGraph) => g.edges.map((e) => `${e.relationTypeId} ${e.claimCount}`).sort();
    expect(types(network({ analyst: 'Omar' }))).toEqual(['aid-funds 1', 'aid-weapons 1', 'sanction 1']);
    expect(network({ analyst: 'Omar' }).claimCount).toBe(3);
    expect(network({ analyst: 'Dana' }).claimCount).toBe(7);
    expect(network({ analyst: 'Nobody' })).toMatchObject({ nodes: [], edges: [] });
    // Combined with the other filters.
    expect(types(network({ analyst: 'Omar', stances: ['denied'] }))).toEqual(['aid-weapons 1']);
    const edge = { sourceActorId: a.Russia, targetActorId: a.Hezbollah, relationTypeId: 'aid-weapons' };
    expect(evidence({ ...edge, filters: { analyst: 'Omar' } }).map((e) => e.claimId)).toEqual([c.armsBeta.id]);
    expect(evidence({ ...edge, filters: { analyst: 'Dana' } }).map((e) => e.claimId)).toEqual([c.armsAlpha.id]);
    expect(evidence({ sourceActorId: a.Iran, targetActorId: a.Hezbollah, filters: { analyst: 'Omar' } }).map((e) => e.claimId)).toEqual([c.fundsA.id]);
  });

  it('returns kept positions; saving them is no undo step; they go with their actor', () => {
    const { a, call, network, backend } = corpus();
    const before = call<UndoState>('undoState', {});
    expect(network().positions).toEqual([]);
    expect(call('saveNodePositions', { positions: [{ actorId: a.Russia, x: 100, y: -250 }, { actorId: a.Iran, x: 7, y: 8, pinned: true }] })).toEqual({ saved: 2 });
    expect(call('saveNodePositions', { positions: [{ actorId: a.Russia, x: 300, y: 400 }] })).toEqual({ saved: 1 });
    expect(call<UndoState>('undoState', {})).toEqual(before);
    const kept = network().positions;
    expect(kept).toHaveLength(2);
    expect(kept).toContainEqual({ actorId: a.Russia, x: 300, y: 400, pinned: false });
    expect(kept).toContainEqual({ actorId: a.Iran, x: 7, y: 8, pinned: true });
    // Only the positions of the nodes shown.
    expect(network({ relationTypeIds: ['cooperate'] }).positions).toEqual([{ actorId: a.Russia, x: 300, y: 400, pinned: false }]);
    call('deleteActor', { id: a.Iran, force: true });
    expect(backend.store.sql('SELECT count(*) FROM network_positions').pluck().get()).toBe(1);
    expect(refused(backend.dispatch('saveNodePositions', { positions: [{ actorId: a.Russia, x: 1.5, y: 0 }] }))).toMatchObject({ code: 'invalid_argument' });
  });
});

describe('getEdgeEvidence', () => {
  it('lists the passages of every relation between two actors, either direction, heaviest relation first', () => {
    const { a, c, evidence } = corpus();
    const list = evidence({ sourceActorId: a.Israel, targetActorId: a.Russia });
    expect(list.map((e) => [e.claimId, e.relationTypeId, e.stance])).toEqual([
      [c.cooperate.id, 'cooperate', 'asserted'],
      [c.sanction.id, 'sanction', 'alleged'],
    ]);
    expect(list[0]).toMatchObject({ sourceTitle: 'Alpha report', exact: 'Russia and Israel cooperate.' });
    // "cooperates with" is symmetric: its edge runs from the smaller id.
    expect([list[0].sourceActorId, list[0].targetActorId]).toEqual([a.Russia, a.Israel].sort());
    expect(list[1]).toMatchObject({ sourceActorId: a.Israel, targetActorId: a.Russia });
  });

  it('lists one edge under the graph filters, as the Ties panel does', () => {
    const { a, c, beta, evidence, call } = corpus();
    const edge = { sourceActorId: a.Russia, targetActorId: a.Hezbollah, relationTypeId: 'aid-weapons' };
    const panel = call<NetworkEvidence[]>('listTieEvidence', edge);
    expect(evidence(edge).map((e) => e.claimId)).toEqual(panel.map((e) => e.claimId));
    expect(evidence({ ...edge, filters: { sourceIds: [beta.id] } }).map((e) => e.claimId)).toEqual([c.armsBeta.id]);
    expect(evidence({ ...edge, filters: { outlets: ['Alpha Times'] } }).map((e) => e.claimId)).toEqual([c.armsAlpha.id]);
    expect(evidence({ ...edge, filters: { dateTo: '2015' } }).map((e) => e.claimId)).toEqual([c.armsAlpha.id]);
    expect(evidence({ ...edge, filters: { stances: ['denied'] } }).map((e) => e.eventDate?.text)).toEqual(['March 2016']);
    expect(evidence({ ...edge, filters: { polarities: ['conflictual'] } })).toEqual([]);
    // A symmetric edge's evidence holds both directions.
    expect(evidence({ sourceActorId: a.Israel, targetActorId: a.Hezbollah, relationTypeId: 'assault-clash' }).map((e) => e.claimId).sort()).toEqual([c.clashAlpha.id, c.clashBeta.id].sort());
  });

  it('refuses unknown actors and relation types', () => {
    const { a, backend } = corpus();
    expect(refused(backend.dispatch('getEdgeEvidence', { sourceActorId: a.Russia, targetActorId: 'gone' }))).toMatchObject({ code: 'not_found' });
    expect(refused(backend.dispatch('getEdgeEvidence', { sourceActorId: a.Russia, targetActorId: a.Iran, relationTypeId: 'gone' }))).toMatchObject({ code: 'not_found' });
  });
});

describe('overlaps', () => {
  it('compares partial dates of any precision, upper bounds reaching to the end of their period', () => {
    expect(overlaps('2022', '2022', '2022-06', '2022-06')).toBe(true);
    expect(overlaps('2022-03', '2022-03', '2022', undefined)).toBe(true);
    expect(overlaps('2022-03', '2022-03', undefined, '2022-02-28')).toBe(false);
    expect(overlaps('2021', '2023', '2022-01-01', '2022-01-01')).toBe(true);
    expect(overlaps('2021', '2021', '2022', undefined)).toBe(false);
    expect(overlaps('2021-12-31', '2021-12-31', '2021-12', '2021-12')).toBe(true);
  });
});

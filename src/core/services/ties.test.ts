import { describe, expect, it } from 'vitest';
import type { Actor, Claim, TieEvidence, TieRelation } from '../../shared/annotations';
import type { Highlight } from '../../shared/types';
import { join } from 'node:path';
import type { ListTiesArgs, SourceAnnotations, TiePage } from '../../shared/api';
import { ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';
import { listTies } from './ties';

const temp = useTempDirs();

const ALPHA = 'Russia shipped weapons to Hezbollah in 2015. Hezbollah clashed with Israel. Iran funds Hezbollah. Russia and Israel cooperate. Iran funds it again.';
const BETA = 'Moscow denied arming Hezbollah in March 2016. Israel fought Hezbollah. Israel was said to sanction Russia. Hezbollah armed Russia?';

/**
 * Two sources, five actors. Russia→Hezbollah "supplies weapons to" is asserted in Alpha and
 * denied in Beta (stance conflict); Hezbollah/Israel "clashes with" (symmetric) is claimed in
 * both directions; Russia and Israel cooperate and are sanctioned (polarity conflict); Iran funds
 * Hezbollah twice in one source; and Hezbollah→Russia arms is a separate directed tie.
 */
function corpus() {
  const backend = temp.backend();
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const alpha = pasteSource(backend, ALPHA, 'Alpha report');
  const beta = pasteSource(backend, BETA, 'Beta report');
  const a = Object.fromEntries(
    ['Russia', 'Hezbollah', 'Israel', 'Iran', 'Syria'].map((name) => [name, call<Actor>('createActor', { name }).id]),
  ) as Record<'Russia' | 'Hezbollah' | 'Israel' | 'Iran' | 'Syria', string>;
  const hl = (source: { id: string; text: string }, sentence: number) => {
    const sentences = source.text.split(/(?<=[.?]) /);
    const start = source.text.indexOf(sentences[sentence]);
    return call<Highlight>('createHighlight', { sourceId: source.id, start, end: start + sentences[sentence].length });
  };
  const [a0, a1, a2, a3, a4] = [0, 1, 2, 3, 4].map((i) => hl(alpha, i));
  const [b0, b1, b2, b3] = [0, 1, 2, 3].map((i) => hl(beta, i));
  const claim = (h: Highlight, s: string, r: string, t: string, extra: Record<string, unknown> = {}) =>
    call<Claim>('createClaim', { highlightId: h.id, sourceActorId: s, relationTypeId: r, targetActorId: t, ...extra });
  const c = {
    armsAlpha: claim(a0, a.Russia, 'aid-weapons', a.Hezbollah, { eventDate: '2015' }),
    armsBeta: claim(b0, a.Russia, 'aid-weapons', a.Hezbollah, { stance: 'denied', eventDate: 'March 2016' }),
    clashAlpha: claim(a1, a.Hezbollah, 'assault-clash', a.Israel),
    clashBeta: claim(b1, a.Israel, 'assault-clash', a.Hezbollah, { stance: 'reported', eventDate: '2006/2008' }),
    fundsA: claim(a2, a.Iran, 'aid-funds', a.Hezbollah, { eventDate: '2020-05-01' }),
    fundsB: claim(a4, a.Iran, 'aid-funds', a.Hezbollah, { eventDate: '2019' }),
    cooperate: claim(a3, a.Russia, 'cooperate', a.Israel),
    sanction: claim(b2, a.Israel, 'sanction', a.Russia, { stance: 'alleged' }),
    reverseArms: claim(b3, a.Hezbollah, 'aid-weapons', a.Russia, { stance: 'speculative' }),
  };
  const page = (args: Record<string, unknown> = {}) => call<TiePage>('listTies', args);
  const ties = (filters: Record<string, unknown> = {}) => page(filters).pairs;
  const evidence = (args: Record<string, unknown>) => call<TieEvidence[]>('listTieEvidence', args);
  return { backend, call, alpha, beta, a, c, page, ties, evidence };
}

const lo = (x: string, y: string) => (x < y ? x : y);
const hi = (x: string, y: string) => (x < y ? y : x);

describe('listTies', () => {
  it('aggregates claims into ties and groups them by pair, with counts, stances, dates and conflict flags', () => {
    const { a, ties } = corpus();
    const pairs = ties();
    expect(pairs.map((p) => p.actorIds)).toEqual([
      [a.Hezbollah, a.Russia],
      [a.Hezbollah, a.Iran],
      [a.Hezbollah, a.Israel],
      [a.Israel, a.Russia],
    ]);
    const [rh, hn, hi_, ir] = pairs;
    expect(rh).toEqual({
      actorIds: [a.Hezbollah, a.Russia],
      claimCount: 3,
      polarityConflict: false,
      stanceConflict: true,
      relations: [
        { sourceActorId: a.Russia, relationTypeId: 'aid-weapons', targetActorId: a.Hezbollah, claimCount: 2, sourceCount: 2, stances: { asserted: 1, denied: 1 }, dateFrom: '2015', dateTo: '2016-03' },
        { sourceActorId: a.Hezbollah, relationTypeId: 'aid-weapons', targetActorId: a.Russia, claimCount: 1, sourceCount: 1, stances: { speculative: 1 }, dateFrom: null, dateTo: null },
      ],
    });
    expect(hn).toMatchObject({ claimCount: 2, polarityConflict: false, stanceConflict: false });
    expect(hn.relations).toEqual([
      { sourceActorId: a.Iran, relationTypeId: 'aid-funds', targetActorId: a.Hezbollah, claimCount: 2, sourceCount: 1, stances: { asserted: 2 }, dateFrom: '2019', dateTo: '2020-05-01' },
    ]);
    // Symmetric: both directions are one tie, reported with the smaller id as source.
    expect(hi_.relations).toEqual([
      { sourceActorId: lo(a.Hezbollah, a.Israel), relationTypeId: 'assault-clash', targetActorId: hi(a.Hezbollah, a.Israel), claimCount: 2, sourceCount: 2, stances: { asserted: 1, reported: 1 }, dateFrom: '2006', dateTo: '2008' },
    ]);
    expect(hi_.stanceConflict).toBe(false);
    expect(ir).toMatchObject({ claimCount: 2, polarityConflict: true, stanceConflict: false });
    expect(ir.relations.map((r) => r.relationTypeId)).toEqual(['cooperate', 'sanction']);
  });

  it('scopes to one source and filters by actor, relation type, polarity and stance', () => {
    const { a, beta, ties, backend } = corpus();
    const inBeta = ties({ sourceId: beta.id });
    expect(inBeta.map((p) => [p.actorIds, p.claimCount])).toEqual([
      [[a.Hezbollah, a.Russia], 2],
      [[a.Hezbollah, a.Israel], 1],
      [[a.Israel, a.Russia], 1],
    ]);
    expect(inBeta[0].stanceConflict).toBe(false); // only the denial is in Beta
    expect(inBeta[0].relations.find((r) => r.sourceActorId === a.Russia)).toMatchObject({ claimCount: 1, stances: { denied: 1 }, dateFrom: '2016-03', dateTo: '2016-03' });

    expect(ties({ actorIds: [a.Iran] }).map((p) => p.actorIds)).toEqual([[a.Hezbollah, a.Iran]]);
    expect(ties({ actorIds: [a.Iran, a.Israel] }).map((p) => p.actorIds)).toEqual([
      [a.Hezbollah, a.Iran],
      [a.Hezbollah, a.Israel],
      [a.Israel, a.Russia],
    ]);
    expect(ties({ actorIds: [a.Syria] })).toEqual([]);
    expect(ties({ relationTypeIds: ['assault-clash'] }).map((p) => p.actorIds)).toEqual([[a.Hezbollah, a.Israel]]);
    const conflictual = ties({ polarities: ['conflictual'] });
    expect(conflictual.map((p) => p.actorIds)).toEqual([
      [a.Hezbollah, a.Israel],
      [a.Israel, a.Russia],
    ]);
    expect(conflictual[1].polarityConflict).toBe(false);
    expect(ties({ polarities: ['cooperative'], relationTypeIds: ['aid-funds', 'assault-clash'] }).map((p) => p.actorIds)).toEqual([[a.Hezbollah, a.Iran]]);
    const denied = ties({ stances: ['denied'] });
    expect(denied).toEqual([
      {
        actorIds: [a.Hezbollah, a.Russia],
        claimCount: 1,
        polarityConflict: false,
        stanceConflict: false,
        relations: [{ sourceActorId: a.Russia, relationTypeId: 'aid-weapons', targetActorId: a.Hezbollah, claimCount: 1, sourceCount: 1, stances: { denied: 1 }, dateFrom: '2016-03', dateTo: '2016-03' }],
      },
    ]);
    expect(refused(backend.dispatch('listTies', { sourceId: 'missing' })).code).toBe('not_found');
  });

  it('counts the distinct sources of a symmetric tie over both directions', () => {
    const { a, call, c, ties, alpha } = corpus();
    // Alpha now claims the clash from Israel's side too: three claims, still two sources.
    call('createClaim', { highlightId: c.cooperate.highlightId, sourceActorId: a.Israel, relationTypeId: 'assault-clash', targetActorId: a.Hezbollah });
    const clash = ties().flatMap((p) => p.relations).find((r) => r.relationTypeId === 'assault-clash');
    expect(clash).toMatchObject({ claimCount: 3, sourceCount: 2, stances: { asserted: 2, reported: 1 } });
    const inAlpha = ties({ sourceId: alpha.id }).flatMap((p) => p.relations).find((r) => r.relationTypeId === 'assault-clash');
    expect(inAlpha).toMatchObject({ claimCount: 2, sourceCount: 1 });
    expect(ties({ stances: ['reported'] }).flatMap((p) => p.relations).find((r) => r.relationTypeId === 'assault-clash')).toMatchObject({ claimCount: 1, sourceCount: 1 });
  });

  it('follows edits: a deleted claim, a merge and an undo show at once', () => {
    const { a, c, call, ties } = corpus();
    call('deleteClaim', { id: c.armsBeta.id });
    expect(ties()[0].stanceConflict).toBe(false);
    call('undo', {});
    expect(ties()[0].stanceConflict).toBe(true);
    call('mergeActors', { survivorId: a.Russia, mergedIds: [a.Iran] });
    const rh = ties().find((p) => p.actorIds.includes(a.Russia) && p.actorIds.includes(a.Hezbollah))!;
    expect(rh.claimCount).toBe(5);
    expect(rh.relations.map((r) => r.relationTypeId)).toEqual(['aid-weapons', 'aid-funds', 'aid-weapons']);
  });

  it('reads pages from the summaries and indexes, never scanning the claims', () => {
    const { backend, beta, a } = corpus();
    const { store } = backend;
    const db = store.db;
    // Record the statements listTies prepares, then ask SQLite how it runs each.
    const seen = new Set<string>();
    const sql = store.sql.bind(store);
    store.sql = (text: string) => {
      seen.add(text);
      return sql(text);
    };
    const plans = (args: ListTiesArgs) => {
      seen.clear();
      listTies(store, args);
      return [...seen]
        .filter((text) => /\b(claims|tie_totals|pair_totals)\b/.test(text))
        .map((text) => {
          const explain = db.prepare(`EXPLAIN QUERY PLAN ${text}`);
          const named = Object.fromEntries([...text.matchAll(/@(\w+)/g)].map((m) => [m[1], null]));
          for (let n = 0; ; n++) {
            try {
              const params = Object.keys(named).length ? [named] : Array<null>(n).fill(null);
              return (explain.all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
            } catch (error) {
              if (n > 8 || !/parameter/i.test(String(error))) throw error;
            }
          }
        })
        .join('\n');
    };
    const corpusPlans = plans({});
    expect(corpusPlans).toContain('SEARCH pair_totals USING COVERING INDEX pair_totals_by_count (claim_count>? AND claim_count<?)');
    expect(corpusPlans).toContain('SEARCH t USING COVERING INDEX tie_totals_by_actors (source_actor_id=? AND target_actor_id=?)');
    expect(corpusPlans).not.toMatch(/SCAN (claims|c|t|tie_totals)\b/);
    expect(plans({ offset: 2 })).toContain('SEARCH pair_totals USING COVERING INDEX pair_totals_by_count (claim_count>?)');
    expect(plans({ actorIds: [a.Iran] })).not.toMatch(/SCAN (claims|c|t|tie_totals|pair_totals)\b/);
    // Relation types: a few through their index, many over the covering index (no table rows).
    expect(plans({ relationTypeIds: ['assault-clash'] })).toContain('SEARCH tie_totals USING INDEX tie_totals_by_relation_type (relation_type_id=?)');
    expect(plans({ polarities: ['cooperative', 'neutral'] })).toContain('SCAN tie_totals USING COVERING INDEX tie_totals_by_actors');
    // Stances: the page's claims are ranges of claims_by_tie.
    expect(plans({ stances: ['denied'] })).toContain('SEARCH c USING COVERING INDEX claims_by_tie (source_actor_id=? AND target_actor_id=?)');
    expect(plans({ sourceId: beta.id })).toContain('SEARCH c USING COVERING INDEX claims_by_source (source_id=?)');
    expect(plans({ sourceId: beta.id, actorIds: [a.Iran] })).toMatch(/claims_by_source \(source_id=\?\)/);
  });
});

describe('listTieEvidence', () => {
  it('lists the claims of one tie by source title and position, both directions for symmetric types', () => {
    const { a, c, alpha, beta, evidence } = corpus();
    const arms = evidence({ sourceActorId: a.Russia, relationTypeId: 'aid-weapons', targetActorId: a.Hezbollah });
    expect(arms).toEqual([
      {
        claimId: c.armsAlpha.id,
        highlightId: c.armsAlpha.highlightId,
        sourceId: alpha.id,
        sourceTitle: 'Alpha report',
        exact: 'Russia shipped weapons to Hezbollah in 2015.',
        stance: 'asserted',
        attributedActorId: null,
        attributedText: '',
        confidence: 'medium',
        eventDate: { text: '2015', start: '2015', end: '2015' },
      },
      expect.objectContaining({ claimId: c.armsBeta.id, sourceId: beta.id, sourceTitle: 'Beta report', stance: 'denied', exact: 'Moscow denied arming Hezbollah in March 2016.' }),
    ]);
    // Directed: the reverse tie is its own.
    expect(evidence({ sourceActorId: a.Hezbollah, relationTypeId: 'aid-weapons', targetActorId: a.Russia }).map((e) => e.claimId)).toEqual([c.reverseArms.id]);
    // Symmetric: either order finds both claims.
    for (const [s, t] of [[a.Hezbollah, a.Israel], [a.Israel, a.Hezbollah]]) {
      expect(evidence({ sourceActorId: s, relationTypeId: 'assault-clash', targetActorId: t }).map((e) => e.claimId)).toEqual([c.clashAlpha.id, c.clashBeta.id]);
    }
    expect(evidence({ sourceActorId: a.Iran, relationTypeId: 'aid-funds', targetActorId: a.Hezbollah }).map((e) => e.claimId)).toEqual([c.fundsA.id, c.fundsB.id]);
    expect(evidence({ sourceActorId: a.Russia, relationTypeId: 'aid-weapons', targetActorId: a.Hezbollah, sourceId: beta.id }).map((e) => e.claimId)).toEqual([c.armsBeta.id]);
    expect(evidence({ sourceActorId: a.Russia, relationTypeId: 'aid-weapons', targetActorId: a.Hezbollah, stances: ['asserted', 'reported'] }).map((e) => e.claimId)).toEqual([c.armsAlpha.id]);
    expect(evidence({ sourceActorId: a.Syria, relationTypeId: 'aid-weapons', targetActorId: a.Hezbollah })).toEqual([]);
  });

  it('refuses an unknown relation type', () => {
    const { a, backend } = corpus();
    expect(refused(backend.dispatch('listTieEvidence', { sourceActorId: a.Russia, relationTypeId: 'missing', targetActorId: a.Iran })).code).toBe('not_found');
  });
});

describe('the sample project', () => {
  it('opens with actors, tags and ties on the sample highlights', () => {
    const backend = temp.backend({ samplesDir: join(process.cwd(), 'resources', 'samples') });
    const actors = ok<Actor[]>(backend.dispatch('listActors', {}));
    const byName = new Map(actors.map((x) => [x.name, x]));
    expect(byName.get('Hezbollah')?.aliases).toEqual(['Hizballah', 'Hizbullah', 'حزب الله']);
    expect(byName.get('IRGC')?.affiliationId).toBe(byName.get('Iran')?.id);
    const { pairs, total } = ok<TiePage>(backend.dispatch('listTies', {}));
    expect(pairs.length).toBe(6);
    expect(total).toBe(6);
    const name = (id: string) => actors.find((x) => x.id === id)?.name;
    // A symmetric tie is reported from the actor with the smaller id: compare its ends unordered.
    const describeTie = (r: TieRelation) => {
      const ends = [name(r.sourceActorId), name(r.targetActorId)];
      if (r.relationTypeId === 'cooperate-military') ends.sort();
      return `${ends[0]} ${r.relationTypeId} ${ends[1]}`;
    };
    expect(pairs.flatMap((p) => p.relations.map(describeTie)).sort()).toEqual([
      'Africa Corps structure-successor Wagner Group',
      'IRGC cooperate-military Russia',
      'Iran aid-funds Hamas',
      'Iran aid-weapons Houthis',
      'Israel assault-strike Hezbollah',
      'Russia aid-trains Liwa’ al-Quds',
    ]);
    // Every claim's actors are tagged on its passage; nothing is undoable in a fresh project.
    for (const source of ok<Array<{ id: string }>>(backend.dispatch('listSources', {}))) {
      const { tags, claims } = ok<SourceAnnotations>(backend.dispatch('listAnnotations', { sourceId: source.id }));
      for (const c of claims) {
        expect(tags).toContainEqual({ highlightId: c.highlightId, actorId: c.sourceActorId });
        expect(tags).toContainEqual({ highlightId: c.highlightId, actorId: c.targetActorId });
      }
    }
    expect(ok<{ canUndo: boolean }>(backend.dispatch('undoState', {})).canUndo).toBe(false);
    // The Markdown export lists the seeded ties.
    const { content } = ok<{ content: string }>(backend.dispatch('exportMarkdown', {}));
    expect(content).toContain('Iran → **funds** → Hamas');
  });
});

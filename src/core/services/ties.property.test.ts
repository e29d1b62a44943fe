import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ListTiesArgs, TiePage } from '../../shared/api';
import { POLARITIES, STANCES, type Actor, type Polarity, type Stance, type TiePair, type TieRelation } from '../../shared/annotations';
import type { ErrorCode } from '../../shared/errors';
import type { Highlight, Source } from '../../shared/types';
import { Backend } from '../backend';
import { laterEnd } from '../text/dates';
import { ok, pasteSource, refused, useTempDirs, settled } from '../test-support/fixtures';
import { compareNames } from './actors';

/**
 * The tie summaries (pair_totals, tie_totals; migration 2's triggers) against a from-scratch
 * aggregation of the claims written here in plain JavaScript, after random sequences of edits:
 * claims created, edited and deleted, actors merged and deleted, highlights and sources deleted,
 * relation types turned symmetric or directed, undo and redo. Then every page of listTies,
 * under random filters and page sizes, against the same reference.
 */

const temp = useTempDirs();

const TEXTS = [
  'Russia supplied weapons to Hezbollah through Syria, according to Israeli officials, while Iran funded the Houthis and Hamas.',
  'Moscow denied arming Hezbollah in March 2016. Israel fought Hezbollah. Israel was said to sanction Russia.',
  'Iran funds Hezbollah. The Houthis attacked ships. Hamas and Iran cooperate, reportedly, since early 2020.',
];
const NAMES = ['Russia', 'Hezbollah', 'Iran', 'Syria', 'Israel', 'Hamas', 'Houthis', 'Wagner Group', 'NDF', 'حزب الله', 'Émile', 'emile 2'];
const DATES = ['', '', '2022', 'March 2022', '2021/2023', 'early 2020', '14 March 2022', '2019-05', '2016'];

// ---- The reference

interface ClaimRow {
  rowid: number;
  source_id: string;
  s: string;
  t: string;
  r: string;
  stance: Stance;
  start: string;
  end: string;
}

function claimRows(db: Database.Database): ClaimRow[] {
  return db
    .prepare(
      `SELECT rowid, source_id, source_actor_id AS s, target_actor_id AS t, relation_type_id AS r, stance,
         event_date_start AS start, event_date_end AS "end" FROM claims ORDER BY rowid`,
    )
    .all() as ClaimRow[];
}

function typeInfo(db: Database.Database): Map<string, { directed: boolean; polarity: Polarity; position: number }> {
  const rows = db.prepare('SELECT id, directed, polarity, position FROM relation_types').all() as Array<{ id: string; directed: number; polarity: Polarity; position: number }>;
  return new Map(rows.map((r) => [r.id, { directed: r.directed === 1, polarity: r.polarity, position: r.position }]));
}

/** Rows of tie_totals and pair_totals as they must be, computed from the claims alone. */
function expectedSummaries(db: Database.Database) {
  const types = typeInfo(db);
  const ties = new Map<string, { first: number; s: string; t: string; r: string; n: number; sources: Set<string>; stances: number[]; from: string | null; to: string | null }>();
  const pairs = new Map<string, { first: number; a: string; b: string; n: number }>();
  for (const c of claimRows(db)) {
    const swap = types.get(c.r)?.directed === false && c.t < c.s;
    const s = swap ? c.t : c.s;
    const t = swap ? c.s : c.t;
    const key = `${s}|${t}|${c.r}`;
    let tie = ties.get(key);
    if (!tie) ties.set(key, (tie = { first: c.rowid, s, t, r: c.r, n: 0, sources: new Set(), stances: STANCES.map(() => 0), from: null, to: null }));
    tie.first = Math.min(tie.first, c.rowid);
    tie.n++;
    tie.sources.add(c.source_id);
    tie.stances[STANCES.indexOf(c.stance)]++;
    if (c.start && (tie.from === null || c.start < tie.from)) tie.from = c.start;
    if (c.end) tie.to = tie.to === null ? c.end : laterEnd(tie.to, c.end);
    const [a, b] = c.s <= c.t ? [c.s, c.t] : [c.t, c.s];
    const pair = pairs.get(`${a}|${b}`) ?? { first: c.rowid, a, b, n: 0 };
    pair.first = Math.min(pair.first, c.rowid);
    pair.n++;
    pairs.set(`${a}|${b}`, pair);
  }
  const claimCount = [...pairs.values()].reduce((n, p) => n + p.n, 0);
  return {
    corpus: [[1, pairs.size, claimCount]],
    ties: [...ties.values()]
      .map((x) => [x.first, x.s, x.t, x.r, x.n, x.sources.size, ...x.stances, x.from, x.to === null ? null : `${x.to}~`])
      .sort((x, y) => (x[0] as number) - (y[0] as number)),
    pairs: [...pairs.values()].map((x) => [x.first, x.a, x.b, x.n]).sort((x, y) => (x[0] as number) - (y[0] as number)),
  };
}

function storedSummaries(db: Database.Database) {
  return {
    corpus: db.prepare('SELECT id, pair_count, claim_count FROM tie_corpus').raw().all(),
    ties: db
      .prepare(
        `SELECT first_claim, source_actor_id, target_actor_id, relation_type_id, claim_count, source_count, ${STANCES.join(', ')}, date_from, date_to
         FROM tie_totals ORDER BY first_claim`,
      )
      .raw()
      .all(),
    pairs: db.prepare('SELECT first_claim, actor_a, actor_b, claim_count FROM pair_totals ORDER BY first_claim').raw().all(),
  };
}

/** Every pair listTies must return for `filters`, in its order, computed from the claims alone. */
function expectedPairs(db: Database.Database, filters: ListTiesArgs): { pairs: TiePair[]; claimCount: number } {
  const types = typeInfo(db);
  const actors = (db.prepare('SELECT id, name FROM actors').all() as Array<{ id: string; name: string }>).sort((a, b) => compareNames(a.name, b.name) || (a.id < b.id ? -1 : 1));
  const rank = new Map(actors.map((a, i) => [a.id, i]));
  const claims = claimRows(db).filter(
    (c) =>
      (!filters.sourceId || c.source_id === filters.sourceId) &&
      (!filters.actorIds || filters.actorIds.includes(c.s) || filters.actorIds.includes(c.t)) &&
      (!filters.relationTypeIds || filters.relationTypeIds.includes(c.r)) &&
      (!filters.polarities || filters.polarities.includes(types.get(c.r)!.polarity)) &&
      (!filters.stances || filters.stances.includes(c.stance)),
  );
  const ties = new Map<string, TieRelation & { sources: Set<string> }>();
  for (const c of claims) {
    const swap = types.get(c.r)?.directed === false && c.t < c.s;
    const s = swap ? c.t : c.s;
    const t = swap ? c.s : c.t;
    const key = `${s}|${c.r}|${t}`;
    let tie = ties.get(key);
    if (!tie) ties.set(key, (tie = { sourceActorId: s, relationTypeId: c.r, targetActorId: t, claimCount: 0, sourceCount: 0, stances: {}, dateFrom: null, dateTo: null, sources: new Set() }));
    tie.claimCount++;
    tie.sources.add(c.source_id);
    tie.stances[c.stance] = (tie.stances[c.stance] ?? 0) + 1;
    if (c.start && (tie.dateFrom === null || c.start < tie.dateFrom)) tie.dateFrom = c.start;
    if (c.end) tie.dateTo = tie.dateTo === null ? c.end : laterEnd(tie.dateTo, c.end);
  }
  const pairs = new Map<string, TiePair>();
  for (const { sources, ...tie } of ties.values()) {
    tie.sourceCount = sources.size;
    const [a, b] = rank.get(tie.sourceActorId)! <= rank.get(tie.targetActorId)! ? [tie.sourceActorId, tie.targetActorId] : [tie.targetActorId, tie.sourceActorId];
    let pair = pairs.get(`${a}|${b}`);
    if (!pair) pairs.set(`${a}|${b}`, (pair = { actorIds: [a, b], relations: [], claimCount: 0, polarityConflict: false, stanceConflict: false }));
    pair.relations.push(tie);
    pair.claimCount += tie.claimCount;
  }
  for (const pair of pairs.values()) {
    const polarities = new Set(pair.relations.map((r) => types.get(r.relationTypeId)!.polarity));
    pair.polarityConflict = polarities.has('cooperative') && polarities.has('conflictual');
    pair.stanceConflict = pair.relations.some((r) => (r.stances.denied ?? 0) > 0 && (r.stances.asserted ?? 0) + (r.stances.reported ?? 0) + (r.stances.alleged ?? 0) > 0);
    pair.relations.sort(
      (x, y) =>
        y.claimCount - x.claimCount ||
        types.get(x.relationTypeId)!.position - types.get(y.relationTypeId)!.position ||
        (x.relationTypeId < y.relationTypeId ? -1 : x.relationTypeId > y.relationTypeId ? 1 : 0) ||
        rank.get(x.sourceActorId)! - rank.get(y.sourceActorId)!,
    );
  }
  const ordered = [...pairs.values()].sort(
    (x, y) => y.claimCount - x.claimCount || rank.get(x.actorIds[0])! - rank.get(y.actorIds[0])! || rank.get(x.actorIds[1])! - rank.get(y.actorIds[1])!,
  );
  return { pairs: ordered, claimCount: claims.length };
}

// ---- Random edits

type Op = { kind: string; picks: number[]; flag: boolean; date: string };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom(
    ...['createClaim', 'createClaim', 'createClaim', 'createClaim', 'updateClaim', 'updateClaim', 'deleteClaim', 'mergeActors', 'deleteActor',
      'createActor', 'toggleDirected', 'toggleDirected', 'createRelationType', 'createHighlight', 'deleteHighlight', 'deleteSource', 'undo', 'undo', 'redo'],
  ),
  picks: fc.array(fc.nat({ max: 1000 }), { minLength: 6, maxLength: 6 }),
  flag: fc.boolean(),
  date: fc.constantFrom(...DATES),
});

const EXPECTED_REFUSALS: ErrorCode[] = ['invalid_argument', 'not_found', 'duplicate', 'in_use'];

function ids(db: Database.Database, sql: string): string[] {
  return db.prepare(sql).pluck().all() as string[];
}

/** Few types, so that claims share ties: directed and symmetric, of each polarity, and any made here. */
const PRESET_TYPES = ['aid-weapons', 'assault-clash', 'cooperate', 'sanction', 'consult-meet'];
const typesInPlay = (db: Database.Database) => [...PRESET_TYPES, ...ids(db, 'SELECT id FROM relation_types WHERE length(id) = 36 ORDER BY rowid')];

function run(backend: Backend, op: Op): void {
  const db = backend.store.db;
  const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[op.picks[i] % list.length] : undefined);
  const actors = ids(db, 'SELECT id FROM actors ORDER BY rowid');
  const highlights = ids(db, 'SELECT id FROM highlights ORDER BY rowid');
  const claims = ids(db, 'SELECT id FROM claims ORDER BY rowid');
  const usedTypes = typesInPlay(db);
  const a = pick(actors, 1) ?? 'none';
  const b = pick(actors, 2) ?? 'none';
  let method = op.kind;
  let args: Record<string, unknown>;
  switch (op.kind) {
    case 'createClaim':
      args = { highlightId: pick(highlights, 0) ?? 'none', sourceActorId: a, targetActorId: b, relationTypeId: pick(usedTypes, 3), stance: pick(STANCES, 4), eventDate: op.date };
      break;
    case 'updateClaim':
      args = {
        id: pick(claims, 0) ?? 'none',
        patch: op.flag
          ? { stance: pick(STANCES, 4), eventDate: op.date }
          : { ...(op.picks[5] % 2 ? { sourceActorId: a } : { targetActorId: b }), relationTypeId: pick(usedTypes, 3), note: 'edited' },
      };
      break;
    case 'deleteClaim':
      args = { id: pick(claims, 0) ?? 'none' };
      break;
    case 'mergeActors':
      args = { survivorId: a, mergedIds: [b] };
      break;
    case 'deleteActor':
      args = { id: a, force: true };
      break;
    case 'createActor':
      args = { name: `${pick(NAMES, 3)} ${op.picks[4]}` };
      break;
    case 'toggleDirected': {
      const id = pick(usedTypes, 3)!;
      const directed = db.prepare('SELECT directed FROM relation_types WHERE id = ?').pluck().get(id) === 1;
      method = 'updateRelationType';
      args = { id, patch: { directed: !directed } };
      break;
    }
    case 'createRelationType':
      args = { label: `type ${op.picks[3]}`, directed: op.flag, polarity: pick(POLARITIES, 4) };
      break;
    case 'createHighlight': {
      const sources = ids(db, 'SELECT id FROM sources ORDER BY rowid');
      if (!sources.length) return;
      const start = op.picks[1] % 40;
      args = { sourceId: pick(sources, 0), start, end: start + 1 + (op.picks[2] % 30) };
      break;
    }
    case 'deleteHighlight':
      args = { id: pick(highlights, 0) ?? 'none' };
      break;
    case 'deleteSource':
      // Rare: it clears the undo history, and the sources do not come back.
      if (op.picks[5] % 4 !== 0) return;
      args = { id: pick(ids(db, 'SELECT id FROM sources ORDER BY rowid'), 0) ?? 'none' };
      break;
    default:
      args = {};
  }
  const result = settled(backend.dispatch(method, args));
  if (!result.ok) expect(EXPECTED_REFUSALS, `${method} ${JSON.stringify(args)}: ${result.error.message}`).toContain(result.error.code);
}

const filtersArb = fc.record(
  {
    source: fc.nat({ max: 3 }),
    actors: fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 3 }),
    types: fc.array(fc.nat({ max: 8 }), { minLength: 1, maxLength: 3 }),
    polarities: fc.subarray([...POLARITIES], { minLength: 1 }),
    stances: fc.subarray([...STANCES], { minLength: 1 }),
  },
  { requiredKeys: [] },
);

describe('tie summaries and pages, as a property', () => {
  let template: string;

  beforeAll(() => {
    const dir = temp.make('tiemark-ties-template-');
    template = join(dir, 'Template.tiemark');
    const backend = Backend.open({ file: template, backupDir: join(dir, 'backups'), create: true });
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    const sources = TEXTS.map((t, i) => pasteSource(backend, t, `Source ${i}`));
    const actors = NAMES.slice(0, 7).map((name) => call<Actor>('createActor', { name }).id);
    const types = PRESET_TYPES;
    let n = 0;
    for (const source of sources) {
      for (let i = 0; i < 4; i++) {
        const h = call<Highlight>('createHighlight', { sourceId: source.id, start: i * 10, end: i * 10 + 8 });
        for (let j = 0; j < 3; j++, n++) {
          const s = actors[n % actors.length];
          const t = actors[(n * 3 + 1) % actors.length];
          if (s === t) continue;
          call('createClaim', { highlightId: h.id, sourceActorId: s, targetActorId: t, relationTypeId: types[n % types.length], stance: STANCES[n % STANCES.length], eventDate: DATES[n % DATES.length] });
        }
      }
    }
    backend.close();
  });

  it('keeps the summaries equal to a from-scratch aggregation, and pages listTies exactly, through any edits', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 30, size: 'max' }),
        fc.array(filtersArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 7 }),
        (ops, filterSets, limit) => {
          const dir = temp.make('tiemark-ties-run-');
          const file = join(dir, `Run${runs++}.tiemark`);
          copyFileSync(template, file);
          const backend = Backend.open({ file, backupDir: join(dir, 'backups') });
          try {
            const db = backend.store.db;
            db.pragma('synchronous = OFF');
            expect(storedSummaries(db)).toEqual(expectedSummaries(db));
            for (const op of ops) {
              run(backend, op);
              expect(storedSummaries(db)).toEqual(expectedSummaries(db));
            }
            const sources = ids(db, 'SELECT id FROM sources ORDER BY rowid');
            const actors = ids(db, 'SELECT id FROM actors ORDER BY rowid');
            const types = typesInPlay(db);
            for (const f of [{}, ...filterSets]) {
              const filters: ListTiesArgs = {};
              if ('source' in f && f.source !== undefined && f.source < sources.length) filters.sourceId = sources[f.source];
              if ('actors' in f && f.actors) filters.actorIds = [...new Set(f.actors.map((i) => actors[i % actors.length]))].filter(Boolean);
              if ('types' in f && f.types) filters.relationTypeIds = f.types.map((i) => types[i % types.length]);
              if ('polarities' in f) filters.polarities = f.polarities;
              if ('stances' in f) filters.stances = f.stances;
              const expected = expectedPairs(db, filters);
              const got: TiePair[] = [];
              for (let offset = 0; ; offset += limit) {
                const page = ok<TiePage>(backend.dispatch('listTies', { ...filters, limit, offset }));
                expect(page.total, JSON.stringify(filters)).toBe(expected.pairs.length);
                expect(page.claimCount).toBe(expected.claimCount);
                got.push(...page.pairs);
                if (page.pairs.length < limit) break;
              }
              expect(got, JSON.stringify(filters)).toEqual(expected.pairs);
              // The default page is the first 200.
              expect(ok<TiePage>(backend.dispatch('listTies', filters)).pairs).toEqual(expected.pairs.slice(0, 200));
            }
          } finally {
            backend.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('tie summaries, by example', () => {
  function project() {
    const backend = temp.backend();
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    const source = pasteSource(backend, TEXTS[0], 'One');
    const other = pasteSource(backend, TEXTS[1], 'Two');
    const [russia, hezbollah, israel] = ['Russia', 'Hezbollah', 'Israel'].map((name) => call<Actor>('createActor', { name }).id);
    const h = (s: Source, start: number) => call<Highlight>('createHighlight', { sourceId: s.id, start, end: start + 5 }).id;
    return { backend, call, db: backend.store.db, source, other, russia, hezbollah, israel, h };
  }

  it('turns a used relation type symmetric and back, recounting its ties both ways', () => {
    const p = project();
    const create = (h: string, s: string, t: string, eventDate = '') => p.call('createClaim', { highlightId: h, sourceActorId: s, targetActorId: t, relationTypeId: 'cooperate', eventDate });
    create(p.h(p.source, 0), p.russia, p.israel, '2015');
    create(p.h(p.other, 0), p.israel, p.russia, 'March 2016');
    create(p.h(p.other, 10), p.israel, p.russia);
    const relationsOf = () => ok<TiePage>(p.backend.dispatch('listTies', {})).pairs.flatMap((x) => x.relations);
    // "cooperates with" is symmetric in the preset: one tie, both directions.
    expect(relationsOf()).toHaveLength(1);
    expect(relationsOf()[0]).toMatchObject({ claimCount: 3, sourceCount: 2, dateFrom: '2015', dateTo: '2016-03' });
    p.call('updateRelationType', { id: 'cooperate', patch: { directed: true } });
    expect(storedSummaries(p.db)).toEqual(expectedSummaries(p.db));
    expect(relationsOf().map((r) => [r.sourceActorId, r.claimCount, r.sourceCount])).toEqual([
      [p.israel, 2, 1],
      [p.russia, 1, 1],
    ]);
    p.call('undo', {});
    expect(storedSummaries(p.db)).toEqual(expectedSummaries(p.db));
    expect(relationsOf()).toHaveLength(1);
  });

  it('moves claims of merged actors into the survivor’s ties, including a tie with itself', () => {
    const p = project();
    const create = (s: string, t: string) => p.call('createClaim', { highlightId: p.h(p.source, 0), sourceActorId: s, targetActorId: t, relationTypeId: 'aid-weapons' });
    create(p.russia, p.hezbollah);
    create(p.israel, p.hezbollah);
    create(p.russia, p.israel);
    p.call('mergeActors', { survivorId: p.russia, mergedIds: [p.israel] });
    expect(storedSummaries(p.db)).toEqual(expectedSummaries(p.db));
    const page = ok<TiePage>(p.backend.dispatch('listTies', {}));
    expect(page.pairs.map((x) => [x.actorIds, x.claimCount])).toEqual([
      [[p.hezbollah, p.russia], 2],
      [[p.russia, p.russia], 1],
    ]);
    expect(page).toMatchObject({ total: 2, claimCount: 3 });
    p.call('deleteActor', { id: p.hezbollah, force: true });
    expect(storedSummaries(p.db)).toEqual(expectedSummaries(p.db));
    expect(ok<TiePage>(p.backend.dispatch('listTies', {}))).toMatchObject({ total: 1, claimCount: 1 });
  });

  it('pages: limit and offset, past the end, and refused page sizes', () => {
    const p = project();
    const extra = ['Iran', 'Syria', 'Hamas'].map((name) => p.call<Actor>('createActor', { name }).id);
    const all = [p.russia, p.hezbollah, p.israel, ...extra];
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        for (let k = 0; k <= (i + j) % 3; k++) p.call('createClaim', { highlightId: p.h(p.source, k), sourceActorId: all[i], targetActorId: all[j], relationTypeId: 'aid-funds' });
      }
    }
    const page = (args: Record<string, unknown>) => ok<TiePage>(p.backend.dispatch('listTies', args));
    const whole = page({});
    expect(whole.total).toBe(15);
    expect(whole.pairs).toHaveLength(15);
    expect([...page({ limit: 4 }).pairs, ...page({ limit: 4, offset: 4 }).pairs, ...page({ limit: 10, offset: 8 }).pairs]).toEqual(whole.pairs);
    expect(page({ offset: 15 })).toEqual({ pairs: [], total: 15, claimCount: whole.claimCount });
    expect(page({ offset: 1000, sourceId: p.source.id })).toMatchObject({ pairs: [], total: 15 });
    for (const bad of [{ limit: 0 }, { limit: 2001 }, { offset: -1 }, { limit: 1.5 }]) {
      expect(refused(p.backend.dispatch('listTies', bad)).code).toBe('invalid_argument');
    }
    expect(page({ limit: 2000 }).pairs).toHaveLength(15);
  });
});

// The store benchmark's in-process part (targets: docs/targets.md), run by
// scripts/bench/store.mjs under Vitest so that it imports src/core as it is:
//
//   - tie aggregation over 100,000 generated claims (300 actors, 60 relation types, 2,000
//     highlights in 100 sources, uniform: about 40,000 pairs), the whole corpus (first page) and
//     one source: Tiemark's listTies beside a plain SQL query that computes the same page from the
//     claims (GROUP BY ... ORDER BY ... LIMIT 200: the same 200 pairs in the same order, with the
//     same ties, counts, stances, dates and totals; checked equal before timing), interleaved;
//   - the same listTies under filters and deeper pages (for information, no target);
//   - what keeping the totals costs on write: one claim inserted with and without the summary
//     triggers (two copies of the same 100,000-claim project, the same INSERT, the same
//     connection settings), committed alone with synchronous=FULL and 1,000 to a transaction;
//   - one edit in process on that project (createClaim with its summary triggers, committed with
//     synchronous=FULL), beside a bare single-row SQLite commit with synchronous=FULL.
//
// It writes its rows to $TIEMARK_BENCH_OUT as JSON and never asserts anything.
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import type { TiePage } from '../../src/shared/api';
import type { Result } from '../../src/shared/errors';
import type { ImportReport } from '../../src/shared/types';
import { Backend } from '../../src/core/backend';
import { RELATION_PRESET } from '../../src/core/services/relation-preset';
import type { BaseRow } from './rows';

const QUICK = process.env.TIEMARK_BENCH_QUICK === '1';
const CLAIMS = 100_000;
const ACTORS = 300;
const TYPES = 60;
const SOURCES = 100;
const HIGHLIGHTS_PER_SOURCE = 20;
const STANCES = ['asserted', 'asserted', 'asserted', 'reported', 'alleged', 'denied', 'speculative'];

export interface Row extends BaseRow {
  /** Process CPU time per call: steadier than wall time on a shared box. */
  cpu_median_ms: number;
  cpu_p95_ms: number;
  target_p95_ms?: number;
  /** claim_insert_batch_ms: the time per claim. */
  per_claim_median_ms?: number;
  per_claim_p95_ms?: number;
  note?: string;
}

const log = (...args: unknown[]) => console.log('[ties]', ...args);

function rng(seed: number) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const round = (x: number) => Math.round(x * 1000) / 1000;
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Variant {
  variant: string;
  fn: (i: number) => unknown;
  /** Runs untimed before each sample. */
  before?: (i: number) => unknown;
  target?: number;
  note?: string;
}

/**
 * Times the variants of one measure interleaved (sample i of every variant, then i + 1), so
 * that a busy minute on a shared machine hits them all alike. Each variant runs once first to
 * warm caches and compile.
 */
function measure(name: string, n: number, samples: number, variants: Variant[]): Row[] {
  const wall = variants.map(() => [] as number[]);
  const cpu = variants.map(() => [] as number[]);
  variants.forEach((v) => {
    v.before?.(-1);
    v.fn(-1);
  });
  for (let i = 0; i < samples; i++) {
    for (let k = 0; k < variants.length; k++) {
      const j = (k + i) % variants.length; // rotate which goes first
      variants[j].before?.(i);
      const c0 = cpuNow();
      const t0 = performance.now();
      variants[j].fn(i);
      wall[j].push(performance.now() - t0);
      cpu[j].push(cpuNow() - c0);
    }
  }
  return variants.map((v, j) => {
    const w = wall[j].sort((a, b) => a - b);
    const c = cpu[j].sort((a, b) => a - b);
    const row: Row = {
      measure: name,
      variant: v.variant,
      n,
      unit: 'ms',
      median_ms: round(quantile(w, 0.5)),
      p95_ms: round(quantile(w, 0.95)),
      min_ms: round(w[0]),
      max_ms: round(w[w.length - 1]),
      runs: 1,
      samples: w.length,
      cpu_median_ms: round(quantile(c, 0.5)),
      cpu_p95_ms: round(quantile(c, 0.95)),
    };
    if (v.target !== undefined) row.target_p95_ms = v.target;
    if (v.note) row.note = v.note;
    log(`${name} / ${v.variant}: median ${row.median_ms} ms, p95 ${row.p95_ms} ms (cpu median ${row.cpu_median_ms} ms)`);
    return row;
  });
}

/** The value of a method's result; an asynchronous method's result is awaited first (Backend.dispatch is typed for both kinds). */
function ok<T>(result: Result<unknown> | Promise<Result<unknown>>): T {
  if (result instanceof Promise) throw new Error('an asynchronous method: await its result before ok()');
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** The project of the Ties timings: claims inserted as rows (the summary triggers fire for each). */
async function buildCorpus(dir: string) {
  const backend = Backend.open({ file: join(dir, 'ties.tiemark'), backupDir: join(dir, 'backups'), create: true });
  const db = backend.store.db;
  db.pragma('synchronous = OFF'); // setup only; the edit measure below turns FULL back on
  const random = rng(1);
  const sources: string[] = [];
  for (let i = 0; i < SOURCES; i++) {
    const report = ok<ImportReport>(await backend.dispatch('importText', { text: `Source ${i}. ${'Some words here. '.repeat(40)}`, title: `Source ${i}` }));
    sources.push(report.outcomes[0].source!.id);
  }
  const at = new Date().toISOString();
  const actorIds: string[] = [];
  const typeIds = RELATION_PRESET.map((t) => t.id).slice(0, TYPES);
  const highlights: Array<{ id: string; source: string }> = [];
  const t0 = performance.now();
  db.transaction(() => {
    // Zero-padded names: SQLite's binary order of them is the app's name order (a numeric
    // Intl.Collator, src/core/services/actors.ts), so the plain SQL baseline orders pairs as listTies does.
    for (let i = 0; i < ACTORS; i++) actorIds.push(ok<{ id: string }>(backend.dispatch('createActor', { name: `Actor ${String(i).padStart(3, '0')}` })).id);
    for (let i = typeIds.length; i < TYPES; i++) {
      typeIds.push(ok<{ id: string }>(backend.dispatch('createRelationType', { label: `custom ${i}`, directed: i % 2 === 0 })).id);
    }
    const insertH = db.prepare(
      `INSERT INTO highlights (id, source_id, start_offset, end_offset, exact, prefix, suffix, color, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'Some words', '', '', 'yellow', ?, ?)`,
    );
    for (const s of sources) {
      for (let j = 0; j < HIGHLIGHTS_PER_SOURCE; j++) {
        const id = `h-${s}-${j}`;
        insertH.run(id, s, j * 20, j * 20 + 15, at, at);
        highlights.push({ id, source: s });
      }
    }
  })();
  const insertC = db.prepare(
    `INSERT INTO claims (id, highlight_id, source_id, source_actor_id, relation_type_id, target_actor_id, stance, confidence,
       event_date_text, event_date_start, event_date_end, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'medium', ?, ?, ?, ?, ?)`,
  );
  const t1 = performance.now();
  const c1 = cpuNow();
  db.transaction(() => {
    for (let i = 0; i < CLAIMS; i++) {
      const h = highlights[Math.floor(random() * highlights.length)];
      const s = Math.floor(random() * ACTORS);
      let t = Math.floor(random() * ACTORS);
      if (t === s) t = (t + 1) % ACTORS;
      const year = random() < 0.5 ? String(1990 + Math.floor(random() * 35)) : '';
      insertC.run(`c-${i}`, h.id, h.source, actorIds[s], typeIds[Math.floor(random() * TYPES)], actorIds[t], STANCES[Math.floor(random() * STANCES.length)],
        year, year, year, at, at);
    }
  })();
  const loadMs = performance.now() - t1;
  const loadCpuMs = cpuNow() - c1;
  // As a project is when opened again: the bulk insert's WAL checkpointed into the file.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('optimize');
  const pairs = Number(db.prepare('SELECT pair_count FROM tie_corpus').pluck().get());
  log(`corpus: ${CLAIMS} claims, ${pairs} pairs, ${ACTORS} actors, ${TYPES} types, ${highlights.length} highlights in ${SOURCES} sources; claims inserted in ${(loadMs / 1000).toFixed(1)} s (setup ${((t1 - t0) / 1000).toFixed(1)} s)`);
  return { backend, db, sources, actorIds, typeIds, highlights, loadMs, loadCpuMs, pairs };
}

const PAGE = 200;
const STANCE_NAMES = ['asserted', 'reported', 'alleged', 'denied', 'speculative'] as const;

/** listTies' page as one string: pairs in order, each with its ties sorted, and the totals. */
function canonicalPage(page: TiePage): string {
  const pairs = page.pairs.map((p) => {
    const ties = p.relations
      .map((t) => [t.sourceActorId, t.relationTypeId, t.targetActorId, t.claimCount, t.sourceCount, ...STANCE_NAMES.map((st) => t.stances[st] ?? 0), t.dateFrom, t.dateTo].join(','))
      .sort();
    return `${[...p.actorIds].sort().join('+')}=${p.claimCount}[${ties.join(';')}]`;
  });
  return `${page.total}/${page.claimCount}:${pairs.join('|')}`;
}

/** The baseline's rows as the same string (dates: the '~' of the stored form dropped, as listTies does). */
function canonicalRows(rows: unknown[][]): string {
  const pairs = new Map<number, { key: string; n: number; ties: string[] }>();
  let total = 0;
  let claims = 0;
  for (const row of rows) {
    const [pos, a, b, n, tot, cl, ts, tt, r, count, sources, ...rest] = row as [number, string, string, number, number, number, string, string, string, number, number, ...Array<number | string | null>];
    total = tot;
    claims = cl;
    const stances = rest.slice(0, STANCE_NAMES.length);
    const [from, to] = rest.slice(STANCE_NAMES.length) as Array<string | null>;
    const entry = pairs.get(pos) ?? { key: [a, b].sort().join('+'), n, ties: [] };
    entry.ties.push([ts, r, tt, count, sources, ...stances, from, to === null ? null : to.slice(0, -1)].join(','));
    pairs.set(pos, entry);
  }
  const list = [...pairs.entries()].sort((x, y) => x[0] - y[0]).map(([, p]) => `${p.key}=${p.n}[${p.ties.sort().join(';')}]`);
  return `${total}/${claims}:${list.join('|')}`;
}

/**
 * The summary triggers' cost per claim insert: two copies of the project (triggers kept / dropped),
 * the same INSERT of the same claims, interleaved. One claim committed alone (synchronous=FULL, as
 * an edit commits), and 1,000 in one transaction that is then rolled back (the triggers' CPU alone,
 * per claim; rolled back so every sample starts from the same 100,000 claims).
 */
function triggerCost(
  dir: string,
  db: Database.Database,
  highlights: Array<{ id: string; source: string }>,
  actorIds: string[],
  typeIds: string[],
  random: () => number,
): Row[] {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const open = (name: string, triggers: boolean) => {
    const file = join(dir, name);
    copyFileSync(db.name, file);
    const copy = new Database(file);
    copy.pragma('journal_mode = WAL');
    copy.pragma('synchronous = FULL');
    copy.pragma('foreign_keys = ON');
    if (!triggers) {
      const names = copy.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%tie_totals%')").pluck().all() as string[];
      for (const t of names) copy.exec(`DROP TRIGGER ${t}`);
      log(`trigger cost: dropped ${names.join(', ')} in the copy without triggers`);
    }
    const left = copy.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'").pluck().get() as number;
    log(`trigger cost: copy ${name}: ${left} trigger(s) on claims`);
    const insert = copy.prepare(
      `INSERT INTO claims (id, highlight_id, source_id, source_actor_id, relation_type_id, target_actor_id, stance, confidence,
         event_date_text, event_date_start, event_date_end, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'medium', ?, ?, ?, ?, ?)`,
    );
    return { copy, insert };
  };
  const withTriggers = open('with-triggers.db', true);
  const without = open('without-triggers.db', false);
  const at = new Date().toISOString();
  // The same claims for both copies: claim k is drawn once and inserted into each.
  const drawn: unknown[][] = [];
  const claim = (k: number) => {
    while (drawn.length <= k) {
      const h = highlights[Math.floor(random() * highlights.length)];
      const s = Math.floor(random() * ACTORS);
      let t = Math.floor(random() * ACTORS);
      if (t === s) t = (t + 1) % ACTORS;
      const year = random() < 0.5 ? String(1990 + Math.floor(random() * 35)) : '';
      drawn.push([h.id, h.source, actorIds[s], typeIds[Math.floor(random() * TYPES)], actorIds[t], STANCES[Math.floor(random() * STANCES.length)], year, year, year, at, at]);
    }
    return drawn[k];
  };
  const rows: Row[] = [];
  let single = 0;
  const singleSamples = QUICK ? 50 : 200;
  rows.push(
    ...measure('claim_insert_ms', CLAIMS, singleSamples, [
      { variant: 'with summary triggers (one claim, own commit)', fn: (i) => withTriggers.insert.run(`w-${i}`, ...claim(i + 1)), note: 'INSERT + commit, synchronous=FULL, on 100,000 claims' },
      { variant: 'without triggers (one claim, own commit)', fn: (i) => without.insert.run(`w-${i}`, ...claim(i + 1)), note: 'the same INSERT into a copy without the tie_totals triggers' },
    ]),
  );
  single = singleSamples + 1;
  const BATCH = 1000;
  const batchSamples = QUICK ? 5 : 15;
  const batch = (target: typeof withTriggers, i: number) => {
    target.copy.exec('BEGIN');
    try {
      for (let k = 0; k < BATCH; k++) target.insert.run(`b-${i}-${k}`, ...claim(single + k));
    } finally {
      target.copy.exec('ROLLBACK');
    }
  };
  const batchRows = measure('claim_insert_batch_ms', CLAIMS, batchSamples, [
    { variant: `with summary triggers (${BATCH} claims, one transaction)`, fn: (i) => batch(withTriggers, i), note: `time for ${BATCH} INSERTs in one transaction, rolled back after timing; per claim: / ${BATCH}` },
    { variant: `without triggers (${BATCH} claims, one transaction)`, fn: (i) => batch(without, i) },
  ]);
  for (const row of batchRows) {
    row.per_claim_median_ms = round(row.median_ms / BATCH);
    row.per_claim_p95_ms = round(row.p95_ms / BATCH);
  }
  rows.push(...batchRows);
  withTriggers.copy.close();
  without.copy.close();
  return rows;
}

it('store benchmark: tie aggregation and edits in process', async () => {
  const out = process.env.TIEMARK_BENCH_OUT;
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-ties-bench-'));
  const rows: Row[] = [];
  try {
    const { backend, db, sources, actorIds, typeIds, highlights, loadMs, loadCpuMs, pairs } = await buildCorpus(dir);
    const random = rng(2);
    rows.push({
      measure: 'ties_load_claims_ms', variant: 'insert 100k claims, summary triggers', n: CLAIMS, unit: 'ms',
      median_ms: round(loadMs), p95_ms: round(loadMs), min_ms: round(loadMs), max_ms: round(loadMs), runs: 1, samples: 1,
      cpu_median_ms: round(loadCpuMs), cpu_p95_ms: round(loadCpuMs), note: 'one transaction, synchronous=OFF; for information',
    });
    const call = (method: string, args: unknown) => ok(backend.dispatch(method, args));
    // ---- The baseline: the page listTies returns, computed from the claims by plain SQL. The
    // pairs by claims (GROUP BY: first by direction, in the order of the covering index, then the
    // two directions folded, the fastest form tried), most first and equal counts by their
    // actors' names (ORDER BY),
    // the first 200 (LIMIT), with the totals over all pairs; then each page pair's ties in both
    // directions (a symmetric type's two directions as one tie from the smaller id, as listTies
    // reports them) with claims, distinct sources, stances and dates, from the covering index.
    const stanceSums = STANCE_NAMES.map((st) => `sum(c.stance = '${st}')`).join(', ');
    const pageSql = (where: string, and: string) => `
      WITH directed AS (
        SELECT source_actor_id AS s, target_actor_id AS t, count(*) AS n FROM claims ${where} GROUP BY 1, 2
      ), pairs AS (
        SELECT min(s, t) AS a, max(s, t) AS b, sum(n) AS n FROM directed GROUP BY 1, 2
      ), page AS (
        SELECT p.a, p.b, p.n, count(*) OVER () AS total, sum(p.n) OVER () AS claims,
          row_number() OVER (ORDER BY p.n DESC, min(x.name, y.name), max(x.name, y.name)) AS pos
        FROM pairs p JOIN actors x ON x.id = p.a JOIN actors y ON y.id = p.b
        ORDER BY pos LIMIT ${PAGE}
      ), dirs AS (
        SELECT pos, a AS s, b AS t FROM page UNION ALL SELECT pos, b, a FROM page WHERE a != b
      )
      SELECT page.pos, page.a, page.b, page.n, page.total, page.claims,
        CASE WHEN r.directed = 0 AND c.target_actor_id < c.source_actor_id THEN c.target_actor_id ELSE c.source_actor_id END AS ts,
        CASE WHEN r.directed = 0 AND c.target_actor_id < c.source_actor_id THEN c.source_actor_id ELSE c.target_actor_id END AS tt,
        c.relation_type_id, count(*), count(DISTINCT c.source_id), ${stanceSums},
        min(nullif(c.event_date_start, '')), max(nullif(c.event_date_end, '') || '~')
      FROM dirs JOIN page ON page.pos = dirs.pos
        JOIN claims c INDEXED BY claims_by_tie ON c.source_actor_id = dirs.s AND c.target_actor_id = dirs.t ${and}
        JOIN relation_types r ON r.id = c.relation_type_id
      GROUP BY page.pos, ts, tt, c.relation_type_id
      ORDER BY page.pos`;
    const baselineCorpus = db.prepare(pageSql('', '')).raw();
    const baselineSource = db.prepare(pageSql('WHERE source_id = @source', 'AND c.source_id = @source')).raw();
    const sameAsListTies = (label: string, page: TiePage, rows: unknown[][]) => {
      const ours = canonicalPage(page);
      const theirs = canonicalRows(rows);
      if (ours !== theirs) throw new Error(`${label}: the baseline's page differs from listTies' (${ours.length} vs ${theirs.length} characters)`);
      log(`${label}: the baseline returns the same ${page.pairs.length} pairs and ${page.pairs.reduce((n, p) => n + p.relations.length, 0)} ties as listTies (totals ${page.total} pairs, ${page.claimCount} claims)`);
    };
    sameAsListTies('whole corpus', call('listTies', {}) as TiePage, baselineCorpus.all() as unknown[][]);
    sameAsListTies('one source', call('listTies', { sourceId: sources[0] }) as TiePage, baselineSource.all({ source: sources[0] }) as unknown[][]);

    // An edit between two panel refreshes: what the Ties panel does after each annotation edit
    // (its caches of actor names and relation types start again).
    const colors = ['yellow', 'green', 'blue', 'pink'];
    const edit = (i: number) => call('updateHighlight', { id: highlights[0].id, color: colors[(i + 4) % 4] });
    const baselineNote = `the same page from the claims: GROUP BY pair ORDER BY count DESC, names LIMIT ${PAGE}, the page pairs' ties (checked equal)`;

    // ---- Whole corpus: the first page, beside the plain SQL that computes the same page.
    const corpusSamples = QUICK ? 10 : 40;
    rows.push(
      ...measure('ties_corpus_ms', CLAIMS, corpusSamples, [
        { variant: 'tiemark listTies (first page)', fn: () => call('listTies', {}), target: 30, note: `first ${PAGE} of ${pairs} pairs, through dispatch, read from the maintained totals` },
        { variant: 'tiemark listTies after an edit', fn: () => call('listTies', {}), before: edit, target: 30, note: 'an updateHighlight (untimed) before each call' },
        { variant: 'baseline GROUP BY … ORDER BY … LIMIT 200', fn: () => baselineCorpus.all(), note: baselineNote },
      ]),
    );
    // ---- One source (about 1,000 claims): listTies aggregates these claims itself.
    const perSource = Number(db.prepare('SELECT count(*) FROM claims WHERE source_id = ?').pluck().get(sources[0]));
    const sourceSamples = QUICK ? 200 : 1000;
    rows.push(
      ...measure('ties_source_ms', perSource, sourceSamples, [
        { variant: 'tiemark listTies (first page)', fn: (i) => call('listTies', { sourceId: sources[(i + SOURCES) % SOURCES] }), target: 2, note: 'through dispatch' },
        { variant: 'tiemark listTies after an edit', fn: (i) => call('listTies', { sourceId: sources[(i + 3 + SOURCES) % SOURCES] }), before: edit, target: 2 },
        { variant: 'baseline GROUP BY … ORDER BY … LIMIT 200', fn: (i) => baselineSource.all({ source: sources[(i + SOURCES) % SOURCES] }), note: baselineNote },
      ]),
    );

    // ---- What keeping the totals costs on write: the same claim INSERT into two copies of this
    // project, one with the summary triggers and one without, opened alike (WAL, foreign keys,
    // synchronous=FULL). The copies are taken now, before the timings below add claims.
    rows.push(...triggerCost(dir, db, highlights, actorIds, typeIds, random));

    // ---- For information: deeper pages and filters (no target; filtered queries aggregate).
    const some = actorIds[3];
    rows.push(
      ...measure('ties_corpus_other_ms', CLAIMS, QUICK ? 5 : 15, [
        { variant: 'listTies page 51 (offset 10,000)', fn: () => call('listTies', { offset: 10_000 }) },
        { variant: 'listTies 2,000 pairs', fn: () => call('listTies', { limit: 2000 }) },
        { variant: 'listTies one actor', fn: () => call('listTies', { actorIds: [some] }) },
        { variant: 'listTies one relation type', fn: () => call('listTies', { relationTypeIds: [typeIds[0]] }) },
        { variant: 'listTies conflictual types', fn: () => call('listTies', { polarities: ['conflictual'] }) },
        { variant: 'listTies stances asserted+reported', fn: () => call('listTies', { stances: ['asserted', 'reported'] }) },
        { variant: 'listTies one actor, denied', fn: () => call('listTies', { actorIds: [some], stances: ['denied'] }) },
      ]),
    );

    // ---- One edit in process, committed durably: the summary triggers' share of an edit.
    db.pragma('synchronous = FULL');
    const created: string[] = [];
    let k = 0;
    const editSamples = QUICK ? 50 : 200;
    const bare = new Database(join(dir, 'bare.db'));
    bare.pragma('journal_mode = WAL');
    bare.pragma('synchronous = FULL');
    bare.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const bareInsert = bare.prepare('INSERT INTO t (v) VALUES (?)');
    rows.push(
      ...measure('edit_in_process_ms', CLAIMS, editSamples, [
        {
          variant: 'tiemark createClaim (100k claims)',
          fn: () => {
            const h = highlights[k++ % highlights.length];
            const claim = call('createClaim', { highlightId: h.id, sourceActorId: actorIds[k % ACTORS], relationTypeId: typeIds[k % TYPES], targetActorId: actorIds[(k * 7 + 1) % ACTORS], eventDate: '2022' }) as { id: string };
            created.push(claim.id);
          },
          note: 'dispatch + validation + insert + summary triggers + undo journal + commit, synchronous=FULL',
        },
        { variant: 'baseline single-row commit', fn: (i) => bareInsert.run(`row ${i}`), note: 'better-sqlite3, WAL, synchronous=FULL' },
      ]),
    );
    rows.push(
      ...measure('edit_in_process_ms', CLAIMS, Math.min(editSamples, created.length - 1), [
        { variant: 'tiemark deleteClaim (100k claims)', fn: () => call('deleteClaim', { id: created.pop() }) },
      ]),
    );
    bare.close();
    backend.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (out) writeFileSync(out, JSON.stringify(rows, null, 1));
  }
}, 1_800_000);

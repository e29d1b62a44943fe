// The store benchmark's in-process part (targets: docs/targets.md), run by
// scripts/bench/store.mjs under Vitest so that it imports src/core as it is:
//
//   - tie aggregation over 100,000 generated claims (300 actors, 60 relation types, 2,000
//     highlights in 100 sources, uniform: about 40,000 pairs), the whole corpus (first page) and
//     one source, Tiemark's listTies beside a plain GROUP BY in the same run, interleaved;
//   - the same listTies under filters and deeper pages (for information, no target);
//   - one edit in process on that project (createClaim with its summary triggers, committed with
//     synchronous=FULL), beside a bare single-row SQLite commit with synchronous=FULL.
//
// It writes its rows to $TIEMARK_BENCH_OUT as JSON and never asserts anything.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
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

function ok<T>(result: ReturnType<Backend['dispatch']>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** The project of the Ties timings: claims inserted as rows (the summary triggers fire for each). */
function buildCorpus(dir: string) {
  const backend = Backend.open({ file: join(dir, 'ties.tiemark'), backupDir: join(dir, 'backups'), create: true });
  const db = backend.store.db;
  db.pragma('synchronous = OFF'); // setup only; the edit measure below turns FULL back on
  const random = rng(1);
  const sources: string[] = [];
  for (let i = 0; i < SOURCES; i++) {
    const report = ok<ImportReport>(backend.dispatch('importText', { text: `Source ${i}. ${'Some words here. '.repeat(40)}`, title: `Source ${i}` }));
    sources.push(report.outcomes[0].source!.id);
  }
  const at = new Date().toISOString();
  const actorIds: string[] = [];
  const typeIds = RELATION_PRESET.map((t) => t.id).slice(0, TYPES);
  const highlights: Array<{ id: string; source: string }> = [];
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < ACTORS; i++) actorIds.push(ok<{ id: string }>(backend.dispatch('createActor', { name: `Actor ${i}` })).id);
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

it('store benchmark: tie aggregation and edits in process', () => {
  const out = process.env.TIEMARK_BENCH_OUT;
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-ties-bench-'));
  const rows: Row[] = [];
  try {
    const { backend, db, sources, actorIds, typeIds, highlights, loadMs, loadCpuMs, pairs } = buildCorpus(dir);
    rows.push({
      measure: 'ties_load_claims_ms', variant: 'insert 100k claims, summary triggers', n: CLAIMS, unit: 'ms',
      median_ms: round(loadMs), p95_ms: round(loadMs), min_ms: round(loadMs), max_ms: round(loadMs), runs: 1, samples: 1,
      cpu_median_ms: round(loadCpuMs), cpu_p95_ms: round(loadCpuMs), note: 'one transaction, synchronous=OFF; for information',
    });
    const call = (method: string, args: unknown) => ok(backend.dispatch(method, args));
    const plainCorpus = db.prepare('SELECT source_actor_id, target_actor_id, relation_type_id, count(*) FROM claims GROUP BY 1, 2, 3').raw();
    const namedCorpus = db.prepare(
      `SELECT s.name, c.relation_type_id, t.name, n FROM (SELECT source_actor_id, target_actor_id, relation_type_id, count(*) AS n FROM claims GROUP BY 1, 2, 3) c
       JOIN actors s ON s.id = c.source_actor_id JOIN actors t ON t.id = c.target_actor_id`,
    ).raw();
    const plainSource = db.prepare('SELECT source_actor_id, target_actor_id, relation_type_id, count(*) FROM claims WHERE source_id = ? GROUP BY 1, 2, 3').raw();

    // An edit between two panel refreshes: what the Ties panel does after each annotation edit
    // (its caches of actor names and relation types start again).
    const colors = ['yellow', 'green', 'blue', 'pink'];
    const edit = (i: number) => call('updateHighlight', { id: highlights[0].id, color: colors[(i + 4) % 4] });

    // ---- Whole corpus: the first page, beside the plain GROUP BY the targets were set against.
    const corpusSamples = QUICK ? 10 : 40;
    rows.push(
      ...measure('ties_corpus_ms', CLAIMS, corpusSamples, [
        { variant: 'tiemark listTies (first page)', fn: () => call('listTies', {}), target: 30, note: `first 200 of ${pairs} pairs, through dispatch` },
        { variant: 'tiemark listTies after an edit', fn: () => call('listTies', {}), before: edit, target: 30, note: 'an updateHighlight (untimed) before each call' },
        { variant: 'baseline plain GROUP BY', fn: () => plainCorpus.all(), note: 'every (source, target, relation) tie with count(*), covering index' },
        { variant: 'baseline GROUP BY + names', fn: () => namedCorpus.all() },
      ]),
    );
    // ---- One source (about 1,000 claims).
    const perSource = Number(db.prepare('SELECT count(*) FROM claims WHERE source_id = ?').pluck().get(sources[0]));
    const sourceSamples = QUICK ? 200 : 1000;
    rows.push(
      ...measure('ties_source_ms', perSource, sourceSamples, [
        { variant: 'tiemark listTies (first page)', fn: (i) => call('listTies', { sourceId: sources[(i + SOURCES) % SOURCES] }), target: 2, note: 'through dispatch' },
        { variant: 'tiemark listTies after an edit', fn: (i) => call('listTies', { sourceId: sources[(i + 3 + SOURCES) % SOURCES] }), before: edit, target: 2 },
        { variant: 'baseline plain GROUP BY', fn: (i) => plainSource.all(sources[(i + 7 + SOURCES) % SOURCES]) },
      ]),
    );
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

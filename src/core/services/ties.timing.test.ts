import { describe, it } from 'vitest';
import { RELATION_PRESET } from './relation-preset';
import { listTieEvidence, listTies } from './ties';
import { ok, pasteSource, useTempDirs } from '../test-support/fixtures';

/**
 * Timings of the tie aggregation over 100,000 generated claims (docs/targets.md: p95 <= 30 ms for the
 * corpus, <= 2 ms for one source), beside a plain GROUP BY in the same run, in three shapes of
 * corpus. It prints and never asserts; it runs only when asked:
 *   TIEMARK_TIMINGS=1 npx vitest run src/core/services/ties.timing.test.ts
 * `npm run bench` reports the same measures for the uniform corpus (scripts/bench/ties.bench-run.ts).
 */

const temp = useTempDirs();

const CLAIMS = 100_000;
const ACTORS = 300;
const TYPES = 60;
const SOURCES = 100;
const HIGHLIGHTS_PER_SOURCE = 20;
const STANCES = ['asserted', 'asserted', 'asserted', 'reported', 'alleged', 'denied', 'speculative'];

function rng(seed: number) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function time(label: string, runs: number, fn: () => unknown): void {
  fn();
  const samples: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = fn();
    samples.push(performance.now() - t0);
    if (i === 0) size = Array.isArray(out) ? out.length : out && typeof out === 'object' && 'pairs' in out ? (out.pairs as unknown[]).length : 0;
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))].toFixed(2);
  console.log(`${label.padEnd(62)} median ${q(0.5).padStart(7)} ms  p95 ${q(0.95).padStart(7)} ms  (${size} rows)`);
}

describe.skipIf(!process.env.TIEMARK_TIMINGS)('tie aggregation timings', () => {
  for (const shape of ['uniform', 'skewed', 'concentrated'] as const) {
    it(`${CLAIMS} claims, ${ACTORS} actors, ${TYPES} types, ${SOURCES * HIGHLIGHTS_PER_SOURCE} highlights in ${SOURCES} sources (${shape})`, () => {
      const backend = temp.backend();
      const { store } = backend;
      const db = store.db;
      db.pragma('synchronous = OFF');
      const random = rng(shape === 'uniform' ? 1 : shape === 'skewed' ? 2 : 3);
      // Uniform: nearly every claim its own tie (the worst case for the output). Skewed: a few
      // actors and types carry most claims. Concentrated: 100,000 claims restate 3,000 ties, as
      // sources repeat one another in a real corpus.
      const pick = (n: number) => Math.floor(n * (shape === 'skewed' ? random() ** 3 : random()));
      const triples = Array.from({ length: 3000 }, () => [pick(ACTORS), pick(TYPES), pick(ACTORS)]);
      const sources = Array.from({ length: SOURCES }, (_, i) => pasteSource(backend, `Source ${i}. ${'Some words here. '.repeat(40)}`, `Source ${i}`));
      const at = new Date().toISOString();
      const actorIds: string[] = [];
      const typeIds = RELATION_PRESET.map((t) => t.id);
      const highlights: Array<{ id: string; source: string }> = [];
      db.transaction(() => {
        for (let i = 0; i < ACTORS; i++) {
          actorIds.push(ok<{ id: string }>(backend.dispatch('createActor', { name: `Actor ${i}` })).id);
        }
        for (let i = typeIds.length; i < TYPES; i++) {
          typeIds.push(ok<{ id: string }>(backend.dispatch('createRelationType', { label: `custom ${i}`, directed: i % 2 === 0 })).id);
        }
        const insertH = db.prepare(
          `INSERT INTO highlights (id, source_id, start_offset, end_offset, exact, prefix, suffix, color, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, '', '', 'yellow', ?, ?)`,
        );
        for (const s of sources) {
          for (let j = 0; j < HIGHLIGHTS_PER_SOURCE; j++) {
            const id = `h-${s.id}-${j}`;
            insertH.run(id, s.id, j * 20, j * 20 + 15, s.text.slice(j * 20, j * 20 + 15), at, at);
            highlights.push({ id, source: s.id });
          }
        }
        const insertC = db.prepare(
          `INSERT INTO claims (id, highlight_id, source_id, source_actor_id, relation_type_id, target_actor_id, stance, confidence,
             event_date_text, event_date_start, event_date_end, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'medium', ?, ?, ?, ?, ?)`,
        );
        for (let i = 0; i < CLAIMS; i++) {
          const h = highlights[Math.floor(random() * highlights.length)];
          const triple = shape === 'concentrated' ? triples[Math.floor(random() * triples.length)] : [pick(ACTORS), pick(TYPES), pick(ACTORS)];
          const s = triple[0];
          let t = triple[2];
          if (t === s) t = (t + 1) % ACTORS;
          const year = random() < 0.5 ? String(1990 + Math.floor(random() * 35)) : '';
          insertC.run(`c-${i}`, h.id, h.source, actorIds[s], typeIds[triple[1]], actorIds[t], STANCES[Math.floor(random() * STANCES.length)],
            year, year, year, at, at);
        }
      })();
      const distinct = db.prepare('SELECT count(*) FROM (SELECT 1 FROM claims GROUP BY source_actor_id, relation_type_id, target_actor_id)').pluck().get();
      console.log(`\n${shape}: ${CLAIMS} claims, ${distinct} distinct (source, relation, target) ties`);

      // Calibration for this machine: plain JavaScript of the same shape as the merge (a map of
      // 100,000 string keys to small objects), with no SQLite involved.
      time('calibration: 100,000 Map entries of small objects, no SQL', 15, () => {
        const m = new Map<string, { n: number; list: number[] }>();
        for (let i = 0; i < 100_000; i++) m.set(`${actorIds[i % ACTORS]}\u0000${i}`, { n: i, list: [i] });
        return [...m.values()];
      });
      const baseline = db.prepare('SELECT source_actor_id, target_actor_id, relation_type_id, count(*) FROM claims GROUP BY 1, 2, 3');
      const perSourceBaseline = db.prepare('SELECT source_actor_id, target_actor_id, relation_type_id, count(*) FROM claims WHERE source_id = ? GROUP BY 1, 2, 3');
      time('baseline: plain GROUP BY 1,2,3 with count(*)', 15, () => baseline.raw().all());
      time('corpus: listTies, first page of 200 pairs', 15, () => listTies(store, {}));
      time('corpus: listTies, page 50 (offset 10,000)', 15, () => listTies(store, { offset: 10_000 }));
      time('corpus: listTies through dispatch', 15, () => ok(backend.dispatch('listTies', {})));
      time('corpus: listTies, conflictual types', 15, () => listTies(store, { polarities: ['conflictual'] }));
      time('corpus: listTies, stances asserted+reported', 15, () => listTies(store, { stances: ['asserted', 'reported'] }));
      time('corpus: listTies, one actor', 50, () => listTies(store, { actorIds: [actorIds[0]] }));
      let k = 0;
      const nextSource = () => sources[k++ % sources.length].id;
      const perSource = db.prepare('SELECT count(*) FROM claims WHERE source_id = ?').pluck().get(sources[0].id);
      console.log(`one source holds about ${perSource} claims`);
      time('one source: plain GROUP BY 1,2,3 with count(*)', 200, () => perSourceBaseline.raw().all(nextSource()));
      time('one source: listTies', 200, () => listTies(store, { sourceId: nextSource() }));
      time('one source: listTies through dispatch', 200, () => ok(backend.dispatch('listTies', { sourceId: nextSource() })));
      const tie = db.prepare('SELECT source_actor_id, relation_type_id, target_actor_id FROM claims WHERE id = ?').raw().get('c-0') as string[];
      time('listTieEvidence, one tie', 200, () =>
        listTieEvidence(store, { sourceActorId: tie[0], relationTypeId: tie[1], targetActorId: tie[2] }),
      );
    }, 900_000);
  }
});

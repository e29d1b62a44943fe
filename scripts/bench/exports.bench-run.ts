// The exports benchmark (target: every data export of 10,000 claims in at most 1 s; docs/exports.md),
// run by scripts/bench/exports.mjs under Vitest so that it imports src/core as it is. Only that
// launcher runs it: it sets $TIEMARK_EXPORTS_BENCH_OUT; without it the test is skipped.
//
// A generated project: 50 sources of about 40,000 characters, 200 highlights each (10,000), one
// claim per highlight (10,000 claims) among 200 actors with two aliases each over the preset
// relation types, a tag per highlight and a note on every tenth. Each format is exported whole
// (the project scope, no filters) through exportData as the API calls it: snapshot, format and,
// for zips, compression. The project archive (exportArchive) is timed too. Wall and CPU time per
// export, and the longest the event loop was held (what delays the host's answers, progress
// included), one warm-up run first. Writes rows to $TIEMARK_EXPORTS_BENCH_OUT as JSON; asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { it } from 'vitest';
import { EXPORT_FORMATS } from '../../src/shared/api';
import { Backend } from '../../src/core/backend';
import { exportArchive } from '../../src/core/export/archive';
import { exportData } from '../../src/core/export/data-export';
import { RELATION_PRESET } from '../../src/core/services/relation-preset';
import { importPastedTextSync } from '../../src/core/import/importer';
import type { BaseRow } from './rows';

const OUT = process.env.TIEMARK_EXPORTS_BENCH_OUT;
const QUICK = process.env.TIEMARK_BENCH_QUICK === '1';
/** Only these formats (scripts/bench/exports.mjs --formats); all when unset. */
const FORMATS = process.env.TIEMARK_EXPORTS_FORMATS?.split(',').filter(Boolean) ?? null;
const SOURCES = 50;
const PER_SOURCE = 200;
const ACTORS = 200;
const RUNS = QUICK ? 3 : 9;
const TARGET_MS = 1000;

interface Row extends BaseRow {
  cpu_median_ms: number;
  /** The longest the event loop waited during an export (median over the runs): how long the host could not answer. */
  longest_block_ms: number;
  target_ms: number;
  bytes: number;
  note?: string;
}

const log = (...args: unknown[]) => console.log('[exports]', ...args);
const round = (x: number) => Math.round(x * 10) / 10;
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

function rng(seed: number) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Russia', 'Hezbollah', 'Iran', 'supplied', 'weapons', 'officials', 'said', 'the', 'border', 'militia', 'funds', 'حزب الله', 'Москва', 'ceasefire', 'talks', 'report'];

function buildProject(backend: Backend): void {
  const random = rng(7);
  const { store } = backend;
  const at = new Date().toISOString();
  store.write(() => {
    const actorIds: string[] = [];
    const insertActor = store.db.prepare("INSERT INTO actors (id, name, kind, color, match_key, created_at, updated_at) VALUES (?, ?, 'armed-group', '#336699', ?, ?, ?)");
    const insertAlias = store.db.prepare('INSERT INTO actor_aliases (actor_id, alias, match_key, position) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < ACTORS; i++) {
      const id = randomUUID();
      insertActor.run(id, `Actor ${i}`, `actor${i}`, at, at);
      insertAlias.run(id, `Alias ${i}a`, `alias${i}a`, 0);
      insertAlias.run(id, `Alias ${i}b`, `alias${i}b`, 1);
      actorIds.push(id);
    }
    const types = RELATION_PRESET.map((t) => t.id);
    const insertHighlight = store.db.prepare(
      "INSERT INTO highlights (id, source_id, start_offset, end_offset, exact, prefix, suffix, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'yellow', ?, ?)",
    );
    const insertTag = store.db.prepare('INSERT INTO highlight_actors (highlight_id, actor_id, created_at) VALUES (?, ?, ?)');
    const insertClaim = store.db.prepare(
      `INSERT INTO claims (id, highlight_id, source_id, source_actor_id, relation_type_id, target_actor_id, stance, confidence, event_date_text, event_date_start, event_date_end, note, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'medium', ?, ?, ?, ?, ?, ?)`,
    );
    const insertNote = store.db.prepare('INSERT INTO notes (highlight_id, content, plain_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    const stances = ['asserted', 'asserted', 'reported', 'alleged', 'denied', 'speculative'];
    for (let s = 0; s < SOURCES; s++) {
      const sentences: string[] = [];
      for (let k = 0; k < PER_SOURCE * 2; k++) {
        const words = Array.from({ length: 12 }, () => WORDS[Math.floor(random() * WORDS.length)]);
        sentences.push(`${words.join(' ')}.`);
      }
      const text = sentences.join(' ').replace(/(\. )(?=[^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+\.)/g, (m, p, offset: number) => (offset % 7 === 0 ? '.\n\n' : p));
      const outcome = importPastedTextSync(store, text, `Generated report ${s}`);
      const source = outcome.source!;
      const stored = store.sql('SELECT text FROM sources WHERE id = ?').pluck().get(source.id) as string;
      let from = 0;
      for (let h = 0; h < PER_SOURCE; h++) {
        const start = stored.indexOf(' ', from + 20) + 1;
        const end = stored.indexOf('.', start + 10);
        from = end + 60;
        const hid = randomUUID();
        insertHighlight.run(hid, source.id, start, end, stored.slice(start, end), stored.slice(Math.max(0, start - 32), start), stored.slice(end, end + 32), at, at);
        const a = actorIds[Math.floor(random() * ACTORS)];
        let b = actorIds[Math.floor(random() * ACTORS)];
        if (b === a) b = actorIds[(actorIds.indexOf(a) + 1) % ACTORS];
        insertTag.run(hid, a, at);
        const year = 2010 + Math.floor(random() * 14);
        insertClaim.run(randomUUID(), hid, source.id, a, types[Math.floor(random() * types.length)], b, stances[Math.floor(random() * stances.length)], `${year}`, `${year}`, `${year}`, h % 5 === 0 ? 'a claim note' : '', at, at);
        if (h % 10 === 0) {
          const content = JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: `Note ${h}` }] }] } });
          insertNote.run(hid, content, `Note ${h}`, at, at);
        }
      }
    }
  });
}

it.runIf(Boolean(OUT))('exports benchmark', async () => {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-exports-bench-'));
  const backend = Backend.open({ file: join(dir, 'Bench.tiemark'), backupDir: join(dir, 'backups'), create: true });
  try {
    const t0 = performance.now();
    buildProject(backend);
    const claims = Number(backend.store.sql('SELECT count(*) FROM claims').pluck().get());
    log(`generated ${SOURCES} sources, ${claims} claims in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${RUNS} runs per format after a warm-up`);
    const all: Array<[string, () => Promise<{ content: string }>]> = [
      ...EXPORT_FORMATS.map((format): [string, () => Promise<{ content: string }>] => [format, () => exportData(backend.store, { format })]),
      ['project-archive', () => exportArchive(backend.store, { appVersion: 'bench' })],
    ];
    const jobs = all.filter(([name]) => !FORMATS || FORMATS.includes(name));
    for (const [name, run] of jobs) {
      const warm = await run();
      const wall: number[] = [];
      const cpu: number[] = [];
      const blocked: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const loop = monitorEventLoopDelay({ resolution: 5 });
        loop.enable();
        const c0 = cpuNow();
        const w0 = performance.now();
        await run();
        wall.push(performance.now() - w0);
        cpu.push(cpuNow() - c0);
        loop.disable();
        blocked.push(loop.max / 1e6);
      }
      blocked.sort((a, b) => a - b);
      wall.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const row: Row = {
        measure: 'export_ms',
        variant: name,
        n: claims,
        unit: 'ms',
        median_ms: round(quantile(wall, 0.5)),
        p95_ms: round(quantile(wall, 0.95)),
        min_ms: round(wall[0]),
        max_ms: round(wall[wall.length - 1]),
        runs: RUNS,
        samples: RUNS,
        cpu_median_ms: round(quantile(cpu, 0.5)),
        longest_block_ms: round(quantile(blocked, 0.5)),
        target_ms: TARGET_MS,
        bytes: warm.content.length,
      };
      rows.push(row);
      log(`  ${name}: median ${row.median_ms} ms, p95 ${row.p95_ms} ms (cpu ${row.cpu_median_ms} ms, event loop held up to ${row.longest_block_ms} ms), ${(row.bytes / 1e6).toFixed(1)} MB ${row.p95_ms <= TARGET_MS ? 'OK' : 'MISSED'}`);
    }
  } finally {
    backend.close();
    rmSync(dir, { recursive: true, force: true });
    if (OUT) writeFileSync(OUT, JSON.stringify(rows, null, 1));
  }
}, 1_800_000);

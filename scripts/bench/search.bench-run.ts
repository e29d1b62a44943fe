// The search and mentions benchmark (issue 9's "Measured"; docs/search.md), run by
// scripts/bench/search.mjs under Vitest so that it imports src/core as it is. Only that launcher
// runs it: it sets $TIEMARK_SEARCH_BENCH_OUT; without it the test is skipped.
//
// A project of generated articles (scripts/bench/corpus.mjs prose, 1,000 of ~50 KB; --quick: 40
// of ~20 KB) imported through the real import path, with a registry of 500 actors and 3,000
// aliases, some named in the texts. Then, interleaved in each run, the same number of runs each:
//
//   Search (one page of 20 sources, as the UI asks):
//     - Tiemark's `search`: ranking (SQL, bm25, grouped by source), then hits and snippets for
//       the page only; timed whole, and its ranking step alone;
//     - the baseline the issue names: FTS5 over the same texts (one row per source, the text
//       stored) with `snippet()` on every match and `ORDER BY rank`, all rows read.
//     Query classes: a term in nearly every source, a rare term, a phrase, a prefix, two terms,
//     a term with a filter (published range).
//   Mentions:
//     - `listMentions` as the Mentions tab asks (each actor's first 20) for one source and for the
//       corpus, from scratch (cache dropped; wall and CPU time) and again (kept: nothing changed),
//       after one source's text changed, after one new alias (a made-up word) and after one new
//       alias that is a word of the texts; and the corpus from scratch at the API's default of
//       200 per actor;
//     - the naive baseline: one regular expression per name and alias (whole words, case
//       ignored), run over the text; over one source, and over a subset of sources for the
//       corpus (reported for that subset, never scaled up).
//
// Writes rows to $TIEMARK_SEARCH_BENCH_OUT as JSON and asserts nothing.
import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { Backend } from '../../src/core/backend';
import { importPastedTextSync } from '../../src/core/import/importer';
import { forgetMentions, listMentions } from '../../src/core/search/mentions';
import { parseQuery, toFtsMatch } from '../../src/core/search/query';
import { rankSources, search } from '../../src/core/search/search';
import { generateDocument, prng } from './corpus.mjs';
import type { BaseRow } from './rows';

const OUT = process.env.TIEMARK_SEARCH_BENCH_OUT;
const QUICK = process.env.TIEMARK_BENCH_QUICK === '1';
const SOURCES = QUICK ? 40 : 1000;
const CHARS = QUICK ? 20_000 : 50_000;
const RUNS = QUICK ? 3 : 7;
const ACTORS = 500;
const ALIASES = 3000;
const NAIVE_SUBSET = QUICK ? 5 : 10;
const PAGE = 20;

const log = (...args: unknown[]) => console.log('[search]', ...args);
const round = (x: number) => Math.round(x * 1000) / 1000;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface Row extends BaseRow {
  note?: string;
  [column: string]: unknown;
}

const row = (measure: string, variant: string, n: number, samples: number[], extra: Record<string, unknown> = {}): Row => ({
  measure,
  variant,
  n,
  unit: 'ms',
  median_ms: round(median(samples)),
  p95_ms: round(quantile(samples, 0.95)),
  min_ms: round(Math.min(...samples)),
  max_ms: round(Math.max(...samples)),
  runs: samples.length,
  samples: samples.length,
  ...extra,
});

const time = <T>(f: () => T): [number, T] => {
  const t = performance.now();
  const value = f();
  return [performance.now() - t, value];
};

/** Names such as "Kel Marost", in the corpus's syllables, so they can be sprinkled into its texts. */
function registry(rand: () => number) {
  const syllables = 'ka ri to men sa lo ve an dor el ta mi ra su pen gal ber ost in ur fa de co li na'.split(' ');
  const word = () => {
    let w = '';
    const n = 2 + Math.floor(rand() * 2);
    for (let i = 0; i < n; i++) w += syllables[Math.floor(rand() * syllables.length)];
    return w[0].toUpperCase() + w.slice(1);
  };
  const actors: Array<{ name: string; aliases: string[] }> = [];
  const used = new Set<string>();
  const fresh = () => {
    for (;;) {
      const n = rand() < 0.5 ? word() : `${word()} ${word()}`;
      if (!used.has(n.toLowerCase())) {
        used.add(n.toLowerCase());
        return n;
      }
    }
  };
  for (let i = 0; i < ACTORS; i++) actors.push({ name: fresh(), aliases: [] });
  for (let i = 0; i < ALIASES; i++) actors[i % ACTORS].aliases.push(fresh());
  return actors;
}

it.runIf(Boolean(OUT))('search and mentions benchmark', () => {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tiemark-search-bench-'));
  const backend = Backend.open({ file: join(dir, 'Bench.tiemark'), backupDir: join(dir, 'backups'), create: true });
  try {
    const rand = prng(99);
    const actors = registry(rand);
    const names = actors.flatMap((a) => [a.name, ...a.aliases]);
    // Import: each article with a dozen names of the registry in it, and a rare word in two.
    const [importMs] = time(() => {
      for (let i = 0; i < SOURCES; i++) {
        const doc = generateDocument({ seed: 1000 + i, chars: CHARS });
        const paragraphs = doc.paragraphs.slice();
        for (let k = 0; k < 12; k++) {
          const p = Math.floor(rand() * paragraphs.length);
          paragraphs[p] = `${paragraphs[p]} ${names[Math.floor(rand() * names.length)]} said so.`;
        }
        if (i === 3 || i === Math.floor(SOURCES / 2)) paragraphs[1] += ' The zanzibarite convoy crossed at night.';
        const outcome = importPastedTextSync(backend.store, `Report ${i}\n\n${paragraphs.join('\n\n')}`);
        if (outcome.status !== 'imported') throw new Error(`import ${i}: ${outcome.status}`);
        if (i % 2 === 0) backend.store.write(() => backend.store.sql('UPDATE sources SET published_at = ? WHERE id = ?').run(`20${10 + (i % 15)}-0${1 + (i % 9)}`, outcome.source!.id));
      }
    });
    const [registryMs] = time(() => {
      for (const a of actors) {
        const r = backend.dispatch('createActor', { name: a.name, aliases: a.aliases });
        if (!r.ok) throw new Error(r.error.message);
      }
    });
    const bytes = Number(backend.store.sql('SELECT sum(length(text)) FROM sources').pluck().get());
    log(`corpus: ${SOURCES} sources, ${(bytes / 1e6).toFixed(1)} M characters, imported and indexed in ${Math.round(importMs)} ms; ${ACTORS} actors with ${ALIASES} aliases in ${Math.round(registryMs)} ms`);

    // The baseline's own table: the same texts stored in FTS5 (snippet() needs them).
    const db = backend.store.db;
    db.exec(`CREATE VIRTUAL TABLE temp.naive USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`);
    db.exec('INSERT INTO temp.naive (rowid, body) SELECT rowid, text FROM main.sources');
    const naive = db.prepare(`SELECT rowid, snippet(naive, 0, '[', ']', '…', 12) AS s FROM temp.naive WHERE naive MATCH ? ORDER BY rank`);

    const queries: Array<[label: string, query: string, filters: Record<string, unknown>]> = [
      ['a term in every source', 'the', {}],
      ['a rare term', 'zanzibarite', {}],
      ['a phrase', '"of the"', {}],
      ['a prefix', 'kar*', {}],
      ['two terms', 'said so', {}],
      ['a term with a filter', 'the', { publishedFrom: '2015', publishedTo: '2020' }],
    ];
    const samples = new Map<string, { ours: number[]; rank: number[]; base: number[]; total: number; baseRows: number }>();
    for (let run = 0; run < RUNS; run++) {
      for (const [label, query, filters] of queries) {
        const s = samples.get(label) ?? { ours: [], rank: [], base: [], total: 0, baseRows: 0 };
        samples.set(label, s);
        const match = toFtsMatch(parseQuery(query))!;
        // Alternate which goes first, so neither always finds the cache warm.
        const steps = [
          () => {
            const [ms, result] = time(() => search(backend.store, { query, ...filters, limit: PAGE }));
            s.ours.push(ms);
            s.total = result.total;
          },
          () => s.rank.push(time(() => backend.store.read(() => rankSources(backend.store, parseQuery(query), filters, PAGE, 0)))[0]),
          () => {
            const [ms, all] = time(() => naive.all(match) as unknown[]);
            s.base.push(ms);
            s.baseRows = all.length;
          },
        ];
        for (const step of run % 2 ? steps.reverse() : steps) step();
      }
    }
    for (const [label, , filters] of queries) {
      const s = samples.get(label)!;
      const note = `${s.total} sources match${Object.keys(filters).length ? ' (filtered)' : ''}; baseline read ${s.baseRows} rows (no filter)`;
      rows.push(row('search_ms', `tiemark search, page of ${PAGE}: ${label}`, SOURCES, s.ours, { note }));
      rows.push(row('search_ms', `tiemark ranking only: ${label}`, SOURCES, s.rank));
      rows.push(
        row('search_snippets_ms', `tiemark hits and snippets for the page: ${label}`, SOURCES, s.ours.map((o, i) => Math.max(0, o - s.rank[i]))),
      );
      rows.push(row('search_ms', `baseline FTS5 snippet() on every match, ORDER BY rank: ${label}`, SOURCES, s.base, { note }));
    }

    // ---- mentions
    const ids = backend.store.sql('SELECT id FROM sources ORDER BY rowid').pluck().all() as string[];
    const one = ids[0];
    const oneText = backend.store.sql('SELECT text FROM sources WHERE id = ?').pluck().get(one) as string;
    const regexes = names.map((n) => new RegExp(`(?<![\\p{L}\\p{N}])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'giu'));
    const naiveScan = (text: string) => {
      let found = 0;
      for (const re of regexes) for (const _ of text.matchAll(re)) found++;
      return found;
    };
    const subset = ids.slice(0, NAIVE_SUBSET).map((id) => backend.store.sql('SELECT text FROM sources WHERE id = ?').pluck().get(id) as string);
    const m = { oneCold: [] as number[], oneWarm: [] as number[], corpusCold: [] as number[], corpusColdCpu: [] as number[], corpusCold200: [] as number[], corpusWarm: [] as number[], afterEdit: [] as number[], afterAlias: [] as number[], afterTextAlias: [] as number[], naiveOne: [] as number[], naiveSubset: [] as number[] };
    // What the Mentions tab asks for: each actor's first 20 (src/renderer/src/features/mentions/MentionsPanel.tsx).
    const TAB = { limit: 20 };
    const cpuOf = <T>(f: () => T): [number, number, T] => {
      const c = process.cpuUsage();
      const [ms, value] = time(f);
      const d = process.cpuUsage(c);
      return [ms, (d.user + d.system) / 1000, value];
    };
    const textWords = [...new Set(oneText.toLowerCase().match(/\b[a-z]{8,}\b/g))].slice(0, RUNS);
    let counts = { one: 0, corpus: 0, naiveOne: 0 };
    for (let run = 0; run < RUNS; run++) {
      forgetMentions(backend.store);
      m.oneCold.push(time(() => listMentions(backend.store, { sourceId: one, ...TAB }))[0]);
      m.oneWarm.push(time(() => listMentions(backend.store, { sourceId: one, ...TAB }))[0]);
      forgetMentions(backend.store);
      m.corpusCold200.push(time(() => listMentions(backend.store, {}))[0]);
      forgetMentions(backend.store);
      const [cold, coldCpu, list] = cpuOf(() => listMentions(backend.store, TAB));
      m.corpusCold.push(cold);
      m.corpusColdCpu.push(coldCpu);
      m.corpusWarm.push(time(() => listMentions(backend.store, TAB))[0]);
      // One source's text changes (a new version): only it is scanned again.
      const target = ids[1 + (run % (ids.length - 1))];
      backend.store.write(() => backend.store.sql("UPDATE sources SET text = text || ' Addendum.', content_hash = content_hash || 'x' WHERE id = ?").run(target));
      m.afterEdit.push(time(() => listMentions(backend.store, TAB))[0]);
      // One new alias: the registry changed.
      const actorId = backend.store.sql('SELECT id FROM actors LIMIT 1 OFFSET ?').pluck().get(run) as string;
      backend.store.write(() => backend.store.sql("INSERT INTO actor_aliases (actor_id, alias, match_key, position) VALUES (?, ?, ?, 99)").run(actorId, `Newalias${run}`, `newalias${run}`));
      m.afterAlias.push(time(() => listMentions(backend.store, TAB))[0]);
      // One new alias that is a word of the texts: the sources that may hold it are scanned for it.
      backend.store.write(() => backend.store.sql('INSERT INTO actor_aliases (actor_id, alias, match_key, position) VALUES (?, ?, ?, 98)').run(actorId, textWords[run], textWords[run]));
      m.afterTextAlias.push(time(() => listMentions(backend.store, TAB))[0]);
      const [ms, found] = time(() => naiveScan(oneText));
      m.naiveOne.push(ms);
      m.naiveSubset.push(time(() => subset.reduce((n, t) => n + naiveScan(t), 0))[0]);
      counts = { one: listMentions(backend.store, { sourceId: one, ...TAB }).total, corpus: list.total, naiveOne: found };
    }
    const perSource = `${(CHARS / 1000).toFixed(0)} KB`;
    rows.push(row('mentions_ms', `tiemark listMentions, one source (${perSource}), from scratch`, 1, m.oneCold, { note: `${counts.one} mentions (outside tagged highlights); ${ACTORS} actors, ${ALIASES} aliases; includes building the automaton` }));
    rows.push(row('mentions_ms', 'tiemark listMentions, one source, kept', 1, m.oneWarm));
    rows.push(row('mentions_ms', `tiemark listMentions, corpus of ${SOURCES}, from scratch (20 per actor, as the tab asks)`, SOURCES, m.corpusCold, { note: `${counts.corpus} mentions` }));
    rows.push(row('mentions_cpu_ms', `tiemark listMentions, corpus of ${SOURCES}, from scratch (20 per actor): CPU time`, SOURCES, m.corpusColdCpu));
    rows.push(row('mentions_ms', `tiemark listMentions, corpus of ${SOURCES}, from scratch, 200 per actor (the API's default)`, SOURCES, m.corpusCold200));
    rows.push(row('mentions_ms', `tiemark listMentions, corpus of ${SOURCES}, kept (nothing changed)`, SOURCES, m.corpusWarm));
    rows.push(row('mentions_ms', `tiemark listMentions, corpus of ${SOURCES}, after one source's text changed`, SOURCES, m.afterEdit));
    rows.push(row('mentions_ms', `tiemark listMentions, corpus of ${SOURCES}, after one new alias`, SOURCES, m.afterAlias));
    rows.push(row('mentions_ms', `tiemark listMentions, corpus of ${SOURCES}, after one new alias that is a word of the texts`, SOURCES, m.afterTextAlias, { note: textWords.join(', ') }));
    rows.push(row('mentions_ms', `baseline one regex per name and alias, one source (${perSource})`, 1, m.naiveOne, { note: `${counts.naiveOne} occurrences (tagged or not)` }));
    rows.push(row('mentions_ms', `baseline one regex per name and alias, ${NAIVE_SUBSET} sources (subset; not scaled up)`, NAIVE_SUBSET, m.naiveSubset));
    for (const r of rows) log(`${r.measure} ${r.variant}: median ${r.median_ms} ms, p95 ${r.p95_ms} ms`);
  } finally {
    backend.close();
    rmSync(dir, { recursive: true, force: true });
    if (OUT) writeFileSync(OUT, JSON.stringify(rows, null, 1));
  }
}, 1_800_000);

// The re-anchoring benchmark (targets: docs/import.md, "Updating a source's text"), run by scripts/bench/reanchor.mjs under
// Vitest so that it imports src/core as it is. Only that launcher runs it: it sets
// $TIEMARK_REANCHOR_BENCH_OUT; without it (as when scripts/bench/store.mjs runs the other
// .bench-run.ts files of this folder) the test is skipped.
//
// Each run generates a 1 MB article (src/core/anchoring/edit-generator.ts: English sentences
// about the actors, one sentence in ten verbatim boilerplate), 5,000 highlights on it, and 2% of
// random edits with the ground truth of every highlight; then re-anchors them all:
//
//   - Tiemark's reanchor (src/core/anchoring/reanchor.ts), timed whole (diff included);
//   - a Hypothesis-style baseline: every quote searched fuzzily over the whole new text
//     (approx-string-match, at most min(256, length / 2) errors), each match scored on quote,
//     prefix, suffix and distance from the old position with weights 50 / 20 / 20 / 2 (roughly
//     what Hypothesis's quote matcher does), the best applied. It does the same work to the same
//     end (an offset pair or nothing per highlight) from the same inputs, but at ~25 ms per
//     highlight it runs on a fixed subset (every 10th highlight) of each run: its time is
//     reported for that subset and per highlight, never scaled up as if measured.
//
// Accuracy is judged against the generator's truth (judge in edit-generator.ts): correct =
// applied at the true new place; silently wrong = applied anywhere else, or applied although
// the highlighted text was edited away. Writes rows to $TIEMARK_REANCHOR_BENCH_OUT as JSON and
// asserts nothing.
import search from 'approx-string-match';
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { applyRandomEdits, generateArticle, generateHighlights, judge, makeAnchors, type Outcome, type Verdict } from '../../src/core/anchoring/edit-generator';
import { diffTexts, reanchor, type AnchorInput } from '../../src/core/anchoring/reanchor';
import type { BaseRow } from './rows';

const OUT = process.env.TIEMARK_REANCHOR_BENCH_OUT;
const QUICK = process.env.TIEMARK_BENCH_QUICK === '1';
const SIZE = QUICK ? 200_000 : 1_000_000;
const HIGHLIGHTS = QUICK ? 1000 : 5000;
const RUNS = QUICK ? 1 : 3;
const SUBSET_STEP = 10;
const RATE = 0.02;
const TARGET_MS = 1000;

const log = (...args: unknown[]) => console.log('[reanchor]', ...args);
const round = (x: number) => Math.round(x * 1000) / 1000;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// ---- The baseline: whole-text fuzzy search of each quote, Hypothesis-style scoring.

/** 1 - (fewest errors of `pattern` anywhere in `text`) / pattern length. */
function textMatchScore(text: string, pattern: string): number {
  if (!pattern || !text) return 0;
  const matches = search(text, pattern, pattern.length);
  return matches.length ? 1 - Math.min(...matches.map((m) => m.errors)) / pattern.length : 0;
}

function hypothesisStyle(text: string, anchor: AnchorInput): Outcome {
  const quote = anchor.exact;
  const matches = search(text, quote, Math.min(256, Math.floor(quote.length / 2)));
  let best: { start: number; end: number; score: number } | null = null;
  for (const m of matches) {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = anchor.prefix ? textMatchScore(text.slice(Math.max(0, m.start - anchor.prefix.length), m.start), anchor.prefix) : 1;
    const suffixScore = anchor.suffix ? textMatchScore(text.slice(m.end, m.end + anchor.suffix.length), anchor.suffix) : 1;
    const posScore = 1 - Math.abs(m.start - anchor.start) / text.length;
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
    if (!best || score > best.score) best = { start: m.start, end: m.end, score };
  }
  if (!best) return { status: 'orphaned' };
  return { status: best.start === anchor.start && best.end === anchor.end ? 'kept' : 'moved', start: best.start, end: best.end };
}

// ---- Rows

interface Row extends BaseRow {
  cpu_median_ms?: number;
  target_ms?: number;
  per_highlight_ms?: number;
  /** Applied at the true place / highlights whose text survived, median over runs, percent. */
  correct_pct?: number;
  /** Applied at a wrong place or applied although the text is gone, summed over runs. */
  silently_wrong?: number;
  review?: number;
  orphaned?: number;
  survived?: number;
  gone?: number;
  ambiguous_elsewhere?: number;
  /** Of silently_wrong: applied at another place although the text survived. */
  wrong_place?: number;
  /** Of silently_wrong: applied (to other words) although the highlighted text was edited away. */
  applied_though_gone?: number;
  /** On the baseline's row: Tiemark's accuracy on the same subset of highlights (from its full runs). */
  tiemark_same_subset?: Partial<Row>;
  note?: string;
}

function timeRow(measure: string, variant: string, n: number, wall: number[], cpu: number[], extra: Partial<Row> = {}): Row {
  const w = [...wall].sort((a, b) => a - b);
  return {
    measure, variant, n, unit: 'ms',
    median_ms: round(median(w)), p95_ms: round(w[w.length - 1]), min_ms: round(w[0]), max_ms: round(w[w.length - 1]),
    runs: w.length, samples: w.length, cpu_median_ms: round(median(cpu)), ...extra,
  };
}

function accuracy(verdicts: Verdict[]): Partial<Row> {
  const sum = (k: keyof Verdict) => verdicts.reduce((s, v) => s + (v[k] as number), 0);
  return {
    correct_pct: round(100 * median(verdicts.map((v) => v.correctRate))),
    silently_wrong: sum('silentlyWrong'),
    review: sum('review'),
    orphaned: sum('orphaned'),
    survived: sum('survived'),
    gone: sum('gone'),
    ambiguous_elsewhere: sum('ambiguousElsewhere'),
    applied_though_gone: verdicts.reduce((n, v) => n + v.gone - v.goneReview - v.goneOrphaned, 0),
    wrong_place: verdicts.reduce((n, v) => n + v.silentlyWrong - (v.gone - v.goneReview - v.goneOrphaned), 0),
  };
}

const describeVerdict = (v: Verdict) =>
  `${(100 * v.correctRate).toFixed(2)}% correct (${v.correct}/${v.survived} surviving, ${v.ambiguous} of them ambiguous), ` +
  `${v.silentlyWrong} silently wrong, ${v.survivedFlagged} surviving flagged; gone ${v.gone}: ${v.goneReview} review, ${v.goneOrphaned} orphaned` +
  (v.ambiguousElsewhere ? `; ${v.ambiguousElsewhere} ambiguous applied at the other equally good place` : '');

it.runIf(Boolean(OUT))('re-anchoring benchmark', () => {
  const rows: Row[] = [];
  const ours = { wall: [] as number[], cpu: [] as number[], diff: [] as number[], verdicts: [] as Verdict[], subset: [] as Verdict[] };
  const base = { wall: [] as number[], cpu: [] as number[], verdicts: [] as Verdict[] };
  let subsetSize = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const seed = run + 1;
      const t0 = performance.now();
      const text = generateArticle(seed, SIZE);
      const ranges = generateHighlights(text, seed, HIGHLIGHTS);
      const anchors = makeAnchors(text, ranges);
      const edited = applyRandomEdits(text, ranges, seed, { rate: RATE });
      const kinds = edited.edits.reduce<Record<string, number>>((m, e) => ((m[e.kind] = (m[e.kind] ?? 0) + 1), m), {});
      log(`run ${run + 1}/${RUNS}: ${text.length} units, ${anchors.length} highlights, ${edited.edits.length} edits (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}), generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      if (run === 0) reanchor(text, edited.text, anchors); // warm up (compile), untimed

      const c0 = cpuNow();
      const w0 = performance.now();
      const results = reanchor(text, edited.text, anchors);
      ours.wall.push(performance.now() - w0);
      ours.cpu.push(cpuNow() - c0);
      const d0 = performance.now();
      diffTexts(text, edited.text);
      ours.diff.push(performance.now() - d0);
      const verdict = judge(results, edited.truth);
      ours.verdicts.push(verdict);
      log(`  tiemark reanchor: ${ours.wall[run].toFixed(0)} ms (cpu ${ours.cpu[run].toFixed(0)} ms, of which the diff alone ${ours.diff[run].toFixed(0)} ms); ${describeVerdict(verdict)}`);
      for (const w of verdict.wrong.slice(0, 5)) log(`  silently wrong: ${JSON.stringify({ highlight: anchors[w.index], truth: w.truth, result: w.outcome })}`);

      // The baseline on every 10th highlight; ours judged on the same ones from the run above.
      const idx = anchors.map((_, i) => i).filter((i) => i % SUBSET_STEP === 0);
      subsetSize = idx.length;
      const truth = idx.map((i) => edited.truth[i]);
      ours.subset.push(judge(idx.map((i) => results[i]), truth));
      const b0 = cpuNow();
      const bw = performance.now();
      const baseline = idx.map((i) => hypothesisStyle(edited.text, anchors[i]));
      base.wall.push(performance.now() - bw);
      base.cpu.push(cpuNow() - b0);
      base.verdicts.push(judge(baseline, truth));
      log(`  baseline on ${idx.length} highlights: ${(base.wall[run] / 1000).toFixed(1)} s (${(base.wall[run] / idx.length).toFixed(1)} ms per highlight); ${describeVerdict(base.verdicts[run])}`);
      log(`  tiemark on the same ${idx.length}: ${describeVerdict(ours.subset[run])}`);
    }
    rows.push(
      timeRow('reanchor_ms', `tiemark reanchor (${HIGHLIGHTS} highlights)`, HIGHLIGHTS, ours.wall, ours.cpu, {
        target_ms: TARGET_MS,
        per_highlight_ms: round(median(ours.wall) / HIGHLIGHTS),
        ...accuracy(ours.verdicts),
        note: `${SIZE / 1e6} MB, ${RATE * 100}% random edits; time includes the diff (median ${Math.round(median(ours.diff))} ms alone)`,
      }),
      timeRow('reanchor_ms', `baseline hypothesis-style fuzzy, whole text (subset of ${subsetSize})`, subsetSize, base.wall, base.cpu, {
        per_highlight_ms: round(median(base.wall) / subsetSize),
        ...accuracy(base.verdicts),
        tiemark_same_subset: accuracy(ours.subset),
        note: `measured on every ${SUBSET_STEP}th highlight only (${subsetSize} of ${HIGHLIGHTS}); not scaled up`,
      }),
      timeRow('reanchor_per_highlight_ms', 'tiemark reanchor', HIGHLIGHTS, ours.wall.map((w) => w / HIGHLIGHTS), ours.cpu.map((c) => c / HIGHLIGHTS)),
      timeRow('reanchor_per_highlight_ms', 'baseline hypothesis-style fuzzy', subsetSize, base.wall.map((w) => w / subsetSize), base.cpu.map((c) => c / subsetSize)),
    );
  } finally {
    if (OUT) writeFileSync(OUT, JSON.stringify(rows, null, 1));
  }
}, 1_800_000);

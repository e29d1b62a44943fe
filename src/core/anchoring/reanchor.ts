/**
 * Re-anchoring highlights when a source's normalized text is replaced by a new version
 * (design: the Anchoring section of the project's architecture notes; selectors as made by
 * src/core/anchoring/quote.ts). Pure functions: the two texts and the stored selectors in, one
 * result per highlight out. Deterministic. Nothing is applied on a guess: a highlight is kept
 * or moved only when its place is unambiguous, else it goes to review beside the best
 * candidate, or is orphaned when nothing resembles it.
 *
 *  1. Position. One diff of the two texts (diffTexts: sentence tokens, then characters inside
 *     changed blocks) maps old offsets to new ones. A highlight whose text and stored context
 *     lie in unchanged text under every equally cheap alignment of the diff (an edit next to
 *     repeated text can slide along it) is mapped there: most highlights end here.
 *  2. Its own text, context edited. Unchanged itself where the diff maps it, but with edits
 *     in its 32 units of context: applied there if the context still agrees (>= 0.5, about one
 *     side intact) and no other occurrence of its words agrees nearly as well, unless that
 *     occurrence is accounted for by another old passage (the diff maps it to an old copy
 *     that fits it better) or the old text's wider context (128 units) clearly prefers the
 *     diff's place; and no other old passage fits the place clearly better.
 *  3. Elsewhere (a moved sentence). Every exact occurrence scored on context; the best is
 *     applied only if it agrees (>= 0.6), beats the runner-up by a margin, is not old text of
 *     another passage (by the diff, or by content: another old occurrence whose context fits
 *     it as well), and is not inside the very edit that replaced the highlight's words; and
 *     only as a moved passage: none of its words, nor the words next to it in its sentence,
 *     still stand where they were (by the diff), and the text around the occurrence is the
 *     old text word for word to the ends of its sentences (up to 128 units each way), as a
 *     moved sentence brings it.
 *  4. Changed. No exact occurrence: the candidate for review is what the old range became
 *     through the diff, or a fuzzy match within a window of the expected place; orphaned when
 *     its quote similarity is below 0.5.
 *
 * An automatic match must also start and end on character and word boundaries wherever the
 * old range did: never inside a surrogate pair, a letter and its marks, an emoji sequence, or
 * a word.
 */
import DiffMatchPatch from 'diff-match-patch';
import { QUOTE_CONTEXT_LENGTH } from '../../shared/types';
import { quoteSelector } from './quote';
import { lastAtMost } from '../../shared/pages';

export interface AnchorInput<Id = string> {
  id: Id;
  /** Position selector: [start, end) in UTF-16 code units of the old text. */
  start: number;
  end: number;
  /** Quote selector, as quoteSelector (src/core/anchoring/quote.ts) made it from the old text. */
  exact: string;
  prefix: string;
  suffix: string;
}

/** How well a candidate agrees with the stored selector, each 0..1. */
export interface Candidate {
  start: number;
  end: number;
  /** (quoteScore + contextScore) / 2. */
  score: number;
  /** 1 - edit distance / length between the stored quote and the candidate's text. */
  quoteScore: number;
  /** Agreement of the stored prefix and suffix with the text around the candidate. */
  contextScore: number;
}

export type ReviewReason =
  /** The exact text occurs more than once and no occurrence is clearly the one. */
  | 'ambiguous'
  /** The exact text occurs, but the text around it disagrees with the stored context. */
  | 'context'
  /** The best occurrence is a passage that the old version already had elsewhere. */
  | 'other-copy'
  /** The match would start or end inside a character (surrogate pair, mark, emoji sequence). */
  | 'boundary'
  /**
   * The highlighted text was edited: the candidate is what the text there became (or the
   * closest text near it), or an occurrence of the old words inside the edit's new text, or
   * elsewhere while some of its sentence still stands where it was.
   */
  | 'changed';

export type AnchorResult<Id = string> =
  /** Applied automatically: `kept` at the same offsets, `moved` to new ones. */
  | { id: Id; status: 'kept' | 'moved'; start: number; end: number; contextScore: number; via: 'position' | 'search' }
  /** Needs a person: the old text (the input's `exact`) beside the best candidate. */
  | { id: Id; status: 'review'; reason: ReviewReason; candidate: Candidate }
  /** Nothing in the new text is close enough. */
  | { id: Id; status: 'orphaned' };

export interface ReanchorOptions {
  /** Minimum context agreement (0..1) of a match found by search elsewhere (a moved passage). Default 0.6. */
  minContextScore?: number;
  /**
   * Minimum context agreement of the highlight's own text, unchanged where the diff maps it,
   * when edits came near it. Default 0.5: about one side of the context intact.
   */
  minMappedContextScore?: number;
  /** How much better (context agreement) the chosen occurrence must be than the runner-up. Default 0.12. */
  minMargin?: number;
  /** Half-width (UTF-16 units) of the window searched for a fuzzy review candidate. Default 2,000. */
  window?: number;
  /** Minimum quote similarity (0..1) for a changed text to be offered for review rather than orphaned. Default 0.5. */
  minReviewQuoteScore?: number;
  /** Time budget of the diff in milliseconds (0 = none; past it the diff gets coarser, never wrong). Default 4,000. */
  diffTimeoutMs?: number;
  /** More exact occurrences than this (in either text) are not weighed one by one: review. Default 20,000. */
  maxOccurrences?: number;
}

const DEFAULTS: Required<ReanchorOptions> = {
  minContextScore: 0.6,
  minMappedContextScore: 0.5,
  minMargin: 0.12,
  window: 2000,
  minReviewQuoteScore: 0.5,
  diffTimeoutMs: 4000,
  maxOccurrences: 20_000,
};

// ---------------------------------------------------------------------------------------------
// Characters

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

let graphemes: Intl.Segmenter | undefined;

/**
 * Characters that never extend, join or prefix a grapheme cluster: Latin below the combining
 * marks, basic Greek and Cyrillic, the general punctuation quotes and dashes, Arabic letters
 * and digits (not its marks).
 */
const isPlainBase = (c: number) =>
  c < 0x300 || (c >= 0x370 && c < 0x483) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x621 && c <= 0x64a) || (c >= 0x660 && c <= 0x66d);

/** Whether `pos` is a grapheme cluster boundary of `text` (text ends count as boundaries). */
export function isGraphemeBoundary(text: string, pos: number): boolean {
  if (pos <= 0 || pos >= text.length) return true;
  const before = text.charCodeAt(pos - 1);
  const at = text.charCodeAt(pos);
  if (isHigh(before) && isLow(at)) return false;
  // Between two of these nothing extends or joins a cluster (CR LF aside).
  if (isPlainBase(at) && isPlainBase(before) && !(before === 0x0d && at === 0x0a)) return true;
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  let from = Math.max(0, pos - 24);
  if (from > 0 && isLow(text.charCodeAt(from))) from--;
  const to = Math.min(text.length, pos + 24);
  for (const { index } of graphemes.segment(text.slice(from, to))) {
    if (from + index === pos) return true;
    if (from + index > pos) return false;
  }
  return false;
}

const WORD = /[\p{L}\p{M}\p{N}]/u;

/** Whether the code point ending at `pos` (before) or starting there (after) is a letter, mark or digit. */
function isWordAt(text: string, pos: number, before: boolean): boolean {
  if (before ? pos <= 0 : pos >= text.length) return false;
  let i = before ? pos - 1 : pos;
  if (before && i > 0 && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) i--;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  return WORD.test(String.fromCodePoint(text.codePointAt(i)!));
}

/** Whether `pos` separates a word character from a non-word one (or is a text end). */
export function isWordBoundary(text: string, pos: number): boolean {
  return isWordAt(text, pos, true) !== isWordAt(text, pos, false);
}

// ---------------------------------------------------------------------------------------------
// Edit distance and context agreement

let rowA = new Int32Array(128);
let rowB = new Int32Array(128);

/** Levenshtein distance in UTF-16 units. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  if (rowA.length <= n) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    const ca = a.charCodeAt(i - 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}

const similarity = (a: string, b: string) => (a === b ? 1 : 1 - editDistance(a, b) / Math.max(a.length, b.length));

/**
 * How well the stored prefix and suffix agree with the text around [start, end) of `text`:
 * each side is compared with as many units as it has (so a short prefix, from near the start
 * of the old text, is compared with as short a stretch) and the two are averaged. An empty
 * side (the old highlight touched the start or end of the text) counts only where the
 * candidate touches the same end; the candidate there scores 1 on it.
 */
export function contextScore(text: string, start: number, end: number, prefix: string, suffix: string): number {
  let total = 0;
  let sides = 0;
  if (prefix.length > 0) {
    total += similarity(prefix, text.slice(Math.max(0, start - prefix.length), start));
    sides++;
  } else if (start === 0) {
    total += 1;
    sides++;
  }
  if (suffix.length > 0) {
    total += similarity(suffix, text.slice(end, end + suffix.length));
    sides++;
  } else if (end === text.length) {
    total += 1;
    sides++;
  }
  return sides === 0 ? 0.5 : total / sides;
}

// Bit-parallel edit distance (Myers 1999, in Hyyro's formulation for the distance between two
// whole strings) for a pattern of at most 32 units: one pass over the other string with a few
// 32-bit operations per unit. The stored prefix and suffix are the patterns, loaded once per
// highlight; each occurrence of its quote is then scored without allocating.
const BITS = 32;
/** Context compared around a place (QUOTE_CONTEXT_LENGTH of src/shared/types.ts, which fits BITS). */
const CONTEXT = Math.min(BITS, QUOTE_CONTEXT_LENGTH);
const peqPrefix = new Int32Array(65536);
const peqSuffix = new Int32Array(65536);

function loadPattern(peq: Int32Array, pattern: string): void {
  for (let i = 0; i < pattern.length; i++) peq[pattern.charCodeAt(i)] |= 1 << i;
}

function clearPattern(peq: Int32Array, pattern: string): void {
  for (let i = 0; i < pattern.length; i++) peq[pattern.charCodeAt(i)] = 0;
}

/** Edit distance between the loaded pattern (length m, 1..32) and text[from, to). */
function bitDistance(peq: Int32Array, m: number, text: string, from: number, to: number): number {
  if (to <= from) return m;
  let pv = m === BITS ? -1 : ((1 << m) - 1) | 0;
  let mv = 0;
  let score = m;
  const top = 1 << (m - 1);
  for (let j = from; j < to; j++) {
    const eq = peq[text.charCodeAt(j)];
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & top) score++;
    else if (mh & top) score--;
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  return score;
}

/** Edit distance of `a` and `b` by the bit-parallel pass (tests compare it with editDistance). */
export function bitParallelDistance(a: string, b: string): number {
  if (a.length > BITS) return editDistance(a, b);
  if (a.length === 0) return b.length;
  loadPattern(peqPrefix, a);
  try {
    return bitDistance(peqPrefix, a.length, b, 0, b.length);
  } finally {
    clearPattern(peqPrefix, a);
  }
}

/**
 * contextScore for one highlight's prefix and suffix against many places, fast. Call
 * `release` when done (the pattern tables are shared).
 */
function contextMatcher(prefix: string, suffix: string): { score: (text: string, start: number, end: number) => number; release: () => void } {
  if (prefix.length > BITS || suffix.length > BITS) return { score: (text, start, end) => contextScore(text, start, end, prefix, suffix), release: () => {} };
  loadPattern(peqPrefix, prefix);
  loadPattern(peqSuffix, suffix);
  const p = prefix.length;
  const q = suffix.length;
  return {
    score(text, start, end) {
      let total = 0;
      let sides = 0;
      if (p > 0) {
        const from = Math.max(0, start - p);
        total += 1 - bitDistance(peqPrefix, p, text, from, start) / Math.max(p, start - from);
        sides++;
      } else if (start === 0) {
        total += 1;
        sides++;
      }
      if (q > 0) {
        const to = Math.min(text.length, end + q);
        total += 1 - bitDistance(peqSuffix, q, text, end, to) / Math.max(q, to - end);
        sides++;
      } else if (end === text.length) {
        total += 1;
        sides++;
      }
      return sides === 0 ? 0.5 : total / sides;
    },
    release() {
      clearPattern(peqPrefix, prefix);
      clearPattern(peqSuffix, suffix);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The diff: one old -> new position map

/**
 * The changed regions of a diff, in order: old [oldStart[i], oldEnd[i]) became new
 * [newStart[i], newEnd[i]); everything between two regions is unchanged. A pure insertion has
 * oldStart = oldEnd, a pure deletion newStart = newEnd.
 */
export interface TextDiff {
  oldLength: number;
  newLength: number;
  oldStart: Int32Array;
  oldEnd: Int32Array;
  newStart: Int32Array;
  newEnd: Int32Array;
  /**
   * What each region may touch under any equally cheap alignment, in doubled coordinates (old
   * character i is [2i, 2i + 2), the point between characters i - 1 and i is 2i): extentLo
   * sorted, extentMaxHi the running maximum of the extents' ends.
   */
  extentLo: Int32Array;
  extentHi: Int32Array;
  extentMaxHi: Int32Array;
  /** The regions themselves in the same doubled coordinates (what this diff's alignment touches). */
  regionLo: Int32Array;
  regionHi: Int32Array;
  regionMaxHi: Int32Array;
}

const DELETE = -1;
const INSERT = 1;
const EQUAL = 0;
/** How far an edit is slid along repeated text before giving up (pathological inputs only). */
const MAX_SLIDE = 4096;

/**
 * Content-defined token ends: after a sentence's final punctuation and the spaces after it,
 * after each line break, and in a long run without either, after a space (or, past 2,000
 * units without spaces, any code point boundary) chosen by a hash of the 8 units before it.
 * The same text splits the same way wherever it stands, so an edit disturbs only its tokens.
 */
function tokenEnds(text: string, from: number, to: number): number[] {
  const ends: number[] = [];
  let start = from;
  let hash = 0;
  const POW8 = 31 ** 8 >>> 0; // 31^8 mod 2^32: the rolling hash covers the last 8 units
  let afterStop = false; // the last non-space unit ended a sentence
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    hash = (Math.imul(hash, 31) + c) | 0;
    if (i - 8 >= from) hash = (hash - Math.imul(text.charCodeAt(i - 8), POW8)) | 0;
    const next = i + 1 < to ? text.charCodeAt(i + 1) : -1;
    const size = i + 1 - start;
    let cut = false;
    if (c === 0x0a) cut = true;
    else if (c === 0x20) cut = (afterStop && next !== 0x20 && next !== 0x0a) || (size >= 240 && (hash & 15) === 0);
    else {
      const stop = c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x3002 || c === 0xff01 || c === 0xff1f;
      const closer = c === 0x201d || c === 0x22 || c === 0x29 || c === 0x2019;
      afterStop = stop || (closer && afterStop);
      if (!isHigh(c)) cut = (size >= 2000 && (hash & 63) === 0) || size >= 16_000;
    }
    if (cut) {
      ends.push(i + 1);
      start = i + 1;
      afterStop = false;
    }
  }
  if (start < to) ends.push(to);
  return ends;
}

/**
 * Diffs sentence-sized tokens first (each distinct token becomes one UTF-16 unit, as
 * diff-match-patch's line mode does with lines), then characters inside each changed block,
 * cleaned up to word boundaries. About 10 ms per changed percent of a 1 MB text.
 */
function diffOps(oldText: string, newText: string, timeoutMs: number): Array<[number, string]> {
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = timeoutMs / 1000;
  const ops: Array<[number, string]> = [];
  // Common ends first: the usual case is a small change in a long text.
  let head = 0;
  const minLen = Math.min(oldText.length, newText.length);
  while (head < minLen && oldText.charCodeAt(head) === newText.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < minLen - head && oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)) tail++;
  // Never split a surrogate pair between the common part and the rest.
  while (head > 0 && isLow(oldText.charCodeAt(head))) head--;
  while (tail > 0 && isHigh(oldText.charCodeAt(oldText.length - tail - 1))) tail--;
  if (head > 0) ops.push([EQUAL, oldText.slice(0, head)]);
  const a = oldText.slice(head, oldText.length - tail);
  const b = newText.slice(head, newText.length - tail);
  const charDiff = (x: string, y: string) => {
    if (!x) ops.push([INSERT, y]);
    else if (!y) ops.push([DELETE, x]);
    else {
      const d = dmp.diff_main(x, y, false);
      dmp.diff_cleanupSemantic(d);
      for (const op of d) ops.push(op);
    }
  };
  if (a || b) {
    // Tokens to single units.
    const dictionary = new Map<string, number>();
    const tokens: string[] = [];
    const encode = (text: string, offset: number, length: number): string | null => {
      const units: number[] = [];
      let s = offset;
      for (const end of tokenEnds(text, offset, offset + length)) {
        const token = text.slice(s, end);
        let code = dictionary.get(token);
        if (code === undefined) {
          if (tokens.length >= 0xffff) return null;
          code = tokens.length;
          dictionary.set(token, code);
          tokens.push(token);
        }
        units.push(code);
        s = end;
      }
      let out = '';
      for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
      return out;
    };
    const ta = encode(oldText, head, a.length);
    const tb = ta === null ? null : encode(newText, head, b.length);
    if (ta === null || tb === null) {
      charDiff(a, b); // more than 65,535 distinct tokens: characters only (slower, coarser when timed out)
    } else {
      const decode = (units: string) => {
        let out = '';
        for (let i = 0; i < units.length; i++) out += tokens[units.charCodeAt(i)];
        return out;
      };
      const coarse = dmp.diff_main(ta, tb, false);
      // A lone unchanged sentence between changed ones may be the wrong one of two identical
      // sentences (a tie of the sentence-level diff): let the character diff redo such blocks.
      dmp.diff_cleanupSemantic(coarse);
      let del = '';
      let ins = '';
      const flush = () => {
        if (del || ins) charDiff(del, ins);
        del = '';
        ins = '';
      };
      for (const [op, units] of coarse) {
        if (op === EQUAL) {
          flush();
          ops.push([EQUAL, decode(units)]);
        } else if (op === DELETE) del += decode(units);
        else ins += decode(units);
      }
      flush();
    }
  }
  if (tail > 0) ops.push([EQUAL, oldText.slice(oldText.length - tail)]);
  // Each lone insertion or deletion shifted to the best boundary it can slide to (a blank line,
  // a sentence end, a space): the common ends trimmed above may have split a word.
  dmp.diff_cleanupMerge(ops);
  dmp.diff_cleanupSemanticLossless(ops);
  return ops;
}

/** The position map of `oldText` -> `newText` (exported for tests and other mappings). */
export function diffTexts(oldText: string, newText: string, timeoutMs = DEFAULTS.diffTimeoutMs): TextDiff {
  const oldStart: number[] = [];
  const oldEnd: number[] = [];
  const newStart: number[] = [];
  const newEnd: number[] = [];
  if (oldText !== newText) {
    let o = 0;
    let n = 0;
    let open = false;
    for (const [op, text] of diffOps(oldText, newText, timeoutMs)) {
      if (!text) continue;
      if (op === EQUAL) {
        open = false;
        o += text.length;
        n += text.length;
        continue;
      }
      if (!open) {
        oldStart.push(o);
        oldEnd.push(o);
        newStart.push(n);
        newEnd.push(n);
        open = true;
      }
      const r = oldStart.length - 1;
      if (op === DELETE) oldEnd[r] = o += text.length;
      else newEnd[r] = n += text.length;
    }
  }
  const count = oldStart.length;
  // Slides: the same diff with an edit shifted along text that repeats is as cheap, so an
  // edit may really have been anywhere in its slide range.
  const extents: Array<[number, number]> = [];
  for (let r = 0; r < count; r++) {
    const a = oldStart[r];
    const b = oldEnd[r];
    const c = newStart[r];
    const d = newEnd[r];
    const roomLeft = Math.min(MAX_SLIDE, r > 0 ? a - oldEnd[r - 1] : a);
    const roomRight = Math.min(MAX_SLIDE, (r + 1 < count ? oldStart[r + 1] : oldText.length) - b);
    let left = 0;
    let right = 0;
    if (b > a) {
      while (left < roomLeft && oldText.charCodeAt(a - 1 - left) === oldText.charCodeAt(b - 1 - left)) left++;
      while (right < roomRight && oldText.charCodeAt(a + right) === oldText.charCodeAt(b + right)) right++;
    }
    if (d > c) {
      let l = 0;
      let rr = 0;
      while (l < roomLeft && newText.charCodeAt(c - 1 - l) === newText.charCodeAt(d - 1 - l)) l++;
      while (rr < roomRight && newText.charCodeAt(c + rr) === newText.charCodeAt(d + rr)) rr++;
      left = Math.max(left, l);
      right = Math.max(right, rr);
    }
    // Characters [a - left, b + right); a pure insertion, the points a - left .. a + right.
    extents.push(b > a ? [2 * (a - left), 2 * (b + right)] : [2 * (a - left), 2 * (a + right) + 1]);
  }
  const own: Array<[number, number]> = [];
  for (let r = 0; r < count; r++) own.push(oldEnd[r] > oldStart[r] ? [2 * oldStart[r], 2 * oldEnd[r]] : [2 * oldStart[r], 2 * oldStart[r] + 1]);
  const [extentLo, extentHi, extentMaxHi] = intervalIndex(extents);
  const [regionLo, regionHi, regionMaxHi] = intervalIndex(own);
  return {
    oldLength: oldText.length,
    newLength: newText.length,
    oldStart: Int32Array.from(oldStart),
    oldEnd: Int32Array.from(oldEnd),
    newStart: Int32Array.from(newStart),
    newEnd: Int32Array.from(newEnd),
    extentLo,
    extentHi,
    extentMaxHi,
    regionLo,
    regionHi,
    regionMaxHi,
  };
}

/** Intervals sorted by start, with the running maximum of their ends (for `meets`). */
function intervalIndex(intervals: Array<[number, number]>): [Int32Array, Int32Array, Int32Array] {
  intervals.sort((x, y) => x[0] - y[0]);
  const lo = new Int32Array(intervals.length);
  const hi = new Int32Array(intervals.length);
  const maxHi = new Int32Array(intervals.length);
  let max = -1;
  intervals.forEach(([a, b], i) => {
    lo[i] = a;
    hi[i] = b;
    max = Math.max(max, b);
    maxHi[i] = max;
  });
  return [lo, hi, maxHi];
}

/** Whether any of the indexed intervals meets the doubled-coordinate interval [lo, hi). */
function meets(starts: Int32Array, maxEnds: Int32Array, lo: number, hi: number): boolean {
  // Last interval starting before hi; some interval up to it ends after lo iff the running max does.
  const idx = lastAtMost(starts, hi - 1);
  return idx >= 0 && maxEnds[idx] > lo;
}

/** Whether an edit may touch doubled-coordinate [lo, hi) under any equally cheap alignment. */
const touches = (diff: TextDiff, lo: number, hi: number) => meets(diff.extentLo, diff.extentMaxHi, lo, hi);

/** Whether an edit touches doubled-coordinate [lo, hi) in this diff's own alignment. */
const touchedHere = (diff: TextDiff, lo: number, hi: number) => meets(diff.regionLo, diff.regionMaxHi, lo, hi);

/** Index of the last region with oldEnd <= p (or -1). */
function lastRegionEndingBy(diff: TextDiff, p: number): number {
  return lastAtMost(diff.oldEnd, p);
}

/**
 * New offset of old offset p. Inside a changed region: its new start (`side` 'start') or new
 * end ('end'); in unchanged text, shifted like the text; an insertion exactly at p counts
 * as before p.
 */
export function mapOffset(diff: TextDiff, p: number, side: 'start' | 'end' = 'start'): number {
  const r = lastRegionEndingBy(diff, p);
  const next = r + 1;
  if (next < diff.oldStart.length && diff.oldStart[next] < p) return side === 'start' ? diff.newStart[next] : diff.newEnd[next];
  if (r < 0) return p;
  // An end just before an insertion stays before it.
  if (side === 'end' && diff.oldStart[r] === p && diff.oldEnd[r] === p) return diff.newStart[r];
  return p - diff.oldEnd[r] + diff.newEnd[r];
}

/**
 * Whether new [c0, c1) contains text that the diff maps back to old text outside [s, e):
 * a passage of the old version other than the highlight's own.
 */
function isForeign(diff: TextDiff, c0: number, c1: number, s: number, e: number): boolean {
  // Walk the unchanged stretches of the new text that meet [c0, c1).
  let r = lastAtMost(diff.newEnd, c0); // last region with newEnd <= c0
  for (; ; r++) {
    // Unchanged stretch after region r (or from the start): new [x0, x1) = old [x0 - delta, ...).
    const x0 = r < 0 ? 0 : diff.newEnd[r];
    const x1 = r + 1 < diff.newStart.length ? diff.newStart[r + 1] : diff.newLength;
    if (x0 >= c1) return false;
    const lo = Math.max(x0, c0);
    const hi = Math.min(x1, c1);
    if (hi > lo) {
      const delta = r < 0 ? 0 : diff.newEnd[r] - diff.oldEnd[r];
      if (lo - delta < s || hi - delta > e) return true;
    }
    if (r + 1 >= diff.newStart.length) return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Finding every occurrence of a quote: an index of the text's 8-unit grams (hash chains, as
// LZ77 compressors keep them), built once per text when first needed. A quote is looked up by
// its rarest gram and each hit verified, instead of scanning 1 MB per highlight.

const GRAM = 8;
const TABLE_BITS = 16;
const GRAM_BASE = 0x01000193;
const GRAM_POW = (() => {
  let p = 1;
  for (let i = 0; i < GRAM; i++) p = Math.imul(p, GRAM_BASE);
  return p;
})();

interface GramIndex {
  text: string;
  /** Last position of each gram hash (-1: none). */
  head: Int32Array;
  /** Previous position with the same gram hash. */
  prev: Int32Array;
  /** Positions per gram hash. */
  count: Int32Array;
}

const slot = (h: number) => Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> (32 - TABLE_BITS);

function buildGramIndex(text: string): GramIndex {
  const head = new Int32Array(1 << TABLE_BITS).fill(-1);
  const count = new Int32Array(1 << TABLE_BITS);
  const prev = new Int32Array(Math.max(0, text.length - GRAM + 1));
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    h = (Math.imul(h, GRAM_BASE) + text.charCodeAt(i)) | 0;
    if (i >= GRAM) h = (h - Math.imul(text.charCodeAt(i - GRAM), GRAM_POW)) | 0;
    if (i >= GRAM - 1) {
      const p = i - GRAM + 1;
      const k = slot(h);
      prev[p] = head[k];
      head[k] = p;
      count[k]++;
    }
  }
  return { text, head, prev, count };
}

/** Every start of `exact` in the indexed text (any order), or null past `limit` of them. */
function occurrencesOf(index: GramIndex, exact: string, limit: number): number[] | null {
  const { text } = index;
  const out: number[] = [];
  if (exact.length < GRAM) {
    for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
      if (out.length >= limit) return null;
      out.push(at);
    }
    return out;
  }
  // The rarest gram of the quote.
  let bestKey = 0;
  let bestOffset = 0;
  let bestCount = Infinity;
  let h = 0;
  for (let i = 0; i < exact.length; i++) {
    h = (Math.imul(h, GRAM_BASE) + exact.charCodeAt(i)) | 0;
    if (i >= GRAM) h = (h - Math.imul(exact.charCodeAt(i - GRAM), GRAM_POW)) | 0;
    if (i >= GRAM - 1) {
      const k = slot(h);
      if (index.count[k] < bestCount) {
        bestCount = index.count[k];
        bestKey = k;
        bestOffset = i - GRAM + 1;
        if (bestCount === 0) return out;
      }
    }
  }
  for (let p = index.head[bestKey]; p >= 0; p = index.prev[p]) {
    const at = p - bestOffset;
    if (at >= 0 && text.startsWith(exact, at)) {
      if (out.length >= limit) return null;
      out.push(at);
    }
  }
  return out;
}

/** What one reanchor call shares across its highlights. */
interface Work {
  oldText: string;
  newText: string;
  diff: TextDiff;
  opts: Required<ReanchorOptions>;
  oldIndex?: GramIndex;
  newIndex?: GramIndex;
}

const newIndexOf = (w: Work) => (w.newIndex ??= buildGramIndex(w.newText));
const oldIndexOf = (w: Work) => (w.oldIndex ??= buildGramIndex(w.oldText));

// ---------------------------------------------------------------------------------------------
// Re-anchoring

interface Occurrence {
  start: number;
  context: number;
  distance: number;
}

/**
 * Re-anchors highlights made on `oldText` to `newText`. Returns one result per input, in input
 * order. See the top of this file for the rules; `options` tunes the thresholds.
 */
export function reanchor<Id>(oldText: string, newText: string, anchors: ReadonlyArray<AnchorInput<Id>>, options: ReanchorOptions = {}): AnchorResult<Id>[] {
  const opts = { ...DEFAULTS, ...options };
  const work: Work = { oldText, newText, diff: diffTexts(oldText, newText, opts.diffTimeoutMs), opts };
  return anchors.map((anchor) => reanchorOne(work, anchor));
}

/** The same, with a diff computed once (diffTexts) for several calls. */
export function reanchorWithDiff<Id>(oldText: string, newText: string, diff: TextDiff, anchors: ReadonlyArray<AnchorInput<Id>>, options: ReanchorOptions = {}): AnchorResult<Id>[] {
  const work: Work = { oldText, newText, diff, opts: { ...DEFAULTS, ...options } };
  return anchors.map((anchor) => reanchorOne(work, anchor));
}

function reanchorOne<Id>(work: Work, anchor: AnchorInput<Id>): AnchorResult<Id> {
  const { oldText, newText, diff, opts } = work;
  const { id, exact, prefix, suffix } = anchor;
  const s = anchor.start;
  const e = anchor.end;
  const length = exact.length;
  if (length === 0) return { id, status: 'orphaned' };
  // The position selector is trusted only if it still points at the quote in the old text.
  const consistent = Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e - s === length && e <= oldText.length && oldText.startsWith(exact, s);
  const splitsPair = (c: number) => c > 0 && c < newText.length && isHigh(newText.charCodeAt(c - 1)) && isLow(newText.charCodeAt(c));
  // Where the old range began and ended on a word or character boundary, so must the new one.
  const boundaryKept = (o: number, c: number) =>
    !splitsPair(c) && (!consistent || ((!isGraphemeBoundary(oldText, o) || isGraphemeBoundary(newText, c)) && (!isWordBoundary(oldText, o) || isWordBoundary(newText, c))));
  const boundariesKept = (c0: number, c1: number) => boundaryKept(s, c0) && boundaryKept(e, c1);
  const applied = (start: number, via: 'position' | 'search', score: number): AnchorResult<Id> => ({
    id,
    status: consistent && start === s ? 'kept' : 'moved',
    start,
    end: start + length,
    contextScore: score,
    via,
  });

  // 1. Position: the text and its context unchanged under every alignment of the diff.
  // (`mapped`: where this diff's alignment puts the text when it leaves it unchanged.)
  let mapped = -1;
  if (consistent && !touchedHere(diff, 2 * s + 1, 2 * e)) mapped = mapOffset(diff, s, 'start');
  if (mapped >= 0 && !touches(diff, 2 * s + 1, 2 * e)) {
    const lo = s - prefix.length;
    const hi = e + suffix.length;
    const contextUntouched =
      lo >= 0 && hi <= oldText.length && oldText.startsWith(prefix, lo) && oldText.startsWith(suffix, e) && !touches(diff, lo === 0 ? 0 : 2 * lo + 1, hi === oldText.length ? 2 * hi + 1 : 2 * hi);
    // (With the same text on both sides, the boundaries are what they were.)
    if (contextUntouched) return applied(mapped, 'position', 1);
  }
  const expected = mapped >= 0 ? mapped : consistent ? mapOffset(diff, s, 'start') : Math.round((Math.min(s, oldText.length) * newText.length) / Math.max(1, oldText.length));

  // 2. Search: every exact occurrence, scored on context.
  const starts = occurrencesOf(newIndexOf(work), exact, opts.maxOccurrences);
  if (starts === null) {
    // Too many copies to weigh one by one: the likeliest place, for review.
    return mapped >= 0 ? review(id, 'ambiguous', mapped, mapped + length, 1, contextScore(newText, mapped, mapped + length, prefix, suffix)) : { id, status: 'orphaned' };
  }
  const occurrences: Occurrence[] = [];
  const matcher = contextMatcher(prefix, suffix);
  try {
    for (const at of starts) occurrences.push({ start: at, context: matcher.score(newText, at, at + length), distance: Math.abs(at - expected) });
  } finally {
    matcher.release();
  }
  if (occurrences.length > 0) {
    occurrences.sort((x, y) => y.context - x.context || x.distance - y.distance || x.start - y.start);
    const best = occurrences[0];
    const own = mapped >= 0 ? occurrences.find((o) => o.start === mapped) : undefined;
    let reason: ReviewReason | null = null;
    if (own) {
      // Its own text, unchanged in place, with changes around it: applied unless another
      // occurrence, not accounted for by a copy of the old version, agrees nearly as well.
      const threshold = own.context - opts.minMargin;
      let ownWide = -1;
      let twinNearby: boolean | undefined;
      const wide = (at: number) => wideContextScore(oldText, s, e, newText, at, at + length);
      const rival = occurrences.find(
        (o) =>
          o !== own &&
          o.context > threshold &&
          !claimedByOldCopy(oldText, newText, diff, own, o, length, s, e, opts.minMargin) &&
          // The old text has more context than the stored selector: if the wider context clearly
          // prefers the diff's place, the rival is a look-alike, not a better place. (Unless the
          // wider context runs through another copy of the words that the diff changed: then
          // it favours the diff's place by that copy, and a rival the stored context prefers
          // may be the highlight's own, moved, the diff's place the copy's.)
          ((o.context > own.context && (twinNearby ??= changedCopyNear(work, exact, s, e))) ||
            wide(o.start) > (ownWide < 0 ? (ownWide = wide(own.start)) : ownWide) - opts.minMargin),
      );
      if (own.context < opts.minMappedContextScore) reason = 'context';
      else if (rival) reason = 'ambiguous';
      else if (!boundariesKept(own.start, own.start + length)) reason = 'boundary';
      else if (own.context < 1 - opts.minMargin && fitsAnotherOldPassage(work, exact, own, s, opts.minMargin)) reason = 'other-copy';
      else return applied(own.start, 'position', own.context);
      // Beside its own place, unless another occurrence agrees better.
      if (reason === 'boundary' || reason === 'other-copy' || best.context <= own.context) return review(id, reason, own.start, own.start + length, 1, own.context);
    } else {
      // Found elsewhere (a moved sentence): unique or clearly the best, agreeing, and not a
      // passage that the old version had elsewhere.
      const runnerUp = occurrences[1];
      if (best.context < opts.minContextScore) reason = 'context';
      else if (runnerUp && best.context - runnerUp.context < opts.minMargin) reason = 'ambiguous';
      else if (isForeign(diff, best.start, best.start + length, consistent ? s : -1, consistent ? e : -1)) reason = 'other-copy';
      else if (consistent && insideOwnEdit(diff, best.start, best.start + length, s, e)) reason = 'changed';
      else if (consistent && partlyInPlace(oldText, diff, s, e)) reason = 'changed';
      else if (consistent && !cameWithItsSentences(oldText, newText, s, e, best.start)) reason = 'context';
      else if (consistent && best.context < 1 - opts.minMargin && leftNothingBehind(oldText, diff, s, e)) reason = 'context';
      else if (fitsAnotherOldPassage(work, exact, best, consistent ? s : -1, 0)) reason = 'other-copy';
      else if (!boundariesKept(best.start, best.start + length)) reason = 'boundary';
      else return applied(best.start, 'search', best.context);
    }
    return review(id, reason, best.start, best.start + length, 1, best.context);
  }

  // 3. The text itself changed: what the old range became, or a fuzzy match near it.
  let candidate: Candidate | null = null;
  const consider = (c0: number, c1: number) => {
    while (c0 > 0 && c0 < newText.length && !isGraphemeBoundary(newText, c0)) c0--;
    while (c1 < newText.length && c1 > c0 && !isGraphemeBoundary(newText, c1)) c1++;
    if (c1 <= c0) return;
    const quote = quoteSimilarity(exact, newText.slice(c0, c1));
    const context = contextScore(newText, c0, c1, prefix, suffix);
    const score = (quote + context) / 2;
    if (!candidate || score > candidate.score) candidate = { start: c0, end: c1, score, quoteScore: quote, contextScore: context };
  };
  if (consistent) consider(mapOffset(diff, s, 'start'), mapOffset(diff, e, 'end'));
  const mappedCandidate = candidate as Candidate | null;
  if (!mappedCandidate || mappedCandidate.quoteScore < opts.minReviewQuoteScore) {
    const fuzzy = fuzzyNear(newText, exact, expected, opts.window);
    if (fuzzy) consider(fuzzy[0], fuzzy[1]);
  }
  const found = candidate as Candidate | null;
  if (found && found.quoteScore >= opts.minReviewQuoteScore) return { id, status: 'review', reason: 'changed', candidate: found };
  return { id, status: 'orphaned' };
}

/** Context compared by wideContextScore on each side. */
const WIDE_CONTEXT = 128;

/**
 * contextScore with WIDE_CONTEXT units of the old text around [s, e) on each side instead of
 * the stored 32: how well the text around new [c0, c1) continues as the old text did.
 */
function wideContextScore(oldText: string, s: number, e: number, newText: string, c0: number, c1: number): number {
  const before = oldText.slice(Math.max(0, s - WIDE_CONTEXT), s);
  const after = oldText.slice(e, e + WIDE_CONTEXT);
  return contextScore(newText, c0, c1, before, after);
}

/**
 * Whether another occurrence of the quote in the old text, within the wide context of the
 * highlight's [s, e) (WIDE_CONTEXT units each way), was changed by the diff: two copies of the
 * same words side by side (a sentence repeated), one of them edited, the diff choosing which.
 */
function changedCopyNear(work: Work, exact: string, s: number, e: number): boolean {
  const starts = occurrencesOf(oldIndexOf(work), exact, work.opts.maxOccurrences);
  if (starts === null) return true;
  return starts.some((at) => at !== s && at + exact.length > s - WIDE_CONTEXT && at < e + WIDE_CONTEXT && touchedHere(work.diff, 2 * at, 2 * (at + exact.length)));
}

/**
 * Whether occurrence `o` of the quote is accounted for by another passage of the old version:
 * the diff maps it, unchanged, to an old copy of the same words (not the highlight's own
 * [s, e)), and the diff's assignment (the highlight at `own`, that copy at `o`) fits both
 * stored contexts clearly better than the swap (the highlight at `o`, the copy at `own`).
 */
function claimedByOldCopy(oldText: string, newText: string, diff: TextDiff, own: Occurrence, o: Occurrence, length: number, s: number, e: number, margin: number): boolean {
  const old = unchangedOrigin(diff, o.start, o.start + length);
  if (old < 0 || old === s || (old < e && old + length > s)) return false;
  const theirs = quoteSelector(oldText, old, old + length);
  const fit = (at: number) => contextScore(newText, at, at + length, theirs.prefix, theirs.suffix);
  return own.context + fit(o.start) >= o.context + fit(own.start) + margin;
}

/**
 * Whether another occurrence of the quote in the old text (not the highlight's own, at `s`)
 * has a context that fits the text around occurrence `o` at least `by` better than the
 * highlight's does: then `o` may as well be that passage, moved or copied (another sentence
 * with the same words), or the diff paired the wrong one of two copies.
 */
function fitsAnotherOldPassage(work: Work, exact: string, o: Occurrence, s: number, by: number): boolean {
  const { oldText, newText } = work;
  const length = exact.length;
  const starts = occurrencesOf(oldIndexOf(work), exact, work.opts.maxOccurrences);
  if (starts === null) return true;
  // The text around `o` is the pattern here, the old contexts the texts (edit distance is symmetric).
  const before = newText.slice(Math.max(0, o.start - CONTEXT), o.start);
  const after = newText.slice(o.start + length, o.start + length + CONTEXT);
  const matcher = contextMatcher(before, after);
  try {
    return starts.some((at) => at !== s && matcher.score(oldText, at, at + length) >= o.context + by);
  } finally {
    matcher.release();
  }
}

/**
 * Whether new [c0, c1) overlaps the new text of an edit that changed the highlight's old
 * [s, e): its words reappearing inside the text that replaced them are not its text.
 */
function insideOwnEdit(diff: TextDiff, c0: number, c1: number, s: number, e: number): boolean {
  for (let r = Math.max(0, lastRegionEndingBy(diff, s)); r < diff.oldStart.length && diff.oldStart[r] <= e; r++) {
    const a = diff.oldStart[r];
    const b = diff.oldEnd[r];
    const touching = b > a ? a < e && b > s : a > s && a < e;
    if (touching && diff.newStart[r] < c1 && diff.newEnd[r] > c0) return true;
  }
  return false;
}

const isStop = (c: number) => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x3002 || c === 0xff01 || c === 0xff1f;
const isCloser = (c: number) => c === 0x201d || c === 0x22 || c === 0x29 || c === 0x2019;
const isBlank = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0;

/** Whether a sentence (or line) ends just before `p`: after its final punctuation (and closing quotes), before a blank, or at a line break. */
function sentenceEndsAt(text: string, p: number): boolean {
  if (p <= 0 || p >= text.length) return true;
  const c = text.charCodeAt(p);
  if (text.charCodeAt(p - 1) === 0x0a || c === 0x0a) return true;
  if (!isBlank(c)) return false;
  let i = p - 1;
  while (i > 0 && isCloser(text.charCodeAt(i))) i--;
  return isStop(text.charCodeAt(i));
}

/**
 * The sentences old [s, e) stands in, as [from, to): from the start of the first (after the
 * blanks that follow the sentence before it, or a line break) to the end of the last (after
 * its final punctuation), at most WIDE_CONTEXT units beyond [s, e) each way.
 */
function sentencesAround(oldText: string, s: number, e: number): [number, number] {
  let from = s;
  while (from > s - WIDE_CONTEXT && from > 0 && oldText.charCodeAt(from - 1) !== 0x0a && !(isBlank(oldText.charCodeAt(from - 1)) && sentenceEndsAt(oldText, from - 1))) from--;
  let to = e;
  while (to < e + WIDE_CONTEXT && to < oldText.length && !sentenceEndsAt(oldText, to)) to++;
  return [from, to];
}

/** Whether the diff keeps old offset i unchanged where it was. */
function inPlace(diff: TextDiff, i: number): boolean {
  const r = lastRegionEndingBy(diff, i);
  return r + 1 >= diff.oldStart.length || diff.oldStart[r + 1] > i;
}

/**
 * Whether the diff keeps, unchanged where it was, a letter, mark or digit of the highlight's
 * old [s, e) or the nearest one on either side of it in its sentences: then its words were
 * edited in place rather than moved away with their sentence, and an occurrence of them
 * elsewhere is another passage. A copy of boilerplate inserted elsewhere while the
 * highlight's own copy was edited or lost the highlighted word ("The claims could not…" ->
 * "The claims not…"), or a sentence moved away from the rest of a highlight that spanned two
 * ("year. Analysts say" whose "Analysts say" stayed). Farther words of its sentences count
 * only when the changes that took the highlight lie within those sentences: the far ends of a
 * moved sentence may stay by the diff, when the sentence after it begins or the one before it
 * ends with the same words ("The …" after "The …").
 */
function partlyInPlace(oldText: string, diff: TextDiff, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (isWordAt(oldText, i, false) && inPlace(diff, i)) return true;
  const [from, to] = sentencesAround(oldText, s, e);
  let before = s - 1;
  while (before >= from && !isWordAt(oldText, before, false)) before--;
  if (before >= from && inPlace(diff, before)) return true;
  let after = e;
  while (after < to && !isWordAt(oldText, after, false)) after++;
  if (after < to && inPlace(diff, after)) return true;
  // Words deleted around the highlight with it ("All figures are estimates…" -> "All and may
  // change."): the changes that took it lie within its sentences, which keep words in place
  // around them. (A moved sentence's deletion reaches its ends, or past them when slid.)
  const count = diff.oldStart.length;
  let a = -1;
  let b = -1;
  // The regions that meet [s, e) (end after s, start before e).
  for (let r = lastRegionEndingBy(diff, s) + 1; r < count && diff.oldStart[r] < e; r++) {
    if (a < 0) a = diff.oldStart[r];
    b = diff.oldEnd[r];
  }
  if (a < 0 || a < from || b > to || (a === from && b === to)) return false;
  for (let i = from; i < to; i++) if ((i < a || i >= b) && isWordAt(oldText, i, false) && inPlace(diff, i)) return true;
  return false;
}

/**
 * Whether neither neighbour of the sentences old [s, e) stands in (the nearest letter, mark
 * or digit before them and after them) stays where it was by the diff: the highlight's
 * surroundings went with it (a paragraph deleted). A sentence moved on its own leaves its
 * neighbours behind; a moved paragraph brings them along, and then the stored context agrees
 * at its new place. Else the same sentence elsewhere, in other company, is as likely a copy
 * (boilerplate inserted there) as the highlight's own sentence.
 */
function leftNothingBehind(oldText: string, diff: TextDiff, s: number, e: number): boolean {
  const [from, to] = sentencesAround(oldText, s, e);
  let before = from - 1;
  while (before >= 0 && !isWordAt(oldText, before, false)) before--;
  if (before >= 0 && inPlace(diff, before)) return false;
  let after = to;
  while (after < oldText.length && !isWordAt(oldText, after, false)) after++;
  return !(after < oldText.length && inPlace(diff, after));
}

/**
 * Whether the text around new [c, c + e - s) is the old text around [s, e) word for word to
 * the ends of the sentences the highlight stands in (sentencesAround): what a moved passage,
 * whole sentences, brings along. A sentence like the highlight's, made on the same pattern
 * ("…provided rockets in southern Lebanon…" for "…provided ammunition in southern
 * Lebanon…"), agrees in places but not to its ends.
 */
function cameWithItsSentences(oldText: string, newText: string, s: number, e: number, c: number): boolean {
  const [from, to] = sentencesAround(oldText, s, e);
  const c1 = c + (e - s);
  if (c - (s - from) < 0 || c1 + (to - e) > newText.length) return false;
  for (let i = 1; i <= s - from; i++) if (oldText.charCodeAt(s - i) !== newText.charCodeAt(c - i)) return false;
  for (let i = 0; i < to - e; i++) if (oldText.charCodeAt(e + i) !== newText.charCodeAt(c1 + i)) return false;
  return true;
}

/** The old offset of new [c0, c1) if it lies wholly in one unchanged stretch, else -1. */
function unchangedOrigin(diff: TextDiff, c0: number, c1: number): number {
  const r = lastAtMost(diff.newEnd, c0); // last region with newEnd <= c0
  const stretchEnd = r + 1 < diff.newStart.length ? diff.newStart[r + 1] : diff.newLength;
  if (c1 > stretchEnd) return -1;
  return r < 0 ? c0 : c0 - diff.newEnd[r] + diff.oldEnd[r];
}

function review<Id>(id: Id, reason: ReviewReason, start: number, end: number, quoteScore: number, context: number): AnchorResult<Id> {
  return { id, status: 'review', reason, candidate: { start, end, score: (quoteScore + context) / 2, quoteScore, contextScore: context } };
}

let quoteDmp: DiffMatchPatch | undefined;

/** 1 - edit distance / longer length, by diff-match-patch (fast for similar texts). */
function quoteSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  quoteDmp ??= Object.assign(new DiffMatchPatch(), { Diff_Timeout: 0.05 });
  return Math.max(0, 1 - quoteDmp.diff_levenshtein(quoteDmp.diff_main(a, b, false)) / Math.max(a.length, b.length));
}

let matchDmp: DiffMatchPatch | undefined;

/**
 * A fuzzy match of `exact` within `window` units of `expected`: diff-match-patch's bitap
 * match (at most Match_MaxBits = 32 units per pattern) of the quote's first and last 32 units.
 */
function fuzzyNear(text: string, exact: string, expected: number, window: number): [number, number] | null {
  matchDmp ??= new DiffMatchPatch();
  matchDmp.Match_Threshold = 0.35;
  matchDmp.Match_Distance = window;
  const from = Math.max(0, expected - window);
  const to = Math.min(text.length, expected + exact.length + window);
  const hay = text.slice(from, to);
  if (!hay) return null;
  const piece = Math.min(exact.length, matchDmp.Match_MaxBits);
  const loc = Math.min(hay.length, Math.max(0, expected - from));
  const head = matchDmp.match_main(hay, exact.slice(0, piece), loc);
  if (exact.length <= piece) return head < 0 ? null : [from + head, from + Math.min(hay.length, head + exact.length)];
  const tailLoc = Math.min(hay.length, Math.max(0, (head >= 0 ? head : loc) + exact.length - piece));
  const tail = matchDmp.match_main(hay, exact.slice(-piece), tailLoc);
  if (head < 0 && tail < 0) return null;
  const start = head >= 0 ? head : Math.max(0, tail + piece - exact.length);
  const end = tail >= 0 && tail + piece > start ? tail + piece : Math.min(hay.length, start + exact.length);
  return end > start && end - start <= 2 * exact.length ? [from + start, from + end] : null;
}

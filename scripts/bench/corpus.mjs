// @ts-check
// Deterministic benchmark corpus: prose-like text with a Zipf vocabulary, and highlight sets.
// Nothing is read from disk; the same seed always gives the same text and ranges.

export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange'];
export const SEPARATOR = '\n\n';

/** @typedef {() => number} Rand */
/** @typedef {{ paragraphs: string[], starts: number[], text: string, words: number }} Doc */
/** @typedef {{ start: number, end: number, color: string }} Range */

/**
 * mulberry32: small, fast, good enough for test data.
 * @param {number} seed
 * @returns {Rand}
 */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {Rand} rand
 * @param {number} lo
 * @param {number} hi
 */
const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const SYLLABLES = (
  'ka ri to men sa lo ve an dor el ta mi ra su pen gal ber ost in ur fa de co li na th ' +
  'str wen qua pol dra nis ver ham tor kel mar jo bri sen tal vin gor ash ul em ry'
).split(' ');

/**
 * @param {Rand} rand
 * @param {number} size
 */
function vocabulary(rand, size) {
  /** @type {Set<string>} */
  const seen = new Set();
  /** @type {string[]} */
  const words = [];
  // The most frequent words are short, as in real prose.
  const common = 'the of and to a in that is was he for it with as his on be at by i had not are but from or have an they which one you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people mr how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(' ');
  for (const w of common) {
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  while (words.length < size) {
    const n = 1 + Math.min(4, Math.floor(-Math.log(1 - rand()) * 1.3));
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  // Zipf-ish weights (s = 1.07), as cumulative sums for a binary search.
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) cumulative[r] = sum += 1 / Math.pow(r + 1, 1.07);
  const pick = () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  return pick;
}

/**
 * @param {Rand} rand
 * @param {() => string} pick
 */
function sentence(rand, pick) {
  const n = int(rand, 6, 28);
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < n; i++) {
    let w = pick();
    if (i === 0) w = w[0].toUpperCase() + w.slice(1);
    if (i > 1 && i < n - 1 && rand() < 0.07) w += ',';
    out.push(w);
  }
  return out.join(' ') + (rand() < 0.08 ? '?' : '.');
}

/**
 * About `chars` characters of text in paragraphs joined by a blank line (the form Tiemark's
 * plain-text import splits at), so offsets into `text` are the same in every variant.
 * @returns {Doc}
 */
export function generateDocument({ seed = 20240607, chars = 1_000_000 } = {}) {
  const rand = prng(seed);
  const pick = vocabulary(rand, 6000);
  /** @type {string[]} */
  const paragraphs = [];
  let total = 0;
  let words = 0;
  while (total < chars) {
    const sentences = int(rand, 1, 10);
  /** @type {string[]} */
    const parts = [];
    for (let i = 0; i < sentences; i++) parts.push(sentence(rand, pick));
    let p = parts.join(' ');
    // Keep the first paragraph long, so the import does not read it as a title.
    if (paragraphs.length === 0) while (p.length < 300) p += ' ' + sentence(rand, pick);
    words += p.split(' ').length;
    total += p.length + (paragraphs.length ? SEPARATOR.length : 0);
    paragraphs.push(p);
  }
  /** @type {number[]} */
  const starts = [];
  let at = 0;
  for (const p of paragraphs) {
    starts.push(at);
    at += p.length + SEPARATOR.length;
  }
  return { paragraphs, starts, text: paragraphs.join(SEPARATOR), words };
}

/**
 * Index of the paragraph holding `offset` (or the one after a separator).
 * @param {Doc} doc
 * @param {number} offset
 */
function paragraphAt(doc, offset) {
  let lo = 0;
  let hi = doc.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  const end = doc.starts[lo] + doc.paragraphs[lo].length;
  return offset >= end && lo + 1 < doc.starts.length ? lo + 1 : lo;
}

/** @param {string} ch */
const isSpace = (ch) => ch === ' ' || ch === '\n';

/**
 * `count` highlight ranges: about 20% start inside an earlier range, 95% stay inside one
 * paragraph, lengths 55% 8-60, 35% 60-250, 8% 250-800, 2% 800-2,500 characters. A shorter set
 * is a prefix of a longer one with the same seed.
 */
/**
 * @param {Doc} doc
 * @param {number} count
 * @returns {Range[]}
 */
export function generateHighlights(doc, count, { seed = 777 } = {}) {
  const rand = prng(seed);
  const { text } = doc;
  /** @type {Range[]} */
  const out = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    const length = r < 0.55 ? int(rand, 8, 60) : r < 0.9 ? int(rand, 60, 250) : r < 0.98 ? int(rand, 250, 800) : int(rand, 800, 2500);
    let start;
    if (out.length > 0 && rand() < 0.2) {
      const earlier = out[Math.floor(rand() * out.length)];
      start = int(rand, earlier.start, earlier.end - 1);
    } else start = Math.floor(rand() * text.length);
    const p = paragraphAt(doc, start);
    const pStart = doc.starts[p];
    const pEnd = pStart + doc.paragraphs[p].length;
    if (start < pStart) start = pStart;
    if (start > pEnd - 8) start = Math.max(pStart, pEnd - 8);
    const cross = rand() < 0.05 && p + 1 < doc.paragraphs.length;
    let end;
    if (cross) {
      end = Math.min(text.length, Math.max(start + length, doc.starts[p + 1] + 4));
    } else end = Math.min(start + length, pEnd);
    // As a reader selects words: no whitespace at either end.
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    if (end <= start) {
      i--;
      continue;
    }
    out.push({ start, end, color: COLORS[Math.floor(rand() * COLORS.length)] });
  }
  return out;
}

/** Coverage figures, to check a set against the research corpus (34% / 79% covered at 5k / 20k). */
/**
 * @param {Doc} doc
 * @param {Range[]} ranges
 */
export function describeHighlights(doc, ranges) {
  /** @type {Array<[number, number]>} */
  const events = [];
  let cross = 0;
  for (const h of ranges) {
    events.push([h.start, 1], [h.end, -1]);
    if (paragraphAt(doc, h.start) !== paragraphAt(doc, h.end - 1)) cross++;
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let depth = 0;
  let maxDepth = 0;
  let covered = 0;
  let covered2 = 0;
  let last = 0;
  for (const [at, delta] of events) {
    if (depth >= 1) covered += at - last;
    if (depth >= 2) covered2 += at - last;
    depth += delta;
    maxDepth = Math.max(maxDepth, depth);
    last = at;
  }
  const len = doc.text.length;
  return { count: ranges.length, covered: covered / len, covered2: covered2 / len, maxDepth, cross };
}

/**
 * Test and benchmark support for re-anchoring (src/core/anchoring/reanchor.ts): a generated
 * article about the actors, highlights on it, ~2% random edits of the kinds a revised article
 * has (typo fixes, words substituted, inserted and deleted, sentences inserted, deleted and moved,
 * now and then a paragraph dropped), and the ground truth of every highlight, tracked through
 * the edits rather than guessed from the new text.
 *
 * Everything is deterministic for a given seed. Nothing here is used by the application.
 */
import { quoteSelector } from './quote';

// ---------------------------------------------------------------------------------------------
// Randomness

/** A small seeded generator (32-bit state, period 2^32): same seed, same sequence. */
export function seededRandom(seed: number): () => number {
  let state = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
    x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
    return ((x ^ (x >>> 15)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];
const between = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

// ---------------------------------------------------------------------------------------------
// A generated article: paragraphs of English sentences about actors, with boilerplate repeats

const ACTORS = [
  'Russia', 'the Wagner Group', 'Africa Corps', 'Hezbollah', 'Iran', 'the Islamic Revolutionary Guard Corps', 'Syria',
  'Israel', 'Turkey', 'the United Arab Emirates', 'Egypt', 'Qatar', 'the Rapid Support Forces', 'the Sudanese army',
  'Mali', 'the Malian junta', 'Burkina Faso', 'Niger', 'Libya', 'Khalifa Haftar', 'the Houthis', 'Saudi Arabia',
  'the United States', 'France', 'China', 'the African Union', 'ECOWAS', 'Hamas', 'Liwa Fatemiyoun', 'Kata\u2019ib Hezbollah',
];
const ARABIC_NAMES = ['\u062d\u0632\u0628 \u0627\u0644\u0644\u0647', '\u0627\u0644\u062d\u0648\u062b\u064a\u0648\u0646', '\u0642\u0648\u0627\u062a \u0627\u0644\u062f\u0639\u0645 \u0627\u0644\u0633\u0631\u064a\u0639'];
const SUPPLY_VERBS = ['supplied', 'shipped', 'delivered', 'sold', 'transferred', 'smuggled', 'provided', 'financed'];
const GOODS = [
  'drones', 'anti-tank missiles', 'small arms', 'ammunition', 'armoured vehicles', 'fuel', 'air-defence systems',
  'training', 'military advisers', 'cash', 'satellite imagery', 'spare parts', 'artillery shells', 'rockets',
];
const ROUTES = [
  'through Syria', 'via Libya', 'through the port of Latakia', 'across the Chadian border', 'via Bangui',
  'through front companies in Dubai', 'on chartered cargo flights', 'by sea through the Red Sea', 'overland from Benghazi',
];
const PLACES = [
  'in Bamako', 'near Khartoum', 'in eastern Libya', 'in the Sahel', 'in southern Lebanon', 'near Palmyra', 'in Darfur',
  'in the Central African Republic', 'along the Nile', 'in northern Mali', 'near Timbuktu', 'in Port Sudan', 'in Aleppo',
];
const TIMES = [
  'in 2019', 'in early 2022', 'last spring', 'in March 2023', 'during the siege', 'after the coup', 'since 2017',
  'in the weeks before the ceasefire', 'late last year', 'in the summer of 2024', 'over the past decade',
];
const ATTRIBUTIONS = [
  'according to Israeli officials', 'according to a United Nations panel of experts', 'diplomats said',
  'two people familiar with the matter said', 'satellite images show', 'a leaked report claimed',
  'according to flight-tracking data', 'local residents told reporters', 'a senior commander said',
];
const JOINT_VERBS = ['held talks', 'signed a security pact', 'conducted joint exercises', 'clashed', 'agreed a ceasefire', 'exchanged prisoners'];
const DENY_VERBS = ['denied', 'dismissed reports', 'rejected claims', 'declined to confirm'];
const ADJECTIVES = ['baseless', 'unfounded', 'deliberate', 'coordinated', 'unprecedented', 'limited', 'decisive', 'temporary'];
const NOUNS = ['deployment', 'agreement', 'operation', 'offensive', 'shipment', 'investigation', 'withdrawal', 'contract'];
const ADVERBS = ['reportedly', 'allegedly', 'quietly', 'openly', 'repeatedly', 'again', 'also', 'later', 'officially', 'briefly'];
const FILLER = [...ADVERBS, 'several', 'new', 'large', 'small', 'secret', 'regional', 'foreign', 'local', 'armed', 'rival'];

/** Sentences that recur verbatim across the article, as boilerplate does in real reporting. */
export const BOILERPLATE = [
  'Reuters could not independently verify the report.',
  'The ministry did not respond to a request for comment.',
  'The claims could not be independently verified.',
  'Officials declined to comment on the matter.',
  'The United Nations has called for restraint.',
  'Read more about the conflict in our live coverage.',
  'All figures are estimates and may change.',
  'This article has been updated with additional reporting.',
];
const BOILERPLATE_PARAGRAPHS = [
  'Editor\u2019s note: This story has been updated. Reuters could not independently verify the report.',
  'Related coverage',
  'Background',
];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function actor(random: Random): string {
  const a = pick(random, ACTORS);
  if (a === 'Hezbollah' && random() < 0.15) return `Hezbollah (${ARABIC_NAMES[0]})`;
  if (a === 'the Houthis' && random() < 0.15) return `the Houthis (${ARABIC_NAMES[1]})`;
  if (a === 'the Rapid Support Forces' && random() < 0.15) return `the Rapid Support Forces (${ARABIC_NAMES[2]})`;
  return a;
}

/** One English sentence about the actors (never boilerplate). */
export function generateSentence(random: Random): string {
  const a = actor(random);
  let b = actor(random);
  if (b === a) b = pick(random, ACTORS.filter((x) => x !== a));
  switch (Math.floor(random() * 8)) {
    case 0:
      return `${capitalize(a)} ${pick(random, SUPPLY_VERBS)} ${pick(random, GOODS)} to ${b} ${pick(random, ROUTES)}, ${pick(random, ATTRIBUTIONS)}.`;
    case 1:
      return `According to ${pick(random, ['officials', 'analysts', 'the report', 'witnesses', 'investigators'])}, ${a} ${pick(random, ADVERBS)} ${pick(random, SUPPLY_VERBS)} ${pick(random, GOODS)} ${pick(random, PLACES)} ${pick(random, TIMES)}.`;
    case 2:
      return `${capitalize(a)} ${pick(random, DENY_VERBS)} that it had ${pick(random, SUPPLY_VERBS)} ${pick(random, GOODS)} to ${b}.`;
    case 3:
      return `${capitalize(pick(random, TIMES))}, ${a} and ${b} ${pick(random, JOINT_VERBS)} ${pick(random, PLACES)}.`;
    case 4:
      return `The ${pick(random, NOUNS)} ${pick(random, ['was seen as', 'marked', 'followed', 'came amid'])} a ${pick(random, ADJECTIVES)} shift in how ${a} deals with ${b} ${pick(random, PLACES)}.`;
    case 5:
      return `\u201cThis ${pick(random, NOUNS)} is ${pick(random, ADJECTIVES)} and ${pick(random, ADJECTIVES)},\u201d a spokesperson for ${a} said ${pick(random, TIMES)}.`;
    case 6:
      return `${capitalize(a)} ${pick(random, ADVERBS)} deployed ${between(random, 2, 900) * 10} fighters ${pick(random, PLACES)}, while ${b} ${pick(random, SUPPLY_VERBS)} ${pick(random, GOODS)} ${pick(random, ROUTES)}.`;
    default:
      return `Analysts say the ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} between ${a} and ${b} ${pick(random, ['depends on', 'rests on', 'is shaped by'])} ${pick(random, GOODS)} and ${pick(random, GOODS)}.`;
  }
}

/**
 * A plain-text article of about `length` UTF-16 units: paragraphs of 3 to 8 sentences separated
 * by blank lines, a share of the sentences (`boilerplate`, default one in ten) verbatim
 * boilerplate and now and then a boilerplate paragraph, so that many passages occur more than
 * once.
 */
export function generateArticle(seed: number, length: number, { boilerplate = 0.1 }: { boilerplate?: number } = {}): string {
  const random = seededRandom(seed);
  const paragraphs: string[] = [];
  let size = 0;
  while (size < length) {
    let paragraph: string;
    if (random() < 0.04) paragraph = pick(random, BOILERPLATE_PARAGRAPHS);
    else {
      const sentences: string[] = [];
      const count = between(random, 3, 8);
      for (let i = 0; i < count; i++) sentences.push(random() < boilerplate ? pick(random, BOILERPLATE) : generateSentence(random));
      paragraph = sentences.join(' ');
    }
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Word and sentence boundaries (any text: words are runs of non-space characters)

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09;

interface Boundaries {
  /** Start of every word. */
  wordStarts: number[];
  /** [start, end) of every sentence; end is just after its final punctuation (or the line's end). */
  sentences: Array<[number, number]>;
  /** [start, end) of every paragraph (blank-line separated). */
  paragraphs: Array<[number, number]>;
}

function boundaries(text: string): Boundaries {
  const wordStarts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!isSpace(text.charCodeAt(i)) && (i === 0 || isSpace(text.charCodeAt(i - 1)))) wordStarts.push(i);
  }
  const sentences: Array<[number, number]> = [];
  const paragraphs: Array<[number, number]> = [];
  let p = 0;
  while (p < text.length) {
    let pe = text.indexOf('\n\n', p);
    if (pe < 0) pe = text.length;
    if (pe > p) paragraphs.push([p, pe]);
    // Sentences inside [p, pe): end after . ! ? (and a closing quote) followed by a space.
    let s = p;
    for (let i = p; i < pe; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a) {
        let end = i + 1;
        if (text.charCodeAt(end) === 0x201d) end++;
        if (end >= pe || text.charCodeAt(end) === 0x20 || c === 0x0a) {
          if (end > s) sentences.push([s, Math.min(end, pe)]);
          s = end;
          while (s < pe && isSpace(text.charCodeAt(s))) s++;
          i = s - 1;
        }
      }
    }
    if (s < pe) sentences.push([s, pe]);
    p = pe + 2;
    while (p < text.length && text.charCodeAt(p) === 0x0a) p++;
  }
  return { wordStarts, sentences, paragraphs };
}

/** End of the word starting at `start` (first space or text end). */
function wordEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

// ---------------------------------------------------------------------------------------------
// Highlights

/**
 * `count` highlights as a reader makes them, on word boundaries: a few words (30%), a clause of
 * 5-15 words (35%), a whole sentence (25%) or two or three sentences of a paragraph (10%).
 * They may overlap. Returned sorted by start.
 */
export function generateHighlights(text: string, seed: number, count: number): Array<[number, number]> {
  const random = seededRandom(seed ^ 0x5bd1e995);
  const { wordStarts, sentences } = boundaries(text);
  if (wordStarts.length === 0) return [];
  const out: Array<[number, number]> = [];
  const sentenceAt = (pos: number) => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentences[mid][0] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (let n = 0; n < count; n++) {
    const kind = random();
    const wi = Math.floor(random() * wordStarts.length);
    if (kind < 0.65 || sentences.length === 0) {
      const words = kind < 0.3 ? between(random, 1, 4) : between(random, 5, 15);
      const start = wordStarts[wi];
      let last = Math.min(wordStarts.length - 1, wi + words - 1);
      // Stay within the paragraph.
      while (last > wi && text.slice(start, wordStarts[last]).includes('\n')) last--;
      let end = wordEnd(text, wordStarts[last]);
      // A reader seldom takes the comma or full stop after the last word of a phrase.
      while (end - 1 > start && /[,.;:]/.test(text.charAt(end - 1)) && random() < 0.7) end--;
      out.push([start, end]);
    } else {
      const si = sentenceAt(wordStarts[wi]);
      let sj = si;
      if (kind >= 0.9) {
        const extra = between(random, 1, 2);
        while (sj + 1 < sentences.length && sj - si < extra && !text.slice(sentences[si][0], sentences[sj + 1][1]).includes('\n')) sj++;
      }
      out.push([sentences[si][0], sentences[sj][1]]);
    }
  }
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out;
}

/** The stored form of highlights: position plus quote selector, as src/core/services/highlights.ts stores them. */
export function makeAnchors(text: string, ranges: Array<[number, number]>): Array<{ id: string; start: number; end: number; exact: string; prefix: string; suffix: string }> {
  return ranges.map(([start, end], i) => ({ id: `h${i}`, start, end, ...quoteSelector(text, start, end) }));
}

// ---------------------------------------------------------------------------------------------
// Edits and ground truth

export type EditKind = 'typo' | 'substitute-words' | 'insert-words' | 'delete-words' | 'insert-sentence' | 'delete-sentence' | 'move-sentence' | 'delete-paragraph';

/** One edit in old-text coordinates: delete [at, at + del), then insert `ins` there. */
export interface Edit {
  kind: EditKind;
  at: number;
  del: number;
  ins: string;
  /** For the insertion half of a moved sentence: the old start of the sentence it carries. */
  movedFrom?: number;
  /** Where `ins` starts in the new text (filled in when the new text is built). */
  newAt: number;
}

/**
 * What happened to a highlight, tracked through the edits:
 *  - intact: no edit touched its text; it is at [start, end) of the new text (moved with its
 *    sentence if that sentence was moved), and no other occurrence of its text in the new text
 *    agrees with its stored context as well as that place does;
 *  - ambiguous: intact as above, but another occurrence agrees with the stored prefix and suffix
 *    at least as well (a tool that sees only the two texts cannot tell them apart);
 *    intact or ambiguous also when edits touched it but edits no costlier than those, around
 *    the untouched highlight, make the same new text (see keptNearby), or when its sentences
 *    were deleted and the same sentences inserted elsewhere, as a move (see movedAs);
 *  - gone: an edit deleted, replaced or split some of its text.
 */
export type Truth = { kind: 'intact' | 'ambiguous'; start: number; end: number } | { kind: 'gone' };

export interface EditedText {
  text: string;
  edits: Edit[];
  truth: Truth[];
}

export interface EditOptions {
  /** Share of the text's length that the edits change (sum of max(deleted, inserted) per edit). Default 0.02. */
  rate?: number;
  /** Relative weights of the edit kinds. */
  weights?: Partial<Record<EditKind, number>>;
}

const DEFAULT_WEIGHTS: Record<EditKind, number> = {
  typo: 15,
  'substitute-words': 33,
  'insert-words': 15,
  'delete-words': 15,
  'insert-sentence': 7,
  'delete-sentence': 7,
  'move-sentence': 7,
  'delete-paragraph': 1,
};

const EDIT_WORDS = [...FILLER, ...GOODS.flatMap((g) => g.split(' ')), ...NOUNS, ...ADJECTIVES, 'the', 'and', 'its', 'which', 'more', 'said', 'has', 'had'];

/** A random letter different from `c`. */
function otherLetter(random: Random, c: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let x = c;
  while (x === c) x = letters.charAt(Math.floor(random() * letters.length));
  return x;
}

function randomWords(random: Random, n: number): string {
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(random, EDIT_WORDS));
  return words.join(' ');
}

/**
 * Applies random edits amounting to about `rate` of the text (default 2%) and tracks each
 * highlight [start, end) of `ranges` through them. Edits are made on word and sentence
 * boundaries (typos inside a word), never overlap or touch each other, and never split a
 * surrogate pair.
 */
export function applyRandomEdits(text: string, ranges: Array<[number, number]>, seed: number, options: EditOptions = {}): EditedText {
  const random = seededRandom(seed ^ 0x27d4eb2f);
  const rate = options.rate ?? 0.02;
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const kinds = Object.keys(weights) as EditKind[];
  const totalWeight = kinds.reduce((s, k) => s + weights[k], 0);
  const { wordStarts, sentences, paragraphs } = boundaries(text);
  const edits: Edit[] = [];
  // Occupied old-text spans [a, b] (closed: an insertion point occupies itself), kept sorted.
  const occupied: Array<[number, number]> = [];
  const free = (a: number, b: number) => {
    // Leave one character of unchanged text between two edits.
    let lo = 0;
    let hi = occupied.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (occupied[mid][1] < a - 1) lo = mid + 1;
      else hi = mid;
    }
    return lo >= occupied.length || occupied[lo][0] > b + 1;
  };
  const occupy = (a: number, b: number) => {
    let i = 0;
    while (i < occupied.length && occupied[i][0] < a) i++;
    occupied.splice(i, 0, [a, b]);
  };
  const add = (kind: EditKind, at: number, del: number, ins: string, movedFrom?: number): boolean => {
    // The minimal form of a replacement: what it keeps at either end is not part of the edit
    // ("the talks" -> "the new talks" inserts "new "), so the truth does not call kept text gone.
    if (del > 0 && ins !== '' && movedFrom === undefined) {
      let head = 0;
      while (head < del && head < ins.length && text[at + head] === ins[head]) head++;
      let tail = 0;
      while (tail < del - head && tail < ins.length - head && text[at + del - 1 - tail] === ins[ins.length - 1 - tail]) tail++;
      at += head;
      del -= head + tail;
      ins = ins.slice(head, ins.length - tail);
    }
    if (del === 0 && ins === '') return false;
    if (!free(at, at + del)) return false;
    occupy(at, at + del);
    edits.push({ kind, at, del, ins, newAt: -1, ...(movedFrom === undefined ? {} : { movedFrom }) });
    return true;
  };
  const budget = Math.max(1, Math.round(text.length * rate));
  let spent = 0;
  let attempts = 0;
  while (spent < budget && attempts < budget * 20 + 100) {
    attempts++;
    let r = random() * totalWeight;
    let kind = kinds[0];
    for (const k of kinds) {
      r -= weights[k];
      if (r < 0) {
        kind = k;
        break;
      }
    }
    const before = edits.length;
    let size = 0;
    if (kind === 'typo' || kind === 'substitute-words' || kind === 'insert-words' || kind === 'delete-words') {
      if (wordStarts.length === 0) continue;
      const wi = Math.floor(random() * wordStarts.length);
      const w = wordStarts[wi];
      if (kind === 'typo') {
        const we = wordEnd(text, w);
        const word = text.slice(w, we);
        if (!/^[A-Za-z]{4,}$/.test(word)) continue;
        const i = w + between(random, 1, word.length - 2);
        const c = text.charAt(i);
        const t = Math.floor(random() * 3);
        if (t === 0 && add(kind, i, 1, otherLetter(random, c))) size = 1;
        else if (t === 1 && text.charAt(i + 1) !== c && text.charAt(i - 1) !== c && add(kind, i, 1, '')) size = 1;
        else if (t === 2) {
          const l = otherLetter(random, c);
          if (l !== text.charAt(i - 1) && add(kind, i, 0, l)) size = 1;
        }
      } else {
        const n = between(random, 1, 3);
        const last = Math.min(wordStarts.length - 1, wi + n - 1);
        const end = wordEnd(text, wordStarts[last]);
        if (text.slice(w, end).includes('\n')) continue;
        if (kind === 'substitute-words') {
          let replacement = randomWords(random, between(random, 1, 3));
          // Keep the punctuation that ended the last word.
          const tail = /[,.;:!?\u201d]+$/.exec(text.slice(w, end))?.[0] ?? '';
          replacement += tail;
          if (replacement !== text.slice(w, end) && add(kind, w, end - w, replacement)) size = Math.max(end - w, replacement.length);
        } else if (kind === 'insert-words') {
          const words = randomWords(random, n) + ' ';
          if (add(kind, w, 0, words)) size = words.length;
        } else {
          // Delete the words and the space after them (keep sentence-final punctuation's word).
          if (/[.!?\u201d]$/.test(text.slice(w, end)) || text.charCodeAt(end) !== 0x20) continue;
          if (add(kind, w, end + 1 - w, '')) size = end + 1 - w;
        }
      }
    } else if (kind === 'delete-paragraph') {
      if (paragraphs.length < 3) continue;
      const [a, b] = pick(random, paragraphs);
      // The paragraph and the blank line after it (or before it, for the last one).
      const [x, y] = b + 2 <= text.length ? [a, b + 2] : [Math.max(0, a - 2), b];
      if (add(kind, x, y - x, '')) size = y - x;
    } else {
      if (sentences.length < 2) continue;
      const [a, b] = pick(random, sentences);
      // A sentence with the space after it, so the text stays well formed.
      const spaced = text.charCodeAt(b) === 0x20 ? b + 1 : b;
      if (kind === 'insert-sentence') {
        const s = random() < 0.3 ? pick(random, BOILERPLATE) : generateSentence(random);
        if (add(kind, a, 0, s + ' ')) size = s.length + 1;
      } else if (kind === 'delete-sentence') {
        if (spaced === b) continue; // last in its paragraph: skip, keeps the truth simple
        if (add(kind, a, spaced - a, '')) size = spaced - a;
      } else {
        if (spaced === b) continue;
        // Moved within a few paragraphs half the time, anywhere otherwise.
        const [ta] = random() < 0.5 ? sentences[Math.max(0, Math.min(sentences.length - 1, sentences.findIndex((x) => x[0] === a) + between(random, -20, 20)))] : pick(random, sentences);
        if (ta >= a && ta <= spaced) continue;
        if (!free(a, spaced) || !free(ta, ta)) continue;
        add(kind, a, spaced - a, '');
        add(kind, ta, 0, text.slice(a, spaced), a);
        size = spaced - a;
      }
    }
    if (edits.length > before) spent += size;
  }
  edits.sort((x, y) => x.at - y.at || x.del - y.del);
  // Build the new text in one pass.
  const parts: string[] = [];
  let pos = 0;
  let length = 0;
  for (const e of edits) {
    const kept = text.slice(pos, e.at);
    parts.push(kept);
    length += kept.length;
    e.newAt = length;
    parts.push(e.ins);
    length += e.ins.length;
    pos = e.at + e.del;
  }
  parts.push(text.slice(pos));
  const newText = parts.join('');
  const reach = edits.map((x) => slideReach(text, edits, x));
  const truth = ranges.map(([s, e]) => {
    const t = track(text, newText, edits, s, e, sentences);
    // An edit that could as well have been made on the other side of the highlight (along
    // text that repeats) leaves its place unknowable; so does a sentence moved from beside a
    // copy of itself, when the highlight is in one of the two: which of them moved cannot be
    // known (the same deletion, slid along the repeat, takes the other).
    if (t.kind === 'intact' && edits.some((x, i) => reach[i] && (crosses(x, reach[i]!, s, e) || (x.kind === 'move-sentence' && swaps(x, reach[i]!, s, e))))) return { ...t, kind: 'ambiguous' as const };
    return t;
  });
  return { text: newText, edits, truth };
}

/** How far a pure deletion or insertion slides along repeated text, between its neighbours. */
function slideReach(oldText: string, edits: Edit[], x: Edit): { left: number; right: number } | null {
  if (x.del > 0 && x.ins !== '') return null;
  const i = edits.indexOf(x);
  const lower = i > 0 ? edits[i - 1].at + edits[i - 1].del + 1 : 0;
  const upper = i + 1 < edits.length ? edits[i + 1].at - 1 : oldText.length;
  let left = 0;
  let right = 0;
  if (x.del > 0) {
    while (x.at - left - 1 >= lower && oldText[x.at - left - 1] === oldText[x.at + x.del - left - 1]) left++;
    while (x.at + x.del + right + 1 <= upper && oldText[x.at + right] === oldText[x.at + x.del + right]) right++;
  } else {
    let ins = x.ins;
    while (x.at - left - 1 >= lower && oldText[x.at - left - 1] === ins[ins.length - 1]) {
      ins = oldText[x.at - left - 1] + ins.slice(0, -1);
      left++;
    }
    ins = x.ins;
    while (x.at + right + 1 <= upper && oldText[x.at + right] === ins[0]) {
      ins = ins.slice(1) + oldText[x.at + right];
      right++;
    }
  }
  return left || right ? { left, right } : null;
}

/** Whether edit x, wholly on one side of [s, e), could slide to the other side of it. */
function crosses(x: Edit, reach: { left: number; right: number }, s: number, e: number): boolean {
  const a = x.at;
  const b = x.at + x.del;
  if (x.del > 0) return (b <= s && a + reach.right >= e) || (a >= e && b - reach.left <= s);
  return (a <= s && a + reach.right >= e) || (a >= e && a - reach.left <= s);
}

/**
 * Whether deletion x (the old place of a moved sentence), slid along repeated text within
 * `reach`, would take [s, e) with it while it now leaves it, or leave it while it now takes it.
 */
function swaps(x: Edit, reach: { left: number; right: number }, s: number, e: number): boolean {
  const a = x.at;
  const b = x.at + x.del;
  if (a <= s && e <= b) return b - reach.left <= s || a + reach.right >= e;
  if (b <= s || a >= e) return Math.max(e - b, -reach.left) <= Math.min(s - a, reach.right);
  return false;
}

function track(oldText: string, newText: string, edits: Edit[], s: number, e: number, sentences: Array<[number, number]>): Truth {
  const exact = oldText.slice(s, e);
  // Edits that touch [s, e): a deletion overlapping it, an insertion strictly inside it.
  let carrier: Edit | undefined;
  const touching: Edit[] = [];
  for (const x of edits) {
    if (x.at > e) break;
    if (x.del > 0 && x.at < e && x.at + x.del > s) {
      if (x.kind === 'move-sentence' && x.at <= s && e <= x.at + x.del) carrier = x;
      else touching.push(x);
    } else if (x.del === 0 && x.at > s && x.at < e) touching.push(x);
  }
  if (touching.length > 0) {
    // Gone, unless the one edit could as well have been made a little to the side (along text
    // that repeats) without touching the highlight: the new text would be the same, so which
    // of the two happened cannot be known.
    const alternative = touching.length === 1 && !carrier ? slidAside(oldText, edits, touching[0], s, e) : -1;
    if (alternative >= 0 && newText.startsWith(exact, alternative)) return { kind: 'ambiguous', start: alternative, end: alternative + exact.length };
    // Nor if edits no costlier than those made, around the untouched highlight, make the same
    // new text (keptNearby). (add() trims what a replacement keeps at its ends; this is what
    // edits keep in their middle, or next to them.) Applied anywhere else, it is still wrong.
    const kept = carrier ? [] : keptNearby(oldText, newText, edits, touching, s, e);
    if (kept.length === 1) return { kind: isAmbiguous(oldText, newText, s, e, kept[0]) ? 'ambiguous' : 'intact', start: kept[0], end: kept[0] + exact.length };
    if (kept.length > 1) return { kind: 'ambiguous', start: kept[0], end: kept[0] + exact.length };
    // Nor if its sentences were deleted and the same sentences inserted elsewhere: that is what
    // a moved sentence is (movedAs), and the truth follows the move.
    const moved = touching.length === 1 && !carrier ? movedAs(oldText, newText, edits, sentences, touching[0], s, e) : [];
    if (moved.length === 1) return { kind: isAmbiguous(oldText, newText, s, e, moved[0]) ? 'ambiguous' : 'intact', start: moved[0], end: moved[0] + exact.length };
    if (moved.length > 1) return { kind: 'ambiguous', start: moved[0], end: moved[0] + exact.length };
    return { kind: 'gone' };
  }
  let start: number;
  if (carrier) {
    const insertion = edits.find((x) => x.movedFrom === carrier.at)!;
    start = insertion.newAt + (s - carrier.at);
  } else start = s + shiftBefore(edits, s, null);
  const end = start + (e - s);
  if (newText.slice(start, end) !== exact) throw new Error(`edit-generator: tracking lost [${s}, ${e})`);
  return { kind: isAmbiguous(oldText, newText, s, e, start) ? 'ambiguous' : 'intact', start, end };
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const isWordChar = (text: string, i: number) => i >= 0 && i < text.length && WORD_CHAR.test(text.charAt(i));

/** How far around a touched highlight keptNearby looks for another explanation of the edits. */
const KEPT_WINDOW = 256;

/**
 * The new starts at which the highlight old [s, e), touched by edits, may as well have been
 * left untouched: the edits near it (those in a window of KEPT_WINDOW units around it and the
 * edits touching it, widened to whole edits) turned old [lo, hi) into new [from, to); where
 * that new text holds the same words at c, the edits old [lo, s) -> new [from, c) and
 * old [e, hi) -> new [c + length, to) around the untouched highlight make the same new text.
 * That explanation counts when it is no costlier (Levenshtein distance) than the edits made,
 * so a tool that sees only the two texts has no reason to prefer the edits made. Examples:
 *  - "by military" -> "has military temporary" (which add() trims to "by milit" -> "has
 *    military tempor") with "military" highlighted: as well "by" -> "has" and " temporary"
 *    inserted;
 *  - a sentence inserted inside a highlight just before a copy of its last words, and a typo
 *    in the old copy: as well one insertion after the untouched highlight;
 *  - a word of boilerplate replaced, and the same boilerplate sentence inserted just after
 *    it: as well one new sentence inserted before the untouched one.
 * A copy of the words further away does not count: explaining the edit that way costs more.
 * Only places with the same word boundaries as the old range count (letters or digits on the
 * same sides): "arms" inside "firearms" is not the highlight kept. Sorted by cost.
 */
function keptNearby(oldText: string, newText: string, edits: Edit[], touching: Edit[], s: number, e: number): number[] {
  const exact = oldText.slice(s, e);
  const first = touching[0];
  const last = touching[touching.length - 1];
  let lo = Math.max(0, Math.min(s, first.at) - KEPT_WINDOW);
  let hi = Math.min(oldText.length, Math.max(e, last.at + last.del) + KEPT_WINDOW);
  // Whole edits only (edits never overlap, so one move of each end is enough).
  for (const x of edits) {
    if (x.at < lo && x.at + x.del > lo) lo = x.at;
    if (x.at < hi && x.at + x.del > hi) hi = x.at + x.del;
  }
  let from = lo;
  let to = hi;
  let cost = 0;
  for (const x of edits) {
    if (x.at < lo) from += x.ins.length - x.del;
    else if (x.at + x.del <= hi) {
      // Inside [lo, hi) (an insertion at hi included; a deletion from hi on is after it).
      to += x.ins.length - x.del;
      cost += x.del > 0 && x.ins !== '' ? editDistance(oldText.slice(x.at, x.at + x.del), x.ins) : x.del + x.ins.length;
    }
  }
  to += from - lo;
  const before = oldText.slice(lo, s);
  const after = oldText.slice(e, hi);
  const found: Array<[number, number]> = [];
  for (let c = newText.indexOf(exact, from); c >= 0 && c + exact.length <= to; c = newText.indexOf(exact, c + 1)) {
    if (isWordChar(newText, c - 1) !== isWordChar(oldText, s - 1) || isWordChar(newText, c + exact.length) !== isWordChar(oldText, e)) continue;
    const left = editDistance(before, newText.slice(from, c), cost);
    if (left > cost) continue;
    const total = left + editDistance(after, newText.slice(c + exact.length, to), cost - left);
    if (total <= cost) found.push([total, c]);
  }
  return found.sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, c]) => c);
}

/**
 * The new starts of old [s, e) if deletion `x` took the whole sentences it stands in, and an
 * insertion put the same sentences, as whole sentences, elsewhere: a sentence deleted and the
 * same sentence inserted (boilerplate, typically) make the same two texts, at the same cost,
 * as a sentence moved (move-sentence is that deletion and insertion), so the truth is the
 * move's. Only whole sentences: a deleted "the" in an inserted sentence is not the highlight.
 */
function movedAs(oldText: string, newText: string, edits: Edit[], sentences: Array<[number, number]>, x: Edit, s: number, e: number): number[] {
  if (x.ins !== '' || x.del === 0) return [];
  // The old sentences [from, to) that [s, e) stands in (sentences are sorted and disjoint).
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid][1] <= s) lo = mid + 1;
    else hi = mid;
  }
  let last = lo;
  while (last + 1 < sentences.length && sentences[last + 1][0] < e) last++;
  if (lo >= sentences.length || sentences[lo][0] > s || sentences[last][1] < e) return [];
  const from = sentences[lo][0];
  const to = sentences[last][1];
  if (x.at > from || x.at + x.del < to) return [];
  const unit = oldText.slice(from, to);
  const exact = oldText.slice(s, e);
  const out: number[] = [];
  for (const y of edits) {
    if (y.del > 0 || y === x) continue;
    for (let k = y.ins.indexOf(unit); k >= 0; k = y.ins.indexOf(unit, k + 1)) {
      const c = y.newAt + k + (s - from);
      // As whole sentences in the new text too.
      const whole = (k === 0 || /\s/.test(y.ins.charAt(k - 1))) && (k + unit.length === y.ins.length || /\s/.test(y.ins.charAt(k + unit.length)));
      if (whole && newText.startsWith(exact, c)) out.push(c);
    }
  }
  return out;
}

/** How far the edits wholly before old offset s (an insertion at s included) shift it, leaving out `skip`. */
function shiftBefore(edits: Edit[], s: number, skip: Edit | null): number {
  let shift = 0;
  for (const x of edits) {
    if (!(x.del > 0 ? x.at + x.del <= s : x.at <= s)) break;
    if (x !== skip) shift += x.ins.length - x.del;
  }
  return shift;
}

/**
 * The new start of [s, e) if edit `x` (a pure deletion or insertion, either half of a moved
 * sentence included), slid along repeated text to an equivalent place between its
 * neighbours, would leave it untouched; else -1.
 */
function slidAside(oldText: string, edits: Edit[], x: Edit, s: number, e: number): number {
  if (x.del > 0 && x.ins !== '') return -1;
  const i = edits.indexOf(x);
  const lower = i > 0 ? edits[i - 1].at + edits[i - 1].del + 1 : 0;
  const upper = i + 1 < edits.length ? edits[i + 1].at - 1 : oldText.length;
  const base = s + shiftBefore(edits, s, x);
  if (x.del > 0) {
    for (const step of [-1, 1]) {
      let a = x.at;
      let b = x.at + x.del;
      while (step < 0 ? a - 1 >= lower && oldText[a - 1] === oldText[b - 1] : b + 1 <= upper && oldText[a] === oldText[b]) {
        a += step;
        b += step;
        if (b <= s) return base - x.del;
        if (a >= e) return base;
      }
    }
    return -1;
  }
  for (const step of [-1, 1]) {
    let p = x.at;
    let ins = x.ins;
    while (step < 0 ? p - 1 >= lower && oldText[p - 1] === ins[ins.length - 1] : p + 1 <= upper && oldText[p] === ins[0]) {
      ins = step < 0 ? oldText[p - 1] + ins.slice(0, -1) : ins.slice(1) + oldText[p];
      p += step;
      if (p <= s) return base + ins.length;
      if (p >= e) return base;
    }
  }
  return -1;
}

/**
 * Levenshtein distance between a and b if it is at most `limit`, else limit + 1 (test support;
 * the re-anchoring module has its own).
 */
function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      if (cur[j] < best) best = cur[j];
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return Math.min(prev[b.length], limit + 1);
}

/**
 * Whether another occurrence of the highlight's text in the new text agrees with its stored
 * context (quoteSelector's prefix and suffix) at least as well as its true new place does:
 * the sum of the edit distances of prefix and suffix is no larger.
 */
function isAmbiguous(oldText: string, newText: string, s: number, e: number, start: number): boolean {
  const { exact, prefix, suffix } = quoteSelector(oldText, s, e);
  const before = (at: number) => newText.slice(Math.max(0, at - prefix.length), at);
  const after = (at: number) => newText.slice(at + exact.length, at + exact.length + suffix.length);
  let own: number | undefined;
  for (let at = newText.indexOf(exact); at >= 0; at = newText.indexOf(exact, at + 1)) {
    if (at === start) continue;
    own ??= editDistance(prefix, before(start)) + editDistance(suffix, after(start));
    const p = editDistance(prefix, before(at), own);
    if (p <= own && editDistance(suffix, after(at), own - p) <= own - p) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Judging results against the truth

/** What reanchor returned for one highlight, reduced to what the judge needs. */
export type Outcome = { status: 'kept' | 'moved'; start: number; end: number } | { status: 'review' | 'orphaned' };

export interface Verdict {
  total: number;
  /** Highlights whose text survived (intact + ambiguous). */
  survived: number;
  intact: number;
  ambiguous: number;
  gone: number;
  /** Applied automatically at the true new place. */
  correct: number;
  /** Applied automatically somewhere else, or applied although the text is gone. */
  silentlyWrong: number;
  /** Ambiguous highlights applied automatically at the other, equally good occurrence. */
  ambiguousElsewhere: number;
  /** Surviving highlights sent to review or orphaned. */
  survivedFlagged: number;
  goneReview: number;
  goneOrphaned: number;
  review: number;
  orphaned: number;
  /** correct / survived. */
  correctRate: number;
  /** Up to 20 examples of silently wrong results, for debugging. */
  wrong: Array<{ index: number; truth: Truth; outcome: Outcome }>;
}

export function judge(outcomes: Outcome[], truth: Truth[]): Verdict {
  const v: Verdict = {
    total: truth.length, survived: 0, intact: 0, ambiguous: 0, gone: 0, correct: 0, silentlyWrong: 0, ambiguousElsewhere: 0,
    survivedFlagged: 0, goneReview: 0, goneOrphaned: 0, review: 0, orphaned: 0, correctRate: 0, wrong: [],
  };
  truth.forEach((t, i) => {
    const o = outcomes[i];
    if (o.status === 'review') v.review++;
    if (o.status === 'orphaned') v.orphaned++;
    const applied = o.status === 'kept' || o.status === 'moved';
    if (t.kind === 'gone') {
      v.gone++;
      if (applied) {
        v.silentlyWrong++;
        if (v.wrong.length < 20) v.wrong.push({ index: i, truth: t, outcome: o });
      } else if (o.status === 'review') v.goneReview++;
      else v.goneOrphaned++;
      return;
    }
    v.survived++;
    if (t.kind === 'intact') v.intact++;
    else v.ambiguous++;
    if (!applied) v.survivedFlagged++;
    else if (o.start === t.start && o.end === t.end) v.correct++;
    else if (t.kind === 'ambiguous') v.ambiguousElsewhere++;
    else {
      v.silentlyWrong++;
      if (v.wrong.length < 20) v.wrong.push({ index: i, truth: t, outcome: o });
    }
  });
  v.correctRate = v.survived ? v.correct / v.survived : 1;
  return v;
}

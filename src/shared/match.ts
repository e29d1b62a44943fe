/**
 * Folding for actor names and aliases, used by the store (match keys) and the pickers alike:
 * case, diacritics and harakat, apostrophe variants, hyphens, spaces and punctuation are
 * ignored, and Arabic letter variants are unified, so "liwa al quds" finds "Liwa’ al-Quds",
 * "Hizballah" and "حزب الله" find Hezbollah through its aliases.
 */
export function matchKey(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // diacritics, harakat, combining marks
    .toLowerCase()
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627') // alef variants → alef
    .replace(/[\u0649\u06CC]/g, '\u064A') // alef maqsura, Farsi yeh → yeh
    .replace(/\u06A9/g, '\u0643') // keheh (Persian kaf) → kaf
    .replace(/\u0629/g, '\u0647') // teh marbuta → heh
    .replace(/\u0640/g, '') // tatweel
    // Apostrophe-like modifier letters (ʼ ʻ ʽ ʾ ʿ ʹ, as in "Liwaʼ", "ʿAsāʾib") are letters to Unicode
    // but apostrophes to a reader.
    .replace(/[\u02B9\u02BB-\u02BF]/g, '')
    .replace(/[\p{P}\p{S}\p{Z}\s\u200C\u200D\u200E\u200F]/gu, ''); // punctuation, symbols, spaces, ZWNJ/ZWJ, marks of direction
}

/** Whether `query` matches a name or alias anywhere inside it (after folding). */
export function matchesName(query: string, names: readonly string[]): boolean {
  const key = matchKey(query);
  if (!key) return true;
  return names.some((n) => matchKey(n).includes(key));
}

// ---- ranking

/**
 * How well a typed query matches a name, best first: the whole name, its start, the start of
 * one of its words, anywhere inside. Pickers order their lists by it, so typing `hezbollah` puts
 * Hezbollah above "Harakat Hezbollah al-Nujaba", which only contains it.
 */
export const MATCH_RANK = { exact: 0, prefix: 1, wordStart: 2, inside: 3 } as const;
export type MatchRank = (typeof MATCH_RANK)[keyof typeof MATCH_RANK];
/** What `rankFolded` answers when the name does not contain the query. */
export const NO_MATCH = -1;

/** A name folded once (matchKey), with the offsets in the key where its words begin. */
export interface FoldedName {
  key: string;
  /** Offsets into `key`; the first word starts at 0. */
  starts: readonly number[];
}

/** What separates words before folding: the characters matchKey drops between letters. */
const WORD_BREAK = /[\p{P}\p{S}\p{Z}\s\u200C-\u200F\u02B9\u02BB-\u02BF]+/u;

/**
 * Folds a name for ranking. The key is matchKey(name) (the folding is per character, and the
 * words are split only at characters it drops), so "Liwa’ al-Quds" is `liwaalquds` with words
 * starting at `liwa`, `al` and `quds`.
 */
export function foldName(name: string): FoldedName {
  let key = '';
  const starts: number[] = [];
  for (const word of name.split(WORD_BREAK)) {
    const folded = matchKey(word);
    if (!folded) continue;
    starts.push(key.length);
    key += folded;
  }
  return { key, starts };
}

/** The rank of one folded name for a folded query (MATCH_RANK), or NO_MATCH. An empty query is `inside` everything. */
export function rankFolded(queryKey: string, name: FoldedName): MatchRank | typeof NO_MATCH {
  const { key, starts } = name;
  if (!queryKey) return MATCH_RANK.inside;
  if (key === queryKey) return MATCH_RANK.exact;
  if (key.startsWith(queryKey)) return MATCH_RANK.prefix;
  if (!key.includes(queryKey, 1)) return NO_MATCH;
  for (const at of starts) if (at > 0 && key.startsWith(queryKey, at)) return MATCH_RANK.wordStart;
  return MATCH_RANK.inside;
}

/**
 * The best rank among several names of one thing (an actor's name then its aliases), and which
 * name gave it: on equal ranks the earlier name wins, so an actor is shown by its own name
 * unless only an alias matches as well.
 */
export function rankNames(queryKey: string, names: readonly FoldedName[]): { rank: MatchRank | typeof NO_MATCH; index: number } {
  let best: { rank: MatchRank | typeof NO_MATCH; index: number } = { rank: NO_MATCH, index: -1 };
  for (let i = 0; i < names.length; i++) {
    const rank = rankFolded(queryKey, names[i]);
    if (rank !== NO_MATCH && (best.rank === NO_MATCH || rank < best.rank)) best = { rank, index: i };
    if (rank === MATCH_RANK.exact) break;
  }
  return best;
}

// ---- mentions

const foldCache = new Map<string, string>();

/** matchKey of one character (cached): folding a text a character at a time maps it back. */
export function foldChar(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = matchKey(ch);
    if (foldCache.size < 20_000) foldCache.set(ch, folded);
  }
  return folded;
}

/** A letter, digit or mark: what a word is made of, in every script. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Whether a UTF-16 unit is in the Arabic blocks (U+0600-06FF, 0750-077F, 08A0-08FF); no regular expression, the scan asks often. */
const isArabicUnit = (unit: number): boolean => (unit >= 0x600 && unit <= 0x6ff) || (unit >= 0x750 && unit <= 0x77f) || (unit >= 0x8a0 && unit <= 0x8ff);
/**
 * Arabic proclitics written onto the next word: "and", "so", "with", "to", "as", "the" and their
 * combinations, folded. "وحزب الله" (and Hezbollah) names Hezbollah; "حزبي" does not.
 */
const PROCLITICS = new Set(['و', 'ف', 'ب', 'ل', 'ك', 'ال', 'وال', 'فال', 'بال', 'كال', 'لل', 'ولل', 'فلل', 'وب', 'ول', 'فب', 'فل', 'وك', 'فك'].map((p) => matchKey(p)));

const isWordChar = (text: string, at: number): boolean => {
  if (at < 0 || at >= text.length) return false;
  const unit = text.charCodeAt(at);
  // ASCII, most of every English text: no regular expression needed.
  if (unit < 128) return (unit >= 48 && unit <= 57) || (unit >= 65 && unit <= 90) || (unit >= 97 && unit <= 122);
  const code = text.codePointAt(at)!;
  // The low half of a pair: look at the whole character.
  if (code >= 0xdc00 && code <= 0xdfff && at > 0) return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at - 1)!));
  return WORD_CHAR.test(String.fromCodePoint(code));
};

/** Whether a mention starting at `start` begins a word, or follows an Arabic proclitic only. */
function startsWord(text: string, start: number): boolean {
  if (!isWordChar(text, start - 1)) return true;
  if (!isArabicUnit(text.charCodeAt(start))) return false;
  let from = start;
  while (from > 0 && isWordChar(text, from - 1) && start - from < 8) from--;
  if (isWordChar(text, from - 1)) return false;
  return PROCLITICS.has(matchKey(text.slice(from, start)));
}

/** One occurrence of a name: [start, end) in the text, and which pattern (name) it is. */
export interface NameHit {
  /** The id the name belongs to (an actor). */
  id: string;
  /** Index of the name in the list the matcher was built from. */
  pattern: number;
  start: number;
  end: number;
}

const RING = 512;
/** Symbols of the dense transition table: 0-9 then a-z (folded ASCII letters and digits). */
const SYMBOLS = 36;
const symbolOf = (unit: number): number => (unit >= 48 && unit <= 57 ? unit - 48 : unit >= 97 && unit <= 122 ? unit - 87 : -1);
/** The symbol of each ASCII character before folding (upper case as lower), -1 for what folding drops. */
const ASCII_SYMBOL = Int8Array.from({ length: 128 }, (_, code) => symbolOf(code >= 65 && code <= 90 ? code + 32 : code));

/** foldChar of each BMP code unit that is not half of a pair, filled as met. */
const FOLD_UNIT: Array<string | undefined> = [];
const foldUnit = (code: number): string => FOLD_UNIT[code] ?? (FOLD_UNIT[code] = foldChar(String.fromCharCode(code)));

/**
 * Every name of every actor as one Aho–Corasick automaton over folded text (matchKey's folding,
 * one character at a time, so each match maps back to the original offsets), scanning a text in
 * one pass whatever the number of names. A match counts only as whole words: it must neither
 * start nor end inside a word ("Syrian" does not name Syria, "US" is not in "Focus"), except
 * after an Arabic proclitic (و، ب، ال…). Folding drops spaces and punctuation, so
 * "Liwa al Quds" names "Liwa’ al-Quds". Transitions on ASCII letters and digits (after folding)
 * come from a dense table with the failure links resolved ahead (a DFA), the others from maps.
 */
export class NameMatcher {
  /** The ids and names it was built from, by pattern index. */
  readonly ids: string[] = [];
  readonly names: string[] = [];
  /** Each name folded (matchKey). */
  readonly keys: string[] = [];
  private readonly lengths: number[] = [];
  /** Trie transitions: root in a dense table, other states in maps keyed by folded UTF-16 unit. */
  private readonly root = new Int32Array(65536);
  /** The units with a transition from the root, in the order added (so build need not look at all 65,536). */
  private readonly rootUnits: number[] = [];
  private readonly next: Array<Map<number, number>> = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  /** The DFA on ASCII symbols: dfa[state * SYMBOLS + symbol]. */
  private dfa: Int32Array = new Int32Array(SYMBOLS);
  /** Patterns ending at each state (including those reached through failure links). */
  private readonly out: number[][] = [[]];
  /** 1 where `out` is not empty: the scan's inner loop reads one byte, not an array. */
  private hasOut: Uint8Array = new Uint8Array(1);
  /** The DFA by rows: rows[state * SYMBOLS + symbol] is the target's row, negated when names end there. */
  private rows: Int32Array = new Int32Array(SYMBOLS);

  constructor(names: Iterable<readonly [id: string, name: string]>) {
    for (const [id, name] of names) {
      let key = '';
      for (const ch of name) key += foldChar(ch);
      if (!key || key.length >= RING) continue;
      const pattern = this.ids.length;
      this.ids.push(id);
      this.names.push(name);
      this.keys.push(key);
      this.lengths.push(key.length);
      let state = 0;
      for (let i = 0; i < key.length; i++) {
        const unit = key.charCodeAt(i);
        let to = state === 0 ? this.root[unit] : (this.next[state].get(unit) ?? 0);
        if (to === 0) {
          to = this.next.length;
          this.next.push(new Map());
          this.out.push([]);
          if (state === 0) {
            this.root[unit] = to;
            this.rootUnits.push(unit);
          }
          else this.next[state].set(unit, to);
        }
        state = to;
      }
      this.out[state].push(pattern);
    }
    this.build();
  }

  get size(): number {
    return this.ids.length;
  }

  private build(): void {
    const states = this.next.length;
    const fail = new Int32Array(states);
    const dfa = new Int32Array(states * SYMBOLS);
    for (let sym = 0; sym < SYMBOLS; sym++) dfa[sym] = this.root[sym < 10 ? 48 + sym : 87 + sym];
    const queue = this.rootUnits.map((unit) => this.root[unit]);
    // Breadth first: a state's failure target is shallower, so its DFA row is already complete.
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [unit, to] of this.next[state]) {
        let f = fail[state];
        let target = this.goto(f, unit);
        while (target === 0 && f !== 0) {
          f = fail[f];
          target = this.goto(f, unit);
        }
        fail[to] = target === to ? 0 : target;
        if (this.out[fail[to]].length > 0) this.out[to] = [...this.out[to], ...this.out[fail[to]]];
        queue.push(to);
      }
      // The failure target's row, then this state's own ASCII transitions over it.
      const row = state * SYMBOLS;
      const failRow = fail[state] * SYMBOLS;
      dfa.copyWithin(row, failRow, failRow + SYMBOLS);
      for (const [unit, to] of this.next[state]) {
        const sym = symbolOf(unit);
        if (sym >= 0) dfa[row + sym] = to;
      }
    }
    this.fail = fail;
    this.dfa = dfa;
    this.hasOut = Uint8Array.from(this.out, (o) => (o.length > 0 ? 1 : 0));
    // The same DFA for the scan's ASCII loop: each entry is the target's row, negative when
    // names end there, so a step is one read and one sign test.
    const rows = new Int32Array(dfa.length);
    for (let k = 0; k < dfa.length; k++) rows[k] = this.hasOut[dfa[k]] ? -dfa[k] * SYMBOLS : dfa[k] * SYMBOLS;
    this.rows = rows;
  }

  private goto(state: number, unit: number): number {
    return state === 0 ? this.root[unit] : (this.next[state].get(unit) ?? 0);
  }

  /** One folded unit from `state`. */
  private step(state: number, unit: number): number {
    const sym = symbolOf(unit);
    if (sym >= 0) return this.dfa[state * SYMBOLS + sym];
    let to = this.goto(state, unit);
    while (to === 0 && state !== 0) {
      state = this.fail[state];
      to = this.goto(state, unit);
    }
    return to;
  }

  /** Every whole-word occurrence of every name in text[start, end), in order of their ends. */
  scan(text: string, start = 0, end = text.length): NameHit[] {
    const flat = this.scanFlat(text, start, end);
    const hits: NameHit[] = [];
    for (let k = 0; k < flat.length; k += 3) hits.push({ id: this.ids[flat[k + 2]], pattern: flat[k + 2], start: flat[k], end: flat[k + 1] });
    return hits;
  }

  /**
   * What scan finds, flat and without an object per hit: `start, end, pattern` for each, in order
   * of their ends. With `grams` (a GramFilter.words-sized array, zeroed), it also marks every
   * three folded units of the text there, so GramFilter can tell later whether a name added since
   * could occur in the text at all without reading it again.
   */
  scanFlat(text: string, start = 0, end = text.length, grams?: Uint32Array): number[] {
    const hits: number[] = [];
    if (this.ids.length === 0 && !grams) return hits;
    const origin = new Int32Array(RING);
    let folded = 0;
    /** The state's row in `rows` (state * SYMBOLS). */
    let row = 0;
    // The classes of the last two folded units (GramFilter), as one number, and of the last one.
    let pair = GRAM_START;
    let last = GRAM_CLASSES - 1;
    const { hasOut, lengths, rows } = this;
    for (let i = start; i < end; ) {
      const code = text.charCodeAt(i);
      if (code < 128) {
        // ASCII: letters and digits fold to lower case, everything else is dropped.
        const sym = ASCII_SYMBOL[code];
        if (sym >= 0) {
          origin[folded & (RING - 1)] = i;
          folded++;
          const to = rows[row + sym];
          if (grams) {
            const gram = pair * GRAM_CLASSES + sym;
            grams[gram >>> 5] |= 1 << (gram & 31);
            pair = last * GRAM_CLASSES + sym;
            last = sym;
          }
          if (to < 0) {
            row = -to;
            // Most names that end here end inside a longer word: an ASCII letter or digit follows.
            const next = text.charCodeAt(i + 1);
            if (!(next < 128 && ASCII_SYMBOL[next] >= 0)) this.report(text, hits, row / SYMBOLS, i + 1, end, folded, origin, lengths);
          } else row = to;
        }
        i++;
        continue;
      }
      const width = code >= 0xd800 && code <= 0xdbff && i + 1 < end ? 2 : 1;
      const units = width === 1 ? foldUnit(code) : foldChar(text.slice(i, i + 2));
      for (let k = 0; k < units.length; k++) {
        origin[folded & (RING - 1)] = i;
        folded++;
        const unit = units.charCodeAt(k);
        const state = this.step(row / SYMBOLS, unit);
        row = state * SYMBOLS;
        if (grams) {
          const c = gramClass(unit);
          const gram = pair * GRAM_CLASSES + c;
          grams[gram >>> 5] |= 1 << (gram & 31);
          pair = last * GRAM_CLASSES + c;
          last = c;
        }
        if (k === units.length - 1 && hasOut[state]) this.report(text, hits, state, i + width, end, folded, origin, lengths);
      }
      i += width;
    }
    return hits;
  }

  private report(text: string, hits: number[], state: number, stopAt: number, end: number, folded: number, origin: Int32Array, lengths: number[]): void {
    let stop = stopAt;
    // Combining marks (none below U+0300) belong to the word the name ends in.
    while (stop < end && text.charCodeAt(stop) >= 0x300 && /\p{M}/u.test(text[stop])) stop++;
    if (isWordChar(text, stop)) return;
    for (const pattern of this.out[state]) {
      const from = origin[(folded - lengths[pattern]) & (RING - 1)];
      if (!startsWord(text, from)) continue;
      hits.push(from, stop, pattern);
    }
  }
}

// ---- which texts a new name could occur in

/**
 * Classes of folded units for GramFilter: the 36 ASCII letters and digits, one class for every
 * other unit, and one for the start of the text.
 */
const GRAM_CLASSES = SYMBOLS + 2;
const GRAM_OTHER = SYMBOLS;
const GRAM_PAIRS = GRAM_CLASSES * GRAM_CLASSES;
/** Two start-of-text classes: the first units of a text make grams of their own. */
const GRAM_START = GRAM_PAIRS - 1;
const gramClass = (unit: number): number => {
  const sym = symbolOf(unit);
  return sym >= 0 ? sym : GRAM_OTHER;
};

/**
 * Which runs of three folded units (by class: ASCII letters and digits exactly, every other unit
 * as one class) occur in a text, one bit each, filled by NameMatcher.scanFlat. A name can occur
 * only in a text holding every three units of its folded key (a key of one or two units: after
 * any one or two), so a name added later is looked for only in the texts that pass; the others
 * cannot hold it. False positives cost a scan, never a missed mention.
 */
export const GramFilter = {
  /** Size of the array scanFlat fills. */
  words: Math.ceil((GRAM_PAIRS * GRAM_CLASSES) / 32),
  /** Whether the folded `key` (matchKey) may occur in the text `grams` was filled from. */
  mayHold(grams: Uint32Array, key: string): boolean {
    if (!key) return false;
    const has = (g: number) => (grams[g >>> 5] & (1 << (g & 31))) !== 0;
    // By UTF-16 unit, as scanFlat reads the folded text.
    const units: number[] = [];
    for (let k = 0; k < key.length; k++) units.push(gramClass(key.charCodeAt(k)));
    if (units.length >= 3) {
      for (let k = 2; k < units.length; k++) if (!has((units[k - 2] * GRAM_CLASSES + units[k - 1]) * GRAM_CLASSES + units[k])) return false;
      return true;
    }
    if (units.length === 2) {
      for (let x = 0; x < GRAM_CLASSES; x++) if (has((x * GRAM_CLASSES + units[0]) * GRAM_CLASSES + units[1])) return true;
      return false;
    }
    for (let p = 0; p < GRAM_PAIRS; p++) if (has(p * GRAM_CLASSES + units[0])) return true;
    return false;
  },
};

/**
 * For texts of ASCII only: every whole-word occurrence of the folded `keys` (matchKey), as
 * NameMatcher.scanFlat finds them, flat `start, end, key index` (by key, then by start). In such
 * a text folding keeps only letters (lower-cased) and digits, so a key occurs where its characters
 * do with anything else between them: one native regular expression per key (made once here),
 * much faster than a pass of the automaton over the whole text. A key with other characters
 * cannot occur in such a text. `which`: the indexes of the keys to look for (default: all).
 */
export function asciiFinder(keys: readonly string[]): (text: string, which?: readonly number[]) => number[] {
  const patterns = keys.map((key) => (/^[a-z0-9]+$/.test(key) ? new RegExp([...key].join('[^A-Za-z0-9]*'), 'gi') : null));
  return (text, which = keys.map((_, k) => k)) => {
    const hits: number[] = [];
    for (const k of which) {
      const re = patterns[k];
      if (!re) continue;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        if (!isWordChar(text, start - 1) && !isWordChar(text, end)) hits.push(start, end, k);
        // Occurrences may overlap ("anan" in "ananan"): look again from the next character.
        re.lastIndex = start + 1;
      }
    }
    return hits;
  };
}

/** Where one named thing is first mentioned in a text: [start, end) offsets into it. */
export interface Mention {
  id: string;
  start: number;
  end: number;
}

/**
 * Keeps, of overlapping hits, those not inside a longer hit of another id: "Harakat Hezbollah
 * al-Nujaba" names that group and not Hezbollah as well (a later "Hezbollah" on its own still
 * does). Hits of one id do not hide each other. Sorted by start, longer first, then by `tie`
 * (which hits are kept does not depend on it; their order does).
 */
export function outermostHits<T extends { start: number; end: number }>(hits: readonly T[], idOf: (hit: T) => string, tie?: (a: T, b: T) => number): T[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end || (tie ? tie(a, b) : 0));
  const kept: T[] = [];
  // Hits that may still cover later ones: those ending after the current start.
  let open: T[] = [];
  for (const h of sorted) {
    open = open.filter((o) => o.end > h.start);
    const inside = open.some((o) => idOf(o) !== idOf(h) && o.start <= h.start && h.end <= o.end && o.end - o.start > h.end - h.start);
    if (!inside) kept.push(h);
    open.push(h);
  }
  return kept;
}

const matcherCache = new WeakMap<object, NameMatcher>();

/** A matcher for a list of names, kept while the same list (the same array) is passed again. */
export function matcherFor(names: Iterable<readonly [id: string, name: string]> | NameMatcher): NameMatcher {
  if (names instanceof NameMatcher) return names;
  const cached = typeof names === 'object' && names !== null ? matcherCache.get(names) : undefined;
  if (cached) return cached;
  const matcher = new NameMatcher(names);
  if (Array.isArray(names)) matcherCache.set(names, matcher);
  return matcher;
}

/**
 * The things (actors) whose name or an alias occurs in `text` (or in its part [start, end)),
 * folded as matchKey folds and as whole words (NameMatcher), in order of first mention (the
 * longer mention first at the same place), one entry per id. The store's suggestions for a
 * passage (suggestActors in src/core/services/actors.ts), the tie form's prefill and the
 * Mentions list (src/core/search/mentions.ts) all use the same matcher.
 *
 * `outermost`: a mention inside a longer mention of another thing does not count (outermostHits).
 * `names` may be a NameMatcher already built, or a list (the same array object reuses its matcher).
 */
export function findMentions(
  text: string,
  names: Iterable<readonly [id: string, name: string]> | NameMatcher,
  options: { outermost?: boolean; start?: number; end?: number } = {},
): Mention[] {
  const matcher = matcherFor(names);
  const start = options.start ?? 0;
  const end = options.end ?? text.length;
  let hits: Mention[] = matcher.scan(text, start, end).map(({ id, start: s, end: e }) => ({ id, start: s, end: e }));
  if (options.outermost) hits = outermostHits(hits, (h) => h.id);
  const best = new Map<string, Mention>();
  for (const m of hits) {
    const seen = best.get(m.id);
    if (!seen || m.start < seen.start || (m.start === seen.start && m.end > seen.end)) best.set(m.id, m);
  }
  return [...best.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

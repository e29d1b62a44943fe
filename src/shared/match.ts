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
function foldChar(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = matchKey(ch);
    if (foldCache.size < 20_000) foldCache.set(ch, folded);
  }
  return folded;
}

function foldKey(value: string): string {
  let out = '';
  for (const ch of value) out += foldChar(ch);
  return out;
}

/** The text folded, with the offset of the original character each folded unit came from. */
function foldWithMap(text: string): { text: string; from: number[] } {
  let folded = '';
  const from: number[] = [];
  let offset = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    folded += f;
    for (let i = 0; i < f.length; i++) from.push(offset);
    offset += ch.length;
  }
  return { text: folded, from };
}

const LETTER = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
/** Keys shorter than this ("US", "NDF") must stand as words of their own. */
const SHORT_KEY = 4;

/** Where one named thing is first mentioned in a text: [start, end) offsets into it. */
export interface Mention {
  id: string;
  start: number;
  end: number;
}

/**
 * The things (actors) whose name or an alias occurs in `text` (or in its part [start, end)),
 * folded as matchKey folds, in order of first mention (the longer mention first at the same
 * place), one entry per id. A key shorter than four characters counts only as a word of its own
 * ("US" not inside "Focus"), judged against the whole text. The store's suggestions for a
 * passage (suggestActors in src/core/services/actors.ts) and the tie form's prefill both use it.
 *
 * `outermost`: a mention inside a longer mention of another thing does not count, so
 * "Harakat Hezbollah al-Nujaba" names that group and not Hezbollah as well (a later
 * "Hezbollah" on its own still does).
 */
export function findMentions(
  text: string,
  names: Iterable<readonly [id: string, name: string]>,
  options: { outermost?: boolean; start?: number; end?: number } = {},
): Mention[] {
  const start = options.start ?? 0;
  const end = options.end ?? text.length;
  const folded = foldWithMap(text.slice(start, end));
  const all: Mention[] = [];
  for (const [id, name] of names) {
    const key = foldKey(name);
    if (!key) continue;
    for (let at = folded.text.indexOf(key); at >= 0; at = folded.text.indexOf(key, at + 1)) {
      const from = start + folded.from[at];
      const lastFrom = start + folded.from[at + key.length - 1];
      let to = lastFrom + String.fromCodePoint(text.codePointAt(lastFrom)!).length;
      while (to < end && MARK.test(text[to])) to++;
      if (key.length < SHORT_KEY && (LETTER.test(text[from - 1] ?? '') || LETTER.test(text[to] ?? ''))) continue;
      all.push({ id, start: from, end: to });
      if (!options.outermost) break; // the first is the earliest for this name
    }
  }
  const inside = (m: Mention) => all.some((o) => o.id !== m.id && o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start);
  const best = new Map<string, Mention>();
  for (const m of all) {
    if (options.outermost && inside(m)) continue;
    const seen = best.get(m.id);
    if (!seen || m.start < seen.start || (m.start === seen.start && m.end > seen.end)) best.set(m.id, m);
  }
  return [...best.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

import { ApiError } from '../../shared/errors';
import { foldChar } from '../../shared/match';
import { foldForIndex, INDEX_WORD } from '../../shared/indexFold';

/**
 * The search box's query language, parsed here and never handed to FTS5 as typed:
 *
 *   words          every word must occur (anywhere in the source, its notes or ties)
 *   "exact phrase" the words in this order, next to each other
 *   prefix*        words starting so ("milit*"); also "a phrase*"
 *   a OR b         either (binds tighter than the implicit AND: `a OR b c` is (a or b) and c)
 *   -word, -"a b"  leave out sources where it occurs
 *
 * Anything else is text: punctuation separates words (`al-Quds` is the phrase "al quds"), a
 * quote left open runs to the end, a lone `-`, `*`, `OR` or a word with no letter or digit is
 * ignored. Every term reaches FTS5 as a quoted string of letters and digits, so no input can be
 * an FTS5 or SQL syntax error; the only refusals are `invalid_argument` with a sentence (only
 * exclusions, too many words).
 */

export const MAX_QUERY_TERMS = 32;

/** A word or phrase: its words folded for FTS5 (`fts`) and fully folded for locating matches (`keys`). */
export interface Term {
  fts: string[];
  keys: string[];
  prefix: boolean;
}

export interface ParsedQuery {
  /** Every clause must match; a clause matches when any of its terms does. */
  all: Term[][];
  /** No term here may match. */
  not: Term[];
}


/** matchKey's folding of one word (lower case, no marks, letter variants unified). */
export function foldWord(word: string): string {
  if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
  let out = '';
  for (const ch of word) out += foldChar(ch);
  return out;
}

function termOf(text: string, prefix: boolean): Term | null {
  const fts = foldForIndex(text).match(INDEX_WORD) ?? [];
  const keys = fts.map(foldWord).filter(Boolean);
  if (fts.length === 0 || keys.length !== fts.length) return null;
  return { fts, keys, prefix };
}

interface Token {
  text: string;
  phrase: boolean;
  negate: boolean;
  prefix: boolean;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/u.test(query[i])) {
      i++;
      continue;
    }
    let negate = false;
    if (query[i] === '-' && i + 1 < query.length && !/\s/u.test(query[i + 1])) {
      negate = true;
      i++;
    }
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      const end = close < 0 ? query.length : close;
      const text = query.slice(i + 1, end);
      i = close < 0 ? query.length : close + 1;
      let prefix = false;
      if (query[i] === '*') {
        prefix = true;
        i++;
      }
      tokens.push({ text, phrase: true, negate, prefix });
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/u.test(query[end]) && query[end] !== '"') end++;
    let text = query.slice(i, end);
    i = end;
    const prefix = text.endsWith('*');
    text = text.replace(/\*+$/u, '');
    tokens.push({ text, phrase: false, negate, prefix });
  }
  return tokens;
}

/** Parses what the user typed; an empty query gives no clauses. */
export function parseQuery(query: string): ParsedQuery {
  const all: Term[][] = [];
  const not: Term[] = [];
  let joinNext = false;
  for (const token of tokenize(query)) {
    if (!token.phrase && !token.negate && (token.text === 'OR' || token.text === '|')) {
      joinNext = all.length > 0;
      continue;
    }
    const term = termOf(token.text, token.prefix);
    if (!term) continue;
    if (token.negate) not.push(term);
    else if (joinNext) all[all.length - 1].push(term);
    else all.push([term]);
    joinNext = false;
  }
  const count = all.reduce((n, clause) => n + clause.length, 0) + not.length;
  if (count > MAX_QUERY_TERMS) {
    throw new ApiError('invalid_argument', `The search has ${count} words or phrases; use at most ${MAX_QUERY_TERMS}.`, { path: 'query' });
  }
  if (all.length === 0 && not.length > 0) {
    throw new ApiError('invalid_argument', 'Add a word to look for: a search cannot consist only of words to leave out (-word).', { path: 'query' });
  }
  return { all, not };
}

const ftsTerm = (t: Term) => `"${t.fts.join(' ')}"${t.prefix ? ' *' : ''}`;

/** The FTS5 MATCH expression of a parsed query (null when it has nothing to look for). */
export function toFtsMatch(query: ParsedQuery): string | null {
  if (query.all.length === 0) return null;
  const positive = query.all.map((clause) => (clause.length === 1 ? ftsTerm(clause[0]) : `(${clause.map(ftsTerm).join(' OR ')})`)).join(' AND ');
  if (query.not.length === 0) return positive;
  return `(${positive}) NOT (${query.not.map(ftsTerm).join(' OR ')})`;
}

/** The positive terms, each once. */
export function positiveTerms(query: ParsedQuery): Term[] {
  const seen = new Set<string>();
  const out: Term[] = [];
  for (const term of query.all.flat()) {
    const key = `${term.keys.join(' ')}${term.prefix ? '*' : ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(term);
    }
  }
  return out;
}

// ---- locating matches in the original text

/** A word of a text: [start, end) and its folded form. */
interface Word {
  start: number;
  end: number;
  key: string;
}

/** The words of a text as the tokenizer cuts them, folded; marks stay inside their word. */
export function wordsOf(text: string, from = 0, to = text.length): Word[] {
  const words: Word[] = [];
  const re = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const m of part.matchAll(re)) {
    const key = foldWord(m[0]);
    if (key) words.push({ start: from + m.index, end: from + m.index + m[0].length, key });
  }
  return words;
}

/** Where the terms occur in a list of words: [start, end) of each occurrence, in text order. */
export function locate(words: readonly Word[], terms: readonly Term[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let i = 0; i < words.length; i++) {
    for (const term of terms) {
      const n = term.keys.length;
      if (i + n > words.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const key = words[i + k].key;
        ok = k === n - 1 && term.prefix ? key.startsWith(term.keys[k]) : key === term.keys[k];
      }
      if (ok) {
        found.push([words[i].start, words[i + n - 1].end]);
        break;
      }
    }
  }
  return found;
}

/** A text whose letters and digits are all ASCII (the rest being punctuation, symbols and spaces in any script). */
const ASCII_WORDS = (text: string) => !/[^\x00-\x7F\p{P}\p{S}\p{Z}]/u.test(text);
const ASCII_KEYS = (terms: readonly Term[]) => terms.every((t) => t.keys.every((k) => ASCII_WORDS(k)));
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122);

/**
 * Where the terms occur in a text: as locate(wordsOf(text), terms), faster for a text whose
 * words are all ASCII (most English texts, whatever their quotes and dashes): native lower case
 * and indexOf of each term's first word, then the rest checked in place.
 */
export function locateInText(text: string, terms: readonly Term[]): Array<[number, number]> {
  if (!ASCII_WORDS(text) || !ASCII_KEYS(terms)) return locate(wordsOf(text), terms);
  const lower = text.toLowerCase();
  const length = lower.length;
  const found: Array<[number, number]> = [];
  for (const term of terms) {
    const first = term.keys[0];
    for (let at = lower.indexOf(first); at >= 0; at = lower.indexOf(first, at + 1)) {
      if (at > 0 && isAlnum(lower.charCodeAt(at - 1))) continue;
      let pos = at;
      let ok = true;
      for (let k = 0; k < term.keys.length && ok; k++) {
        if (k > 0) {
          let p = pos;
          while (p < length && !isAlnum(lower.charCodeAt(p))) p++;
          ok = p > pos && lower.startsWith(term.keys[k], p);
          pos = p;
          if (!ok) break;
        }
        pos += term.keys[k].length;
        if (k === term.keys.length - 1 && term.prefix) while (pos < length && isAlnum(lower.charCodeAt(pos))) pos++;
        else if (pos < length && isAlnum(lower.charCodeAt(pos))) ok = false;
      }
      if (ok) found.push([at, pos]);
    }
  }
  if (terms.length > 1) found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // One match per starting word, as locate gives.
  return found.filter((m, i) => i === 0 || m[0] !== found[i - 1][0]);
}

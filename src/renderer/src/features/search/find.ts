import { foldChar } from '../../../../shared/match';

/**
 * Find in this source (Ctrl/Cmd+F): every place a typed string occurs in a source's text, with
 * case, diacritics, harakat and Arabic letter variants ignored as actor names ignore them
 * (`foldChar` in src/shared/match.ts folds one character as `matchKey` does). Pure functions, no
 * DOM: the reader paints what they return (src/renderer/src/reader/painter.ts, `setFindMatches`).
 *
 * Unlike `matchKey`, spaces and punctuation are not dropped: a run of them folds to one space, so
 * "al-Quds" finds "al Quds" and "al‑Quds" but "theory" does not find "the ory", and a phrase
 * across a line break is still found.
 */

/** [start, end) in the source's text. */
export interface FindMatch {
  start: number;
  end: number;
}

/** A text folded for finding, with the way back from each folded character to the text. */
export interface FoldedText {
  folded: string;
  /** For each character of `folded`, where the character it came from starts in the text. */
  starts: Int32Array;
  /** … and where it ends (including any marks folded away after it). */
  ends: Int32Array;
}

/** What separates words: folded to one space (the rest `foldChar` drops are marks, tatweel, joiners). */
const SEPARATOR = /^[\p{P}\p{S}\p{Z}\s]$/u;

/** Folds a text one character (code point) at a time, keeping the offsets each folded character came from. */
export function foldForFind(text: string): FoldedText {
  const pieces: string[] = [];
  /** Whether the last folded character is a space (runs of separators fold to one). */
  let afterSpace = false;
  // Most characters fold to one; grown on demand for the few that fold to several (ligatures).
  let starts = new Int32Array(text.length + 16);
  let ends = new Int32Array(text.length + 16);
  let n = 0;
  const push = (piece: string, start: number, end: number) => {
    for (let k = 0; k < piece.length; k++) {
      if (n === starts.length) {
        starts = grow(starts);
        ends = grow(ends);
      }
      starts[n] = start;
      ends[n] = end;
      n++;
    }
    pieces.push(piece);
    afterSpace = piece === ' ';
  };
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const ch = width === 2 ? text.slice(i, i + 2) : text[i];
    const key = foldChar(ch);
    if (key) push(key, i, i + width);
    else if (SEPARATOR.test(ch)) {
      if (afterSpace) ends[n - 1] = i + width;
      else push(' ', i, i + width);
    } else if (n > 0) ends[n - 1] = i + width; // a mark after a letter belongs to it
    i += width;
  }
  return { folded: pieces.join(''), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** The query as the text is folded, without spaces at either end ("" finds nothing). */
export function foldQuery(query: string): string {
  return foldForFind(query).folded.trim();
}

/**
 * Every occurrence of `query` in the text, in text order, not overlapping (as a browser's find
 * counts: "aa" occurs twice in "aaaa"). `folded` may be given to fold a long text only once.
 */
export function findAll(text: string, query: string, folded: FoldedText = foldForFind(text)): FindMatch[] {
  const needle = foldQuery(query);
  if (!needle) return [];
  const matches: FindMatch[] = [];
  const haystack = folded.folded;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
    matches.push({ start: folded.starts[at], end: folded.ends[at + needle.length - 1] });
  }
  return matches;
}

/** "3 of 12", "No matches" or "" (nothing typed): what the find bar shows. */
export function findCount(query: string, count: number, current: number): string {
  if (!foldQuery(query)) return '';
  if (count === 0) return 'No matches';
  return `${current + 1} of ${count}`;
}

/** The index of the next (step 1) or previous (step -1) match, wrapping around. */
export function stepMatch(count: number, current: number, step: 1 | -1): number {
  if (count === 0) return -1;
  return (((current + step) % count) + count) % count;
}

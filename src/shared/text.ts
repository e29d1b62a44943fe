/**
 * Text helpers shared by the backend and the renderer. Offsets are UTF-16 code units, which is
 * what JavaScript strings index; boundaries are snapped to grapheme clusters so that a highlight
 * never splits an emoji, a letter and its combining marks, or a surrogate pair.
 */

// Segmenting a whole 1 MB text for one snap would be wasteful; a window around the offset is
// enough as long as it is wider than any real cluster (combining floods are capped here).
const SNAP_WINDOW = 512;

let segmenter: Intl.Segmenter | undefined;
function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

/**
 * The grapheme boundary at or before `offset` (direction -1) or at or after it (+1).
 * Only SNAP_WINDOW units either side are segmented: inside a single cluster longer than that
 * (a "Zalgo" flood of combining marks) the result is the window's edge, which is a code point
 * boundary but not a grapheme boundary. Real clusters are far shorter.
 */
export function snapOffset(text: string, offset: number, direction: -1 | 1): number {
  const at = Math.max(0, Math.min(text.length, offset));
  if (at === 0 || at === text.length) return at;
  // Between two characters of U+0020-U+02FF (Latin letters, digits, punctuation, spacing
  // modifiers) no rule of UAX #29 joins a cluster: no mark, joiner, prepend, Hangul or regional
  // indicator is among them. Most offsets in Latin text are settled here, without a segmenter
  // (lists cut thousands of excerpts as a source opens).
  if (isPlain(text.charCodeAt(at - 1)) && isPlain(text.charCodeAt(at))) return at;
  // The window's edges must not split a surrogate pair: in a cluster longer than the window
  // (a flood of astral combining marks) an edge is what gets returned.
  let from = Math.max(0, at - SNAP_WINDOW);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) from--;
  let to = Math.min(text.length, at + SNAP_WINDOW);
  if (to < text.length && isLowSurrogate(text.charCodeAt(to)) && isHighSurrogate(text.charCodeAt(to - 1))) to++;
  let before = from;
  for (const seg of graphemes().segment(text.slice(from, to))) {
    const start = from + seg.index;
    if (start === at) return at;
    if (start > at) return direction < 0 ? before : start;
    before = start;
  }
  return direction < 0 ? before : to;
}

const isPlain = (c: number): boolean => c >= 0x20 && c < 0x300;
const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Widen [start, end) outward to grapheme boundaries. */
export function snapRange(text: string, start: number, end: number): { start: number; end: number } {
  return { start: snapOffset(text, start, -1), end: snapOffset(text, end, 1) };
}

const isSpace = (ch: string): boolean => /\s/u.test(ch);

/** Drop whitespace at either end of a selected range, as a reader means "these words". */
export function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  let a = start;
  let b = end;
  while (a < b && isSpace(text[a])) a++;
  while (b > a && isSpace(text[b - 1])) b--;
  return { start: a, end: b };
}

/** An excerpt for lists: the text with inner whitespace collapsed, cut at `max` graphemes-ish. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = snapOffset(flat, max - 1, -1);
  return `${flat.slice(0, cut).trimEnd()}…`;
}

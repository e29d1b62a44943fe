/**
 * Escaping user text for the Markdown export. Two guarantees:
 *
 * 1. Structure: no user text can open a block (heading, list, quotation, table, fence, thematic
 *    break, setext underline, link reference definition), an inline construct (emphasis, code,
 *    link, autolink, strikethrough, entity) or raw HTML. `<` is always escaped, so `<script>`
 *    arrives as the text "<script>", never as an HTML token.
 * 2. Exactness: a CommonMark parser (markdown-it is the reference in the tests) gives back the
 *    exact text: curly quotes, apostrophes and non-Latin letters are never touched, and the
 *    characters CommonMark would eat are written so they survive:
 *    - newlines become hard breaks (`\` at the end of the line);
 *    - whitespace at either end of a line (which paragraphs strip) becomes a numeric character
 *      reference (`&#32;`), as does a carriage return (which parsers turn into a newline);
 *    - a newline at the very end (a hard break cannot end a paragraph) becomes `&#10;`.
 *
 * Beyond CommonMark, the characters Obsidian gives meaning to are escaped too: `#tag`, `$math$`,
 * `==highlight==`, `%%comment%%` and `^block-id`, so a passage reads the same in a notebook.
 *
 * The one character no Markdown can carry is U+0000 (parsers replace it); stored text never has
 * it, because import normalization drops C0 controls other than tab and newline.
 */

/** Escaped wherever they occur: CommonMark inline/block syntax plus Obsidian's. */
const ALWAYS = new Set(['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '$', '#', '^']);
/** Escaped when doubled (Obsidian `==highlight==`, `%%comment%%`); `=` also at a line start (setext). */
const WHEN_DOUBLED = new Set(['=', '%']);
/** Escaped at the start of a line, where they open lists, thematic breaks or setext headings. */
const AT_LINE_START = new Set(['-', '+', '=']);
/** `&name;`, `&#123;`, `&#x1F;`: would be decoded as a character reference. */
const ENTITY_LIKE = /^&#?[0-9A-Za-z]+;/;
/** `1.` or `1)` at a line start opens an ordered list. */
const ORDERED_MARKER = /^[0-9]+[.)]/;
/** What parsers strip at the ends of a paragraph line (JavaScript's `trim` set, which markdown-it uses). */
const EDGE_SPACE = /^\s$/u;

const charRef = (ch: string): string => `&#${ch.codePointAt(0)};`;

/**
 * Escapes one run of user text for use inside a line. `lineStart`: the run begins a line (or a
 * list item, or a quotation), so list markers and the like must be neutralized and leading
 * whitespace kept. Whitespace at the end is the caller's business (see `escapeLine`).
 */
export function escapeText(text: string, lineStart = false): string {
  const chars = Array.from(text);
  const orderedMarkerAt = lineStart ? (ORDERED_MARKER.exec(text)?.[0].length ?? 0) - 1 : -1;
  let out = '';
  let offset = 0; // in code units, for looking ahead in `text`
  for (let i = 0; i < chars.length; offset += chars[i].length, i++) {
    const ch = chars[i];
    const first = lineStart && i === 0;
    if (first && EDGE_SPACE.test(ch)) out += charRef(ch);
    else if (ch === '\r') out += charRef(ch);
    else if (ALWAYS.has(ch)) out += `\\${ch}`;
    else if (first && AT_LINE_START.has(ch)) out += `\\${ch}`;
    else if (WHEN_DOUBLED.has(ch) && (chars[i - 1] === ch || chars[i + 1] === ch)) out += `\\${ch}`;
    else if (ch === '&' && ENTITY_LIKE.test(text.slice(offset, offset + 40))) out += '\\&';
    // The marker is ASCII, so the code-point index equals the code-unit index here.
    else if (i === orderedMarkerAt) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** One whole line of user text: escaped, with whitespace at both ends kept as character references. */
export function escapeLine(line: string): string {
  if (!line) return '';
  const chars = Array.from(line);
  const last = chars[chars.length - 1];
  if (chars.length > 1 && EDGE_SPACE.test(last)) {
    return escapeText(line.slice(0, line.length - last.length), true) + charRef(last);
  }
  return escapeText(line, true);
}

/**
 * Multi-line user text as the lines of one Markdown paragraph that parses back to exactly the
 * text: each newline is a hard break (`\` at the end of the line). Prefix the lines as the
 * context needs (`> ` for a quotation, spaces inside a list item).
 */
export function escapeTextLines(text: string): string[] {
  const lines = text.split('\n');
  // A hard break cannot end a paragraph, so a final newline is written as a character reference.
  const finalNewline = lines.length > 1 && lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return lines.map((line, i) => {
    const escaped = escapeLine(line);
    if (i < lines.length - 1) return `${escaped}\\`;
    return finalNewline ? `${escaped}&#10;` : escaped;
  });
}

/** A block quotation whose text content is exactly `text`. */
export function quoteBlock(text: string): string {
  return escapeTextLines(text)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/**
 * Short user text in a line of our own (an actor name, a relation label, an attribution, a
 * title in a heading): whitespace runs, newlines included, become one space; then escaped as if
 * it started a line, because in our layout it often does (right after a list marker).
 */
export function inlineText(text: string): string {
  return escapeText(text.replace(/\s+/gu, ' ').trim(), true);
}

const SAFE_SCHEMES = /^(https?|mailto|tiemark|zotero|obsidian):/i;
/** What linkDestination encodes or escapes: controls and spaces, DEL, `<` `>`, any whitespace, `\\` `(` `)`. */
const LINK_SPECIAL = /[\u0000-\u0020\u007f<>\\()\s]/u;

/**
 * A link destination, or null when the URL must not become a link (javascript:, data:, file:,
 * vbscript:, anything unknown). Characters CommonMark would stop at or decode are escaped or
 * percent-encoded, so the destination is one token and cannot break the line.
 */
export function linkDestination(url: string): string | null {
  const trimmed = url.trim();
  if (!SAFE_SCHEMES.test(trimmed)) return null;
  // Most destinations (every tiemark:// link) hold nothing to encode: one scan instead of a walk.
  if (!LINK_SPECIAL.test(trimmed)) return trimmed;
  let out = '';
  for (const ch of trimmed) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0x20 || code === 0x7f || ch === '<' || ch === '>' || /\s/u.test(ch)) {
      out += encodeURIComponent(ch);
    } else if (ch === '\\' || ch === '(' || ch === ')') {
      out += `\\${ch}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** `[text](destination)`, or the text alone when the URL is not a safe link. `text` is already Markdown. */
export function link(text: string, url: string): string {
  const destination = linkDestination(url);
  return destination === null ? text : `[${text}](${destination})`;
}

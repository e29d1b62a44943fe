/**
 * Normalization applied to every imported text before anything is stored or offsets exist:
 * one newline convention, no control characters, Unicode NFC. Offsets are only ever taken
 * against the result, so it must be deterministic and idempotent.
 */
export function normalizeText(raw: string): string {
  // No BOM handling here: decodeBytes (files) and stripLeadingBom (pasted text) drop it once.
  let text = raw.replace(/\r\n?|\u2028|\u2029|\u0085/g, '\n');
  // C0/C1 controls other than tab and newline carry no meaning in prose and break renderers.
  text = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g, '');
  return text.normalize('NFC');
}

/** Split plain text into paragraphs at blank lines, trimming each. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => trimBlock(p.split('\n').map(trimEndBlanks).join('\n')))
    .filter((p) => p.trim().length > 0);
}

// These trims are loops, not `/[ \t]+$/gm` or `/\s+$/`: on a long run of spaces that is not at
// the end, such a regex backtracks from every space and takes quadratic time (minutes for 1 MB).

/** Drop spaces and tabs at the end of a line. */
export function trimEndBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return line.slice(0, end);
}

/** Drop leading newlines (indentation is kept) and all trailing whitespace of a block. */
export function trimBlock(text: string): string {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) === 0x0a) start++;
  return text.slice(start).trimEnd();
}

/**
 * Normalization applied to every imported text before anything is stored or offsets exist:
 * one newline convention, no control characters, Unicode NFC. Offsets are only ever taken
 * against the result, so it must be deterministic and idempotent.
 */
export function normalizeText(raw: string): string {
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  text = text.replace(/\r\n?|\u2028|\u2029|\u0085/g, '\n');
  // C0/C1 controls other than tab and newline carry no meaning in prose and break renderers.
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g, '');
  return text.normalize('NFC');
}

/** Split plain text into paragraphs at blank lines, trimming each. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/[ \t]+$/gm, '').replace(/^\n+|\s+$/g, ''))
    .filter((p) => p.trim().length > 0);
}

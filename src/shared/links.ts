/**
 * `tiemark://` links: the address of a source, or of one passage in it, written into every
 * export (Markdown, CSV, Web Annotation) and opened by the desktop app (it registers the scheme)
 * or, in the browser host, by the "Open link…" command and by pasting a link into the window.
 *
 *     tiemark://source/<source id>
 *     tiemark://source/<source id>#highlight=<highlight id>
 *
 * Ids are the project's own (letters, digits, `_` and `-`), so they need no escaping; the parser
 * still accepts percent-encoded ids, surrounding whitespace and angle brackets (`<tiemark://…>`,
 * as Markdown and e-mail wrap links), and an upper-case scheme.
 */
export interface TiemarkLink {
  sourceId: string;
  highlightId: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function sourceLink(sourceId: string): string {
  return `tiemark://source/${encodeURIComponent(sourceId)}`;
}

export function highlightLink(sourceId: string, highlightId: string): string {
  return `${sourceLink(sourceId)}#highlight=${encodeURIComponent(highlightId)}`;
}

export function formatTiemarkLink(link: TiemarkLink): string {
  return link.highlightId === null ? sourceLink(link.sourceId) : highlightLink(link.sourceId, link.highlightId);
}

/** The source and passage a link names, or null when the text is not a Tiemark link. */
export function parseTiemarkLink(raw: string): TiemarkLink | null {
  let text = raw.trim();
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  const match = /^tiemark:\/\/source\/([^#?/\s]+)\/?(?:#highlight=([^#&\s]+))?$/i.exec(text);
  if (!match) return null;
  const sourceId = decode(match[1]);
  const highlightId = match[2] === undefined ? null : decode(match[2]);
  if (sourceId === null || !ID.test(sourceId)) return null;
  if (match[2] !== undefined && (highlightId === null || !ID.test(highlightId))) return null;
  return { sourceId, highlightId };
}

/** The first Tiemark link in a longer text (a pasted paragraph, a CSV cell), or null. */
export function findTiemarkLink(text: string): TiemarkLink | null {
  for (const candidate of text.match(/tiemark:\/\/source\/[^\s<>"')\]]+/gi) ?? []) {
    const link = parseTiemarkLink(candidate);
    if (link) return link;
  }
  return null;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

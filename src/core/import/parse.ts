import MarkdownIt from 'markdown-it';
import footnotes from 'markdown-it-footnote';
import { parse as parseYaml } from 'yaml';
import type { SourceFormat, SourceMetadata } from '../../shared/types';
import { snapOffset } from '../../shared/text';
import { normalizeText } from '../text/normalize';
import { BlockBuilder, type Inline, type ParsedDocument } from './blocks';
import { parsePlainText } from './plaintext';

export type { ParsedDocument } from './blocks';

export function parseDocument(raw: string, format: SourceFormat): ParsedDocument {
  const normalized = normalizeText(raw);
  return format === 'markdown' ? parseMarkdown(normalized) : parsePlainText(normalized);
}

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(footnotes);
// Links are never rendered or followed, only their text is kept. markdown-it's default check
// would leave a `javascript:` link (or its reference definition) in the text as raw markup.
markdown.validateLink = () => true;
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

/**
 * markdown-it stops at 100 levels of nesting (its maxNesting) and silently drops everything
 * deeper, so a file of 10,000 `>` or list markers before real words would import as empty.
 * From this depth on (40 nested lists, or 80 nested quotations) the rest of the container is
 * read flat instead: quotation, list and heading markers at the starts of its lines are dropped,
 * each list item and each blank-line-separated run becomes a paragraph, and every word is kept.
 */
const FLATTEN_AT_LEVEL = 80;
/** What may open a line in a nested container: `>`, `-`/`+`/`*` or `1.`/`1)` with a space, `#`… headings. */
const LINE_MARKERS = /^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$)|#{1,6}(?=[ \t]|$)))+[ \t]*/;

markdown.block.ruler.before('table', 'flatten_deep_nesting', (state, startLine, endLine, silent) => {
  if (state.level < FLATTEN_AT_LEVEL || silent) return false;
  const paragraphs: Array<{ text: string; first: number; last: number }> = [];
  let current: { text: string; first: number; last: number } | null = null;
  for (let line = startLine; line < endLine; line++) {
    const raw = state.getLines(line, line + 1, state.blkIndent, false);
    const markers = LINE_MARKERS.exec(raw)?.[0] ?? '';
    const text = raw.slice(markers.length).trim();
    // A list or heading marker opens a new paragraph; a bare `>` only continues the current one.
    if (!text || /[^>\s]/.test(markers)) current = null;
    if (!text) continue;
    if (current) {
      current.text += `\n${text}`;
      current.last = line;
    } else {
      current = { text, first: line, last: line };
      paragraphs.push(current);
    }
  }
  for (const paragraph of paragraphs) {
    const map: [number, number] = [paragraph.first, paragraph.last + 1];
    state.push('paragraph_open', 'p', 1).map = map;
    const inline = state.push('inline', '', 0);
    inline.content = paragraph.text;
    inline.map = map;
    inline.children = [];
    state.push('paragraph_close', 'p', -1);
  }
  state.line = endLine;
  return true;
});

function parseMarkdown(text: string): ParsedDocument {
  const { body, metadata } = splitFrontmatter(text);
  const tokens = markdown.parse(body, {});
  const out = new BlockBuilder();
  const context: Array<'blockquote' | 'ordered' | 'bullet'> = [];
  let firstHeading: string | undefined;
  let row: { cells: Inline[]; header: boolean } | null = null;
  let footnote: { label: string; parts: Inline[] } | null = null;
  const footnoteBlocks: Array<{ label: string; parts: Inline[] }> = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    switch (token.type) {
      case 'blockquote_open':
        context.push('blockquote');
        break;
      case 'bullet_list_open':
        context.push('bullet');
        break;
      case 'ordered_list_open':
        context.push('ordered');
        break;
      case 'blockquote_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
        context.pop();
        break;
      case 'heading_open': {
        const content = inline(tokens[i + 1]);
        firstHeading ??= content.text.trim();
        out.add('heading', content, { level: Number(token.tag.slice(1)) || 1 });
        break;
      }
      case 'footnote_open':
        // Notes go to the end as footnote blocks, labelled as their markers in the text read.
        footnote = { label: String((token.meta as { id: number }).id + 1), parts: [] };
        break;
      case 'footnote_close':
        if (footnote) footnoteBlocks.push(footnote);
        footnote = null;
        break;
      case 'paragraph_open': {
        const content = inline(tokens[i + 1]);
        if (footnote) {
          footnote.parts.push(content);
          break;
        }
        const list = [...context].reverse().find((c) => c !== 'blockquote');
        if (list) {
          const level = context.filter((c) => c !== 'blockquote').length;
          out.add('list-item', content, { level, ordered: list === 'ordered' });
        } else {
          out.add(context.includes('blockquote') ? 'quote' : 'paragraph', content);
        }
        break;
      }
      case 'fence':
      case 'code_block':
        out.add('preformatted', token.content);
        break;
      case 'tr_open':
        row = { cells: [], header: false };
        break;
      case 'th_open':
        if (row) row.header = true;
        break;
      case 'inline':
        if (row) row.cells.push(inline(token));
        break;
      case 'tr_close':
        if (row) out.addRow(row.cells, row.header);
        row = null;
        break;
      default:
        // html_block, hr and the closing tokens carry no reading text; raw HTML is never kept.
        break;
    }
  }
  for (const note of footnoteBlocks) out.add('footnote', joinInlines([{ text: `[${note.label}] ` }, ...note.parts]), { label: note.label });
  const title = metadata.title ?? (firstHeading ? clip(firstHeading, 200) : undefined);
  return { text: out.text, blocks: out.blocks, metadata: title ? { ...metadata, title } : metadata };
}

/**
 * An inline token's reading text, with its links (web and mail only; never followed) and
 * footnote references as "[1]". Raw HTML is dropped, and so is the body of inline <script>/<style>.
 */
function inline(token: Token | undefined): Inline & { links: NonNullable<Inline['links']> } {
  const out = { text: '', links: [] as NonNullable<Inline['links']> };
  if (!token || token.type !== 'inline' || !token.children) return out;
  let inScript = false;
  const open: Array<{ start: number; href: string | null }> = [];
  for (const child of token.children) {
    if (child.type === 'html_inline') {
      if (/^<(script|style)\b/i.test(child.content)) inScript = true;
      else if (/^<\/(script|style)\b/i.test(child.content)) inScript = false;
    } else if (inScript) continue;
    else if (child.type === 'text' || child.type === 'code_inline') out.text += child.content;
    else if (child.type === 'softbreak') out.text += ' ';
    else if (child.type === 'hardbreak') out.text += '\n';
    else if (child.type === 'image') out.text += child.content;
    else if (child.type === 'footnote_ref') out.text += `[${(child.meta as { id: number }).id + 1}]`;
    else if (child.type === 'link_open') open.push({ start: out.text.length, href: webLink(String(child.attrGet('href') ?? '')) });
    else if (child.type === 'link_close') {
      const link = open.pop();
      if (link?.href && out.text.length > link.start) out.links.push({ start: link.start, end: out.text.length, href: link.href });
    }
  }
  return out;
}

/** Inlines joined into one, their links moved along. */
function joinInlines(parts: Inline[]): Inline {
  const joined = { text: '', links: [] as NonNullable<Inline['links']> };
  for (const [i, part] of parts.entries()) {
    if (i > 1) joined.text += '\n';
    const at = joined.text.length;
    joined.text += part.text;
    for (const l of part.links ?? []) joined.links.push({ start: l.start + at, end: l.end + at, href: l.href });
  }
  return joined;
}

/** Only absolute web and mail addresses are kept as link targets. */
function webLink(href: string | null): string | null {
  if (!href || href.length > 2000) return null;
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const FRONTMATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;

function splitFrontmatter(text: string): { body: string; metadata: Partial<SourceMetadata> } {
  const match = FRONTMATTER.exec(text);
  if (!match) return { body: text, metadata: {} };
  let data: unknown;
  try {
    data = parseYaml(match[1], { maxAliasCount: 10 });
  } catch {
    return { body: text, metadata: {} }; // not YAML after all: keep it as text
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { body: text, metadata: {} };
  return { body: text.slice(match[0].length), metadata: metadataFrom(data as Record<string, unknown>) };
}

function metadataFrom(data: Record<string, unknown>): Partial<SourceMetadata> {
  const pick = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const v = data[key];
      if (typeof v === 'string' && clean(v).trim()) return clean(v).trim();
      if (typeof v === 'number') return String(v);
      if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
    }
    return undefined;
  };
  const meta: Partial<SourceMetadata> = {};
  const title = pick('title');
  if (title) meta.title = clip(title, 500);
  const authors = data.authors ?? data.author;
  const list = Array.isArray(authors) ? authors : typeof authors === 'string' ? authors.split(/;|\band\b/) : [];
  const names = list.filter((a): a is string => typeof a === 'string').map((a) => clip(clean(a).trim(), 200)).filter(Boolean);
  if (names.length) meta.authors = names.slice(0, 50);
  const outlet = pick('outlet', 'publisher', 'publication', 'site', 'source');
  if (outlet) meta.outlet = clip(outlet, 300);
  const date = pick('published', 'date', 'publishedAt', 'published_at');
  if (date) meta.publishedAt = clip(date, 40);
  const url = pick('url', 'link');
  if (url && /^https?:\/\/\S+$/i.test(url)) meta.url = clip(url, 2000);
  const language = pick('language', 'lang');
  if (language) meta.language = clip(language, 35);
  return meta;
}

/** YAML escapes can produce anything ("\uD800", "\a"): metadata is stored as clean as the text. */
const clean = (value: string): string => normalizeText(value).toWellFormed();

function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, snapOffset(value, max, -1)).trimEnd();
}

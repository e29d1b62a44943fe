import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import type { SourceFormat, SourceMetadata } from '../../shared/types';
import { snapOffset } from '../../shared/text';
import { normalizeText } from '../text/normalize';
import { BlockBuilder, type ParsedDocument } from './blocks';
import { parsePlainText } from './plaintext';

export type { ParsedDocument } from './blocks';

export function parseDocument(raw: string, format: SourceFormat): ParsedDocument {
  const normalized = normalizeText(raw);
  return format === 'markdown' ? parseMarkdown(normalized) : parsePlainText(normalized);
}

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
// Links are never rendered or followed, only their text is kept. markdown-it's default check
// would leave a `javascript:` link (or its reference definition) in the text as raw markup.
markdown.validateLink = () => true;
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

function parseMarkdown(text: string): ParsedDocument {
  const { body, metadata } = splitFrontmatter(text);
  const tokens = markdown.parse(body, {});
  const out = new BlockBuilder();
  const context: Array<'blockquote' | 'ordered' | 'bullet'> = [];
  let firstHeading: string | undefined;
  let rowCells: string[] | null = null;

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
        const content = inlineText(tokens[i + 1]);
        firstHeading ??= content.trim();
        out.add('heading', content, { level: Number(token.tag.slice(1)) || 1 });
        break;
      }
      case 'paragraph_open': {
        const content = inlineText(tokens[i + 1]);
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
        rowCells = [];
        break;
      case 'inline':
        if (rowCells) rowCells.push(inlineText(token).trim());
        break;
      case 'tr_close':
        if (rowCells) out.add('paragraph', rowCells.join(' | '));
        rowCells = null;
        break;
      default:
        // html_block, hr and the closing tokens carry no reading text; raw HTML is never kept.
        break;
    }
  }
  const title = metadata.title ?? (firstHeading ? clip(firstHeading, 200) : undefined);
  return { text: out.text, blocks: out.blocks, metadata: title ? { ...metadata, title } : metadata };
}

function inlineText(token: Token | undefined): string {
  if (!token || token.type !== 'inline' || !token.children) return '';
  let text = '';
  let inScript = false; // inline <script>/<style> bodies are code, not reading text
  for (const child of token.children) {
    if (child.type === 'html_inline') {
      if (/^<(script|style)\b/i.test(child.content)) inScript = true;
      else if (/^<\/(script|style)\b/i.test(child.content)) inScript = false;
    } else if (inScript) continue;
    else if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak') text += ' ';
    else if (child.type === 'hardbreak') text += '\n';
    else if (child.type === 'image') text += child.content;
  }
  return text;
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

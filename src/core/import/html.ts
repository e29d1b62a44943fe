import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { SourceMetadata } from '../../shared/types';
import { snapOffset } from '../../shared/text';
import { normalizeText } from '../text/normalize';
import { BlockBuilder, type Inline, type ParsedDocument } from './blocks';

/**
 * The little of the DOM this module touches. linkedom parses only: it never runs a script or
 * loads a resource, so nothing in the page is executed or fetched.
 */
interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?: (name: string) => string | null;
}
interface DomDocument {
  documentElement: DomNode | null;
  body: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** Readability output shorter than this means it missed the article (or the page is tiny). */
const MIN_ARTICLE_CHARS = 200;
/**
 * Readability's passes climb ancestors and recurse over the tree: past these sizes it is slow
 * (quadratic in depth) or overflows, and no real article is built that way. Such pages take the
 * plain walk below, which is linear.
 */
const MAX_READABILITY_DEPTH = 400;
const MAX_READABILITY_ELEMENTS = 60_000;

export function parseHtml(html: string): ParsedDocument {
  const normalized = wholePage(normalizeText(html));
  const document = fresh(normalized);
  const pageH1 = firstText(document, 'h1');
  const meta = readMetadata(document);
  const base = meta.url;

  // Readability edits the document it is given, so metadata and the fallback come from fresh parses.
  let out: BlockBuilder | null = null;
  let byline: string | undefined;
  const untouched = !fitsReadability(document.documentElement);
  if (!untouched) try {
    // Readability resolves relative links against <base href>, which the page controls; links
    // resolve against the canonical address only (safeHref), so the base goes first.
    for (const b of Array.from(document.querySelectorAll('base'))) (b as unknown as { remove(): void }).remove();
    stripChrome(document);
    const article = new Readability(document as never, { charThreshold: MIN_ARTICLE_CHARS }).parse();
    byline = article?.byline ?? undefined;
    if (article?.content) {
      out = walk(fresh(wholePage(article.content)).body, base, false);
    }
  } catch {
    // Readability recurses over the tree: a deeply nested page overflows its stack. The walk below does not.
  }
  // Too little from Readability (or nothing) means it missed the article: walk the body without its chrome.
  const walked = out && out.length >= MIN_ARTICLE_CHARS ? out : walk((untouched ? document : fresh(normalized)).body, base, true);

  if (!meta.authors?.length && byline) {
    const authors = splitAuthors(byline);
    if (authors.length) meta.authors = authors;
  }
  const firstHeading = walked.blocks.find((b) => b.kind === 'heading');
  meta.title ??= pageH1 ? clip(clean(pageH1), 500) : firstHeading ? clip(walked.text.slice(firstHeading.start, firstHeading.end), 500) : undefined;
  if (!meta.title) delete meta.title;

  // Readability drops a heading that repeats the page title, and it may sit outside the article
  // element (or in a header the fallback skips); it is page text, so it stays as the first block.
  const h1 = pageH1 ? clean(pageH1) : '';
  const isTitle = h1 && meta.title && h1.toLowerCase() === collapse(meta.title).toLowerCase();
  const hasH1 = walked.blocks.some((x) => x.kind === 'heading' && walked.text.slice(x.start, x.end) === h1);
  if (!isTitle || !walked.blocks.length || hasH1) return walked.document(meta);
  const withTitle = new BlockBuilder();
  withTitle.add('heading', h1, { level: 1 });
  const text = walked.text;
  for (const b of walked.blocks) {
    const { kind, start, end, links, cells: _cells, ...extra } = b;
    if (kind === 'table-row') withTitle.addRow((b.cells ?? []).map(([s, e]) => relink(text, s, e, links)), b.header);
    else withTitle.add(kind, relink(text, start, end, links), extra);
  }
  return withTitle.document(meta);
}

/**
 * Readability can keep a cookie notice or a share bar that sits beside the article inside the
 * same container. Elements named or marked as chrome are removed first, unless they hold the
 * article itself (a wrapper named "article-share-wrapper" around the <article>).
 */
function stripChrome(document: DomDocument): void {
  type Removable = DomNode & { remove(): void; querySelector(selector: string): DomNode | null };
  for (const el of Array.from(document.querySelectorAll('[class], [id], [role]')) as Removable[]) {
    const name = `${el.getAttribute?.('class') ?? ''} ${el.getAttribute?.('id') ?? ''}`.replace(/[-_]/g, ' ');
    if (!CHROME_NAMES.test(name) && !CHROME_ROLES.test(el.getAttribute?.('role') ?? '')) continue;
    if (/^(HTML|BODY|MAIN|ARTICLE)$/i.test(el.nodeName) || el.querySelector('article, main, h1, [role="main"]')) continue;
    el.remove();
  }
}

/** Depth and element count, measured without recursion; stops as soon as either limit is passed. */
function fitsReadability(root: DomNode | null): boolean {
  if (!root) return false;
  const stack: Array<[DomNode, number]> = [[root, 1]];
  let elements = 0;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_READABILITY_DEPTH || ++elements > MAX_READABILITY_ELEMENTS) return false;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) if (children[i].nodeType === ELEMENT_NODE) stack.push([children[i], depth + 1]);
  }
  return true;
}

/**
 * A fragment (HTML copied from a page to the clipboard) is wrapped into a page, so it has a body
 * to walk; linkedom does not infer one.
 */
function wholePage(html: string): string {
  return /<(html|body)[\s>]/i.test(html.slice(0, 100_000)) ? html : `<!DOCTYPE html><html><body>${html}</body></html>`;
}

/**
 * HTML from a converter we run ourselves (mammoth's output for Word files): every block kept,
 * no article detection, no chrome dropped; relative links are dropped (there is no page address).
 */
export function blocksFromHtml(html: string): BlockBuilder {
  return walk(fresh(wholePage(normalizeText(html))).body, undefined, false);
}

const fresh = (html: string): DomDocument => (parseHTML(html) as unknown as { document: DomDocument }).document;

/** A stored block's text and links, relative again, so it can be placed into another builder. */
function relink(text: string, start: number, end: number, links: Array<{ start: number; end: number; href: string }> | undefined): Inline {
  const inside = (links ?? []).filter((l) => l.start >= start && l.end <= end);
  return { text: text.slice(start, end), links: inside.map((l) => ({ start: l.start - start, end: l.end - start, href: l.href })) };
}

// ---------------------------------------------------------------------------------------------
// The walk: iterative (an explicit stack), so 100,000 nested elements cannot overflow the call stack.

/** Never reading text, in any page. */
const SKIP = new Set([
  'HEAD', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'IFRAME', 'OBJECT', 'EMBED', 'CANVAS', 'AUDIO', 'VIDEO',
  'IMG', 'PICTURE', 'BUTTON', 'SELECT', 'TEXTAREA', 'INPUT', 'OPTION', 'DATALIST', 'DIALOG', 'TITLE', 'META', 'LINK',
]);
/**
 * Page chrome, skipped only when Readability found no article and the whole body is walked.
 * FORM is not chrome: some site frameworks wrap the whole page in one; its controls are skipped anyway.
 */
const CHROME = new Set(['NAV', 'HEADER', 'FOOTER', 'ASIDE']);
const CHROME_NAMES = /\b(ads?|advert\w*|sponsor\w*|promo\w*|cookie\w*|consent|gdpr|banner|share|sharing|social|related|recommend\w*|newsletter|subscribe|comments?|popup|modal)\b/i;
const CHROME_ROLES = /^(navigation|banner|contentinfo|complementary|search|dialog|alert|alertdialog)$/i;
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'LI', 'MAIN', 'MENU',
  'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL',
]);

type Context =
  | { kind: 'heading'; level: number }
  | { kind: 'list-item'; level: number; ordered: boolean; marker?: string }
  | { kind: 'quote' | 'preformatted' };
type Frame = { node: DomNode } | { exit: () => void };

function walk(root: DomNode | null, base: string | undefined, dropChrome: boolean): BlockBuilder {
  const out = new BlockBuilder();
  if (!root) return out;
  const contexts: Context[] = [];
  const lists: Array<{ ordered: boolean; next: number }> = [];
  const openLinks: Array<{ start: number; href: string }> = [];
  let buf: Inline & { links: NonNullable<Inline['links']> } = { text: '', links: [] };
  let pre = 0;
  let row: { cells: Inline[]; header: boolean } | null = null;
  let cell: typeof buf | null = null; // inside a table cell, block boundaries are only spaces

  const target = () => cell ?? buf;
  const append = (raw: string) => {
    const t = target();
    if (pre) {
      t.text += raw;
      return;
    }
    let s = raw.replace(/[ \t\n\f\r]+/g, ' ');
    // No space at the start of a block or line, and never two in a row.
    if (s.startsWith(' ') && (t.text === '' || t.text.endsWith(' ') || t.text.endsWith('\n'))) s = s.slice(1);
    t.text += s;
  };
  const closeLink = (t: typeof buf, link: { start: number; href: string }) => {
    let start = link.start;
    let end = t.text.length;
    while (start < end && /\s/.test(t.text[start])) start++;
    while (end > start && /\s/.test(t.text[end - 1])) end--;
    if (end > start) t.links.push({ start, end, href: link.href });
  };
  const flush = () => {
    if (cell) {
      append(' ');
      return;
    }
    for (const link of openLinks) closeLink(buf, link);
    const ctx = contexts[contexts.length - 1];
    if (!ctx) out.add('paragraph', buf);
    else if (ctx.kind === 'heading') out.add('heading', buf, { level: ctx.level });
    else if (ctx.kind === 'list-item') out.add('list-item', buf, { level: ctx.level, ordered: ctx.ordered, ...(ctx.marker ? { marker: ctx.marker } : {}) });
    else out.add(ctx.kind, buf);
    buf = { text: '', links: [] };
    for (const link of openLinks) link.start = 0; // a link that spans blocks continues in the next one
  };

  const stack: Frame[] = [{ node: root }];
  while (stack.length) {
    const frame = stack.pop()!;
    if ('exit' in frame) {
      frame.exit();
      continue;
    }
    const node = frame.node;
    if (node.nodeType === TEXT_NODE) {
      append(clean(node.nodeValue ?? ''));
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = node.nodeName.toUpperCase();
    const attr = (name: string) => node.getAttribute?.(name) ?? null;
    if (SKIP.has(tag) || attr('hidden') !== null || /display\s*:\s*none/i.test(attr('style') ?? '')) continue;
    if (dropChrome && (CHROME.has(tag) || CHROME_ROLES.test(attr('role') ?? '') || CHROME_NAMES.test(`${attr('class') ?? ''} ${attr('id') ?? ''}`.replace(/[-_]/g, ' ')))) continue;

    const exits: Array<() => void> = [];
    if (tag === 'BR') {
      const t = target();
      t.text = t.text.replace(/ +$/, '') + (pre || !cell ? '\n' : ' ');
      continue;
    }
    if (tag === 'TR') {
      flush();
      row = { cells: [], header: false };
      const thisRow = row;
      exits.push(() => {
        if (thisRow.cells.length) out.addRow(thisRow.cells, thisRow.header);
        row = null;
      });
    } else if ((tag === 'TD' || tag === 'TH') && row && !cell) {
      const thisRow = row;
      cell = { text: '', links: [] };
      if (tag === 'TH') thisRow.header = true;
      exits.push(() => {
        if (cell) {
          for (const link of openLinks) closeLink(cell, link);
          thisRow.cells.push(cell);
        }
        cell = null;
      });
    } else if (BLOCKS.has(tag)) {
      flush();
      exits.push(flush);
      let ctx: Context | null = null;
      if (/^H[1-6]$/.test(tag)) ctx = { kind: 'heading', level: Number(tag[1]) };
      else if (tag === 'BLOCKQUOTE') ctx = { kind: 'quote' };
      else if (tag === 'PRE') {
        ctx = { kind: 'preformatted' };
        pre++;
        exits.push(() => pre--);
      } else if (tag === 'UL' || tag === 'OL' || tag === 'MENU') {
        const start = Number.parseInt(attr('start') ?? '', 10);
        lists.push({ ordered: tag === 'OL', next: Number.isFinite(start) ? start : 1 });
        exits.push(() => lists.pop());
      } else if (tag === 'LI') {
        const list = lists[lists.length - 1];
        const value = Number.parseInt(attr('value') ?? '', 10);
        if (list && Number.isFinite(value)) list.next = value;
        const marker = list?.ordered ? String(list.next++) : undefined;
        ctx = { kind: 'list-item', level: Math.max(1, lists.length), ordered: !!list?.ordered, marker };
      }
      if (ctx) {
        contexts.push(ctx);
        exits.push(() => contexts.pop());
      }
    } else if (tag === 'A') {
      const href = safeHref(attr('href'), base);
      if (href) {
        const link = { start: target().text.length, href };
        openLinks.push(link);
        exits.push(() => {
          openLinks.pop();
          closeLink(target(), link);
        });
      }
    }
    // Run after the children, in order: the block is flushed while its context still applies.
    if (exits.length) stack.push({ exit: () => exits.forEach((f) => f()) });
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] });
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Links and metadata.

/**
 * Only web and mail links are kept, never `javascript:`, `data:` or the like. The parser has
 * already decoded entities; browsers also ignore tabs, newlines and controls inside a scheme
 * ("jav&#x09;ascript:"), so those are stripped before the scheme is read.
 */
function safeHref(raw: string | null, base: string | undefined): string | undefined {
  if (!raw) return undefined;
  const href = raw.replace(/[\u0000-\u0020\u007F]/g, '');
  if (!href) return undefined;
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(href);
  if (!absolute && !base) return undefined; // a relative link means nothing without the page's address
  try {
    const url = absolute ? new URL(href) : new URL(href, base);
    if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return undefined;
    return url.href.length <= 2000 ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function readMetadata(document: DomDocument): Partial<SourceMetadata> {
  // Meta tags by name, property or itemprop, lower-cased; the first occurrence wins.
  const metas = new Map<string, string>();
  for (const m of Array.from(document.querySelectorAll('meta'))) {
    const content = m.getAttribute?.('content');
    if (!content?.trim()) continue;
    for (const key of [m.getAttribute?.('name'), m.getAttribute?.('property'), m.getAttribute?.('itemprop')]) {
      if (key && !metas.has(key.toLowerCase())) metas.set(key.toLowerCase(), clean(content));
    }
  }
  const pick = (...keys: string[]) => keys.map((k) => metas.get(k)).find((v) => v);
  const meta: Partial<SourceMetadata> = {};

  const outlet = pick('og:site_name', 'application-name');
  if (outlet) meta.outlet = clip(outlet, 300);
  const title = pick('og:title', 'twitter:title') ?? stripSiteSuffix(clean(firstText(document, 'title') ?? ''), outlet);
  if (title) meta.title = clip(title, 500);

  const authors = Array.from(document.querySelectorAll('meta'))
    .filter((m) => /^(author|article:author)$/i.test(m.getAttribute?.('name') ?? m.getAttribute?.('property') ?? ''))
    .flatMap((m) => splitAuthors(m.getAttribute?.('content') ?? ''));
  if (authors.length) meta.authors = [...new Set(authors)].slice(0, 50);

  const timeAttr = document.querySelector('time[datetime]')?.getAttribute?.('datetime');
  const date = [pick('article:published_time', 'date', 'dc.date', 'dc.date.issued', 'pubdate', 'datepublished'), timeAttr && clean(timeAttr)]
    .map((d) => /^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)/.exec(d ?? '')?.[1])
    .find(Boolean);
  if (date) meta.publishedAt = date;

  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute?.('href');
  const url = [canonical, pick('og:url')].map((u) => webUrl(u)).find(Boolean);
  if (url) meta.url = url;

  const lang = clean(document.documentElement?.getAttribute?.('lang') ?? '').trim();
  if (/^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(lang)) meta.language = clip(lang, 35);
  return meta;
}

function webUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(clean(value).trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.href.length <= 2000 ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** "Story title | Site" -> "Story title", when the tail is the site's name or short enough to be one. */
function stripSiteSuffix(title: string, site: string | undefined): string {
  const t = collapse(title);
  const m = /^(.+?)\s+[|\-\u2013\u2014]\s+([^|\u2013\u2014]+)$/.exec(t);
  if (!m) return t;
  const [, head, tail] = m;
  const isSite = site ? tail.trim().toLowerCase() === collapse(site).toLowerCase() : false;
  return isSite || (tail.length <= 30 && head.length > tail.length) ? head.trim() : t;
}

function splitAuthors(value: string): string[] {
  return clean(value)
    .split(/\s+and\s+|[,;]/i)
    .map((a) => collapse(a).replace(/^by\s+/i, ''))
    .filter((a) => a && a.length <= 200 && !/^https?:/i.test(a))
    .slice(0, 50);
}

function firstText(document: DomDocument, selector: string): string | undefined {
  const text = document.querySelector(selector)?.textContent;
  return text?.trim() ? collapse(text) : undefined;
}

const collapse = (value: string): string => value.replace(/\s+/g, ' ').trim();

/** Entities can produce controls or lone surrogates: metadata is stored as clean as the text. */
const clean = (value: string): string => normalizeText(value.toWellFormed()).toWellFormed();

function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, snapOffset(value, max, -1)).trimEnd();
}

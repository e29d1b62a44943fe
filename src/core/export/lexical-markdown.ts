import { escapeText, escapeTextLines, linkDestination } from './markdown-escape';

/**
 * A note's Lexical editor state (serialized JSON) as Markdown.
 *
 * Why a walker over the JSON and not `$convertToMarkdownString` from @lexical/markdown: the
 * Lexical route does run in Node with 0.52.0 (createHeadlessEditor with HeadingNode, QuoteNode,
 * ListNode, ListItemNode, LinkNode and AutoLinkNode, then parseEditorState and TRANSFORMERS),
 * but its output fails the export's escaping rules, as checked by hand:
 *  - raw HTML in the text (`<script>`) is written as is;
 *  - text that starts a line with `# `, `1. `, `- ` or `> ` is written as is and becomes a
 *    heading, a list or a quotation;
 *  - `[x](y)` typed as text becomes a link, and a `javascript:` link URL is kept;
 *  - line breaks (Shift+Enter) become soft breaks, so the lines run together when rendered;
 *  - a node type the headless editor does not register (a horizontal rule, a table, a code block
 *    from a later editor version) makes parseEditorState throw, losing the note's formatting.
 * Its own escaping happens inside the exporter, so it cannot be fixed from outside (escaping the
 * text first gets escaped twice). The walker reads the same JSON, shares the escaping helpers
 * with the rest of the export, and degrades instead of throwing: an unknown element is read for
 * its children, an unknown leaf for its `text`. A test checks that it renders benign notes as
 * Lexical's own exporter does (compared as rendered HTML).
 *
 * Layout: paragraphs, headings (shifted by `headingOffset` so a note's h1 nests under the
 * highlight it annotates), quotations, bullet/numbered/check lists with nesting, code blocks,
 * horizontal rules; inline bold `**`, italic `*`, strikethrough `~~`, code spans, links (only
 * http, https, mailto, tiemark, zotero and obsidian URLs; others keep their text, lose the link),
 * line breaks as hard breaks. Underline, sub/superscript and highlight have no Markdown form and
 * are written as plain text.
 */
export interface NoteOptions {
  /** Added to heading levels (capped at 6). */
  headingOffset?: number;
}

/** The note as Markdown; the stored plain text (escaped) when the JSON cannot be read. Never throws. */
export function noteToMarkdown(content: string, plainText: string, options: NoteOptions = {}): string {
  let markdown = '';
  try {
    const parsed = JSON.parse(content) as unknown;
    const root = asNode(asNode(parsed)?.root) ?? asNode(asNode(asNode(parsed)?.editorState)?.root);
    if (root) markdown = renderBlocks(children(root), { headingOffset: options.headingOffset ?? 0, depth: 0 }).join('\n\n');
  } catch {
    markdown = '';
  }
  return markdown.trim() ? markdown : plainTextToMarkdown(plainText);
}

/** Plain text as escaped paragraphs (blank lines separate them; single newlines are hard breaks). */
export function plainTextToMarkdown(text: string): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter((p) => p.trim())
    .map((p) => escapeTextLines(p).join('\n'))
    .join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Serialized nodes

interface SerializedNode {
  type?: unknown;
  children?: unknown;
  text?: unknown;
  format?: unknown;
  tag?: unknown;
  listType?: unknown;
  start?: unknown;
  checked?: unknown;
  url?: unknown;
  /** An automatic link the user turned back into text. */
  isUnlinked?: unknown;
  root?: unknown;
  editorState?: unknown;
}

const asNode = (value: unknown): SerializedNode | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as SerializedNode) : undefined;

const children = (node: SerializedNode): SerializedNode[] =>
  Array.isArray(node.children) ? node.children.map(asNode).filter((n): n is SerializedNode => n !== undefined) : [];

const typeOf = (node: SerializedNode): string => (typeof node.type === 'string' ? node.type : '');

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'quote', 'list', 'code', 'horizontalrule', 'table', 'tablerow', 'tablecell', 'layout-container', 'layout-item', 'collapsible-container']);
const isBlock = (node: SerializedNode): boolean => BLOCK_TYPES.has(typeOf(node));

/** Beyond any real note; a deeper tree is treated as unreadable (plain text is used). */
const MAX_DEPTH = 100;

interface Context {
  headingOffset: number;
  depth: number;
}

const deeper = (ctx: Context): Context => {
  if (ctx.depth >= MAX_DEPTH) throw new Error('note nested too deeply');
  return { ...ctx, depth: ctx.depth + 1 };
};

// ---------------------------------------------------------------------------------------------
// Blocks

function renderBlocks(nodes: SerializedNode[], ctx: Context): string[] {
  const out: string[] = [];
  // Inline nodes directly under a block container (rare, but possible in hand-made JSON) form
  // one paragraph together.
  let inlineRun: SerializedNode[] = [];
  const flushInline = () => {
    if (inlineRun.length) out.push(renderInline(inlineRun, ctx));
    inlineRun = [];
  };
  for (const node of nodes) {
    if (!isBlock(node) && !(children(node).some(isBlock))) {
      inlineRun.push(node);
      continue;
    }
    flushInline();
    out.push(renderBlock(node, deeper(ctx)));
  }
  flushInline();
  return out.filter((block) => block.trim() !== '');
}

function renderBlock(node: SerializedNode, ctx: Context): string {
  switch (typeOf(node)) {
    case 'heading': {
      const level = /^h([1-6])$/.exec(String(node.tag))?.[1];
      const text = renderInline(children(node), ctx, { heading: true });
      if (!text.trim()) return '';
      return `${'#'.repeat(Math.min(6, Number(level ?? 1) + ctx.headingOffset))} ${text}`;
    }
    case 'quote': {
      const kids = children(node);
      const body = kids.some(isBlock) ? renderBlocks(kids, ctx).join('\n\n') : renderInline(kids, ctx);
      return prefixLines(body, '> ', '>');
    }
    case 'list':
      return renderList(node, ctx);
    case 'code':
      return renderCode(node);
    case 'horizontalrule':
      return '---';
    case 'paragraph':
      return renderInline(children(node), ctx);
    default: {
      // Unknown containers (tables, layouts, later node types): their content, block by block.
      const kids = children(node);
      return kids.some(isBlock) ? renderBlocks(kids, ctx).join('\n\n') : renderInline(kids, ctx);
    }
  }
}

function prefixLines(text: string, prefix: string, blankPrefix = ''): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : blankPrefix))
    .join('\n');
}

function indentLines(text: string, width: number): string {
  return prefixLines(text, ' '.repeat(width));
}

function renderList(node: SerializedNode, ctx: Context): string {
  const listType = typeof node.listType === 'string' ? node.listType : 'bullet';
  let number = typeof node.start === 'number' && Number.isInteger(node.start) && node.start >= 0 ? node.start : 1;
  const lines: string[] = [];
  let markerWidth = 2;
  for (const item of children(node)) {
    const kids = children(item);
    const nested = kids.filter((k) => typeOf(k) === 'list');
    const inline = kids.filter((k) => typeOf(k) !== 'list');
    // Lexical nests a list in an item of its own right after the item it belongs to.
    if (inline.length === 0 && nested.length > 0 && lines.length > 0) {
      for (const list of nested) lines.push(indentLines(renderList(list, deeper(ctx)), markerWidth));
      continue;
    }
    let marker: string;
    if (listType === 'number') marker = `${number++}. `;
    else if (listType === 'check') marker = item.checked === true ? '- [x] ' : '- [ ] ';
    else marker = '- ';
    markerWidth = listType === 'check' ? 2 : marker.length;
    const content = inline.some(isBlock) ? renderBlocks(inline, deeper(ctx)).join('\n\n') : renderInline(inline, ctx);
    const [first, ...rest] = content.split('\n');
    lines.push((marker + first).trimEnd());
    if (rest.length) lines.push(indentLines(rest.join('\n'), markerWidth));
    for (const list of nested) lines.push(indentLines(renderList(list, deeper(ctx)), markerWidth));
  }
  return lines.join('\n');
}

function renderCode(node: SerializedNode): string {
  const text = plainOf(children(node)).replace(/\n+$/, '');
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  // No info string: in Obsidian a fence's language can run code (```dataviewjs), so the
  // language a note's author picked is not carried over.
  return `${fence}\n${text}\n${fence}`;
}

/** The raw text of inline nodes (for code blocks): text, tabs and line breaks. */
function plainOf(nodes: SerializedNode[]): string {
  let out = '';
  for (const node of nodes) {
    const type = typeOf(node);
    if (type === 'linebreak') out += '\n';
    else if (type === 'tab') out += '\t';
    else if (typeof node.text === 'string') out += node.text;
    else out += plainOf(children(node));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Inline content

const BOLD = 1;
const ITALIC = 2;
const STRIKE = 4;
const CODE = 16;
/** Formats written as delimiters, in opening order. */
const DELIMITED: Array<[number, string]> = [
  [BOLD, '**'],
  [ITALIC, '*'],
  [STRIKE, '~~'],
];

type Piece =
  | { kind: 'text'; text: string; format: number }
  | { kind: 'break' }
  | { kind: 'link'; url: string; pieces: Piece[] };

function flatten(nodes: SerializedNode[], ctx: Context, out: Piece[] = []): Piece[] {
  for (const node of nodes) {
    const type = typeOf(node);
    if (type === 'linebreak') out.push({ kind: 'break' });
    else if (type === 'tab') pushText(out, '\t', 0);
    else if ((type === 'link' || type === 'autolink') && node.isUnlinked !== true) {
      out.push({ kind: 'link', url: typeof node.url === 'string' ? node.url : '', pieces: flatten(children(node), deeper(ctx)) });
    } else if (typeof node.text === 'string') {
      pushText(out, node.text, typeof node.format === 'number' ? node.format : 0);
    } else {
      // A paragraph inside a list item, or an unknown inline element: its content, and a break
      // between blocks so two paragraphs do not run together.
      if (isBlock(node) && out.length > 0) out.push({ kind: 'break' });
      flatten(children(node), deeper(ctx), out);
    }
  }
  return out;
}

function pushText(out: Piece[], text: string, format: number): void {
  const effective = format & (BOLD | ITALIC | STRIKE | CODE);
  const last = out[out.length - 1];
  if (last?.kind === 'text' && last.format === effective) last.text += text;
  else out.push({ kind: 'text', text, format: effective });
}

/** Builds one paragraph's Markdown, knowing when user text starts a line. */
class InlineWriter {
  out = '';
  private stack: number[] = [];
  private pendingSpace = '';

  /** `lineStart`: the content begins a line in block context (a paragraph, a list item, a quotation). */
  constructor(private lineStart = true) {}

  text(text: string): void {
    if (!text) return;
    this.out += escapeText(text, this.lineStart);
    this.lineStart = false;
  }

  syntax(markdown: string): void {
    this.out += markdown;
    this.lineStart = false;
  }

  /** Closes delimiters until only formats in `format` are open. */
  closeTo(format: number): void {
    while (this.stack.some((f) => (format & f) === 0)) {
      const top = this.stack.pop() as number;
      this.syntax(DELIMITED.find(([f]) => f === top)?.[1] ?? '');
    }
  }

  open(format: number): void {
    for (const [f, delimiter] of DELIMITED) {
      if (format & f && !this.stack.includes(f)) {
        this.syntax(delimiter);
        this.stack.push(f);
      }
    }
  }

  /** Whitespace goes outside delimiters: it is written once the next text's formats are known. */
  space(text: string): void {
    this.pendingSpace += text;
  }

  flushSpace(): void {
    this.text(this.pendingSpace);
    this.pendingSpace = '';
  }

  /** Ends a line: closes everything, drops trailing whitespace. */
  hardBreak(): void {
    this.closeTo(0);
    this.pendingSpace = '';
    this.out += '\\\n';
    this.lineStart = true;
  }

  end(): string {
    this.closeTo(0);
    this.pendingSpace = '';
    return this.out;
  }
}

function renderInline(nodes: SerializedNode[], ctx: Context, options: { heading?: boolean } = {}): string {
  let pieces = flatten(nodes, ctx);
  if (options.heading) pieces = pieces.map((p) => (p.kind === 'break' ? { kind: 'text', text: ' ', format: 0 } : p));
  // Line breaks at either end of a paragraph would be literal backslashes.
  while (pieces[0]?.kind === 'break') pieces.shift();
  while (pieces[pieces.length - 1]?.kind === 'break') pieces.pop();
  // A heading's content is inline only: nothing in it can open a block.
  const writer = new InlineWriter(!options.heading);
  writePieces(writer, pieces);
  return writer.end();
}

function writePieces(w: InlineWriter, pieces: Piece[]): void {
  for (const piece of pieces) {
    if (piece.kind === 'break') {
      w.hardBreak();
    } else if (piece.kind === 'link') {
      const destination = linkDestination(piece.url);
      if (destination === null) {
        // Not a safe link: keep its words, drop the URL.
        writePieces(w, piece.pieces);
        continue;
      }
      const inner = new InlineWriter(false);
      writePieces(inner, piece.pieces);
      const text = inner.end() || escapeText(piece.url);
      w.closeTo(0);
      w.flushSpace();
      w.syntax(`[${text}](${destination})`);
    } else {
      // trim*, not a regex: a lazy regex around long whitespace runs takes quadratic time.
      const afterLead = piece.text.trimStart();
      const core = afterLead.trimEnd();
      const lead = piece.text.slice(0, piece.text.length - afterLead.length);
      const trail = afterLead.slice(core.length);
      if (!core) {
        w.space(piece.text);
        continue;
      }
      const emphasis = piece.format & (BOLD | ITALIC | STRIKE);
      w.closeTo(emphasis);
      w.space(lead);
      w.flushSpace();
      w.open(emphasis);
      if (piece.format & CODE) w.syntax(codeSpan(core));
      else w.text(core);
      w.space(trail);
    }
  }
}

function codeSpan(text: string): string {
  const flat = text.replace(/\n/g, ' ');
  const longest = Math.max(0, ...Array.from(flat.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

import MarkdownIt, { type Token } from 'markdown-it';
import { parseHTML } from 'linkedom';
import { parse as parseYaml } from 'yaml';

/**
 * Reading exports back, for the tests: markdown-it with raw HTML enabled (as Obsidian renders
 * it), so any HTML that slipped through would show up as `html_inline` / `html_block` tokens.
 */
export const markdownParser = new MarkdownIt({ html: true });

export type { Token };

/**
 * The text content of an inline token: text as written, hard breaks as `\n`. Anything else
 * (emphasis, links, code, HTML, soft breaks) means user text became structure: reported in
 * `foreign` so a test can fail on it.
 */
export function inlineText(inline: Token): { text: string; foreign: string[] } {
  let text = '';
  const foreign: string[] = [];
  for (const child of inline.children ?? []) {
    if (child.type === 'text') text += child.content;
    else if (child.type === 'hardbreak') text += '\n';
    else foreign.push(child.type);
  }
  return { text, foreign };
}

/**
 * The text of a block quotation starting at tokens[open] (a `blockquote_open`): its paragraphs'
 * inline text. An empty quotation is the empty string. `end` is the index of its close.
 */
export function quoteText(tokens: Token[], open: number): { text: string; foreign: string[]; end: number } {
  let depth = 0;
  let text = '';
  const foreign: string[] = [];
  let paragraphs = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'blockquote_open') depth++;
    else if (t.type === 'blockquote_close') {
      depth--;
      if (depth === 0) return { text, foreign, end: i };
    } else if (t.type === 'paragraph_open') {
      if (++paragraphs > 1) foreign.push('second paragraph');
    } else if (t.type === 'inline') {
      const r = inlineText(t);
      text += r.text;
      foreign.push(...r.foreign);
    } else if (t.type !== 'paragraph_close') foreign.push(t.type);
  }
  throw new Error('unclosed blockquote');
}

/**
 * Splits `---\nyaml\n---\n` off the document and parses it, as YAML 1.2 (`data`) and as YAML
 * 1.1 (`data11`, what older readers see).
 */
export function splitFrontmatter(markdown: string): { data: Record<string, unknown>; data11: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!match) throw new Error('no frontmatter');
  return {
    data: parseYaml(match[1]) as Record<string, unknown>,
    data11: parseYaml(match[1], { version: '1.1' }) as Record<string, unknown>,
    body: markdown.slice(match[0].length),
  };
}

/**
 * Frontmatter values as an HTML page shows them: each string decoded the way a browser decodes
 * text (`&lt;` is `<`), with the elements it would have created. Strings with elements mean a
 * viewer that pastes frontmatter into HTML would run markup.
 */
/** The little of linkedom's document these tests touch (its own types do not name `document`). */
interface HtmlPage {
  body: { innerHTML: string; textContent: string | null; querySelectorAll(selector: string): ArrayLike<{ tagName: string }> };
}

export function asHtmlText(value: unknown): { text: unknown; elements: string[] } {
  const elements: string[] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as { document: HtmlPage };
      document.body.innerHTML = v;
      for (const element of Array.from(document.body.querySelectorAll('*'))) elements.push(element.tagName.toLowerCase());
      return document.body.textContent;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { text: walk(value), elements };
}

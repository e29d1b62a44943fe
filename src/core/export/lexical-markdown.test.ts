import { createHeadlessEditor } from '@lexical/headless';
import { $createLinkNode, AutoLinkNode, LinkNode } from '@lexical/link';
import { $createListItemNode, $createListNode, ListItemNode, ListNode } from '@lexical/list';
import { $convertToMarkdownString, TRANSFORMERS } from '@lexical/markdown';
import { $createHeadingNode, $createQuoteNode, HeadingNode, QuoteNode } from '@lexical/rich-text';
import { $createLineBreakNode, $createParagraphNode, $createTextNode, $getRoot, type TextFormatType, type LexicalNode } from 'lexical';
import { describe, expect, it } from 'vitest';
import { noteToMarkdown, plainTextToMarkdown } from './lexical-markdown';
import { markdownParser, type Token } from './markdown-test-support';

const NODES = [HeadingNode, QuoteNode, ListNode, ListItemNode, LinkNode, AutoLinkNode];

function newEditor() {
  return createHeadlessEditor({ namespace: 'note', nodes: NODES, onError: (error) => { throw error; } });
}

/** A note as the notes editor stores it: the editor state built by `build`, serialized. */
function lexicalNote(build: () => LexicalNode[]): string {
  const editor = newEditor();
  editor.update(() => $getRoot().append(...build()), { discrete: true });
  return JSON.stringify(editor.getEditorState().toJSON());
}

/** What @lexical/markdown makes of the same JSON. */
function lexicalMarkdown(json: string): string {
  const editor = newEditor();
  const state = editor.parseEditorState(json);
  editor.setEditorState(state);
  return state.read(() => $convertToMarkdownString(TRANSFORMERS));
}

const text = (value: string, ...formats: TextFormatType[]) => {
  const node = $createTextNode(value);
  for (const f of formats) node.toggleFormat(f);
  return node;
};
const paragraph = (...children: LexicalNode[]) => $createParagraphNode().append(...children);
const item = (...children: LexicalNode[]) => $createListItemNode().append(...children);

function allTokens(markdown: string): Token[] {
  const out: Token[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      out.push(t);
      if (t.children) walk(t.children);
    }
  };
  walk(markdownParser.parse(markdown, {}));
  return out;
}

const render = (markdown: string) => markdownParser.render(markdown);

describe('notes from Lexical JSON', () => {
  const benign: Record<string, () => LexicalNode[]> = {
    'formats': () => [
      paragraph(text('Plain, '), text('bold', 'bold'), text(', '), text('italic', 'italic'), text(', '), text('struck', 'strikethrough'), text(' and '), text('code', 'code'), text('.')),
    ],
    'bold italic': () => [paragraph(text('both', 'bold', 'italic'), text(' then plain'))],
    'heading and quote': () => [$createHeadingNode('h2').append(text('A heading')), $createQuoteNode().append(text('A quotation'))],
    'lists': () => [
      $createListNode('bullet').append(item(text('one')), item(text('two', 'bold'))),
      $createListNode('number').append(item(text('first')), item(text('second'))),
    ],
    'nested list': () => {
      const inner = $createListNode('bullet').append(item(text('inner')));
      return [$createListNode('bullet').append(item(text('outer')), item(inner), item(text('after')))];
    },
    'link': () => [paragraph(text('See '), $createLinkNode('https://example.org/a_(b)').append(text('the report')), text('.'))],
  };
  for (const [name, build] of Object.entries(benign)) {
    it(`renders like @lexical/markdown for benign notes: ${name}`, () => {
      const json = lexicalNote(build);
      expect(render(noteToMarkdown(json, ''))).toBe(render(lexicalMarkdown(json)));
    });
  }

  it('writes the layout we expect', () => {
    const json = lexicalNote(() => [
      $createHeadingNode('h1').append(text('Assessment')),
      paragraph(text('Russia '), text('denies', 'bold'), text(' it; '), text('Israel', 'italic'), text(' says otherwise.')),
      $createQuoteNode().append(text('“We have proof,” an official said.')),
      $createListNode('bullet').append(item(text('check the ')), item($createLinkNode('https://example.org').append(text('source')))),
    ]);
    expect(noteToMarkdown(json, '', { headingOffset: 3 })).toBe(
      [
        '#### Assessment',
        'Russia **denies** it; *Israel* says otherwise.',
        '> “We have proof,” an official said.',
        '- check the\n- [source](https://example.org)',
      ].join('\n\n'),
    );
  });

  it('escapes text that would become structure or HTML', () => {
    const json = lexicalNote(() => [
      paragraph(text('# not a heading')),
      paragraph(text('1. not a list <script>alert(1)</script> [x](javascript:alert(1)) *nor* _this_')),
      paragraph(text('> nor a quotation'), $createLineBreakNode(), text('- nor a list after a break')),
      paragraph($createLinkNode('javascript:alert(1)').append(text('click'))),
    ]);
    const markdown = noteToMarkdown(json, '');
    const tokens = allTokens(markdown);
    const types = tokens.map((t) => t.type);
    expect(types).not.toContain('html_inline');
    expect(types).not.toContain('html_block');
    expect(types).not.toContain('heading_open');
    expect(types).not.toContain('bullet_list_open');
    expect(types).not.toContain('ordered_list_open');
    expect(types).not.toContain('blockquote_open');
    expect(types).not.toContain('link_open');
    expect(types).not.toContain('em_open');
    expect(render(markdown)).not.toContain('<script');
    const texts = tokens.filter((t) => t.type === 'inline').map((t) => t.children?.map((c) => (c.type === 'hardbreak' ? '\n' : c.content)).join(''));
    expect(texts).toEqual([
      '# not a heading',
      '1. not a list <script>alert(1)</script> [x](javascript:alert(1)) *nor* _this_',
      '> nor a quotation\n- nor a list after a break',
      'click',
    ]);
  });

  it('keeps line breaks as hard breaks', () => {
    const json = lexicalNote(() => [paragraph(text('line one'), $createLineBreakNode(), text('line two', 'bold'))]);
    expect(noteToMarkdown(json, '')).toBe('line one\\\n**line two**');
  });

  it('moves whitespace outside delimiters and handles adjacent formats', () => {
    const cases: Array<[() => LexicalNode[], string]> = [
      [() => [paragraph(text('a'), text(' bold ', 'bold'), text('b'))], '<p>a <strong>bold</strong> b</p>\n'],
      [() => [paragraph(text('bold', 'bold'), text('italic', 'italic'))], '<p><strong>bold</strong><em>italic</em></p>\n'],
      [() => [paragraph(text('bold ', 'bold'), text('both', 'bold', 'italic'))], '<p><strong>bold <em>both</em></strong></p>\n'],
      [() => [paragraph(text('x`y', 'code'))], '<p><code>x`y</code></p>\n'],
      [() => [paragraph(text('`tick', 'code'))], '<p><code>`tick</code></p>\n'],
      [() => [paragraph(text('<b>', 'bold', 'code'))], '<p><strong><code>&lt;b&gt;</code></strong></p>\n'],
    ];
    for (const [build, html] of cases) expect(render(noteToMarkdown(lexicalNote(build), ''))).toBe(html);
  });

  it('numbers lists from their start and marks check lists', () => {
    const json = JSON.stringify({
      root: {
        type: 'root',
        children: [
          { type: 'list', listType: 'number', start: 3, children: [{ type: 'listitem', children: [{ type: 'text', text: 'three' }] }, { type: 'listitem', children: [{ type: 'text', text: 'four' }] }] },
          { type: 'list', listType: 'check', children: [{ type: 'listitem', checked: true, children: [{ type: 'text', text: 'done' }] }, { type: 'listitem', checked: false, children: [{ type: 'text', text: '[ ] todo' }] }] },
        ],
      },
    });
    expect(noteToMarkdown(json, '')).toBe('3. three\n4. four\n\n- [x] done\n- [ ] \\[ \\] todo');
  });

  it('writes an automatic link the user unlinked as plain text', () => {
    const json = JSON.stringify({
      root: {
        type: 'root',
        children: [
          {
            type: 'paragraph',
            children: [
              { type: 'autolink', url: 'https://example.org', isUnlinked: true, children: [{ type: 'text', text: 'example.org' }] },
              { type: 'text', text: ' and ' },
              { type: 'autolink', url: 'https://un.org', isUnlinked: false, children: [{ type: 'text', text: 'un.org' }] },
            ],
          },
        ],
      },
    });
    expect(noteToMarkdown(json, '')).toBe('example.org and [un.org](https://un.org)');
  });

  it('reads node types it does not know instead of failing', () => {
    const json = JSON.stringify({
      root: {
        type: 'root',
        children: [
          { type: 'paragraph', children: [{ type: 'text', text: 'before' }] },
          { type: 'horizontalrule', version: 1 },
          { type: 'code', children: [{ type: 'code-highlight', text: 'let x = "<b>";' }, { type: 'linebreak' }, { type: 'code-highlight', text: '```' }] },
          { type: 'table', children: [{ type: 'tablerow', children: [{ type: 'tablecell', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'cell *one*' }] }] }] }] },
          { type: 'paragraph', children: [{ type: 'mention', text: '@Hezbollah' }, { type: 'future-inline', children: [{ type: 'text', text: ' inside' }] }] },
        ],
      },
    });
    const markdown = noteToMarkdown(json, 'unused');
    expect(markdown).toBe(['before', '---', '````\nlet x = "<b>";\n```\n````', 'cell \\*one\\*', '@Hezbollah inside'].join('\n\n'));
    expect(allTokens(markdown).map((t) => t.type)).not.toContain('html_inline');
  });

  it('falls back to the stored plain text, escaped, when the JSON cannot be read', () => {
    const plain = '# Note\n<script>x</script>\n\nsecond *para*';
    const expected = '\\# Note\\\n\\<script\\>x\\</script\\>\n\nsecond \\*para\\*';
    expect(noteToMarkdown('{not json', plain)).toBe(expected);
    expect(noteToMarkdown('null', plain)).toBe(expected);
    expect(noteToMarkdown('{"root":{"type":"root","children":[]}}', plain)).toBe(expected);
    expect(noteToMarkdown('', '')).toBe('');
    const deep = { type: 'root', children: [] as unknown[] };
    let at = deep;
    for (let i = 0; i < 500; i++) {
      const next = { type: 'quote', children: [] as unknown[] };
      at.children.push(next);
      at = next;
    }
    expect(noteToMarkdown(JSON.stringify({ root: deep }), 'deep note')).toBe('deep note');
  });

  it('shifts headings under the highlight and caps them at level 6', () => {
    const json = lexicalNote(() => [$createHeadingNode('h1').append(text('One')), $createHeadingNode('h3').append(text('Three #'))]);
    expect(noteToMarkdown(json, '', { headingOffset: 4 })).toBe('##### One\n\n###### Three \\#');
  });

  it('plainTextToMarkdown keeps paragraphs and lines', () => {
    expect(plainTextToMarkdown('a\nb\n\n\nc  ')).toBe('a\\\nb\n\nc');
  });
});

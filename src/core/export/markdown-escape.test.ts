import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeTextLines, inlineText, link, linkDestination, quoteBlock } from './markdown-escape';
import { markdownParser, quoteText, type Token } from './markdown-test-support';

/** Parses a quotation alone and gives back its text, failing on any structure inside it. */
function roundTrip(text: string): string {
  const tokens = markdownParser.parse(quoteBlock(text), {});
  if (tokens.length === 0 || tokens[0].type !== 'blockquote_open') throw new Error(`not a quotation: ${tokens.map((t) => t.type)}`);
  const { text: back, foreign, end } = quoteText(tokens, 0);
  expect(foreign, `structure inside the quotation of ${JSON.stringify(text)}`).toEqual([]);
  expect(end, 'the quotation is the whole document').toBe(tokens.length - 1);
  return back;
}

/** Every token type in a parse, inline children included. */
function tokenTypes(markdown: string): string[] {
  const types: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      types.push(t.type);
      if (t.children) walk(t.children);
    }
  };
  walk(markdownParser.parse(markdown, {}));
  return types;
}

describe('quotation of an exact passage', () => {
  const cases: Record<string, string> = {
    'ordered-list start': '1. First, Russia supplied <b>weapons</b>.',
    'heading start': '# Not a heading',
    'bullet start': '- not a list\n+ nor this\n* nor this',
    'quote start': '> not nested',
    emphasis: 'They said *stars* and _underscores_ and **bold**',
    html: 'a <b>bold</b> <script>alert(1)</script> <!-- c --> <div>x</div>',
    'html block': '<div>\nblock\n</div>',
    link: 'see [link](x) and ![img](y) and <http://a.b> and [ref]\n[ref]: /url',
    backslashes: 'C:\\path\\ and \\* and a final \\',
    'trailing spaces': 'line with two spaces  \nand one \nend  ',
    'leading spaces': '    indented code?\n  two\n\tTab',
    'curly quotes': '“Quoted” it’s ‘fine’ — “ok”',
    arabic: 'قال حِزْبُ ٱللَّٰهِ إنّ «الدعم» مستمر',
    persian: 'سپاه پاسداران انقلاب اسلامی، «حزب‌الله» را تأمین می‌کند',
    entities: 'AT&T &amp; &#32; &copy; &#x41; & ;',
    'code and fences': 'a `code` span\n```\nfence\n```\n~~~\n~~strike~~',
    'setext and breaks': 'Title\n===\nSub\n---\n***\n___\n- - -',
    tables: 'a | b\n--- | ---\n1 | 2',
    obsidian: '#tag $x$ ==mark== %%hidden%% ^block-id [[Link]]',
    'blank lines': 'para one\n\npara two\n\n\npara three',
    'leading newline': '\nstarts with a newline',
    'trailing newline': 'ends with a newline\n',
    'trailing newlines': 'ends with two\n\n',
    'only newline': '\n',
    'only spaces': '   ',
    'nbsp edges': '\u00a0nbsp at both ends\u00a0',
    'carriage return': 'a\rb',
    'numbers mid-line': 'in 2022. Then 3) things',
    'ordered paren': '2024) was a year',
    emoji: '👩🏽‍🚀 and 🇺🇦',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`round-trips: ${name}`, () => {
      expect(roundTrip(text)).toBe(text);
      const types = tokenTypes(quoteBlock(text));
      expect(types).not.toContain('html_inline');
      expect(types).not.toContain('html_block');
    });
  }

  it('writes newlines as hard breaks inside one quotation', () => {
    expect(quoteBlock('one\ntwo')).toBe('> one\\\n> two');
    expect(quoteBlock('1. a *b* <c>')).toBe('> 1\\. a \\*b\\* \\<c\\>');
    expect(quoteBlock('a\n\nb')).toBe('> a\\\n> \\\n> b');
  });

  it('leaves curly quotes, apostrophes and non-Latin letters untouched', () => {
    const text = '“Hezbollah’s” حِزْبُ ٱللَّٰهِ ‘Liwa’ al-Quds’';
    expect(quoteBlock(text)).toBe(`> ${text}`);
  });

  it('property: any passage survives the quotation exactly', () => {
    const meta = fc.constantFrom(
      '#', '# ', '1. ', '2) ', '- ', '+ ', '* ', '> ', '*', '**', '_', '`', '```', '~~~', '~', '<b>', '</b>', '<script>',
      '<!--', '<div>', '[x](y)', '[x]: /u', '![a](b)', '<http://x.y>', '\\', '\\\n', '\n', '\n\n', '  ', '   \n', '\t',
      '&amp;', '&#32;', '&', '|', '---', '===', '    ', ' ', '\u00a0', '\u3000', '\r', '$', '%%', '==', '^', '!', '“', '’',
      'حِزْبُ', '\u200f', '\u2028',
    );
    const passage = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), meta), { maxLength: 25 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(passage, (text) => {
        // Stored text never holds U+0000 (import normalization drops C0 controls but tab/newline).
        const stored = text.replace(/\u0000/g, '');
        expect(roundTrip(stored)).toBe(stored);
      }),
      { numRuns: 200 },
    );
  });
});

describe('short inline text', () => {
  it('collapses whitespace and escapes structure', () => {
    expect(inlineText('  Liwa’ al-Quds \n brigade ')).toBe('Liwa’ al-Quds brigade');
    expect(inlineText('1. Brigade')).toBe('1\\. Brigade');
    expect(inlineText('- dash *star*')).toBe('\\- dash \\*star\\*');
    expect(inlineText('# | * [x](javascript:alert(1)) <script>')).toBe('\\# \\| \\* \\[x\\](javascript:alert(1)) \\<script\\>');
  });

  it('parses back to the text as one paragraph without structure', () => {
    for (const text of ['# | * [x](javascript:alert(1)) <script>', 'Wagner *PMC*', '= x', '+ y', '10) z', 'a_b_c']) {
      const tokens = markdownParser.parse(inlineText(text), {});
      expect(tokens.map((t) => t.type)).toEqual(['paragraph_open', 'inline', 'paragraph_close']);
      expect(tokens[1].children?.map((t) => t.type)).toEqual(['text']);
      expect(tokens[1].children?.[0].content).toBe(text);
    }
  });
});

describe('short inline text, property', () => {
  it('any name or title stays one paragraph of plain text', () => {
    const meta = fc.constantFrom('#', '1. ', '- ', '> ', '*', '_', '`', '<b>', '<script>', '[x](y)', '\\', '|', '~~', '$', '==', '&amp;', '\n', '  ', '“', '’', 'حِزْبُ');
    const name = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 5 }), meta), { minLength: 1, maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(name, (raw) => {
        const text = raw.replace(/\u0000/g, '');
        const collapsed = text.replace(/\s+/gu, ' ').trim();
        const tokens = markdownParser.parse(inlineText(text), {});
        if (!collapsed) {
          expect(tokens).toEqual([]);
          return;
        }
        expect(tokens.map((t) => t.type)).toEqual(['paragraph_open', 'inline', 'paragraph_close']);
        expect(tokens[1].children?.map((t) => t.type)).toEqual(['text']);
        expect(tokens[1].children?.[0].content).toBe(collapsed);
      }),
      { numRuns: 200 },
    );
  });
});

describe('links', () => {
  it('refuses unsafe schemes', () => {
    expect(linkDestination('javascript:alert(1)')).toBeNull();
    expect(linkDestination(' JavaScript:alert(1)')).toBeNull();
    expect(linkDestination('data:text/html,<script>')).toBeNull();
    expect(linkDestination('file:///etc/passwd')).toBeNull();
    expect(link('text', 'vbscript:x')).toBe('text');
  });

  it('keeps a safe URL exact, parentheses and all', () => {
    const url = 'https://example.org/a_(b)?q=1&r=<x> y';
    const tokens = markdownParser.parseInline(link('t', url), {})[0].children ?? [];
    expect(tokens[0].type).toBe('link_open');
    expect(decodeURI(String(tokens[0].attrGet('href')))).toBe('https://example.org/a_(b)?q=1&r=<x> y');
    expect(link('t', 'tiemark://source/abc#highlight=def')).toBe('[t](tiemark://source/abc#highlight=def)');
  });
});

describe('escapeTextLines', () => {
  it('never produces a line that a parser would strip', () => {
    expect(escapeTextLines(' a \n b ')).toEqual(['&#32;a&#32;\\', '&#32;b&#32;']);
  });
});

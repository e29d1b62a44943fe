import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import type { Highlight } from '../../shared/types';
import type { Backend } from '../backend';
import { ok, pasteSource, useTempDirs } from '../test-support/fixtures';
import { buildFixtureProject, FIXTURE_NOW, SOURCES } from './fixtures/project';
import { exportMarkdown, slug } from './markdown';
import { asHtmlText, markdownParser, quoteText, splitFrontmatter, type Token } from './markdown-test-support';

/**
 * Golden files: `fixtures/*.md` are the exact expected exports of the fixture project.
 * After an intended change to the layout, regenerate and review them by eye:
 *
 *     UPDATE_GOLDEN=1 npx vitest run src/core/export && git diff src/core/export/fixtures
 */
const temp = useTempDirs();

function fixtureBackend(): Backend {
  const backend = temp.backend();
  buildFixtureProject(backend.store);
  return backend;
}

function expectGolden(name: string, actual: string): void {
  const file = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, actual, 'utf8');
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden file ${name} was missing and has been written; review it and run again`);
    return;
  }
  expect(actual, `differs from fixtures/${name} (UPDATE_GOLDEN=1 to regenerate, then review the diff)`).toBe(readFileSync(file, 'utf8'));
}

/** Each highlight's passage cut from its source's text by offsets (what the quotation must give back). */
function passages(backend: Backend): Map<string, string> {
  const db = backend.store.db;
  const texts = new Map((db.prepare('SELECT id, text FROM sources').all() as Array<{ id: string; text: string }>).map((r) => [r.id, r.text]));
  const rows = db.prepare('SELECT id, source_id, start_offset, end_offset, exact FROM highlights').all() as Array<{
    id: string;
    source_id: string;
    start_offset: number;
    end_offset: number;
    exact: string;
  }>;
  const out = new Map<string, string>();
  for (const r of rows) {
    const passage = (texts.get(r.source_id) ?? '').slice(r.start_offset, r.end_offset);
    expect(r.exact, `stored exact text of ${r.id}`).toBe(passage);
    out.set(r.id, passage);
  }
  return out;
}

interface ParsedExport {
  /** Per highlight section, in document order: the id from its "Open in Tiemark" link and its quotation. */
  highlights: Array<{ id: string; quote: string; foreign: string[] }>;
  /** Every top-level quotation that is not a passage (notes may hold quotations). */
  otherQuotes: number;
  tokens: Token[];
  data: Record<string, unknown>;
}

function allTokens(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...(t.children ? allTokens(t.children) : [])]);
}

/** Reads an export back with markdown-it: highlight sections, their passages and their links. */
function parseExport(markdown: string, highlightLevel: number): ParsedExport {
  const { data, body } = splitFrontmatter(markdown);
  const tokens = markdownParser.parse(body, {});
  const highlights: ParsedExport['highlights'] = [];
  let otherQuotes = 0;
  let current: ParsedExport['highlights'][number] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open' && Number(t.tag.slice(1)) <= highlightLevel) {
      current = null;
      if (Number(t.tag.slice(1)) === highlightLevel) {
        expect(tokens[i + 1].content).toMatch(/^Highlight \d+$/);
        // The passage is the first block after the heading.
        expect(tokens[i + 3].type, `block after ${tokens[i + 1].content}`).toBe('blockquote_open');
        const q = quoteText(tokens, i + 3);
        current = { id: '', quote: q.text, foreign: q.foreign };
        highlights.push(current);
        i = q.end;
      }
    } else if (t.type === 'blockquote_open' && t.level === 0) {
      otherQuotes++;
      i = quoteText(tokens, i).end;
    } else if (t.type === 'inline' && current) {
      const href = t.children?.find((c) => c.type === 'link_open')?.attrGet('href');
      const match = /^tiemark:\/\/source\/([^#]+)#highlight=(.+)$/.exec(String(href ?? ''));
      if (match && t.content.startsWith('[Open in Tiemark]')) current.id = decodeURIComponent(match[2]);
    }
  }
  return { highlights, otherQuotes, tokens, data };
}

describe('Markdown export of the fixture project', () => {
  it('matches the golden file for one source', () => {
    const backend = fixtureBackend();
    const { fileName, content } = exportMarkdown(backend.store, { sourceId: SOURCES.axis.id, now: FIXTURE_NOW });
    expect(fileName).toBe('russia-iran-x-javascript-alert-1-script-alert-1-script.md');
    expectGolden('source-axis.md', content);
  });

  it('matches the golden file for the whole project', () => {
    const backend = fixtureBackend();
    const { fileName, content } = exportMarkdown(backend.store, { now: FIXTURE_NOW });
    expect(fileName).toBe('tiemark-project-2025-01-10.md');
    expectGolden('project.md', content);
  });

  it('gives back every passage exactly when parsed, in text order, each with its link', () => {
    const backend = fixtureBackend();
    const text = passages(backend);
    for (const [markdown, level, expected] of [
      [exportMarkdown(backend.store, { sourceId: SOURCES.axis.id, now: FIXTURE_NOW }).content, 3, ['hl-ties', 'hl-first', 'hl-supplied', 'hl-wagner', 'hl-clash']],
      [exportMarkdown(backend.store, { now: FIXTURE_NOW }).content, 4, ['hl-ties', 'hl-first', 'hl-supplied', 'hl-wagner', 'hl-clash', 'hl-arabic', 'hl-persian']],
    ] as const) {
      const parsed = parseExport(markdown, level);
      expect(parsed.highlights.map((h) => h.id)).toEqual(expected);
      for (const h of parsed.highlights) {
        expect(h.foreign, `structure inside the quotation of ${h.id}`).toEqual([]);
        expect(h.quote, `quotation of ${h.id}`).toBe(text.get(h.id));
      }
      // The one other quotation is the quote block inside the note of hl-first.
      expect(parsed.otherQuotes).toBe(1);
      const tokens = allTokens(parsed.tokens);
      expect(tokens.filter((t) => t.type === 'html_inline' || t.type === 'html_block')).toEqual([]);
      const hrefs = tokens.filter((t) => t.type === 'link_open').map((t) => String(t.attrGet('href')));
      for (const href of hrefs) expect(href).toMatch(/^(https:\/\/example\.org\/|tiemark:\/\/source\/)/);
      expect(markdownParser.render(splitFrontmatter(markdown).body)).not.toMatch(/<script|<b>|<i>|javascript:alert\(1\)"/);
    }
  });

  it('keeps curly quotes, apostrophes and Arabic letters byte for byte', () => {
    const backend = fixtureBackend();
    const { content } = exportMarkdown(backend.store, { now: FIXTURE_NOW });
    for (const fragment of ['“it’s routine”', 'قال حِزْبُ ٱللَّٰهِ إن الدعم مستمر.', 'Liwa’ al-Quds', '«حزب‌الله» همکاری می‌کند']) {
      expect(content).toContain(fragment);
    }
  });

  it('writes frontmatter that parses to the source metadata', () => {
    const backend = fixtureBackend();
    const { data, data11 } = splitFrontmatter(exportMarkdown(backend.store, { sourceId: SOURCES.axis.id, now: FIXTURE_NOW }).content);
    expect(data11, 'YAML 1.1 readers get the same strings').toEqual(data);
    // The fixture's title holds `<script>`, kept in frontmatter as `&lt;script&gt;`: read as HTML text, it is the title.
    expect(data.title).toBe(SOURCES.axis.title.replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    expect(asHtmlText(data)).toEqual({
      elements: [],
      text: {
        title: SOURCES.axis.title,
        authors: SOURCES.axis.authors,
        outlet: SOURCES.axis.outlet,
        published: '2024-03-02',
        url: SOURCES.axis.url,
        language: 'en',
        source_id: 'src-axis',
        tiemark: 'tiemark://source/src-axis',
        exported: '2025-01-10T12:00:00.000Z',
        actors: ['Hamas', 'Hezbollah', 'Israel', 'Liwa’ al-Quds', 'Russia', 'Wagner *PMC*'],
      },
    });
    const arabic = splitFrontmatter(exportMarkdown(backend.store, { sourceId: SOURCES.arabic.id, now: FIXTURE_NOW }).content).data;
    expect(arabic.title).toBe(SOURCES.arabic.title);
    expect(arabic.published).toBe('2023');
    expect(arabic.authors).toEqual([]);
    const project = asHtmlText(splitFrontmatter(exportMarkdown(backend.store, { now: FIXTURE_NOW }).content).data);
    expect(project.elements).toEqual([]);
    expect(project.text).toEqual({
      title: 'Axis study: “proxies” & ties',
      exported: '2025-01-10T12:00:00.000Z',
      source_count: 3,
      sources: [SOURCES.axis.title, SOURCES.arabic.title, SOURCES.empty.title],
      actors: ['Hamas', 'Hezbollah', 'Iran', 'Israel', 'Liwa’ al-Quds', 'Russia', 'Wagner *PMC*', 'سپاه پاسداران'],
    });
  });

  it('lists ties by claim count, merging a symmetric tie entered both ways', () => {
    const backend = fixtureBackend();
    const { content } = exportMarkdown(backend.store, { sourceId: SOURCES.axis.id, now: FIXTURE_NOW });
    const ties = content.slice(content.indexOf('## Ties'), content.indexOf('## Highlights')).trim().split('\n').slice(2);
    expect(ties).toEqual([
      '- Hezbollah ↔ **clashes with** ↔ Israel · 2 claims (1 asserted, 1 denied) · event dates 2021 – 2023',
      '- Russia → **supplies weapons to** → Hezbollah · 2 claims (1 reported, 1 alleged) · event dates 2022-03 – 2023',
      '- Hamas ↔ **clashes with** ↔ Israel · 1 claim (asserted) · event date 2023-10-07',
      '- Wagner \\*PMC\\* → **trains** → Liwa’ al-Quds · 1 claim (asserted) · event date 2019',
    ]);
  });

  it('says so when a source has no ties or highlights, and drops an unsafe source URL', () => {
    const backend = fixtureBackend();
    const { content } = exportMarkdown(backend.store, { sourceId: SOURCES.empty.id, now: FIXTURE_NOW });
    expect(content).toContain('No ties were recorded in this source.');
    expect(content).toContain('No passages were highlighted in this source.');
    expect(content).not.toContain('[Original]');
    expect(splitFrontmatter(content).data.url).toBe('javascript:alert(1)');
  });

  it('has no trailing whitespace for an editor to strip from the golden files', () => {
    const backend = fixtureBackend();
    const { content } = exportMarkdown(backend.store, { now: FIXTURE_NOW });
    expect(content.split('\n').filter((line) => /\s$/.test(line))).toEqual([]);
  });

  it('keeps the frontmatter fence whole whatever the metadata holds', () => {
    const backend = fixtureBackend();
    const title = 'Line one\n---\n...\n# two: [x] {y} & *z*';
    const authors = ['---', '- dash', 'yes', '2024'];
    backend.store.db.prepare('UPDATE sources SET title = ?, authors = ?, outlet = ? WHERE id = ?').run(title, JSON.stringify(authors), '"quoted" \\ back', SOURCES.axis.id);
    const { content } = exportMarkdown(backend.store, { sourceId: SOURCES.axis.id, now: FIXTURE_NOW });
    const { data, data11, body } = splitFrontmatter(content);
    expect(data.title).toBe(title);
    expect(data.authors).toEqual(authors);
    expect(data.outlet).toBe('"quoted" \\ back');
    expect(data11).toEqual(data);
    expect(body.startsWith('\n# Line one --- ... \\# two: \\[x\\] {y} & \\*z\\*\n')).toBe(true);
  });

  it('writes frontmatter no viewer can turn into markup, quoted so every YAML reader gets the text back', () => {
    const backend = fixtureBackend();
    const title = '<img src=x onerror=alert(1)>';
    const authors = ['"Quoted": name\nwith a second line', "O'Hara: <b>bold</b> & co", 'Literal &lt; and &#60; and &amp;'];
    const outlet = '</script><script>alert(2)</script>';
    const actor = 'Front "A": <i>x</i>\n- not: a list';
    backend.store.db.prepare('UPDATE sources SET title = ?, authors = ?, outlet = ? WHERE id = ?').run(title, JSON.stringify(authors), outlet, SOURCES.axis.id);
    backend.store.db.prepare("UPDATE actors SET name = ? WHERE name = 'Hamas'").run(actor);
    for (const options of [{ sourceId: SOURCES.axis.id }, {}]) {
      const { content } = exportMarkdown(backend.store, { ...options, now: FIXTURE_NOW });
      const yaml = content.slice(0, content.indexOf('\n---\n', 4));
      expect(yaml, 'no angle bracket anywhere in the frontmatter').not.toMatch(/[<>]/);
      const { data, data11 } = splitFrontmatter(content);
      expect(data11).toEqual(data);
      const shown = asHtmlText(data);
      expect(shown.elements).toEqual([]);
      const text = shown.text as Record<string, unknown>;
      expect(text.actors).toContain(actor);
      if (options.sourceId) {
        expect(text.title).toBe(title);
        expect(text.authors).toEqual(authors);
        expect(text.outlet).toBe(outlet);
      } else {
        expect(text.sources).toContain(title);
      }
      // Rendered as Markdown (as a notebook might render a property), still no HTML.
      for (const value of [data.title, ...(data.authors as string[] | undefined ?? []), ...(data.actors as string[])]) {
        const tokens = markdownParser.parse(String(value), {});
        expect(tokens.flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type.startsWith('html_'))).toEqual([]);
      }
    }
  });

  it('refuses an unknown source with not_found', () => {
    const backend = fixtureBackend();
    expect(() => exportMarkdown(backend.store, { sourceId: 'no-such-source' })).toThrow(ApiError);
    try {
      exportMarkdown(backend.store, { sourceId: 'no-such-source' });
    } catch (error) {
      expect((error as ApiError).code).toBe('not_found');
    }
  });
});

describe('Markdown export of imported text', () => {
  it('gives back passages highlighted through the API exactly', () => {
    const backend = temp.backend();
    const text = [
      '“Hezbollah’s” arsenal, per ‘officials’, grew — حِزْبُ ٱللَّٰهِ.',
      '1. Numbered <b>bold</b> *stars* \\back\\slash [link](x) `code` #tag $5 ==mark== %%c%% a_b_c',
      '> quoted | piped ~~struck~~ &amp; &#32; <!-- comment -->',
      '***',
      '    indented four',
    ].join('\n\n');
    const source = pasteSource(backend, text, 'Pasted <i>sample</i>');
    const spans: Array<[number, number]> = [
      [0, source.text.length],
      // The "1. " line is read as a numbered list item: its number is kept as the block's marker, not as text.
      [source.text.indexOf('Numbered'), source.text.indexOf('a_b_c') + 5],
      [source.text.indexOf('> quoted'), source.text.indexOf('***') + 3],
      [source.text.indexOf('grew'), source.text.indexOf('grew') + 5],
    ];
    const created = spans.map(([start, end]) => ok<Highlight>(backend.dispatch('createHighlight', { sourceId: source.id, start, end })));
    const { content, fileName } = exportMarkdown(backend.store, { sourceId: source.id, now: FIXTURE_NOW });
    expect(fileName).toBe('pasted-i-sample-i.md');
    const parsed = parseExport(content, 3);
    const inOrder = [...created].sort((a, b) => a.start - b.start || b.end - a.end);
    expect(parsed.highlights.map((h) => h.id)).toEqual(inOrder.map((h) => h.id));
    parsed.highlights.forEach((h, i) => {
      expect(h.foreign).toEqual([]);
      expect(h.quote).toBe(source.text.slice(inOrder[i].start, inOrder[i].end));
    });
    expect(allTokens(parsed.tokens).filter((t) => t.type.startsWith('html_'))).toEqual([]);
  });
});

describe('file names', () => {
  it('slugs titles, keeping letters of any script', () => {
    expect(slug('Russia & Iran: the “Axis”')).toBe('russia-iran-the-axis');
    expect(slug('حِزْبُ ٱللَّٰهِ و«محور المقاومة»')).toBe('حِزْبُ-ٱللَّٰهِ-و-محور-المقاومة');
    expect(slug('a/b\\c:d*e?f"g<h>i|j\u0007k')).toBe('a-b-c-d-e-f-g-h-i-j-k');
    expect(slug('../../etc/passwd')).toBe('etc-passwd');
    expect(slug('CON')).toBe('con-source');
    expect(slug('***')).toBe('untitled-source');
    expect(slug('')).toBe('untitled-source');
    const long = slug('word '.repeat(40));
    expect(Array.from(long).length).toBeLessThanOrEqual(80);
    expect(long.endsWith('-')).toBe(false);
    const oneLongWord = slug('ب'.repeat(79) + 'ِّ'.repeat(3));
    expect(Array.from(oneLongWord).length).toBeLessThanOrEqual(80);
  });
});

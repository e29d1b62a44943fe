import { describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../shared/api';
import { parseTiemarkLink } from '../../shared/links';
import { unzipAll } from '../test-support/docx-fixtures';
import { ok, useTempDirs } from '../test-support/fixtures';
import { buildExportFixture } from './export-fixtures';
import { rankByName, readSourceData, sentenceContext, sourceDataFromSnapshot } from './markdown';
import { readSnapshot } from './snapshot';
import { markdownParser, splitFrontmatter } from './markdown-test-support';
import { citationKey, uniqueStems } from './vault';

const temp = useTempDirs();

async function vault(backend: ReturnType<typeof temp.backend>, args: Record<string, unknown> = {}): Promise<Map<string, string>> {
  const file = ok<ExportedFile>(await backend.dispatch('exportData', { format: 'markdown-vault', ...args }));
  expect(file).toMatchObject({ encoding: 'base64', mimeType: 'application/zip' });
  expect(file.fileName).toMatch(/-vault\.zip$/);
  const files = await unzipAll(Buffer.from(file.content, 'base64'));
  return new Map([...files].map(([name, bytes]) => [name, bytes.toString('utf8')]));
}

/** The text of each heading of a level, as markdown-it reads it. */
function headings(markdown: string, level: number): string[] {
  const tokens = markdownParser.parse(markdown, {});
  return tokens.flatMap((t, i) => (t.type === 'heading_open' && t.tag === `h${level}` ? [tokens[i + 1].content] : []));
}

describe('Markdown vault', () => {
  it('holds one note per source and an index note with the project-wide ties', async () => {
    const f = buildExportFixture(temp.backend());
    const files = await vault(f.backend);
    expect([...files.keys()]).toEqual(['index.md', 'sources/uneasy-allies-arms-money-and-the-border.md', 'sources/border-notes.md']);
    const index = files.get('index.md')!;
    const { data, body } = splitFrontmatter(index);
    expect(data).toMatchObject({ source_count: 2, tags: ['tiemark'] });
    // The clash is claimed in both sources: the index counts it once with both claims.
    expect(body).toContain('Hezbollah ↔ **clashes with** ↔ Israel · 2 claims');
    expect(body).toContain('Russia → **supplies weapons to** → Hezbollah · 2 claims (1 asserted, 1 denied)');
    expect(body).toContain('[[border-notes]]');
  });

  it('heads each highlight by its ties or actors, quotes it with its sentence, and keeps Obsidian and Zotero front matter', async () => {
    const f = buildExportFixture(temp.backend());
    const note = (await vault(f.backend)).get('sources/uneasy-allies-arms-money-and-the-border.md')!;
    const { data, body } = splitFrontmatter(note);
    expect(data).toMatchObject({
      title: 'Uneasy Allies: arms, money and the border',
      authors: ['Jane Q. Smith'],
      citekey: 'smith2023uneasy',
      aliases: ['Uneasy Allies: arms, money and the border'],
      tags: ['tiemark'],
      source_id: f.alpha.id,
    });
    expect(parseTiemarkLink(data.tiemark as string)).toEqual({ sourceId: f.alpha.id, highlightId: null });
    const titles = headings(body, 3);
    expect(titles).toEqual([
      'Russia → supplies weapons to → Hezbollah',
      'Iran → funds → Hezbollah',
      'Israel ↔ clashes with ↔ Hezbollah',
      'Russia → supplies weapons to → Hezbollah',
    ]);
    expect(body).not.toMatch(/Highlight \d/);
    // The sentence around the passage, the passage in bold.
    expect(body).toContain('- **Context:** **Russia supplies weapons to Hezbollah**, officials said on Monday.');
    expect(body).toContain('[Open in Tiemark](tiemark://source/');
  });

  it('follows the filters: only the kept claims and their passages', async () => {
    const f = buildExportFixture(temp.backend());
    const files = await vault(f.backend, { stances: ['denied'] });
    const note = files.get('sources/uneasy-allies-arms-money-and-the-border.md')!;
    expect(headings(splitFrontmatter(note).body, 3)).toEqual(['Russia → supplies weapons to → Hezbollah']);
    expect(note).toContain('Moscow denies any role.');
    expect(note).not.toContain('Iran 🇮🇷 funds');
    expect(files.get('sources/border-notes.md')).toContain('No passages were highlighted in this source.');
  });

  it('reads each source from the snapshot exactly as the Markdown export reads it from the store', () => {
    const f = buildExportFixture(temp.backend());
    const store = f.backend.store;
    const snapshot = readSnapshot(store);
    for (const source of snapshot.sources) {
      const fromStore = store.read(() => readSourceData(store, source));
      const part = { highlights: snapshot.highlights.filter((h) => h.sourceId === source.id), claims: snapshot.claims.filter((c) => c.sourceId === source.id) };
      const fromSnapshot = sourceDataFromSnapshot(snapshot, source, part);
      expect(fromSnapshot).toEqual(fromStore);
      // Names ranked beforehand, as the vault ranks them (in reverse insertion order, so a rank that only followed insertion would show).
      const rank = rankByName([...snapshot.actors.values()].map((a) => a.name).reverse());
      expect(sourceDataFromSnapshot(snapshot, source, part, { rank })).toEqual(fromStore);
      expect(fromSnapshot.highlights.length).toBeGreaterThan(0);
    }
    expect(snapshot.claims.length).toBeGreaterThan(2);
  });

  it('finds the sentence of a passage, within its paragraph', () => {
    const text = 'First one. Second has the passage in it! Third.\nNext paragraph.';
    const start = text.indexOf('the passage');
    expect(sentenceContext(text, start, start + 11)).toEqual({ before: 'Second has ', after: ' in it! ' });
    const last = text.indexOf('Third');
    expect(sentenceContext(text, last, last + 5).after).toBe('.');
  });

  it('makes citation keys only when the metadata allows, and unique file names', () => {
    expect(citationKey(['Jane Q. Smith'], '2023-05-02', 'The Uneasy Allies')).toBe('smith2023uneasy');
    expect(citationKey(['Müller, Jörg'], 'May 2019', 'Über Milizen')).toBe('muller2019uber');
    expect(citationKey([], '2023', 'Title')).toBeNull();
    expect(citationKey(['A. Author'], '', 'Title')).toBeNull();
    expect(uniqueStems(['Report', 'report', 'Index', 'Report'])).toEqual(['report', 'report-2', 'index-2', 'report-3']);
  });
});

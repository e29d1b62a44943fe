import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/errors';
import type { Highlight, Source, SourceSummary } from '../shared/types';
import { APP_VERSION, Backend, openDefaultProject } from './backend';
import { LATEST_VERSION } from './db/migrations';
import { DEFAULT_PROJECT_FILE } from './paths';
import { contentDigest, ok, useTempDirs } from './test-support/fixtures';

const temp = useTempDirs();
const SAMPLES = join(__dirname, '..', '..', 'resources', 'samples');

interface Manifest {
  articles: Array<{ file: string; highlights: Array<{ quote: string; color?: string }> }>;
}
const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as Manifest;

describe('openDefaultProject', () => {
  it('creates and seeds the default project with every sample and its highlights', async () => {
    const dataDir = join(temp.make(), 'Tiemark data'); // does not exist yet
    const backend = temp.track(openDefaultProject(dataDir, SAMPLES));
    await backend.completeSamples(); // the PDF sample is read asynchronously, just after
    expect(existsSync(join(dataDir, DEFAULT_PROJECT_FILE))).toBe(true);
    const sources = ok<SourceSummary[]>(backend.dispatch('listSources', {}));
    expect(sources).toHaveLength(manifest.articles.length);
    expect(sources.map((s) => s.fileName)).toEqual(manifest.articles.map((a) => a.file));
    const expectedHighlights = manifest.articles.reduce((n, a) => n + a.highlights.length, 0);
    expect(backend.projectInfo()).toMatchObject({
      name: 'Default',
      sourceCount: manifest.articles.length,
      highlightCount: expectedHighlights,
      schemaVersion: LATEST_VERSION,
      appVersion: APP_VERSION,
    });
    for (const [i, article] of manifest.articles.entries()) {
      const source = ok<Source>(backend.dispatch('getSource', { id: sources[i].id }));
      expect(source.format).toBe(article.file.endsWith('.html') ? 'html' : article.file.endsWith('.pdf') ? 'pdf' : 'markdown');
      expect(source.title.length).toBeGreaterThan(0);
      const highlights = ok<Highlight[]>(backend.dispatch('listHighlights', { sourceId: source.id }));
      expect(sources[i].highlightCount).toBe(article.highlights.length);
      const byQuote = new Map(highlights.map((h) => [h.exact, h]));
      for (const { quote, color } of article.highlights) {
        const h = byQuote.get(quote);
        expect(h, `sample highlight "${quote.slice(0, 40)}…"`).toBeDefined();
        expect(h!.color).toBe(color ?? 'yellow');
        expect(source.text.slice(h!.start, h!.end)).toBe(quote);
      }
    }
  });

  it('does not seed again when the default project is opened a second time', () => {
    const dataDir = temp.make();
    const first = openDefaultProject(dataDir, SAMPLES);
    const digest = contentDigest(first.store.db);
    const info = first.projectInfo();
    first.close();
    const second = temp.track(openDefaultProject(dataDir, SAMPLES));
    expect(second.projectInfo()).toEqual(info);
    expect(contentDigest(second.store.db)).toBe(digest);
  });

  it('does not re-seed a project whose samples the user deleted', () => {
    const dataDir = temp.make();
    const first = openDefaultProject(dataDir, SAMPLES);
    for (const s of ok<SourceSummary[]>(first.dispatch('listSources', {}))) ok(first.dispatch('deleteSource', { id: s.id }));
    first.close();
    const second = temp.track(openDefaultProject(dataDir, SAMPLES));
    expect(second.projectInfo()).toMatchObject({ sourceCount: 0, highlightCount: 0 });
  });

  it('creates an empty project without a samples folder', () => {
    const backend = temp.track(openDefaultProject(temp.make()));
    expect(backend.projectInfo()).toMatchObject({ sourceCount: 0, highlightCount: 0, name: 'Default' });
  });

  it('seeds all or nothing, and closes the project, when a sample is broken', () => {
    const samples = temp.make();
    writeFileSync(join(samples, 'good.md'), '# Good\n\nA good sample.');
    writeFileSync(join(samples, 'bad.md'), '# Bad\n\nA sample whose highlight is missing.');
    writeFileSync(
      join(samples, 'manifest.json'),
      JSON.stringify({
        articles: [
          { file: 'good.md', highlights: [{ quote: 'good sample', color: 'green' }] },
          { file: 'bad.md', highlights: [{ quote: 'not in the text' }] },
        ],
      }),
    );
    const dataDir = temp.make();
    expect(() => openDefaultProject(dataDir, samples)).toThrow(/not found/);
    const file = join(dataDir, DEFAULT_PROJECT_FILE);
    // Nothing half-made is left under the project's name (or the temporary one), and the
    // connection was closed: the next launch simply creates the project again.
    expect(readdirSync(dataDir)).toEqual([`${DEFAULT_PROJECT_FILE}.lock`]);
    expect(existsSync(file)).toBe(false);
  });
});

describe('Backend', () => {
  it('reports project info from the file name and its rows', () => {
    const dir = temp.make();
    const backend = temp.track(Backend.open({ file: join(dir, 'Research 2024.tiemark'), create: true }));
    expect(backend.projectInfo()).toEqual({
      name: 'Research 2024',
      path: join(dir, 'Research 2024.tiemark'),
      schemaVersion: LATEST_VERSION,
      sourceCount: 0,
      highlightCount: 0,
      appVersion: APP_VERSION,
      readOnly: null,
      lastBackupAt: null,
      backupProblem: null,
      damage: null,
      analyst: null,
    });
    expect(ok(backend.dispatch('projectInfo', {}))).toEqual(backend.projectInfo());
  });

  it('creates missing parent folders only when asked to create', () => {
    const dir = temp.make();
    const nested = join(dir, 'a', 'b', 'P.tiemark');
    expect(() => Backend.open({ file: nested })).toThrow(ApiError);
    expect(existsSync(join(dir, 'a'))).toBe(false);
    temp.track(Backend.open({ file: nested, create: true }));
    expect(existsSync(nested)).toBe(true);
  });

  it('closes cleanly (idempotently), checkpointing the WAL into the project file', async () => {
    const dir = temp.make();
    const file = join(dir, 'P.tiemark');
    const backend = Backend.open({ file, create: true });
    ok(await backend.dispatch('importText', { text: 'Some text to save.' }));
    backend.close();
    backend.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = temp.track(Backend.open({ file }));
    expect(again.projectInfo().sourceCount).toBe(1);
  });

  it('refuses a project folder path that is a directory with a clear error', () => {
    const dir = temp.make();
    mkdirSync(join(dir, 'Folder.tiemark'));
    const error = (() => {
      try {
        Backend.open({ file: join(dir, 'Folder.tiemark'), create: true });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('not_a_project');
    expect((error as ApiError).message).toContain('Folder.tiemark');
  });
});

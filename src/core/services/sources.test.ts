import { describe, expect, it } from 'vitest';
import type { Source, SourceSummary } from '../../shared/types';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';

const temp = useTempDirs();

describe('sources', () => {
  it('getSource returns text, blocks and a SHA-256 of the text; summaries agree', async () => {
    const backend = temp.backend();
    const source = pasteSource(backend, 'Title line\n\nBody paragraph.');
    const { createHash } = await import('node:crypto');
    expect(source.contentHash).toBe(createHash('sha256').update(source.text).digest('hex'));
    expect(source.blocks.map((b) => source.text.slice(b.start, b.end))).toEqual(['Title line', 'Body paragraph.']);
    const [summary] = ok<SourceSummary[]>(backend.dispatch('listSources', {}));
    expect(summary).toEqual({
      id: source.id,
      title: source.title,
      authors: [],
      outlet: '',
      publishedAt: '',
      url: '',
      language: '',
      format: 'pasted',
      fileName: '',
      length: source.text.length,
      highlightCount: 0,
      createdAt: source.createdAt,
      updatedAt: source.updatedAt,
    });
  });

  it('lists sources in the order they were imported', () => {
    const backend = temp.backend();
    const ids = ['one', 'two', 'three', 'four'].map((t) => pasteSource(backend, `Source ${t}`).id);
    expect(ok<SourceSummary[]>(backend.dispatch('listSources', {})).map((s) => s.id)).toEqual(ids);
  });

  it('updateSource trims metadata, drops blank authors and keeps the text', () => {
    const backend = temp.backend();
    const source = pasteSource(backend, 'Body of the source');
    const updated = ok<SourceSummary>(
      backend.dispatch('updateSource', {
        id: source.id,
        patch: {
          title: '  New title  ',
          authors: [' Jane Doe ', '   ', 'علی رضایی'],
          outlet: ' Outlet ',
          publishedAt: ' 2024-03 ',
          url: 'https://example.org/a',
          language: ' fa ',
        },
      }),
    );
    expect(updated).toMatchObject({
      title: 'New title',
      authors: ['Jane Doe', 'علی رضایی'],
      outlet: 'Outlet',
      publishedAt: '2024-03',
      url: 'https://example.org/a',
      language: 'fa',
    });
    const again = ok<Source>(backend.dispatch('getSource', { id: source.id }));
    expect(again.text).toBe(source.text);
    expect(again.contentHash).toBe(source.contentHash);
    // A partial patch changes only what it names.
    const partial = ok<SourceSummary>(backend.dispatch('updateSource', { id: source.id, patch: { outlet: '' } }));
    expect(partial).toMatchObject({ title: 'New title', outlet: '', authors: ['Jane Doe', 'علی رضایی'] });
  });

  it.each([
    ['a blank title', { title: '   ' }, 'invalid_argument'],
    ['an empty title', { title: '' }, 'invalid_argument'],
    ['a javascript: url', { url: 'javascript:alert(1)' }, 'invalid_argument'],
    ['a url with spaces', { url: 'https://a b' }, 'invalid_argument'],
    ['an unknown field', { text: 'replaced' }, 'invalid_argument'],
    ['a lone surrogate in the title', { title: 'a\uD800' }, 'invalid_argument'],
    ['too many authors', { authors: Array.from({ length: 51 }, (_, i) => `A${i}`) }, 'invalid_argument'],
  ])('refuses %s and changes nothing', (_, patch, code) => {
    const backend = temp.backend();
    const source = pasteSource(backend, 'Body');
    const before = contentDigest(backend.store.db);
    expect(refused(backend.dispatch('updateSource', { id: source.id, patch })).code).toBe(code);
    expect(contentDigest(backend.store.db)).toBe(before);
  });

  it('refuses unknown ids with not_found', () => {
    const backend = temp.backend();
    expect(refused(backend.dispatch('getSource', { id: 'missing' })).code).toBe('not_found');
    expect(refused(backend.dispatch('updateSource', { id: 'missing', patch: { title: 'x' } })).code).toBe('not_found');
    expect(refused(backend.dispatch('deleteSource', { id: 'missing' })).code).toBe('not_found');
  });
});

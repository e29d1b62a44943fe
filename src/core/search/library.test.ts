import { describe, expect, it } from 'vitest';
import type { Collection, LibraryPage, SearchResult } from '../../shared/search';
import type { Highlight } from '../../shared/types';
import type { Backend } from '../backend';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';

const temp = useTempDirs();

function library(backend: Backend) {
  const a = pasteSource(backend, 'Ceasefire in the north\n\nText one.');
  const b = pasteSource(backend, 'Arms and the Levant\n\nText two.');
  const c = pasteSource(backend, 'Énergie et sanctions\n\nText three.');
  ok(backend.dispatch('updateSource', { id: a.id, patch: { outlet: 'Gulf Observer', publishedAt: '2023-05', authors: ['María Núñez'] } }));
  ok(backend.dispatch('updateSource', { id: b.id, patch: { outlet: 'Levant Weekly', publishedAt: '2024-01-02' } }));
  ok<Highlight>(backend.dispatch('createHighlight', { sourceId: b.id, start: 0, end: 4 }));
  ok<Highlight>(backend.dispatch('createHighlight', { sourceId: b.id, start: 5, end: 8 }));
  ok<Highlight>(backend.dispatch('createHighlight', { sourceId: c.id, start: 0, end: 4 }));
  return { a, b, c };
}

const page = (backend: Backend, args: Record<string, unknown> = {}) => ok<LibraryPage>(backend.dispatch('querySources', args));
const titles = (p: LibraryPage) => p.sources.map((s) => s.title);

describe('querySources', () => {
  it('filters as you type by title, outlet and author words, folded, with counts', () => {
    const backend = temp.backend();
    library(backend);
    expect(page(backend, { filter: 'lev' })).toMatchObject({ total: 1, all: 3 });
    expect(titles(page(backend, { filter: 'lev' }))).toEqual(['Arms and the Levant']);
    // The total counts every match, whatever the page: one row, or none past the end.
    const every = page(backend, { filter: 'the' }).sources.length;
    expect(every).toBeGreaterThan(1);
    expect(page(backend, { filter: 'the', limit: 1 })).toMatchObject({ total: every, all: 3 });
    expect(page(backend, { filter: 'the', limit: 1, offset: 10 })).toMatchObject({ sources: [], total: every, all: 3 });
    expect(titles(page(backend, { filter: 'gulf obs' }))).toEqual(['Ceasefire in the north']);
    expect(titles(page(backend, { filter: 'nunez' }))).toEqual(['Ceasefire in the north']);
    expect(titles(page(backend, { filter: 'ENERG' }))).toEqual(['Énergie et sanctions']);
    expect(page(backend, { filter: '"(*' })).toMatchObject({ sources: [], total: 0, all: 3 });
    expect(page(backend, { filter: 'zzz' }).total).toBe(0);
  });

  it('follows renames, deletions and their undo, and never matches a source by its text alone', () => {
    const backend = temp.backend();
    const { a, b } = library(backend);
    // "Text" is in every text, in no title, outlet or author.
    expect(page(backend, { filter: 'text' }).total).toBe(0);
    ok(backend.dispatch('updateSource', { id: a.id, patch: { title: 'Truce along the border' } }));
    expect(titles(page(backend, { filter: 'truce' }))).toEqual(['Truce along the border']);
    expect(page(backend, { filter: 'ceasefire' }).total).toBe(0);
    ok(backend.dispatch('updateSource', { id: a.id, patch: { title: 'Ceasefire in the north' } }));
    expect(titles(page(backend, { filter: 'ceasefire' }))).toEqual(['Ceasefire in the north']);
    expect(page(backend, { filter: 'truce' }).total).toBe(0);
    ok(backend.dispatch('deleteSources', { ids: [b.id] }));
    expect(page(backend, { filter: 'levant' }).total).toBe(0);
    ok(backend.dispatch('undo', {}));
    expect(titles(page(backend, { filter: 'levant' }))).toEqual(['Arms and the Levant']);
  });

  it('sorts by added, published, title, outlet and highlight count, and pages', () => {
    const backend = temp.backend();
    library(backend);
    expect(titles(page(backend))).toEqual(['Énergie et sanctions', 'Arms and the Levant', 'Ceasefire in the north']);
    expect(titles(page(backend, { sort: 'added', direction: 'asc' }))).toEqual(['Ceasefire in the north', 'Arms and the Levant', 'Énergie et sanctions']);
    // Undated and outlet-less sources last, either way.
    expect(titles(page(backend, { sort: 'published' }))).toEqual(['Arms and the Levant', 'Ceasefire in the north', 'Énergie et sanctions']);
    expect(titles(page(backend, { sort: 'published', direction: 'asc' }))).toEqual(['Ceasefire in the north', 'Arms and the Levant', 'Énergie et sanctions']);
    expect(titles(page(backend, { sort: 'title' }))).toEqual(['Arms and the Levant', 'Ceasefire in the north', 'Énergie et sanctions']);
    expect(titles(page(backend, { sort: 'outlet' }))).toEqual(['Ceasefire in the north', 'Arms and the Levant', 'Énergie et sanctions']);
    expect(page(backend, { sort: 'highlights' }).sources.map((s) => s.highlightCount)).toEqual([2, 1, 0]);
    expect(titles(page(backend, { sort: 'title', limit: 1, offset: 1 }))).toEqual(['Ceasefire in the north']);
    expect(page(backend, { sort: 'title', limit: 1 }).total).toBe(3);
  });
});

describe('collections', () => {
  it('creates, fills, renames, lists, filters by and deletes collections, each one undo step', () => {
    const backend = temp.backend();
    const { a, b, c } = library(backend);
    const empty = contentDigest(backend.store.db);
    const levant = ok<Collection>(backend.dispatch('createCollection', { name: '  Levant  files ', sourceIds: [a.id, b.id] }));
    expect(levant).toMatchObject({ name: 'Levant files', sourceCount: 2 });
    const gulf = ok<Collection>(backend.dispatch('createCollection', { name: 'Gulf' }));
    ok(backend.dispatch('addToCollection', { id: gulf.id, sourceIds: [b.id, c.id, c.id] }));
    expect(page(backend, { collectionId: gulf.id }).sources.map((s) => s.id).sort()).toEqual([b.id, c.id].sort());
    expect(page(backend, { filter: 'arms' }).sources[0].collectionIds).toEqual([levant.id, gulf.id].sort());
    expect(ok<Collection>(backend.dispatch('removeFromCollection', { id: levant.id, sourceIds: [a.id] })).sourceCount).toBe(1);
    expect(ok<Collection>(backend.dispatch('renameCollection', { id: gulf.id, name: 'Arabian Gulf' })).name).toBe('Arabian Gulf');
    expect(ok<Collection[]>(backend.dispatch('listCollections', {})).map((x) => [x.name, x.sourceCount])).toEqual([
      ['Arabian Gulf', 2],
      ['Levant files', 1],
    ]);
    // Search can be limited to a collection too.
    expect(ok<SearchResult>(backend.dispatch('search', { query: 'text', collectionId: levant.id })).sources.map((s) => s.source.id)).toEqual([b.id]);
    expect(refused(backend.dispatch('createCollection', { name: 'levant FILES' })).code).toBe('conflict');
    expect(refused(backend.dispatch('renameCollection', { id: gulf.id, name: '   ' })).code).toBe('invalid_argument');
    expect(refused(backend.dispatch('addToCollection', { id: gulf.id, sourceIds: ['missing'] })).code).toBe('not_found');
    ok(backend.dispatch('deleteCollection', { id: gulf.id }));
    expect(refused(backend.dispatch('deleteCollection', { id: gulf.id })).code).toBe('not_found');
    for (let i = 0; i < 6; i++) ok(backend.dispatch('undo', {}));
    expect(contentDigest(backend.store.db)).toBe(empty);
  });

  it('deleteSources removes several sources in one undo step, and undo brings them back searchable', () => {
    const backend = temp.backend();
    const { a, b, c } = library(backend);
    const before = contentDigest(backend.store.db);
    expect(ok(backend.dispatch('deleteSources', { ids: [a.id, b.id, a.id] }))).toEqual({ deleted: 2 });
    expect(titles(page(backend))).toEqual([c.title]);
    expect(ok<SearchResult>(backend.dispatch('search', { query: 'levant' })).total).toBe(0);
    expect(ok<{ label: string }>(backend.dispatch('undo', {})).label).toBe('Delete 2 sources');
    expect(contentDigest(backend.store.db)).toBe(before);
    expect(ok<SearchResult>(backend.dispatch('search', { query: 'levant' })).total).toBe(1);
    // All or nothing: one unknown id refuses the batch.
    expect(refused(backend.dispatch('deleteSources', { ids: [a.id, 'missing'] })).code).toBe('not_found');
    expect(contentDigest(backend.store.db)).toBe(before);
  });
});

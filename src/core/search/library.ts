import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import type { Collection, LibraryPage, LibrarySort, LibrarySource } from '../../shared/search';
import { now, type Store } from '../db/store';
import { requireSource } from '../services/guards';
import { SUMMARY_COLUMNS, toSummary, type SourceRow } from '../services/sources';
import { foldForIndex, INDEX_WORD } from '../../shared/indexFold';

/**
 * The source library: a page of sources filtered as the user types (title, outlet, authors,
 * through the `meta` rows of the search index, so folding is the search's), sorted, with counts,
 * and collections (a source may be in several). Collection edits run in the caller's
 * transaction (one undo step each).
 */

export interface QuerySourcesArgs {
  filter?: string;
  sort?: LibrarySort;
  direction?: 'asc' | 'desc';
  collectionId?: string;
  limit?: number;
  offset?: number;
}

export const LIBRARY_PAGE_DEFAULT = 500;

const ORDER: Record<LibrarySort, string> = {
  added: 's.created_at',
  published: "nullif(s.published_at, '')",
  title: 's.title COLLATE NOCASE',
  outlet: "nullif(s.outlet, '') COLLATE NOCASE",
  highlights: '(SELECT count(*) FROM highlights h WHERE h.source_id = s.id)',
};

/** Each word typed, as a prefix, against the title, outlet and authors: `"word" *` terms ANDed. */
export function filterMatch(filter: string): string | null {
  const words = foldForIndex(filter).match(INDEX_WORD) ?? [];
  return words.length ? words.slice(0, 16).map((w) => `"${w}" *`).join(' AND ') : null;
}

interface Row extends SourceRow {
  collection_ids: string | null;
}

export function querySources(store: Store, args: QuerySourcesArgs): LibraryPage {
  return store.read(() => {
    if (args.collectionId) requireCollection(store, args.collectionId);
    const where: string[] = [];
    const params: unknown[] = [];
    const match = args.filter ? filterMatch(args.filter) : null;
    if (args.filter && !match) return { sources: [], total: 0, all: countAll(store) };
    if (match) {
      where.push('s.rowid IN (SELECT rowid FROM library_fts WHERE library_fts MATCH ?)');
      params.push(match);
    }
    if (args.collectionId) {
      where.push('s.id IN (SELECT source_id FROM collection_sources WHERE collection_id = ?)');
      params.push(args.collectionId);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sort = args.sort ?? 'added';
    const dir = args.direction ?? (sort === 'added' || sort === 'published' || sort === 'highlights' ? 'desc' : 'asc');
    // Missing dates and outlets go last either way.
    const order = `${ORDER[sort]} IS NULL, ${ORDER[sort]} ${dir.toUpperCase()}, s.created_at ${dir.toUpperCase()}, s.rowid ${dir.toUpperCase()}`;
    // The page's rows in order first (only the sort key read for every source), then their
    // summaries: counts and collections are read for the page, not for all 10,000.
    // The total comes with the page (a window count over the filtered rows), so the filter's MATCH
    // runs once per keystroke, not twice.
    const counted = store
      .sql(`SELECT s.rowid AS r, count(*) OVER () AS total FROM sources s ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .raw()
      .all(...params, args.limit ?? LIBRARY_PAGE_DEFAULT, args.offset ?? 0) as Array<[number, number]>;
    const page = counted.map(([rowid]) => rowid);
    const position = new Map(page.map((rowid, i) => [rowid, i]));
    const rows = (
      store
        .sql(
          `SELECT s.rowid AS r, ${SUMMARY_COLUMNS},
             (SELECT json_group_array(collection_id) FROM collection_sources c WHERE c.source_id = s.id) AS collection_ids
           FROM sources s WHERE s.rowid IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(page)) as Array<Row & { r: number }>
    ).sort((a, b) => position.get(a.r)! - position.get(b.r)!);
    const all = countAll(store);
    const total = !where.length ? all : counted.length ? counted[0][1] : Number(store.sql(`SELECT count(*) FROM sources s ${filter}`).pluck().get(...params));
    return { sources: rows.map(toLibrarySource), total, all };
  });
}

const countAll = (store: Store) => Number(store.sql('SELECT count(*) FROM sources').pluck().get());

function toLibrarySource(row: Row): LibrarySource {
  return { ...toSummary(row), collectionIds: (JSON.parse(row.collection_ids ?? '[]') as string[]).sort() };
}

// ---- collections

const collectionGone = (id: string) => new ApiError('not_found', 'That collection no longer exists; it may have been deleted.', { id });

function requireCollection(store: Store, id: string): void {
  if (store.sql('SELECT 1 FROM collections WHERE id = ?').get(id) === undefined) throw collectionGone(id);
}

function getCollection(store: Store, id: string): Collection {
  const row = store
    .sql(
      `SELECT id, name, created_at AS createdAt, updated_at AS updatedAt,
         (SELECT count(*) FROM collection_sources cs WHERE cs.collection_id = c.id) AS sourceCount
       FROM collections c WHERE id = ?`,
    )
    .get(id) as Collection | undefined;
  if (!row) throw collectionGone(id);
  return row;
}

export function listCollections(store: Store): Collection[] {
  return store
    .sql(
      `SELECT id, name, created_at AS createdAt, updated_at AS updatedAt,
         (SELECT count(*) FROM collection_sources cs WHERE cs.collection_id = c.id) AS sourceCount
       FROM collections c ORDER BY name COLLATE NOCASE, created_at`,
    )
    .all() as Collection[];
}

function cleanName(name: string, exceptId?: string, store?: Store): string {
  const clean = name.trim().replace(/\s+/gu, ' ');
  if (!clean) throw new ApiError('invalid_argument', 'A collection needs a name.', { path: 'name' });
  const clash = store?.sql('SELECT id FROM collections WHERE name = ? COLLATE NOCASE AND id IS NOT ?').pluck().get(clean, exceptId ?? null);
  if (clash) throw new ApiError('conflict', `There is already a collection named “${clean}”.`, { id: clash as string });
  return clean;
}

export function createCollection(store: Store, name: string, sourceIds: readonly string[] = []): Collection {
  const id = randomUUID();
  const at = now();
  store.sql('INSERT INTO collections (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, cleanName(name, undefined, store), at, at);
  if (sourceIds.length) addToCollection(store, id, sourceIds);
  return getCollection(store, id);
}

export function renameCollection(store: Store, id: string, name: string): Collection {
  requireCollection(store, id);
  store.sql('UPDATE collections SET name = ?, updated_at = ? WHERE id = ?').run(cleanName(name, id, store), now(), id);
  return getCollection(store, id);
}

export function deleteCollection(store: Store, id: string): { deleted: true } {
  if (store.sql('DELETE FROM collections WHERE id = ?').run(id).changes === 0) throw collectionGone(id);
  return { deleted: true };
}

export function addToCollection(store: Store, id: string, sourceIds: readonly string[]): Collection {
  requireCollection(store, id);
  const insert = store.sql('INSERT OR IGNORE INTO collection_sources (collection_id, source_id, added_at) VALUES (?, ?, ?)');
  const at = now();
  for (const sourceId of new Set(sourceIds)) {
    requireSource(store, sourceId);
    insert.run(id, sourceId, at);
  }
  return getCollection(store, id);
}

export function removeFromCollection(store: Store, id: string, sourceIds: readonly string[]): Collection {
  requireCollection(store, id);
  const remove = store.sql('DELETE FROM collection_sources WHERE collection_id = ? AND source_id = ?');
  for (const sourceId of new Set(sourceIds)) remove.run(id, sourceId);
  return getCollection(store, id);
}

/** Deletes several sources (with their highlights, ties, notes and versions) in the caller's transaction; all or none. */
export function deleteSources(store: Store, ids: readonly string[]): { deleted: number } {
  const unique = [...new Set(ids)];
  for (const id of unique) requireSource(store, id);
  const remove = store.sql('DELETE FROM sources WHERE id = ?');
  for (const id of unique) remove.run(id);
  return { deleted: unique.length };
}

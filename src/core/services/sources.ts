import { randomUUID } from 'node:crypto';
import type { MetadataPatch } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { Block, Source, SourceFormat, SourceMetadata, SourceSummary } from '../../shared/types';
import { now, type Store } from '../db/store';

/** A source's summary row as SUMMARY_COLUMNS reads it (also the library's, src/core/search/library.ts). */
export interface SourceRow {
  id: string;
  title: string;
  authors: string;
  outlet: string;
  published_at: string;
  url: string;
  language: string;
  format: SourceFormat;
  file_name: string;
  length: number;
  created_at: string;
  updated_at: string;
  highlight_count: number;
}

export const SUMMARY_COLUMNS = `s.id, s.title, s.authors, s.outlet, s.published_at, s.url, s.language, s.format,
  s.file_name, s.length, s.created_at, s.updated_at,
  (SELECT count(*) FROM highlights h WHERE h.source_id = s.id) AS highlight_count`;

export function toSummary(row: SourceRow): SourceSummary {
  return {
    id: row.id,
    title: row.title,
    authors: JSON.parse(row.authors) as string[],
    outlet: row.outlet,
    publishedAt: row.published_at,
    url: row.url,
    language: row.language,
    format: row.format,
    fileName: row.file_name,
    length: row.length,
    highlightCount: row.highlight_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listSources(store: Store): SourceSummary[] {
  const rows = store.sql(`SELECT ${SUMMARY_COLUMNS} FROM sources s ORDER BY s.created_at, s.rowid`).all() as SourceRow[];
  return rows.map(toSummary);
}

export function findSourceSummary(store: Store, id: string): SourceSummary | undefined {
  const row = store.sql(`SELECT ${SUMMARY_COLUMNS} FROM sources s WHERE s.id = ?`).get(id) as SourceRow | undefined;
  return row && toSummary(row);
}

export function getSourceSummary(store: Store, id: string): SourceSummary {
  const summary = findSourceSummary(store, id);
  if (!summary) throw new ApiError('not_found', 'That source no longer exists; it may have been deleted.', { id });
  return summary;
}

export function getSource(store: Store, id: string): Source {
  return store.read(() => {
    const summary = getSourceSummary(store, id);
    const row = store.sql('SELECT text, blocks, page_starts, content_hash FROM sources WHERE id = ?').get(id) as {
      text: string;
      blocks: string;
      page_starts: string;
      content_hash: string;
    };
    return {
      ...summary,
      text: row.text,
      blocks: JSON.parse(row.blocks) as Block[],
      pageStarts: JSON.parse(row.page_starts) as number[],
      contentHash: row.content_hash,
    };
  });
}

/** The text alone, for services that compute quotes without shipping blocks around. */
export function getSourceText(store: Store, id: string): string {
  const text = store.sql('SELECT text FROM sources WHERE id = ?').pluck().get(id) as string | undefined;
  if (text === undefined) throw new ApiError('not_found', 'That source no longer exists; it may have been deleted.', { id });
  return text;
}

export function findSourceByHash(store: Store, contentHash: string): SourceSummary | undefined {
  const id = store.sql('SELECT id FROM sources WHERE content_hash = ?').pluck().get(contentHash) as string | undefined;
  return id === undefined ? undefined : findSourceSummary(store, id);
}

export interface NewSource {
  text: string;
  blocks: Block[];
  /** Paged formats: where each page starts (see Source.pageStarts). */
  pageStarts?: number[];
  contentHash: string;
  format: SourceFormat;
  fileName: string;
  metadata: SourceMetadata;
}

export function insertSource(store: Store, source: NewSource): SourceSummary {
  const id = randomUUID();
  const at = now();
  const m = source.metadata;
  store
    .sql(
      `INSERT INTO sources (id, title, authors, outlet, published_at, url, language, format, file_name, length,
         content_hash, created_at, updated_at, page_starts, blocks, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, m.title, JSON.stringify(m.authors), m.outlet, m.publishedAt, m.url, m.language, source.format,
      source.fileName, source.text.length, source.contentHash, at, at, JSON.stringify(source.pageStarts ?? []),
      JSON.stringify(source.blocks), source.text);
  return getSourceSummary(store, id);
}

export function updateSource(store: Store, id: string, patch: MetadataPatch): SourceSummary {
  return store.write(() => {
    const current = getSourceSummary(store, id);
    const next = { ...current, ...patch };
    const title = next.title.trim();
    if (!title) throw new ApiError('invalid_argument', 'A source needs a title.', { field: 'title' });
    store
      .sql(
        `UPDATE sources SET title = ?, authors = ?, outlet = ?, published_at = ?, url = ?, language = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(title, JSON.stringify(next.authors.map((a) => a.trim()).filter(Boolean)), next.outlet.trim(),
        next.publishedAt.trim(), next.url.trim(), next.language.trim(), now(), id);
    return getSourceSummary(store, id);
  });
}

export function deleteSource(store: Store, id: string): { deleted: true } {
  return store.write(() => {
    const changes = store.sql('DELETE FROM sources WHERE id = ?').run(id).changes;
    if (changes === 0) throw new ApiError('not_found', 'That source no longer exists; it may have been deleted.', { id });
    return { deleted: true as const };
  });
}

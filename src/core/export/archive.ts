import { createHash } from 'node:crypto';
import type { ArchiveImportReport, ExportedFile } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { Store } from '../db/store';
import { openZip, type SafeZip } from '../import/zip';
import { slug } from './markdown';
import { zipEntries } from './zip-write';

/**
 * The project archive (docs/exports.md): the whole project in one zip, to hand to a colleague or
 * to move to another machine, read back by importArchive into an empty project with nothing lost.
 *
 *     manifest.json          format, format version, schema version, app version, project name,
 *                            and per table: its columns, whether rowids are kept, row count, SHA-256
 *     tables/<table>.jsonl   one JSON array per row, values in the manifest's column order
 *                            (a BLOB as {"$blob": base64}); `rowid` first where the table has one
 *
 * Every table the project stores is archived, whatever later migrations add, except what SQLite
 * triggers derive from the others (the tie summaries, the search index and its shadow tables):
 * those are rebuilt by the same triggers as the rows go back in. Rowids are kept, so the order of
 * rows (creation order ties are broken by rowid) and everything keyed on it survive.
 *
 * Import refuses, with nothing changed: a file that is not a zip or has no Tiemark manifest, a
 * newer format or schema than this Tiemark reads, a table or column this schema lacks, a file
 * whose rows do not match their checksum or do not parse, a project that is not empty. It then
 * writes everything in one transaction, foreign keys checked at commit.
 */
export const ARCHIVE_FORMAT = 'tiemark-archive';
export const ARCHIVE_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
const MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024;

/** Derived by triggers from the other tables; rebuilt on import, never archived. */
const DERIVED_TABLES = new Set(['tie_totals', 'pair_totals', 'tie_corpus', 'search_rows']);
/** Tables an empty project may already hold rows in: replaced by the archive's. */
const PRESET_TABLES = new Set(['project', 'relation_types']);

export interface ArchiveTable {
  name: string;
  columns: string[];
  /** The first value of each row is the rowid (the table has no INTEGER PRIMARY KEY of its own). */
  rowid: boolean;
  rows: number;
  sha256: string;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  schemaVersion: number;
  appVersion: string;
  exportedAt: string;
  projectName: string;
  tables: ArchiveTable[];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The project's archived tables in creation order (parents before children), with their columns. */
export function archivedTables(store: Store): Array<{ name: string; columns: string[]; rowid: boolean; ordered: boolean }> {
  const rows = store.sql("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as Array<{ name: string; sql: string | null }>;
  const virtual = rows.filter((r) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  const shadow = (name: string) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
  return rows
    .filter((r) => !DERIVED_TABLES.has(r.name) && !shadow(r.name))
    .map((r) => {
      const info = store.db.pragma(`table_info(${quote(r.name)})`) as Array<{ name: string; type: string; pk: number }>;
      const pks = info.filter((c) => c.pk > 0);
      const withoutRowid = /WITHOUT\s+ROWID\s*[,;]?\s*(STRICT)?\s*$/i.test(r.sql ?? '');
      const integerKey = pks.length === 1 && pks[0].type.toUpperCase() === 'INTEGER';
      return { name: r.name, columns: info.map((c) => c.name), rowid: !withoutRowid && !integerKey, ordered: !withoutRowid };
    });
}

const encodeValue = (v: unknown): unknown => (Buffer.isBuffer(v) ? { $blob: v.toString('base64') } : typeof v === 'bigint' ? Number(v) : v);
const decodeValue = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $blob?: unknown }).$blob === 'string'
    ? Buffer.from((v as { $blob: string }).$blob, 'base64')
    : v;

export interface ArchiveOptions {
  appVersion: string;
  now?: Date;
}

export async function exportArchive(store: Store, options: ArchiveOptions): Promise<ExportedFile> {
  const now = options.now ?? new Date();
  const { manifest, files } = store.read(() => {
    const tables: ArchiveTable[] = [];
    const files: Array<[string, string]> = [];
    for (const t of archivedTables(store)) {
      const select = `SELECT ${t.rowid ? 'rowid, ' : ''}${t.columns.map(quote).join(', ')} FROM ${quote(t.name)}${t.ordered ? ' ORDER BY rowid' : ''}`;
      const lines: string[] = [];
      for (const row of store.db.prepare(select).raw().iterate() as Iterable<unknown[]>) lines.push(JSON.stringify(row.map(encodeValue)));
      const text = lines.length ? `${lines.join('\n')}\n` : '';
      tables.push({ name: t.name, columns: t.columns, rowid: t.rowid, rows: lines.length, sha256: sha256(text) });
      files.push([`tables/${t.name}.jsonl`, text]);
    }
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      schemaVersion: Number(store.db.pragma('user_version', { simple: true })),
      appVersion: options.appVersion,
      exportedAt: now.toISOString(),
      projectName: (store.sql("SELECT value FROM project WHERE key = 'name'").pluck().get() as string | undefined) ?? 'Tiemark project',
      tables,
    };
    return { manifest, files };
  });
  const zip = await zipEntries([[MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`], ...files]);
  return {
    fileName: `${slug(manifest.projectName)}-${now.toISOString().slice(0, 10)}.tiemark-archive.zip`,
    mimeType: 'application/zip',
    content: zip.toString('base64'),
    encoding: 'base64',
  };
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The archive's manifest and table rows, checked; throws a sentence naming the file. */
export async function readArchive(bytes: Uint8Array, fileName: string, schemaVersion: number): Promise<{ manifest: ArchiveManifest; rows: Map<string, unknown[][]> }> {
  const label = `"${fileName}"`;
  const notArchive = (why: string) =>
    new ApiError('unsupported_format', `${label} is not a Tiemark project archive (${why}). Choose a file made with Export project archive.`, { fileName });
  const damaged = (why: string) =>
    new ApiError('decode_failed', `${label} is damaged (${why}); nothing was imported. Export the archive again, or copy it again.`, { fileName });
  let zip: SafeZip;
  try {
    zip = await openZip(bytes, { fileName, kind: 'a Tiemark project archive' });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unsupported_format') throw notArchive('not a zip file');
    if (error instanceof ApiError && error.code === 'decode_failed') throw damaged('its zip structure is broken');
    throw error;
  }
  try {
    if (!zip.has(MANIFEST)) throw notArchive('it has no manifest.json');
    let manifest: ArchiveManifest;
    try {
      const raw = (await zip.readEntries([MANIFEST], { maxBytes: MAX_ARCHIVE_BYTES })).get(MANIFEST)!;
      manifest = JSON.parse(raw.toString('utf8')) as ArchiveManifest;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw damaged('its manifest is not valid JSON');
    }
    if (manifest === null || typeof manifest !== 'object' || manifest.format !== ARCHIVE_FORMAT) throw notArchive('its manifest is not a Tiemark manifest');
    if (typeof manifest.formatVersion !== 'number' || typeof manifest.schemaVersion !== 'number' || !Array.isArray(manifest.tables)) {
      throw damaged('its manifest lacks its versions or tables');
    }
    if (manifest.formatVersion > ARCHIVE_FORMAT_VERSION || manifest.schemaVersion > schemaVersion) {
      throw new ApiError(
        'newer_version',
        `${label} was made by a newer Tiemark${manifest.appVersion ? ` (${String(manifest.appVersion)})` : ''}; update Tiemark to import it. Nothing was imported.`,
        { fileName, formatVersion: manifest.formatVersion, schemaVersion: manifest.schemaVersion },
      );
    }
    const names = manifest.tables.map((t) => `tables/${String(t?.name)}.jsonl`);
    const missing = names.find((n) => !zip.has(n));
    if (missing) throw damaged(`${missing} is missing`);
    const contents = await zip.readEntries(names, { maxBytes: MAX_ARCHIVE_BYTES });
    const rows = new Map<string, unknown[][]>();
    for (const table of manifest.tables) {
      if (typeof table.name !== 'string' || !Array.isArray(table.columns)) throw damaged('its manifest lists a table without a name or columns');
      const text = contents.get(`tables/${table.name}.jsonl`)!.toString('utf8');
      if (sha256(text) !== table.sha256) throw damaged(`the rows of ${table.name} do not match their checksum`);
      const width = table.columns.length + (table.rowid ? 1 : 0);
      const list: unknown[][] = [];
      for (const line of text.split('\n')) {
        if (!line) continue;
        let row: unknown;
        try {
          row = JSON.parse(line);
        } catch {
          throw damaged(`a row of ${table.name} is not valid JSON`);
        }
        if (!Array.isArray(row) || row.length !== width) throw damaged(`a row of ${table.name} does not have ${width} values`);
        list.push(row.map(decodeValue));
      }
      if (list.length !== table.rows) throw damaged(`${table.name} holds ${list.length} rows, its manifest says ${table.rows}`);
      rows.set(table.name, list);
    }
    return { manifest, rows };
  } finally {
    zip.close();
  }
}

/** The tables that hold the user's work and rows in them, for refusing a non-empty project. */
export function nonEmptyTables(store: Store): string[] {
  return archivedTables(store)
    .filter((t) => !PRESET_TABLES.has(t.name))
    .filter((t) => store.db.prepare(`SELECT EXISTS (SELECT 1 FROM ${quote(t.name)})`).pluck().get() === 1)
    .map((t) => t.name);
}

/**
 * Reads an archive into this project, which must be empty (no sources, actors or anything else;
 * its preset relation types and project settings are replaced by the archive's). One
 * transaction: on any refusal nothing has changed.
 */
export async function importArchive(store: Store, bytes: Uint8Array, fileName: string): Promise<ArchiveImportReport> {
  const schemaVersion = Number(store.db.pragma('user_version', { simple: true }));
  const { manifest, rows } = await readArchive(bytes, fileName, schemaVersion);
  const label = `"${fileName}"`;
  return store.write(() => {
    const busy = nonEmptyTables(store);
    if (busy.length) {
      throw new ApiError(
        'conflict',
        `This project is not empty (it has ${busy.join(', ').replaceAll('_', ' ')}); an archive is imported only into an empty project. Create a new project, then import ${label} there.`,
        { tables: busy },
      );
    }
    const here = new Map(archivedTables(store).map((t) => [t.name, t]));
    for (const table of manifest.tables) {
      const local = here.get(table.name);
      if (!local) throw new ApiError('unsupported_format', `${label} holds a table (${table.name}) this Tiemark does not know; nothing was imported.`, { fileName });
      const unknown = table.columns.find((c) => !local.columns.includes(c));
      if (unknown) throw new ApiError('unsupported_format', `${label} holds a column (${table.name}.${unknown}) this Tiemark does not know; nothing was imported.`, { fileName });
    }
    store.db.pragma('defer_foreign_keys = ON');
    for (const table of manifest.tables) {
      if (PRESET_TABLES.has(table.name)) store.db.prepare(`DELETE FROM ${quote(table.name)}`).run();
      const columns = [...(table.rowid ? ['rowid'] : []), ...table.columns];
      const insert = store.db.prepare(`INSERT INTO ${quote(table.name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      try {
        for (const row of rows.get(table.name)!) insert.run(...row);
      } catch (error) {
        throw new ApiError('decode_failed', `${label} is damaged: a row of ${table.name} cannot be stored (${(error as Error).message}); nothing was imported.`, { fileName });
      }
    }
    const violations = store.db.pragma('foreign_key_check') as unknown[];
    if (violations.length) {
      throw new ApiError('decode_failed', `${label} is damaged: ${violations.length} rows refer to rows it does not hold; nothing was imported.`, { fileName });
    }
    const count = (name: string) => rows.get(name)?.length ?? 0;
    return { sources: count('sources'), highlights: count('highlights'), actors: count('actors'), claims: count('claims') };
  });
}

import Database from 'better-sqlite3';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, renameSync, rmdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ApiError } from '../../shared/errors';
import { syncDirectory, timestamp } from './backup';

/**
 * Damage found in a project file, and what is done about it: the file is moved aside exactly as
 * it is, with its write-ahead log, and the user is told where it went and how to restore a
 * backup. Nothing here writes to a damaged file; the checks read it through read-only
 * connections, which never checkpoint or rewrite the log.
 */

/** Companion files SQLite keeps beside a database, moved together with it (log first). */
const COMPANIONS = ['-wal', '-journal', '-shm'] as const;

export type IntegrityResult = { ok: true } | { ok: false; problems: string[] };

/** Problems `PRAGMA quick_check` reports (empty when it says ok): page structure, not index contents. */
export function quickCheck(db: Database.Database): string[] {
  return pragmaProblems(db, 'quick_check');
}

/**
 * Tiemark's own invariants. SQLite keeps no checksums of its pages, so damage inside a row is
 * invisible to its checks; these find it wherever the project holds something redundant or
 * well-formed. At every open (`'open'`, about the cost of quick_check again, mostly a read of
 * the annotation tables, which grow only as fast as someone annotates):
 *   - no broken references, and every table's triggers, checks and foreign-key actions still
 *     compile (damage inside the schema's SQL; compiled once per schema and process);
 *   - every text value is valid UTF-8: SQLite stores the bytes better-sqlite3 binds, which
 *     replaces lone surrogates, so a project never holds anything else, and garbage shows;
 *   - JSON columns are valid JSON.
 * In the full check (`'full'`) also timestamps, and the sources' texts, which are most of a
 * project's bytes (reading and hashing them costs several times quick_check):
 *   - each text is valid UTF-8 and still hashes to the content_hash stored with it, as long as
 *     its length column says, with its blocks and page starts inside it;
 *   - each placed highlight's exact text, prefix and suffix are still what the source's text has
 *     at its offsets (which also checks the offsets).
 * What remains invisible is damage that leaves free text valid (a name, a label, a note's
 * words, a JSON document still well formed); see corruption.test.ts.
 */
export function checkInvariants(db: Database.Database, scope: 'open' | 'full' = 'full'): string[] {
  const problems: string[] = [];
  const broken = db.pragma('foreign_key_check') as Array<{ table: string; parent: string }>;
  if (broken.length > 0) problems.push(`${broken.length} broken reference${broken.length === 1 ? '' : 's'} (first: ${broken[0].table} → ${broken[0].parent})`);
  const utf8 = db.pragma('encoding', { simple: true }) === 'UTF-8';
  // Ordinary tables only: the search index (an FTS5 virtual table, migration 5) and its shadow
  // tables may not be written directly, and their pages are checked by quick_check.
  const tables = db
    .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const schema = schemaDigest(db);
  for (const table of tables) {
    const problem =
      (COMPILED.has(schema) ? null : checkSchema(db, table)) ??
      checkRows(db, table, utf8, scope) ??
      (scope === 'full' && TEXTS[table] ? checkTexts(db, table, utf8) : null);
    if (problem) problems.push(problem);
  }
  if (!problems.some((p) => p.startsWith('the schema of'))) COMPILED.add(schema);
  return problems;
}

/** Digests of schemas (with this SQLite) whose every table compiled: the same schema text compiles the same way again. */
const COMPILED = new Set<string>();
const schemaDigest = (db: Database.Database) =>
  createHash('sha256')
    .update(String(db.prepare('SELECT sqlite_version()').pluck().get()))
    .update(JSON.stringify(db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid').raw().all()))
    .digest('hex');

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const columnsOf = (db: Database.Database, table: string) =>
  db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as Array<{ name: string; type: string }>;

/** Compiles (never runs) a write of every column of the table, which compiles its triggers too. */
function checkSchema(db: Database.Database, table: string): string | null {
  const columns = columnsOf(db, table).map((c) => quote(c.name));
  try {
    db.prepare(`INSERT INTO ${quote(table)} SELECT * FROM ${quote(table)} WHERE 0`);
    db.prepare(`UPDATE ${quote(table)} SET ${columns.map((c) => `${c} = ${c}`).join(', ')} WHERE 0`);
    db.prepare(`DELETE FROM ${quote(table)} WHERE 0`);
    return null;
  } catch (error) {
    if (isCorruption(error)) throw error;
    return `the schema of ${table} no longer compiles (${(error as Error).message})`;
  }
}

/** Columns holding JSON written with JSON.stringify, by table. */
const JSON_COLUMNS: Record<string, readonly string[]> = {
  sources: ['authors', 'blocks', 'page_starts'],
  source_versions: ['blocks', 'page_starts'],
  notes: ['content'],
};
/** Columns holding times written with Date.toISOString. */
const TIME_COLUMNS = ['created_at', 'updated_at', 'replaced_at'];
/** A date, or a date and time, as Date.toISOString and ISO 8601 write them. */
const TIMESTAMP_GLOB = (c: string) =>
  `(${c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR (${c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]*' AND NOT substr(${c}, 11) GLOB '*[^0-9:.TZ+-]*'))`;
/** Tables holding texts with their content hash; their text and blocks columns are left to checkTexts. */
const TEXTS: Record<string, { highlights: boolean }> = { sources: { highlights: true }, source_versions: { highlights: false } };

/**
 * The first problem in a table's rows: text that is not UTF-8, JSON that is not JSON, a time
 * that is not a time. Each row's text values come back as one buffer, each value followed by a
 * NUL, which no valid UTF-8 sequence can straddle, so the buffer is valid exactly when every
 * value is.
 */
function checkRows(db: Database.Database, table: string, utf8: boolean, scope: 'open' | 'full'): string | null {
  const all = columnsOf(db, table);
  // A text table's text and blocks are left to checkTexts; at open, so are the columns after them
  // in the record (page_starts), which SQLite reaches only by reading through them.
  const large = (name: string) => TEXTS[table] !== undefined && (name === 'text' || name === 'blocks');
  const firstLarge = all.findIndex((c) => large(c.name));
  const columns = scope === 'open' && firstLarge >= 0 ? all.slice(0, firstLarge) : all.filter((c) => !large(c.name));
  const text = columns.filter((c) => c.type.toUpperCase() === 'TEXT').map((c) => quote(c.name));
  if (text.length === 0) return null;
  const names = new Set(columns.map((c) => c.name));
  const json = (JSON_COLUMNS[table] ?? []).filter((c) => names.has(c)).map(quote);
  const times = scope === 'full' ? TIME_COLUMNS.filter((c) => names.has(c)).map(quote) : [];
  const wellFormed = [...json.map((c) => `json_valid(${c})`), ...times.map((c) => `(${c} IS NULL OR ${TIMESTAMP_GLOB(c)})`)];
  const rows = db
    .prepare(
      `SELECT ${utf8 ? `CAST(${text.map((c) => `coalesce(${c}, '') || char(0)`).join(' || ')} AS BLOB)` : 'NULL'}, ${wellFormed.join(' AND ') || '1'}
       FROM ${quote(table)}`,
    )
    .raw();
  for (const [values, ok] of rows.iterate() as IterableIterator<[Buffer | null, number]>) {
    if (values !== null && !isUtf8(values)) return `a text value in ${table} is not valid UTF-8`;
    if (ok !== 1) return `a ${[...json, ...times].join(' or ').replaceAll('"', '')} value in ${table} is malformed`;
  }
  return null;
}

type Quote = { id: string; start: number; end: number; exact: string; prefix: string; suffix: string };

/**
 * A text table's rows, reading each text once: valid UTF-8, hashing to its content_hash, as long
 * as its length column says, its blocks inside it, and (sources) each placed highlight's quote
 * what the text has at the highlight's offsets.
 */
function checkTexts(db: Database.Database, table: string, utf8: boolean): string | null {
  const names = new Set(columnsOf(db, table).map((c) => c.name));
  if (!names.has('text') || !names.has('content_hash')) return null;
  const hasLength = names.has('length');
  const rows = db.prepare(
    `SELECT id, CAST(text AS BLOB) AS text, content_hash AS hash${hasLength ? ', length' : ''}${names.has('blocks') ? ', CAST(blocks AS BLOB) AS blocks' : ''}${
      names.has('page_starts') ? ', CAST(page_starts AS BLOB) AS pages' : ''
    } FROM ${quote(table)}`,
  );
  const withHighlights = TEXTS[table].highlights && db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'highlights'").get() !== undefined;
  const anchored = withHighlights && db.prepare("SELECT 1 FROM pragma_table_info('highlights') WHERE name = 'anchor'").get() !== undefined;
  const quotes = withHighlights
    ? db.prepare(`SELECT id, start_offset AS start, end_offset AS "end", exact, prefix, suffix FROM highlights WHERE source_id = ?${anchored ? " AND anchor = 'ok'" : ''}`)
    : null;
  for (const row of rows.iterate() as IterableIterator<{ id: string; text: Buffer; hash: string; length?: number; blocks?: Buffer; pages?: Buffer }>) {
    if (utf8 && [row.text, row.blocks, row.pages].some((value) => value && !isUtf8(value))) return `the text of ${row.id} in ${table} is not valid UTF-8`;
    if (createHash('sha256').update(row.text).digest('hex') !== row.hash) return `the text of ${row.id} in ${table} no longer matches its content hash`;
    const text = row.text.toString('utf8');
    if (hasLength && row.length !== text.length) return `the length of ${row.id} in ${table} no longer matches its text`;
    if (row.blocks !== undefined && !blocksFit(row.blocks.toString('utf8'), text.length)) return `the blocks of ${row.id} in ${table} no longer fit its text`;
    if (row.pages !== undefined && !offsetsFit(row.pages.toString('utf8'), text.length)) return `the page starts of ${row.id} in ${table} no longer fit its text`;
    for (const h of (quotes?.all(row.id) ?? []) as Quote[]) {
      if (!quoteFits(text, h)) return `highlight ${h.id} no longer matches the text of its source`;
    }
  }
  return null;
}

/** Blocks are objects with a kind and [start, end) inside the text (kinds are not listed: later versions may add some). */
function blocksFit(json: string, length: number): boolean {
  let blocks: unknown;
  try {
    blocks = JSON.parse(json);
  } catch {
    return false;
  }
  const offset = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= length;
  return Array.isArray(blocks) && blocks.every((b: { kind?: unknown; start?: unknown; end?: unknown }) => typeof b?.kind === 'string' && offset(b.start) && offset(b.end) && (b.start as number) <= (b.end as number));
}

/** Page starts are a JSON array of offsets inside the text. */
function offsetsFit(json: string, length: number): boolean {
  try {
    const starts: unknown = JSON.parse(json);
    return Array.isArray(starts) && starts.every((n) => Number.isInteger(n) && n >= 0 && n <= length);
  } catch {
    return false;
  }
}

/** A placed highlight's exact text, prefix and suffix are the text at its offsets (as stored: lone surrogates became U+FFFD). */
function quoteFits(text: string, h: Quote): boolean {
  const stored = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
  return (
    h.end <= text.length &&
    stored(text.slice(h.start, h.end)) === h.exact &&
    stored(text.slice(Math.max(0, h.start - h.prefix.length), h.start)) === h.prefix &&
    stored(text.slice(h.end, h.end + h.suffix.length)) === h.suffix
  );
}

/**
 * The full check: `PRAGMA integrity_check` (which also compares every index with its table)
 * and the invariants above, on a separate read-only connection, so it can run while the
 * project is open (it reads the last committed state and never writes).
 */
export function fullIntegrityCheck(file: string): IntegrityResult {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problems = [...pragmaProblems(db, 'integrity_check'), ...checkInvariants(db, 'full')];
    return problems.length === 0 ? { ok: true } : { ok: false, problems };
  } catch (error) {
    if (isCorruption(error)) return { ok: false, problems: [(error as Error).message] };
    throw error;
  } finally {
    db?.close();
  }
}

function pragmaProblems(db: Database.Database, pragma: 'quick_check' | 'integrity_check'): string[] {
  const rows = db.pragma(pragma, { simple: false }) as Array<Record<string, string>>;
  const problems = rows.map((row) => String(Object.values(row)[0]));
  return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
}

/** SQLite's "database disk image is malformed" and "file is not a database", in all their variants. */
export function isCorruption(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/**
 * Why `file` cannot be opened for writing, when that is so: the file itself is read-only, or
 * its folder is (SQLite writes its log and index beside the project). The file is opened for
 * writing and closed again, which changes nothing; the folder is asked with access(2), and with
 * `probe` (after SQLite failed to create its companions) by creating and removing an empty
 * folder in it, which also answers for a process whose effective user is not its real one.
 * Null when both are writable.
 */
export function notWritable(file: string, probe = false): { path: string; what: 'file' | 'folder' } | null {
  if (existsSync(file) && refused(() => closeSync(openSync(file, 'r+')))) return { path: file, what: 'file' };
  const dir = dirname(file);
  if (refused(() => accessSync(dir, constants.W_OK))) return { path: dir, what: 'folder' };
  if (probe && refused(() => rmdirSync(mkdtempSync(join(dir, '.tiemark-write-test-'))))) return { path: dir, what: 'folder' };
  return null;
}

/** Whether `action` fails for lack of permission (or a read-only file system). */
function refused(action: () => void): boolean {
  try {
    action();
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
  }
}

/**
 * Moves a damaged project aside, byte for byte, as `<name>.damaged-<time><ext>` in its folder,
 * with its log, journal and index renamed alongside (never copied, never opened by SQLite for
 * writing). The log goes first: were the process to stop between the renames, the project
 * would be left without a log it cannot use, never a log beside a new project that SQLite
 * would replay it into. When a rename fails, those done are undone and the error is thrown.
 * Returns the new path of the project file.
 */
export function moveAside(file: string, at = new Date()): string {
  const ext = extname(file);
  const stem = join(dirname(file), `${basename(file, ext)}.damaged-${timestamp(at)}`);
  let target = `${stem}${ext}`;
  for (let n = 2; [target, ...COMPANIONS.map((c) => target + c)].some((path) => existsSync(path)); n++) target = `${stem}-${n}${ext}`;
  const moved: string[] = [];
  try {
    for (const suffix of [...COMPANIONS.filter((c) => existsSync(file + c)), '']) {
      renameSync(file + suffix, target + suffix);
      moved.push(suffix);
    }
  } catch (error) {
    for (const suffix of moved.reverse()) renameSync(target + suffix, file + suffix);
    throw error;
  }
  syncDirectory(dirname(file));
  return target;
}

/**
 * Moves a damaged project aside and returns the error that tells the user so. `reason` is a
 * clause such as "it is empty: 0 bytes". When the move itself fails (a folder that cannot be
 * written, a file another program holds), the file is left where it is and the error says so.
 */
export function damagedError(file: string, reason: string): ApiError {
  const name = basename(file);
  let movedTo: string;
  try {
    movedTo = moveAside(file);
  } catch (error) {
    return new ApiError(
      'damaged',
      `${name} is damaged (${reason}); it could not be moved aside (${(error as Error).message}) and was left as it is, untouched. Restore a backup with Backups… or --restore.`,
      { movedTo: null, reason },
    );
  }
  return new ApiError(
    'damaged',
    `${name} is damaged (${reason}); it was moved aside to ${basename(movedTo)}, untouched. Restore a backup with Backups… or --restore.`,
    { movedTo, reason },
  );
}

/**
 * Migration 5's schema for corpus search, collections and dismissed mentions (and, at the end,
 * migration 7's index of the library's filter). FROZEN: projects in
 * the field are built by it; a change to the index is a new migration, never an edit here.
 *
 * ## The search index
 *
 * One FTS5 table, `search_fts`, holds a folded copy of every searchable text: each source's text
 * (`text`) and its title, outlet and authors (`meta`), each highlight's quote (`quote`), each
 * note (`note`), each claim's note and attribution (`claim`), each actor's name (`actor`) and
 * each alias (`alias`). It is contentless (`content=''`): the texts are not stored twice; hits
 * are located again in the original texts (src/core/search/search.ts) for the page shown.
 * `kind`, `source_id` and `ref` are stored beside the index (`contentless_unindexed=1`) so a hit
 * says where it is without a join.
 *
 * The index is kept by permanent triggers on the tables it mirrors, written in plain SQL: it
 * changes in the same transaction as every import, text update, edit, undo and redo (undo
 * replays rows of those tables, which fires the triggers), and no connection needs a function of
 * ours (the integrity check compiles every trigger on its own connection). Like the tie
 * summaries of migration 2, the index is therefore not an undoable table itself.
 *
 * Each index row's rowid is its mirrored row's rowid times 8 plus its kind (1-7), so a trigger
 * finds the entry to replace or delete without a lookup table, and undo, which restores rows
 * with their rowids, restores the same index rows (backups, VACUUM INTO, keep rowids too).
 *
 * ## Folding
 *
 * The tokenizer is `unicode61 remove_diacritics 2`: words of letters and digits in any script,
 * lower case, Latin diacritics removed. Before it, the triggers fold what it does not, as
 * matchKey (src/shared/match.ts) folds actor names: Arabic harakat, Quranic marks and tatweel
 * are removed, alef, yeh, kaf, teh marbuta and hamza carriers unified, apostrophe-like modifier
 * letters removed, Cyrillic letters with marks (ё, й, ї…) folded. FOLD_REMOVED and FOLD_MAPPED
 * are that table; a query is folded with the same table (src/core/search/query.ts), so both
 * sides give the tokenizer the same letters.
 */
import { FOLD_MAPPED, FOLD_REMOVED } from '../../shared/indexFold';

// FOLD_REMOVED and FOLD_MAPPED live in src/shared/indexFold.ts (the window folds the library's
// filter with them too); they are frozen with this schema.
export { FOLD_MAPPED, FOLD_REMOVED };

/** `expression` folded in SQL with FOLD_REMOVED and FOLD_MAPPED (nested replace()). */
export function foldSql(expression: string): string {
  let sql = expression;
  for (const code of FOLD_REMOVED) sql = `replace(${sql}, char(${code}), '')`;
  for (const pair of FOLD_MAPPED) {
    const [from, to] = pair.split('>');
    sql = `replace(${sql}, '${from}', '${to}')`;
  }
  return sql;
}

/** Kinds of indexed rows. */
export const SEARCH_KINDS = ['text', 'meta', 'quote', 'note', 'claim', 'actor', 'alias'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

interface Mirror {
  kind: SearchKind;
  table: string;
  /** The indexed text of a row (`new` or `old`), before folding. */
  body: (row: string) => string;
  /** Its source id (NULL for project-wide rows). */
  source: (row: string) => string;
  /** What the hit points at: the source, highlight, claim or actor id. */
  ref: (row: string) => string;
  /** Columns whose update changes the body. */
  columns: string[];
}

const MIRRORS: Mirror[] = [
  { kind: 'text', table: 'sources', body: (r) => `${r}.text`, source: (r) => `${r}.id`, ref: (r) => `${r}.id`, columns: ['text'] },
  {
    kind: 'meta',
    table: 'sources',
    // authors is a JSON list: its brackets and quotes are separators to the tokenizer.
    body: (r) => `${r}.title || ' ' || ${r}.outlet || ' ' || ${r}.authors`,
    source: (r) => `${r}.id`,
    ref: (r) => `${r}.id`,
    columns: ['title', 'outlet', 'authors'],
  },
  { kind: 'quote', table: 'highlights', body: (r) => `${r}.exact`, source: (r) => `${r}.source_id`, ref: (r) => `${r}.id`, columns: ['exact'] },
  {
    kind: 'note',
    table: 'notes',
    body: (r) => `${r}.plain_text`,
    // Undo may restore a note before its highlight; search.ts looks the source up again by ref.
    source: (r) => `(SELECT source_id FROM highlights WHERE id = ${r}.highlight_id)`,
    ref: (r) => `${r}.highlight_id`,
    columns: ['plain_text'],
  },
  {
    kind: 'claim',
    table: 'claims',
    body: (r) => `${r}.note || ' ' || ${r}.attributed_text`,
    source: (r) => `${r}.source_id`,
    ref: (r) => `${r}.id`,
    columns: ['note', 'attributed_text'],
  },
  { kind: 'actor', table: 'actors', body: (r) => `${r}.name`, source: () => 'NULL', ref: (r) => `${r}.id`, columns: ['name'] },
  {
    kind: 'alias',
    table: 'actor_aliases',
    body: (r) => `${r}.alias`,
    source: () => 'NULL',
    ref: (r) => `${r}.actor_id`,
    columns: ['alias', 'actor_id', 'match_key'],
  },
];

/** The index row of a mirrored row: its own rowid (kept by undo, backups and VACUUM) times 8 plus its kind. */
const rowidOf = (m: Mirror, row: string) => `(${row}.rowid * 8 + ${SEARCH_KINDS.indexOf(m.kind) + 1})`;

type Fold = (expression: string) => string;

function addSql(m: Mirror, row: string, fold: Fold): string {
  return `DELETE FROM search_fts WHERE rowid = ${rowidOf(m, row)};
    INSERT INTO search_fts (rowid, body, kind, source_id, ref)
      VALUES (${rowidOf(m, row)}, ${fold(m.body(row))}, '${m.kind}', ${m.source(row)}, ${m.ref(row)});`;
}

function triggersSql(m: Mirror, fold: Fold = foldSql): string {
  const name = `search_${m.kind}`;
  const changed = m.columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  return `
    CREATE TRIGGER ${name}_insert AFTER INSERT ON ${m.table} BEGIN ${addSql(m, 'new', fold)} END;
    CREATE TRIGGER ${name}_update AFTER UPDATE OF ${m.columns.join(', ')} ON ${m.table} WHEN ${changed}
      BEGIN DELETE FROM search_fts WHERE rowid = ${rowidOf(m, 'old')}; ${addSql(m, 'new', fold)} END;
    CREATE TRIGGER ${name}_delete AFTER DELETE ON ${m.table} BEGIN DELETE FROM search_fts WHERE rowid = ${rowidOf(m, 'old')}; END;`;
}

/** Indexes the rows already in a project (an upgraded one). */
function fillSql(m: Mirror): string {
  return `
    INSERT INTO search_fts (rowid, body, kind, source_id, ref)
      SELECT ${rowidOf(m, 't')}, ${foldSql(m.body('t'))}, '${m.kind}', ${m.source('t')}, ${m.ref('t')} FROM ${m.table} t;`;
}

export const SEARCH_SCHEMA_SQL = `
  CREATE VIRTUAL TABLE search_fts USING fts5(
    body, kind UNINDEXED, source_id UNINDEXED, ref UNINDEXED,
    content = '', contentless_delete = 1, contentless_unindexed = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  ${MIRRORS.map((m) => triggersSql(m)).join('\n')}
  ${MIRRORS.map(fillSql).join('\n')}

  -- Collections: named groups of sources; a source may be in several.
  CREATE TABLE collections (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE collection_sources (
    collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    source_id     TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    added_at      TEXT NOT NULL,
    PRIMARY KEY (collection_id, source_id)
  ) STRICT;
  CREATE INDEX collection_sources_by_source ON collection_sources (source_id);

  -- Mentions the user dismissed: an actor's name at [start, end) of a source, as it read then
  -- (matched), so a dismissal whose words moved away after a text update no longer applies.
  CREATE TABLE dismissed_mentions (
    source_id    TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    actor_id     TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset   INTEGER NOT NULL CHECK (end_offset > start_offset),
    matched      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (source_id, actor_id, start_offset)
  ) STRICT;
  CREATE INDEX dismissed_mentions_by_actor ON dismissed_mentions (actor_id);
`;

/**
 * Migration 7: the library's filter ("Filter sources", src/core/search/library.ts) gets an index
 * of its own over each source's title, outlet and authors, folded as search_fts folds. Matching
 * a typed prefix against search_fts would walk every text row that has a word with that prefix
 * (most of the corpus for one letter) before keeping the `meta` rows; this index holds only
 * those. Its rowid is the source's rowid. FROZEN with migration 7.
 */
const libraryTriggersSql = (fold: Fold) => `
  CREATE TRIGGER library_insert AFTER INSERT ON sources BEGIN
    INSERT INTO library_fts (rowid, body) VALUES (new.rowid, ${fold("new.title || ' ' || new.outlet || ' ' || new.authors")});
  END;
  CREATE TRIGGER library_update AFTER UPDATE OF title, outlet, authors ON sources
    WHEN old.title IS NOT new.title OR old.outlet IS NOT new.outlet OR old.authors IS NOT new.authors BEGIN
    DELETE FROM library_fts WHERE rowid = old.rowid;
    INSERT INTO library_fts (rowid, body) VALUES (new.rowid, ${fold("new.title || ' ' || new.outlet || ' ' || new.authors")});
  END;
  CREATE TRIGGER library_delete AFTER DELETE ON sources BEGIN DELETE FROM library_fts WHERE rowid = old.rowid; END;`;

export const LIBRARY_SCHEMA_SQL = `
  CREATE VIRTUAL TABLE library_fts USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  );
  ${libraryTriggersSql(foldSql)}
  INSERT INTO library_fts (rowid, body) SELECT rowid, ${foldSql("title || ' ' || outlet || ' ' || authors")} FROM sources;
`;

/**
 * The UTF-8 lead bytes of the characters the fold changes, as two hex digits each. Every one of
 * them is a two-byte character (U+0080 to U+07FF), whose lead byte 0xC2-0xDF never occurs
 * inside another character, so a text holds one of these characters only if its bytes hold one
 * of these lead bytes (the converse is not needed: folding a text that needs nothing changes
 * nothing).
 */
export function foldedLeadBytes(): string[] {
  const codes = [...FOLD_REMOVED, ...FOLD_MAPPED.map((pair) => pair.codePointAt(0)!)];
  const leads = new Set<string>();
  for (const code of codes) {
    if (code < 0x80 || code > 0x7ff) throw new Error(`U+${code.toString(16)} is not a two-byte character`);
    leads.add((0xc0 | (code >> 6)).toString(16).toUpperCase());
  }
  return [...leads].sort();
}

/**
 * foldSql, run only on a text that may hold a character it changes: the same result, but an
 * English article is not copied by each of the ~150 nested replace() calls (13 ms for 50 KB, most
 * of an import's store time; scripts/bench/import.mjs). An ASCII text is recognized by its byte
 * length (under 0.1 ms), any other by a byte search per lead byte (about 1 ms); GLOB with a
 * character class took 2-10 ms.
 */
export function guardedFoldSql(expression: string): string {
  const e = `(${expression})`;
  const bytes = `CAST(${e} AS BLOB)`;
  const mayFold = foldedLeadBytes().map((b) => `instr(${bytes}, x'${b}')`).join(' OR ');
  return `CASE WHEN length(${bytes}) = length(${e}) THEN ${e} WHEN ${mayFold} THEN ${foldSql(expression)} ELSE ${e} END`;
}

/**
 * Migration 8: the search and library triggers again, folding with guardedFoldSql. The index
 * holds the same rows (the fold's result is unchanged), so nothing is re-indexed. FROZEN with
 * migration 8.
 */
export const GUARDED_FOLD_SQL = `
  ${MIRRORS.map((m) => ['insert', 'update', 'delete'].map((op) => `DROP TRIGGER search_${m.kind}_${op};`).join(' ')).join('\n')}
  DROP TRIGGER library_insert; DROP TRIGGER library_update; DROP TRIGGER library_delete;
  ${MIRRORS.map((m) => triggersSql(m, guardedFoldSql)).join('\n')}
  ${libraryTriggersSql(guardedFoldSql)}
`;

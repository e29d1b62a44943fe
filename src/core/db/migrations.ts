import type Database from 'better-sqlite3';
import { RELATION_PRESET } from '../services/relation-preset';
import { GUARDED_FOLD_SQL, LIBRARY_SCHEMA_SQL, SEARCH_SCHEMA_SQL } from '../search/schema';

/**
 * The schema's numbered history. Append only: a released migration is never edited, because
 * projects in the field were built by it. Each runs in one transaction with its version bump.
 * A migration that rebuilds a table must say so (`rebuildsTables`) so foreign keys are turned
 * off around it; with them on, a rebuild silently cascades deletes.
 */
export interface Migration {
  version: number;
  name: string;
  rebuildsTables?: boolean;
  up(db: Database.Database): void;
}

// ---- Migration 2's tie summaries ----------------------------------------------------------------
//
// The Ties panel lists pairs of actors by how many claims tie them. Over a whole corpus that
// order comes from `pair_totals`, each listed pair's relations from `tie_totals` and the totals
// from `tie_corpus`, all kept exact by triggers on `claims` and on `relation_types.directed`
// (which decides whether a tie's two directions are one tie). Keys are normalized as
// services/ties.ts reports them: a pair is (smaller id, larger id); a symmetric relation's tie
// runs from the smaller id.
//
// Each summary row's rowid (`first_claim`) is the rowid of its earliest claim, so the summaries
// are a pure function of the claims table: undo, which restores claims with their rowids,
// restores the summaries byte for byte. The summaries are therefore NOT undoable tables
// themselves (undo would apply their changes twice). Dates: `date_from` is the earliest start,
// `date_to` the latest end with '~' appended, the form in which partial dates of mixed precision
// compare as strings ("2022~" > "2022-03~", see text/dates.ts). The SQL is written out here, not
// generated from app constants, so that this migration never changes once released.

/** `directed = 0` for a claim row's relation type (false when the type is missing). */
const symmetric = (row: string) => `(SELECT directed FROM relation_types WHERE id = ${row}.relation_type_id) = 0`;
/** A claim row's tie key, normalized: the symmetric tie runs from the smaller actor id. */
const tieSource = (row: string) =>
  `CASE WHEN ${row}.target_actor_id < ${row}.source_actor_id AND ${symmetric(row)} THEN ${row}.target_actor_id ELSE ${row}.source_actor_id END`;
const tieTarget = (row: string) =>
  `CASE WHEN ${row}.target_actor_id < ${row}.source_actor_id AND ${symmetric(row)} THEN ${row}.source_actor_id ELSE ${row}.target_actor_id END`;
const tieWhere = (row: string) =>
  `source_actor_id = ${tieSource(row)} AND target_actor_id = ${tieTarget(row)} AND relation_type_id = ${row}.relation_type_id`;
const pairWhere = (row: string) =>
  `actor_a = min(${row}.source_actor_id, ${row}.target_actor_id) AND actor_b = max(${row}.source_actor_id, ${row}.target_actor_id)`;
/**
 * `aggregate(expression)` over the other claims of a claim row's tie (both directions when the
 * type is symmetric), the row itself left out: in an AFTER UPDATE trigger it may still match.
 * Each direction is one range of claims_by_tie (named: for min(rowid) the planner would
 * rather walk claims_by_relation_type in rowid order, through every claim of the type).
 */
const overOtherClaims = (row: string, aggregate: string, expression: string, where = '') => {
  const same = `c.relation_type_id = ${row}.relation_type_id AND c.rowid != ${row}.rowid${where}`;
  return `(SELECT ${aggregate}(v) FROM (
      SELECT ${aggregate}(${expression}) AS v FROM claims c INDEXED BY claims_by_tie
        WHERE c.source_actor_id = ${row}.source_actor_id AND c.target_actor_id = ${row}.target_actor_id AND ${same}
      UNION ALL
      SELECT ${aggregate}(${expression}) FROM claims c INDEXED BY claims_by_tie
        WHERE ${symmetric(row)} AND c.source_actor_id = ${row}.target_actor_id AND c.target_actor_id = ${row}.source_actor_id AND ${same}))`;
};
const STANCE_COLUMNS = ['asserted', 'reported', 'alleged', 'denied', 'speculative'];
/** 1 when no other claim of the row's tie comes from the row's source. */
const onlyInSource = (row: string) => `coalesce(${overOtherClaims(row, 'max', '1', ` AND c.source_id = ${row}.source_id`)}, 0) = 0`;

const addClaim = (row: string) => `
    INSERT INTO tie_totals (first_claim, source_actor_id, target_actor_id, relation_type_id, claim_count, source_count,
        ${STANCE_COLUMNS.join(', ')}, date_from, date_to)
      SELECT ${row}.rowid, ${tieSource(row)}, ${tieTarget(row)}, ${row}.relation_type_id, 1, 1,
        ${STANCE_COLUMNS.map((s) => `${row}.stance = '${s}'`).join(', ')},
        nullif(${row}.event_date_start, ''), nullif(${row}.event_date_end, '') || '~'
      WHERE NOT EXISTS (SELECT 1 FROM tie_totals WHERE ${tieWhere(row)});
    UPDATE tie_totals SET
        first_claim = min(first_claim, ${row}.rowid),
        claim_count = claim_count + 1,
        source_count = source_count + (${onlyInSource(row)}),
        ${STANCE_COLUMNS.map((s) => `${s} = ${s} + (${row}.stance = '${s}')`).join(', ')},
        date_from = coalesce(min(date_from, nullif(${row}.event_date_start, '')), date_from, nullif(${row}.event_date_start, '')),
        date_to = coalesce(max(date_to, nullif(${row}.event_date_end, '') || '~'), date_to, nullif(${row}.event_date_end, '') || '~')
      WHERE ${tieWhere(row)} AND first_claim != ${row}.rowid;
    UPDATE tie_corpus SET claim_count = claim_count + 1,
        pair_count = pair_count + NOT EXISTS (SELECT 1 FROM pair_totals WHERE ${pairWhere(row)});
    INSERT INTO pair_totals (first_claim, actor_a, actor_b, claim_count)
      VALUES (${row}.rowid, min(${row}.source_actor_id, ${row}.target_actor_id), max(${row}.source_actor_id, ${row}.target_actor_id), 1)
      ON CONFLICT (actor_a, actor_b) DO UPDATE SET
        claim_count = claim_count + 1,
        first_claim = min(first_claim, excluded.first_claim);`;

const removeClaim = (row: string) => `
    DELETE FROM tie_totals WHERE ${tieWhere(row)} AND claim_count = 1;
    UPDATE tie_totals SET
        claim_count = claim_count - 1,
        source_count = source_count - (${onlyInSource(row)}),
        ${STANCE_COLUMNS.map((s) => `${s} = ${s} - (${row}.stance = '${s}')`).join(', ')},
        first_claim = CASE WHEN first_claim = ${row}.rowid THEN ${overOtherClaims(row, 'min', 'c.rowid')} ELSE first_claim END,
        date_from = CASE WHEN date_from = nullif(${row}.event_date_start, '')
          THEN ${overOtherClaims(row, 'min', "nullif(c.event_date_start, '')")} ELSE date_from END,
        date_to = CASE WHEN date_to = nullif(${row}.event_date_end, '') || '~'
          THEN ${overOtherClaims(row, 'max', "nullif(c.event_date_end, '') || '~'")} ELSE date_to END
      WHERE ${tieWhere(row)};
    UPDATE tie_corpus SET claim_count = claim_count - 1,
        pair_count = pair_count - EXISTS (SELECT 1 FROM pair_totals WHERE ${pairWhere(row)} AND claim_count = 1);
    DELETE FROM pair_totals WHERE ${pairWhere(row)} AND claim_count = 1;
    UPDATE pair_totals SET
        claim_count = claim_count - 1,
        first_claim = CASE WHEN first_claim = ${row}.rowid THEN (SELECT min(v) FROM (
            SELECT min(first_claim) AS v FROM tie_totals
              WHERE source_actor_id = min(${row}.source_actor_id, ${row}.target_actor_id) AND target_actor_id = max(${row}.source_actor_id, ${row}.target_actor_id)
            UNION ALL
            SELECT min(first_claim) FROM tie_totals
              WHERE source_actor_id = max(${row}.source_actor_id, ${row}.target_actor_id) AND target_actor_id = min(${row}.source_actor_id, ${row}.target_actor_id)))
          ELSE first_claim END
      WHERE ${pairWhere(row)};`;

/** Recomputes the tie rows of one relation type from its claims (its direction changed). */
const rebuildType = (type: string) => `
    DELETE FROM tie_totals WHERE relation_type_id = ${type}.id;
    INSERT INTO tie_totals (first_claim, source_actor_id, target_actor_id, relation_type_id, claim_count, source_count,
        ${STANCE_COLUMNS.join(', ')}, date_from, date_to)
      SELECT min(c.rowid),
        CASE WHEN ${type}.directed = 0 AND c.target_actor_id < c.source_actor_id THEN c.target_actor_id ELSE c.source_actor_id END AS s,
        CASE WHEN ${type}.directed = 0 AND c.target_actor_id < c.source_actor_id THEN c.source_actor_id ELSE c.target_actor_id END AS t,
        ${type}.id, count(*), count(DISTINCT c.source_id),
        ${STANCE_COLUMNS.map((s) => `sum(c.stance = '${s}')`).join(', ')},
        min(nullif(c.event_date_start, '')), max(nullif(c.event_date_end, '') || '~')
      FROM claims c WHERE c.relation_type_id = ${type}.id
      GROUP BY s, t;`;

const CLAIM_KEY_COLUMNS = ['source_actor_id', 'target_actor_id', 'relation_type_id', 'source_id', 'stance', 'event_date_start', 'event_date_end'];

export const TIE_SUMMARY_SQL = `
  CREATE TABLE tie_totals (
    first_claim      INTEGER PRIMARY KEY,
    source_actor_id  TEXT NOT NULL,
    target_actor_id  TEXT NOT NULL,
    relation_type_id TEXT NOT NULL,
    claim_count      INTEGER NOT NULL,
    source_count     INTEGER NOT NULL,
    ${STANCE_COLUMNS.map((s) => `${s} INTEGER NOT NULL`).join(',\n    ')},
    date_from        TEXT,
    date_to          TEXT
  ) STRICT;
  -- One row per tie (the triggers keep it so). The index covers every column: a page of the
  -- Ties panel reads the ties of its pairs from it without touching the table.
  CREATE INDEX tie_totals_by_actors ON tie_totals
    (source_actor_id, target_actor_id, relation_type_id, claim_count, source_count, ${STANCE_COLUMNS.join(', ')}, date_from, date_to);
  CREATE INDEX tie_totals_by_relation_type ON tie_totals (relation_type_id);

  CREATE TABLE pair_totals (
    first_claim INTEGER PRIMARY KEY,
    actor_a     TEXT NOT NULL,
    actor_b     TEXT NOT NULL,
    claim_count INTEGER NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX pair_totals_by_actors ON pair_totals (actor_a, actor_b);
  CREATE INDEX pair_totals_by_b ON pair_totals (actor_b);
  CREATE INDEX pair_totals_by_count ON pair_totals (claim_count DESC, actor_a, actor_b);

  -- How many pairs and claims pair_totals holds, for the panel's "N pairs · M claims".
  CREATE TABLE tie_corpus (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    pair_count  INTEGER NOT NULL,
    claim_count INTEGER NOT NULL
  ) STRICT;
  INSERT INTO tie_corpus VALUES (1, 0, 0);

  CREATE TRIGGER claims_tie_totals_insert AFTER INSERT ON claims BEGIN ${addClaim('new')}
  END;
  CREATE TRIGGER claims_tie_totals_delete AFTER DELETE ON claims BEGIN ${removeClaim('old')}
  END;
  CREATE TRIGGER claims_tie_totals_update AFTER UPDATE OF ${CLAIM_KEY_COLUMNS.join(', ')} ON claims
    WHEN ${CLAIM_KEY_COLUMNS.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')}
  BEGIN ${removeClaim('old')} ${addClaim('new')}
  END;
  CREATE TRIGGER relation_types_tie_totals_directed AFTER UPDATE OF directed ON relation_types
    WHEN old.directed IS NOT new.directed
  BEGIN ${rebuildType('new')}
  END;
  -- Undo can restore claims before their relation type (foreign keys are deferred while it
  -- replays); they were counted as directed, so a symmetric type arriving later recounts them.
  CREATE TRIGGER relation_types_tie_totals_insert AFTER INSERT ON relation_types
    WHEN new.directed = 0 AND EXISTS (SELECT 1 FROM claims WHERE relation_type_id = new.id)
  BEGIN ${rebuildType('new')}
  END;
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'project, sources and highlights',
    up(db) {
      db.exec(`
        CREATE TABLE project (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE sources (
          id           TEXT PRIMARY KEY,
          title        TEXT NOT NULL,
          authors      TEXT NOT NULL DEFAULT '[]',
          outlet       TEXT NOT NULL DEFAULT '',
          published_at TEXT NOT NULL DEFAULT '',
          url          TEXT NOT NULL DEFAULT '',
          language     TEXT NOT NULL DEFAULT '',
          format       TEXT NOT NULL,
          file_name    TEXT NOT NULL DEFAULT '',
          length       INTEGER NOT NULL CHECK (length >= 0),
          content_hash TEXT NOT NULL UNIQUE,
          created_at   TEXT NOT NULL,
          updated_at   TEXT NOT NULL,
          -- Large columns last: listing sources never has to read past them.
          blocks       TEXT NOT NULL,
          text         TEXT NOT NULL
        ) STRICT;

        CREATE TABLE highlights (
          id           TEXT PRIMARY KEY,
          source_id    TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
          start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
          end_offset   INTEGER NOT NULL CHECK (end_offset > start_offset),
          exact        TEXT NOT NULL,
          prefix       TEXT NOT NULL,
          suffix       TEXT NOT NULL,
          color        TEXT NOT NULL,
          created_at   TEXT NOT NULL,
          updated_at   TEXT NOT NULL
        ) STRICT;

        CREATE INDEX highlights_by_source ON highlights (source_id, start_offset, end_offset);
      `);
    },
  },
  {
    version: 2,
    name: 'actors, relation types, tie claims and notes',
    up(db) {
      db.exec(`
        CREATE TABLE actors (
          id             TEXT PRIMARY KEY,
          name           TEXT NOT NULL,
          kind           TEXT NOT NULL,
          description    TEXT NOT NULL DEFAULT '',
          color          TEXT NOT NULL,
          external_id    TEXT NOT NULL DEFAULT '',
          affiliation_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
          -- Folded form of the name (matchKey in shared/match.ts) for lookups that ignore case,
          -- diacritics, apostrophes, hyphens and spaces.
          match_key      TEXT NOT NULL,
          created_at     TEXT NOT NULL,
          updated_at     TEXT NOT NULL
        ) STRICT;
        CREATE INDEX actors_by_key ON actors (match_key);
        CREATE INDEX actors_by_affiliation ON actors (affiliation_id);

        CREATE TABLE actor_aliases (
          actor_id  TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
          alias     TEXT NOT NULL,
          match_key TEXT NOT NULL,
          position  INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (actor_id, match_key)
        ) STRICT;
        CREATE INDEX actor_aliases_by_key ON actor_aliases (match_key);

        CREATE TABLE highlight_actors (
          highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
          actor_id     TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
          created_at   TEXT NOT NULL,
          PRIMARY KEY (highlight_id, actor_id)
        ) STRICT;
        CREATE INDEX highlight_actors_by_actor ON highlight_actors (actor_id);

        CREATE TABLE relation_types (
          id            TEXT PRIMARY KEY,
          label         TEXT NOT NULL,
          inverse_label TEXT NOT NULL DEFAULT '',
          directed      INTEGER NOT NULL CHECK (directed IN (0, 1)),
          polarity      TEXT NOT NULL CHECK (polarity IN ('cooperative', 'conflictual', 'neutral')),
          category      TEXT NOT NULL DEFAULT '',
          intensity     INTEGER NOT NULL DEFAULT 0,
          color         TEXT NOT NULL,
          retired       INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
          position      INTEGER NOT NULL DEFAULT 0,
          created_at    TEXT NOT NULL,
          updated_at    TEXT NOT NULL
        ) STRICT;

        CREATE TABLE claims (
          id                  TEXT PRIMARY KEY,
          highlight_id        TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
          -- The highlight's source, copied (a highlight never changes source) so that ties can be
          -- aggregated per source and counted by source from an index alone.
          source_id           TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
          source_actor_id     TEXT NOT NULL REFERENCES actors(id),
          relation_type_id    TEXT NOT NULL REFERENCES relation_types(id),
          target_actor_id     TEXT NOT NULL REFERENCES actors(id),
          stance              TEXT NOT NULL,
          attributed_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
          attributed_text     TEXT NOT NULL DEFAULT '',
          confidence          TEXT NOT NULL,
          event_date_text     TEXT NOT NULL DEFAULT '',
          event_date_start    TEXT NOT NULL DEFAULT '',
          event_date_end      TEXT NOT NULL DEFAULT '',
          note                TEXT NOT NULL DEFAULT '',
          created_at          TEXT NOT NULL,
          updated_at          TEXT NOT NULL
        ) STRICT;
        CREATE INDEX claims_by_highlight ON claims (highlight_id);
        -- Cover the tie queries (services/ties.ts) without touching the table, in (source actor,
        -- target actor, relation) order: the claims of one pair of actors in one direction are
        -- one range (the Ties panel's page, the summary triggers below), those of one source are
        -- one range of claims_by_source.
        CREATE INDEX claims_by_tie ON claims
          (source_actor_id, target_actor_id, relation_type_id, source_id, stance, event_date_start, event_date_end);
        CREATE INDEX claims_by_source ON claims
          (source_id, source_actor_id, target_actor_id, relation_type_id, stance, event_date_start, event_date_end);
        -- Every actor and relation-type reference is indexed: counts, in-use checks and
        -- foreign-key actions on delete would otherwise scan all claims.
        CREATE INDEX claims_by_target ON claims (target_actor_id);
        CREATE INDEX claims_by_attributed ON claims (attributed_actor_id);
        CREATE INDEX claims_by_relation_type ON claims (relation_type_id);

        CREATE TABLE notes (
          highlight_id TEXT PRIMARY KEY REFERENCES highlights(id) ON DELETE CASCADE,
          content      TEXT NOT NULL,
          plain_text   TEXT NOT NULL,
          created_at   TEXT NOT NULL,
          updated_at   TEXT NOT NULL
        ) STRICT;
      `);
      db.exec(TIE_SUMMARY_SQL);
      // New and upgraded projects alike start with the PLOVER/CAMEO-derived preset.
      const insert = db.prepare(
        `INSERT INTO relation_types (id, label, inverse_label, directed, polarity, category, intensity, color, position, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const at = new Date().toISOString();
      RELATION_PRESET.forEach((t, position) => {
        insert.run(t.id, t.label, t.inverseLabel, t.directed ? 1 : 0, t.polarity, t.category, t.intensity, t.color, position, at, at);
      });
    },
  },
  {
    version: 3,
    name: 'page maps, source versions and highlight anchoring status',
    up(db) {
      db.exec(`
        -- Paged sources (PDF): JSON array of the offset where each page begins.
        ALTER TABLE sources ADD COLUMN page_starts TEXT NOT NULL DEFAULT '[]';

        -- The texts a source had before "Update text": kept, never shown as the current text.
        CREATE TABLE source_versions (
          id           TEXT PRIMARY KEY,
          source_id    TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
          replaced_at  TEXT NOT NULL,
          format       TEXT NOT NULL,
          file_name    TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          page_starts  TEXT NOT NULL,
          blocks       TEXT NOT NULL,
          text         TEXT NOT NULL
        ) STRICT;
        CREATE INDEX source_versions_by_source ON source_versions (source_id, replaced_at);

        -- After an update, a highlight that could not be re-anchored with certainty waits for the
        -- user: 'review' (start/end hold the best candidate) or 'orphaned' (its text is gone;
        -- start/end are only a place holder). exact/prefix/suffix keep the passage as it was.
        ALTER TABLE highlights ADD COLUMN anchor TEXT NOT NULL DEFAULT 'ok' CHECK (anchor IN ('ok', 'review', 'orphaned'));
      `);
    },
  },
  {
    version: 4,
    name: 'network view node positions',
    up(db) {
      db.exec(`
        -- Where the Network view last placed each actor (services/network.ts), so the picture does
        -- not jump between visits. Not an annotation: outside undo (not in UNDOABLE_TABLES).
        -- x and y are hundredths of a layout unit; pinned: dragged by the user, the layout leaves it.
        CREATE TABLE network_positions (
          actor_id   TEXT PRIMARY KEY REFERENCES actors(id) ON DELETE CASCADE,
          x          INTEGER NOT NULL,
          y          INTEGER NOT NULL,
          pinned     INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
          updated_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    name: 'corpus search index, collections and dismissed mentions',
    // The index, its triggers and the two tables: src/core/search/schema.ts (frozen with this migration).
    up(db) {
      db.exec(SEARCH_SCHEMA_SQL);
    },
  },
  {
    version: 6,
    name: 'who coded what: analyst names on highlights, claims and notes',
    up(db) {
      db.exec(`
        -- The analyst who made the row (services/analyst.ts). '' is this project's own analyst,
        -- whatever name they give (or gave) it, so naming oneself later rewrites nothing.
        ALTER TABLE highlights ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE claims ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE notes ADD COLUMN created_by TEXT NOT NULL DEFAULT '';

        -- Other analysts who coded the same passage or the same claim, recognized when their
        -- archive was merged (export/merge.ts): the row is not doubled, and agreement between
        -- coders can still be measured over it.
        CREATE TABLE highlight_coders (
          highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
          analyst      TEXT NOT NULL,
          PRIMARY KEY (highlight_id, analyst)
        ) STRICT;
        CREATE TABLE claim_coders (
          claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
          analyst  TEXT NOT NULL,
          PRIMARY KEY (claim_id, analyst)
        ) STRICT;
      `);
    },
  },
  {
    version: 7,
    name: 'an index of the library filter',
    // The index and its triggers: src/core/search/schema.ts (frozen with this migration).
    up(db) {
      db.exec(LIBRARY_SCHEMA_SQL);
    },
  },
  {
    version: 8,
    name: 'search index triggers fold only texts that need it',
    // The triggers: src/core/search/schema.ts GUARDED_FOLD_SQL (frozen with this migration).
    up(db) {
      db.exec(GUARDED_FOLD_SQL);
    },
  },
  {
    version: 9,
    name: 'indexes for opening a source: the painted spans in order, and the highlights waiting for review',
    up(db) {
      db.exec(`
        -- listHighlightSpans (services/highlights.ts) reads every painted highlight of a source in
        -- text order: from this index alone, already in order (54 ms for 20,000 without it, a
        -- sort over the table's wide rows).
        CREATE INDEX highlights_painted ON highlights (source_id, start_offset, end_offset DESC, created_at, id, color) WHERE anchor = 'ok';
        -- listAnchorReview (services/versions.ts) asks on every open for the few that wait.
        CREATE INDEX highlights_waiting ON highlights (source_id) WHERE anchor <> 'ok';
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

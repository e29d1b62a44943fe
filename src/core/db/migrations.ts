import type Database from 'better-sqlite3';
import { RELATION_PRESET } from '../services/relation-preset';

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
        -- Cover the tie aggregation (services/ties.ts) without touching the table: the whole
        -- corpus in (source, relation, target) order, one source by its own prefix.
        CREATE INDEX claims_by_tie ON claims
          (source_actor_id, relation_type_id, target_actor_id, source_id, stance, event_date_start, event_date_end);
        CREATE INDEX claims_by_source ON claims
          (source_id, source_actor_id, relation_type_id, target_actor_id, stance, event_date_start, event_date_end);
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
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

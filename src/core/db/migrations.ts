import type Database from 'better-sqlite3';

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
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

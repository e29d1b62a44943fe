import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { Backend } from '../backend';
import { contentDigest, fileDigest, ok, pasteSource, useTempDirs } from '../test-support/fixtures';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';
import { APPLICATION_ID, openStore } from './open';

const temp = useTempDirs();

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function expectApiError(error: unknown, code: string): ApiError {
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  return error as ApiError;
}

/** A project at schema 1 with two sources and three highlights, closed. */
function projectWithData(dir: string): { file: string; digest: string; sources: number; highlights: number } {
  const file = join(dir, 'Data.tiemark');
  const backend = Backend.open({ file, backupDir: join(dir, 'backups'), create: true });
  try {
    const a = pasteSource(backend, 'First source\n\nA paragraph about the Quds Force and its partners.');
    const b = pasteSource(backend, 'Second source\n\nحِزْبُ ٱللَّٰهِ and 👩‍👩‍👧‍👦 live here.');
    ok(backend.dispatch('createHighlight', { sourceId: a.id, start: 0, end: 5 }));
    ok(backend.dispatch('createHighlight', { sourceId: a.id, start: 14, end: 20, color: 'blue' }));
    ok(backend.dispatch('createHighlight', { sourceId: b.id, start: 15, end: 20 }));
    return { file, digest: contentDigest(backend.store.db), sources: 2, highlights: 3 };
  } finally {
    backend.close();
  }
}

/** Digests the main file and its WAL/SHM companions, and lists the folder. */
function snapshotFiles(file: string) {
  return { main: fileDigest(file), wal: fileDigest(`${file}-wal`) };
}

describe('a new project', () => {
  it('is stamped with our application id and latest version and opened durably', async () => {
    const dir = temp.make();
    const file = join(dir, 'New.tiemark');
    const { db, migratedFrom, backupPath } = temp.track(
      (() => {
        const opened = openStore(file, { backupDir: join(dir, 'backups'), create: true });
        return Object.assign(opened, { close: () => opened.db.close() });
      })(),
    );
    expect(migratedFrom).toBe(0);
    expect(backupPath).toBeUndefined();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // A new project needs no backup: there was nothing to lose.
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });

  it('adopts an empty SQLite file (no tables, application_id 0) as a new project', async () => {
    const dir = temp.make();
    const file = join(dir, 'Empty.tiemark');
    const empty = new Database(file);
    empty.pragma('user_version = 0');
    empty.exec('CREATE TABLE t (x); DROP TABLE t;'); // makes the file non-empty on disk
    empty.close();
    const backend = temp.track(Backend.open({ file, backupDir: join(dir, 'backups') }));
    expect(backend.projectInfo()).toMatchObject({ schemaVersion: LATEST_VERSION, sourceCount: 0, name: 'Empty' });
    expect(backend.store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
  });

  it('is not created when create is false', async () => {
    const dir = temp.make();
    const file = join(dir, 'Missing.tiemark');
    expectApiError(thrown(() => openStore(file, { backupDir: join(dir, 'backups') })), 'not_found');
    expect(existsSync(file)).toBe(false);
  });

  it('is reopened without migrating or backing up, keeping its rows', async () => {
    const dir = temp.make();
    const { file, digest } = projectWithData(dir);
    const backend = temp.track(Backend.open({ file, backupDir: join(dir, 'backups') }));
    expect(contentDigest(backend.store.db)).toBe(digest);
    expect(backend.projectInfo()).toMatchObject({ schemaVersion: LATEST_VERSION, sourceCount: 2, highlightCount: 3, name: 'Data' });
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});

describe('files that must be refused untouched', () => {
  it('refuses a project from a newer Tiemark, naming the file, without changing a byte', async () => {
    const dir = temp.make();
    const { file } = projectWithData(dir);
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = snapshotFiles(file);
    const listing = readdirSync(dir).sort();

    const error = expectApiError(thrown(() => openStore(file, { backupDir: join(dir, 'backups') })), 'newer_version');
    expect(error.message).toContain('Data.tiemark');
    expect(error.message).toContain(String(LATEST_VERSION + 1));
    expect(error.detail).toEqual({ version: LATEST_VERSION + 1, supported: LATEST_VERSION });
    // Through the backend too, with create: true (as the shells pass for a missing file).
    expectApiError(thrown(() => Backend.open({ file, backupDir: join(dir, 'backups'), create: true })), 'newer_version');

    expect(snapshotFiles(file)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(listing);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    check.close();
  });

  it('refuses a newer project whose last commit is still in its WAL, leaving main file and WAL unchanged', async () => {
    const dir = temp.make();
    const { file } = projectWithData(dir);
    // Simulate a crash of a newer Tiemark: the bump is committed to the WAL but never checkpointed.
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma(`user_version = ${LATEST_VERSION + 7}`);
    const crashDir = temp.make();
    const copy = join(crashDir, 'Crashed.tiemark');
    copyFileSync(file, copy);
    copyFileSync(`${file}-wal`, `${copy}-wal`);
    writer.close();
    const before = snapshotFiles(copy);
    expect(before.wal).not.toBeNull();
    // The main file alone still says LATEST_VERSION: only reading the WAL reveals the newer format.
    expect(readFileSync(copy).readInt32BE(60)).toBe(LATEST_VERSION);

    const listing = readdirSync(crashDir).sort();
    const error = expectApiError(thrown(() => openStore(copy, { backupDir: join(crashDir, 'backups') })), 'newer_version');
    expect(error.message).toContain('Crashed.tiemark');
    // Reading a WAL needs its index: the read-only probe may add a -shm, and nothing else.
    expect(readdirSync(crashDir).sort()).toEqual([...listing, 'Crashed.tiemark-shm'].sort());
    expect(snapshotFiles(copy)).toEqual(before);
    expect(existsSync(join(crashDir, 'backups'))).toBe(false);
  });

  it('refuses a file that is not an SQLite database', async () => {
    const dir = temp.make();
    const file = join(dir, 'Notes.tiemark');
    writeFileSync(file, 'These are my notes, not a database.\n'.repeat(20));
    const before = fileDigest(file);
    const error = expectApiError(thrown(() => openStore(file, { backupDir: join(dir, 'b'), create: true })), 'not_a_project');
    expect(error.message).toContain('Notes.tiemark');
    expect(fileDigest(file)).toBe(before);
    expect(readdirSync(dir)).toEqual(['Notes.tiemark']);
  });

  it('refuses a file shorter than an SQLite header', async () => {
    const dir = temp.make();
    const file = join(dir, 'Tiny.tiemark');
    writeFileSync(file, 'SQLite');
    expectApiError(thrown(() => openStore(file, { backupDir: join(dir, 'b'), create: true })), 'not_a_project');
    expect(readdirSync(dir)).toEqual(['Tiny.tiemark']);
  });

  it("refuses another program's SQLite database (application_id 0, its own tables)", async () => {
    const dir = temp.make();
    const file = join(dir, 'places.sqlite');
    const other = new Database(file);
    other.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.org')");
    other.close();
    const before = snapshotFiles(file);
    const listing = readdirSync(dir).sort();
    const error = expectApiError(thrown(() => openStore(file, { backupDir: join(dir, 'b'), create: true })), 'not_a_project');
    expect(error.message).toContain('places.sqlite');
    expect(snapshotFiles(file)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('refuses an SQLite database stamped with another application id, even with no tables', async () => {
    const dir = temp.make();
    const file = join(dir, 'Other.tiemark');
    const other = new Database(file);
    other.pragma('application_id = 1234');
    other.close();
    const before = fileDigest(file);
    expectApiError(thrown(() => openStore(file, { backupDir: join(dir, 'b'), create: true })), 'not_a_project');
    expect(fileDigest(file)).toBe(before);
  });

  it('refuses a damaged file that only starts like SQLite, with an error code rather than a crash', async () => {
    const dir = temp.make();
    const file = join(dir, 'Damaged.tiemark');
    const bytes = Buffer.alloc(4096, 0x5a);
    bytes.write('SQLite format 3\u0000', 0, 'latin1');
    writeFileSync(file, bytes);
    const before = fileDigest(file);
    const error = thrown(() => openStore(file, { backupDir: join(dir, 'b'), create: true }));
    expect(error).toBeInstanceOf(ApiError);
    expect(['not_a_project', 'storage_failed']).toContain((error as ApiError).code);
    expect((error as ApiError).message).toContain('Damaged.tiemark');
    expect(fileDigest(file)).toBe(before);
  });
});

describe('migrations', () => {
  /** Data the synthetic migrations below must carry over. */
  const addNotes: Migration = {
    version: LATEST_VERSION + 1,
    name: 'synthetic table',
    up(db) {
      db.exec(`CREATE TABLE test_synthetic (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;
               INSERT INTO test_synthetic (id, body) SELECT id, title FROM sources;`);
    },
  };

  function openWith(file: string, backupDir: string, migrations: readonly Migration[]) {
    const opened = openStore(file, { backupDir, migrations });
    temp.track({ close: () => opened.db.close() });
    return opened;
  }

  it('backs up (verified, old version, same rows) before upgrading, then upgrades keeping the data', async () => {
    const dir = temp.make();
    const { file, digest, sources, highlights } = projectWithData(dir);
    const backupDir = join(dir, 'backups');

    const { db, migratedFrom, backupPath } = openWith(file, backupDir, [...MIGRATIONS, addNotes]);
    expect(migratedFrom).toBe(LATEST_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    expect(contentDigest(db, ['test_synthetic'])).toBe(digest);
    expect(db.prepare('SELECT count(*) FROM test_synthetic').pluck().get()).toBe(sources);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);

    expect(backupPath).toBeDefined();
    expect(readdirSync(backupDir)).toEqual([expect.stringMatching(new RegExp(`^Data-before-v${LATEST_VERSION + 1}-\\d{8}-\\d{6}\\.tiemark$`))]);
    expect(join(backupDir, readdirSync(backupDir)[0])).toBe(backupPath);
    const backup = new Database(backupPath!, { readonly: true, fileMustExist: true });
    try {
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(backup.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(backup.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(contentDigest(backup)).toBe(digest);
      expect(backup.prepare('SELECT count(*) FROM highlights').pluck().get()).toBe(highlights);
      expect(backup.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'test_synthetic'").pluck().get()).toBe(0);
    } finally {
      backup.close();
    }
  });

  it('runs each pending migration once: reopening at the new version neither migrates nor backs up again', async () => {
    const dir = temp.make();
    const { file } = projectWithData(dir);
    const backupDir = join(dir, 'backups');
    let runs = 0;
    const counted: Migration = { ...addNotes, up: (db) => (runs++, addNotes.up(db)) };
    openStore(file, { backupDir, migrations: [...MIGRATIONS, counted] }).db.close();
    const second = openWith(file, backupDir, [...MIGRATIONS, counted]);
    expect(runs).toBe(1);
    expect(second.migratedFrom).toBe(LATEST_VERSION + 1);
    expect(second.backupPath).toBeUndefined();
    expect(readdirSync(backupDir)).toHaveLength(1);
    second.db.close();
    // And the production build, which knows only up to LATEST_VERSION, now refuses it as newer.
    expectApiError(thrown(() => openStore(file, { backupDir })), 'newer_version');
  });

  it('leaves the project at the old version with no partial table when a migration fails, naming the backup', async () => {
    const dir = temp.make();
    const { file, digest } = projectWithData(dir);
    const backupDir = join(dir, 'backups');
    const failing: Migration = {
      version: LATEST_VERSION + 1,
      name: 'fails midway',
      up(db) {
        db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT; INSERT INTO half_done VALUES (1);');
        db.exec("UPDATE sources SET title = 'changed'");
        throw new Error('simulated failure halfway');
      },
    };
    const error = expectApiError(thrown(() => openStore(file, { backupDir, migrations: [...MIGRATIONS, failing] })), 'storage_failed');
    expect(error.message).toContain('simulated failure halfway');
    const [backupName] = readdirSync(backupDir);
    expect(error.message).toContain(join(backupDir, backupName));

    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(check.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").pluck().get()).toBe(0);
      expect(contentDigest(check)).toBe(digest);
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
    // Still opens normally afterwards.
    const backend = temp.track(Backend.open({ file, backupDir }));
    expect(contentDigest(backend.store.db)).toBe(digest);
  });

  it('does not migrate when the backup cannot be written, and says so', async () => {
    const dir = temp.make();
    const { file, digest } = projectWithData(dir);
    const blocked = join(dir, 'backups-is-a-file');
    writeFileSync(blocked, 'x');
    const error = expectApiError(
      thrown(() => openStore(file, { backupDir: join(blocked, 'inner'), migrations: [...MIGRATIONS, addNotes] })),
      'storage_failed',
    );
    expect(error.message).toMatch(/Could not back up Data\.tiemark/);
    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(contentDigest(check)).toBe(digest);
    } finally {
      check.close();
    }
  });

  it('stops at the last migration that succeeded, never between two versions', async () => {
    const dir = temp.make();
    const { file, digest } = projectWithData(dir);
    const failing: Migration = {
      version: LATEST_VERSION + 2,
      name: 'second fails',
      up(db) {
        db.exec('DROP TABLE test_synthetic');
        throw new Error('boom');
      },
    };
    const error = expectApiError(
      thrown(() => openStore(file, { backupDir: join(dir, 'backups'), migrations: [...MIGRATIONS, addNotes, failing] })),
      'storage_failed',
    );
    expect(error.message).toContain(`left at format ${LATEST_VERSION + 1}`);
    expect(error.message).not.toContain('left as it was');
    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
      expect(check.prepare('SELECT count(*) FROM test_synthetic').pluck().get()).toBe(2);
      expect(contentDigest(check, ['test_synthetic'])).toBe(digest);
    } finally {
      check.close();
    }
  });

  const schemaOf = (db: Database.Database) =>
    db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();

  it.each(MIGRATIONS.slice(0, -1).map((m) => m.version))(
    'upgrades a project from released version %i to the latest: backup, same rows, same schema as a new project',
    (version) => {
      const dir = temp.make();
      const file = join(dir, 'Old.tiemark');
      const old = openStore(file, { backupDir: join(dir, 'backups'), create: true, migrations: MIGRATIONS.slice(0, version) });
      // Rows written as that version wrote them (today's services write today's columns).
      const text = 'Old source\n\nWith 👩‍👩‍👧‍👦 and حِزْبُ.';
      const at = '2025-01-01T00:00:00.000Z';
      old.db
        .prepare(
          `INSERT INTO sources (id, title, authors, outlet, published_at, url, language, format, file_name, length, content_hash, created_at, updated_at, blocks, text)
           VALUES ('s1', 'Old source', '[]', '', '', '', '', 'pasted', '', ?, ?, ?, ?, ?, ?)`,
        )
        // Every version stored the SHA-256 of the text as its content hash; opening checks it.
        .run(text.length, createHash('sha256').update(text).digest('hex'), at, at, JSON.stringify([{ kind: 'paragraph', start: 0, end: 10 }]), text);
      const highlight = old.db.prepare(
        `INSERT INTO highlights (id, source_id, start_offset, end_offset, exact, prefix, suffix, color, created_at, updated_at)
         VALUES (?, 's1', ?, ?, ?, '', '', ?, ?, ?)`,
      );
      highlight.run('h1', 0, 3, text.slice(0, 3), 'yellow', at, at);
      highlight.run('h2', 12, 14, text.slice(12, 14), 'blue', at, at);
      const digest = contentDigest(old.db);
      old.db.close();

      const backend = temp.track(Backend.open({ file, backupDir: join(dir, 'backups') }));
      expect(backend.projectInfo()).toMatchObject({ schemaVersion: LATEST_VERSION, sourceCount: 1, highlightCount: 2 });
      const fresh = temp.backend();
      expect(schemaOf(backend.store.db)).toEqual(schemaOf(fresh.store.db));
      const [backupName] = readdirSync(join(dir, 'backups'));
      const backup = new Database(join(dir, 'backups', backupName), { readonly: true });
      try {
        expect(backup.pragma('user_version', { simple: true })).toBe(version);
        expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(contentDigest(backup)).toBe(digest);
      } finally {
        backup.close();
      }
      // Every row that existed before is still there, unchanged in every column it had.
      for (const table of ['sources', 'highlights']) {
        const b = new Database(join(dir, 'backups', backupName), { readonly: true });
        try {
          const columns = (b.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).join(', ');
          expect(backend.store.db.prepare(`SELECT ${columns} FROM ${table} ORDER BY id`).all()).toEqual(
            b.prepare(`SELECT ${columns} FROM ${table} ORDER BY id`).all(),
          );
        } finally {
          b.close();
        }
      }
    },
  );

  /** The 12-step table rebuild: new table, copy, drop, rename. */
  const rebuildSources = (flagged: boolean): Migration => ({
    version: LATEST_VERSION + 1,
    name: 'rebuild sources with a notes column',
    rebuildsTables: flagged,
    up(db) {
      db.exec(`
        CREATE TABLE sources_new (
          id TEXT PRIMARY KEY, title TEXT NOT NULL, authors TEXT NOT NULL DEFAULT '[]',
          outlet TEXT NOT NULL DEFAULT '', published_at TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
          language TEXT NOT NULL DEFAULT '', format TEXT NOT NULL, file_name TEXT NOT NULL DEFAULT '',
          length INTEGER NOT NULL CHECK (length >= 0), content_hash TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL, updated_at TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '',
          blocks TEXT NOT NULL, text TEXT NOT NULL
        ) STRICT;
        INSERT INTO sources_new (id, title, authors, outlet, published_at, url, language, format, file_name, length,
          content_hash, created_at, updated_at, blocks, text)
        SELECT id, title, authors, outlet, published_at, url, language, format, file_name, length,
          content_hash, created_at, updated_at, blocks, text FROM sources;
        DROP TABLE sources;
        ALTER TABLE sources_new RENAME TO sources;
      `);
    },
  });

  it('keeps every highlight through a table rebuild flagged rebuildsTables', async () => {
    const dir = temp.make();
    const { file, highlights } = projectWithData(dir);
    const { db } = openWith(file, join(dir, 'backups'), [...MIGRATIONS, rebuildSources(true)]);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    expect(db.prepare('SELECT count(*) FROM highlights').pluck().get()).toBe(highlights);
    expect(db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(2);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // The cascade still works on the rebuilt table.
    const id = db.prepare('SELECT source_id FROM highlights LIMIT 1').pluck().get();
    db.prepare('DELETE FROM sources WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) FROM highlights WHERE source_id = ?').pluck().get(id)).toBe(0);
  });

  it('(control) the same rebuild without the flag silently loses highlights while integrity_check says ok', async () => {
    const dir = temp.make();
    const { file } = projectWithData(dir);
    const { db } = openWith(file, join(dir, 'backups'), [...MIGRATIONS, rebuildSources(false)]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM highlights').pluck().get()).toBe(0);
  });

  it('refuses a rebuild that leaves broken references, rolling it back', async () => {
    const dir = temp.make();
    const { file, digest } = projectWithData(dir);
    const breaking: Migration = {
      version: LATEST_VERSION + 1,
      name: 'drops a source row during rebuild',
      rebuildsTables: true,
      up(db) {
        rebuildSources(true).up(db);
        db.exec('DELETE FROM sources WHERE rowid = (SELECT min(rowid) FROM sources)');
      },
    };
    const error = expectApiError(
      thrown(() => openStore(file, { backupDir: join(dir, 'backups'), migrations: [...MIGRATIONS, breaking] })),
      'storage_failed',
    );
    expect(error.message).toMatch(/broken references/);
    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(contentDigest(check)).toBe(digest);
    } finally {
      check.close();
    }
  });
});

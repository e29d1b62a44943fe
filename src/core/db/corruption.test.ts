import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import type { Highlight, Source } from '../../shared/types';
import { Backend } from '../backend';
import { contentDigest, fileDigest, ok, pasteSource, useTempDirs } from '../test-support/fixtures';
import { fullIntegrityCheck } from './damage';
import { APPLICATION_ID, openStore } from './open';
import { analyseWalBytes, WAL_HEADER_SIZE } from './wal';

/**
 * Damage to a project file as the app meets it at open, on real projects built through the
 * backend. Every position is classified, and the test names any that ends otherwise:
 *
 *   - detected: the open is refused with 'damaged' and the file was moved aside byte for byte;
 *   - harmless: it opens, every row of every table (the schema included) is as before, and the
 *     full integrity check finds nothing (the bytes were unused space);
 *   - detected later: it opens, and fullIntegrityCheck, which the app runs in the background
 *     after opening, reports the damage: an index entry that no longer matches its row (SQLite's
 *     quick_check, run at every open, does not compare indexes with their tables), or a source's
 *     text, or a highlight's quote, that no longer matches its hash or its text (reading every
 *     text costs several times quick_check, too much for every open; see damage.ts);
 *   - unseen: it opens with a different value in a column whose text nothing else repeats (a
 *     name, a label, a note's words, a JSON document still well formed). SQLite keeps no
 *     checksums of its pages, so such damage is invisible to every check; it is accepted only
 *     for damage that writes valid text (letters, zeros), never for random bytes, and only in
 *     the columns listed in UNSEEN_COLUMNS.
 */

const temp = useTempDirs();
const SAMPLES = join(__dirname, '../../../resources/samples');

/** What is written over each position: random bytes (a garbled sector), zeros (a lost write), and letters (valid text). */
const PATTERNS = {
  random: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x13, 0x37, 0xc0, 0xff, 0xee, 0x5a, 0xa5, 0x99]),
  zeros: Buffer.alloc(12),
  letters: Buffer.from('ABCDEFGHIJKL', 'latin1'),
} as const;
type PatternName = keyof typeof PATTERNS;

/** Free text and well-formed documents that no other value repeats: damage that keeps them valid is undetectable. */
const UNSEEN_COLUMNS = new Set([
  'project.value',
  ...['title', 'authors', 'outlet', 'published_at', 'url', 'language', 'file_name', 'blocks', 'page_starts'].map((c) => `sources.${c}`),
  ...['name', 'description', 'color', 'external_id'].map((c) => `actors.${c}`),
  'actor_aliases.alias',
  ...['label', 'inverse_label', 'category', 'color'].map((c) => `relation_types.${c}`),
  ...['attributed_text', 'event_date_text', 'note'].map((c) => `claims.${c}`),
  'notes.content',
  'notes.plain_text',
]);

const noteState = (text: string) => JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text }] }] } });

/** A small real project: three sample articles, actors, highlights with tags, ties and notes. */
function buildProject(backend: Backend): Source[] {
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const sources = ['iran-houthis-red-sea.md', 'russia-hezbollah-syria.md', 'hamas-moscow-tehran.md'].map((name) =>
    pasteSource(backend, readFileSync(join(SAMPLES, name), 'utf8'), name),
  );
  const actors = ['Iran', 'Houthis', 'Russia', 'Hezbollah', 'Hamas'].map((name) => call<Actor>('createActor', { name, aliases: [`${name} (alias)`] }));
  sources.forEach((source, s) => {
    for (let i = 0; i < 8; i++) {
      const start = 40 + i * 120;
      const h = call<Highlight>('createHighlight', { sourceId: source.id, start, end: start + 60, actorIds: [actors[(s + i) % 5].id] });
      call('createClaim', {
        highlightId: h.id,
        sourceActorId: actors[(s + i) % 5].id,
        relationTypeId: i % 2 ? 'aid-weapons' : 'cooperate',
        targetActorId: actors[(s + i + 1) % 5].id,
        eventDate: `20${10 + i}`,
        note: `Tie ${s}.${i}`,
      });
      if (i % 3 === 0) call('saveNote', { highlightId: h.id, content: noteState(`Note ${s}.${i}: check the date.`), plainText: `Note ${s}.${i}: check the date.` });
    }
  });
  return sources;
}

/** A closed project built by buildProject, in its own folder. */
function closedProject(): { dir: string; file: string } {
  const dir = temp.make();
  const file = join(dir, 'Project.tiemark');
  const backend = Backend.open({ file, backupDir: join(dir, 'backups'), create: true });
  try {
    buildProject(backend);
  } finally {
    backend.close();
  }
  return { dir, file };
}

/** Every row of every table, sqlite_schema included, by table and rowid. */
type Snapshot = Map<string, Map<number, Record<string, unknown>>>;

function snapshot(db: Database.Database): Snapshot {
  // Ordinary tables: the search index (FTS5, migration 5) is derived from them, and its shadow
  // tables hold only its internal pages.
  const tables = ['sqlite_schema', ...(db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name").pluck().all() as string[])];
  return new Map(
    tables.map((table) => {
      const rows = db.prepare(`SELECT rowid AS _rowid, * FROM "${table}"`).all() as Array<Record<string, unknown>>;
      return [table, new Map(rows.map(({ _rowid, ...row }) => [Number(_rowid), row]))];
    }),
  );
}

/** "table.column" for each changed value, "table: rows" when rows appeared or vanished. */
function differences(before: Snapshot, after: Snapshot): string[] {
  const found = new Set<string>();
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(table) ?? new Map();
    const b = after.get(table) ?? new Map();
    for (const rowid of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(rowid);
      const y = b.get(rowid);
      if (!x || !y) found.add(`${table}: rows`);
      else for (const column of Object.keys({ ...x, ...y })) if (!Buffer.from(JSON.stringify(x[column])).equals(Buffer.from(JSON.stringify(y[column])))) found.add(`${table}.${column}`);
    }
  }
  return [...found].sort();
}

type Outcome = 'detected' | 'harmless' | 'later' | 'unseen';
const tally = (): Record<Outcome, number> => ({ detected: 0, harmless: 0, later: 0, unseen: 0 });

/** Opens a damaged copy as the app does and classifies the outcome; throws, naming the position, on any other. */
function classify(bytes: Buffer, original: Snapshot, where: string, pattern: PatternName): { kind: Outcome; columns: string[] } {
  const dir = temp.make();
  const file = join(dir, 'Damaged.tiemark');
  writeFileSync(file, bytes);
  let db: Database.Database;
  try {
    db = openStore(file, { backupDir: join(dir, 'backups') }).db;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'damaged') {
      throw new Error(`${where}: the open failed with ${(error as ApiError).code ?? ''} ${(error as Error).message}`);
    }
    const movedTo = String(error.detail?.movedTo);
    if (existsSync(file) || !readFileSync(movedTo).equals(bytes)) throw new Error(`${where}: not moved aside byte for byte`);
    return { kind: 'detected', columns: [] };
  }
  let changed: string[];
  try {
    changed = differences(original, snapshot(db));
  } catch (error) {
    throw new Error(`${where}: opened, then reading it failed (${(error as Error).message})`);
  } finally {
    db.close();
  }
  if (!fullIntegrityCheck(file).ok) return { kind: 'later', columns: changed };
  if (changed.length === 0) return { kind: 'harmless', columns: [] };
  if (pattern !== 'random' && changed.every((column) => UNSEEN_COLUMNS.has(column))) return { kind: 'unseen', columns: changed };
  throw new Error(`${where}: opened with different ${changed.join(', ')} and no check noticed`);
}

function snapshotOf(file: string): Snapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return snapshot(db);
  } finally {
    db.close();
  }
}

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a throw');
}

/** The folder's listing after a damaged file was moved aside: the file gone, `<name>.damaged-<time>.tiemark` in its place. */
function expectMovedAside(error: ApiError, file: string, bytes: Buffer, wal?: Buffer): void {
  expect(error.code).toBe('damaged');
  const movedTo = String(error.detail?.movedTo);
  expect(movedTo).toMatch(/\.damaged-\d{8}-\d{6}(-\d+)?\.tiemark$/);
  expect(error.message).toContain(basename(movedTo));
  expect(error.message).toMatch(/Restore a backup with Backups… or --restore\.$/);
  expect(error.detail?.reason).toEqual(expect.any(String));
  expect(existsSync(file)).toBe(false);
  expect(existsSync(`${file}-wal`)).toBe(false);
  expect(readFileSync(movedTo).equals(bytes)).toBe(true);
  if (wal) expect(readFileSync(`${movedTo}-wal`).equals(wal)).toBe(true);
  else expect(existsSync(`${movedTo}-wal`)).toBe(false);
}

describe('an undamaged project', () => {
  it('passes every check at open and the full check, whatever it holds (no false alarm)', async () => {
    const dir = temp.make();
    const file = join(dir, 'Everything.tiemark');
    const backend = Backend.open({ file, backupDir: join(dir, 'backups'), create: true, samplesDir: SAMPLES });
    try {
      await backend.completeSamples(); // the PDF sample too
      const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
      // Lone surrogates (SQLite stores U+FFFD), emoji, right-to-left text, a highlight at the very end.
      const odd = pasteSource(backend, 'Broken \uD800 surrogate and 👩‍👩‍👧‍👦 حِزْبُ ٱللَّٰهِ at the end');
      call('createHighlight', { sourceId: odd.id, start: 0, end: 10 });
      call('createHighlight', { sourceId: odd.id, start: odd.text.length - 3, end: odd.text.length });
      // A text update: an old version kept, highlights moved, waiting for review or orphaned.
      const source = pasteSource(backend, 'First paragraph about Hezbollah.\n\nSecond paragraph about the Houthis and Iran.\n\nThird one.');
      for (const [start, end] of [[0, 5], [34, 40], [80, 90]]) call('createHighlight', { sourceId: source.id, start, end });
      ok(await backend.dispatch('updateSourceText', { id: source.id, text: 'Second paragraph about the Houthis and Iran, rewritten.\n\nA new ending.' }));
      const [a, b] = ['Quds Force', 'Qods Force'].map((name) => call<Actor>('createActor', { name }));
      call('mergeActors', { survivorId: a.id, mergedIds: [b.id] });
    } finally {
      backend.close();
    }
    const db = openStore(file, { backupDir: join(dir, 'backups') }).db;
    expect(Number(db.prepare('SELECT count(*) FROM source_versions').pluck().get())).toBe(1);
    expect(Number(db.prepare("SELECT count(*) FROM highlights WHERE anchor <> 'ok'").pluck().get())).toBeGreaterThan(0);
    db.close();
    expect(fullIntegrityCheck(file)).toEqual({ ok: true });
  });
});

describe('a project damaged page by page', () => {
  it('is refused and moved aside, opens exactly as it was, or is reported by the full check; never opens silently changed', () => {
    const { file } = closedProject();
    const bytes = readFileSync(file);
    const original = snapshotOf(file);
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;

    const failures: string[] = [];
    const unseen: string[] = [];
    const counts = { start: tally(), middle: tally() };
    const byPattern: string[] = [];
    for (const pattern of Object.keys(PATTERNS) as PatternName[]) {
      const before = JSON.stringify(counts);
      for (const [position, offset] of [
        ['start', 0],
        ['middle', pageSize / 2],
      ] as const) {
        for (let page = 1; page <= pages; page++) {
          const damaged = Buffer.from(bytes);
          PATTERNS[pattern].copy(damaged, (page - 1) * pageSize + offset);
          const where = `page ${page} (${position}, ${pattern})`;
          if (damaged.equals(bytes)) {
            counts[position].harmless++; // the pattern is what was there (zeros over zeros)
            continue;
          }
          try {
            const outcome = classify(damaged, original, where, pattern);
            counts[position][outcome.kind]++;
            if (outcome.kind === 'unseen') unseen.push(`${where}: ${outcome.columns.join(', ')}`);
          } catch (error) {
            failures.push((error as Error).message);
          }
        }
      }
      const was = JSON.parse(before) as typeof counts;
      const delta = (p: 'start' | 'middle') => (Object.keys(was[p]) as Outcome[]).map((o) => counts[p][o] - was[p][o]).join('/');
      byPattern.push(`${pattern}: starts ${delta('start')}, middles ${delta('middle')}`);
    }
    const line = (c: Record<Outcome, number>) => `${c.detected} detected at open, ${c.harmless} harmless, ${c.later} detected later by the full check, ${c.unseen} unseen`;
    console.log(
      `Page damage, 12 bytes written over ${pages} pages x 2 positions x 3 patterns (random, zeros, letters): ` +
        `page starts (${pages * 3}): ${line(counts.start)}; page middles (${pages * 3}): ${line(counts.middle)}. ` +
        `By pattern (detected/harmless/later/unseen): ${byPattern.join('; ')}. Unseen: ${unseen.join('; ') || 'none'}.`,
    );
    expect(failures).toEqual([]);
  });
});

describe('a crash with committed work still in the write-ahead log', () => {
  /**
   * A project with 40 highlights each acknowledged (its own committed transaction) after the last
   * checkpoint, copied while the connection is still open, as a crash leaves it.
   */
  function crashed() {
    const { dir, file } = closedProject();
    const backend = Backend.open({ file, backupDir: join(dir, 'backups') });
    const crashDir = temp.make();
    const copy = join(crashDir, 'Crashed.tiemark');
    try {
      backend.store.db.pragma('wal_autocheckpoint = 0');
      const source = ok<Array<{ id: string }>>(backend.dispatch('listSources', {}))[0];
      for (let i = 0; i < 40; i++) ok(backend.dispatch('createHighlight', { sourceId: source.id, start: 2000 + i * 10, end: 2005 + i * 10 }));
      copyFileSync(file, copy);
      copyFileSync(`${file}-wal`, `${copy}-wal`);
    } finally {
      backend.close();
    }
    // What the project holds once the log is replayed, and the highlights before the 40 edits.
    const reference = join(temp.make(), 'Reference.tiemark');
    copyFileSync(file, reference);
    return { crashDir, copy, main: readFileSync(copy), wal: readFileSync(`${copy}-wal`), reference };
  }

  const highlightsIn = (db: Database.Database) => Number(db.prepare('SELECT count(*) FROM highlights').pluck().get());

  /** The copy with its log as given, opened read-only by plain SQLite (no analysis first): how many highlights it shows. */
  function plainSQLiteHighlights(main: Buffer, wal: Buffer): number {
    const file = join(temp.make(), 'Plain.tiemark');
    writeFileSync(file, main);
    writeFileSync(`${file}-wal`, wal);
    const db = new Database(file, { readonly: true });
    try {
      return highlightsIn(db);
    } finally {
      db.close();
    }
  }

  it('opens with every acknowledged highlight when the log is intact', () => {
    const { copy, reference } = crashed();
    const expected = new Database(reference, { readonly: true });
    const digest = contentDigest(expected);
    expected.close();
    const { db } = openStore(copy, { backupDir: join(temp.make(), 'backups') });
    try {
      expect(contentDigest(db)).toBe(digest);
      expect(highlightsIn(db)).toBe(24 + 40);
    } finally {
      db.close();
    }
  });

  it('refuses and moves aside, untouched, a log whose early frame is damaged, which SQLite alone would silently cut short', () => {
    const { copy, main, wal } = crashed();
    const report = analyseWalBytes(wal);
    expect(report.validCommits).toBeGreaterThanOrEqual(40);
    const frame = 24 + report.pageSize;
    const flipped = Buffer.from(wal);
    flipped[WAL_HEADER_SIZE + 2 * frame + 24 + 1000] ^= 0x04; // one bit in the third frame's page
    // The fault being fixed: plain SQLite opens this without a word and shows most highlights gone.
    expect(plainSQLiteHighlights(main, flipped)).toBeLessThan(24 + 5);
    writeFileSync(`${copy}-wal`, flipped);
    const error = thrown(() => openStore(copy, { backupDir: join(temp.make(), 'backups') }));
    expectMovedAside(error, copy, main, flipped);
    expect(error.message).toMatch(/^Crashed\.tiemark is damaged \(frame 3 of its write-ahead log fails its checksum, so \d+ saved changes after it would be silently dropped\); it was moved aside to Crashed\.damaged-\d{8}-\d{6}\.tiemark, untouched\./);
  });

  it('refuses a crashed project whose main file is damaged, reading its log without changing it, and moves both aside', () => {
    const { copy, main, wal } = crashed();
    const pageSize = main.readUInt16BE(16);
    const damaged = Buffer.from(main);
    damaged.fill(0x5a, 2 * pageSize, 2 * pageSize + 12); // the start of page 3, which the log does not rewrite
    writeFileSync(copy, damaged);
    const error = thrown(() => openStore(copy, { backupDir: join(temp.make(), 'backups') }));
    expectMovedAside(error, copy, damaged, wal);
    expect(error.detail?.reason).toMatch(/quick check/);
  });

  it('opens a log torn inside its last frame with everything before it: the last edit was never acknowledged', () => {
    const { copy, wal, main } = crashed();
    const report = analyseWalBytes(wal);
    const torn = wal.subarray(0, wal.length - Math.floor((24 + report.pageSize) / 2));
    writeFileSync(`${copy}-wal`, torn);
    expect(analyseWalBytes(torn)).toMatchObject({ damaged: false, validCommits: report.validCommits - 1 });
    const { db } = openStore(copy, { backupDir: join(temp.make(), 'backups') });
    try {
      expect(highlightsIn(db)).toBe(24 + 39);
      expect(highlightsIn(db)).toBe(plainSQLiteHighlights(main, torn));
    } finally {
      db.close();
    }
    expect(fullIntegrityCheck(copy)).toEqual({ ok: true });
  });

  it('every frame flipped in turn: detected when a later commit would be lost, else the project opens at the commit before', () => {
    const { main, wal } = crashed();
    const report = analyseWalBytes(wal);
    const frame = 24 + report.pageSize;
    let detected = 0;
    let lastCommitLost = 0;
    for (let index = 0; index < report.frames; index++) {
      const flipped = Buffer.from(wal);
      flipped[WAL_HEADER_SIZE + index * frame + 24 + report.pageSize / 2] ^= 0x01;
      const file = join(temp.make(), 'Flipped.tiemark');
      writeFileSync(file, main);
      writeFileSync(`${file}-wal`, flipped);
      let db: Database.Database | undefined;
      try {
        db = openStore(file, { backupDir: join(temp.make(), 'backups') }).db;
      } catch (error) {
        expectMovedAside(error as ApiError, file, main, flipped);
        detected++;
        continue;
      }
      try {
        // Only a flip in the last frame, the last transaction's commit, opens: indistinguishable
        // from that commit torn by the crash, it is lost, and nothing after it.
        expect(index, `frame ${index + 1} of ${report.frames} opened`).toBe(report.frames - 1);
        expect(highlightsIn(db)).toBe(24 + 39);
        lastCommitLost++;
      } finally {
        db.close();
      }
    }
    console.log(
      `WAL bit flips, one per frame (${report.frames} frames, ${report.validCommits} commits): ${detected} detected at open, ` +
        `${lastCommitLost} in the last commit frame opened without that last commit (the same bytes as a commit torn by the crash).`,
    );
    expect(detected).toBe(report.frames - 1);
  });
});

describe('files damaged as a whole', () => {
  it('moves aside an empty (0-byte) project instead of making a new one in its place', () => {
    const dir = temp.make();
    const file = join(dir, 'Default.tiemark');
    writeFileSync(file, '');
    const error = thrown(() => Backend.open({ file, backupDir: join(dir, 'backups'), create: true, samplesDir: SAMPLES }));
    expectMovedAside(error, file, Buffer.alloc(0));
    expect(error.message).toMatch(/^Default\.tiemark is damaged \(it is empty: 0 bytes\); it was moved aside to Default\.damaged-/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tiemark'))).toEqual([expect.stringMatching(/^Default\.damaged-/)]);
  });

  it('moves aside a file stamped as a project that has no tables', () => {
    const dir = temp.make();
    const file = join(dir, 'Stamped.tiemark');
    const db = new Database(file);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 3');
    db.close();
    const bytes = readFileSync(file);
    const error = thrown(() => openStore(file, { backupDir: join(dir, 'backups'), create: true }));
    expectMovedAside(error, file, bytes);
    expect(error.detail?.reason).toBe('it carries the Tiemark stamp but has no tables');
    // The read-only look inside left no companions beside the moved file either.
    expect(readdirSync(dir).sort()).toEqual([basename(String(error.detail?.movedTo))]);
  });

  it('moves aside a project whose SQLite header was overwritten, recognising it by its application id', () => {
    const { dir, file } = closedProject();
    const bytes = readFileSync(file);
    bytes.write('garbage garbage!', 0, 'latin1');
    writeFileSync(file, bytes);
    const error = thrown(() => openStore(file, { backupDir: join(dir, 'backups') }));
    expectMovedAside(error, file, bytes);
  });

  it('moves aside a project with its damaged log, and a second damaged copy gets its own name', () => {
    const { dir, file } = closedProject();
    const bytes = readFileSync(file);
    const wal = Buffer.concat([Buffer.from('not a log header, but something'), Buffer.alloc(5000, 7)]);
    for (let i = 0; i < 2; i++) {
      writeFileSync(file, bytes);
      writeFileSync(`${file}-wal`, wal);
      expectMovedAside(thrown(() => openStore(file, { backupDir: join(dir, 'backups') })), file, bytes, wal);
    }
    expect(readdirSync(dir).filter((name) => name.includes('.damaged-')).length).toBe(4);
  });

  it('still refuses, untouched and not moved, a file that is not ours', () => {
    const dir = temp.make();
    const file = join(dir, 'other.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY)');
    db.close();
    const before = fileDigest(file);
    expect(thrown(() => openStore(file, { backupDir: join(dir, 'backups') })).code).toBe('not_a_project');
    expect(fileDigest(file)).toBe(before);
    expect(readdirSync(dir)).toEqual(['other.sqlite']);
  });
});

/**
 * Runs `fn` as an unprivileged user. Tests may run as root, whom permissions do not stop: then the
 * effective user is switched to nobody for the call (the real one stays root, so it can be
 * switched back).
 */
function asUnprivileged(fn: () => void): void {
  const root = process.getuid?.() === 0;
  if (root) {
    process.setegid!(65534);
    process.seteuid!(65534);
  }
  try {
    fn();
  } finally {
    if (root) {
      process.seteuid!(0);
      process.setegid!(0);
    }
  }
}

describe.skipIf(process.platform === 'win32')('a project that cannot be written', () => {
  function readOnlySetup(fileMode: number) {
    const { dir, file } = closedProject();
    const digest = fileDigest(file);
    chmodSync(file, fileMode);
    chmodSync(dir, 0o555);
    return { dir, file, digest, listing: readdirSync(dir).sort() };
  }

  for (const [what, fileMode, pattern] of [
    ['read-only file in a read-only folder', 0o444, /Project\.tiemark is read-only/],
    ['writable file in a read-only folder', 0o666, /the folder .* is not writable/],
  ] as const) {
    it(`says a ${what} is not writable, and neither moves nor changes it`, () => {
      const { dir, file, digest, listing } = readOnlySetup(fileMode);
      try {
        let error: ApiError | undefined;
        asUnprivileged(() => {
          error = thrown(() => openStore(file, { backupDir: join(dir, 'backups') }));
        });
        expect(error!.code).toBe('storage_failed');
        expect(error!.message).toMatch(pattern);
        expect(error!.message).toMatch(/Nothing was changed or moved/);
        expect(error!.message).not.toMatch(/damaged/);
        expect(error!.detail).toMatchObject({ reason: 'not_writable' });
        expect(readdirSync(dir).sort()).toEqual(listing);
        expect(fileDigest(file)).toBe(digest);
      } finally {
        chmodSync(dir, 0o755);
      }
    });
  }
});

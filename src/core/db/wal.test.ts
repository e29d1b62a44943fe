import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-support/fixtures';
import { analyseWalBytes, analyseWalFile, walChecksum, WAL_HEADER_SIZE } from './wal';

const temp = useTempDirs();
const PAGE = 1024;
const FRAME = 24 + PAGE;

/**
 * A database "crashed" with `transactions` committed transactions still in its log (one row each,
 * never checkpointed): the files are copied while the connection is still open, as a power cut
 * would leave them. Returns the copied main file's and log's bytes.
 */
function crashedLog(transactions: number, before?: (db: Database.Database) => void): { main: Buffer; wal: Buffer } {
  const dir = temp.make();
  const file = join(dir, 'live.db');
  const db = new Database(file);
  try {
    db.pragma(`page_size = ${PAGE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    before?.(db);
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    for (let i = 0; i < transactions; i++) insert.run(`row ${i} `.repeat(20 + (i % 7)));
    return { main: readFileSync(file), wal: readFileSync(`${file}-wal`) };
  } finally {
    db.close();
  }
}

/** What SQLite itself recovers from these bytes: the number of rows in t (read-only, on a copy). */
function rowsSQLiteRecovers(main: Buffer, wal: Buffer): number {
  const dir = temp.make();
  const file = join(dir, 'copy.db');
  writeFileSync(file, main);
  writeFileSync(`${file}-wal`, wal);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare('SELECT count(*) FROM t').pluck().get());
  } finally {
    db.close();
  }
}

const flipBit = (bytes: Buffer, at: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0x10;
  return copy;
};
const frameAt = (index: number) => WAL_HEADER_SIZE + index * FRAME;
const isCommit = (wal: Buffer, index: number) => wal.readUInt32BE(frameAt(index) + 4) !== 0;

describe('reading a write-ahead log as SQLite recovery does', () => {
  it('accepts every frame of an intact log and counts its commits as SQLite replays them', () => {
    const { main, wal } = crashedLog(12);
    const report = analyseWalBytes(wal);
    expect(report).toMatchObject({ pageSize: PAGE, damaged: false, droppedCommits: 0, firstInvalidFrame: null, validCommits: 12 });
    expect(report.frames).toBe((wal.length - WAL_HEADER_SIZE) / FRAME);
    expect(report.validFrames).toBe(report.frames);
    expect(rowsSQLiteRecovers(main, wal)).toBe(12);
  });

  it('computes checksums in both byte orders exactly as SQLite checks them', () => {
    // Rewrite the log with big-endian checksums (magic 0x377f0683) using our checksum: SQLite
    // accepts every frame of it only if our checksum is its checksum.
    const { main, wal } = crashedLog(5);
    const big = Buffer.from(wal);
    big.writeUInt32BE(0x377f0683, 0);
    let sum = walChecksum(big.subarray(0, 24), true, [0, 0]);
    big.writeUInt32BE(sum[0], 24);
    big.writeUInt32BE(sum[1], 28);
    for (let at = WAL_HEADER_SIZE; at + FRAME <= big.length; at += FRAME) {
      sum = walChecksum(big.subarray(at + 24, at + FRAME), true, walChecksum(big.subarray(at, at + 8), true, sum));
      big.writeUInt32BE(sum[0], at + 16);
      big.writeUInt32BE(sum[1], at + 20);
    }
    expect(analyseWalBytes(big)).toMatchObject({ damaged: false, validCommits: 5 });
    expect(rowsSQLiteRecovers(main, big)).toBe(5);
    // And the same log left with little-endian checksums but a big-endian magic is refused frame by frame.
    const mixed = Buffer.from(big);
    mixed.writeUInt32BE(0x377f0682, 0);
    expect(analyseWalBytes(mixed).validCommits).toBe(0);
  });

  it('calls a bit flip damage when a later commit would be dropped, and predicts what SQLite then keeps', () => {
    const { main, wal } = crashedLog(10);
    const report = analyseWalBytes(wal);
    let damaged = 0;
    for (let index = 0; index < report.frames; index++) {
      const flipped = flipBit(wal, frameAt(index) + 24 + PAGE / 2);
      const result = analyseWalBytes(flipped);
      const commitsBefore = Array.from({ length: index }, (_, i) => i).filter((i) => isCommit(wal, i)).length;
      expect(result.firstInvalidFrame).toBe(index);
      expect(result.validCommits).toBe(commitsBefore);
      // SQLite silently keeps exactly the commits before the flipped frame.
      expect(rowsSQLiteRecovers(main, flipped)).toBe(commitsBefore);
      expect(result.droppedCommits).toBe(10 - commitsBefore - (isCommit(wal, index) ? 1 : 0));
      expect(result.damaged).toBe(result.droppedCommits > 0);
      if (result.damaged) damaged++;
      expect(result.problem === null).toBe(!result.damaged);
    }
    // Only a flip in the very last frame (the last commit) hides no later commit.
    expect(damaged).toBe(report.frames - 1);
  });

  it('calls a garbled frame header damage too (its salt no longer matches)', () => {
    const { wal } = crashedLog(6);
    const result = analyseWalBytes(flipBit(wal, frameAt(1) + 9));
    expect(result).toMatchObject({ damaged: true, firstInvalidFrame: 1, invalidReason: 'salt' });
  });

  it('treats a torn last frame after a crash as harmless: it was never committed', () => {
    const { main, wal } = crashedLog(8);
    for (const cut of [1, 24, FRAME / 2, FRAME - 1]) {
      const torn = wal.subarray(0, wal.length - cut);
      const result = analyseWalBytes(torn);
      expect(result).toMatchObject({ damaged: false, validCommits: 7, droppedCommits: 0 });
      expect(rowsSQLiteRecovers(main, torn)).toBe(7);
    }
  });

  it('calls a log with a bad header but frames after it damaged, and a bare or torn header harmless', () => {
    const { wal } = crashedLog(3);
    const badHeader = flipBit(wal, 20);
    expect(analyseWalBytes(badHeader)).toMatchObject({ damaged: true, invalidReason: 'header fails its checksum' });
    expect(analyseWalBytes(flipBit(wal, 0)).damaged).toBe(true);
    expect(analyseWalBytes(wal.subarray(0, WAL_HEADER_SIZE))).toMatchObject({ damaged: false, frames: 0, validCommits: 0 });
    expect(analyseWalBytes(wal.subarray(0, 17)).damaged).toBe(false);
    // A bad header followed only by zeros (a log file extended but never written) holds nothing.
    const zeros = Buffer.concat([flipBit(wal, 20).subarray(0, WAL_HEADER_SIZE), Buffer.alloc(FRAME * 2)]);
    expect(analyseWalBytes(zeros).damaged).toBe(false);
  });

  it('ignores frames left from before the log was restarted, damaged or not', () => {
    // 6 rows, checkpointed, then the log restarts with 2 new commits: frames of the old
    // generation remain after them, with the old salts.
    const { main, wal } = crashedLog(2, (db) => {
      const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
      for (let i = 0; i < 6; i++) insert.run(`old ${i} `.repeat(40));
      db.pragma('wal_checkpoint(PASSIVE)');
    });
    const report = analyseWalBytes(wal);
    expect(report.validCommits).toBe(2);
    expect(report.frames).toBeGreaterThan(report.validFrames);
    expect(report).toMatchObject({ damaged: false, invalidReason: 'salt' });
    expect(rowsSQLiteRecovers(main, wal)).toBe(8);
    const oldFrame = report.validFrames + 1;
    expect(analyseWalBytes(flipBit(wal, frameAt(oldFrame) + 24 + 100)).damaged).toBe(false);
  });

  it('reads a log file frame by frame, and reports nothing for a missing or empty one', () => {
    const { wal } = crashedLog(4);
    const dir = temp.make();
    const file = join(dir, 'x.db-wal');
    writeFileSync(file, flipBit(wal, frameAt(0) + 30));
    expect(analyseWalFile(file)).toMatchObject({ damaged: true, droppedCommits: 3, validCommits: 0 });
    expect(analyseWalFile(join(dir, 'missing-wal'))).toBeNull();
    writeFileSync(file, '');
    expect(analyseWalFile(file)).toBeNull();
  });
});

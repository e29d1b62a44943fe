import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reads an SQLite write-ahead log the way SQLite's recovery does, without SQLite: opening the
 * database would run that recovery, which silently stops at the first frame whose checksum
 * fails and ignores every frame after it, committed transactions included, and then a
 * checkpoint would make the loss permanent. Reading it ourselves first tells a torn tail left
 * by a crash (harmless: it was never committed) from damage that would drop committed work.
 *
 * The format (SQLite's file format documentation, "The WAL File Format"):
 *   - a 32-byte header: magic 0x377f0682 or 0x377f0683 (its low bit: checksums read 32-bit words
 *     big-endian when set, little-endian when clear), format version 3007000, page size,
 *     checkpoint sequence, salt-1, salt-2, and a checksum of the first 24 bytes;
 *   - frames of a 24-byte header (page number; database size in pages after commit, nonzero
 *     only on a transaction's last frame; salt-1; salt-2; checksum) followed by one page.
 * A frame's checksum continues the previous frame's (the first continues the header's) over
 * the frame header's first 8 bytes and the page. A frame belongs to the log's current
 * generation when its salts equal the header's; older frames beyond the current ones are left
 * over from before the log was last restarted and mean nothing.
 */

export const WAL_HEADER_SIZE = 32;
const FRAME_HEADER_SIZE = 24;
const WAL_MAGIC = 0x377f0682;
const WAL_VERSION = 3007000;

export interface WalReport {
  /** Bytes in the log. */
  size: number;
  /** Page size from the header (0 when the header is unusable). */
  pageSize: number;
  /** Complete frames in the log, of any generation. */
  frames: number;
  /** Frames SQLite's recovery accepts: those before the first invalid frame. */
  validFrames: number;
  /** Commit frames among those: the transactions that recovery replays. */
  validCommits: number;
  /** Commit frames of the current generation after the first invalid frame: committed work recovery would drop. */
  droppedCommits: number;
  /** Index (0-based) of the first frame recovery rejects, or null when it accepts them all. */
  firstInvalidFrame: number | null;
  /** Why that frame (or the header) is rejected. */
  invalidReason: string | null;
  /** Recovery would silently drop committed transactions: the log is damaged. */
  damaged: boolean;
  /** One sentence for the user when damaged. */
  problem: string | null;
}

/** SQLite's WAL checksum: s0 += x0 + s1; s1 += x1 + s0 over pairs of 32-bit words, continuing `seed`. */
export function walChecksum(bytes: Buffer, bigEndian: boolean, seed: readonly [number, number]): [number, number] {
  if (bytes.length % 8 !== 0) throw new Error('WAL checksums cover a multiple of 8 bytes');
  let s0 = seed[0];
  let s1 = seed[1];
  for (let i = 0; i < bytes.length; i += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(i) : bytes.readUInt32LE(i);
    const x1 = bigEndian ? bytes.readUInt32BE(i + 4) : bytes.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/** Analyses the log beside a database (`<file>-wal`); null when there is none or it is empty. */
export function analyseWalFile(walFile: string): WalReport | null {
  if (!existsSync(walFile)) return null;
  const fd = openSync(walFile, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return null;
    return analyseWal(size, (buffer, position) => readSync(fd, buffer, 0, buffer.length, position));
  } finally {
    closeSync(fd);
  }
}

/** Analyses a log held in memory (tests build and damage logs this way). */
export function analyseWalBytes(bytes: Buffer): WalReport {
  return analyseWal(bytes.length, (buffer, position) => bytes.copy(buffer, 0, position, position + buffer.length));
}

/** `read(buffer, position)` fills `buffer` from the log at `position` and returns the bytes read. */
function analyseWal(size: number, read: (buffer: Buffer, position: number) => number): WalReport {
  const report: WalReport = {
    size,
    pageSize: 0,
    frames: 0,
    validFrames: 0,
    validCommits: 0,
    droppedCommits: 0,
    firstInvalidFrame: null,
    invalidReason: null,
    damaged: false,
    problem: null,
  };
  // A log shorter than its header holds no frame: SQLite treats it as empty, and so may we
  // (the header is written before any frame, so a crash can leave it torn).
  if (size <= WAL_HEADER_SIZE) return report;

  const header = Buffer.alloc(WAL_HEADER_SIZE);
  read(header, 0);
  const magic = header.readUInt32BE(0);
  const bigEndian = (magic & 1) === 1;
  const pageSize = header.readUInt32BE(8);
  const headerProblem =
    (magic & 0xfffffffe) !== WAL_MAGIC
      ? 'is garbled'
      : header.readUInt32BE(4) !== WAL_VERSION
        ? 'has an unknown format version'
        : pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0
          ? 'has an impossible page size'
          : !sameChecksum(walChecksum(header.subarray(0, 24), bigEndian, [0, 0]), header, 24)
            ? 'fails its checksum'
            : null;
  if (headerProblem) {
    // SQLite ignores a log whose header is bad, whatever follows. Harmless only when nothing does.
    report.invalidReason = `header ${headerProblem}`;
    report.firstInvalidFrame = 0;
    if (hasNonZeroByte(size, read)) {
      report.damaged = true;
      report.problem = `the header of its write-ahead log ${headerProblem}, so the changes saved in the log would be ignored`;
    }
    return report;
  }

  report.pageSize = pageSize;
  const frameSize = FRAME_HEADER_SIZE + pageSize;
  report.frames = Math.floor((size - WAL_HEADER_SIZE) / frameSize);
  const salts = header.subarray(16, 24);
  let checksum: [number, number] = [header.readUInt32BE(24), header.readUInt32BE(28)];
  const frame = Buffer.alloc(frameSize);
  for (let index = 0; index < report.frames; index++) {
    read(frame, WAL_HEADER_SIZE + index * frameSize);
    const current = frame.subarray(8, 16).equals(salts);
    const commit = frame.readUInt32BE(4) !== 0;
    if (report.firstInvalidFrame === null) {
      const reason = !current
        ? 'salt'
        : frame.readUInt32BE(0) === 0
          ? 'page number 0'
          : !sameChecksum((checksum = walChecksum(frame.subarray(FRAME_HEADER_SIZE), bigEndian, walChecksum(frame.subarray(0, 8), bigEndian, checksum))), frame, 16)
            ? 'checksum'
            : null;
      if (reason === null) {
        report.validFrames++;
        if (commit) report.validCommits++;
        continue;
      }
      report.firstInvalidFrame = index;
      report.invalidReason = reason;
      continue;
    }
    // Frames of this generation after the first invalid one: a commit among them was acknowledged
    // (SQLite writes a transaction only after the one before it committed) and would be dropped.
    // Frames of older generations are leftovers from before the log restarted and mean nothing.
    if (current && commit && frame.readUInt32BE(0) !== 0) report.droppedCommits++;
  }
  if (report.droppedCommits > 0) {
    report.damaged = true;
    const at = report.firstInvalidFrame! + 1;
    const fault = report.invalidReason === 'checksum' ? 'fails its checksum' : 'has a garbled header';
    const changes = `${report.droppedCommits} saved change${report.droppedCommits === 1 ? '' : 's'}`;
    report.problem = `frame ${at} of its write-ahead log ${fault}, so ${changes} after it would be silently dropped`;
  }
  return report;
}

function sameChecksum(sum: readonly [number, number], bytes: Buffer, at: number): boolean {
  return sum[0] === bytes.readUInt32BE(at) && sum[1] === bytes.readUInt32BE(at + 4);
}

function hasNonZeroByte(size: number, read: (buffer: Buffer, position: number) => number): boolean {
  const chunk = Buffer.alloc(64 * 1024);
  for (let position = WAL_HEADER_SIZE; position < size; position += chunk.length) {
    const n = read(chunk, position);
    for (let i = 0; i < n; i++) if (chunk[i] !== 0) return true;
    if (n === 0) break;
  }
  return false;
}

import { crc32, deflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import { ApiError } from '../../shared/errors';

const deflate = promisify(deflateRaw);

/**
 * A zip of the given entries (paths with `/`), in the given order, deflated (level 6), every
 * entry dated 2020-01-01 so that the same export gives the same bytes.
 *
 * Written here rather than through yazl because of the checksum: yazl computes each entry's
 * CRC-32 in JavaScript on the main thread (about a fifth of a 10,000-claim Markdown vault's time,
 * scripts/bench/exports.mjs), while node:zlib's crc32 is native. The compression runs on libuv's
 * thread pool (zlib's asynchronous deflate), entries side by side. The format is APPNOTE's plain
 * zip: a local header and the data per entry, then the central directory and its end record;
 * names are UTF-8 (flag bit 11). No zip64: more than 65,535 entries or 4 GB is refused with a
 * sentence. The tests read every archive back with yauzl and check each checksum against
 * buffer-crc32 (src/core/export/zip-write.test.ts). `onEntry` is called as each entry is compressed.
 */
export async function zipEntries(entries: ReadonlyArray<[string, string | Uint8Array]>, onEntry?: () => void): Promise<Buffer> {
  if (entries.length > 0xffff) throw new ApiError('too_large', `This export has ${entries.length} files, more than a zip without extensions holds (65,535). Export fewer sources at a time.`);
  const packed = await Promise.all(
    entries.map(async ([name, data]) => {
      const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      const compressed = await deflate(raw, { level: 6 });
      onEntry?.();
      return { name: Buffer.from(name, 'utf8'), crc: crc32(raw), size: raw.length, compressed };
    }),
  );
  const parts: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of packed) {
    const local = header(LOCAL, e, 0);
    parts.push(local, e.compressed);
    central.push(header(CENTRAL, e, offset));
    offset += local.length + e.compressed.length;
    if (offset > 0xffffffff) throw new ApiError('too_large', 'This export is larger than 4 GB, more than a zip without extensions holds. Export fewer sources at a time.');
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(packed.length, 8);
  end.writeUInt16LE(packed.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const LOCAL = 0;
const CENTRAL = 1;
/** 2020-01-01 00:00 as MS-DOS time and date. */
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;

function header(kind: typeof LOCAL | typeof CENTRAL, e: { name: Buffer; crc: number; size: number; compressed: Uint8Array }, offset: number): Buffer {
  const fixed = kind === LOCAL ? 30 : 46;
  const b = Buffer.alloc(fixed + e.name.length);
  let at = 0;
  const u32 = (v: number) => (at = b.writeUInt32LE(v >>> 0, at));
  const u16 = (v: number) => (at = b.writeUInt16LE(v, at));
  u32(kind === LOCAL ? 0x04034b50 : 0x02014b50);
  if (kind === CENTRAL) u16((3 << 8) | 20); // made by: Unix, zip 2.0
  u16(20); // needed to extract: 2.0 (deflate)
  u16(0x0800); // UTF-8 names
  u16(8); // deflate
  u16(DOS_TIME);
  u16(DOS_DATE);
  u32(e.crc);
  u32(e.compressed.length);
  u32(e.size);
  u16(e.name.length);
  u16(0); // extra field
  if (kind === CENTRAL) {
    u16(0); // comment
    u16(0); // disk
    u16(0); // internal attributes
    u32((0o100644 << 16) >>> 0); // external: a regular file, rw-r--r--
    u32(offset);
  }
  e.name.copy(b, at);
  return b;
}

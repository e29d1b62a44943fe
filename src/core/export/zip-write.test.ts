import { createRequire } from 'node:module';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { zipEntries } from './zip-write';

// An independent checksum (the one yazl uses) to hold node:zlib's crc32 in zip-write.ts to.
const bufferCrc32 = createRequire(join(process.cwd(), 'package.json'))('buffer-crc32') as { unsigned(data: Buffer): number };

/** Every entry as yauzl reads it: name, declared CRC, the inflated bytes (yauzl checks the sizes). */
async function readBack(zip: Buffer): Promise<Array<{ name: string; crc: number; data: Buffer; method: number }>> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true });
  const out: Array<{ name: string; crc: number; data: Buffer; method: number }> = [];
  for await (const entry of file.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await file.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    out.push({ name: entry.fileName, crc: entry.crc32, data: Buffer.concat(chunks), method: entry.compressionMethod });
  }
  file.close();
  return out;
}

describe('zipEntries', () => {
  it('writes entries yauzl reads back byte for byte, in order, with the right checksums', async () => {
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    const entries: Array<[string, string | Uint8Array]> = [
      ['index.md', '# Project\n'],
      ['sources/حزب-الله.md', 'Москва — ceasefire talks «quoted» 🙂\n'.repeat(500)],
      ['empty.txt', ''],
      ['data/bytes.bin', new Uint8Array(binary)],
    ];
    const read = await readBack(await zipEntries(entries));
    expect(read.map((e) => e.name)).toEqual(entries.map(([name]) => name));
    read.forEach((entry, i) => {
      const data = entries[i][1];
      const expected = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      expect(entry.data.equals(expected)).toBe(true);
      expect(entry.crc).toBe(bufferCrc32.unsigned(expected));
      expect(entry.method).toBe(8);
    });
  });

  it('gives the same bytes for the same entries', async () => {
    const entries: Array<[string, string]> = [['a.txt', 'one'], ['b/c.txt', 'two'.repeat(1000)]];
    expect((await zipEntries(entries)).equals(await zipEntries(entries))).toBe(true);
  });

  it('writes an empty archive that still reads', async () => {
    expect(await readBack(await zipEntries([]))).toEqual([]);
  });

  it('refuses more entries than a plain zip holds, with a sentence', async () => {
    const many = Array.from({ length: 65_536 }, (_, i): [string, string] => [`f${i}.txt`, '']);
    await expect(zipEntries(many)).rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/65,535/) as unknown });
  });
});

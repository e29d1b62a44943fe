import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ErrorCode } from '../../shared/errors';
import {
  forgeDeclaredSize,
  makeZip,
  markEncrypted,
  policyBriefDocx,
  unzipAll,
  zipBomb,
  zipWithEntryName,
  zipWithManyEntries,
} from '../test-support/docx-fixtures';
import { openZip, unsafeName, ZIP_MAX_ENTRIES, ZIP_MAX_RATIO, ZIP_MAX_UNCOMPRESSED_BYTES, ZIP_RATIO_MIN_BYTES } from './zip';
import { refusalOf } from '../test-support/documents';

const MB = 1024 * 1024;

/** The promise's ApiError, checked for its code and for naming the file. */
const refusal = (promise: Promise<unknown>, code: ErrorCode, fileName = 'archive.zip'): Promise<ApiError> => refusalOf(promise, code, fileName);

describe('limits', () => {
  it('are exported with the chosen values', () => {
    expect(ZIP_MAX_ENTRIES).toBe(5_000);
    expect(ZIP_MAX_UNCOMPRESSED_BYTES).toBe(200 * MB);
    expect(ZIP_MAX_RATIO).toBe(100);
    expect(ZIP_RATIO_MIN_BYTES).toBe(MB);
  });
});

describe('openZip on a real archive', () => {
  it('lists the entries and inflates only the named ones, byte for byte', async () => {
    const docx = await policyBriefDocx();
    const expected = await unzipAll(docx);
    const zip = await openZip(docx, { fileName: 'brief.docx' });
    try {
      expect(zip.entries.map((e) => e.name).sort()).toEqual([...expected.keys()].sort());
      expect(zip.has('word/document.xml')).toBe(true);
      expect(zip.entry('word/document.xml')?.uncompressedSize).toBe(expected.get('word/document.xml')!.length);
      const read = await zip.readEntries(['word/document.xml', 'docProps/core.xml', 'no/such/part.xml']);
      expect([...read.keys()].sort()).toEqual(['docProps/core.xml', 'word/document.xml']);
      expect(read.get('word/document.xml')!.equals(expected.get('word/document.xml')!)).toBe(true);
      await zip.checkEntries();
    } finally {
      zip.close();
    }
  });

  it('accepts a plain Uint8Array (not only a Buffer)', async () => {
    const bytes = new Uint8Array(await makeZip({ 'a.txt': 'Africa Corps convoy notes' }));
    const zip = await openZip(bytes);
    const read = await zip.readEntries(['a.txt']);
    expect(read.get('a.txt')!.toString()).toBe('Africa Corps convoy notes');
    zip.close();
  });

  it('refuses to inflate past the caller’s byte cap, before inflating', async () => {
    const zip = await openZip(await makeZip({ 'big.txt': 'Hezbollah '.repeat(300_000) }, { store: true }), { fileName: 'archive.zip' });
    try {
      const error = await refusal(zip.readEntries(['big.txt'], { maxBytes: MB }), 'too_large');
      expect(error.message).toMatch(/more than 1 MB/);
    } finally {
      zip.close();
    }
  });
});

describe('refusals', () => {
  it('not a zip at all', async () => {
    const error = await refusal(openZip(Buffer.from('Russia and Iran signed a treaty in January 2025.'), { fileName: 'archive.zip' }), 'unsupported_format');
    expect(error.message).toMatch(/not a zip archive/);
    const word = await refusal(openZip(Buffer.alloc(100), { fileName: 'archive.zip', kind: 'a Word document' }), 'unsupported_format');
    expect(word.message).toMatch(/is not a Word document \(not a zip archive\)/);
    await refusal(openZip(new Uint8Array(0), { fileName: 'archive.zip' }), 'unsupported_format');
  });

  it('a truncated zip', async () => {
    const docx = await policyBriefDocx();
    for (const cut of [docx.subarray(0, docx.length - 10), docx.subarray(0, Math.floor(docx.length / 2))]) {
      const error = await refusal(openZip(cut, { fileName: 'archive.zip' }), 'decode_failed');
      expect(error.message).toMatch(/damaged or incomplete/);
    }
  });

  it('too many entries, from the count in the end record, before listing them', async () => {
    const error = await refusal(openZip(await zipWithManyEntries(ZIP_MAX_ENTRIES + 1), { fileName: 'archive.zip' }), 'too_large');
    expect(error.message).toMatch(/5,001 parts/);
    const ok = await openZip(await zipWithManyEntries(50));
    expect(ok.entries).toHaveLength(50);
    ok.close();
  });

  it.each([
    ['../../evil.txt'],
    ['word/../../evil.txt'],
    ['/etc/evil.txt'],
    ['C:/evil.txt'],
    ['..\\..\\evil.txt'],
    ['word/evil\u0000.xml'],
  ])('an unsafe entry name (zip slip): %j', async (name) => {
    const zip = await zipWithEntryName(name, { 'word/document.xml': '<w:document/>' });
    const error = await refusal(openZip(zip, { fileName: 'archive.zip' }), 'unsupported_format');
    expect(error.message).toMatch(/unsafe name/);
  });

  it('the name rule itself', () => {
    for (const bad of ['', '/a', 'C:x', 'a\\b', 'a/../b', '..', 'a\u0000b', 'a\u001fb']) expect(unsafeName(bad)).toBe(true);
    for (const good of ['word/document.xml', '[Content_Types].xml', 'a/b/', 'x..y/z', 'médias/ï.png']) expect(unsafeName(good)).toBe(false);
  });

  it('two entries with the same name', async () => {
    const zip = await zipWithEntryName('word/document.xml', { 'word/document.xml': '<w:document/>' });
    const error = await refusal(openZip(zip, { fileName: 'archive.zip' }), 'unsupported_format');
    expect(error.message).toMatch(/two parts named/);
  });

  it('an encrypted entry', async () => {
    const zip = markEncrypted(await makeZip({ 'word/document.xml': '<w:document/>' }), 'word/document.xml');
    const error = await refusal(openZip(zip, { fileName: 'archive.zip' }), 'unsupported_format');
    expect(error.message).toMatch(/password/);
  });

  describe('zip bombs', () => {
    let bomb300: Buffer;
    let bomb40: Buffer;
    beforeAll(async () => {
      // Built streaming: the 300 MB are never held in memory, only ~300 KB of deflate output.
      bomb300 = await zipBomb(300);
      bomb40 = await zipBomb(40);
    }, 30_000);

    it('a real 300 MB bomb is refused from its declared size, without inflating', async () => {
      expect(bomb300.length).toBeLessThan(2 * MB);
      const before = process.memoryUsage().rss;
      const error = await refusal(openZip(bomb300, { fileName: 'archive.zip' }), 'too_large');
      expect(process.memoryUsage().rss - before).toBeLessThan(50 * MB);
      expect(error.message).toMatch(/expands to more than 200 MB; Tiemark refuses it to protect your machine/);
    });

    it('a 40 MB bomb (under the total) is refused by its compression ratio', async () => {
      const error = await refusal(openZip(bomb40, { fileName: 'archive.zip' }), 'too_large');
      expect(error.message).toMatch(/zip bomb/);
    });

    it('a small entry whose headers declare a huge size is refused from the headers', async () => {
      const forged = forgeDeclaredSize(await makeZip({ 'word/document.xml': '<w:document/>' }), 'word/document.xml', 300 * MB);
      await refusal(openZip(forged, { fileName: 'archive.zip' }), 'too_large');
    });

    it('a header that declares a small size is caught while streaming, after one chunk', async () => {
      // The entry really inflates to 40 MB but claims 1,000 bytes: the pre-check passes it.
      const lying = forgeDeclaredSize(bomb40, 'word/document.xml', 1000);
      const zip = await openZip(lying, { fileName: 'archive.zip' });
      expect(zip.entry('word/document.xml')?.uncompressedSize).toBe(1000);
      try {
        const before = process.memoryUsage().rss;
        const read = await refusal(zip.readEntries(['word/document.xml']), 'too_large');
        expect(read.message).toMatch(/past the sizes its zip headers declare/);
        await refusal(zip.checkEntries(), 'too_large');
        expect(process.memoryUsage().rss - before).toBeLessThan(30 * MB);
      } finally {
        zip.close();
      }
    });

    it('a header that declares more than the data holds is reported as damaged', async () => {
      const short = forgeDeclaredSize(await makeZip({ 'a.txt': 'Syrian militias' }), 'a.txt', 500);
      const zip = await openZip(short, { fileName: 'archive.zip' });
      try {
        const error = await refusal(zip.readEntries(['a.txt']), 'decode_failed');
        expect(error.message).toMatch(/damaged/);
      } finally {
        zip.close();
      }
    });
  });
});

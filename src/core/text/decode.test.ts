import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { BOM_UTF8, encodeLegacy, utf16be, utf16le, utf8 } from '../test-support/fixtures';
import { decodeBytes, decodeWith, NeedsEncoding, stripLeadingBom } from './decode';

function refusal(bytes: Uint8Array, name = 'file.txt'): ApiError {
  try {
    decodeBytes(bytes, name);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected decodeBytes to refuse');
}

const MIXED = 'Hezbollah حِزْبُ ٱللَّٰهِ and 👩‍👩‍👧‍👦 🏳️‍🌈 می‌خواهم — “quoted” 𝔘𝔫𝔦𝔠𝔬𝔡𝔢';

describe('decodeBytes: UTF-8', () => {
  it('decodes UTF-8 without a BOM unchanged', () => {
    expect(decodeBytes(utf8(MIXED), 'a.txt')).toEqual({ text: MIXED, encoding: 'utf-8' });
  });

  it('strips a UTF-8 BOM exactly once; a second U+FEFF is content', () => {
    expect(decodeBytes(Buffer.concat([BOM_UTF8, utf8('abc')]), 'a.txt').text).toBe('abc');
    const twice = decodeBytes(Buffer.concat([BOM_UTF8, BOM_UTF8, utf8('abc')]), 'a.txt').text;
    expect(twice).toBe('\uFEFFabc');
    // A U+FEFF later in the text is never touched.
    expect(decodeBytes(utf8('a\uFEFFb'), 'a.txt').text).toBe('a\uFEFFb');
  });

  it('decodes a BOM-only file to empty text (the importer then refuses it as empty)', () => {
    expect(decodeBytes(BOM_UTF8, 'bom.txt').text).toBe('');
  });

  it('refuses an empty file with empty_source naming it', () => {
    const error = refusal(new Uint8Array(0), 'nothing.txt');
    expect(error.code).toBe('empty_source');
    expect(error.message).toContain('nothing.txt');
  });

  it.each([
    ['a lone continuation byte', [0x61, 0xff, 0x62], 1],
    ['an invalid byte after valid multibyte text', [...utf8('é€'), 0xc0, 0x80], 5],
    ['an overlong encoding of "/"', [0x41, 0x42, 0xc0, 0xaf], 2],
    ['a CESU-8 encoded surrogate', [0x41, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated sequence in the middle', [0x61, 0xe2, 0x82, 0x62], 1],
    ['a truncated sequence at the end of the file', [0x61, 0x62, 0xe2, 0x82], 2],
    ['a truncated 4-byte sequence at the end of the file', [0x61, 0xf0, 0x9f, 0x98], 1],
  ])('refuses invalid UTF-8 (%s) with decode_failed naming the file and byte position', (_, bytes, position) => {
    const error = refusal(Uint8Array.from(bytes), 'broken ملف.txt');
    expect(error.code).toBe('decode_failed');
    expect(error.message).toContain('broken ملف.txt');
    expect(error.message).toContain(`position ${position}`);
    expect(error.detail).toMatchObject({ fileName: 'broken ملف.txt', byteOffset: position });
  });

  it('reports the position within the file, counting the BOM', () => {
    const error = refusal(Buffer.concat([BOM_UTF8, Buffer.from([0x61, 0xff])]), 'x.txt');
    expect(error.code).toBe('decode_failed');
    expect(error.detail).toMatchObject({ byteOffset: 4 });
  });

  it('asks to confirm a legacy 8-bit file, offering the likely encodings with a preview', () => {
    // A short Arabic paragraph of our own, saved by an old editor in Windows-1256.
    const arabic =
      'حزب الله وإيران. تقول مصادر في بيروت إن العلاقة بين الحزب وطهران ما زالت قوية، وإن الدعم المالي والعسكري مستمر منذ سنوات طويلة. ويرى محللون أن روسيا تراقب هذه العلاقة عن قرب في سوريا.';
    const bytes = encodeLegacy(arabic, 'windows-1256');
    let thrown: unknown;
    try {
      decodeBytes(bytes, 'cp1256.txt');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NeedsEncoding);
    const guesses = (thrown as NeedsEncoding).guesses;
    expect(guesses[0]).toMatchObject({ name: 'windows-1256', label: 'Arabic (Windows-1256)' });
    expect(guesses[0].preview.startsWith('حزب الله وإيران.')).toBe(true);
    expect(guesses.map((g) => g.name)).toContain('windows-1252');
    expect(decodeWith(bytes, 'cp1256.txt', 'windows-1256').text.startsWith('حزب الله وإيران.')).toBe(true);
  });

  it('refuses an encoding name it does not know', () => {
    expect(() => decodeWith(utf8('x'), 'a.txt', 'klingon-8')).toThrow(/"klingon-8" is not an encoding/);
  });

  it('tolerates a couple of stray NUL bytes (removed later by normalization)', () => {
    expect(decodeBytes(utf8('ab\u0000cd'), 'x.txt').text).toBe('ab\u0000cd');
    const long = 'word '.repeat(2000);
    expect(decodeBytes(utf8(`${long}\u0000\u0000\u0000\u0000${long}`), 'x.txt').text).toHaveLength(20004);
  });

  it('refuses text full of NUL bytes as binary, naming the file', () => {
    const error = refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 0, 0, 0, 1, 2]), 'image.txt');
    expect(error.code).toBe('decode_failed');
    expect(error.message).toContain('image.txt');
  });
});

describe('decodeBytes: UTF-16', () => {
  it('decodes UTF-16 LE with a BOM, including Arabic and astral emoji', () => {
    expect(decodeBytes(utf16le(MIXED), 'le.txt')).toEqual({ text: MIXED, encoding: 'utf-16le' });
  });

  it('decodes UTF-16 BE with a BOM, including Arabic and astral emoji', () => {
    expect(decodeBytes(utf16be(MIXED), 'be.txt')).toEqual({ text: MIXED, encoding: 'utf-16be' });
  });

  it('strips the UTF-16 BOM exactly once', () => {
    expect(decodeBytes(utf16le('\uFEFFx'), 'le.txt').text).toBe('\uFEFFx');
    expect(decodeBytes(utf16be('\uFEFFx'), 'be.txt').text).toBe('\uFEFFx');
  });

  it('refuses UTF-16 with an odd number of bytes', () => {
    const bytes = utf16le('abc');
    const error = refusal(bytes.subarray(0, bytes.length - 1), 'cut.txt');
    expect(error.code).toBe('decode_failed');
    expect(error.message).toContain('cut.txt');
  });

  it('refuses UTF-16 containing a lone surrogate', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0x61, 0x00, 0x3d, 0xd8, 0x62, 0x00])]);
    const error = refusal(bytes, 'lone.txt');
    expect(error.code).toBe('decode_failed');
    expect(error.message).toContain('lone.txt');
  });

  it.each([
    ['LE', (t: string) => utf16le(t, false)],
    ['BE', (t: string) => utf16be(t, false)],
  ])('refuses UTF-16 %s without a BOM with decode_failed naming the file', (_, encode) => {
    const error = refusal(encode('Plain English text saved as UTF-16 without a byte-order mark.\r\n'), 'nobom.txt');
    expect(error.code).toBe('decode_failed');
    expect(error.message).toContain('nobom.txt');
    expect(error.message).toMatch(/UTF-16/);
  });
});

describe('stripLeadingBom (pasted text)', () => {
  it('drops exactly one leading U+FEFF and nothing else', () => {
    expect(stripLeadingBom('\uFEFFabc')).toBe('abc');
    expect(stripLeadingBom('\uFEFF\uFEFFabc')).toBe('\uFEFFabc');
    expect(stripLeadingBom('a\uFEFFbc')).toBe('a\uFEFFbc');
    expect(stripLeadingBom('')).toBe('');
  });
});

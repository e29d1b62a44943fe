import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, paragraphs } from './normalize';

describe('normalizeText', () => {
  it.each([
    ['CRLF', 'a\r\nb\r\nc', 'a\nb\nc'],
    ['lone CR', 'a\rb\r\rc', 'a\nb\n\nc'],
    ['CR CR LF', 'a\r\r\nb', 'a\n\nb'],
    ['LINE SEPARATOR', 'a\u2028b', 'a\nb'],
    ['PARAGRAPH SEPARATOR', 'a\u2029b', 'a\nb'],
    ['NEL', 'a\u0085b', 'a\nb'],
    ['mixed', 'one\r\ntwo\rthree\nfour\u2028five', 'one\ntwo\nthree\nfour\nfive'],
  ])('turns %s into \\n', (_, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('removes NUL and other control characters but keeps tab and newline', () => {
    expect(normalizeText('a\u0000b\u0001c\u0007d\u0008e\u000Bf\u000Cg\u001Bh\u007Fi\u0080j\u009Fk')).toBe('abcdefghijk');
    expect(normalizeText('col1\tcol2\ncol3')).toBe('col1\tcol2\ncol3');
  });

  it('keeps format characters that carry meaning: ZWJ, ZWNJ, bidi marks and isolates', () => {
    const text = 'می‌خواهم 👩‍👩‍👧‍👦 \u200F\u2067rtl\u2069 \u202Eevil\u202C';
    expect(normalizeText(text)).toBe(text);
  });

  it('composes to NFC', () => {
    expect(normalizeText('Liwa\u0301 Beyrouth Cafe\u0301')).toBe('Liwá Beyrouth Café');
    // A control character between a letter and its mark is removed before composing.
    expect(normalizeText('e\u0001\u0301')).toBe('é');
  });

  it('does not strip a leading U+FEFF: byte-order marks are handled once, when decoding', () => {
    expect(normalizeText('\uFEFFabc')).toBe('\uFEFFabc');
  });

  it('is idempotent and leaves no CR (property)', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom('\r', '\n', '\r\n', '\uFEFF', '\u2028', '\u2029', '\u0085', '\u0000', '\u0007', '\u009F', '\t'),
      fc.constantFrom('\u0301', '\u0327', '\u064E', '\u0651', '\u200D', '\u200C', '\u202E', 'e\u0301', 'A\u030A'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const once = normalizeText(pieces.join(''));
        expect(normalizeText(once)).toBe(once);
        expect(once).not.toContain('\r');
        expect(once).toBe(once.normalize('NFC'));
        expect(once).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/);
      }),
      // The double BOM is the case that once made this fail; keep it in every run.
      { numRuns: 300, examples: [[['\uFEFF', '\uFEFF', 'a']], [['\r', '\u0001', '\n']], [['e', '\u0000', '\u0301']]] },
    );
  });
});

describe('paragraphs', () => {
  it('splits at blank lines (also lines of spaces and tabs) and trims trailing blanks', () => {
    expect(paragraphs('\n\nOne\nline two  \n \t \nThree\t\n\n\n\nFour   ')).toEqual(['One\nline two', 'Three', 'Four']);
  });

  it('keeps leading indentation of a paragraph', () => {
    expect(paragraphs('  indented\n\nnext')).toEqual(['  indented', 'next']);
  });

  it('takes linear time on long runs of spaces (no regex backtracking)', () => {
    const text = `${' '.repeat(200_000)}x${' \t'.repeat(100_000)}y\n\n${' '.repeat(200_000)}z`;
    const started = performance.now();
    expect(paragraphs(text)).toEqual([`${' '.repeat(200_000)}x${' \t'.repeat(100_000)}y`, `${' '.repeat(200_000)}z`]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

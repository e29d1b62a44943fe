import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt, snapOffset, snapRange, trimRange } from './text';

// Kept local: shared/ tests import nothing from core.
function boundaries(text: string): number[] {
  const list = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.index);
  list.push(text.length);
  return list;
}
const splitsPair = (text: string, at: number): boolean =>
  at > 0 && at < text.length && /[\uD800-\uDBFF]/.test(text[at - 1]) && /[\uDC00-\uDFFF]/.test(text[at]);

const FAMILY = '👩‍👩‍👧‍👦'; // 11 units, one grapheme
const PRIDE = '🏳️‍🌈'; // 6 units
const ARABIC = 'حِزْبُ ٱللَّٰهِ';
const PERSIAN = 'می‌خواهم';

describe('snapOffset', () => {
  it('keeps offsets that are already boundaries, and clamps to the text', () => {
    const text = `ab${FAMILY}c`;
    for (const at of [0, 1, 2, 13, 14]) {
      expect(snapOffset(text, at, -1)).toBe(at);
      expect(snapOffset(text, at, 1)).toBe(at);
    }
    expect(snapOffset(text, -5, -1)).toBe(0);
    expect(snapOffset(text, 99, 1)).toBe(text.length);
  });

  it('moves out of a ZWJ sequence to its start (-1) or end (+1)', () => {
    const text = `x${FAMILY}y${PRIDE}z`;
    for (let at = 2; at <= 11; at++) {
      expect(snapOffset(text, at, -1)).toBe(1);
      expect(snapOffset(text, at, 1)).toBe(12);
    }
    for (let at = 14; at <= 18; at++) expect(snapRange(text, at, at)).toEqual({ start: 13, end: 19 });
  });

  it('never separates an Arabic letter from its harakat, or a Persian letter from its ZWNJ', () => {
    // ح + kasra: offset 1 sits between them.
    expect(snapRange(ARABIC, 1, 1)).toEqual({ start: 0, end: 2 });
    // "ٱللَّٰهِ": lam + shadda + fatha + superscript alef is one cluster.
    const lam = ARABIC.indexOf('لَّٰ');
    expect(snapRange(ARABIC, lam + 2, lam + 3)).toEqual({ start: lam, end: lam + 4 });
    // ی + ZWNJ form one grapheme (ZWNJ extends): 8 units, 7 graphemes.
    expect(boundaries(PERSIAN)).toHaveLength(8);
    expect(snapRange(PERSIAN, 2, 2)).toEqual({ start: 1, end: 3 });
  });

  it('treats CRLF and a surrogate pair as one unit', () => {
    expect(snapRange('a\r\nb', 2, 2)).toEqual({ start: 1, end: 3 });
    expect(snapRange('a😀b', 2, 2)).toEqual({ start: 1, end: 3 });
  });

  it('finds the nearest grapheme boundary in each direction (property, also far into long texts)', () => {
    const text = fc
      .tuple(fc.nat({ max: 2000 }), fc.array(fc.string({ unit: 'grapheme', maxLength: 4 }), { maxLength: 80 }))
      .map(([pad, parts]) => 'p'.repeat(pad) + parts.join(''));
    fc.assert(
      fc.property(text, fc.double({ min: 0, max: 1, noNaN: true }), (t, f) => {
        const at = Math.floor(f * t.length);
        const all = boundaries(t);
        const down = snapOffset(t, at, -1);
        const up = snapOffset(t, at, 1);
        expect(down).toBe(Math.max(...all.filter((b) => b <= at)));
        expect(up).toBe(Math.min(...all.filter((b) => b >= at)));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the segmenter where plain Latin meets marks, joiners, CRLF and emoji (the fast path and its edges)', () => {
    const piece = fc.constantFrom('a', 'Z', ' ', 'é', 'ʼ', '\u02FF', '\u0300', '\u0301', '\u200D', '\r', '\n', '\r\n', '©', '😀', '🇫🇷', 'ก', 'ำ', '각', 'ि', 'क');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (parts, f) => {
        const t = parts.join('');
        const at = Math.floor(f * t.length);
        const all = boundaries(t);
        expect(snapOffset(t, at, -1)).toBe(Math.max(...all.filter((b) => b <= at)));
        expect(snapOffset(t, at, 1)).toBe(Math.min(...all.filter((b) => b >= at)));
      }),
      { numRuns: 1000 },
    );
  });

  describe('combining-mark floods longer than the 512-unit window (documented behaviour)', () => {
    it('returns the true cluster edge when it lies within the window', () => {
      const text = `a${'\u0301'.repeat(400)}b`;
      expect(snapRange(text, 200, 201)).toEqual({ start: 0, end: 401 });
    });

    it('returns the window edge (512 units away) inside a longer cluster: widened, not a grapheme boundary', () => {
      const text = `a${'\u0301'.repeat(3000)}b`;
      expect(snapOffset(text, 1500, -1)).toBe(1500 - 512);
      expect(snapOffset(text, 1500, 1)).toBe(1500 + 512);
      expect(boundaries(text)).toEqual([0, 3001, 3002]);
    });

    it('never returns an offset inside a surrogate pair, even with astral combining marks', () => {
      const mark = '\u{1D167}'; // MUSICAL SYMBOL COMBINING TREMOLO-1: a combining mark outside the BMP
      const text = `a${mark.repeat(1500)}b`;
      for (let at = 900; at < 1000; at++) {
        for (const dir of [-1, 1] as const) {
          const snapped = snapOffset(text, at, dir);
          expect(splitsPair(text, snapped), `offset ${at} direction ${dir} gave ${snapped}`).toBe(false);
          expect(dir < 0 ? snapped <= at : snapped >= at).toBe(true);
        }
      }
    });
  });
});

describe('trimRange', () => {
  it('drops spaces, tabs, newlines and no-break spaces at either end', () => {
    const text = ' \t\nHezbollah and Hamas\u00A0\n ';
    const { start, end } = trimRange(text, 0, text.length);
    expect(text.slice(start, end)).toBe('Hezbollah and Hamas');
    expect(trimRange(text, 3, 12)).toEqual({ start: 3, end: 12 }); // already "Hezbollah"
    expect(trimRange(text, 2, 13)).toEqual({ start: 3, end: 12 });
  });

  it('collapses an all-space range to an empty one', () => {
    const r = trimRange('a   b', 1, 4);
    expect(r.end - r.start).toBe(0);
  });

  it('keeps ZWJ and ZWNJ (they are not whitespace)', () => {
    expect(trimRange(`${FAMILY} `, 0, 12)).toEqual({ start: 0, end: 11 });
    expect(trimRange('\u200Cx\u200D', 0, 3)).toEqual({ start: 0, end: 3 });
  });

  it('can land inside a cluster that starts with a space (space + combining mark); snapping afterwards repairs it', () => {
    const text = 'a \u0301b';
    const trimmed = trimRange(text, 1, 4);
    expect(trimmed).toEqual({ start: 2, end: 4 }); // between the space and its mark
    expect(snapRange(text, trimmed.start, trimmed.end)).toEqual({ start: 1, end: 4 });
  });
});

describe('excerpt', () => {
  it('collapses whitespace and returns short text unchanged', () => {
    expect(excerpt('  one\n\ttwo   three  ')).toBe('one two three');
    expect(excerpt('x'.repeat(140))).toBe('x'.repeat(140));
  });

  it('cuts long text at max characters including the ellipsis (mid-word), trimming a space before it', () => {
    const out = excerpt(`${'word '.repeat(100)}`, 23);
    expect(out).toBe('word word word word wo…');
    expect(out.length).toBe(23);
    expect(excerpt(`${'word '.repeat(100)}`, 21)).toBe('word word word word…');
  });

  it('never cuts inside an emoji, a letter with harakat or a surrogate pair', () => {
    const text = `ab${FAMILY}${FAMILY}${ARABIC}`;
    for (let max = 3; max < text.length; max++) {
      const out = excerpt(text, max);
      expect(out.isWellFormed()).toBe(true);
      expect(out.length).toBeLessThanOrEqual(max);
      const kept = out.slice(0, -1);
      expect(boundaries(text)).toContain(kept.length);
    }
  });

  it('gives just an ellipsis when the first grapheme alone is longer than max (a combining flood)', () => {
    expect(excerpt(`a${'\u0301'.repeat(300)} tail`, 140)).toBe('…');
  });

  it('never produces a lone surrogate (property, including long astral floods)', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom('\u{1D167}'.repeat(700), '😀'.repeat(400), FAMILY, ' \n ', '\u0301'.repeat(50)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 1200 }), (parts, max) => {
        const out = excerpt(parts.join(''), max);
        expect(out.isWellFormed()).toBe(true);
        expect(out.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 300 },
    );
  });
});

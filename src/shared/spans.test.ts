import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSpanColumns, toSpanColumns } from './spans';
import { HIGHLIGHT_COLORS, type HighlightSpan } from './types';

describe('span columns (the compact listHighlightSpans payload)', () => {
  it('round-trips any list of spans, in its order (property)', () => {
    const span = fc.record({
      id: fc.uuid(),
      start: fc.nat(2 ** 31 - 2),
      length: fc.nat(5000),
      color: fc.constantFrom(...HIGHLIGHT_COLORS),
    });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 60 }), fc.boolean(), (raw, sorted) => {
        const spans: HighlightSpan[] = raw.map((s) => ({ id: s.id, start: s.start, end: s.start + s.length, color: s.color }));
        if (sorted) spans.sort((a, b) => a.start - b.start || b.end - a.end);
        expect(fromSpanColumns(toSpanColumns(spans))).toEqual(spans);
      }),
    );
  });

  it('is about half the JSON of the objects for a sorted list', () => {
    const spans: HighlightSpan[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `3f2b6c1e-8d7a-4c2b-9e1f-${String(i).padStart(12, '0')}`,
      start: 100_000 + i * 53,
      end: 100_000 + i * 53 + 20 + (i % 7) * 9,
      color: HIGHLIGHT_COLORS[i % HIGHLIGHT_COLORS.length],
    }));
    const columns = toSpanColumns(spans);
    expect(columns.startSteps.slice(1).every((step) => step === 53)).toBe(true);
    expect(JSON.stringify(columns).length).toBeLessThan(JSON.stringify(spans).length * 0.6);
  });
});

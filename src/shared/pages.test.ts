import { describe, expect, it } from 'vitest';
import { pageLabel, pageOf } from './pages';

describe('page labels', () => {
  const starts = [0, 100, 250, 250, 400]; // page 4 has no text: it starts where page 5 does

  it('finds the page of an offset, the last page starting at or before it', () => {
    expect(pageOf(starts, 0)).toBe(1);
    expect(pageOf(starts, 99)).toBe(1);
    expect(pageOf(starts, 100)).toBe(2);
    expect(pageOf(starts, 250)).toBe(4);
    expect(pageOf(starts, 10_000)).toBe(5);
  });

  it('cites one page or a range across a page break, and nothing for unpaged sources', () => {
    expect(pageLabel(starts, 10, 50)).toBe('p. 1');
    expect(pageLabel(starts, 90, 120)).toBe('pp. 1–2');
    // A passage ending exactly where the next page begins is on one page.
    expect(pageLabel(starts, 90, 100)).toBe('p. 1');
    expect(pageLabel([], 0, 10)).toBe('');
  });
});

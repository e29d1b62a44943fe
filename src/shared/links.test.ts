import { describe, expect, it } from 'vitest';
import { findTiemarkLink, formatTiemarkLink, highlightLink, parseTiemarkLink, sourceLink } from './links';

describe('tiemark:// links', () => {
  it('formats a source and a passage, and parses them back', () => {
    expect(sourceLink('s-1')).toBe('tiemark://source/s-1');
    expect(highlightLink('s-1', 'h_2')).toBe('tiemark://source/s-1#highlight=h_2');
    for (const link of [
      { sourceId: 'a1b2-c3', highlightId: null },
      { sourceId: '3f2c9a4e-0d1b-4e7a-9c55-1d2e3f4a5b6c', highlightId: '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e' },
    ]) {
      expect(parseTiemarkLink(formatTiemarkLink(link))).toEqual(link);
    }
  });

  it('accepts what a pasted link may carry: whitespace, angle brackets, an upper-case scheme, percent-encoding, a trailing slash', () => {
    const want = { sourceId: 'src', highlightId: 'hl' };
    expect(parseTiemarkLink('  tiemark://source/src#highlight=hl\n')).toEqual(want);
    expect(parseTiemarkLink('<tiemark://source/src#highlight=hl>')).toEqual(want);
    expect(parseTiemarkLink('TIEMARK://source/src#highlight=hl')).toEqual(want);
    expect(parseTiemarkLink('tiemark://source/s%72c#highlight=%68l')).toEqual(want);
    expect(parseTiemarkLink('tiemark://source/src/')).toEqual({ sourceId: 'src', highlightId: null });
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'https://example.org/source/src',
      'tiemark://sources/src',
      'tiemark://source/',
      'tiemark://source/src#note=1',
      'tiemark://source/src#highlight=',
      'tiemark://source/a b',
      'tiemark://source/%E0%A4%A',
      'tiemark://source/../etc',
      'tiemark://source/<script>',
      `tiemark://source/${'x'.repeat(65)}`,
    ]) {
      expect(parseTiemarkLink(bad), bad).toBeNull();
    }
  });

  it('finds the first link in a longer text', () => {
    expect(findTiemarkLink('See (tiemark://source/abc#highlight=def), and more.')).toEqual({ sourceId: 'abc', highlightId: 'def' });
    expect(findTiemarkLink('[Open in Tiemark](tiemark://source/abc)')).toEqual({ sourceId: 'abc', highlightId: null });
    expect(findTiemarkLink('no link here')).toBeNull();
  });
});

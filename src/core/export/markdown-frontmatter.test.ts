import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { frontmatterText, frontmatterYaml } from './markdown';

// What the front matter must be: exactly what the yaml library writes for the same mapping (its
// values made markup-free by frontmatterText), which then reads back as those values.
const asYaml = (fm: Record<string, unknown>): string => {
  const safe = Object.fromEntries(Object.entries(fm).map(([k, v]) => [k, typeof v === 'string' ? frontmatterText(v) : Array.isArray(v) ? v.map((x: string) => frontmatterText(x)) : v]));
  return stringifyYaml(safe, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false, blockQuote: false });
};

// Strings YAML treats specially: types YAML 1.1 would read (dates, numbers, yes/on/null), markers,
// quotes, colons, comments, leading and trailing spaces, line breaks, markup, other scripts.
const piece = fc.constantFrom(
  '2024', '2024-03-02', 'yes', 'on', 'No', 'null', '~', '-', '- x', '? q', ': c', 'a: b', '#tag', ' # c', 'x #y', '---', '...', '"', "'", '`', '|', '>', '<b>', '&amp;', '&',
  '@me', '%', '!', '*', '[', ']', '{', '}', ',', ' ', '  ', '\t', '\n', '\r\n', '\\', '0x1F', '1e3', '.5', '+1', 'Hezbollah', 'حزب الله', 'Москва', '🇮🇷', 'é', '\u2028', '\u0085', '\u00a0', '\ufeff', 'Smith, J.', 'https://x.org/a?b=1#c',
);
const text = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
const frontmatter = fc.record({
  title: text,
  authors: fc.array(text, { maxLength: 4 }),
  published: text,
  source_count: fc.nat(),
  actors: fc.array(text, { maxLength: 6 }),
});

describe('front matter', () => {
  it('is byte for byte what the yaml library writes, and reads back as the values', () => {
    fc.assert(
      fc.property(frontmatter, (fm) => {
        const written = frontmatterYaml(fm);
        expect(written).toBe(asYaml(fm));
        const read = parseYaml(written, { version: '1.1' }) as Record<string, unknown>;
        expect(read.source_count).toBe(fm.source_count);
        expect(read.actors).toEqual(fm.actors.map(frontmatterText));
        expect(read.title).toBe(frontmatterText(fm.title));
      }),
      { numRuns: 400 },
    );
  });

  it('gives back a value whose first line is only spaces (the yaml library’s block form would not)', () => {
    const fm = { title: ' \n', authors: ['  \n\nDoe'], actors: [' \r\n x'] };
    const read = parseYaml(frontmatterYaml(fm), { version: '1.1' }) as Record<string, unknown>;
    expect(read).toEqual(fm);
  });

  it('writes the note fields a vault note has, lists empty and full', () => {
    const fm = { title: 'Arms: the “Levant” file', authors: ['Doe, Jane'], published: '2024-03-02', actors: [], tags: ['tiemark'], exported: '2025-01-10T12:00:00.000Z' };
    expect(frontmatterYaml(fm)).toBe(asYaml(fm));
    expect(frontmatterYaml(fm)).toContain('actors: []\n');
  });
});

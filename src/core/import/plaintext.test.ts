import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from './blocks';
import { looksWrapped } from './plaintext';
import { parseDocument } from './parse';

const kinds = (doc: ParsedDocument) => doc.blocks.map((b) => b.kind);
const texts = (doc: ParsedDocument) => doc.blocks.map((b) => doc.text.slice(b.start, b.end));

const P1 = 'Moscow has kept working channels open to Tehran while avoiding any formal alliance with its regional partners.';
const P2 = 'Officials in Beirut describe the relationship with Hezbollah as practical rather than ideological in its nature.';
const P3 = 'Analysts expect the arrangement to last as long as both capitals see a shared interest in the Syrian theatre.';

/** Breaks a paragraph into lines of at most `width` characters, as an e-mail client or a terminal would. */
function wrap(paragraph: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join('\n');
}

describe('plain text as it really comes', () => {
  it('splits an article copied from a website (one paragraph per line, no blank lines) at each line', () => {
    const doc = parseDocument(`The Axis after Damascus\n${P1}\n${P2}\n${P3}\n`, 'text');
    expect(kinds(doc)).toEqual(['heading', 'paragraph', 'paragraph', 'paragraph']);
    expect(texts(doc)).toEqual(['The Axis after Damascus', P1, P2, P3]);
    expect(doc.metadata.title).toBe('The Axis after Damascus');
  });

  it('rejoins hard-wrapped paragraphs separated by blank lines', () => {
    const raw = `${wrap(`${P1} ${P2}`, 72)}\n\n${wrap(`${P3} ${P1}`, 72)}\n`;
    expect(raw.split('\n').length).toBeGreaterThan(6);
    const doc = parseDocument(raw, 'text');
    expect(texts(doc)).toEqual([`${P1} ${P2}`, `${P3} ${P1}`]);
  });

  it('keeps the breaks of short lines that are not wrapped (an address, a verse)', () => {
    const doc = parseDocument('Notes\n\nLevant Desk\nPO Box 12\nBeirut\n\nSecond paragraph here.', 'text');
    expect(texts(doc)).toContain('Levant Desk\nPO Box 12\nBeirut');
  });

  it('turns "- ", "* ", "•" and numbered lines into list items with their numbers', () => {
    const raw = `Findings\n\n- Russia supplies air defence systems\n* Iran trains militia officers\n• The Houthis strike shipping\n\n1. First step\n2) Second step\n10. Tenth step`;
    const doc = parseDocument(raw, 'text');
    expect(kinds(doc)).toEqual(['heading', 'list-item', 'list-item', 'list-item', 'list-item', 'list-item', 'list-item']);
    expect(texts(doc).slice(1, 4)).toEqual(['Russia supplies air defence systems', 'Iran trains militia officers', 'The Houthis strike shipping']);
    const numbered = doc.blocks.slice(4);
    expect(numbered.map((b) => [b.ordered, b.marker])).toEqual([
      [true, '1'],
      [true, '2'],
      [true, '10'],
    ]);
    expect(doc.blocks[1].ordered).toBe(false);
  });

  it('reads Key: value header lines into the metadata and keeps them in the text', () => {
    const raw = [
      'Wagner after Prigozhin',
      'By: Lina Haddad and Pavel Orlov',
      'Publication: Levant Security Review',
      'Date: 14 March 2024',
      'URL: https://example.org/wagner-after',
      '',
      P1,
      '',
      P2,
    ].join('\n');
    const doc = parseDocument(raw, 'text');
    expect(doc.metadata).toMatchObject({
      title: 'Wagner after Prigozhin',
      authors: ['Lina Haddad', 'Pavel Orlov'],
      outlet: 'Levant Security Review',
      publishedAt: '2024-03-14',
      url: 'https://example.org/wagner-after',
    });
    // Offsets stay honest: the header lines are still in the text, each a block of its own.
    expect(doc.text).toContain('Publication: Levant Security Review');
    expect(kinds(doc)).toEqual(['heading', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
  });

  it('does not read a header-looking line in the body as metadata', () => {
    const doc = parseDocument(`${P1}\n\n${P2}\n\nSource: a senior official in Tehran.`, 'text');
    expect(doc.metadata.outlet).toBeUndefined();
  });

  it('ignores a URL header that is not a web address', () => {
    const doc = parseDocument(`Title: Brief\nURL: javascript:alert(1)\n\n${P1}`, 'text');
    expect(doc.metadata.url).toBeUndefined();
    expect(doc.metadata.title).toBe('Brief');
  });

  it('serves pasted text by the same rules', () => {
    const doc = parseDocument(`${P1}\n${P2}\n${P3}`, 'pasted' as never);
    expect(kinds(doc)).toEqual(['paragraph', 'paragraph', 'paragraph']);
  });
});

describe('looksWrapped', () => {
  it('accepts lines cut near a fixed width and refuses lines that end sentences', () => {
    expect(looksWrapped(wrap(`${P1} ${P2} ${P3}`, 60).split('\n'))).toBe(true);
    expect(looksWrapped([P1, P2, P3])).toBe(false);
    expect(looksWrapped(['Short line', 'another short'])).toBe(false);
  });
});

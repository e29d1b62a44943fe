import { PDFDocument, StandardFonts, degrees } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { articlePdf, cjkPdf, encryptedPdf, imagePdf, linesPdf, truncatedPdf, type PdfFixture } from '../test-support/pdf-fixtures';
import type { ParsedDocument } from './blocks';
import { cleanPdfText, isFurnitureText, joinsHyphenated, parsePdf, wordCounts } from './pdf';

// Real PDFs built by pdf-lib (src/core/test-support/pdf-fixtures.ts), read by the real pdf.js.

const slices = (doc: ParsedDocument) => doc.blocks.map((b) => doc.text.slice(b.start, b.end));

/** The invariants every parsed document keeps (as in html.test.ts), plus well-formed page starts. */
function expectWellFormed(doc: ParsedDocument, pages: number): void {
  let previousEnd = -1;
  for (const block of doc.blocks) {
    expect(block.start).toBeGreaterThan(previousEnd);
    expect(block.start).toBeLessThan(block.end);
    expect(doc.text.slice(block.start, block.end).trim()).not.toBe('');
    previousEnd = block.end;
  }
  expect(slices(doc).join('\n\n')).toBe(doc.text);
  expect(doc.text).toBe(doc.text.normalize('NFC'));
  expect(doc.text.isWellFormed()).toBe(true);
  expect(doc.pageStarts).toHaveLength(pages);
  expect(doc.pageStarts![0]).toBe(0);
  for (let i = 1; i < pages; i++) expect(doc.pageStarts![i]).toBeGreaterThanOrEqual(doc.pageStarts![i - 1]);
  expect(doc.pageStarts![pages - 1]).toBeLessThanOrEqual(doc.text.length);
}

/** The 1-based page an offset falls on: the last page start at or before it. */
const pageOf = (doc: ParsedDocument, offset: number): number => doc.pageStarts!.filter((s) => s <= offset).length;

async function refusal(bytes: Uint8Array, fileName?: string): Promise<ApiError> {
  const error = await parsePdf(bytes, fileName === undefined ? {} : { fileName }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('parsePdf: a laid-out article', () => {
  let fixture: PdfFixture;
  let doc: ParsedDocument;
  beforeAll(async () => {
    // A figure-only page between the article's pages 2 and 3 (so it is page 3 of 6).
    fixture = await articlePdf({ figurePageAt: 3 });
    doc = await parsePdf(fixture.bytes, { fileName: 'proxies.pdf' });
  });

  it('is well formed, one page start per page', () => {
    expectWellFormed(doc, fixture.truth.pageCount);
  });

  it('makes every expected paragraph and heading exactly one block, in reading order', () => {
    const expected = fixture.truth.blocks.map((b) => b.text);
    expect(slices(doc)).toEqual(expected);
    expect(doc.blocks.map((b) => b.kind)).toEqual(fixture.truth.blocks.map((b) => b.kind));
    expect(doc.blocks.map((b) => b.level)).toEqual(fixture.truth.blocks.map((b) => b.level));
  });

  it('places every block on the page it starts on', () => {
    expect(doc.blocks.map((b) => pageOf(doc, b.start))).toEqual(
      // Truth pages count the figure page too.
      fixture.truth.blocks.map((b) => b.page),
    );
  });

  it('leaves no running header, footer, page number, print stamp or URL in the text', () => {
    for (const line of fixture.truth.furniture) {
      if (/^\d+$/.test(line)) expect(slices(doc)).not.toContain(line);
      else expect(doc.text).not.toContain(line);
    }
    expect(doc.text).not.toMatch(/Page \d+ of \d+|Levant Security Review|https?:|09:41/);
  });

  it('keeps a paragraph that crosses a page break as one block, with the page start inside it', () => {
    const { text, from } = fixture.truth.crossPage;
    const block = doc.blocks.find((b) => doc.text.slice(b.start, b.end) === text);
    expect(block).toBeDefined();
    expect(pageOf(doc, block!.start)).toBe(from);
    const nextPage = doc.pageStarts![from];
    expect(nextPage).toBeGreaterThan(block!.start);
    expect(nextPage).toBeLessThan(block!.end);
    expect(doc.text.slice(nextPage)).toMatch(/^the new arrangement can still deliver/);
  });

  it('gives a page without text the start of the next page', () => {
    // The figure is page 3; the two-column page is page 4.
    expect(doc.pageStarts![2]).toBe(doc.pageStarts![3]);
    expect(doc.text.slice(doc.pageStarts![3])).toMatch(/^Two theatres, one playbook/);
  });

  it('reads a two-column page left column first, joining the paragraph that runs between them', () => {
    const { paragraphs } = fixture.truth.columns;
    const at = paragraphs.map((p) => slices(doc).indexOf(p));
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at).toEqual([at[0], at[0] + 1, at[0] + 2]);
    expect(slices(doc)[at[0] - 1]).toBe('Two theatres, one playbook');
  });

  it('undoes hyphenation only where the joined word is a word', () => {
    for (const word of fixture.truth.hyphenation.kept) expect(doc.text).toContain(word);
    for (const word of fixture.truth.hyphenation.joined) expect(doc.text).toContain(` ${word} `);
    expect(doc.text).not.toMatch(/opera-\s?tions|logis-\s?tics|Iran backed|Iranbacked|RussiaUkraine|Russia Ukraine/);
  });

  it('spells out a ligature glyph', () => {
    expect(doc.text).toContain(`the ${fixture.truth.ligatureWord} of these groups`);
    expect(doc.text).not.toMatch(/[\uFB00-\uFB06]/);
  });

  it('takes title, authors and date from the info dictionary', () => {
    expect(doc.metadata).toMatchObject({
      title: fixture.truth.title,
      authors: fixture.truth.authors,
      publishedAt: fixture.truth.publishedAt,
    });
  });

  it('leaves the bytes it was given untouched', async () => {
    const copy = fixture.bytes.slice();
    await parsePdf(fixture.bytes);
    expect(fixture.bytes).toEqual(copy);
  });
});

describe('parsePdf: metadata from the page', () => {
  it('takes the title from the first page\'s largest line when the info dictionary has none', async () => {
    const { bytes, truth } = await articlePdf({ metadata: false });
    const doc = await parsePdf(bytes, { fileName: 'untitled.pdf' });
    expect(doc.metadata.title).toBe(truth.title);
    expect(doc.metadata.authors).toBeUndefined();
    expect(doc.metadata.publishedAt).toBeUndefined();
  });

  it('ignores a placeholder title and sets no title from a page without a larger font', async () => {
    const bytes = await linesPdf(['Talks on the Red Sea truce resumed in Muscat on Monday.'], { title: 'Microsoft Word - draft3.docx' });
    const doc = await parsePdf(bytes);
    expect(doc.metadata.title).toBeUndefined();
    expect(doc.text).toBe('Talks on the Red Sea truce resumed in Muscat on Monday.');
  });
});

describe('parsePdf: line-level cases', () => {
  it('joins a word broken at a soft hyphen', async () => {
    const bytes = await linesPdf(['Analysts describe an unprece\u00AD', 'dented build-up of drones in the south.']);
    expect((await parsePdf(bytes)).text).toBe('Analysts describe an unprecedented build-up of drones in the south.');
  });

  it('reads a page whose /Rotate turns its text on its side', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const page = pdf.addPage([612, 792]);
    page.setRotation(degrees(90));
    page.drawText('A rotated page about the Houthis and the Red Sea, which', { x: 72, y: 700, size: 11, font });
    page.drawText('goes on in a second line.', { x: 72, y: 686, size: 11, font });
    const doc = await parsePdf(await pdf.save());
    expect(doc.text).toBe('A rotated page about the Houthis and the Red Sea, which goes on in a second line.');
  });

  it('reads CJK text whose font needs one of pdf.js\'s predefined CMaps', async () => {
    const { bytes, text } = cjkPdf();
    expect((await parsePdf(bytes, { fileName: 'minutes.pdf' })).text).toBe(text);
  });

  it('parses a 50-page article, one block per paragraph and a page map', async () => {
    const { bytes, truth } = await articlePdf({ pages: 50 });
    await parsePdf(bytes); // pdf.js is loaded once per process; time the steady state
    const doc = await parsePdf(bytes);
    expect(slices(doc)).toEqual(truth.blocks.map((b) => b.text));
    expect(doc.pageStarts).toHaveLength(50);
  });
});

describe('parsePdf: refusals', () => {
  it('refuses a password-protected PDF as unsupported, naming the file', async () => {
    const error = await refusal(encryptedPdf(), 'sealed.pdf');
    expect(error.code).toBe('unsupported_format');
    expect(error.message).toMatch(/^"sealed\.pdf" is a password-protected PDF/);
    expect(error.message).toMatch(/unprotected copy/);
  });

  it('refuses a PDF without a text layer as empty, pointing to OCR', async () => {
    const error = await refusal(await imagePdf(), 'scan.pdf');
    expect(error.code).toBe('empty_source');
    expect(error.message).toMatch(/^"scan\.pdf" has no text layer/);
    expect(error.message).toMatch(/OCR/);
  });

  it('refuses a truncated PDF as damaged', async () => {
    const error = await refusal(await truncatedPdf(), 'cut.pdf');
    expect(error.code).toBe('decode_failed');
    expect(error.message).toMatch(/^"cut\.pdf" is damaged or incomplete/);
  });

  it('refuses a PDF whose body is broken although it starts and ends like one', async () => {
    const { bytes } = await articlePdf();
    const broken = new Uint8Array([...bytes.subarray(0, 200), ...new TextEncoder().encode('garbage '.repeat(50)), ...bytes.subarray(bytes.length - 30)]);
    const error = await refusal(broken, 'mangled.pdf');
    expect(error.code).toBe('decode_failed');
    expect(error.message).toMatch(/^"mangled\.pdf" is damaged or incomplete/);
  });

  it.each([
    ['a text file named .pdf', new TextEncoder().encode('Minutes of the meeting on Wagner logistics, not a PDF at all.\n')],
    ['an empty file', new Uint8Array(0)],
    ['random bytes', Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)],
  ])('refuses %s as damaged', async (_label, bytes) => {
    const error = await refusal(bytes, 'notes.pdf');
    expect(error.code).toBe('decode_failed');
    expect(error.message).toMatch(/^"notes\.pdf" is damaged or incomplete/);
  });

  it('words a refusal without a file name', async () => {
    expect((await refusal(encryptedPdf())).message).toMatch(/^This PDF is a password-protected PDF/);
  });
});

describe('pdf helpers', () => {
  it('cleanPdfText spells out ligatures, drops soft hyphens and composes to NFC', () => {
    expect(cleanPdfText('the \uFB01nancing of \uFB02otillas, \uFB00ort, e\uFB03cient, ba\uFB04e, \uFB05, \uFB06')).toBe(
      'the financing of flotillas, ffort, efficient, baffle, st, st',
    );
    expect(cleanPdfText('Hez\u00ADbollah  and\tthe  Hou\u00ADthis')).toBe('Hezbollah and the Houthis');
    expect(cleanPdfText('Re\u0301publique')).toBe('République');
  });

  it('joinsHyphenated keeps compounds and names, joins broken words', () => {
    const counts = wordCounts(['The Iran-backed groups and their operations', 'Iran supplies them', 'logistics']);
    expect(joinsHyphenated('Iran', 'backed', counts)).toBe(false); // printed elsewhere as a compound
    expect(joinsHyphenated('opera', 'tions', counts)).toBe(true); // closed word printed elsewhere
    expect(joinsHyphenated('Russia', 'Ukraine', counts)).toBe(false); // capital after the hyphen
    expect(joinsHyphenated('Kremlin', 'linked', new Map())).toBe(false); // a name mid-sentence
    expect(joinsHyphenated('Logis', 'tics', new Map(), true)).toBe(true); // capital only because a sentence starts
    expect(joinsHyphenated('neigh', 'bouring', new Map())).toBe(true);
    expect(joinsHyphenated('pro', 'government', new Map())).toBe(false);
    expect(joinsHyphenated('co', 'operation', wordCounts(['cooperation']))).toBe(true);
  });

  it('isFurnitureText knows page numbers, dates and URLs from prose', () => {
    for (const line of ['7', 'Page 3 of 9', '- 12 -', 'xiv', '14/03/2024, 09:41', 'Printed 14 March 2024', 'https://lsr.example.org/x', 'p. 4']) {
      expect(isFurnitureText(line), line).toBe(true);
    }
    for (const line of ['Issue 12', 'mix', 'Wagner in 2023', 'The Houthis', 'civil']) expect(isFurnitureText(line), line).toBe(false);
  });
});

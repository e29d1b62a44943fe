import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ErrorCode } from '../../shared/errors';
import type { Block } from '../../shared/types';
import {
  forgeDeclaredSize,
  makeZip,
  notesDocx,
  oleFile,
  POLICY_BRIEF,
  policyBriefDocx,
  rewriteZip,
  xlsxLikeZip,
  zipBomb,
  zipWithEntryName,
  zipWithoutDocument,
} from '../test-support/docx-fixtures';
import type { ParsedDocument } from './blocks';
import { DOCX_MAX_XML_BYTES, parseDocx } from './docx';
import { refusalOf } from '../test-support/documents';

const MB = 1024 * 1024;
const NAME = 'Southern network brief.docx';

const textOf = (doc: ParsedDocument, b: Block) => doc.text.slice(b.start, b.end);
const find = (doc: ParsedDocument, start: string) => {
  const block = doc.blocks.find((b) => textOf(doc, b).startsWith(start));
  if (!block) throw new Error(`no block starting with ${start}`);
  return block;
};

async function refusal(promise: Promise<unknown>, code: ErrorCode): Promise<ApiError> {
  const api = await refusalOf(promise, code, NAME);
  expect(api.detail?.fileName).toBe(NAME);
  return api;
}

describe('parseDocx on a policy brief', () => {
  let brief: Buffer;
  let doc: ParsedDocument;
  beforeAll(async () => {
    brief = await policyBriefDocx();
    doc = await parseDocx(brief, { fileName: NAME });
  });

  it('keeps the structure: headings, paragraphs, lists, quotes, table rows and footnotes in order', () => {
    expect(doc.blocks.map((b) => b.kind)).toEqual([
      'heading', 'heading', 'paragraph', 'paragraph', 'heading',
      'list-item', 'list-item', 'list-item', 'paragraph',
      'list-item', 'list-item', 'list-item',
      'quote', 'quote', 'heading',
      'table-row', 'table-row', 'table-row', 'paragraph',
      'footnote', 'footnote',
    ]);
    // Every block's range is its text, separated by blank lines.
    expect(doc.blocks.map((b) => textOf(doc, b)).join('\n\n')).toBe(doc.text);
    expect(doc.text).toBe(doc.text.normalize('NFC'));
  });

  it('maps Title and Heading 1/2 to heading levels', () => {
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => [textOf(doc, b), b.level]);
    expect(headings).toEqual([
      ['Moscow’s Southern Network', 1],
      ['Summary', 1],
      ['Partners by region', 2],
      ['Actors and ties', 2],
    ]);
  });

  it('keeps bulleted and numbered lists with their nesting and markers', () => {
    expect(find(doc, 'Hezbollah coordinates')).toMatchObject({ kind: 'list-item', level: 1, ordered: false });
    expect(find(doc, 'Syrian militias guard')).toMatchObject({ kind: 'list-item', level: 2, ordered: false });
    expect(find(doc, 'The Houthis threaten')).toMatchObject({ kind: 'list-item', level: 1, ordered: false });
    expect(find(doc, 'Hamas leaders')).toMatchObject({ kind: 'paragraph' });
    expect(find(doc, 'Map the arms')).toMatchObject({ kind: 'list-item', level: 1, ordered: true, marker: '1' });
    expect(find(doc, 'Separate state')).toMatchObject({ kind: 'list-item', level: 2, ordered: true, marker: '1' });
    expect(find(doc, 'Track Wagner')).toMatchObject({ kind: 'list-item', level: 1, ordered: true, marker: '2' });
  });

  it('maps the Quote and Intense Quote styles to quotes', () => {
    expect(find(doc, 'We are partners')).toMatchObject({ kind: 'quote' });
    expect(find(doc, 'Each tie must')).toMatchObject({ kind: 'quote' });
  });

  it('keeps the table as rows with cells and a header row', () => {
    const rows = doc.blocks.filter((b) => b.kind === 'table-row');
    expect(rows.map((r) => r.cells!.map(([s, e]) => doc.text.slice(s, e)))).toEqual([
      ['Actor', 'Partner', 'Tie'],
      ['Iran', 'Russia', 'Drone supply'],
      ['Africa Corps', 'Mali junta', 'Security contract'],
    ]);
    expect(rows.map((r) => !!r.header)).toEqual([true, false, false]);
  });

  it('turns footnotes into labelled footnote blocks at the end, with [n] markers in the text', () => {
    expect(textOf(doc, find(doc, 'Russia relies'))).toContain('south of its borders.[1] Tehran supplies drones');
    expect(textOf(doc, find(doc, 'Track Wagner'))).toBe('Track Wagner’s transition into the Africa Corps.[2]');
    const notes = doc.blocks.filter((b) => b.kind === 'footnote');
    expect(notes.map((n) => n.label)).toEqual(['1', '2']);
    expect(textOf(doc, notes[0])).toBe(POLICY_BRIEF.footnotes[0]);
    expect(textOf(doc, notes[1])).toBe(`${POLICY_BRIEF.footnotes[1]} See the registry.\nIts commanders kept their posts in Mali and Libya.`);
    expect(doc.text).not.toContain('↑');
    expect(doc.blocks.slice(-2)).toEqual(notes);
  });

  it('keeps hyperlinks as block links (in the body and in a footnote), and drops the note anchors', () => {
    const para = find(doc, 'The full dataset');
    expect(para.links).toHaveLength(1);
    expect(doc.text.slice(para.links![0].start, para.links![0].end)).toBe('the methods annex');
    expect(para.links![0].href).toBe(POLICY_BRIEF.link);
    const note = doc.blocks.find((b) => b.kind === 'footnote' && b.label === '2')!;
    expect(note.links).toHaveLength(1);
    expect(doc.text.slice(note.links![0].start, note.links![0].end)).toBe('the registry');
    expect(note.links![0].href).toBe(POLICY_BRIEF.footnoteLink);
    const hrefs = doc.blocks.flatMap((b) => b.links ?? []).map((l) => l.href);
    expect(hrefs.every((h) => h.startsWith('https://'))).toBe(true);
  });

  it('reads title, authors, created date and language from the document properties', () => {
    expect(doc.metadata).toEqual({
      title: POLICY_BRIEF.title,
      authors: ['Lena Marchetti', 'Omar Haddad'],
      publishedAt: '2024-03-14',
      language: 'en-GB',
    });
  });

  it('falls back to the first heading for the title, to modified for the date, and splits authors at commas', async () => {
    const edited = await rewriteZip(brief, (name, data) =>
      name === 'docProps/core.xml'
        ? Buffer.from(
            data
              .toString('utf8')
              .replace(/<dc:title>[^<]*<\/dc:title>/, '')
              .replace(/<dcterms:created\b[^>]*>[^<]*<\/dcterms:created>/, '')
              .replace(/<dc:creator>[^<]*<\/dc:creator>/, '<dc:creator>Nadia Karimova, Pavel S&#246;derberg &amp; team</dc:creator>'),
          )
        : data,
    );
    const parsed = await parseDocx(edited, { fileName: NAME });
    expect(parsed.metadata).toEqual({
      title: 'Moscow’s Southern Network',
      authors: ['Nadia Karimova', 'Pavel Söderberg & team'],
      publishedAt: '2024-05-02',
      language: 'en-GB',
    });
    expect(parsed.text).toBe(doc.text);
  });

  it('imports a document without title property and without core.xml at all', async () => {
    const untitled = await parseDocx(await policyBriefDocx({ withTitleProperty: false }), { fileName: NAME });
    expect(untitled.metadata.title).toBe('Moscow’s Southern Network');
    const bare = await rewriteZip(brief, (name, data) => (name === 'docProps/core.xml' ? null : data));
    const parsed = await parseDocx(bare, { fileName: NAME });
    expect(parsed.metadata).toEqual({ title: 'Moscow’s Southern Network', language: 'en-GB' });
    expect(parsed.blocks.filter((b) => b.kind === 'footnote')).toHaveLength(2);
  });

  it('never embeds images', async () => {
    // A data: URI would show up if mammoth's default image converter ran; the walk keeps no <img> anyway.
    expect(doc.text).not.toMatch(/data:|base64/);
  });
});

describe('parseDocx notes', () => {
  it('numbers footnotes and endnotes in reading order, as the markers read', async () => {
    const doc = await parseDocx(await notesDocx(), { fileName: NAME });
    const paragraphs = doc.blocks.filter((b) => b.kind === 'paragraph').map((b) => textOf(doc, b));
    expect(paragraphs).toEqual(['Red Sea attacks rose in late 2023.[1]', 'Strikes followed in January 2024.[2]', 'The attacks continued.[3]']);
    const notes = doc.blocks.filter((b) => b.kind === 'footnote');
    expect(notes.map((n) => [n.label, textOf(doc, n)])).toEqual([
      ['1', 'Houthi statements are quoted from their broadcaster.'],
      ['2', 'Casualty figures are contested by all sides.'],
      ['3', 'Houthi statements are quoted from their broadcaster.'],
    ]);
  });
});

describe('parseDocx refusals', () => {
  it('a file that is not a zip', async () => {
    const error = await refusal(parseDocx(Buffer.from('Notes on the Houthis and the Red Sea.'), { fileName: NAME }), 'unsupported_format');
    expect(error.message).toMatch(/is not a Word document \(not a zip archive\)/);
  });

  it('an old-format or password-protected Word file (OLE)', async () => {
    const error = await refusal(parseDocx(oleFile(), { fileName: NAME }), 'unsupported_format');
    expect(error.message).toMatch(/password-protected or old-format Word file.*save it as \.docx/);
  });

  it('a zip without word/document.xml', async () => {
    const error = await refusal(parseDocx(await zipWithoutDocument(), { fileName: NAME }), 'unsupported_format');
    expect(error.message).toMatch(/is not a Word document \(it has no word\/document\.xml\)/);
  });

  it('an Excel workbook', async () => {
    const error = await refusal(parseDocx(await xlsxLikeZip(), { fileName: NAME }), 'unsupported_format');
    expect(error.message).toMatch(/not a Word document \(it is an Excel workbook\)/);
  });

  it('a truncated .docx', async () => {
    const brief = await policyBriefDocx();
    const error = await refusal(parseDocx(brief.subarray(0, brief.length - 200), { fileName: NAME }), 'decode_failed');
    expect(error.message).toMatch(/damaged or incomplete/);
  });

  it('a document part mammoth cannot read', async () => {
    for (const xml of ['<w:document', 'not xml at all']) {
      const broken = await makeZip({ 'word/document.xml': xml });
      const error = await refusal(parseDocx(broken, { fileName: NAME }), 'decode_failed');
      expect(error.message).toMatch(/could not be read as a Word document.*save it again as \.docx/);
    }
  });

  it('an entity declared in a DTD is not expanded (mammoth refuses the part)', async () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "Wagner"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>';
    await refusal(parseDocx(await makeZip({ 'word/document.xml': xml }), { fileName: NAME }), 'decode_failed');
  });

  it('a zip slip entry inside a Word document', async () => {
    const zip = await zipWithEntryName('../../evil.txt', { 'word/document.xml': '<w:document/>' });
    const error = await refusal(parseDocx(zip, { fileName: NAME }), 'unsupported_format');
    expect(error.message).toMatch(/unsafe name/);
  });

  it('a zip bomb named like a Word document, refused before inflating', async () => {
    const bomb = await zipBomb(40);
    const error = await refusal(parseDocx(bomb, { fileName: NAME }), 'too_large');
    expect(error.message).toMatch(/Tiemark refuses it to protect your machine/);
  });

  it('a bomb behind a lying header is stopped while streaming, before mammoth sees it', async () => {
    const lying = forgeDeclaredSize(await zipBomb(40), 'word/document.xml', 1000);
    const before = process.memoryUsage().rss;
    const error = await refusal(parseDocx(lying, { fileName: NAME }), 'too_large');
    expect(process.memoryUsage().rss - before).toBeLessThan(30 * MB);
    expect(error.message).toMatch(/past the sizes its zip headers declare/);
  });

  it('too much XML for mammoth to parse safely, from the declared sizes, before inflating', async () => {
    // 700 KB that do not compress, declared as 64 MB + 1: within the zip limits (ratio about 96:1).
    const noise = randomBytes(700 * 1024);
    const forged = forgeDeclaredSize(await makeZip({ 'word/document.xml': noise }), 'word/document.xml', DOCX_MAX_XML_BYTES + 1);
    const error = await refusal(parseDocx(forged, { fileName: NAME }), 'too_large');
    expect(error.message).toMatch(/more than 64 MB of document text/);
  });

  it('names the file as "This file" when no name is given', async () => {
    const error = await parseDocx(Buffer.from('plain text')).catch((e: ApiError) => e);
    expect((error as ApiError).message).toMatch(/^This file is not a Word document/);
  });
});

import { describe, expect, it } from 'vitest';
import type { ImportReport, Source } from '../../shared/types';
import { contentDigest, importBytes, ok, useTempDirs, utf16le, utf8 } from '../test-support/fixtures';
import { declaredCharset, detectFormat, looksLikeHtml } from './sniff';

const temp = useTempDirs();

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moscow and the Axis</title>
<meta property="og:site_name" content="Levant Desk"></head><body><article><h1>Moscow and the Axis</h1>
<p>Moscow has kept working channels open to Tehran while avoiding any formal alliance with its partners.</p>
<p>Officials in Beirut describe the relationship with Hezbollah as practical rather than ideological in nature.</p>
<p>Analysts expect the arrangement to last as long as both capitals see a shared interest in Syria.</p>
</article></body></html>`;

const refusal = (fileName: string, bytes: Uint8Array) => {
  try {
    detectFormat(fileName, bytes);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
};

describe('detecting the format by content', () => {
  it('reads a web page as HTML whatever its extension says', async () => {
    expect(detectFormat('page.html', utf8(PAGE))).toBe('html');
    expect(detectFormat('saved.txt', utf8(PAGE))).toBe('html');
    expect(detectFormat('article.md', utf8(`\n\n  <!-- saved --><HTML><body><p>x</p></body></HTML>`))).toBe('html');
    expect(looksLikeHtml(utf16le(PAGE))).toBe(true);
  });

  it('keeps Markdown with inline HTML as Markdown, and text as text', async () => {
    expect(detectFormat('notes.md', utf8('# Notes\n\n<b>bold</b> words'))).toBe('markdown');
    expect(detectFormat('notes.txt', utf8('<b> is a tag, said the manual'))).toBe('text');
  });

  it.each([
    ['old.doc', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1], /Word 97/],
    ['scan.txt', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], /PNG image.*OCR/],
  ])('names what %s really is', async (name, bytes, message) => {
    expect(refusal(name, new Uint8Array(bytes))).toMatch(message);
  });

  it('reads PDF and zip (Word) files by their signature, whatever their name', () => {
    expect(detectFormat('report.bin', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]))).toBe('pdf');
    expect(detectFormat('brief', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe('docx');
    // Some tools write junk before the signature; a file named .pdf is searched for it.
    expect(detectFormat('scan.pdf', new Uint8Array([0x0a, 0x0a, 0x25, 0x50, 0x44, 0x46, 0x2d]))).toBe('pdf');
  });

  it('refuses a file whose extension lies about its content, saying so', async () => {
    expect(refusal('paper.pdf', utf8('just some words'))).toMatch(/named like a PDF but is not one/);
    expect(refusal('brief.docx', utf8('just some words'))).toMatch(/named like a Word document but is not one/);
    expect(refusal('data.csv', utf8('a,b'))).toMatch(/cannot be imported: Tiemark reads/);
  });

  it('finds the encoding a page declares', async () => {
    expect(declaredCharset(utf8('<html><head><meta charset="windows-1256">'))).toBe('windows-1256');
    expect(declaredCharset(utf8('<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">'))).toBe('koi8-r');
    expect(declaredCharset(utf8('<p>no declaration</p>'))).toBeUndefined();
  });
});

describe('importing web pages', () => {
  const sourceOf = (backend: ReturnType<typeof temp.backend>, report: ImportReport): Source => {
    const summary = report.outcomes[0].source;
    if (!summary) throw new Error(`not stored: ${JSON.stringify(report.outcomes[0])}`);
    return ok<Source>(backend.dispatch('getSource', { id: summary.id }));
  };

  it('stores the article of a saved page with its structure and metadata', async () => {
    const backend = temp.backend();
    const source = sourceOf(backend, await importBytes(backend, 'axis.htm', utf8(PAGE)));
    expect(source.format).toBe('html');
    expect(source.title).toBe('Moscow and the Axis');
    expect(source.outlet).toBe('Levant Desk');
    expect(source.language).toBe('en');
    expect(source.blocks[0].kind).toBe('heading');
    expect(source.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(3);
    expect(source.text).toContain('Officials in Beirut describe the relationship with Hezbollah');
  });

  it('decodes a page in the legacy encoding it declares', async () => {
    const backend = temp.backend();
    // حزب الله ("Hezbollah") in Windows-1256, one byte per letter.
    const arabic = new Uint8Array([0xcd, 0xd2, 0xc8, 0x20, 0xc7, 0xe1, 0xe1, 0xe5]);
    const before = utf8('<html><head><meta charset="windows-1256"><title>t</title></head><body><article><p>');
    const sentence = utf8(' is named in this paragraph, which is long enough to be read as the article body of the page.</p></article></body></html>');
    const source = sourceOf(backend, await importBytes(backend, 'ar.html', Buffer.concat([before, arabic, sentence])));
    expect(source.text).toContain('حزب الله is named in this paragraph');
  });

  it('keeps the structure of HTML pasted from a web page, and never its scripts', async () => {
    const backend = temp.backend();
    const html = `<h2>Red Sea</h2><script>window.hacked = 1</script><ul><li>Shipping attacks by the Houthis</li><li>Naval escorts by several states</li></ul>`;
    const report = ok<ImportReport>(await backend.dispatch('importText', { text: 'Red Sea Shipping attacks by the Houthis', html }));
    const source = sourceOf(backend, report);
    expect(source.format).toBe('pasted');
    expect(source.blocks.map((b) => b.kind)).toEqual(['heading', 'list-item', 'list-item']);
    expect(source.text).not.toContain('hacked');
  });

  it('falls back to the pasted text when the HTML holds nothing readable', async () => {
    const backend = temp.backend();
    const report = ok<ImportReport>(await backend.dispatch('importText', { text: 'Plain words survive.', html: '<img src="x.png">' }));
    expect(sourceOf(backend, report).text).toBe('Plain words survive.');
  });

  it('refuses a page with no readable text, storing nothing', async () => {
    const backend = temp.backend();
    const before = contentDigest(backend.store.db);
    const report = await importBytes(backend, 'empty.html', utf8('<html><body><script>alert(1)</script><nav>Home</nav></body></html>'));
    expect(report.outcomes[0].status).toBe('failed');
    expect(report.outcomes[0].error?.message).toMatch(/"empty.html" contains no readable text/);
    expect(contentDigest(backend.store.db)).toBe(before);
  });
});

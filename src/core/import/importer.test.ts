import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../shared/api';
import type { ImportReport, Source, SourceSummary } from '../../shared/types';
import {
  BOM_UTF8,
  contentDigest,
  importBytes,
  ok,
  pasteSource,
  useTempDirs,
  utf16be,
  utf16le,
  utf8,
} from '../test-support/fixtures';
import { importFile } from './importer';

const temp = useTempDirs();

const sourceOf = (backend: ReturnType<typeof temp.backend>, report: ImportReport, index = 0): Source => {
  const summary = report.outcomes[index].source;
  if (!summary) throw new Error(`no source in outcome ${JSON.stringify(report.outcomes[index])}`);
  return ok<Source>(backend.dispatch('getSource', { id: summary.id }));
};

const count = (backend: ReturnType<typeof temp.backend>) => ok<SourceSummary[]>(backend.dispatch('listSources', {})).length;

describe('importing text files', () => {
  it('stores UTF-8 text with its BOM stripped exactly once', async () => {
    const backend = temp.backend();
    const one = sourceOf(backend, await importBytes(backend, 'bom.txt', Buffer.concat([BOM_UTF8, utf8('Title\n\nBody one.')])));
    expect(one.text).toBe('Title\n\nBody one.');
    expect(one.length).toBe(one.text.length);
    // Two BOMs: the first is the encoding mark, the second is content and is kept.
    const two = sourceOf(backend, await importBytes(backend, 'bom2.txt', Buffer.concat([BOM_UTF8, BOM_UTF8, utf8('Title\n\nBody two.')])));
    expect(two.text).toBe('\uFEFFTitle\n\nBody two.');
    expect(two.title).toBe('Title');
  });

  it('drops one leading U+FEFF from pasted text, in the same way', async () => {
    const backend = temp.backend();
    expect(pasteSource(backend, '\uFEFFPasted body').text).toBe('Pasted body');
    expect(pasteSource(backend, '\uFEFF\uFEFFOther body').text).toBe('\uFEFFOther body');
  });

  it('treats a file with and without a BOM as the same content', async () => {
    const backend = temp.backend();
    await importBytes(backend, 'a.txt', utf8('Same words here.'));
    const report = await importBytes(backend, 'b.txt', Buffer.concat([BOM_UTF8, utf8('Same words here.')]));
    expect(report.outcomes[0].status).toBe('duplicate');
  });

  it.each([
    ['UTF-16 LE', utf16le],
    ['UTF-16 BE', utf16be],
  ])('imports %s with a BOM, keeping Arabic and emoji intact', async (_, encode) => {
    const backend = temp.backend();
    const text = 'حِزْبُ ٱللَّٰهِ\r\n\r\nWith 👩‍👩‍👧‍👦 and 🏳️‍🌈 inside.';
    const source = sourceOf(backend, await importBytes(backend, 'utf16.txt', encode(text)));
    expect(source.text).toBe('حِزْبُ ٱللَّٰهِ\n\nWith 👩‍👩‍👧‍👦 and 🏳️‍🌈 inside.');
    expect(source.title).toBe('حِزْبُ ٱللَّٰهِ');
  });

  it('normalizes line endings and controls and stores NFC', async () => {
    const backend = temp.backend();
    const source = sourceOf(
      backend,
      await importBytes(backend, 'mixed.txt', utf8('Liwa\u0301\r\n\r\none\rtwo\u2028three\u0085four\u0000\u0007 tab\there\r\n')),
    );
    expect(source.text).toBe('Liwá\n\none\ntwo\nthree\nfour tab\there');
    expect(source.title).toBe('Liwá');
  });

  it('keeps bidi controls in file names and text verbatim', async () => {
    const backend = temp.backend();
    const name = 'report\u202Etxt.md';
    const source = sourceOf(backend, await importBytes(backend, name, utf8('Text with \u2067RTL\u2069 isolate')));
    expect(source.fileName).toBe(name);
    expect(source.text).toBe('Text with \u2067RTL\u2069 isolate');
    expect(source.title).toBe('report\u202Etxt'); // no heading: the file name without extension
  });

  it('takes the title from the first heading of a Markdown file, or from frontmatter', async () => {
    const backend = temp.backend();
    const a = sourceOf(backend, await importBytes(backend, 'a.md', utf8('Intro para.\n\n## The *Heading*\n\nMore.')));
    expect(a.title).toBe('The Heading');
    expect(a.format).toBe('markdown');
    const b = sourceOf(backend, await importBytes(backend, 'b.md', utf8('---\ntitle: From YAML\nauthor: A. Writer\n---\n# Heading\n')));
    expect(b).toMatchObject({ title: 'From YAML', authors: ['A. Writer'], fileName: 'b.md' });
  });

  it('takes the title of pasted text from the caller, else its first line', async () => {
    const backend = temp.backend();
    expect(pasteSource(backend, 'First line\nsecond', 'Given title').title).toBe('Given title');
    const report = ok<ImportReport>(await backend.dispatch('importText', { text: 'Other first line\n\nBody', title: '   ' }));
    expect(report.outcomes[0].name).toBe('Pasted text');
    expect(report.outcomes[0].source?.title).toBe('Other first line');
    expect(report.outcomes[0].source?.format).toBe('pasted');
  });
});

describe('refusals change nothing', () => {
  it.each([
    ['an empty file', 'empty.txt', new Uint8Array(0), 'empty_source'],
    ['a whitespace-only file', 'blank.txt', utf8(' \r\n\t\n   \u2028\n'), 'empty_source'],
    ['a BOM-only file', 'bom.md', BOM_UTF8, 'empty_source'],
    ['a file of control characters', 'ctl.txt', Buffer.from([1, 2, 3, 0x1b, 0x7f]), 'empty_source'],
    ['a Markdown file with only raw HTML', 'html.md', utf8('<script>alert(1)</script>\n\n<!-- note -->'), 'empty_source'],
    ['invalid UTF-8', 'bad.txt', Buffer.from([0x61, 0xff, 0x62]), 'decode_failed'],
    ['UTF-16 without a BOM', 'u16.txt', utf16le('Hello world, in UTF-16 without a mark.', false), 'decode_failed'],
    ['a damaged PDF', 'paper.pdf', utf8('%PDF-1.7\n'), 'decode_failed'],
    ['a file without extension', 'README', utf8('text'), 'unsupported_format'],
    ['a .md.pdf', 'x.md.pdf', utf8('text'), 'unsupported_format'],
  ])('refuses %s with its code, naming the file', async (_, name, bytes, code) => {
    const backend = temp.backend();
    const before = contentDigest(backend.store.db);
    const report = await importBytes(backend, name, bytes);
    expect(report).toMatchObject({ imported: 0, duplicates: 0, failed: 1 });
    expect(report.outcomes[0]).toMatchObject({ name, status: 'failed', error: { code } });
    expect(report.outcomes[0].error?.message).toContain(name);
    expect(report.outcomes[0].source).toBeUndefined();
    expect(contentDigest(backend.store.db)).toBe(before);
  });

  it('accepts extensions in any case', async () => {
    const backend = temp.backend();
    expect((await importBytes(backend, 'UPPER.TXT', utf8('a'))).imported).toBe(1);
    expect((await importBytes(backend, 'notes.Markdown', utf8('b'))).imported).toBe(1);
  });

  it('refuses a file over MAX_IMPORT_BYTES as too_large before decoding', async () => {
    const backend = temp.backend();
    const before = contentDigest(backend.store.db);
    // All zero bytes: decoding would say decode_failed (binary); the size check must come first.
    const outcome = await importFile(backend.store, 'huge.txt', new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'too_large' } });
    expect(outcome.error?.message).toContain('huge.txt');
    expect(outcome.error?.message).toContain('64 MB');
    // Even with an extension that is not supported, size is what the user hears about first.
    expect((await importFile(backend.store, 'huge.pdf', new Uint8Array(MAX_IMPORT_BYTES + 1))).error?.code).toBe('too_large');
    expect(contentDigest(backend.store.db)).toBe(before);
  });

  it('imports the others of a batch when one fails, with matching counts', async () => {
    const backend = temp.backend();
    const files = [
      { name: 'one.txt', dataBase64: utf8('First file.').toString('base64') },
      { name: 'broken.txt', dataBase64: Buffer.from([0x41, 0xc3, 0x28, 0x42]).toString('base64') },
      { name: 'two.md', dataBase64: utf8('# Second file').toString('base64') },
      { name: 'again.txt', dataBase64: utf8('First file.').toString('base64') },
      { name: 'slides.pptx', dataBase64: utf8('PK').toString('base64') },
    ];
    const report = ok<ImportReport>(await backend.dispatch('importFiles', { files }));
    expect(report).toMatchObject({ imported: 2, duplicates: 1, failed: 2 });
    expect(report.outcomes.map((o) => [o.name, o.status])).toEqual([
      ['one.txt', 'imported'],
      ['broken.txt', 'failed'],
      ['two.md', 'imported'],
      ['again.txt', 'duplicate'],
      ['slides.pptx', 'failed'],
    ]);
    expect(report.outcomes[3].source?.id).toBe(report.outcomes[0].source?.id);
    const stored = ok<SourceSummary[]>(backend.dispatch('listSources', {}));
    expect(stored.map((s) => s.fileName)).toEqual(['one.txt', 'two.md']);
    expect(backend.projectInfo().sourceCount).toBe(2);
  });
});

describe('duplicates', () => {
  it('reports the same content imported twice as a duplicate naming the existing source', async () => {
    const backend = temp.backend();
    const first = (await importBytes(backend, 'article.txt', utf8('Headline\n\nSome body text.'))).outcomes[0];
    const second = (await importBytes(backend, 'article copy.txt', utf8('Headline\n\nSome body text.'))).outcomes[0];
    expect(second).toMatchObject({ name: 'article copy.txt', status: 'duplicate' });
    expect(second.source).toEqual(first.source);
    expect(count(backend)).toBe(1);
  });

  it.each([
    ['CRLF vs LF', 'Line one\r\nLine two\r\n\r\nPara', 'Line one\nLine two\n\nPara'],
    ['CR vs LF', 'Line one\rLine two', 'Line one\nLine two'],
    ['NFD vs NFC', 'Cafe\u0301 in Liwa\u0301', 'Café in Liwá'],
    ['trailing spaces and blank lines', 'Words here.   \n\n\n', 'Words here.'],
  ])('finds duplicates after normalization: %s', async (_, a, b) => {
    const backend = temp.backend();
    expect((await importBytes(backend, 'a.txt', utf8(a))).imported).toBe(1);
    const report = await importBytes(backend, 'b.txt', utf8(b));
    expect(report).toMatchObject({ imported: 0, duplicates: 1 });
    expect(count(backend)).toBe(1);
  });

  it('finds a pasted copy of an imported text file', async () => {
    const backend = temp.backend();
    await importBytes(backend, 'a.txt', utf8('Title\n\nBody'));
    const report = ok<ImportReport>(await backend.dispatch('importText', { text: 'Title\r\n\r\nBody\r\n' }));
    expect(report.duplicates).toBe(1);
  });
});

describe('large files', () => {
  it('imports a ~50 MB text file through dispatch with the right length and block count', async () => {
    const backend = temp.backend();
    const paragraph = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8).trimEnd()}`;
    const count = Math.ceil((50 * 1024 * 1024) / (paragraph.length + 2));
    const raw = Array.from({ length: count }, (_, i) => `${i} ${paragraph}`).join('\r\n\r\n');
    const bytes = utf8(raw);
    expect(bytes.length).toBeGreaterThan(50 * 1024 * 1024);
    const report = await importBytes(backend, 'big.txt', bytes);
    expect(report.imported).toBe(1);
    const id = report.outcomes[0].source!.id;
    const expectedText = raw.replaceAll('\r\n', '\n');
    expect(report.outcomes[0].source!.length).toBe(expectedText.length);
    const stored = backend.store.db.prepare('SELECT length(text) AS chars, blocks FROM sources WHERE id = ?').get(id) as {
      chars: number;
      blocks: string;
    };
    expect(stored.chars).toBe(expectedText.length);
    expect(JSON.parse(stored.blocks)).toHaveLength(count);
  });

  it('imports one 10 MB line', async () => {
    const backend = temp.backend();
    const line = 'word '.repeat(2 * 1024 * 1024).trimEnd();
    const report = await importBytes(backend, 'line.txt', utf8(line));
    expect(report.imported).toBe(1);
    const source = sourceOf(backend, report);
    expect(source.length).toBe(line.length);
    expect(source.blocks).toEqual([{ kind: 'paragraph', start: 0, end: line.length }]);
    expect(source.title).toBe(line.slice(0, 200).trimEnd());
  });

  it('imports a file with a 1 MB run of spaces in linear time', async () => {
    const backend = temp.backend();
    for (const name of ['spaces.txt', 'spaces.md']) {
      const report = await importBytes(backend, name, utf8(`start${' '.repeat(1024 * 1024)}${name}\n\nnext`));
      expect(report.imported).toBe(1);
    }
  });
});

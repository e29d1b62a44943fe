import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import {
  Document,
  EndnoteReferenceRun,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import yauzl from 'yauzl';

/** The little of yazl (which ships no types) the fixtures use. */
interface ZipWriter {
  outputStream: NodeJS.ReadableStream;
  addBuffer(data: Buffer, name: string, options?: { compress?: boolean; compressionLevel?: number }): void;
  addReadStreamLazy(
    name: string,
    options: { compressionLevel?: number; size?: number },
    open: (cb: (err: Error | null, stream: Readable) => void) => void,
  ): void;
  end(): void;
}
const yazl = createRequire(join(process.cwd(), 'package.json'))('yazl') as { ZipFile: new () => ZipWriter };

/**
 * Real .docx files built in code with the `docx` package, and hostile zip archives built with
 * `yazl` (and patched byte by byte where yazl itself refuses to write something bad). Used by
 * src/core/import/docx.test.ts and src/core/import/zip.test.ts.
 */

export const POLICY_BRIEF = {
  title: 'Moscow’s Southern Network: Russia and Its Partners in the Middle East and Africa',
  creator: 'Lena Marchetti; Omar Haddad',
  created: '2024-03-14T09:30:00Z',
  modified: '2024-05-02T16:00:00Z',
  language: 'en-GB',
  link: 'https://example.org/reports/southern-network',
  footnoteLink: 'https://example.org/registry/africa-corps',
  footnotes: [
    'Shipping records reviewed for this brief cover the period from 2022 to 2023.',
    'The group was renamed after its founder died in August 2023.',
  ],
} as const;

/**
 * A short policy brief: Title, Heading 1 and 2, body paragraphs, a bulleted list and a numbered
 * list (each with a nested item), a paragraph in the Quote style, a table with a header row,
 * two footnotes and a hyperlink. Core properties: title, creator and a fixed created date.
 */
export async function policyBriefDocx(options: { withTitleProperty?: boolean } = {}): Promise<Buffer> {
  const withTitle = options.withTitleProperty ?? true;
  const doc = new Document({
    ...(withTitle ? { title: POLICY_BRIEF.title } : {}),
    creator: POLICY_BRIEF.creator,
    styles: {
      default: { document: { run: { language: { value: POLICY_BRIEF.language } } } },
      paragraphStyles: [
        { id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', run: { italics: true } },
        { id: 'IntenseQuote', name: 'Intense Quote', basedOn: 'Normal', next: 'Normal', run: { italics: true, bold: true } },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'steps',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.' },
            { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)' },
          ],
        },
      ],
    },
    footnotes: {
      1: { children: [new Paragraph(POLICY_BRIEF.footnotes[0])] },
      2: {
        children: [
          new Paragraph({
            children: [
              new TextRun(`${POLICY_BRIEF.footnotes[1]} See `),
              new ExternalHyperlink({ link: POLICY_BRIEF.footnoteLink, children: [new TextRun({ text: 'the registry', style: 'Hyperlink' })] }),
              new TextRun('.'),
            ],
          }),
          new Paragraph('Its commanders kept their posts in Mali and Libya.'),
        ],
      },
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Moscow’s Southern Network', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('Russia relies on a loose web of state and non-state partners to project power south of its borders.'),
              new FootnoteReferenceRun(1),
              new TextRun(' Tehran supplies drones, while Moscow offers diplomatic cover at the Security Council.'),
            ],
          }),
          new Paragraph({
            children: [
              new TextRun('The full dataset is described in '),
              new ExternalHyperlink({ link: POLICY_BRIEF.link, children: [new TextRun({ text: 'the methods annex', style: 'Hyperlink' })] }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ text: 'Partners by region', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Hezbollah coordinates with Iranian advisers in southern Syria.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Syrian militias guard supply routes near Deir ez-Zor.', bullet: { level: 1 } }),
          new Paragraph({ text: 'The Houthis threaten shipping in the Red Sea.', bullet: { level: 0 } }),
          new Paragraph({
            children: [new TextRun('Hamas leaders visited Moscow twice in 2023.')],
          }),
          new Paragraph({ text: 'Map the arms transfers from Iran to Russia.', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Separate state deliveries from militia deliveries.', numbering: { reference: 'steps', level: 1 } }),
          new Paragraph({
            children: [new TextRun('Track Wagner’s transition into the Africa Corps.'), new FootnoteReferenceRun(2)],
            numbering: { reference: 'steps', level: 0 },
          }),
          new Paragraph({ text: 'We are partners, not proxies, said one commander.', style: 'Quote' }),
          new Paragraph({ text: 'Each tie must be read in its local context.', style: 'IntenseQuote' }),
          new Paragraph({ text: 'Actors and ties', heading: HeadingLevel.HEADING_2 }),
          new Table({
            rows: [
              row(['Actor', 'Partner', 'Tie'], true),
              row(['Iran', 'Russia', 'Drone supply']),
              row(['Africa Corps', 'Mali junta', 'Security contract']),
            ],
          }),
          new Paragraph('The ties shift quickly, and the brief will be updated each quarter.'),
        ],
      },
    ],
  });
  const packed = await Packer.toBuffer(doc);
  // docx writes "now" as the created date; the brief needs a fixed one.
  return rewriteZip(packed, (name, data) =>
    name === 'docProps/core.xml'
      ? Buffer.from(
          data
            .toString('utf8')
            .replace(/(<dcterms:created\b[^>]*>)[^<]*/, `$1${POLICY_BRIEF.created}`)
            .replace(/(<dcterms:modified\b[^>]*>)[^<]*/, `$1${POLICY_BRIEF.modified}`),
        )
      : data,
  );
}

/**
 * Notes of both kinds: a footnote, an endnote, and the footnote cited a second time. Word numbers
 * footnotes and endnotes apart; mammoth numbers every reference in reading order (1, 2, 3).
 */
export function notesDocx(): Promise<Buffer> {
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph('Houthi statements are quoted from their broadcaster.')] } },
    endnotes: { 1: { children: [new Paragraph('Casualty figures are contested by all sides.')] } },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('Red Sea attacks rose in late 2023.'), new FootnoteReferenceRun(1)] }),
          new Paragraph({ children: [new TextRun('Strikes followed in January 2024.'), new EndnoteReferenceRun(1)] }),
          new Paragraph({ children: [new TextRun('The attacks continued.'), new FootnoteReferenceRun(1)] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function row(cells: string[], header = false): TableRow {
  // Only the header row says so: docx writes `<w:tblHeader w:val="off"/>` for `tableHeader: false`,
  // which mammoth 1.13 reads as a header row (it ignores the value).
  return new TableRow({
    ...(header ? { tableHeader: true } : {}),
    children: cells.map((text) => new TableCell({ children: [new Paragraph(text)] })),
  });
}

/** The same archive with some entries replaced (or dropped, when `edit` returns null), plus `add`. */
export async function rewriteZip(
  zipBytes: Buffer,
  edit: (name: string, data: Buffer) => Buffer | null,
  add: Record<string, Buffer | string> = {},
): Promise<Buffer> {
  const entries = await unzipAll(zipBytes);
  const out = new yazl.ZipFile();
  for (const [name, data] of entries) {
    const edited = edit(name, data);
    if (edited) out.addBuffer(edited, name);
  }
  for (const [name, data] of Object.entries(add)) out.addBuffer(Buffer.from(data), name);
  return finish(out);
}

/** Every entry of a trusted archive (one we built), inflated. */
export async function unzipAll(zipBytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(zipBytes, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue;
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return out;
}

function finish(zip: ZipWriter): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });
}

/** A zip with the given entries, compressed (level 9) unless `store`. */
export function makeZip(entries: Record<string, Buffer | string>, options: { store?: boolean } = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) {
    zip.addBuffer(Buffer.from(data), name, options.store ? { compress: false } : { compressionLevel: 9 });
  }
  return finish(zip);
}

/** Streams `total` zero bytes in 1 MB chunks, so a bomb is built without holding it in memory. */
function zeros(total: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/**
 * A real zip bomb: one entry of `megabytes` MB of zeros, deflated at level 9 (about 1,000:1),
 * streamed so building it never holds the inflated bytes. Named word/document.xml so it looks
 * like a Word document to a name check.
 */
export function zipBomb(megabytes: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const size = megabytes * 1024 * 1024;
  zip.addReadStreamLazy('word/document.xml', { compressionLevel: 9, size }, (cb) => cb(null, zeros(size)));
  zip.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
  return finish(zip);
}

const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const DATA_DESCRIPTOR = 0x08074b50;

/** Each central directory record of an archive yazl built (no zip64, no comment): its offset and name. */
function centralRecords(zip: Buffer): Array<{ at: number; name: string }> {
  const eocd = zip.length - 22;
  if (zip.readUInt32LE(eocd) !== END_OF_CENTRAL_DIRECTORY) throw new Error('fixture: not a plain zip');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: Array<{ at: number; name: string }> = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error('fixture: bad central directory');
    const n = zip.readUInt16LE(at + 28);
    out.push({ at, name: zip.subarray(at + 46, at + 46 + n).toString('utf8') });
    at += 46 + n + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

/**
 * Rewrites the declared uncompressed size of entry `name` everywhere the archive states it
 * (central directory, local header, data descriptor), leaving the data itself alone: a header
 * that lies.
 */
export function forgeDeclaredSize(zipBytes: Buffer, name: string, declared: number): Buffer {
  const out = Buffer.from(zipBytes);
  const record = centralRecords(out).find((r) => r.name === name);
  if (!record) throw new Error(`forgeDeclaredSize: entry ${name} not found`);
  out.writeUInt32LE(declared, record.at + 24);
  const compressed = out.readUInt32LE(record.at + 20);
  const local = out.readUInt32LE(record.at + 42);
  // With a data descriptor (flag bit 3) the local header's sizes are zero and stay so.
  if (out.readUInt32LE(local + 22) !== 0) out.writeUInt32LE(declared, local + 22);
  const descriptor = local + 30 + out.readUInt16LE(local + 26) + out.readUInt16LE(local + 28) + compressed;
  if (descriptor + 16 <= out.length && out.readUInt32LE(descriptor) === DATA_DESCRIPTOR) out.writeUInt32LE(declared, descriptor + 12);
  return out;
}

/** Sets the "encrypted" flag of entry `name` (central directory and local header); the data stays plain. */
export function markEncrypted(zipBytes: Buffer, name: string): Buffer {
  const out = Buffer.from(zipBytes);
  const record = centralRecords(out).find((r) => r.name === name);
  if (!record) throw new Error(`markEncrypted: entry ${name} not found`);
  out.writeUInt16LE(out.readUInt16LE(record.at + 8) | 1, record.at + 8);
  const local = out.readUInt32LE(record.at + 42);
  out.writeUInt16LE(out.readUInt16LE(local + 6) | 1, local + 6);
  return out;
}

/**
 * Renames an entry by patching its name bytes in place (local header and central directory):
 * yazl refuses to write names like "../../evil.txt", so the fixture is written with an
 * innocent name of the same length and then patched.
 */
export async function zipWithEntryName(badName: string, extra: Record<string, string> = {}): Promise<Buffer> {
  const bad = Buffer.from(badName, 'utf8');
  const placeholder = 'q'.repeat(bad.length);
  const zip = await makeZip({ ...extra, [placeholder]: 'You should never be able to read this.' });
  const out = Buffer.from(zip);
  const needle = Buffer.from(placeholder, 'utf8');
  let at = out.indexOf(needle);
  let count = 0;
  while (at !== -1) {
    bad.copy(out, at);
    count++;
    at = out.indexOf(needle, at + needle.length);
  }
  if (count < 2) throw new Error('zipWithEntryName: placeholder not found');
  return out;
}

/** `count` tiny entries (the names are the only cost). */
export function zipWithManyEntries(count: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<w:document/>'), 'word/document.xml');
  for (let i = 0; i < count - 1; i++) zip.addBuffer(Buffer.alloc(0), `word/media/p${i}.bin`, { compress: false });
  return finish(zip);
}

/** A zip with some XML parts but no word/document.xml: what a random archive looks like. */
export function zipWithoutDocument(): Promise<Buffer> {
  return makeZip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'notes/readme.txt': 'Field notes on Houthi maritime attacks, not a Word document.',
  });
}

/** What an Excel workbook's names look like (enough for a name check). */
export function xlsxLikeZip(): Promise<Buffer> {
  return makeZip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': '<workbook/>',
    'xl/worksheets/sheet1.xml': '<worksheet/>',
  });
}

/**
 * The first bytes of an OLE compound file, which is what old .doc files and password-protected
 * .docx files are: not a zip at all.
 */
export function oleFile(): Buffer {
  const out = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out, 0);
  return out;
}

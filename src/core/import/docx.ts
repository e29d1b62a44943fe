import { randomBytes } from 'node:crypto';
import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { ApiError } from '../../shared/errors';
import type { SourceMetadata } from '../../shared/types';
import { snapOffset } from '../../shared/text';
import { normalizeText } from '../text/normalize';
import type { BlockBuilder, Inline, ParsedDocument } from './blocks';
import { blocksFromHtml } from './html';
import { fileLabel, openZip, type SafeZip } from './zip';

/**
 * Word (.docx) files: checked as zip archives by ./zip.ts before anything is inflated, converted
 * to HTML by mammoth, and walked into blocks by blocksFromHtml (./html.ts). Footnotes and
 * endnotes become 'footnote' blocks at the end, labelled as their "[1]" markers in the text.
 */

export const DOCX_MAIN_PART = 'word/document.xml';
/**
 * The XML parts together (declared, and checked while inflating) may hold at most this much:
 * mammoth parses them into a DOM that takes many times their size in memory.
 */
export const DOCX_MAX_XML_BYTES = 64 * 1024 * 1024;
/** Metadata parts larger than this are not read (the document still imports). */
const MAX_METADATA_PART_BYTES = 4 * 1024 * 1024;
const CORE_PART = 'docProps/core.xml';
const STYLES_PART = 'word/styles.xml';

/** The first bytes of an OLE compound file: an old .doc, or a password-protected .docx. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Word styles to HTML, on top of mammoth's own map (which already maps "Heading 1".."Heading 6",
 * in either case, to h1..h6).
 */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='title'] => h1:fresh",
  "p[style-name='Quote'] => blockquote:fresh",
  "p[style-name='quote'] => blockquote:fresh",
  "p[style-name='Intense Quote'] => blockquote:fresh",
  "p[style-name='intense quote'] => blockquote:fresh",
  "p[style-name='Block Text'] => blockquote:fresh",
];

export async function parseDocx(bytes: Uint8Array, options: { fileName?: string } = {}): Promise<ParsedDocument> {
  const { fileName } = options;
  const label = fileLabel(fileName);
  const detail = fileName ? { fileName } : {};
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  if (OLE_SIGNATURE.every((b, i) => buffer[i] === b)) {
    throw new ApiError(
      'unsupported_format',
      `${label} is a password-protected or old-format Word file (.doc); open it in Word, remove any password and save it as .docx.`,
      detail,
    );
  }

  const zip = await openZip(buffer, { fileName, kind: 'a Word document' });
  let core: Buffer | undefined;
  let styles: Buffer | undefined;
  try {
    if (!zip.has(DOCX_MAIN_PART)) throw notWord(zip, label, detail);
    const xmlBytes = zip.entries.filter((e) => /\.(xml|rels)$/i.test(e.name)).reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (xmlBytes > DOCX_MAX_XML_BYTES) {
      throw new ApiError(
        'too_large',
        `${label} holds more than ${DOCX_MAX_XML_BYTES / (1024 * 1024)} MB of document text and markup; Tiemark refuses it to protect your machine. Split it into smaller documents.`,
        detail,
      );
    }
    const small = (name: string) => (zip.entry(name)?.uncompressedSize ?? Infinity) <= MAX_METADATA_PART_BYTES;
    const metaParts = [CORE_PART, STYLES_PART].filter(small);
    const read = await zip.readEntries(metaParts);
    core = read.get(CORE_PART);
    styles = read.get(STYLES_PART);
    // mammoth unzips the file again itself: every other part is inflated here first, with the
    // byte counts checked, so it meets nothing bigger than what the pre-check allowed.
    await zip.checkEntries(zip.entries.map((e) => e.name).filter((n) => !metaParts.includes(n)));
  } finally {
    zip.close();
  }

  const idPrefix = `tm${randomBytes(6).toString('hex')}-`;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        styleMap: STYLE_MAP,
        includeEmbeddedStyleMap: false,
        externalFileAccess: false,
        idPrefix,
        // Images are never embedded: no src, and the walk skips <img> anyway.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    html = result.value;
  } catch (err) {
    throw new ApiError(
      'decode_failed',
      `${label} could not be read as a Word document: its contents are damaged or not in a form Tiemark understands. Open it in Word and save it again as .docx.`,
      { ...detail, cause: err instanceof Error ? err.message : String(err) },
    );
  }

  const { body, notes } = splitNotes(html, idPrefix);
  const out = blocksFromHtml(body);
  for (const note of notes) out.add('footnote', note.content, { label: note.label });

  const metadata = readMetadata(core?.toString('utf8'), styles?.toString('utf8'));
  if (!metadata.title) {
    const heading = out.blocks.find((b) => b.kind === 'heading');
    const title = heading ? collapse(out.text.slice(heading.start, heading.end)) : '';
    if (title) metadata.title = clip(title, 500);
  }
  return out.document(metadata);
}

/** A zip, but not a Word document: say what it looks like, when that is cheap to tell. */
function notWord(zip: SafeZip, label: string, detail: Record<string, unknown>): ApiError {
  const what = zip.has('xl/workbook.xml')
    ? 'it is an Excel workbook'
    : zip.has('ppt/presentation.xml')
      ? 'it is a PowerPoint presentation'
      : zip.has('content.xml') && zip.has('mimetype')
        ? 'it is an OpenDocument file; save it as .docx first'
        : `it has no ${DOCX_MAIN_PART}`;
  return new ApiError('unsupported_format', `${label} is not a Word document (${what}). Choose a .docx file saved by Word, LibreOffice or Google Docs.`, detail);
}

// ---------------------------------------------------------------------------------------------
// Footnotes and endnotes.

/**
 * mammoth writes a note reference as `<sup><a href="#{prefix}footnote-1" id="{prefix}footnote-ref-1">[1]</a></sup>`
 * (its text is already the "[1]" marker; the relative link is dropped by the walk) and the notes
 * as one `<ol>` after the body, each `<li id="{prefix}footnote-1">` ending in a back-link "↑".
 * The prefix is random per call, so nothing in the document can forge the boundary; mammoth
 * escapes the document's own text, so the string search below cannot meet it in content.
 */
function splitNotes(html: string, prefix: string): { body: string; notes: Array<{ label: string; content: Inline }> } {
  const start = html.indexOf(`<ol><li id="${prefix}`);
  if (start < 0) return { body: html, notes: [] };
  const body = html.slice(0, start);
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html.slice(start)}</body></html>`) as unknown as { document: NotesDocument };
  const list = document.body.firstElementChild;
  const isNote = (id: string) => id.startsWith(prefix) && /^(footnote|endnote)-/.test(id.slice(prefix.length));
  const items = list ? Array.from(list.children).filter((li) => isNote(li.getAttribute('id') ?? '')) : [];
  // mammoth numbers every reference in reading order and lists the notes in that same order.
  const markers = Array.from(body.matchAll(new RegExp(`id="${prefix}(?:footnote|endnote)-ref-[^"]*">\\[(\\d+)\\]</a>`, 'g')), (m) => m[1]);
  const notes = items.map((li, i) => {
    for (const back of Array.from(li.querySelectorAll(`a[href^="#${prefix}"]`))) back.remove();
    return { label: markers.length === items.length ? markers[i] : String(i + 1), content: joinBlocks(blocksFromHtml(li.innerHTML)) };
  });
  return { body, notes };
}

interface NotesElement {
  children: ArrayLike<NotesElement>;
  innerHTML: string;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<NotesElement>;
  remove(): void;
}
interface NotesDocument {
  body: { firstElementChild: NotesElement | null };
}

/** A note's paragraphs as one block's content: joined by a newline, links kept. */
function joinBlocks(builder: BlockBuilder): Inline {
  const text = builder.text;
  let joined = '';
  const links: NonNullable<Inline['links']> = [];
  for (const block of builder.blocks) {
    if (joined) joined += '\n';
    const offset = joined.length - block.start;
    for (const l of block.links ?? []) links.push({ start: l.start + offset, end: l.end + offset, href: l.href });
    joined += text.slice(block.start, block.end);
  }
  return { text: joined, links };
}

// ---------------------------------------------------------------------------------------------
// Metadata: docProps/core.xml (Dublin Core) and the default language in word/styles.xml.
// Read with strict regular expressions on these small parts: no DTD, no entity expansion.

function readMetadata(core: string | undefined, styles: string | undefined): Partial<SourceMetadata> {
  const meta: Partial<SourceMetadata> = {};
  if (core) {
    const title = field(core, 'title');
    if (title) meta.title = clip(title, 500);
    const creator = field(core, 'creator');
    if (creator) {
      const authors = creator
        .split(creator.includes(';') ? ';' : ',')
        .map(collapse)
        .filter((a) => a && a.length <= 200);
      if (authors.length) meta.authors = [...new Set(authors)].slice(0, 50);
    }
    const date = [field(core, 'created'), field(core, 'modified')].map(isoDay).find(Boolean);
    if (date) meta.publishedAt = date;
    const lang = language(field(core, 'language'));
    if (lang) meta.language = lang;
  }
  if (!meta.language && styles) {
    const defaults = /<w:docDefaults\b[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0] ?? '';
    const lang = language(/<w:lang\b[^>]*?\bw:val="([^"]*)"/.exec(defaults)?.[1]);
    if (lang) meta.language = lang;
  }
  return meta;
}

/** The text of the first element with this local name, any namespace prefix. */
function field(xml: string, localName: string): string | undefined {
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z_][\\w.-]*:)?${localName}\\s*>`);
  const raw = re.exec(xml)?.[1];
  if (raw === undefined) return undefined;
  const value = collapse(decodeXmlEntities(raw));
  return value || undefined;
}

/** The five predefined XML entities and character references; anything else is left as written. */
function decodeXmlEntities(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[name]) return named[name];
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** "2024-03-14T09:30:00Z" -> "2024-03-14"; implausible dates (Word's 1601 default) are dropped. */
function isoDay(value: string | undefined): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo, d] = m.map(Number);
  const ok = y >= 1900 && y <= new Date().getUTCFullYear() + 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
  return ok ? m[0].slice(0, 10) : undefined;
}

function language(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(v) ? v.slice(0, 35) : undefined;
}

/** One line, no controls, NFC, well-formed: metadata is stored as clean as the text. */
const collapse = (value: string): string => normalizeText(value.toWellFormed()).toWellFormed().replace(/\s+/g, ' ').trim();

function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, snapOffset(value, max, -1)).trimEnd();
}

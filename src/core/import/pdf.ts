import { ApiError } from '../../shared/errors';
import type { BlockKind, SourceMetadata } from '../../shared/types';
import { snapOffset } from '../../shared/text';
import { normalizeText } from '../text/normalize';
import { BlockBuilder, type ParsedDocument } from './blocks';

/**
 * PDF import: pdf.js reads the text layer (positioned runs of text), and this module rebuilds
 * what a reader sees from the positions: lines, columns, paragraphs and headings, without the
 * running headers, footers and page numbers that a PDF repeats on every page. It runs in a Node
 * worker thread (and in vitest) with pdf.js's in-process "fake worker": no worker file is
 * spawned or served, nothing is fetched, no font is installed, nothing is evaluated.
 *
 * The heuristics, in the order they run (each is described where it is implemented):
 * 1. Text runs are placed in the page's reading frame (page rotation applied) and grouped into
 *    rows by baseline (superscripts join their row); a row is cut into fragments at wide gaps.
 * 2. Furniture: rows at a page's top or bottom edge, set apart from the body, that repeat on
 *    another page at the same height (digits ignored: "Page 3 of 9"), or that hold only a page
 *    number, a date or a URL.
 * 3. Columns: a vertical gap in the x-distribution of a page's fragments splits it into columns,
 *    read left column first, top to bottom; full-width rows (a heading over both) break the run.
 * 4. Paragraphs: a new one starts at a font size change, a line gap wider than the usual line
 *    spacing, a first-line indent after a finished line, a line broken on purpose (the next
 *    word would have fitted), a bullet, or a table-of-contents entry. At a page or column break
 *    the paragraph goes on when it was cut mid-sentence and the next line starts in lowercase,
 *    or when it was cut at a full line and the next line is not indented.
 * 5. Headings: short blocks noticeably larger than the body size; the largest size is level 1.
 * 6. Line ends: hyphenation undone only where the joined word is a word (see joinsHyphenated),
 *    ligatures expanded and soft hyphens removed (see cleanPdfText).
 *
 * Not attempted: tables (cells are read row by row, as text), footnotes (kept where they are
 * printed), drop capitals, vertical (top-to-bottom) writing, and the structure tree of tagged
 * PDFs.
 */

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type LoadingTask = ReturnType<PdfJs['getDocument']>;
type PdfDocument = Awaited<LoadingTask['promise']>;

/** The part of a pdf.js text item this module reads. */
interface RawItem {
  str: string;
  dir: string;
  width: number;
  height: number;
  transform: number[];
}

/** A run of text in its page's reading frame: x grows rightward, y (the baseline) downward. */
interface Piece {
  x0: number;
  x1: number;
  y: number;
  size: number;
  text: string;
  rtl: boolean;
}

/** Pieces on one baseline that sit close together, joined: a line of one column, a table cell, a header. */
type Fragment = Piece;

/** Everything on one baseline of a page, left to right. */
interface Row {
  y: number;
  size: number;
  fragments: Fragment[];
  text: string;
}

/** A column, or a full-width stretch of a page; lines of one segment read top to bottom. */
interface Segment {
  left: number;
  right: number;
}

interface Line {
  /** 0-based page index. */
  page: number;
  x0: number;
  x1: number;
  y: number;
  size: number;
  text: string;
  /** The line ended in a soft hyphen (U+00AD): a discretionary break inside a word. */
  softHyphen: boolean;
  bullet: boolean;
  segment: Segment;
  /** First line of its segment: a new page or column starts here. */
  first: boolean;
}

interface Stats {
  bodySize: number;
  /** Baseline-to-baseline distance of body lines. */
  leading: number;
  /** Most paragraphs start with an indented first line (rather than a blank gap). */
  indentStyle: boolean;
}

/** Fonts this much larger than the body text are headings. */
const HEADING_RATIO = 1.15;
const MAX_HEADING_CHARS = 250;
const MAX_HEADING_LINES = 3;
/** A horizontal gap wider than this many ems ends a fragment (a column gutter, a table cell). */
const FRAGMENT_GAP_EMS = 1.2;
/** Rows examined at each page edge for running headers and footers. */
const EDGE_ROWS = 3;
/** Rows at each page edge that may be a lone page number, date or URL. */
const EDGE_PATTERN_ROWS = 2;
/** A missing end-of-file marker this close to the end means the file was cut short. */
const EOF_WINDOW = 4096;

// ---------------------------------------------------------------------------------------------
// Loading pdf.js.

const WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
let loading: Promise<PdfJs> | undefined;

/**
 * pdf.js and its worker's message handler, loaded into this thread. Importing the worker module
 * sets `globalThis.pdfjsWorker`, and pdf.js then runs that handler in-process (its "fake
 * worker") instead of spawning a Worker from a file path; so the code works the same from
 * node_modules, under vitest and from a bundle that keeps pdfjs-dist external.
 */
function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    // The worker module ships without type declarations; nothing is used from it but its effect.
    const worker: unknown = await import(/* @vite-ignore */ WORKER_MODULE);
    if (!worker || typeof (worker as { WorkerMessageHandler?: unknown }).WorkerMessageHandler !== 'function') {
      throw new Error('the pdf.js worker module has no message handler');
    }
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Loads pdf.js ahead of the first PDF (the import worker does while the user chooses files). */
export function preloadPdfJs(): void {
  loadPdfJs().catch(() => undefined); // a failure is reported by the PDF that needs it
}

/**
 * pdf.js's predefined CMaps, which older CJK PDFs need to map their codes to text; read from
 * the installed package through the file system (never fetched). Undefined when the package
 * cannot be located (text in such fonts then comes out empty, nothing else changes).
 */
let cMapDir: string | null | undefined;
function cMapUrl(): string | undefined {
  if (cMapDir === undefined) {
    try {
      const { createRequire } = process.getBuiltinModule('node:module');
      const { dirname, join, sep } = process.getBuiltinModule('node:path');
      const packageJson = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
      cMapDir = join(dirname(packageJson), 'cmaps') + sep;
    } catch {
      cMapDir = null;
    }
  }
  return cMapDir ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// Entry point.

export function parsePdf(bytes: Uint8Array, options: { fileName?: string } = {}): Promise<ParsedDocument> {
  return guarded(() => parse(bytes, options));
}

/**
 * pdf.js's worker code leaves a few internal promises without a handler when a damaged file
 * makes them fail (seen while it rebuilds a broken page tree): in a browser those land in the
 * worker's console, but the "fake worker" runs in this thread, where an unhandled rejection
 * ends a Node process or worker thread. While a parse runs, a listener takes the rejections
 * whose reason is one of pdf.js's own exceptions; anything else is left as Node would treat it
 * (raised as an uncaught exception when no other listener is installed).
 */
const PDFJS_EXCEPTIONS = new Set([
  'AbortException',
  'FormatError',
  'InvalidPDFException',
  'MissingDataException',
  'ParserEOFException',
  'PasswordException',
  'ResponseException',
  'UnknownErrorException',
  'XRefEntryException',
  'XRefParseException',
]);
let parsesRunning = 0;

function onUnhandledRejection(reason: unknown): void {
  if (PDFJS_EXCEPTIONS.has(errorName(reason))) return;
  if (process.listenerCount('unhandledRejection') === 1) throw reason;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  if (parsesRunning++ === 0) process.on('unhandledRejection', onUnhandledRejection);
  try {
    return await work();
  } finally {
    // Rejections are reported after the microtasks of the turn that made them: wait one turn.
    await new Promise((resolve) => setImmediate(resolve));
    if (--parsesRunning === 0) process.off('unhandledRejection', onUnhandledRejection);
  }
}

async function parse(bytes: Uint8Array, options: { fileName?: string }): Promise<ParsedDocument> {
  const subject = options.fileName ? `"${options.fileName}"` : 'This PDF';
  const damaged = (why = '') =>
    new ApiError(
      'decode_failed',
      `${subject} is damaged or incomplete${why}, so Tiemark cannot read it as a PDF. Download or export it again and import the new copy.`,
    );
  if (!hasPdfHeader(bytes)) throw damaged(' (it does not start like a PDF file)');
  if (!hasEndMarker(bytes)) throw damaged(' (the file ends early, as an interrupted download does)');

  let pdfjs: PdfJs;
  try {
    pdfjs = await loadPdfJs();
  } catch (error) {
    throw new ApiError('unavailable', `Tiemark's PDF reader could not be loaded (${describe(error)}); reinstall Tiemark to import PDFs.`);
  }

  let task: LoadingTask;
  try {
    task = pdfjs.getDocument({
      // A copy: pdf.js transfers the buffer it is given, which would empty the caller's bytes.
      data: new Uint8Array(bytes),
      ...READER_OPTIONS,
      cMapUrl: cMapUrl(),
      cMapPacked: true,
    });
  } catch {
    throw damaged();
  }
  try {
    let doc: PdfDocument;
    try {
      doc = await task.promise;
    } catch (error) {
      if (errorName(error) === 'PasswordException') {
        throw new ApiError(
          'unsupported_format',
          `${subject} is a password-protected PDF, which Tiemark cannot open. Open it in a PDF reader, save or print an unprotected copy, and import that.`,
        );
      }
      throw damaged();
    }
    if (doc.numPages < 1) throw new ApiError('empty_source', `${subject} has no pages.`);

    const pages: Piece[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      try {
        pages.push(await readPage(doc, p));
      } catch {
        throw damaged(` (page ${p} cannot be read)`);
      }
    }
    if (!pages.some((pieces) => pieces.some((piece) => piece.text.trim()))) {
      throw new ApiError(
        'empty_source',
        `${subject} has no text layer (its pages are images, as in a scan); run it through OCR first and import the result.`,
      );
    }

    let info: Record<string, unknown> = {};
    try {
      info = ((await doc.getMetadata()).info ?? {}) as Record<string, unknown>;
    } catch {
      // A broken info dictionary costs the metadata, not the text.
    }
    try {
      return layOut(pages, info);
    } catch (error) {
      throw new ApiError('internal', `Tiemark could not lay out the text of ${subject} (${describe(error)}).`);
    }
  } finally {
    // Destroying the loading task destroys the document and its (in-process) worker.
    await task.destroy().catch(() => undefined);
  }
}

/**
 * Nothing is fetched (the whole file is in `data`), no font is installed or taken from the
 * system, and glyphs are never compiled with eval (pdf.js 6 no longer reads `isEvalSupported`;
 * it is set for older versions). `stopAtErrors` stays off: a page with one unreadable font or
 * stream keeps the text pdf.js can recover. A file cut short is caught by hasEndMarker, and a
 * page that cannot be read at all still fails the import.
 */
const READER_OPTIONS = {
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  disableAutoFetch: true,
  disableStream: true,
  disableRange: true,
  stopAtErrors: false,
  verbosity: 0,
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  enableXfa: false,
} as const;

function hasPdfHeader(bytes: Uint8Array): boolean {
  // Readers accept up to 1 KB of junk before the header, as some generators write.
  const head = latin1(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function hasEndMarker(bytes: Uint8Array): boolean {
  return latin1(bytes.subarray(Math.max(0, bytes.length - EOF_WINDOW))).includes('%%EOF');
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

const errorName = (error: unknown): string => (error && typeof error === 'object' && 'name' in error ? String(error.name) : '');
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 200);

// ---------------------------------------------------------------------------------------------
// 1. Text runs in reading frame, rows and fragments.

async function readPage(doc: PdfDocument, pageNumber: number): Promise<Piece[]> {
  const page = await doc.getPage(pageNumber);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = content.items.filter((item): item is typeof item & RawItem => 'str' in item && typeof item.str === 'string');
    return piecesOf(items, viewport.transform);
  } finally {
    page.cleanup();
  }
}

const multiply = (m: number[], n: number[]): number[] => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

/**
 * Items placed by the viewport transform (page rotation and crop box applied, y downward). Text
 * set at a right angle to most of the page's text (a margin stamp, a rotated table label) is
 * left out; a page whose text mostly runs at a right angle is turned so that it reads across.
 */
function piecesOf(items: RawItem[], viewport: number[]): Piece[] {
  const placed: Array<{ m: number[]; size: number; quarter: number; item: RawItem }> = [];
  const weight = [0, 0, 0, 0];
  for (const item of items) {
    if (!item.str || !item.str.trim()) continue;
    const m = multiply(viewport, item.transform);
    const size = Math.hypot(m[2], m[3]) || item.height;
    if (!(size > 0.5) || !Number.isFinite(size) || !m.every(Number.isFinite)) continue;
    const angle = Math.atan2(m[1], m[0]);
    const quarter = (((Math.round(angle / (Math.PI / 2)) % 4) + 4) % 4);
    if (Math.abs(angle - Math.round(angle / (Math.PI / 2)) * (Math.PI / 2)) > 0.05) continue; // skewed text
    placed.push({ m, size, quarter, item });
    weight[quarter] += item.str.length;
  }
  const dominant = weight.indexOf(Math.max(...weight));
  const cos = Math.round(Math.cos((dominant * Math.PI) / 2));
  const sin = Math.round(Math.sin((dominant * Math.PI) / 2));
  const pieces: Piece[] = [];
  for (const { m, size, quarter, item } of placed) {
    if (quarter !== dominant) continue;
    const x = m[4] * cos + m[5] * sin;
    const y = -m[4] * sin + m[5] * cos;
    const width = Number.isFinite(item.width) && item.width > 0 ? item.width : size * 0.5 * item.str.length;
    pieces.push({ x0: x, x1: x + width, y, size, text: item.str, rtl: item.dir === 'rtl' });
  }
  return pieces;
}

/**
 * Whether two runs share a line: the same baseline (within a quarter of the larger size), or a
 * smaller run raised or lowered by less than half an em next to a larger one (a footnote mark,
 * a chemical formula's digit).
 */
function sameLine(a: { y: number; size: number }, b: { y: number; size: number }): boolean {
  const big = a.size >= b.size ? a : b;
  const small = big === a ? b : a;
  if (Math.abs(a.y - b.y) <= 0.25 * big.size) return true;
  return small.size < 0.85 * big.size && small.y >= big.y - 0.45 * big.size && small.y <= big.y + 0.3 * big.size;
}

/** A page's pieces grouped into rows, top to bottom; each row cut into fragments at wide gaps. */
function rowsOf(pieces: Piece[]): Row[] {
  const sorted = [...pieces].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: Array<{ y: number; size: number; pieces: Piece[] }> = [];
  for (const piece of sorted) {
    let target: (typeof groups)[number] | undefined;
    // Only the last few rows can share a baseline with this piece (pieces come sorted by y).
    for (let i = groups.length - 1; i >= 0 && i >= groups.length - 4; i--) {
      if (sameLine(groups[i], piece)) {
        target = groups[i];
        break;
      }
    }
    if (!target) {
      groups.push({ y: piece.y, size: piece.size, pieces: [piece] });
      continue;
    }
    target.pieces.push(piece);
    if (piece.size > target.size * 1.15) {
      target.y = piece.y; // the row's baseline is that of its body text, not of a raised mark
      target.size = piece.size;
    }
  }
  groups.sort((a, b) => a.y - b.y);
  const rows: Row[] = [];
  for (const group of groups) {
    const fragments = fragmentsOf(group.pieces);
    if (!fragments.length) continue;
    rows.push({ y: group.y, size: dominantSize(fragments), fragments, text: joinFragments(fragments) });
  }
  return rows;
}

function fragmentsOf(pieces: Piece[]): Fragment[] {
  const byX = [...pieces].sort((a, b) => a.x0 - b.x0 || a.y - b.y);
  const out: Fragment[] = [];
  let run: Piece[] = [];
  let runX1 = -Infinity;
  const flush = () => {
    if (!run.length) return;
    const fragment = fragmentOf(run);
    if (fragment.text) out.push(fragment);
    run = [];
    runX1 = -Infinity;
  };
  for (const piece of byX) {
    const last = run[run.length - 1];
    if (last && piece.x0 - runX1 > FRAGMENT_GAP_EMS * Math.max(piece.size, last.size)) flush();
    run.push(piece);
    runX1 = Math.max(runX1, piece.x1);
  }
  flush();
  return out;
}

function fragmentOf(pieces: Piece[]): Fragment {
  const rtlChars = pieces.reduce((n, p) => n + (p.rtl ? p.text.length : 0), 0);
  const allChars = pieces.reduce((n, p) => n + p.text.length, 0);
  const rtl = rtlChars * 2 > allChars;
  // Right-to-left runs come in logical order inside each piece; the pieces read right to left.
  const ordered = rtl ? [...pieces].sort((a, b) => b.x1 - a.x1) : pieces;
  let text = '';
  let previous: Piece | undefined;
  for (const piece of ordered) {
    if (previous) {
      // Text printed twice at the same place (fake bold, shadows) is read once.
      if (piece.text === previous.text && Math.abs(piece.x0 - previous.x0) < 0.5 && Math.abs(piece.y - previous.y) < 0.5) continue;
      const gap = rtl ? previous.x0 - piece.x1 : piece.x0 - previous.x1;
      const size = Math.min(piece.size, previous.size);
      if (gap > 0.15 * size && !/\s$/.test(text) && !/^\s/.test(piece.text)) text += ' ';
    }
    text += piece.text;
    previous = piece;
  }
  const sizes = new Map<number, number>();
  for (const p of pieces) sizes.set(round(p.size, 0.1), (sizes.get(round(p.size, 0.1)) ?? 0) + p.text.length);
  return {
    x0: minOf(pieces, (p) => p.x0),
    x1: maxOf(pieces, (p) => p.x1),
    y: pieces.reduce((best, p) => (p.size > best.size ? p : best), pieces[0]).y,
    size: argmax(sizes),
    text: text.replace(/\s+/g, ' ').trim(),
    rtl,
  };
}

const joinFragments = (fragments: Fragment[]): string => {
  const rtl = fragments.filter((f) => f.rtl).length * 2 > fragments.length;
  return (rtl ? [...fragments].sort((a, b) => b.x1 - a.x1) : fragments).map((f) => f.text).join(' ');
};

function dominantSize(fragments: Fragment[]): number {
  const sizes = new Map<number, number>();
  for (const f of fragments) sizes.set(f.size, (sizes.get(f.size) ?? 0) + f.text.length);
  return argmax(sizes);
}

function argmax(weights: Map<number, number>): number {
  let best = 0;
  let bestWeight = -1;
  for (const [key, w] of weights) {
    if (w > bestWeight || (w === bestWeight && key > best)) {
      best = key;
      bestWeight = w;
    }
  }
  return best;
}

const round = (value: number, step: number): number => Math.round(value / step) * step;

/** Loops, not Math.min(...spread): a page can hold more fragments than a call takes arguments. */
function minOf<T>(items: readonly T[], value: (item: T) => number): number {
  let out = Infinity;
  for (const item of items) out = Math.min(out, value(item));
  return out;
}

function maxOf<T>(items: readonly T[], value: (item: T) => number): number {
  let out = -Infinity;
  for (const item of items) out = Math.max(out, value(item));
  return out;
}

/** The body font size (most characters) and the usual distance between body lines. */
function measure(pages: Row[][]): Pick<Stats, 'bodySize' | 'leading'> {
  const sizes = new Map<number, number>();
  for (const rows of pages) {
    for (const row of rows) for (const f of row.fragments) sizes.set(round(f.size, 0.5), (sizes.get(round(f.size, 0.5)) ?? 0) + f.text.length);
  }
  const bodySize = argmax(sizes) || 10;
  const gaps = new Map<number, number>();
  for (const rows of pages) {
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1];
      const b = rows[i];
      if (!isBodySize(a.size, bodySize) || !isBodySize(b.size, bodySize)) continue;
      const dy = b.y - a.y;
      if (dy > 0.8 * bodySize && dy < 2.5 * bodySize) gaps.set(round(dy, 0.5), (gaps.get(round(dy, 0.5)) ?? 0) + 1);
    }
  }
  return { bodySize, leading: argmax(gaps) || bodySize * 1.2 };
}

const isBodySize = (size: number, body: number): boolean => Math.abs(size - body) <= Math.max(0.5, body * 0.06);

// ---------------------------------------------------------------------------------------------
// 2. Page furniture.

const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/gi;
const MONTHS = /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b\.?/gi;
const FURNITURE_WORDS = /\b(?:page|pages|pg|p|of|printed|downloaded|accessed|retrieved|on|at|from|am|pm|utc|gmt)\b\.?/gi;
/** Roman page numbers i to xxxix; "mix" or "civil" are words, not numbers. */
const ROMAN = /^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$/i;

/**
 * A line that holds only a page number ("7", "Page 3 of 9", "- 12 -", "xiv"), a date or time
 * ("14/03/2024, 09:41", "Printed 14 March 2024") or a URL: what print headers and footers carry.
 */
export function isFurnitureText(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 160) return false;
  if (ROMAN.test(t)) return true;
  const hasUrl = new RegExp(URL_PATTERN.source, 'i').test(t);
  if (!hasUrl && !/\d/.test(t)) return false;
  const rest = t.replace(URL_PATTERN, ' ').replace(MONTHS, ' ').replace(FURNITURE_WORDS, ' ');
  return !/\p{L}/u.test(rest);
}

/** Text compared across pages: case and spacing ignored, every number the same. */
const signature = (text: string): string => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/**
 * Drops running headers and footers. Candidates are the rows at each page's top and bottom edge
 * (and each fragment of such a row, so that a header and a page number on one baseline are
 * judged apart) that stand apart from the body: set in a smaller font than the body, or above
 * (below, at the bottom) a gap wider than the line spacing. Headings (larger than the body) are
 * never candidates: a chapter's title at the top of each chapter's first page is text. A
 * candidate goes when its text, digits ignored, appears on another page within a few points of
 * the same height, or when it is one of the two outermost rows and holds only a page number, a
 * date or a URL.
 */
function removeFurniture(pages: Row[][], stats: Pick<Stats, 'bodySize' | 'leading'>): Row[][] {
  interface Unit {
    page: number;
    y: number;
    sig: string;
    text: string;
    fragments: Fragment[];
    /** Index among the page's rows counted from the nearer edge (0 = outermost). */
    depth: number;
  }
  const units: Unit[] = [];
  const wideGap = 1.4 * stats.leading;
  pages.forEach((rows, page) => {
    const n = rows.length;
    const window = Math.min(EDGE_ROWS, n);
    // Rows above the lowest wide gap among the top rows, and below the highest among the bottom ones.
    let topBand = -1;
    for (let j = 0; j < window && j + 1 < n; j++) if (rows[j + 1].y - rows[j].y >= wideGap) topBand = j;
    let bottomBand = n;
    for (let k = n - 1; k > n - 1 - window && k > 0; k--) if (rows[k].y - rows[k - 1].y >= wideGap) bottomBand = k;
    const indices = new Set<number>();
    for (let i = 0; i < window; i++) indices.add(i).add(n - 1 - i);
    for (const i of indices) {
      const row = rows[i];
      const apart = i <= topBand || i >= bottomBand || row.size < 0.9 * stats.bodySize;
      if (!apart || row.size >= stats.bodySize * HEADING_RATIO) continue;
      const depth = Math.min(i, n - 1 - i);
      units.push({ page, y: row.y, sig: signature(row.text), text: row.text, fragments: row.fragments, depth });
      if (row.fragments.length > 1) {
        for (const f of row.fragments) units.push({ page, y: row.y, sig: signature(f.text), text: f.text, fragments: [f], depth });
      }
    }
  });
  const bySignature = new Map<string, Unit[]>();
  for (const unit of units) {
    if (!unit.sig) continue;
    const list = bySignature.get(unit.sig) ?? [];
    list.push(unit);
    bySignature.set(unit.sig, list);
  }
  const dropped = new Set<Fragment>();
  for (const unit of units) {
    const repeated = (bySignature.get(unit.sig) ?? []).some((other) => other.page !== unit.page && Math.abs(other.y - unit.y) <= 4);
    const pattern = unit.depth < EDGE_PATTERN_ROWS && isFurnitureText(unit.text);
    if (repeated || pattern) for (const f of unit.fragments) dropped.add(f);
  }
  if (!dropped.size) return pages;
  const kept = pages.map((rows) =>
    rows
      .map((row) => {
        const fragments = row.fragments.filter((f) => !dropped.has(f));
        return fragments.length === row.fragments.length ? row : { ...row, fragments, size: fragments.length ? dominantSize(fragments) : row.size, text: joinFragments(fragments) };
      })
      .filter((row) => row.fragments.length > 0),
  );
  // A document that is nothing but "furniture" (a page of dates, a list of links) keeps it all.
  return kept.some((rows) => rows.length) ? kept : pages;
}

// ---------------------------------------------------------------------------------------------
// 3. Columns and reading order.

/**
 * A page's fragments in reading order, as segments. A vertical gap in the x-distribution of the
 * fragments (a gutter: an x crossed by few fragments, with enough text on either side, both
 * sides sharing the same height range) splits the page into columns. Walking down the page,
 * fragments wholly left or right of the gutter are collected; a fragment across it (a heading
 * or figure over both columns) closes the run: the left column is read, then the right, then
 * the full-width fragment. Each side is searched again, once, for a further gutter.
 */
function readingOrder(fragments: Fragment[], stats: Pick<Stats, 'bodySize' | 'leading'>, depth = 0): Fragment[][] {
  const gutter = depth < 2 ? findGutter(fragments, stats) : null;
  if (gutter === null) return fragments.length ? [fragments] : [];
  const sorted = [...fragments].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const out: Fragment[][] = [];
  let left: Fragment[] = [];
  let right: Fragment[] = [];
  let across: Fragment[] = [];
  const flushColumns = () => {
    if (left.length) out.push(...readingOrder(left, stats, depth + 1));
    if (right.length) out.push(...readingOrder(right, stats, depth + 1));
    left = [];
    right = [];
  };
  const flushAcross = () => {
    if (across.length) out.push(across);
    across = [];
  };
  for (const f of sorted) {
    if (f.x1 <= gutter) {
      flushAcross();
      left.push(f);
    } else if (f.x0 >= gutter) {
      flushAcross();
      right.push(f);
    } else {
      flushColumns();
      across.push(f);
    }
  }
  flushColumns();
  flushAcross();
  return out;
}

function findGutter(fragments: Fragment[], stats: Pick<Stats, 'bodySize' | 'leading'>): number | null {
  if (fragments.length < 6) return null;
  const minX = minOf(fragments, (f) => f.x0);
  const maxX = maxOf(fragments, (f) => f.x1);
  const width = maxX - minX;
  if (width < 10 * stats.bodySize || width > 20_000) return null;
  const from = Math.ceil(minX + 0.2 * width);
  const to = Math.floor(maxX - 0.2 * width);
  if (to < from) return null;
  // How many fragments cross each whole point between 20% and 80% of the text's width (a
  // difference array: linear in fragments plus points); the gutter is the middle of the longest
  // stretch crossed by the fewest.
  const diff = new Int32Array(to - from + 2);
  for (const f of fragments) {
    const a = Math.max(from, Math.floor(f.x0) + 1);
    const b = Math.min(to, Math.ceil(f.x1) - 1);
    if (a > b) continue;
    diff[a - from]++;
    diff[b - from + 1]--;
  }
  const crossing = new Int32Array(to - from + 1);
  let best = Infinity;
  for (let i = 0, running = 0; i < crossing.length; i++) {
    running += diff[i];
    crossing[i] = running;
    best = Math.min(best, running);
  }
  let bestRun: [number, number] = [0, -1];
  for (let i = 0; i < crossing.length; i++) {
    if (crossing[i] !== best) continue;
    let j = i;
    while (j + 1 < crossing.length && crossing[j + 1] === best) j++;
    if (j - i > bestRun[1] - bestRun[0]) bestRun = [i, j];
    i = j;
  }
  if (bestRun[1] - bestRun[0] < 0.6 * stats.bodySize) return null;
  const gutter = from + (bestRun[0] + bestRun[1]) / 2;
  const left = fragments.filter((f) => f.x1 <= gutter);
  const right = fragments.filter((f) => f.x0 >= gutter);
  if (left.length < 3 || right.length < 3) return null;
  if (best > 0.2 * (left.length + right.length)) return null;
  // Columns of text, not a table's narrow cells or a right-aligned date.
  if (median(left.map((f) => f.x1 - f.x0)) < 0.25 * width || median(right.map((f) => f.x1 - f.x0)) < 0.25 * width) return null;
  const top = Math.max(minOf(left, (f) => f.y), minOf(right, (f) => f.y));
  const bottom = Math.min(maxOf(left, (f) => f.y), maxOf(right, (f) => f.y));
  if (bottom - top < 2 * stats.leading) return null;
  return gutter;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

/** A segment's fragments merged into lines (fragments on one baseline, left to right). */
function linesOf(fragments: Fragment[], page: number): Line[] {
  const sorted = [...fragments].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: Fragment[][] = [];
  for (const f of sorted) {
    const last = groups[groups.length - 1];
    if (last && sameLine({ y: last[0].y, size: dominantSize(last) }, f)) last.push(f);
    else groups.push([f]);
  }
  const segment: Segment = {
    left: minOf(fragments, (f) => f.x0),
    right: maxOf(fragments, (f) => f.x1),
  };
  return groups.map((group, i) => {
    const byX = [...group].sort((a, b) => a.x0 - b.x0);
    const raw = joinFragments(byX);
    const softHyphen = /\u00AD\s*$/.test(raw);
    let text = cleanPdfText(raw);
    const bullet = BULLET.test(text);
    if (bullet) text = text.replace(BULLET, '');
    return {
      page,
      x0: byX[0].x0,
      x1: maxOf(byX, (f) => f.x1),
      y: byX.reduce((best, f) => (f.size > best.size ? f : best), byX[0]).y,
      size: dominantSize(byX),
      text,
      softHyphen,
      bullet,
      segment,
      first: i === 0,
    };
  });
}

const BULLET = /^[\u2022\u25AA\u25E6\u25CF\u2023\u2219\u25A0\u25A1\u25BA\u27A2]\s*/;

const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};

/**
 * A line's text as it is stored: Latin ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) spelled out, soft hyphens
 * (U+00AD) removed, runs of whitespace one space, then our normalization (NFC, no control
 * characters; src/core/text/normalize.ts). pdf.js already expands most ligatures; fonts with odd
 * encodings still produce them, hence this pass.
 */
export function cleanPdfText(text: string): string {
  const expanded = text.replace(/[\uFB00-\uFB06]/g, (ch) => LIGATURES[ch] ?? ch).replace(/\u00AD/g, '');
  return normalizeText(expanded).replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// 4-6. Paragraphs, headings, line ends.

const SENTENCE_END = /[.!?…:;]["'”’»)\]]*$/;
const STARTS_LOWER = /^["'“‘(]?\p{Ll}/u;
const TOC_ENTRY = /(?:\.\s?){3,}\s*(?:\d+|[ivxlc]+)$/i;
/** Prefixes that keep their hyphen before a lowercase word unless the document spells them closed. */
const KEEP_PREFIXES = new Set(['self', 'non', 'ex', 'all', 'quasi', 'anti', 'pro', 'well', 'cross', 'half', 'multi', 'post', 'pre']);

/** Word counts of the whole document, lowercased; compounds ("iran-backed") count as one word. */
export function wordCounts(lines: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const match of line.matchAll(/[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu)) {
      const word = match[0].toLowerCase();
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Whether a word broken at a line end as `before-` / `after` is one word (true: "opera-" /
 * "tions" reads "operations") or a hyphenated compound that happens to break at its hyphen
 * (false: "Iran-" / "backed" stays "Iran-backed"). `counts` are the document's words
 * (wordCounts). The rule, first match wins:
 * - `after` does not start with a lowercase letter (a name, a number): keep the hyphen.
 * - The compound "before-after" is printed elsewhere in the document, and the closed word
 *   "beforeafter" is not printed more often: keep it.
 * - The closed word is printed elsewhere: join.
 * - `before` is a prefix usually written with a hyphen (self-, non-, anti-, pro-…): keep it.
 * - `before` is capitalized and looks like a proper noun (it is not the first word of a
 *   sentence, or it also appears on its own elsewhere): keep it.
 * - Otherwise join.
 */
export function joinsHyphenated(before: string, after: string, counts: ReadonlyMap<string, number>, sentenceStart = false): boolean {
  if (!STARTS_LOWER.test(after)) return false;
  const b = before.toLowerCase();
  const a = after.toLowerCase();
  const compound = counts.get(`${b}-${a}`) ?? 0;
  const closed = counts.get(b + a) ?? 0;
  if (compound > 0 && compound >= closed) return false;
  if (closed > 0) return true;
  if (KEEP_PREFIXES.has(b)) return false;
  // `before` itself was counted once at the line end; more means it stands alone elsewhere.
  if (/^\p{Lu}/u.test(before) && (!sentenceStart || (counts.get(b) ?? 0) > 1)) return false;
  return true;
}

interface Draft {
  kind: BlockKind;
  size: number;
  lines: Line[];
  text: string;
  /** Where a page's first line starts in `text`. */
  marks: Array<{ page: number; at: number }>;
}

function layOut(pieces: Piece[][], info: Record<string, unknown>): ParsedDocument {
  const rawRows = pieces.map(rowsOf);
  const measured = measure(rawRows);
  const pages = removeFurniture(rawRows, measured);

  const lines: Line[] = [];
  pages.forEach((rows, page) => {
    const fragments = rows.flatMap((row) => row.fragments);
    for (const segment of readingOrder(fragments, measured)) lines.push(...linesOf(segment, page).filter((l) => l.text));
  });
  const stats: Stats = { ...measured, indentStyle: usesIndents(lines, measured) };
  const counts = wordCounts(lines.map((l) => l.text));

  const drafts: Draft[] = [];
  let current: Draft | null = null;
  const startedPages = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const previous = i > 0 ? lines[i - 1] : null;
    if (!current || !previous || startsBlock(current, previous, line, stats)) {
      current = { kind: line.bullet ? 'list-item' : 'paragraph', size: line.size, lines: [line], text: line.text, marks: [] };
      drafts.push(current);
      if (!startedPages.has(line.page)) current.marks.push({ page: line.page, at: 0 });
    } else {
      const at = appendLine(current, previous, line, counts);
      if (!startedPages.has(line.page)) current.marks.push({ page: line.page, at });
      current.lines.push(line);
    }
    startedPages.add(line.page);
  }

  // Headings: noticeably larger than the body, and short; the largest size is level 1.
  const isHeading = (d: Draft) =>
    d.kind === 'paragraph' && d.size >= stats.bodySize * HEADING_RATIO && d.text.length <= MAX_HEADING_CHARS && d.lines.length <= MAX_HEADING_LINES;
  const headingSizes = [...new Set(drafts.filter(isHeading).map((d) => round(d.size, 0.5)))].sort((a, b) => b - a);
  const levels = new Map<number, number>();
  let level = 0;
  let previousSize = Infinity;
  for (const size of headingSizes) {
    if (previousSize - size > 0.5) level++;
    levels.set(size, Math.min(6, level));
    previousSize = size;
  }

  const out = new BlockBuilder();
  const pageStarts: Array<number | undefined> = new Array(pieces.length).fill(undefined);
  for (const draft of drafts) {
    const heading = isHeading(draft);
    const kind: BlockKind = heading ? 'heading' : draft.kind;
    const extra = heading ? { level: levels.get(round(draft.size, 0.5)) ?? 1 } : kind === 'list-item' ? { level: 1, ordered: false } : {};
    const placed = out.add(kind, { text: draft.text, marks: draft.marks.map((m) => m.at) }, extra);
    if (placed) draft.marks.forEach((m, i) => (pageStarts[m.page] = placed.marks[i]));
  }

  const text = out.text;
  return {
    text,
    blocks: out.blocks,
    metadata: metadataOf(info, drafts.filter((d) => d.lines[0].page === 0 && isHeading(d))),
    pageStarts: fillPageStarts(pageStarts, text.length),
  };
}

/**
 * One entry per page, so that index = page number - 1. A page that contributes no text (a
 * figure, a blank page, a page of furniture only) gets the offset where the next page with text
 * begins (the text's length after the last one): its passages, if it had any, would start
 * there. The result is non-decreasing and starts at 0.
 */
function fillPageStarts(starts: Array<number | undefined>, length: number): number[] {
  const out = new Array<number>(starts.length);
  let next = length;
  for (let i = starts.length - 1; i >= 0; i--) {
    next = Math.min(next, starts[i] ?? next);
    out[i] = next;
  }
  if (out.length) out[0] = 0;
  for (let i = 1; i < out.length; i++) out[i] = Math.max(out[i], out[i - 1]);
  return out;
}

/** Most paragraph starts are first-line indents (rather than blank space above). */
function usesIndents(lines: Line[], stats: Pick<Stats, 'bodySize' | 'leading'>): boolean {
  let indents = 0;
  let gaps = 0;
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1];
    const b = lines[i];
    if (b.first || !isBodySize(a.size, stats.bodySize) || !isBodySize(b.size, stats.bodySize)) continue;
    if (b.y - a.y > stats.leading * 1.3 + 0.5) gaps++;
    else if (isIndented(b) && !isIndented(a)) indents++;
  }
  return indents >= 2 && indents > gaps;
}

/** The first line of an indented paragraph: in from its column's left edge by 0.8 em to 5 em. */
function isIndented(line: Line): boolean {
  const inset = line.x0 - line.segment.left;
  return inset >= 0.8 * line.size && inset <= 5 * line.size;
}

function fullLine(line: Line): boolean {
  const width = line.segment.right - line.segment.left;
  return line.x1 >= line.segment.right - Math.max(3 * line.size, 0.12 * width);
}

const sizeChanges = (a: number, b: number): boolean => Math.abs(a - b) > Math.max(0.5, 0.06 * Math.max(a, b));

/** Whether `line` starts a new block after `previous` (the last line of `current`). */
function startsBlock(current: Draft, previous: Line, line: Line, stats: Stats): boolean {
  if (line.bullet) return true;
  if (sizeChanges(previous.size, line.size)) return true;
  const heading = current.size >= stats.bodySize * HEADING_RATIO;
  if (line.first) {
    // A new page or column: the paragraph goes on if it was cut mid-sentence and the next line
    // starts in lowercase, or if it was cut at a full line (mid-sentence, or in a document that
    // indents its paragraphs) and the next line is not indented.
    if (heading) return true;
    const ended = SENTENCE_END.test(previous.text) && !previous.softHyphen;
    if (!ended && STARTS_LOWER.test(line.text)) return false;
    if (isIndented(line)) return true;
    if (!ended && fullLine(previous)) return false;
    if (ended && stats.indentStyle && fullLine(previous)) return false;
    return true;
  }
  const dy = line.y - previous.y;
  const spacing = isBodySize(line.size, stats.bodySize) ? stats.leading : 1.2 * Math.max(line.size, previous.size);
  if (dy > spacing * 1.3 + 0.5) return true;
  if (dy < -0.5 * line.size) return true; // back up the page: something out of order, keep it apart
  if (heading) return false;
  const first = current.lines[0];
  if (current.kind === 'list-item') {
    // A list item's wrapped lines hang under its text; back at the bullet's edge after a
    // finished sentence, the item is over.
    return line.x0 <= first.x0 + 0.3 * line.size && SENTENCE_END.test(previous.text);
  }
  // A first-line indent after a line at the column's edge that ended a paragraph (a sentence
  // end, or a short line). After a full line that runs on, the indent is a hanging one (a
  // numbered clause's second line), and so is an indented line that starts in lowercase.
  if (isIndented(line) && !isIndented(previous) && line.x0 - previous.x0 >= 0.8 * line.size && !STARTS_LOWER.test(line.text)) {
    if (SENTENCE_END.test(previous.text) || !fullLine(previous)) return true;
  }
  // A table of contents: each entry ends in dot leaders and a page number.
  if (TOC_ENTRY.test(previous.text)) return true;
  // A line broken on purpose: the next line's first word would have fitted after it, and it
  // ends a sentence or the next line starts with a capital ("END" / "The parser…").
  if (!/-$/.test(previous.text) && (SENTENCE_END.test(previous.text) || /^\p{Lu}/u.test(line.text))) {
    const perChar = (line.x1 - line.x0) / Math.max(1, line.text.length);
    const firstWord = line.text.split(' ', 1)[0].length + 1;
    if (line.segment.right - previous.x1 > perChar * firstWord + line.size) return true;
  }
  return false;
}

/** Appends `line` to the draft, undoing hyphenation; returns where the line's text starts. */
function appendLine(draft: Draft, previous: Line, line: Line, counts: ReadonlyMap<string, number>): number {
  const text = draft.text;
  if (previous.softHyphen) {
    draft.text = text + line.text;
    return text.length;
  }
  const broken = /([\p{L}\p{M}'’]+)-$/u.exec(text);
  if (broken && /^[\p{L}\p{M}]/u.test(line.text)) {
    const before = broken[1].replace(/^['’]+/, '');
    const after = /^[\p{L}\p{M}]+/u.exec(line.text)?.[0] ?? '';
    const lead = text.slice(0, text.length - broken[0].length).trimEnd();
    const sentenceStart = lead === '' || /[.!?]["'”’)]*$/.test(lead);
    if (joinsHyphenated(before, after, counts, sentenceStart)) {
      draft.text = text.slice(0, -1) + line.text;
      return text.length - 1;
    }
    draft.text = text + line.text;
    return text.length;
  }
  // "1990-" / "91", "pages 12-" / "14": a range broken at its dash keeps it, with no space.
  if (/\d-$/.test(text) || (/[\p{L}\p{N}][—–]$/u.test(text) && !/^\s/.test(line.text))) {
    draft.text = text + line.text;
    return text.length;
  }
  draft.text = `${text} ${line.text}`;
  return text.length + 1;
}

// ---------------------------------------------------------------------------------------------
// Metadata.

const JUNK_TITLE = /^(untitled|untitled document|document\d*|title|no title|slide \d+|microsoft word|page \d+)$/i;
const FILE_EXTENSION = /\.(docx?|pdf|indd|rtf|odt|pages|txt|tex|qxd|ps|dvi|html?|pptx?|xlsx?)$/i;

/**
 * Title, authors and date from the info dictionary when it has them (a title that is a file
 * name or a placeholder such as "Untitled" or "Microsoft Word - draft.docx" is not a title);
 * otherwise the title is the heading in the largest font on page 1 (none when page 1 has no
 * heading: the importer then names the source after its file). The creation date stands in for the
 * publication date.
 */
function metadataOf(info: Record<string, unknown>, firstPageHeadings: Draft[]): Partial<SourceMetadata> {
  const meta: Partial<SourceMetadata> = {};
  const str = (key: string): string => (typeof info[key] === 'string' ? clean(info[key] as string) : '');

  let title = str('Title').replace(/^microsoft (word|powerpoint|excel) - /i, '');
  if (FILE_EXTENSION.test(title)) title = '';
  if (title && !JUNK_TITLE.test(title)) meta.title = clip(title, 500);
  if (!meta.title && firstPageHeadings.length) {
    const largest = maxOf(firstPageHeadings, (d) => d.size);
    const top = firstPageHeadings.find((d) => d.size === largest);
    if (top) meta.title = clip(top.text, 500);
  }

  const authors = splitAuthors(str('Author'));
  if (authors.length) meta.authors = authors;

  const date = pdfDay(str('CreationDate'));
  if (date) meta.publishedAt = date;

  const language = str('Language');
  if (/^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(language)) meta.language = clip(language, 35);
  return meta;
}

function splitAuthors(value: string): string[] {
  if (!value) return [];
  let parts = value.split(/\s*;\s*|\s+and\s+|\s*&\s*/i);
  // "Jane Doe, Omar Haddad" lists names; "Doe, Jane" is one name, written surname first.
  parts = parts.flatMap((part) => {
    const pieces = part.split(/\s*,\s*/);
    return pieces.length > 1 && pieces.every((p) => /\S\s+\S/.test(p)) ? pieces : [part];
  });
  return parts
    .map((p) => clip(p.trim(), 200))
    .filter(Boolean)
    .slice(0, 50);
}

/** "D:20240314120000Z" as "2024-03-14" (as written, in the writer's time zone); partial dates kept partial. */
function pdfDay(value: string): string | undefined {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1900 || year > 2200) return undefined;
  if (!match[2]) return match[1];
  const month = Number(match[2]);
  if (month < 1 || month > 12) return match[1];
  if (!match[3]) return `${match[1]}-${match[2]}`;
  const day = Number(match[3]);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= days ? `${match[1]}-${match[2]}-${match[3]}` : `${match[1]}-${match[2]}`;
}

const clean = (value: string): string => cleanPdfText(value).toWellFormed();

function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, snapOffset(value, max, -1)).trimEnd();
}

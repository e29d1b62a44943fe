import { detectAll } from 'tinyld';
import { ApiError } from '../../shared/errors';
import type { EncodingGuess, SourceFormat } from '../../shared/types';
import { decodeBytes, decodeWith, NeedsEncoding, stripLeadingBom } from '../text/decode';
import type { ParsedDocument } from './blocks';
import { parseDocx } from './docx';
import { parseHtml } from './html';
import { parseDocument } from './parse';
import { parsePdf } from './pdf';
import { declaredCharset, detectFormat } from './sniff';

/**
 * The part of an import that reads a file: detect, decode, extract, normalize, read metadata.
 * It touches no database, so it runs in the import worker (src/core/import/worker.ts), where a
 * hostile or huge file can be stopped by time and memory limits without harming the app;
 * storing the result is the caller's short transaction (src/core/import/importer.ts).
 */
export type ParseJob =
  | { kind: 'file'; fileName: string; bytes: Uint8Array; encoding?: string }
  | { kind: 'paste'; text: string; html?: string };

export type ParseResult =
  | { ok: true; format: SourceFormat; document: ParsedDocument }
  | { ok: false; error: { code: ApiError['code']; message: string }; encodings?: EncodingGuess[] };

export async function parseJob(job: ParseJob): Promise<ParseResult> {
  try {
    if (job.kind === 'paste') return { ok: true, ...parsePasteSync(job) };
    const { format, document } = await parseFile(job);
    return { ok: true, format, document: withLanguage(document) };
  } catch (error) {
    if (error instanceof NeedsEncoding) return { ok: false, error: { code: 'decode_failed', message: error.message }, encodings: error.guesses };
    if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
    const name = job.kind === 'file' ? `"${job.fileName}"` : 'The pasted text';
    return { ok: false, error: { code: 'decode_failed', message: `${name} could not be read: ${(error as Error)?.message ?? String(error)}` } };
  }
}

async function parseFile(job: FileJob): Promise<{ format: SourceFormat; document: ParsedDocument }> {
  const { fileName, bytes } = job;
  const format = detectFormat(fileName, bytes);
  if (format === 'pdf') return { format, document: await parsePdf(bytes, { fileName }) };
  if (format === 'docx') return { format, document: await parseDocx(bytes, { fileName }) };
  return parseTextFile(job, format);
}

type FileJob = Extract<ParseJob, { kind: 'file' }>;

/**
 * Text formats (plain text, Markdown, web pages) read synchronously: the sample project is
 * seeded this way while a new project is created. Paged and zipped formats are refused here.
 */
export function parseTextFileSync(job: FileJob): { format: SourceFormat; document: ParsedDocument } {
  const format = detectFormat(job.fileName, job.bytes);
  if (format === 'pdf' || format === 'docx') throw new ApiError('unsupported_format', `"${job.fileName}" must be read asynchronously.`);
  const { document } = parseTextFile(job, format);
  return { format, document: withLanguage(document) };
}

function parseTextFile(job: FileJob, format: 'text' | 'markdown' | 'html'): { format: SourceFormat; document: ParsedDocument } {
  const { fileName, bytes } = job;
  const { text } = job.encoding
    ? decodeWith(bytes, fileName, job.encoding)
    : decodeBytes(bytes, fileName, format === 'html' ? declaredCharset(bytes) : undefined);
  return { format, document: format === 'html' ? parseHtml(text) : parseDocument(text, format) };
}

/**
 * Pasted text, or a selection copied from a web page: its HTML goes through the web-page
 * parser (structure kept, site chrome dropped, never run), and the plain text is used when the
 * HTML yields nothing readable.
 */
export function parsePasteSync(job: Extract<ParseJob, { kind: 'paste' }>): { format: SourceFormat; document: ParsedDocument } {
  const fromPage = job.html?.trim() ? parseHtml(stripLeadingBom(job.html)) : null;
  const document = fromPage?.text.trim() ? fromPage : parseDocument(stripLeadingBom(job.text), 'text');
  return { format: 'pasted', document: withLanguage(document) };
}

/** Enough text for the identifier to be sure; more only costs time. */
const LANGUAGE_SAMPLE = 4000;
/** Below this, identifiers guess (a two-line note comes out as Polish). */
const MIN_LANGUAGE_SAMPLE = 60;
const MIN_LANGUAGE_ACCURACY = 0.5;

/**
 * The language, when the file does not say: the reader sets it as `lang`, which gives Arabic,
 * Persian and Russian the right shaping, direction and hyphenation. tinyld answers with an
 * ISO 639-1 code, or '' when unsure.
 */
function withLanguage(document: ParsedDocument): ParsedDocument {
  if (document.metadata.language || !document.text.trim()) return document;
  const sample = document.text.slice(0, LANGUAGE_SAMPLE);
  if (sample.length < MIN_LANGUAGE_SAMPLE) return document;
  // A wrong language is worse than none (wrong hyphenation and shaping): only a clear answer is kept.
  const [best] = detectAll(sample);
  if (!best || best.accuracy < MIN_LANGUAGE_ACCURACY) return document;
  return { ...document, metadata: { ...document.metadata, language: best.lang } };
}

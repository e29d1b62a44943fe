import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { MAX_IMPORT_BYTES } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { ImportOutcome, ImportReport, SourceFormat, SourceMetadata } from '../../shared/types';
import type { Store } from '../db/store';
import { toApiError } from '../errors';
import { findSourceByHash, insertSource } from '../services/sources';
import type { ParsedDocument } from './blocks';
import { parsePasteSync, parseTextFileSync, type ParseJob } from './jobs';
import { inlineParser, type Parser } from './pool';

export { SUPPORTED_EXTENSIONS } from './sniff';

/**
 * One file: read by `parse` (in the import worker, in the apps), then stored in one short
 * transaction here. `encoding` is the user's answer to a `needs-encoding` outcome.
 */
export async function importFile(
  store: Store,
  fileName: string,
  bytes: Uint8Array,
  options: { encoding?: string; parse?: Parser } = {},
): Promise<ImportOutcome> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    const error = new ApiError('too_large', `"${fileName}" is ${megabytes(bytes.length)} MB; Tiemark imports files up to ${megabytes(MAX_IMPORT_BYTES)} MB.`);
    return { name: fileName, status: 'failed', error: { code: error.code, message: error.message } };
  }
  return importParsed(store, fileName, { kind: 'file', fileName, bytes, encoding: options.encoding }, fileName, {}, options.parse);
}

/** A text, Markdown or web-page file read and stored synchronously (seeding the sample project). */
export function importFileSync(store: Store, fileName: string, bytes: Uint8Array): ImportOutcome {
  try {
    const { format, document } = parseTextFileSync({ kind: 'file', fileName, bytes });
    return { name: fileName, ...storeParsed(store, document, format, fileName, {}) };
  } catch (error) {
    const failure = toApiError(error);
    return { name: fileName, status: 'failed', error: { code: failure.code, message: failure.message } };
  }
}

/** Pasted text, or a selection copied from a web page (its HTML read as a web page, never run). */
export function importPastedText(store: Store, text: string, title?: string, html?: string, parse?: Parser): Promise<ImportOutcome> {
  const name = title?.trim() || 'Pasted text';
  const overrides = title?.trim() ? { title: title.trim() } : {};
  return importParsed(store, name, { kind: 'paste', text, html }, '', overrides, parse);
}

/** Pasted text read and stored synchronously (pasting is text and HTML only, never a worker's job). */
export function importPastedTextSync(store: Store, text: string, title?: string, html?: string): ImportOutcome {
  const name = title?.trim() || 'Pasted text';
  try {
    const { format, document } = parsePasteSync({ kind: 'paste', text, html });
    return { name, ...storeParsed(store, document, format, '', title?.trim() ? { title: title.trim() } : {}) };
  } catch (error) {
    const failure = toApiError(error);
    return { name, status: 'failed', error: { code: failure.code, message: failure.message } };
  }
}

export function reportOf(outcomes: ImportOutcome[]): ImportReport {
  const count = (status: ImportOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return { outcomes, imported: count('imported'), duplicates: count('duplicate'), failed: count('failed') };
}

async function importParsed(
  store: Store,
  name: string,
  job: ParseJob,
  fileName: string,
  overrides: Partial<SourceMetadata>,
  parse: Parser = inlineParser,
): Promise<ImportOutcome> {
  const result = await parse(job);
  if (!result.ok) {
    if (result.encodings?.length) return { name, status: 'needs-encoding', error: result.error, encodings: result.encodings };
    return { name, status: 'failed', error: result.error };
  }
  try {
    return { name, ...storeParsed(store, result.document, result.format, fileName, overrides) };
  } catch (error) {
    const failure = toApiError(error);
    return { name, status: 'failed', error: { code: failure.code, message: failure.message } };
  }
}

function storeParsed(
  store: Store,
  parsed: ParsedDocument,
  format: SourceFormat,
  fileName: string,
  overrides: Partial<SourceMetadata>,
): Omit<ImportOutcome, 'name'> {
  if (!parsed.text.trim()) {
    throw new ApiError('empty_source', `${fileName ? `"${fileName}"` : 'The pasted text'} contains no readable text.`);
  }
  const contentHash = createHash('sha256').update(parsed.text).digest('hex');
  return store.write(() => {
    const existing = findSourceByHash(store, contentHash);
    if (existing) return { status: 'duplicate' as const, source: existing };
    const metadata: SourceMetadata = {
      title: fileName ? stripExtension(fileName) : 'Pasted text',
      authors: [],
      outlet: '',
      publishedAt: '',
      url: '',
      language: '',
      ...parsed.metadata,
      ...overrides,
    };
    const source = insertSource(store, {
      text: parsed.text,
      blocks: parsed.blocks,
      pageStarts: parsed.pageStarts ?? [],
      contentHash,
      format,
      fileName,
      metadata,
    });
    return { status: 'imported' as const, source };
  });
}

const stripExtension = (fileName: string) => fileName.slice(0, fileName.length - extname(fileName).length) || fileName;
const megabytes = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

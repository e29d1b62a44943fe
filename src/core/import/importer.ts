import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { MAX_IMPORT_BYTES } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { ImportOutcome, ImportReport, SourceFormat, SourceMetadata } from '../../shared/types';
import type { Store } from '../db/store';
import { toApiError } from '../errors';
import { findSourceByHash, insertSource } from '../services/sources';
import { decodeBytes, stripLeadingBom } from '../text/decode';
import { parseHtml } from './html';
import { parseDocument, type ParsedDocument } from './parse';
import { declaredCharset, detectFormat } from './sniff';

export { SUPPORTED_EXTENSIONS } from './sniff';

/** One file; decoding and parsing happen before the (short) write transaction. */
export function importFile(store: Store, fileName: string, bytes: Uint8Array): ImportOutcome {
  return outcomeOf(fileName, () => {
    if (bytes.length > MAX_IMPORT_BYTES) {
      throw new ApiError('too_large', `"${fileName}" is ${megabytes(bytes.length)} MB; Tiemark imports files up to ${megabytes(MAX_IMPORT_BYTES)} MB.`);
    }
    const format = detectFormat(fileName, bytes);
    const { text } = decodeBytes(bytes, fileName, format === 'html' ? declaredCharset(bytes) : undefined);
    return storeDocument(store, text, format, fileName, {});
  });
}

/**
 * Pasted text, or a selection copied from a web page: its HTML goes through the web-page
 * parser (structure kept, site chrome dropped), and the plain text is used when the HTML
 * yields nothing readable.
 */
export function importPastedText(store: Store, text: string, title?: string, html?: string): ImportOutcome {
  const name = title?.trim() || 'Pasted text';
  const overrides = title?.trim() ? { title: title.trim() } : {};
  return outcomeOf(name, () => {
    const fromPage = html?.trim() ? parseHtml(stripLeadingBom(html)) : null;
    if (fromPage?.text.trim()) return storeParsed(store, fromPage, 'pasted', '', overrides);
    return storeDocument(store, stripLeadingBom(text), 'pasted', '', overrides);
  });
}

export function reportOf(outcomes: ImportOutcome[]): ImportReport {
  const count = (status: ImportOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return { outcomes, imported: count('imported'), duplicates: count('duplicate'), failed: count('failed') };
}

function storeDocument(
  store: Store,
  raw: string,
  format: SourceFormat,
  fileName: string,
  overrides: Partial<SourceMetadata>,
): Omit<ImportOutcome, 'name'> {
  const parsed = format === 'html' ? parseHtml(raw, { fileName }) : parseDocument(raw, format === 'pasted' ? 'text' : format);
  return storeParsed(store, parsed, format, fileName, overrides);
}

function storeParsed(
  store: Store,
  parsed: ParsedDocument,
  format: SourceFormat,
  fileName: string,
  overrides: Partial<SourceMetadata>,
): Omit<ImportOutcome, 'name'> {
  const label = fileName || 'The pasted text';
  if (!parsed.text.trim()) {
    throw new ApiError('empty_source', `${fileName ? `"${fileName}"` : label} contains no readable text.`);
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
    const source = insertSource(store, { text: parsed.text, blocks: parsed.blocks, contentHash, format, fileName, metadata });
    return { status: 'imported' as const, source };
  });
}

function outcomeOf(name: string, run: () => Omit<ImportOutcome, 'name'>): ImportOutcome {
  try {
    return { name, ...run() };
  } catch (error) {
    const failure = toApiError(error);
    return { name, status: 'failed', error: { code: failure.code, message: failure.message } };
  }
}

const stripExtension = (fileName: string) => fileName.slice(0, fileName.length - extname(fileName).length) || fileName;
const megabytes = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

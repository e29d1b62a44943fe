import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { MAX_IMPORT_BYTES } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { ImportOutcome, ImportReport, SourceFormat, SourceMetadata } from '../../shared/types';
import type { Store } from '../db/store';
import { toApiError } from '../errors';
import { findSourceByHash, insertSource } from '../services/sources';
import { decodeBytes, stripLeadingBom } from '../text/decode';
import { parseDocument } from './parse';

const FORMAT_BY_EXTENSION: Record<string, SourceFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
};

export const SUPPORTED_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION);

export function formatOf(fileName: string): SourceFormat {
  const format = FORMAT_BY_EXTENSION[extname(fileName).toLowerCase()];
  if (!format) {
    throw new ApiError(
      'unsupported_format',
      `"${fileName}" cannot be imported yet: Tiemark reads ${SUPPORTED_EXTENSIONS.join(', ')} files.`,
      { fileName },
    );
  }
  return format;
}

/** One file; decoding and parsing happen before the (short) write transaction. */
export function importFile(store: Store, fileName: string, bytes: Uint8Array): ImportOutcome {
  return outcomeOf(fileName, () => {
    if (bytes.length > MAX_IMPORT_BYTES) {
      throw new ApiError('too_large', `"${fileName}" is ${megabytes(bytes.length)} MB; Tiemark imports files up to ${megabytes(MAX_IMPORT_BYTES)} MB.`);
    }
    const format = formatOf(fileName);
    const { text } = decodeBytes(bytes, fileName);
    return storeDocument(store, text, format, fileName, {});
  });
}

export function importPastedText(store: Store, text: string, title?: string): ImportOutcome {
  const name = title?.trim() || 'Pasted text';
  return outcomeOf(name, () =>
    storeDocument(store, stripLeadingBom(text), 'pasted', '', title?.trim() ? { title: title.trim() } : {}),
  );
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
  const parsed = parseDocument(raw, format === 'pasted' ? 'text' : format);
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

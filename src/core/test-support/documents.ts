import { expect } from 'vitest';
import { ApiError, type ErrorCode } from '../../shared/errors';
import type { ParsedDocument } from '../import/blocks';

/** Each block's text, in order. */
export const slices = (doc: ParsedDocument): string[] => doc.blocks.map((b) => doc.text.slice(b.start, b.end));

/**
 * The invariants every parser's output keeps, whatever its input (text, Markdown, HTML, PDF,
 * Word): blocks in range, ordered and non-overlapping, never blank; links and table cells inside
 * their block; the text exactly the blocks joined by a blank line; well-formed NFC text and metadata.
 */
export function expectWellFormedDocument(doc: ParsedDocument): void {
  let previousEnd = -1;
  for (const block of doc.blocks) {
    expect(Number.isInteger(block.start) && Number.isInteger(block.end)).toBe(true);
    expect(block.start).toBeGreaterThanOrEqual(0);
    expect(block.start).toBeLessThan(block.end);
    expect(block.end).toBeLessThanOrEqual(doc.text.length);
    expect(block.start).toBeGreaterThan(previousEnd); // ordered, non-overlapping
    previousEnd = block.end;
    expect(doc.text.slice(block.start, block.end).trim()).not.toBe('');
    for (const link of block.links ?? []) {
      expect(link.start).toBeGreaterThanOrEqual(block.start);
      expect(link.end).toBeLessThanOrEqual(block.end);
      expect(link.href).toMatch(/^(https?|mailto):/);
    }
    for (const [start, end] of block.cells ?? []) {
      expect(start).toBeGreaterThanOrEqual(block.start);
      expect(end).toBeLessThanOrEqual(block.end);
    }
  }
  // Offsets and text cannot disagree.
  expect(slices(doc).join('\n\n')).toBe(doc.text);
  expect(doc.text.isWellFormed()).toBe(true);
  expect(doc.text).not.toContain('\r');
  expect(doc.text).toBe(doc.text.normalize('NFC'));
  for (const value of Object.values(doc.metadata)) {
    for (const s of Array.isArray(value) ? value : [value]) expect(s.isWellFormed()).toBe(true);
  }
  if (doc.pageStarts) {
    expect(doc.pageStarts[0]).toBe(0);
    for (let i = 1; i < doc.pageStarts.length; i++) expect(doc.pageStarts[i]).toBeGreaterThanOrEqual(doc.pageStarts[i - 1]);
  }
}

/** The ApiError a parser's promise rejects with, checked for its code and for naming the file. */
export async function refusalOf(promise: Promise<unknown>, code: ErrorCode, fileName: string): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  const api = error as ApiError;
  expect(api.code).toBe(code);
  expect(api.message).toContain(`"${fileName}"`);
  return api;
}

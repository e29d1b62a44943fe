import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../core/backend';
import { METHOD_NAMES } from '../shared/api';
import type { ErrorCode, Result } from '../shared/errors';
import type { Highlight, ImportReport, ProjectInfo, Source, SourceSummary } from '../shared/types';
import { startHost, type RunningHost } from './server';
import { callApi } from './test-support/http';
import { Normalizer } from './test-support/normalize';
import { makeRendererDir, makeTempDir, removeTempDirs } from './test-support/temp';

/**
 * The contract between the two transports (ARCHITECTURE.md, "One interface, two transports"):
 * one table of cases, run in lockstep against two fresh projects, one through
 * `backend.dispatch` and one through `POST /api/<method>` on a real host. Each case states what
 * must come back; both transports must return it, and the same thing once generated ids, times
 * and the project folder are replaced by placeholders.
 */

/** Values a case saves for later cases (ids, texts); each transport has its own. */
type Ctx = Map<string, string>;

const need = (ctx: Ctx, key: string): string => {
  const value = ctx.get(key);
  if (value === undefined) throw new Error(`an earlier case did not save "${key}"`);
  return value;
};

interface Case {
  name: string;
  method: string;
  /** `undefined` is sent as an empty HTTP body. */
  args: (ctx: Ctx) => unknown;
  expect: 'ok' | ErrorCode;
  /** Extra checks on the value (ok) or the error (failure); run for both transports. */
  check?: (valueOrError: unknown, ctx: Ctx) => void;
  save?: (value: unknown, ctx: Ctx) => void;
}

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64');

const PASTED = 'Minutes of the meeting\n\nThe envoy met the council in March and agreed a ceasefire.';
const EMOJI = 'Flags 🇺🇦 and family 👨‍👩‍👧 stand here; café au lait.';
const NOTES_MD = [
  '---',
  'title: Field notes from the coast',
  'authors: [A. Writer, B. Reporter]',
  'outlet: The Example Review',
  'date: 2024-03-14',
  'url: https://example.org/notes',
  '---',
  '# Field notes',
  '',
  'The envoy met the **council** in March.',
  '',
  '- first point',
  '- second point',
  '',
].join('\n');
const PLAIN_TXT = 'Shipping report\r\n\r\nThree vessels were stopped near the strait.\r\n';
const INVALID_UTF8 = Buffer.from([0x48, 0x69, 0x20, 0xc3, 0x28, 0x21]);
const BINARY = Buffer.alloc(64, 0);

const importReport = (v: unknown) => v as ImportReport;
const summaries = (v: unknown) => v as SourceSummary[];
const highlights = (v: unknown) => v as Highlight[];
const errorOf = (v: unknown) => v as { code: string; message: string; detail?: Record<string, unknown> };

const CASES: Case[] = [
  // ---- an empty project
  {
    name: 'a new project is empty',
    method: 'projectInfo',
    args: () => ({}),
    expect: 'ok',
    check: (v) => {
      const info = v as ProjectInfo;
      expect(info).toMatchObject({ name: 'Contract', sourceCount: 0, highlightCount: 0, appVersion: '0.1.0' });
      expect(info.schemaVersion).toBeGreaterThan(0);
      expect(info.path.endsWith('Contract.tiemark')).toBe(true);
    },
  },
  { name: 'empty body is no arguments', method: 'projectInfo', args: () => undefined, expect: 'ok' },
  { name: 'null is no arguments', method: 'listSources', args: () => null, expect: 'ok', check: (v) => expect(v).toEqual([]) },
  { name: 'unknown field', method: 'projectInfo', args: () => ({ verbose: true }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).message).toMatch(/verbose is not a known field/) },
  { name: 'arguments as a list', method: 'listSources', args: () => [], expect: 'invalid_argument', check: (e) => expect(errorOf(e).message).toMatch(/must be an object, got an array/) },
  { name: 'arguments as text', method: 'listSources', args: () => 'all', expect: 'invalid_argument' },

  // ---- unknown methods, including names every object has
  { name: 'no such method', method: 'dropDatabase', args: () => ({}), expect: 'unknown_method', check: (e) => expect(errorOf(e).message).toContain('"dropDatabase"') },
  { name: 'method names are case-sensitive', method: 'listsources', args: () => ({}), expect: 'unknown_method' },
  { name: '__proto__ is not a method', method: '__proto__', args: () => ({}), expect: 'unknown_method' },
  { name: 'constructor is not a method', method: 'constructor', args: () => ({}), expect: 'unknown_method' },
  { name: 'toString is not a method', method: 'toString', args: () => ({}), expect: 'unknown_method' },
  { name: 'hasOwnProperty is not a method', method: 'hasOwnProperty', args: () => ({}), expect: 'unknown_method' },
  { name: 'empty method name', method: '', args: () => ({}), expect: 'unknown_method' },

  // ---- importText
  {
    name: 'pasted text',
    method: 'importText',
    args: () => ({ text: PASTED, title: '  Council minutes  ' }),
    expect: 'ok',
    check: (v) => {
      const r = importReport(v);
      expect(r).toMatchObject({ imported: 1, duplicates: 0, failed: 0 });
      expect(r.outcomes[0]).toMatchObject({ name: 'Council minutes', status: 'imported', source: { title: 'Council minutes', format: 'pasted', fileName: '' } });
    },
    save: (v, ctx) => ctx.set('pasted', importReport(v).outcomes[0].source!.id),
  },
  {
    name: 'the same text again is a duplicate of the first',
    method: 'importText',
    args: () => ({ text: PASTED }),
    expect: 'ok',
    check: (v, ctx) => {
      const r = importReport(v);
      expect(r).toMatchObject({ imported: 0, duplicates: 1, failed: 0 });
      expect(r.outcomes[0].source?.id).toBe(need(ctx, 'pasted'));
    },
  },
  {
    name: 'text with emoji and combining marks',
    method: 'importText',
    args: () => ({ text: EMOJI }),
    expect: 'ok',
    save: (v, ctx) => ctx.set('emoji', importReport(v).outcomes[0].source!.id),
  },
  {
    name: 'blank text is an empty source',
    method: 'importText',
    args: () => ({ text: ' \n\t\n ' }),
    expect: 'ok',
    check: (v) => expect(importReport(v)).toMatchObject({ imported: 0, failed: 1, outcomes: [{ status: 'failed', error: { code: 'empty_source' } }] }),
  },
  { name: 'missing text', method: 'importText', args: () => ({ title: 'x' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'text' }) },
  { name: 'text of the wrong type', method: 'importText', args: () => ({ text: 42 }), expect: 'invalid_argument' },
  { name: 'lone surrogate in text', method: 'importText', args: () => ({ text: 'a\uD800b' }), expect: 'invalid_argument' },

  // ---- importFiles
  {
    name: 'a batch with one failing file imports the others',
    method: 'importFiles',
    args: () => ({
      files: [
        { name: 'notes.md', dataBase64: b64(NOTES_MD) },
        { name: 'broken.txt', dataBase64: b64(INVALID_UTF8) },
        { name: 'plain.txt', dataBase64: b64(PLAIN_TXT) },
      ],
    }),
    expect: 'ok',
    check: (v) => {
      const r = importReport(v);
      expect(r).toMatchObject({ imported: 2, duplicates: 0, failed: 1 });
      expect(r.outcomes.map((o) => [o.name, o.status])).toEqual([
        ['notes.md', 'imported'],
        ['broken.txt', 'failed'],
        ['plain.txt', 'imported'],
      ]);
      expect(r.outcomes[1].error?.code).toBe('decode_failed');
      expect(r.outcomes[1].source).toBeUndefined();
      expect(r.outcomes[0].source).toMatchObject({
        title: 'Field notes from the coast',
        authors: ['A. Writer', 'B. Reporter'],
        outlet: 'The Example Review',
        publishedAt: '2024-03-14',
        url: 'https://example.org/notes',
        format: 'markdown',
        fileName: 'notes.md',
        highlightCount: 0,
      });
      expect(r.outcomes[2].source).toMatchObject({ title: 'Shipping report', format: 'text', fileName: 'plain.txt' });
    },
    save: (v, ctx) => {
      const r = importReport(v);
      ctx.set('md', r.outcomes[0].source!.id);
      ctx.set('txt', r.outcomes[2].source!.id);
    },
  },
  {
    name: 'duplicates, in the project and within the batch, and every failure kind',
    method: 'importFiles',
    args: () => ({
      files: [
        { name: 'copy of plain.txt', dataBase64: b64(PLAIN_TXT.replace(/\r\n/g, '\n')) },
        { name: 'picture.png', dataBase64: b64('\x89PNG\r\n') },
        { name: 'empty.txt', dataBase64: '' },
        { name: 'binary.txt', dataBase64: b64(BINARY) },
        { name: 'new.txt', dataBase64: b64('Brand new text about the port.') },
        { name: 'new again.txt', dataBase64: b64('Brand new text about the port.') },
      ],
    }),
    expect: 'ok',
    check: (v, ctx) => {
      const r = importReport(v);
      expect(r).toMatchObject({ imported: 1, duplicates: 2, failed: 3 });
      expect(r.outcomes.map((o) => [o.name, o.status, o.error?.code])).toEqual([
        ['copy of plain.txt', 'duplicate', undefined],
        ['picture.png', 'failed', 'unsupported_format'],
        ['empty.txt', 'failed', 'empty_source'],
        ['binary.txt', 'failed', 'decode_failed'],
        ['new.txt', 'imported', undefined],
        ['new again.txt', 'duplicate', undefined],
      ]);
      expect(r.outcomes[0].source?.id).toBe(need(ctx, 'txt'));
      expect(r.outcomes[5].source?.id).toBe(r.outcomes[4].source?.id);
    },
  },
  { name: 'no files', method: 'importFiles', args: () => ({ files: [] }), expect: 'invalid_argument' },
  { name: 'files is not a list', method: 'importFiles', args: () => ({ files: { name: 'a.txt' } }), expect: 'invalid_argument' },
  { name: 'file without data', method: 'importFiles', args: () => ({ files: [{ name: 'a.txt' }] }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'files[0].dataBase64' }) },
  { name: 'file data of the wrong type', method: 'importFiles', args: () => ({ files: [{ name: 'a.txt', dataBase64: 12 }] }), expect: 'invalid_argument' },
  { name: 'file with an unknown field', method: 'importFiles', args: () => ({ files: [{ name: 'a.txt', dataBase64: b64('hi'), path: '/etc/passwd' }] }), expect: 'invalid_argument' },
  { name: 'file data that is not base64', method: 'importFiles', args: () => ({ files: [{ name: 'a.txt', dataBase64: 'SGVsbG8gd29ybGQ=!!garbage' }] }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'files[0].dataBase64' }) },
  { name: 'file data as a data: URL', method: 'importFiles', args: () => ({ files: [{ name: 'a.txt', dataBase64: 'data:text/plain;base64,SGVsbG8=' }] }), expect: 'invalid_argument' },
  { name: 'file with an empty name', method: 'importFiles', args: () => ({ files: [{ name: '', dataBase64: b64('hi') }] }), expect: 'invalid_argument' },

  // ---- listSources and getSource
  {
    name: 'sources in import order',
    method: 'listSources',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => {
      const list = summaries(v);
      expect(list.map((s) => s.id).slice(0, 4)).toEqual([need(ctx, 'pasted'), need(ctx, 'emoji'), need(ctx, 'md'), need(ctx, 'txt')]);
      expect(list).toHaveLength(5);
      expect(list.every((s) => !('text' in s))).toBe(true);
    },
  },
  {
    name: 'a markdown source with its blocks',
    method: 'getSource',
    args: (ctx) => ({ id: need(ctx, 'md') }),
    expect: 'ok',
    check: (v) => {
      const src = v as Source;
      expect(src.text).toBe('Field notes\n\nThe envoy met the council in March.\n\nfirst point\n\nsecond point');
      expect(src.blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list-item', 'list-item']);
      expect(src.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(src.length).toBe(src.text.length);
    },
    save: (v, ctx) => ctx.set('mdText', (v as Source).text),
  },
  {
    name: 'a text source with CRLF normalized',
    method: 'getSource',
    args: (ctx) => ({ id: need(ctx, 'txt') }),
    expect: 'ok',
    check: (v) => expect((v as Source).text).toBe('Shipping report\n\nThree vessels were stopped near the strait.'),
  },
  { name: 'emoji source', method: 'getSource', args: (ctx) => ({ id: need(ctx, 'emoji') }), expect: 'ok', save: (v, ctx) => ctx.set('emojiText', (v as Source).text) },
  { name: 'unknown source', method: 'getSource', args: () => ({ id: 'no-such-source' }), expect: 'not_found', check: (e) => expect(errorOf(e).detail).toEqual({ id: 'no-such-source' }) },
  { name: 'missing id', method: 'getSource', args: () => ({}), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'id' }) },
  { name: 'id of the wrong type', method: 'getSource', args: () => ({ id: 7 }), expect: 'invalid_argument' },
  { name: 'id with forbidden characters', method: 'getSource', args: () => ({ id: "x' OR 1=1 --" }), expect: 'invalid_argument' },
  { name: 'id too long', method: 'getSource', args: () => ({ id: 'a'.repeat(65) }), expect: 'invalid_argument' },
  { name: 'unknown field next to id', method: 'getSource', args: (ctx) => ({ id: need(ctx, 'md'), withText: false }), expect: 'invalid_argument' },
  { name: 'a __proto__ key is an unknown field', method: 'getSource', args: () => JSON.parse('{"__proto__":{"id":"x"}}'), expect: 'invalid_argument' },

  // ---- updateSource
  {
    name: 'metadata is trimmed and saved',
    method: 'updateSource',
    args: (ctx) => ({ id: need(ctx, 'md'), patch: { title: '  Renamed notes ', authors: [' Ann ', 'Bob'], url: 'https://example.org/x', language: 'en' } }),
    expect: 'ok',
    check: (v) => {
      const s = v as SourceSummary;
      expect(s).toMatchObject({ title: 'Renamed notes', authors: ['Ann', 'Bob'], url: 'https://example.org/x', language: 'en', outlet: 'The Example Review' });
      expect(s.updatedAt >= s.createdAt).toBe(true);
    },
  },
  { name: 'an empty url clears it', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: { url: '' } }), expect: 'ok', check: (v) => expect((v as SourceSummary).url).toBe('') },
  { name: 'an empty patch changes nothing', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: {} }), expect: 'ok', check: (v) => expect((v as SourceSummary).title).toBe('Renamed notes') },
  { name: 'javascript: url', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: { url: 'javascript:alert(1)' } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'patch.url' }) },
  { name: 'ftp url', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: { url: 'ftp://example.org/file' } }), expect: 'invalid_argument' },
  { name: 'url with a space', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: { url: 'https://exa mple.org' } }), expect: 'invalid_argument' },
  { name: 'blank title', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: { title: '   ' } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).message).toBe('A source needs a title.') },
  { name: 'empty title', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: { title: '' } }), expect: 'invalid_argument' },
  { name: 'authors not a list', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: { authors: 'Ann' } }), expect: 'invalid_argument' },
  { name: 'the text cannot be patched', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md'), patch: { text: 'rewritten' } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'patch.text' }) },
  { name: 'missing patch', method: 'updateSource', args: (ctx) => ({ id: need(ctx, 'md') }), expect: 'invalid_argument' },
  { name: 'unknown source', method: 'updateSource', args: () => ({ id: 'gone', patch: { title: 'x' } }), expect: 'not_found' },
  {
    name: 'failed updates changed nothing',
    method: 'getSource',
    args: (ctx) => ({ id: need(ctx, 'md') }),
    expect: 'ok',
    check: (v, ctx) => {
      expect(v).toMatchObject({ title: 'Renamed notes', url: '', authors: ['Ann', 'Bob'] });
      expect((v as Source).text).toBe(need(ctx, 'mdText'));
    },
  },

  // ---- createHighlight
  {
    name: 'a highlight in the default colour',
    method: 'createHighlight',
    args: (ctx) => {
      const start = need(ctx, 'mdText').indexOf('envoy');
      return { sourceId: need(ctx, 'md'), start, end: start + 'envoy met the council'.length };
    },
    expect: 'ok',
    check: (v, ctx) => {
      const h = v as Highlight;
      expect(h).toMatchObject({ sourceId: need(ctx, 'md'), exact: 'envoy met the council', color: 'yellow' });
      expect(h.prefix).toBe('Field notes\n\nThe ');
      expect(h.suffix).toBe(' in March.\n\nfirst point\n\nsecond ');
    },
    save: (v, ctx) => ctx.set('h1', (v as Highlight).id),
  },
  {
    name: 'a highlight in a chosen colour, enclosing the first',
    method: 'createHighlight',
    args: (ctx) => ({ sourceId: need(ctx, 'md'), start: need(ctx, 'mdText').indexOf('The envoy'), end: need(ctx, 'mdText').indexOf(' in March'), color: 'green' }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ exact: 'The envoy met the council', color: 'green' }),
    save: (v, ctx) => ctx.set('h2', (v as Highlight).id),
  },
  {
    name: 'offsets inside an emoji widen to whole characters',
    method: 'createHighlight',
    args: (ctx) => {
      const text = need(ctx, 'emojiText');
      return { sourceId: need(ctx, 'emoji'), start: text.indexOf('🇺🇦') + 1, end: text.indexOf('👨') + 3 };
    },
    expect: 'ok',
    check: (v) => expect((v as Highlight).exact).toBe('🇺🇦 and family 👨‍👩‍👧'),
  },
  { name: 'unknown colour', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 0, end: 5, color: 'red' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'color' }) },
  { name: 'colour in capitals', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 0, end: 5, color: 'YELLOW' }), expect: 'invalid_argument' },
  { name: 'end before start', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 5, end: 2 }), expect: 'invalid_argument' },
  { name: 'empty range', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 5, end: 5 }), expect: 'invalid_argument' },
  { name: 'end past the text', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 0, end: need(ctx, 'mdText').length + 1 }), expect: 'invalid_argument' },
  { name: 'negative start', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: -1, end: 5 }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'start' }) },
  { name: 'offset beyond 2^31', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 0, end: 2 ** 31 }), expect: 'invalid_argument' },
  { name: 'fractional offset', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 1.5, end: 5 }), expect: 'invalid_argument' },
  { name: 'offset as text', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: '1', end: 5 }), expect: 'invalid_argument' },
  { name: 'missing end', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 1 }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'end' }) },
  {
    name: 'only whitespace',
    method: 'createHighlight',
    args: (ctx) => {
      const at = need(ctx, 'mdText').indexOf('\n\n');
      return { sourceId: need(ctx, 'md'), start: at, end: at + 2 };
    },
    expect: 'invalid_argument',
  },
  { name: 'the quote cannot be supplied', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'md'), start: 0, end: 5, exact: 'forged' }), expect: 'invalid_argument' },
  { name: 'unknown source', method: 'createHighlight', args: () => ({ sourceId: 'no-such-source', start: 0, end: 5 }), expect: 'not_found' },

  // ---- listHighlights, updateHighlight, deleteHighlight
  {
    name: 'highlights in text order, enclosing first',
    method: 'listHighlights',
    args: (ctx) => ({ sourceId: need(ctx, 'md') }),
    expect: 'ok',
    check: (v, ctx) => expect(highlights(v).map((h) => h.id)).toEqual([need(ctx, 'h2'), need(ctx, 'h1')]),
  },
  { name: 'a source without highlights', method: 'listHighlights', args: (ctx) => ({ sourceId: need(ctx, 'txt') }), expect: 'ok', check: (v) => expect(v).toEqual([]) },
  { name: 'unknown source', method: 'listHighlights', args: () => ({ sourceId: 'no-such-source' }), expect: 'not_found' },
  { name: 'sourceId missing', method: 'listHighlights', args: () => ({ id: 'x' }), expect: 'invalid_argument' },
  {
    name: 'counts in the source list',
    method: 'listSources',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => {
      const byId = new Map(summaries(v).map((s) => [s.id, s.highlightCount]));
      expect([byId.get(need(ctx, 'md')), byId.get(need(ctx, 'emoji')), byId.get(need(ctx, 'txt'))]).toEqual([2, 1, 0]);
    },
  },
  { name: 'change a colour', method: 'updateHighlight', args: (ctx) => ({ id: need(ctx, 'h1'), color: 'purple' }), expect: 'ok', check: (v, ctx) => expect(v).toMatchObject({ id: need(ctx, 'h1'), color: 'purple', exact: 'envoy met the council' }) },
  { name: 'bad colour', method: 'updateHighlight', args: (ctx) => ({ id: need(ctx, 'h1'), color: '#ff0000' }), expect: 'invalid_argument' },
  { name: 'colour missing', method: 'updateHighlight', args: (ctx) => ({ id: need(ctx, 'h1') }), expect: 'invalid_argument' },
  { name: 'offsets cannot be changed', method: 'updateHighlight', args: (ctx) => ({ id: need(ctx, 'h1'), color: 'blue', start: 0 }), expect: 'invalid_argument' },
  { name: 'unknown highlight', method: 'updateHighlight', args: () => ({ id: 'no-such-highlight', color: 'blue' }), expect: 'not_found' },
  { name: 'delete a highlight', method: 'deleteHighlight', args: (ctx) => ({ id: need(ctx, 'h2') }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: true }) },
  { name: 'delete it again', method: 'deleteHighlight', args: (ctx) => ({ id: need(ctx, 'h2') }), expect: 'not_found' },
  { name: 'id of the wrong type', method: 'deleteHighlight', args: () => ({ id: ['x'] }), expect: 'invalid_argument' },
  {
    name: 'one highlight left, recoloured',
    method: 'listHighlights',
    args: (ctx) => ({ sourceId: need(ctx, 'md') }),
    expect: 'ok',
    check: (v, ctx) => expect(highlights(v).map((h) => [h.id, h.color])).toEqual([[need(ctx, 'h1'), 'purple']]),
  },

  // ---- deleteSource
  { name: 'delete a source with its highlights', method: 'deleteSource', args: (ctx) => ({ id: need(ctx, 'md') }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: true }) },
  { name: 'the deleted source is gone', method: 'getSource', args: (ctx) => ({ id: need(ctx, 'md') }), expect: 'not_found' },
  { name: 'and so are its highlights', method: 'listHighlights', args: (ctx) => ({ sourceId: need(ctx, 'md') }), expect: 'not_found' },
  { name: 'its highlight cannot be recoloured', method: 'updateHighlight', args: (ctx) => ({ id: need(ctx, 'h1'), color: 'blue' }), expect: 'not_found' },
  { name: 'delete it again', method: 'deleteSource', args: (ctx) => ({ id: need(ctx, 'md') }), expect: 'not_found' },
  { name: 'missing id', method: 'deleteSource', args: () => ({}), expect: 'invalid_argument' },
  {
    name: 'a deleted file can be imported again',
    method: 'importFiles',
    args: () => ({ files: [{ name: 'notes.md', dataBase64: b64(NOTES_MD) }] }),
    expect: 'ok',
    check: (v, ctx) => {
      const r = importReport(v);
      expect(r).toMatchObject({ imported: 1, duplicates: 0, failed: 0 });
      expect(r.outcomes[0].source?.id).not.toBe(need(ctx, 'md'));
    },
  },
  {
    name: 'final counts',
    method: 'projectInfo',
    args: () => ({}),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ sourceCount: 5, highlightCount: 1 }),
  },
];

interface Transport {
  name: string;
  dir: string;
  ctx: Ctx;
  normalizer: Normalizer;
  call(method: string, args: unknown): Promise<Result<unknown>>;
}

describe('contract: backend.dispatch and POST /api/<method> agree', () => {
  const backends: Backend[] = [];
  let host: RunningHost;
  let direct: Transport;
  let http: Transport;

  beforeAll(async () => {
    const open = () => {
      const dir = makeTempDir('tiemark-contract-');
      const backend = Backend.open({ file: join(dir, 'Contract.tiemark'), backupDir: join(dir, 'backups'), create: true });
      backends.push(backend);
      return { dir, backend };
    };
    const a = open();
    const b = open();
    const { rendererDir } = makeRendererDir();
    host = await startHost({ dispatch: (m, args) => b.backend.dispatch(m, args), rendererDir });

    direct = {
      name: 'dispatch',
      dir: a.dir,
      ctx: new Map(),
      normalizer: new Normalizer(a.dir),
      call: async (method, args) => {
        const result = a.backend.dispatch(method, args);
        // What dispatch returns must already be plain JSON: nothing lost or changed by a round trip.
        expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
        return result;
      },
    };
    http = {
      name: 'http',
      dir: b.dir,
      ctx: new Map(),
      normalizer: new Normalizer(b.dir),
      call: async (method, args) => {
        const { status, result, response } = await callApi(host.port, host.token, method, args);
        expect(status).toBe(200);
        expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['access-control-allow-origin']).toBeUndefined();
        return result;
      },
    };
  });

  afterAll(async () => {
    await host?.close();
    for (const backend of backends) backend.close();
    removeTempDirs();
  });

  it.each(CASES.map((c) => [`${c.method || '(empty)'}: ${c.name}`, c] as const))('%s', async (_label, c) => {
    const seen: unknown[] = [];
    for (const transport of [direct, http]) {
      const args = c.args(transport.ctx);
      const result = await transport.call(c.method, args);
      const where = `${transport.name} ${c.method}: ${JSON.stringify(result).slice(0, 300)}`;
      if (c.expect === 'ok') {
        expect(result.ok, where).toBe(true);
        if (!result.ok) return;
        c.save?.(result.value, transport.ctx);
        c.check?.(result.value, transport.ctx);
      } else {
        expect(result.ok, where).toBe(false);
        if (result.ok) return;
        expect(result.error.code, where).toBe(c.expect);
        expect(typeof result.error.message).toBe('string');
        expect(result.error.message.length).toBeGreaterThan(10);
        expect(Object.keys(result.error).sort()).toEqual(result.error.detail ? ['code', 'detail', 'message'] : ['code', 'message']);
        c.check?.(result.error, transport.ctx);
      }
      expect(Object.keys(result).sort()).toEqual(result.ok ? ['ok', 'value'] : ['error', 'ok']);
      seen.push(transport.normalizer.normalize(result));
    }
    expect(seen[1]).toStrictEqual(seen[0]);
  });

  it('covers every API method with a success and a failure', () => {
    for (const method of METHOD_NAMES) {
      const cases = CASES.filter((c) => c.method === method);
      expect(cases.some((c) => c.expect === 'ok'), `${method} has no success case`).toBe(true);
      if (method !== 'listSources' && method !== 'projectInfo') {
        expect(cases.some((c) => c.expect === 'not_found' || c.expect === 'invalid_argument'), `${method} has no failure case`).toBe(true);
      } else {
        expect(cases.some((c) => c.expect === 'invalid_argument'), `${method} has no failure case`).toBe(true);
      }
    }
    for (const code of ['not_found', 'invalid_argument', 'unknown_method'] as const) {
      expect(CASES.some((c) => c.expect === code)).toBe(true);
    }
  });
});

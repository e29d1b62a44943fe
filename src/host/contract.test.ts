import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../core/backend';
import { RELATION_PRESET } from '../core/services/relation-preset';
import { STANCES, type Actor, type Claim, type Note, type RelationType, type TieEvidence, type TiePair, type UndoState } from '../shared/annotations';
import { METHOD_NAMES, TIE_PAGE_MAX, type ActorMention, type SourceAnnotations, type TiePage, type UndoResult } from '../shared/api';
import type { ErrorCode, Result } from '../shared/errors';
import type { Collection, MentionList, SearchResult } from '../shared/search';
import type { NetworkEvidence, NetworkGraph } from '../shared/network';
import { fromSpanColumns, type SpanColumns } from '../shared/spans';
import type { AnchorReviewItem, BackupInfo, Highlight, ImportReport, ProjectInfo, Source, SourceSummary, TextUpdateReport } from '../shared/types';
import { startHost, type RunningHost } from './server';
import { callApi } from './test-support/http';
import { Normalizer } from './test-support/normalize';
import { makeRendererDir, makeTempDir, removeTempDirs } from './test-support/temp';

/**
 * The contract between the two transports (one API table, served by dispatch over IPC and HTTP):
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
  /**
   * What the transports must agree on, when a value holds something each project picks by its
   * own random ids (the direction a symmetric tie is reported in). Defaults to the value.
   */
  compareAs?: (value: unknown) => unknown;
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

// ---- annotations: actors, relation types, claims, ties, notes, undo, export

/**
 * The annotated source. Every id the annotation cases save is keyed by kind and name
 * (`actor:Russia`, `hl:weapons`, `claim:funds`, `rt:trades`), so checks can name them and
 * `nameOf` can turn ids in results back into those names.
 */
const AXIS = 'Israel said Russia supplied weapons to Hizballah in March 2022. Iran funded the group, the IRGC trained its fighters, and Moscow denied it.';

/** `{ start, end }` of a passage of AXIS. */
const span = (quote: string) => {
  const start = AXIS.indexOf(quote);
  if (start < 0) throw new Error(`not in the text: ${quote}`);
  return { start, end: start + quote.length };
};
const actor = (ctx: Ctx, name: string) => need(ctx, `actor:${name}`);
const hl = (ctx: Ctx, name: string) => need(ctx, `hl:${name}`);

/** The saved name of an id ("Russia" for `actor:Russia`, "hl:weapons"), or the id itself (preset relation types). */
const nameOf = (ctx: Ctx, id: string | null): string => {
  if (id === null) return '-';
  for (const [key, value] of ctx) {
    if (value === id && key.includes(':')) return key.startsWith('actor:') ? key.slice('actor:'.length) : key;
  }
  return id;
};

const actorOf = (v: unknown) => v as Actor;
const actors = (v: unknown) => v as Actor[];
const relationTypes = (v: unknown) => v as RelationType[];
const claimOf = (v: unknown) => v as Claim;
const annotationsOf = (v: unknown) => v as SourceAnnotations;
const evidence = (v: unknown) => v as TieEvidence[];
const tags = (v: unknown) => v as { highlightId: string; actorIds: string[] };

/**
 * The pairs of a `listTies` result: the one place that knows its shape (a page,
 * `{ pairs, total, claimCount }`). A page asked for without `limit` holds every pair.
 */
const tiePairs = (v: unknown): TiePair[] => {
  const page = v as TiePage;
  expect(Array.isArray(page.pairs), 'listTies returns a page with its pairs').toBe(true);
  expect(page.total).toBeGreaterThanOrEqual(page.pairs.length);
  return page.pairs;
};
const tiePage = (v: unknown) => v as TiePage;

/** Stance counts in STANCES order ("reported 1, denied 1"); the order of the object's keys is not part of the contract. */
const stanceText = (stances: TiePair['relations'][number]['stances']): string =>
  STANCES.filter((st) => stances[st] !== undefined).map((st) => `${st} ${stances[st]}`).join(', ');

/** Each pair on one line, names for ids: "A–B <claims> [flags]: <source> <type> <target> ×<claims> in <sources> (<stances>) <from>..<to>; …". */
const tieLines = (v: unknown, ctx: Ctx): string[] =>
  tiePairs(v).map((p) => {
    const flags = [p.polarityConflict ? ' [polarity conflict]' : '', p.stanceConflict ? ' [stance conflict]' : ''].join('');
    const relations = p.relations.map(
      (r) =>
        `${nameOf(ctx, r.sourceActorId)} ${nameOf(ctx, r.relationTypeId)} ${nameOf(ctx, r.targetActorId)} ×${r.claimCount} in ${r.sourceCount} ` +
        `(${stanceText(r.stances)}) ${r.dateFrom ?? '-'}..${r.dateTo ?? '-'}`,
    );
    return `${nameOf(ctx, p.actorIds[0])}–${nameOf(ctx, p.actorIds[1])} ${p.claimCount}${flags}: ${relations.join('; ')}`;
  });

/**
 * A symmetric relation is one tie whichever way its claims run, reported from the actor with the
 * smaller id: random, so it differs between the two projects. This turns the relations of the
 * given types to run from the pair's first actor (by name), for checks and for `compareAs`.
 */
const symmetricByName = (typeIds: string[]) => (v: unknown): TiePage => {
  const page = v as TiePage;
  return {
    ...page,
    pairs: tiePairs(page).map((p) => ({
      ...p,
      relations: p.relations.map((r) =>
        typeIds.includes(r.relationTypeId) && r.sourceActorId !== p.actorIds[0] ? { ...r, sourceActorId: r.targetActorId, targetActorId: r.sourceActorId } : r,
      ),
    })),
  };
};

/** The ties of AXIS before the undo/redo sequence adds one. */
const AXIS_TIES = [
  'Hezbollah–Russia 2 [stance conflict]: Russia aid-weapons Hezbollah ×2 in 1 (reported 1, denied 1) 2022..2022',
  'Hezbollah–Iran 1: Iran aid-funds Hezbollah ×1 in 1 (alleged 1) 2021-07..2021-09',
  'Islamic Revolutionary Guard Corps–Party of God 1: Islamic Revolutionary Guard Corps aid-trains Party of God ×1 in 1 (asserted 1) 2022-01..2022-04',
];
const ACCUSE_TIE = 'Israel–Russia 1: Israel accuse Russia ×1 in 1 (asserted 1) -..-';
/** After Party of God was merged into Hezbollah. */
const MERGED_TIES = [
  AXIS_TIES[0],
  AXIS_TIES[1],
  'Hezbollah–Islamic Revolutionary Guard Corps 1: Islamic Revolutionary Guard Corps aid-trains Hezbollah ×1 in 1 (asserted 1) 2022-01..2022-04',
  ACCUSE_TIE,
];

/** The export of AXIS after the merge, ids and time replaced by `readableExport`. */
const AXIS_MARKDOWN = String.raw`---
title: Axis report
authors: []
outlet: ""
published: ""
url: ""
language: en
source_id: <axis>
tiemark: tiemark://source/<axis>
exported: "<exported>"
actors:
  - Hezbollah
  - Iran
  - Islamic Revolutionary Guard Corps
  - Israel
  - Russia
---

# Axis report

[Open in Tiemark](tiemark://source/<axis>)

## Ties

- Russia → **supplies weapons to** → Hezbollah · 2 claims (1 reported, 1 denied) · event date 2022
- Iran → **funds** → Hezbollah · 1 claim (alleged) · event dates 2021-07 – 2021-09
- Islamic Revolutionary Guard Corps → **trains** → Hezbollah · 1 claim (asserted) · event dates 2022-01 – 2022-04
- Israel → **accuses** → Russia · 1 claim (asserted)

## Highlights

### Highlight 1

> Israel said

- **Actors:** Israel
- **Claims:**
  - Israel → **accuses** → Russia · asserted · confidence: medium

[Open in Tiemark](tiemark://source/<axis>#highlight=<hl:said>)

### Highlight 2

> Russia supplied weapons to Hizballah in March 2022

- **Actors:** Hezbollah, Russia
- **Claims:**
  - Russia → **supplies weapons to** → Hezbollah · reported · attributed to Israel · confidence: high · event date: March 2022\
    *Note:* via Syria

**Note**

Check the shipment dates against the port logs.

[Open in Tiemark](tiemark://source/<axis>#highlight=<hl:weapons>)

### Highlight 3

> Iran funded the group

- **Actors:** Iran
- **Claims:**
  - Iran → **funds** → Hezbollah · alleged · attributed to UN panel · confidence: medium · event date: Q3 2021

[Open in Tiemark](tiemark://source/<axis>#highlight=<hl:funds>)

### Highlight 4

> the IRGC trained its fighters

- **Actors:** Hezbollah, Islamic Revolutionary Guard Corps
- **Claims:**
  - Islamic Revolutionary Guard Corps → **trains** → Hezbollah · asserted · confidence: medium · event date: early 2022

[Open in Tiemark](tiemark://source/<axis>#highlight=<hl:trained>)

### Highlight 5

> Moscow denied it

- **Actors:** Russia
- **Claims:**
  - Russia → **supplies weapons to** → Hezbollah · denied · attributed to Kremlin spokesman · confidence: medium · event date: 2022

[Open in Tiemark](tiemark://source/<axis>#highlight=<hl:denied>)
`;

const NO_HISTORY: UndoState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null, undo: null, redo: null };

/** A serialized Lexical editor state with one paragraph, as the note editor saves it. */
const lexical = (text: string) => JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text }] }] } });

/** An export with saved ids written as their names and the export time as <exported>. */
const readableExport = (content: string, ctx: Ctx): string => {
  let out = content.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<exported>');
  for (const [key, value] of ctx) if (/^[0-9a-f-]{36}$/.test(value)) out = out.split(value).join(`<${key}>`);
  return out;
};

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
  // ---- the project archive, while the project is still empty (exports.test cases further down)
  {
    name: 'the empty project as an archive',
    method: 'exportArchive',
    args: () => ({}),
    expect: 'ok',
    save: (v, ctx) => ctx.set('archive:empty', (v as { content: string }).content),
    check: (v) => expect(v).toMatchObject({ fileName: expect.stringMatching(/^contract-\d{4}-\d{2}-\d{2}\.tiemark-archive\.zip$/), mimeType: 'application/zip', encoding: 'base64' }),
    compareAs: (v) => ({ mimeType: (v as { mimeType: string }).mimeType, encoding: (v as { encoding: string }).encoding }),
  },
  { name: 'an archive takes no options', method: 'exportArchive', args: () => ({ format: 'zip' }), expect: 'invalid_argument' },
  {
    name: 'an archive into an empty project',
    method: 'importArchive',
    args: (ctx) => ({ file: { name: 'contract.tiemark-archive.zip', dataBase64: need(ctx, 'archive:empty') } }),
    expect: 'ok',
    check: (v) => expect(v).toEqual({ sources: 0, highlights: 0, actors: 0, claims: 0 }),
  },
  { name: 'an archive without its file', method: 'importArchive', args: () => ({}), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toMatchObject({ path: 'file' }) },
  { name: 'a file that is not an archive', method: 'importArchive', args: () => ({ file: { name: 'notes.txt', dataBase64: b64('plain words') } }), expect: 'unsupported_format' },
  {
    name: 'an archive with nothing new',
    method: 'mergeArchive',
    args: (ctx) => ({ file: { name: 'colleague.tiemark-archive.zip', dataBase64: need(ctx, 'archive:empty') } }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ sources: 0, highlights: 0, actors: 0, claims: 0, matched: { sources: 0, actors: 0, highlights: 0, claims: 0 } }),
  },
  { name: 'a merge without its file', method: 'mergeArchive', args: () => ({ file: { name: 'x.zip' } }), expect: 'invalid_argument' },
  {
    name: 'a merge reviewed first: nothing to recognize in an empty archive',
    method: 'previewMerge',
    args: (ctx) => ({ file: { name: 'colleague.tiemark-archive.zip', dataBase64: need(ctx, 'archive:empty') } }),
    expect: 'ok',
    check: (v) => expect(v).toEqual({ analyst: '', sources: { total: 0, same: 0, similar: 0 }, actors: [] }),
  },
  { name: 'a review needs the archive', method: 'previewMerge', args: () => ({ file: { name: 'x.zip' } }), expect: 'invalid_argument' },
  { name: 'a review needs a real archive', method: 'previewMerge', args: () => ({ file: { name: 'notes.txt', dataBase64: b64('plain words') } }), expect: 'unsupported_format' },
  {
    name: 'a decision names what to do',
    method: 'mergeArchive',
    args: (ctx) => ({ file: { name: 'c.zip', dataBase64: need(ctx, 'archive:empty') }, actors: [{ incomingId: 'a1', action: 'rename' }] }),
    expect: 'invalid_argument',
  },
  // Preferences: in memory here (no preferences file was given); core/preferences.test.ts has the file.
  {
    name: 'the defaults before any is set',
    method: 'getPreferences',
    args: () => ({}),
    expect: 'ok',
    check: (v) => expect(v).toEqual({ theme: 'system', textSize: 100, leftPaneWidth: 280, rightPaneWidth: 340, lastSourceId: null, lastTie: null }),
  },
  { name: 'reading takes no arguments', method: 'getPreferences', args: () => ({ theme: 'dark' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'theme' }) },
  {
    name: 'set two of them',
    method: 'setPreferences',
    args: () => ({ theme: 'dark', textSize: 120 }),
    expect: 'ok',
    check: (v) => expect(v).toEqual({ theme: 'dark', textSize: 120, leftPaneWidth: 280, rightPaneWidth: 340, lastSourceId: null, lastTie: null }),
  },
  { name: 'set another; the first two stay', method: 'setPreferences', args: () => ({ leftPaneWidth: 300 }), expect: 'ok', check: (v) => expect(v).toMatchObject({ theme: 'dark', textSize: 120, leftPaneWidth: 300 }) },
  { name: 'an unknown preference', method: 'setPreferences', args: () => ({ fontFamily: 'serif' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).message).toMatch(/fontFamily is not a known field/) },
  { name: 'a width out of bounds', method: 'setPreferences', args: () => ({ rightPaneWidth: 5000 }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).message).toMatch(/rightPaneWidth must be at most 640/) },
  { name: 'an unknown theme', method: 'setPreferences', args: () => ({ theme: 'sepia' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'theme' }) },
  { name: 'a refused change changed nothing', method: 'getPreferences', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ theme: 'dark', rightPaneWidth: 340 }) },
  // Parsing runs in process here (no worker file), so there is nothing to start ahead.
  { name: 'prepare an import', method: 'prepareImport', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual({ ready: false }) },
  { name: 'prepare an import takes no arguments', method: 'prepareImport', args: () => ({ files: 3 }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).message).toMatch(/files is not a known field/) },
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
    name: 'spans: the same highlights, lean, as columns',
    method: 'listHighlightSpans',
    args: (ctx) => ({ sourceId: need(ctx, 'md') }),
    expect: 'ok',
    check: (v, ctx) => {
      expect(Object.keys(v as object).sort()).toEqual(['colors', 'ids', 'lengths', 'startSteps']);
      const spans = fromSpanColumns(v as SpanColumns);
      expect(spans.map((h) => h.id)).toEqual([need(ctx, 'h2'), need(ctx, 'h1')]);
    },
  },
  {
    name: 'spans starting before an offset: the first part of the list',
    method: 'listHighlightSpans',
    args: (ctx) => ({ sourceId: need(ctx, 'md'), before: 1 }),
    expect: 'ok',
    check: (v) => expect(fromSpanColumns(v as SpanColumns).every((h) => h.start < 1)).toBe(true),
  },
  { name: 'spans before a negative offset', method: 'listHighlightSpans', args: (ctx) => ({ sourceId: need(ctx, 'md'), before: -5 }), expect: 'invalid_argument' },
  { name: 'spans of an unknown source', method: 'listHighlightSpans', args: () => ({ sourceId: 'no-such-source' }), expect: 'not_found' },
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

  // ---- updateSourceText, listAnchorReview, resolveAnchor
  {
    name: 'a new version whose edit touches a highlight: it waits for review',
    method: 'updateSourceText',
    args: (ctx) => ({ id: need(ctx, 'md'), text: need(ctx, 'mdText').replace('envoy met the council', 'envoy met the city council') }),
    expect: 'ok',
    check: (v) => {
      const r = v as TextUpdateReport;
      expect(r).toMatchObject({ review: 1, orphaned: 0, kept: 0, moved: 0 });
    },
  },
  {
    name: 'the same text again changes nothing',
    method: 'updateSourceText',
    args: (ctx) => ({ id: need(ctx, 'md'), text: need(ctx, 'mdText').replace('envoy met the council', 'envoy met the city council') }),
    expect: 'duplicate',
  },
  { name: 'neither a file nor text', method: 'updateSourceText', args: (ctx) => ({ id: need(ctx, 'md') }), expect: 'invalid_argument' },
  { name: 'an unknown source', method: 'updateSourceText', args: () => ({ id: 'no-such-source', text: 'x' }), expect: 'not_found' },
  {
    name: 'the highlights waiting after the update',
    method: 'listAnchorReview',
    args: (ctx) => ({ sourceId: need(ctx, 'md') }),
    expect: 'ok',
    check: (v, ctx) => {
      const items = v as AnchorReviewItem[];
      expect(items.find((i) => i.id === need(ctx, 'h1'))).toMatchObject({ anchor: 'review', exact: 'envoy met the council' });
    },
  },
  { name: 'an unknown source', method: 'listAnchorReview', args: () => ({ sourceId: 'no-such-source' }), expect: 'not_found' },
  {
    name: 'accept the candidate',
    method: 'resolveAnchor',
    args: (ctx) => ({ id: need(ctx, 'h1'), action: 'accept' }),
    expect: 'ok',
    check: (v) => expect((v as Highlight).exact).toContain('council'),
  },
  { name: 'accept a highlight already in place', method: 'resolveAnchor', args: (ctx) => ({ id: need(ctx, 'h1'), action: 'accept' }), expect: 'invalid_argument' },
  { name: 'move without a passage', method: 'resolveAnchor', args: (ctx) => ({ id: need(ctx, 'h1'), action: 'move' }), expect: 'invalid_argument' },
  { name: 'an unknown highlight', method: 'resolveAnchor', args: () => ({ id: 'no-such-highlight', action: 'accept' }), expect: 'not_found' },

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

  // ==== annotations (schema v2). The project has no actors (no samples) but the preset relation
  // types; deleting a source above cleared the undo history.
  { name: 'deleting a source cleared the history', method: 'undoState', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual(NO_HISTORY) },
  { name: 'unknown field', method: 'undoState', args: () => ({ verbose: true }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'verbose' }) },
  { name: 'nothing to undo', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual({ label: null, step: null, state: NO_HISTORY }) },
  { name: 'nothing to undo, as expected', method: 'undo', args: () => ({ expected: null }), expect: 'ok', check: (v) => expect(v).toEqual({ label: null, step: null, state: NO_HISTORY }) },
  {
    name: 'a step that is not there',
    method: 'undo',
    args: () => ({ expected: 7 }),
    expect: 'conflict',
    check: (e) => {
      expect(errorOf(e).message).toBe('Nothing was undone: this project was changed in another window, and there is nothing left to undo.');
      expect(errorOf(e).detail).toEqual({ expected: 7, current: null });
    },
  },
  { name: 'a step id that is no number', method: 'undo', args: () => ({ expected: 'last' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'expected' }) },
  { name: 'undo takes no count', method: 'undo', args: () => ({ steps: 2 }), expect: 'invalid_argument' },
  { name: 'nothing to redo', method: 'redo', args: () => undefined, expect: 'ok', check: (v) => expect(v).toEqual({ label: null, step: null, state: NO_HISTORY }) },
  { name: 'arguments as a list', method: 'redo', args: () => [], expect: 'invalid_argument' },
  { name: 'a project made without samples has no actors', method: 'listActors', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual([]) },
  { name: 'no filters', method: 'listActors', args: () => ({ kind: 'state' }), expect: 'invalid_argument' },
  {
    name: 'the preset, in its order, with stable ids',
    method: 'listRelationTypes',
    args: () => ({}),
    expect: 'ok',
    check: (v) => {
      const list = relationTypes(v);
      expect(list.map((r) => r.id)).toEqual(RELATION_PRESET.map((r) => r.id));
      expect(list.find((r) => r.id === 'aid-weapons')).toMatchObject({
        label: 'supplies weapons to',
        inverseLabel: 'receives weapons from',
        directed: true,
        polarity: 'cooperative',
        category: 'AID',
        intensity: 8,
        retired: false,
        claimCount: 0,
      });
      expect(list.find((r) => r.id === 'assault-clash')).toMatchObject({ label: 'clashes with', inverseLabel: 'clashes with', directed: false, polarity: 'conflictual' });
      expect(list.every((r) => !r.retired && r.claimCount === 0)).toBe(true);
    },
  },
  { name: 'no filters', method: 'listRelationTypes', args: () => ({ includeRetired: true }), expect: 'invalid_argument' },

  // ---- the annotated source
  {
    name: 'a source to annotate',
    method: 'importText',
    args: () => ({ text: AXIS, title: 'Axis report' }),
    expect: 'ok',
    check: (v) => expect(importReport(v)).toMatchObject({ imported: 1, outcomes: [{ source: { title: 'Axis report', length: AXIS.length } }] }),
    save: (v, ctx) => ctx.set('axis', importReport(v).outcomes[0].source!.id),
  },
  { name: 'its text is the text given', method: 'getSource', args: (ctx) => ({ id: need(ctx, 'axis') }), expect: 'ok', check: (v) => expect((v as Source).text).toBe(AXIS) },

  // ---- createActor
  {
    name: 'an actor with aliases in two scripts and a colour',
    method: 'createActor',
    args: () => ({ name: 'Hezbollah', kind: 'armed-group', aliases: ['Hizballah', ' Hizbullah ', 'حزب الله'], color: '#2e7d32' }),
    expect: 'ok',
    check: (v) =>
      expect(v).toMatchObject({
        name: 'Hezbollah',
        kind: 'armed-group',
        aliases: ['Hizballah', 'Hizbullah', 'حزب الله'],
        description: '',
        color: '#2e7d32',
        externalId: '',
        affiliationId: null,
        tagCount: 0,
        claimCount: 0,
      }),
    save: (v, ctx) => ctx.set('actor:Hezbollah', actorOf(v).id),
  },
  {
    name: 'name, aliases and description are cleaned; aliases repeating the name are dropped',
    method: 'createActor',
    args: () => ({ name: '  Russia ', kind: 'state', aliases: ['Moscow', 'the  Kremlin', 'RUSSIA'], description: ' The Russian Federation ' }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ name: 'Russia', aliases: ['Moscow', 'the Kremlin'], description: 'The Russian Federation' }),
    save: (v, ctx) => ctx.set('actor:Russia', actorOf(v).id),
  },
  {
    name: 'an actor without a colour gets one from the palette',
    method: 'createActor',
    args: () => ({ name: 'Iran', kind: 'state' }),
    expect: 'ok',
    check: (v) => expect(actorOf(v)).toMatchObject({ kind: 'state', aliases: [], color: expect.stringMatching(/^#[0-9a-f]{6}$/) }),
    save: (v, ctx) => ctx.set('actor:Iran', actorOf(v).id),
  },
  { name: 'a plain actor', method: 'createActor', args: () => ({ name: 'Israel' }), expect: 'ok', check: (v) => expect(v).toMatchObject({ kind: 'other' }), save: (v, ctx) => ctx.set('actor:Israel', actorOf(v).id) },
  {
    name: 'an actor affiliated with another',
    method: 'createActor',
    args: (ctx) => ({ name: 'Islamic Revolutionary Guard Corps', kind: 'armed-group', aliases: ['IRGC'], affiliationId: actor(ctx, 'Iran') }),
    expect: 'ok',
    check: (v, ctx) => expect(actorOf(v).affiliationId).toBe(actor(ctx, 'Iran')),
    save: (v, ctx) => ctx.set('actor:Islamic Revolutionary Guard Corps', actorOf(v).id),
  },
  {
    name: 'a second name for Hezbollah, to be merged later',
    method: 'createActor',
    args: () => ({ name: 'Party of God', kind: 'armed-group', aliases: ['Hezb'], description: 'Lebanese Shia party', externalId: ' Q41 ' }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ externalId: 'Q41' }),
    save: (v, ctx) => ctx.set('actor:Party of God', actorOf(v).id),
  },
  {
    name: 'a name that is an alias of another actor',
    method: 'createActor',
    args: () => ({ name: 'Hizballah' }),
    expect: 'duplicate',
    check: (e, ctx) => {
      expect(errorOf(e).message).toContain('Hezbollah');
      expect(errorOf(e).detail).toEqual({ actorId: actor(ctx, 'Hezbollah'), name: 'Hezbollah', matched: 'Hizballah' });
    },
  },
  { name: 'a name in other capitals', method: 'createActor', args: () => ({ name: 'HEZBOLLAH' }), expect: 'duplicate', check: (e) => expect(errorOf(e).message).toMatch(/An actor called Hezbollah already exists/) },
  { name: 'an Arabic alias written with harakat', method: 'createActor', args: () => ({ name: 'حِزْبُ اللهِ' }), expect: 'duplicate', check: (e, ctx) => expect(errorOf(e).detail).toMatchObject({ actorId: actor(ctx, 'Hezbollah') }) },
  {
    name: 'an alias that is an alias of another actor',
    method: 'createActor',
    args: () => ({ name: 'Wagner Group', aliases: ['The Kremlin'] }),
    expect: 'duplicate',
    check: (e, ctx) => expect(errorOf(e).detail).toEqual({ actorId: actor(ctx, 'Russia'), name: 'Russia', matched: 'The Kremlin' }),
  },
  { name: 'a colour name', method: 'createActor', args: () => ({ name: 'Wagner Group', color: 'green' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'color' }) },
  { name: 'a short hex colour', method: 'createActor', args: () => ({ name: 'Wagner Group', color: '#0f0' }), expect: 'invalid_argument' },
  { name: 'an unknown kind', method: 'createActor', args: () => ({ name: 'Wagner Group', kind: 'militia' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'kind' }) },
  { name: 'unknown field', method: 'createActor', args: () => ({ name: 'Wagner Group', tagCount: 3 }), expect: 'invalid_argument' },
  { name: 'a name without letters or digits', method: 'createActor', args: () => ({ name: ' … ' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ field: 'name' }) },
  { name: 'missing name', method: 'createActor', args: () => ({ kind: 'state' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'name' }) },
  { name: 'an empty alias', method: 'createActor', args: () => ({ name: 'Wagner Group', aliases: [''] }), expect: 'invalid_argument' },
  { name: 'a name too long', method: 'createActor', args: () => ({ name: 'W'.repeat(201) }), expect: 'invalid_argument' },
  { name: 'an unknown affiliation', method: 'createActor', args: () => ({ name: 'Wagner Group', affiliationId: 'no-such-actor' }), expect: 'not_found', check: (e) => expect(errorOf(e).detail).toEqual({ id: 'no-such-actor' }) },
  { name: 'an affiliation that is not an id', method: 'createActor', args: () => ({ name: 'Wagner Group', affiliationId: 'Iran, probably' }), expect: 'invalid_argument' },
  {
    name: 'actors by name; refused ones were not made',
    method: 'listActors',
    args: () => ({}),
    expect: 'ok',
    check: (v) => expect(actors(v).map((a) => a.name)).toEqual(['Hezbollah', 'Iran', 'Islamic Revolutionary Guard Corps', 'Israel', 'Party of God', 'Russia']),
  },

  // ---- updateActor
  {
    name: 'a patch changes only what it names',
    method: 'updateActor',
    args: (ctx) => ({ id: actor(ctx, 'Israel'), patch: { description: ' State of Israel ', externalId: ' Q801 ', color: '#0038b8', kind: 'state' } }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ name: 'Israel', kind: 'state', aliases: [], description: 'State of Israel', externalId: 'Q801', color: '#0038b8' }),
  },
  {
    name: 'aliases replace the list; its own names never clash with itself',
    method: 'updateActor',
    args: (ctx) => ({ id: actor(ctx, 'Russia'), patch: { name: 'russia', aliases: ['Moscow', 'The Kremlin', 'Russian Federation'] } }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ name: 'russia', aliases: ['Moscow', 'The Kremlin', 'Russian Federation'], description: 'The Russian Federation' }),
  },
  { name: 'and back to its name', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Russia'), patch: { name: 'Russia' } }), expect: 'ok', check: (v) => expect(actorOf(v).name).toBe('Russia') },
  { name: 'a name that is an alias of another actor', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Iran'), patch: { name: 'Hizbullah' } }), expect: 'duplicate', check: (e, ctx) => expect(errorOf(e).detail).toMatchObject({ actorId: actor(ctx, 'Hezbollah') }) },
  {
    name: 'an affiliation that makes a circle',
    method: 'updateActor',
    args: (ctx) => ({ id: actor(ctx, 'Iran'), patch: { affiliationId: actor(ctx, 'Islamic Revolutionary Guard Corps') } }),
    expect: 'invalid_argument',
    check: (e) => expect(errorOf(e).detail).toEqual({ field: 'affiliationId' }),
  },
  { name: 'an affiliation with itself', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Iran'), patch: { affiliationId: actor(ctx, 'Iran') } }), expect: 'invalid_argument' },
  { name: 'null clears the affiliation', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Islamic Revolutionary Guard Corps'), patch: { affiliationId: null } }), expect: 'ok', check: (v) => expect(actorOf(v).affiliationId).toBeNull() },
  {
    name: 'and sets it again',
    method: 'updateActor',
    args: (ctx) => ({ id: actor(ctx, 'Islamic Revolutionary Guard Corps'), patch: { affiliationId: actor(ctx, 'Iran') } }),
    expect: 'ok',
    check: (v, ctx) => expect(actorOf(v).affiliationId).toBe(actor(ctx, 'Iran')),
  },
  { name: 'an unknown affiliation', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Iran'), patch: { affiliationId: 'no-such-actor' } }), expect: 'not_found' },
  { name: 'unknown actor', method: 'updateActor', args: () => ({ id: 'no-such-actor', patch: { name: 'x' } }), expect: 'not_found', check: (e) => expect(errorOf(e).detail).toEqual({ id: 'no-such-actor' }) },
  { name: 'a colour name', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Iran'), patch: { color: 'blue' } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'patch.color' }) },
  { name: 'counts cannot be patched', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Iran'), patch: { tagCount: 3 } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'patch.tagCount' }) },
  { name: 'missing patch', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Iran') }), expect: 'invalid_argument' },
  { name: 'a blank name', method: 'updateActor', args: (ctx) => ({ id: actor(ctx, 'Iran'), patch: { name: '   ' } }), expect: 'invalid_argument' },

  // ---- suggestActors
  {
    name: 'actors named in the passage, in order of first mention, by name or alias',
    method: 'suggestActors',
    args: (ctx) => ({ sourceId: need(ctx, 'axis'), start: 0, end: AXIS.length }),
    expect: 'ok',
    check: (v, ctx) =>
      expect((v as ActorMention[]).map((m) => [nameOf(ctx, m.actorId), m.matched, m.start])).toEqual([
        ['Israel', 'Israel', 0],
        ['Russia', 'Russia', AXIS.indexOf('Russia')],
        ['Hezbollah', 'Hizballah', AXIS.indexOf('Hizballah')],
        ['Iran', 'Iran', AXIS.indexOf('Iran')],
        ['Islamic Revolutionary Guard Corps', 'IRGC', AXIS.indexOf('IRGC')],
      ]),
  },
  {
    name: 'an alias in a part of the text',
    method: 'suggestActors',
    args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('and Moscow denied it.') }),
    expect: 'ok',
    check: (v, ctx) => expect(v).toEqual([{ actorId: actor(ctx, 'Russia'), matched: 'Moscow', start: AXIS.indexOf('Moscow') }]),
  },
  { name: 'a passage naming no one', method: 'suggestActors', args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('funded the group') }), expect: 'ok', check: (v) => expect(v).toEqual([]) },
  { name: 'a passage past the text', method: 'suggestActors', args: (ctx) => ({ sourceId: need(ctx, 'axis'), start: 0, end: AXIS.length + 1 }), expect: 'invalid_argument' },
  { name: 'an empty passage', method: 'suggestActors', args: (ctx) => ({ sourceId: need(ctx, 'axis'), start: 5, end: 5 }), expect: 'invalid_argument' },
  { name: 'unknown source', method: 'suggestActors', args: () => ({ sourceId: 'no-such-source', start: 0, end: 5 }), expect: 'not_found' },
  { name: 'missing end', method: 'suggestActors', args: (ctx) => ({ sourceId: need(ctx, 'axis'), start: 0 }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'end' }) },

  // ---- highlights tagged as they are made, tagHighlight, untagHighlight
  { name: 'a highlight to tag later', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('Israel said') }), expect: 'ok', save: (v, ctx) => ctx.set('hl:said', (v as Highlight).id) },
  {
    name: 'a highlight tagged with two actors in one step',
    method: 'createHighlight',
    args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('Russia supplied weapons to Hizballah in March 2022'), actorIds: [actor(ctx, 'Russia'), actor(ctx, 'Hezbollah')] }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ exact: 'Russia supplied weapons to Hizballah in March 2022', color: 'yellow' }),
    save: (v, ctx) => ctx.set('hl:weapons', (v as Highlight).id),
  },
  { name: 'a highlight tagged with one actor', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('Iran funded the group'), actorIds: [actor(ctx, 'Iran')] }), expect: 'ok', save: (v, ctx) => ctx.set('hl:funds', (v as Highlight).id) },
  { name: 'a highlight in blue', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('the IRGC trained its fighters'), color: 'blue' }), expect: 'ok', save: (v, ctx) => ctx.set('hl:trained', (v as Highlight).id) },
  { name: 'a highlight tagged by an alias', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('Moscow denied it'), actorIds: [actor(ctx, 'Russia')] }), expect: 'ok', save: (v, ctx) => ctx.set('hl:denied', (v as Highlight).id) },
  { name: 'a tag with an unknown actor', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('Hizballah'), actorIds: ['no-such-actor'] }), expect: 'not_found' },
  { name: 'actors not a list', method: 'createHighlight', args: (ctx) => ({ sourceId: need(ctx, 'axis'), ...span('Hizballah'), actorIds: actor(ctx, 'Russia') }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'actorIds' }) },
  {
    name: 'the refused tag made no highlight',
    method: 'listHighlights',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => expect(highlights(v).map((h) => nameOf(ctx, h.id))).toEqual(['hl:said', 'hl:weapons', 'hl:funds', 'hl:trained', 'hl:denied']),
  },
  { name: 'tag a highlight', method: 'tagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'said'), actorId: actor(ctx, 'Israel') }), expect: 'ok', check: (v, ctx) => expect(v).toEqual({ highlightId: hl(ctx, 'said'), actorIds: [actor(ctx, 'Israel')] }) },
  { name: 'tagging twice changes nothing', method: 'tagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'said'), actorId: actor(ctx, 'Israel') }), expect: 'ok', check: (v, ctx) => expect(tags(v).actorIds).toEqual([actor(ctx, 'Israel')]) },
  { name: 'tag with the actor to be merged', method: 'tagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'trained'), actorId: actor(ctx, 'Islamic Revolutionary Guard Corps') }), expect: 'ok' },
  {
    name: 'tags in the order they were made',
    method: 'tagHighlight',
    args: (ctx) => ({ highlightId: hl(ctx, 'trained'), actorId: actor(ctx, 'Party of God') }),
    expect: 'ok',
    check: (v, ctx) => expect(tags(v).actorIds.map((id) => nameOf(ctx, id))).toEqual(['Islamic Revolutionary Guard Corps', 'Party of God']),
  },
  {
    name: 'a highlight tagged with both names of Hezbollah',
    method: 'tagHighlight',
    args: (ctx) => ({ highlightId: hl(ctx, 'weapons'), actorId: actor(ctx, 'Party of God') }),
    expect: 'ok',
    check: (v, ctx) => expect(tags(v).actorIds.map((id) => nameOf(ctx, id))).toEqual(['Russia', 'Hezbollah', 'Party of God']),
  },
  { name: 'a tag to take off', method: 'tagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'weapons'), actorId: actor(ctx, 'Iran') }), expect: 'ok', check: (v) => expect(tags(v).actorIds).toHaveLength(4) },
  {
    name: 'untag a highlight',
    method: 'untagHighlight',
    args: (ctx) => ({ highlightId: hl(ctx, 'weapons'), actorId: actor(ctx, 'Iran') }),
    expect: 'ok',
    check: (v, ctx) => expect(v).toEqual({ highlightId: hl(ctx, 'weapons'), actorIds: [actor(ctx, 'Russia'), actor(ctx, 'Hezbollah'), actor(ctx, 'Party of God')] }),
  },
  { name: 'an actor that is not tagged there', method: 'untagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'weapons'), actorId: actor(ctx, 'Israel') }), expect: 'ok', check: (v) => expect(tags(v).actorIds).toHaveLength(3) },
  { name: 'unknown highlight', method: 'tagHighlight', args: (ctx) => ({ highlightId: 'no-such-highlight', actorId: actor(ctx, 'Israel') }), expect: 'not_found', check: (e) => expect(errorOf(e).detail).toEqual({ id: 'no-such-highlight' }) },
  { name: 'unknown actor', method: 'tagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'said'), actorId: 'no-such-actor' }), expect: 'not_found', check: (e) => expect(errorOf(e).detail).toEqual({ id: 'no-such-actor' }) },
  { name: 'one actor at a time', method: 'tagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'said'), actorIds: [actor(ctx, 'Israel')] }), expect: 'invalid_argument' },
  { name: 'unknown highlight', method: 'untagHighlight', args: (ctx) => ({ highlightId: 'no-such-highlight', actorId: actor(ctx, 'Israel') }), expect: 'not_found' },
  { name: 'unknown actor', method: 'untagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'said'), actorId: 'no-such-actor' }), expect: 'not_found' },
  { name: 'missing actor', method: 'untagHighlight', args: (ctx) => ({ highlightId: hl(ctx, 'said') }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'actorId' }) },

  // ---- relation types
  {
    name: 'a relation type of the user, cleaned',
    method: 'createRelationType',
    args: () => ({ label: ' smuggles  weapons to ', inverseLabel: 'receives smuggled weapons from', polarity: 'cooperative', category: ' aid ', intensity: 6 }),
    expect: 'ok',
    check: (v) =>
      expect(v).toMatchObject({
        label: 'smuggles weapons to',
        inverseLabel: 'receives smuggled weapons from',
        directed: true,
        polarity: 'cooperative',
        category: 'AID',
        intensity: 6,
        color: '#1e8a57',
        retired: false,
        claimCount: 0,
      }),
    save: (v, ctx) => ctx.set('rt:smuggles', (v as RelationType).id),
  },
  {
    name: 'a symmetric type reads the same both ways',
    method: 'createRelationType',
    args: () => ({ label: 'trades with', directed: false, inverseLabel: 'is traded with by' }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ label: 'trades with', inverseLabel: 'trades with', directed: false, polarity: 'neutral', category: '', intensity: 0, color: '#6b7183' }),
    save: (v, ctx) => ctx.set('rt:trades', (v as RelationType).id),
  },
  {
    name: 'a label the preset already has',
    method: 'createRelationType',
    args: () => ({ label: 'Supplies  Weapons To' }),
    expect: 'duplicate',
    check: (e) => expect(errorOf(e).detail).toEqual({ relationTypeId: 'aid-weapons', label: 'supplies weapons to' }),
  },
  { name: 'intensity out of range', method: 'createRelationType', args: () => ({ label: 'obliterates', intensity: 11 }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'intensity' }) },
  { name: 'an unknown polarity', method: 'createRelationType', args: () => ({ label: 'glares at', polarity: 'hostile' }), expect: 'invalid_argument' },
  { name: 'a colour name', method: 'createRelationType', args: () => ({ label: 'glares at', color: 'teal' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'color' }) },
  { name: 'a new type cannot start retired', method: 'createRelationType', args: () => ({ label: 'glares at', retired: true }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'retired' }) },
  { name: 'a label without letters', method: 'createRelationType', args: () => ({ label: '→' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ field: 'label' }) },
  { name: 'missing label', method: 'createRelationType', args: () => ({ polarity: 'neutral' }), expect: 'invalid_argument' },
  {
    name: "the user's types follow the preset",
    method: 'listRelationTypes',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => {
      const list = relationTypes(v);
      expect(list).toHaveLength(RELATION_PRESET.length + 2);
      expect(list.slice(-2).map((r) => nameOf(ctx, r.id))).toEqual(['rt:smuggles', 'rt:trades']);
    },
  },
  {
    name: 'edit a type',
    method: 'updateRelationType',
    args: (ctx) => ({ id: need(ctx, 'rt:smuggles'), patch: { label: 'smuggles arms to', intensity: 5, color: '#123abc' } }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ label: 'smuggles arms to', inverseLabel: 'receives smuggled weapons from', intensity: 5, color: '#123abc', category: 'AID' }),
  },
  { name: 'retire a type', method: 'updateRelationType', args: (ctx) => ({ id: need(ctx, 'rt:trades'), patch: { retired: true } }), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'trades with', retired: true }) },
  {
    name: 'the retirement is an undo step, tied to no source',
    method: 'undoState',
    args: () => ({}),
    expect: 'ok',
    check: (v) =>
      expect(v).toEqual({
        canUndo: true,
        canRedo: false,
        undoLabel: 'Retire relation type',
        redoLabel: null,
        undo: { id: expect.any(Number), label: 'Retire relation type', sourceId: null, sourceTitle: null, highlightId: null },
        redo: null,
      }),
  },
  { name: 'a label the preset already has', method: 'updateRelationType', args: (ctx) => ({ id: need(ctx, 'rt:smuggles'), patch: { label: 'FUNDS' } }), expect: 'duplicate', check: (e) => expect(errorOf(e).detail).toMatchObject({ relationTypeId: 'aid-funds' }) },
  { name: 'unknown type', method: 'updateRelationType', args: () => ({ id: 'no-such-type', patch: { label: 'x' } }), expect: 'not_found' },
  { name: 'fractional intensity', method: 'updateRelationType', args: () => ({ id: 'aid-weapons', patch: { intensity: 2.5 } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'patch.intensity' }) },
  { name: 'counts cannot be patched', method: 'updateRelationType', args: () => ({ id: 'aid-weapons', patch: { claimCount: 0 } }), expect: 'invalid_argument' },
  { name: 'directed as text', method: 'updateRelationType', args: () => ({ id: 'aid-weapons', patch: { directed: 'yes' } }), expect: 'invalid_argument' },
  { name: 'delete an unused type', method: 'deleteRelationType', args: (ctx) => ({ id: need(ctx, 'rt:smuggles') }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: true }) },
  { name: 'delete it again', method: 'deleteRelationType', args: (ctx) => ({ id: need(ctx, 'rt:smuggles') }), expect: 'not_found' },
  { name: 'id with a space', method: 'deleteRelationType', args: () => ({ id: 'aid weapons' }), expect: 'invalid_argument' },

  // ---- createClaim, updateClaim, deleteClaim
  {
    name: 'a reported claim, attributed, with a partial date',
    method: 'createClaim',
    args: (ctx) => ({
      highlightId: hl(ctx, 'weapons'),
      sourceActorId: actor(ctx, 'Russia'),
      relationTypeId: 'aid-weapons',
      targetActorId: actor(ctx, 'Hezbollah'),
      stance: 'reported',
      attributedActorId: actor(ctx, 'Israel'),
      confidence: 'high',
      eventDate: ' March  2022 ',
      note: '  via Syria ',
    }),
    expect: 'ok',
    check: (v, ctx) => {
      const { id, createdAt, updatedAt, ...rest } = claimOf(v);
      expect(rest).toEqual({
        highlightId: hl(ctx, 'weapons'),
        sourceId: need(ctx, 'axis'),
        sourceActorId: actor(ctx, 'Russia'),
        relationTypeId: 'aid-weapons',
        targetActorId: actor(ctx, 'Hezbollah'),
        stance: 'reported',
        attributedActorId: actor(ctx, 'Israel'),
        attributedText: '',
        confidence: 'high',
        eventDate: { text: 'March 2022', start: '2022-03', end: '2022-03' },
        note: 'via Syria',
      });
      expect([typeof id, createdAt]).toEqual(['string', updatedAt]);
    },
    save: (v, ctx) => ctx.set('claim:weapons', claimOf(v).id),
  },
  {
    name: 'a claim with the defaults and a period',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), eventDate: '2021-2023' }),
    expect: 'ok',
    check: (v) =>
      expect(v).toMatchObject({ stance: 'asserted', confidence: 'medium', attributedActorId: null, attributedText: '', note: '', eventDate: { text: '2021-2023', start: '2021', end: '2023' } }),
    save: (v, ctx) => ctx.set('claim:funds', claimOf(v).id),
  },
  {
    name: 'a denial attributed by text',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'denied'), sourceActorId: actor(ctx, 'Russia'), relationTypeId: 'aid-weapons', targetActorId: actor(ctx, 'Hezbollah'), stance: 'denied', attributedText: ' Kremlin spokesman ', eventDate: '2022' }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ stance: 'denied', attributedText: 'Kremlin spokesman', eventDate: { text: '2022', start: '2022', end: '2022' } }),
    save: (v, ctx) => ctx.set('claim:denied', claimOf(v).id),
  },
  {
    name: 'a claim naming the actor to be merged, dated by a part of a year',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'trained'), sourceActorId: actor(ctx, 'Islamic Revolutionary Guard Corps'), relationTypeId: 'aid-trains', targetActorId: actor(ctx, 'Party of God'), eventDate: 'early 2022' }),
    expect: 'ok',
    check: (v) => expect(claimOf(v).eventDate).toEqual({ text: 'early 2022', start: '2022-01', end: '2022-04' }),
    save: (v, ctx) => ctx.set('claim:trained', claimOf(v).id),
  },
  {
    name: 'a tie of an actor with itself',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'weapons'), sourceActorId: actor(ctx, 'Russia'), relationTypeId: 'aid-weapons', targetActorId: actor(ctx, 'Russia') }),
    expect: 'invalid_argument',
    check: (e) => expect(errorOf(e).detail).toEqual({ field: 'targetActorId' }),
  },
  {
    name: 'a retired relation type',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'weapons'), sourceActorId: actor(ctx, 'Russia'), relationTypeId: need(ctx, 'rt:trades'), targetActorId: actor(ctx, 'Iran') }),
    expect: 'invalid_argument',
    check: (e) => {
      expect(errorOf(e).message).toContain('retired');
      expect(errorOf(e).detail).toEqual({ field: 'relationTypeId' });
    },
  },
  {
    name: 'an impossible date',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), eventDate: '31 February 2022' }),
    expect: 'invalid_argument',
    check: (e) => expect(errorOf(e).detail).toEqual({ field: 'eventDate' }),
  },
  { name: 'an unreadable date', method: 'createClaim', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), eventDate: 'next spring' }), expect: 'invalid_argument' },
  {
    name: 'a period that ends before it starts',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), eventDate: '2023-2021' }),
    expect: 'invalid_argument',
    check: (e) => expect(errorOf(e).message).toMatch(/ends before it starts/),
  },
  { name: 'a date too long', method: 'createClaim', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), eventDate: '2022 '.repeat(21) }), expect: 'invalid_argument' },
  {
    name: 'unknown relation type',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'no-such-type', targetActorId: actor(ctx, 'Hezbollah') }),
    expect: 'not_found',
    check: (e) => expect(errorOf(e).detail).toEqual({ id: 'no-such-type', field: 'relationTypeId' }),
  },
  { name: 'unknown target actor', method: 'createClaim', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: 'no-such-actor' }), expect: 'not_found', check: (e) => expect(errorOf(e).message).toMatch(/^The target actor/) },
  {
    name: 'unknown highlight',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: 'no-such-highlight', sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah') }),
    expect: 'not_found',
    check: (e) => expect(errorOf(e).detail).toEqual({ id: 'no-such-highlight', field: 'highlightId' }),
  },
  { name: 'unknown attributed actor', method: 'createClaim', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), attributedActorId: 'no-such-actor' }), expect: 'not_found' },
  { name: 'an unknown stance', method: 'createClaim', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), stance: 'rumoured' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'stance' }) },
  { name: 'an unknown confidence', method: 'createClaim', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), confidence: 'certain' }), expect: 'invalid_argument' },
  { name: 'the source cannot be supplied', method: 'createClaim', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Hezbollah'), sourceId: need(ctx, 'axis') }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'sourceId' }) },
  { name: 'missing target', method: 'createClaim', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Iran'), relationTypeId: 'aid-funds' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'targetActorId' }) },
  { name: 'an empty date clears it', method: 'updateClaim', args: (ctx) => ({ id: need(ctx, 'claim:funds'), patch: { eventDate: '' } }), expect: 'ok', check: (v) => expect(claimOf(v).eventDate).toBeNull() },
  {
    name: 'a patch changes only what it names',
    method: 'updateClaim',
    args: (ctx) => ({ id: need(ctx, 'claim:funds'), patch: { stance: 'alleged', eventDate: 'Q3 2021', attributedText: ' UN panel ' } }),
    expect: 'ok',
    check: (v, ctx) =>
      expect(v).toMatchObject({ id: need(ctx, 'claim:funds'), stance: 'alleged', attributedText: 'UN panel', confidence: 'medium', relationTypeId: 'aid-funds', eventDate: { text: 'Q3 2021', start: '2021-07', end: '2021-09' } }),
  },
  { name: 'a retired relation type', method: 'updateClaim', args: (ctx) => ({ id: need(ctx, 'claim:funds'), patch: { relationTypeId: need(ctx, 'rt:trades') } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ field: 'relationTypeId' }) },
  { name: 'a tie of an actor with itself', method: 'updateClaim', args: (ctx) => ({ id: need(ctx, 'claim:funds'), patch: { targetActorId: actor(ctx, 'Iran') } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ field: 'targetActorId' }) },
  { name: 'an impossible date', method: 'updateClaim', args: (ctx) => ({ id: need(ctx, 'claim:funds'), patch: { eventDate: '2022-13' } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ field: 'eventDate' }) },
  { name: 'unknown attributed actor', method: 'updateClaim', args: (ctx) => ({ id: need(ctx, 'claim:funds'), patch: { attributedActorId: 'no-such-actor' } }), expect: 'not_found' },
  { name: 'unknown claim', method: 'updateClaim', args: () => ({ id: 'no-such-claim', patch: { stance: 'denied' } }), expect: 'not_found', check: (e) => expect(errorOf(e).detail).toEqual({ id: 'no-such-claim' }) },
  { name: 'the highlight cannot be changed', method: 'updateClaim', args: (ctx) => ({ id: need(ctx, 'claim:funds'), patch: { highlightId: hl(ctx, 'said') } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'patch.highlightId' }) },
  {
    name: 'refused edits changed nothing',
    method: 'listAnnotations',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => {
      const funds = annotationsOf(v).claims.find((c) => c.id === need(ctx, 'claim:funds'));
      expect(funds).toMatchObject({ stance: 'alleged', targetActorId: actor(ctx, 'Hezbollah'), attributedActorId: null, eventDate: { text: 'Q3 2021' } });
    },
  },
  {
    name: 'a claim to delete',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'said'), sourceActorId: actor(ctx, 'Israel'), relationTypeId: 'accuse', targetActorId: actor(ctx, 'Iran') }),
    expect: 'ok',
    save: (v, ctx) => ctx.set('claim:gone', claimOf(v).id),
  },
  { name: 'delete a claim', method: 'deleteClaim', args: (ctx) => ({ id: need(ctx, 'claim:gone') }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: true }) },
  { name: 'delete it again', method: 'deleteClaim', args: (ctx) => ({ id: need(ctx, 'claim:gone') }), expect: 'not_found' },
  { name: 'id of the wrong type', method: 'deleteClaim', args: () => ({ id: 12 }), expect: 'invalid_argument' },

  // ---- listAnnotations
  {
    name: 'tags and claims of a source, in text order',
    method: 'listAnnotations',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => {
      const a = annotationsOf(v);
      expect(a.tags.map((t) => [nameOf(ctx, t.highlightId), nameOf(ctx, t.actorId)])).toEqual([
        ['hl:said', 'Israel'],
        ['hl:weapons', 'Russia'],
        ['hl:weapons', 'Hezbollah'],
        ['hl:weapons', 'Party of God'],
        ['hl:funds', 'Iran'],
        ['hl:trained', 'Islamic Revolutionary Guard Corps'],
        ['hl:trained', 'Party of God'],
        ['hl:denied', 'Russia'],
      ]);
      expect(a.claims.map((c) => nameOf(ctx, c.id))).toEqual(['claim:weapons', 'claim:funds', 'claim:trained', 'claim:denied']);
      expect(a.notes).toEqual([]);
    },
  },
  { name: 'a source without annotations', method: 'listAnnotations', args: (ctx) => ({ sourceId: need(ctx, 'pasted') }), expect: 'ok', check: (v) => expect(v).toEqual({ tags: [], claims: [], notes: [] }) },
  { name: 'unknown source', method: 'listAnnotations', args: () => ({ sourceId: 'no-such-source' }), expect: 'not_found' },
  { name: 'sourceId missing', method: 'listAnnotations', args: (ctx) => ({ id: need(ctx, 'axis') }), expect: 'invalid_argument' },
  {
    name: 'counts of tags and claims',
    method: 'listActors',
    args: () => ({}),
    expect: 'ok',
    check: (v) =>
      expect(actors(v).map((a) => [a.name, a.tagCount, a.claimCount])).toEqual([
        ['Hezbollah', 1, 3],
        ['Iran', 1, 1],
        ['Islamic Revolutionary Guard Corps', 1, 1],
        ['Israel', 1, 1],
        ['Party of God', 2, 1],
        ['Russia', 2, 2],
      ]),
  },
  {
    name: 'claim counts of relation types',
    method: 'listRelationTypes',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => {
      const used = relationTypes(v).filter((r) => r.claimCount > 0 || r.retired);
      expect(used.map((r) => [nameOf(ctx, r.id), r.claimCount, r.retired])).toEqual([
        ['aid-weapons', 2, false],
        ['aid-trains', 1, false],
        ['aid-funds', 1, false],
        ['rt:trades', 0, true],
      ]);
    },
  },

  // ---- listTies and listTieEvidence
  { name: 'ties by claim count, then by name', method: 'listTies', args: () => ({}), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(AXIS_TIES) },
  { name: 'ties of one source', method: 'listTies', args: (ctx) => ({ sourceId: need(ctx, 'axis') }), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(AXIS_TIES) },
  { name: 'a source without ties', method: 'listTies', args: (ctx) => ({ sourceId: need(ctx, 'pasted') }), expect: 'ok', check: (v) => expect(tiePairs(v)).toEqual([]) },
  { name: 'ties of one actor', method: 'listTies', args: (ctx) => ({ actorIds: [actor(ctx, 'Iran')] }), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual([AXIS_TIES[1]]) },
  {
    name: 'ties by stance: the conflict needs both',
    method: 'listTies',
    args: () => ({ stances: ['denied'] }),
    expect: 'ok',
    check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(['Hezbollah–Russia 1: Russia aid-weapons Hezbollah ×1 in 1 (denied 1) 2022..2022']),
  },
  { name: 'ties by relation type', method: 'listTies', args: () => ({ relationTypeIds: ['aid-trains'] }), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual([AXIS_TIES[2]]) },
  { name: 'ties by polarity', method: 'listTies', args: () => ({ polarities: ['conflictual'] }), expect: 'ok', check: (v) => expect(tiePairs(v)).toEqual([]) },
  {
    name: 'a page of one pair, with the totals of all pages',
    method: 'listTies',
    args: () => ({ limit: 1 }),
    expect: 'ok',
    check: (v, ctx) => {
      expect(tieLines(v, ctx)).toEqual([AXIS_TIES[0]]);
      expect(tiePage(v)).toMatchObject({ total: 3, claimCount: 4 });
    },
  },
  {
    name: 'the next page',
    method: 'listTies',
    args: () => ({ limit: 1, offset: 1 }),
    expect: 'ok',
    check: (v, ctx) => {
      expect(tieLines(v, ctx)).toEqual([AXIS_TIES[1]]);
      expect(tiePage(v)).toMatchObject({ total: 3, claimCount: 4 });
    },
  },
  {
    name: 'a page of one source, past the first pair',
    method: 'listTies',
    args: (ctx) => ({ sourceId: need(ctx, 'axis'), offset: 1 }),
    expect: 'ok',
    check: (v, ctx) => {
      expect(tieLines(v, ctx)).toEqual(AXIS_TIES.slice(1));
      expect(tiePage(v)).toMatchObject({ total: 3, claimCount: 4 });
    },
  },
  {
    name: 'a filtered page has the totals of the filter',
    method: 'listTies',
    args: () => ({ stances: ['asserted', 'alleged'], limit: 5 }),
    expect: 'ok',
    check: (v, ctx) => {
      expect(tieLines(v, ctx)).toEqual([AXIS_TIES[1], AXIS_TIES[2]]);
      expect(tiePage(v)).toMatchObject({ total: 2, claimCount: 2 });
    },
  },
  { name: 'a page past the end', method: 'listTies', args: () => ({ offset: 3 }), expect: 'ok', check: (v) => expect(v).toEqual({ pairs: [], total: 3, claimCount: 4 }) },
  { name: 'an empty page', method: 'listTies', args: () => ({ limit: 0 }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'limit' }) },
  { name: 'a page too large', method: 'listTies', args: () => ({ limit: TIE_PAGE_MAX + 1 }), expect: 'invalid_argument' },
  { name: 'a negative offset', method: 'listTies', args: () => ({ offset: -1 }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'offset' }) },
  { name: 'a fractional offset', method: 'listTies', args: () => ({ offset: 0.5 }), expect: 'invalid_argument' },
  { name: 'unknown source', method: 'listTies', args: () => ({ sourceId: 'no-such-source' }), expect: 'not_found' },
  { name: 'an unknown stance', method: 'listTies', args: () => ({ stances: ['rumoured'] }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'stances[0]' }) },
  { name: 'actors not a list', method: 'listTies', args: (ctx) => ({ actorIds: actor(ctx, 'Iran') }), expect: 'invalid_argument' },
  { name: 'unknown field', method: 'listTies', args: () => ({ orderBy: 'name' }), expect: 'invalid_argument' },
  {
    name: 'the claims behind a tie, in text order',
    method: 'listTieEvidence',
    args: (ctx) => ({ sourceActorId: actor(ctx, 'Russia'), relationTypeId: 'aid-weapons', targetActorId: actor(ctx, 'Hezbollah') }),
    expect: 'ok',
    check: (v, ctx) => {
      const list = evidence(v);
      expect(list.map((e) => [nameOf(ctx, e.claimId), nameOf(ctx, e.highlightId), e.stance, nameOf(ctx, e.attributedActorId), e.attributedText, e.confidence])).toEqual([
        ['claim:weapons', 'hl:weapons', 'reported', 'Israel', '', 'high'],
        ['claim:denied', 'hl:denied', 'denied', '-', 'Kremlin spokesman', 'medium'],
      ]);
      expect(list[0]).toMatchObject({ sourceId: need(ctx, 'axis'), sourceTitle: 'Axis report', exact: 'Russia supplied weapons to Hizballah in March 2022', eventDate: { text: 'March 2022' } });
    },
  },
  {
    name: 'by stance',
    method: 'listTieEvidence',
    args: (ctx) => ({ sourceActorId: actor(ctx, 'Russia'), relationTypeId: 'aid-weapons', targetActorId: actor(ctx, 'Hezbollah'), stances: ['denied'], sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => expect(evidence(v).map((e) => nameOf(ctx, e.claimId))).toEqual(['claim:denied']),
  },
  { name: 'a directed tie read backwards has none', method: 'listTieEvidence', args: (ctx) => ({ sourceActorId: actor(ctx, 'Hezbollah'), relationTypeId: 'aid-weapons', targetActorId: actor(ctx, 'Russia') }), expect: 'ok', check: (v) => expect(v).toEqual([]) },
  { name: 'unknown relation type', method: 'listTieEvidence', args: (ctx) => ({ sourceActorId: actor(ctx, 'Russia'), relationTypeId: 'no-such-type', targetActorId: actor(ctx, 'Hezbollah') }), expect: 'not_found' },
  { name: 'missing target', method: 'listTieEvidence', args: (ctx) => ({ sourceActorId: actor(ctx, 'Russia'), relationTypeId: 'aid-weapons' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'targetActorId' }) },
  { name: 'no actor filter here', method: 'listTieEvidence', args: (ctx) => ({ sourceActorId: actor(ctx, 'Russia'), relationTypeId: 'aid-weapons', targetActorId: actor(ctx, 'Hezbollah'), actorIds: [] }), expect: 'invalid_argument' },

  // ---- getNetwork, getEdgeEvidence, saveNodePositions (the Network view)
  {
    name: 'the network: one edge per pair and relation, nodes with claims and degree',
    method: 'getNetwork',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => {
      const g = v as NetworkGraph;
      expect(g.edges.map((e) => `${nameOf(ctx, e.sourceActorId)} ${e.relationTypeId} ${nameOf(ctx, e.targetActorId)} ×${e.claimCount}${e.stanceConflict ? ' conflict' : ''}`)).toEqual([
        'Russia aid-weapons Hezbollah ×2 conflict',
        expect.stringMatching(/^(Iran aid-funds Hezbollah|Islamic Revolutionary Guard Corps aid-trains Party of God) ×1$/),
        expect.stringMatching(/^(Iran aid-funds Hezbollah|Islamic Revolutionary Guard Corps aid-trains Party of God) ×1$/),
      ]);
      expect(g.nodes.map((n) => [n.name, n.claimCount, n.degree])).toEqual([
        ['Hezbollah', 3, 2],
        ['Russia', 2, 1],
        ['Iran', 1, 1],
        ['Islamic Revolutionary Guard Corps', 1, 1],
        ['Party of God', 1, 1],
      ]);
      expect(g).toMatchObject({ claimCount: 4, positions: [], dates: { from: '2021-07', to: '2022' } });
    },
    compareAs: (v) => ({ ...(v as NetworkGraph), edges: (v as NetworkGraph).edges.map((e) => e.claimCount) }),
  },
  {
    name: 'the network of summer 2021, without undated claims',
    method: 'getNetwork',
    args: () => ({ filters: { dateFrom: '2021-07', dateTo: '2021-08', undated: false } }),
    expect: 'ok',
    check: (v, ctx) => expect((v as NetworkGraph).edges.map((e) => `${nameOf(ctx, e.sourceActorId)} ${e.relationTypeId}`)).toEqual(['Iran aid-funds']),
  },
  { name: 'the network of denials', method: 'getNetwork', args: () => ({ filters: { stances: ['denied'], minClaims: 1 } }), expect: 'ok', check: (v) => expect((v as NetworkGraph).claimCount).toBe(1) },
  { name: 'the network with at least two claims per edge', method: 'getNetwork', args: () => ({ filters: { minClaims: 2 } }), expect: 'ok', check: (v) => expect((v as NetworkGraph).nodes.length).toBe(2) },
  { name: 'a date range that ends before it starts', method: 'getNetwork', args: () => ({ filters: { dateFrom: '2023', dateTo: '2022' } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'dateTo' }) },
  { name: 'a date the network cannot read', method: 'getNetwork', args: () => ({ filters: { dateFrom: 'March 2022' } }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'filters.dateFrom' }) },
  {
    name: 'the evidence of every relation between two actors',
    method: 'getEdgeEvidence',
    args: (ctx) => ({ sourceActorId: actor(ctx, 'Hezbollah'), targetActorId: actor(ctx, 'Russia') }),
    expect: 'ok',
    check: (v, ctx) =>
      expect((v as NetworkEvidence[]).map((e) => [nameOf(ctx, e.claimId), e.relationTypeId, nameOf(ctx, e.sourceActorId), e.exact])).toEqual([
        ['claim:weapons', 'aid-weapons', 'Russia', 'Russia supplied weapons to Hizballah in March 2022'],
        ['claim:denied', 'aid-weapons', 'Russia', 'Moscow denied it'],
      ]),
  },
  {
    name: 'the evidence of one edge under the filters',
    method: 'getEdgeEvidence',
    args: (ctx) => ({ sourceActorId: actor(ctx, 'Russia'), targetActorId: actor(ctx, 'Hezbollah'), relationTypeId: 'aid-weapons', filters: { stances: ['denied'] } }),
    expect: 'ok',
    check: (v, ctx) => expect((v as NetworkEvidence[]).map((e) => [nameOf(ctx, e.claimId), e.stance])).toEqual([['claim:denied', 'denied']]),
  },
  { name: 'evidence of an unknown actor', method: 'getEdgeEvidence', args: (ctx) => ({ sourceActorId: actor(ctx, 'Russia'), targetActorId: 'no-such-actor' }), expect: 'not_found' },
  {
    name: 'keep node positions',
    method: 'saveNodePositions',
    args: (ctx) => ({ positions: [{ actorId: actor(ctx, 'Russia'), x: 1250, y: -300, pinned: true }, { actorId: 'no-such-actor', x: 0, y: 0 }] }),
    expect: 'ok',
    check: (v) => expect(v).toEqual({ saved: 1 }),
  },
  {
    name: 'the network returns kept positions',
    method: 'getNetwork',
    args: () => ({ filters: { minClaims: 2 } }),
    expect: 'ok',
    check: (v, ctx) => expect((v as NetworkGraph).positions).toEqual([{ actorId: actor(ctx, 'Russia'), x: 1250, y: -300, pinned: true }]),
  },
  { name: 'positions must be whole numbers', method: 'saveNodePositions', args: (ctx) => ({ positions: [{ actorId: actor(ctx, 'Russia'), x: 0.5, y: 0 }] }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'positions[0].x' }) },

  // ---- notes
  { name: 'no note before one is saved', method: 'getNote', args: (ctx) => ({ highlightId: hl(ctx, 'weapons') }), expect: 'ok', check: (v) => expect(v).toBeNull() },
  {
    name: 'save a new note',
    method: 'saveNote',
    args: (ctx) => ({ highlightId: hl(ctx, 'weapons'), content: lexical('Check the shipment dates.'), plainText: 'Check the shipment dates.' }),
    expect: 'ok',
    check: (v, ctx) => {
      const n = v as Note;
      expect(n).toMatchObject({ highlightId: hl(ctx, 'weapons'), content: lexical('Check the shipment dates.'), plainText: 'Check the shipment dates.' });
      expect(n.updatedAt).toBe(n.createdAt);
    },
    save: (v, ctx) => ctx.set('noteCreatedAt', (v as Note).createdAt),
  },
  { name: 'adding a note is an undo step', method: 'undoState', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ canUndo: true, undoLabel: 'Add note' }) },
  {
    name: 'save it again while typing',
    method: 'saveNote',
    args: (ctx) => ({ highlightId: hl(ctx, 'weapons'), content: lexical('Check the shipment dates against the port logs.'), plainText: 'Check the shipment dates against the port logs.' }),
    expect: 'ok',
    check: (v, ctx) => expect(v).toMatchObject({ plainText: 'Check the shipment dates against the port logs.', createdAt: need(ctx, 'noteCreatedAt') }),
  },
  {
    name: 'the note as saved last',
    method: 'getNote',
    args: (ctx) => ({ highlightId: hl(ctx, 'weapons') }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ content: lexical('Check the shipment dates against the port logs.'), plainText: 'Check the shipment dates against the port logs.' }),
  },
  { name: 'a note on another highlight', method: 'saveNote', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), content: lexical('Which year?'), plainText: 'Which year?' }), expect: 'ok' },
  { name: 'delete a note', method: 'deleteNote', args: (ctx) => ({ highlightId: hl(ctx, 'funds') }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: true }) },
  { name: 'no note after deleting it', method: 'getNote', args: (ctx) => ({ highlightId: hl(ctx, 'funds') }), expect: 'ok', check: (v) => expect(v).toBeNull() },
  { name: 'delete it again', method: 'deleteNote', args: (ctx) => ({ highlightId: hl(ctx, 'funds') }), expect: 'not_found', check: (e, ctx) => expect(errorOf(e).detail).toEqual({ highlightId: hl(ctx, 'funds') }) },
  { name: 'unknown highlight', method: 'deleteNote', args: () => ({ highlightId: 'no-such-highlight' }), expect: 'not_found' },
  { name: 'id of the wrong type', method: 'deleteNote', args: () => ({ highlightId: 5 }), expect: 'invalid_argument' },
  { name: 'content that is not an editor state', method: 'saveNote', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), content: 'plain words', plainText: 'plain words' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ field: 'content' }) },
  { name: 'content whose root is a list', method: 'saveNote', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), content: '{"root":[]}', plainText: '' }), expect: 'invalid_argument' },
  { name: 'unknown highlight', method: 'saveNote', args: () => ({ highlightId: 'no-such-highlight', content: lexical('x'), plainText: 'x' }), expect: 'not_found' },
  { name: 'missing plain text', method: 'saveNote', args: (ctx) => ({ highlightId: hl(ctx, 'funds'), content: lexical('x') }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'plainText' }) },
  { name: 'unknown highlight', method: 'getNote', args: () => ({ highlightId: 'no-such-highlight' }), expect: 'not_found' },
  { name: 'id instead of highlightId', method: 'getNote', args: (ctx) => ({ id: hl(ctx, 'weapons') }), expect: 'invalid_argument' },
  {
    name: 'the note in the annotations',
    method: 'listAnnotations',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => expect(annotationsOf(v).notes).toEqual([{ highlightId: hl(ctx, 'weapons'), plainText: 'Check the shipment dates against the port logs.', updatedAt: expect.any(String) }]),
  },

  // ---- undo and redo of a claim
  {
    name: 'a claim to undo',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'said'), sourceActorId: actor(ctx, 'Israel'), relationTypeId: 'accuse', targetActorId: actor(ctx, 'Russia') }),
    expect: 'ok',
    save: (v, ctx) => ctx.set('claim:accuse', claimOf(v).id),
  },
  {
    name: 'it is the last step, in the source and on the highlight it was added to',
    method: 'undoState',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) =>
      expect(v).toEqual({
        canUndo: true,
        canRedo: false,
        undoLabel: 'Add tie',
        redoLabel: null,
        undo: { id: expect.any(Number), label: 'Add tie', sourceId: need(ctx, 'axis'), sourceTitle: 'Axis report', highlightId: hl(ctx, 'said') },
        redo: null,
      }),
    save: (v, ctx) => ctx.set('step:accuse', String((v as UndoState).undo!.id)),
  },
  { name: 'its tie is listed', method: 'listTies', args: () => ({}), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual([...AXIS_TIES, ACCUSE_TIE]) },
  {
    name: 'undo of a step that is no longer the last one',
    method: 'undo',
    args: (ctx) => ({ expected: Number(need(ctx, 'step:accuse')) - 1 }),
    expect: 'conflict',
    check: (e, ctx) => {
      expect(errorOf(e).message).toBe('Nothing was undone: this project was changed in another window. Undo would now undo “Add tie” in “Axis report”; press Undo again if you mean that.');
      expect(errorOf(e).detail).toEqual({ expected: Number(need(ctx, 'step:accuse')) - 1, current: Number(need(ctx, 'step:accuse')) });
    },
  },
  {
    name: 'undo the claim, the step shown',
    method: 'undo',
    args: (ctx) => ({ expected: Number(need(ctx, 'step:accuse')) }),
    expect: 'ok',
    check: (v, ctx) => {
      const result = v as UndoResult;
      const accuse = { id: Number(need(ctx, 'step:accuse')), label: 'Add tie', sourceId: need(ctx, 'axis'), sourceTitle: 'Axis report', highlightId: hl(ctx, 'said') };
      expect(result).toEqual({
        label: 'Add tie',
        step: accuse,
        state: { canUndo: true, canRedo: true, undoLabel: 'Delete note', redoLabel: 'Add tie', undo: expect.objectContaining({ label: 'Delete note', highlightId: hl(ctx, 'funds') }), redo: accuse },
      } satisfies UndoResult);
    },
  },
  { name: 'redo when the caller shows nothing to redo', method: 'redo', args: () => ({ expected: null }), expect: 'conflict', check: (e) => expect(errorOf(e).message).toMatch(/Redo would now redo “Add tie” in “Axis report”/) },
  { name: 'the undone tie is gone', method: 'listTies', args: () => ({}), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(AXIS_TIES) },
  { name: 'and so is its evidence', method: 'listTieEvidence', args: (ctx) => ({ sourceActorId: actor(ctx, 'Israel'), relationTypeId: 'accuse', targetActorId: actor(ctx, 'Russia') }), expect: 'ok', check: (v) => expect(v).toEqual([]) },
  { name: 'the undone claim cannot be edited', method: 'updateClaim', args: (ctx) => ({ id: need(ctx, 'claim:accuse'), patch: { stance: 'denied' } }), expect: 'not_found' },
  {
    name: 'redo the claim',
    method: 'redo',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) =>
      expect(v).toEqual({
        label: 'Add tie',
        step: expect.objectContaining({ id: Number(need(ctx, 'step:accuse')), label: 'Add tie', highlightId: hl(ctx, 'said') }),
        state: { canUndo: true, canRedo: false, undoLabel: 'Add tie', redoLabel: null, undo: expect.objectContaining({ id: Number(need(ctx, 'step:accuse')) }), redo: null },
      }),
  },
  { name: 'the tie is back', method: 'listTies', args: () => ({}), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual([...AXIS_TIES, ACCUSE_TIE]) },
  {
    name: 'with the same claim',
    method: 'listTieEvidence',
    args: (ctx) => ({ sourceActorId: actor(ctx, 'Israel'), relationTypeId: 'accuse', targetActorId: actor(ctx, 'Russia') }),
    expect: 'ok',
    check: (v, ctx) => expect(evidence(v).map((e) => [nameOf(ctx, e.claimId), nameOf(ctx, e.highlightId), e.exact])).toEqual([['claim:accuse', 'hl:said', 'Israel said']]),
  },
  { name: 'nothing left to redo', method: 'redo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: null, state: { canRedo: false, undoLabel: 'Add tie' } }) },

  // ---- in use: deleting actors and relation types
  {
    name: 'an actor that is tagged and named in claims',
    method: 'deleteActor',
    args: (ctx) => ({ id: actor(ctx, 'Israel') }),
    expect: 'in_use',
    check: (e) => {
      expect(errorOf(e).detail).toEqual({ highlights: 1, claims: 2 });
      expect(errorOf(e).message).toMatch(/^Israel is tagged on 1 highlight and named in 2 tie claims\./);
    },
  },
  { name: 'an actor that is only tagged', method: 'deleteActor', args: (ctx) => ({ id: actor(ctx, 'Iran') }), expect: 'in_use', check: (e) => expect(errorOf(e).detail).toEqual({ highlights: 1, claims: 1 }) },
  { name: 'a relation type that is used', method: 'deleteRelationType', args: () => ({ id: 'aid-weapons' }), expect: 'in_use', check: (e) => expect(errorOf(e).detail).toEqual({ claims: 2 }) },
  { name: 'an actor to delete', method: 'createActor', args: () => ({ name: 'Wagner Group', kind: 'company' }), expect: 'ok', save: (v, ctx) => ctx.set('actor:Wagner Group', actorOf(v).id) },
  { name: 'delete an unused actor', method: 'deleteActor', args: (ctx) => ({ id: actor(ctx, 'Wagner Group') }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: true }) },
  { name: 'delete it again', method: 'deleteActor', args: (ctx) => ({ id: actor(ctx, 'Wagner Group') }), expect: 'not_found' },
  { name: 'force as text', method: 'deleteActor', args: (ctx) => ({ id: actor(ctx, 'Israel'), force: 'yes' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'force' }) },
  { name: 'a retired, unused type can be deleted', method: 'deleteRelationType', args: (ctx) => ({ id: need(ctx, 'rt:trades') }), expect: 'ok' },
  { name: 'an unused preset type can be deleted', method: 'deleteRelationType', args: () => ({ id: 'structure-successor' }), expect: 'ok' },
  {
    name: 'refused deletions changed nothing',
    method: 'listRelationTypes',
    args: () => ({}),
    expect: 'ok',
    check: (v) => {
      const ids = relationTypes(v).map((r) => r.id);
      expect(ids).toEqual(RELATION_PRESET.map((r) => r.id).filter((id) => id !== 'structure-successor'));
    },
  },

  // ---- mergeActors
  {
    name: 'merge: tags and claims follow, names become aliases, empty fields are filled',
    method: 'mergeActors',
    args: (ctx) => ({ survivorId: actor(ctx, 'Hezbollah'), mergedIds: [actor(ctx, 'Party of God'), actor(ctx, 'Party of God')] }),
    expect: 'ok',
    check: (v, ctx) =>
      expect(v).toMatchObject({
        id: actor(ctx, 'Hezbollah'),
        name: 'Hezbollah',
        aliases: ['Hizballah', 'Hizbullah', 'حزب الله', 'Party of God', 'Hezb'],
        description: 'Lebanese Shia party',
        externalId: 'Q41',
        color: '#2e7d32',
        tagCount: 2,
        claimCount: 4,
      }),
  },
  { name: 'the merged actor is gone', method: 'listActors', args: () => ({}), expect: 'ok', check: (v) => expect(actors(v).map((a) => a.name)).toEqual(['Hezbollah', 'Iran', 'Islamic Revolutionary Guard Corps', 'Israel', 'Russia']) },
  {
    name: 'its tags moved, a repeated tag collapsed, its claims moved',
    method: 'listAnnotations',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => {
      const a = annotationsOf(v);
      expect(a.tags.map((t) => [nameOf(ctx, t.highlightId), nameOf(ctx, t.actorId)])).toEqual([
        ['hl:said', 'Israel'],
        ['hl:weapons', 'Russia'],
        ['hl:weapons', 'Hezbollah'],
        ['hl:funds', 'Iran'],
        ['hl:trained', 'Islamic Revolutionary Guard Corps'],
        ['hl:trained', 'Hezbollah'],
        ['hl:denied', 'Russia'],
      ]);
      expect(a.claims.find((c) => c.id === need(ctx, 'claim:trained'))?.targetActorId).toBe(actor(ctx, 'Hezbollah'));
    },
  },
  {
    name: 'the ties follow the merge',
    method: 'listTies',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(MERGED_TIES),
  },
  { name: 'in one source too', method: 'listTies', args: (ctx) => ({ sourceId: need(ctx, 'axis') }), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(MERGED_TIES) },
  { name: 'the merged name is now a duplicate', method: 'createActor', args: () => ({ name: 'Party of God' }), expect: 'duplicate', check: (e, ctx) => expect(errorOf(e).detail).toMatchObject({ actorId: actor(ctx, 'Hezbollah') }) },
  { name: 'an actor merged into itself', method: 'mergeActors', args: (ctx) => ({ survivorId: actor(ctx, 'Iran'), mergedIds: [actor(ctx, 'Iran')] }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ field: 'mergedIds' }) },
  { name: 'an actor already merged', method: 'mergeActors', args: (ctx) => ({ survivorId: actor(ctx, 'Hezbollah'), mergedIds: [actor(ctx, 'Party of God')] }), expect: 'not_found' },
  { name: 'unknown survivor', method: 'mergeActors', args: (ctx) => ({ survivorId: 'no-such-actor', mergedIds: [actor(ctx, 'Iran')] }), expect: 'not_found', check: (e) => expect(errorOf(e).message).toMatch(/^The actor to keep/) },
  { name: 'nothing to merge', method: 'mergeActors', args: (ctx) => ({ survivorId: actor(ctx, 'Hezbollah'), mergedIds: [] }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'mergedIds' }) },
  { name: 'mergedIds missing', method: 'mergeActors', args: (ctx) => ({ survivorId: actor(ctx, 'Hezbollah') }), expect: 'invalid_argument' },
  { name: 'undo the merge', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Merge actors', state: { canRedo: true, redoLabel: 'Merge actors' } }) },
  {
    name: 'the merged actor is back with its tags and claims',
    method: 'listActors',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => {
      const party = actors(v).find((a) => a.name === 'Party of God');
      expect(party).toMatchObject({ id: actor(ctx, 'Party of God'), aliases: ['Hezb'], tagCount: 2, claimCount: 1 });
      expect(actors(v).find((a) => a.name === 'Hezbollah')).toMatchObject({ aliases: ['Hizballah', 'Hizbullah', 'حزب الله'], description: '', tagCount: 1, claimCount: 3 });
    },
  },
  { name: 'redo the merge', method: 'redo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Merge actors', state: { canRedo: false, undoLabel: 'Merge actors' } }) },
  { name: 'merged again', method: 'listActors', args: () => ({}), expect: 'ok', check: (v) => expect(actors(v).map((a) => [a.name, a.tagCount, a.claimCount])).toContainEqual(['Hezbollah', 2, 4]) },

  // ---- exportMarkdown
  {
    name: 'one source as Markdown',
    method: 'exportMarkdown',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => {
      const { fileName, content } = v as { fileName: string; content: string };
      expect(fileName).toBe('axis-report.md');
      expect(readableExport(content, ctx)).toBe(AXIS_MARKDOWN);
    },
  },
  {
    name: 'the whole project as Markdown',
    method: 'exportMarkdown',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => {
      const { fileName, content } = v as { fileName: string; content: string };
      expect(fileName).toMatch(/^tiemark-project-\d{4}-\d{2}-\d{2}\.md$/);
      const text = readableExport(content, ctx);
      expect(text).toContain('\n# Contract\n\n6 sources, 6 highlights and 5 tie claims, exported <exported>.\n');
      // The source section is the single-source export one heading level down.
      const section = AXIS_MARKDOWN.slice(AXIS_MARKDOWN.indexOf('\n# Axis report') + 1).replace(/^#/gm, '##');
      expect(text).toContain(section);
    },
  },
  {
    name: 'one source as rich text (HTML) for the clipboard',
    method: 'exportMarkdown',
    args: (ctx) => ({ sourceId: need(ctx, 'axis'), as: 'html' }),
    expect: 'ok',
    check: (v) => {
      const { fileName, content } = v as { fileName: string; content: string };
      expect(fileName).toBe('axis-report.html');
      // No frontmatter; headings, quoted passages and links back as HTML elements.
      expect(content).not.toContain('---');
      expect(content).toContain('<h1>Axis report</h1>');
      expect(content).toMatch(/<blockquote>\s*<p>/);
      expect(content).toMatch(/<a href="tiemark:\/\/source\/[^"]+#highlight=[^"]+">Open in Tiemark<\/a>/);
      expect(content).not.toMatch(/<script|onerror=/i);
    },
  },
  { name: 'as what, if not Markdown or HTML', method: 'exportMarkdown', args: (ctx) => ({ sourceId: need(ctx, 'axis'), as: 'pdf' }), expect: 'invalid_argument' },
  { name: 'unknown source', method: 'exportMarkdown', args: () => ({ sourceId: 'no-such-source' }), expect: 'not_found' },
  { name: 'an empty source id', method: 'exportMarkdown', args: () => ({ sourceId: '' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'sourceId' }) },
  { name: 'no other formats', method: 'exportMarkdown', args: () => ({ format: 'html' }), expect: 'invalid_argument' },
  {
    name: 'claims as CSV',
    method: 'exportData',
    args: () => ({ format: 'claims-csv' }),
    expect: 'ok',
    check: (v) => {
      const file = v as { fileName: string; content: string; encoding: string };
      expect(file.fileName).toMatch(/^contract-\d{4}-\d{2}-\d{2}-claims\.csv$/);
      expect(file.encoding).toBe('utf8');
      expect(file.content.startsWith('\uFEFFclaim_id,source_actor,relation,target_actor,')).toBe(true);
    },
    compareAs: (v) => ({ ...(v as object), fileName: 'claims.csv', content: (v as { content: string }).content.split('\r\n').length }),
  },
  { name: 'an unknown export format', method: 'exportData', args: () => ({ format: 'xlsx' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toMatchObject({ path: 'format' }) },
  { name: 'an export of a source that is gone', method: 'exportData', args: () => ({ format: 'gexf', sourceIds: ['no-such-source'] }), expect: 'not_found' },
  {
    name: 'an export named by a job id, for its progress',
    method: 'exportData',
    args: () => ({ format: 'ties-csv', jobId: 'contract-job-1' }),
    expect: 'ok',
    check: (v) => expect((v as { fileName: string }).fileName).toMatch(/-ties\.csv$/),
    compareAs: (v) => ({ mimeType: (v as { mimeType: string }).mimeType }),
  },
  { name: 'a job id with a space', method: 'exportData', args: () => ({ format: 'ties-csv', jobId: 'job 1' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toMatchObject({ path: 'jobId' }) },
  // ---- exportProgress, cancelExport: an export that has ended (or never started) is not running.
  { name: 'no progress for an export that has ended', method: 'exportProgress', args: () => ({ jobId: 'contract-job-1' }), expect: 'ok', check: (v) => expect(v).toBeNull() },
  { name: 'progress needs a job id', method: 'exportProgress', args: () => ({}), expect: 'invalid_argument' },
  { name: 'nothing to cancel once an export has ended', method: 'cancelExport', args: () => ({ jobId: 'contract-job-1' }), expect: 'ok', check: (v) => expect(v).toEqual({ cancelled: false }) },
  { name: 'cancel needs a well-formed job id', method: 'cancelExport', args: () => ({ jobId: '' }), expect: 'invalid_argument' },
  {
    name: 'an archive into a project that is not empty',
    method: 'importArchive',
    args: (ctx) => ({ file: { name: 'contract.tiemark-archive.zip', dataBase64: need(ctx, 'archive:empty') } }),
    expect: 'conflict',
  },

  // ---- a used relation type turned symmetric and back: its claims' two directions become one tie
  {
    name: 'a used type turned symmetric',
    method: 'updateRelationType',
    args: () => ({ id: 'aid-funds', patch: { directed: false } }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ label: 'funds', inverseLabel: 'funds', directed: false, claimCount: 1 }),
  },
  {
    name: 'a claim the other way round',
    method: 'createClaim',
    args: (ctx) => ({ highlightId: hl(ctx, 'funds'), sourceActorId: actor(ctx, 'Hezbollah'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Iran'), stance: 'denied', eventDate: '2020' }),
    expect: 'ok',
    save: (v, ctx) => ctx.set('claim:funds back', claimOf(v).id),
  },
  {
    name: 'both directions are one symmetric tie',
    method: 'listTies',
    args: () => ({}),
    expect: 'ok',
    compareAs: symmetricByName(['aid-funds']),
    check: (v, ctx) =>
      expect(tieLines(symmetricByName(['aid-funds'])(v), ctx)).toEqual([
        // Two claims each: the pair of the first actors by name comes first.
        'Hezbollah–Iran 2 [stance conflict]: Hezbollah aid-funds Iran ×2 in 1 (alleged 1, denied 1) 2020..2021-09',
        MERGED_TIES[0],
        MERGED_TIES[2],
        MERGED_TIES[3],
      ]),
  },
  {
    name: 'in one source too',
    method: 'listTies',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    compareAs: symmetricByName(['aid-funds']),
    check: (v, ctx) => expect(tieLines(symmetricByName(['aid-funds'])(v), ctx)[0]).toBe('Hezbollah–Iran 2 [stance conflict]: Hezbollah aid-funds Iran ×2 in 1 (alleged 1, denied 1) 2020..2021-09'),
  },
  {
    name: 'the evidence of a symmetric tie, read either way',
    method: 'listTieEvidence',
    args: (ctx) => ({ sourceActorId: actor(ctx, 'Hezbollah'), relationTypeId: 'aid-funds', targetActorId: actor(ctx, 'Iran') }),
    expect: 'ok',
    check: (v, ctx) => expect(evidence(v).map((e) => [nameOf(ctx, e.claimId), e.stance])).toEqual([['claim:funds', 'alleged'], ['claim:funds back', 'denied']]),
  },
  {
    name: 'directed again, with its inverse label',
    method: 'updateRelationType',
    args: () => ({ id: 'aid-funds', patch: { directed: true, inverseLabel: 'is funded by' } }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ inverseLabel: 'is funded by', directed: true, claimCount: 2 }),
  },
  {
    name: 'the two directions are two ties again',
    method: 'listTies',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) =>
      expect(tieLines(v, ctx)).toEqual([
        'Hezbollah–Iran 2: Hezbollah aid-funds Iran ×1 in 1 (denied 1) 2020..2020; Iran aid-funds Hezbollah ×1 in 1 (alleged 1) 2021-07..2021-09',
        MERGED_TIES[0],
        MERGED_TIES[2],
        MERGED_TIES[3],
      ]),
  },
  {
    name: 'in one source too',
    method: 'listTies',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => expect(tieLines(v, ctx)[0]).toBe('Hezbollah–Iran 2: Hezbollah aid-funds Iran ×1 in 1 (denied 1) 2020..2020; Iran aid-funds Hezbollah ×1 in 1 (alleged 1) 2021-07..2021-09'),
  },
  { name: 'take the claim back', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Edit relation type', state: { undoLabel: 'Add tie' } }) },
  { name: 'and the claim', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Add tie', state: { undoLabel: 'Edit relation type' } }) },
  { name: 'and the symmetry', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Edit relation type', state: { undoLabel: 'Merge actors' } }) },
  { name: 'the ties as they were', method: 'listTies', args: () => ({}), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(MERGED_TIES) },
  { name: 'the type as it was', method: 'listRelationTypes', args: () => ({}), expect: 'ok', check: (v) => expect(relationTypes(v).find((r) => r.id === 'aid-funds')).toMatchObject({ directed: true, inverseLabel: 'is funded by', claimCount: 1 }) },

  // ---- a forced deletion, last: it takes the actor's tags and claims with it
  { name: 'force the deletion of an actor in use', method: 'deleteActor', args: (ctx) => ({ id: actor(ctx, 'Israel'), force: true }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: true }) },
  {
    name: 'its tag and its claim are gone; a claim it was cited for keeps its name',
    method: 'listAnnotations',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => {
      const a = annotationsOf(v);
      expect(a.tags.map((t) => nameOf(ctx, t.highlightId))).not.toContain('hl:said');
      expect(a.claims.map((c) => nameOf(ctx, c.id))).toEqual(['claim:weapons', 'claim:funds', 'claim:trained', 'claim:denied']);
      expect(a.claims[0]).toMatchObject({ attributedActorId: null, attributedText: 'Israel' });
    },
  },
  { name: 'and its ties', method: 'listTies', args: () => ({}), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(MERGED_TIES.slice(0, 3)) },
  { name: 'the deletion can be undone', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Delete actor' }) },
  { name: 'with its ties', method: 'listTies', args: () => ({}), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(MERGED_TIES) },
  { name: 'in one source too', method: 'listTies', args: (ctx) => ({ sourceId: need(ctx, 'axis') }), expect: 'ok', check: (v, ctx) => expect(tieLines(v, ctx)).toEqual(MERGED_TIES) },
  {
    name: 'and its tag and attribution',
    method: 'listAnnotations',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) => {
      const a = annotationsOf(v);
      expect(a.tags[0]).toEqual({ highlightId: hl(ctx, 'said'), actorId: actor(ctx, 'Israel') });
      expect(a.claims[0]).toMatchObject({ id: need(ctx, 'claim:accuse'), attributedActorId: null });
      expect(a.claims[1]).toMatchObject({ id: need(ctx, 'claim:weapons'), attributedActorId: actor(ctx, 'Israel'), attributedText: '' });
    },
  },
  // ---- search, mentions, the source library and collections (src/core/search, docs/search.md)
  {
    name: 'search a word: the annotated source first, with a located hit',
    method: 'search',
    args: () => ({ query: 'weapons' }),
    expect: 'ok',
    check: (v, ctx) => {
      const r = v as SearchResult;
      expect(r.sources[0].source.id).toBe(need(ctx, 'axis'));
      expect(r.sources[0].hits[0]).toMatchObject({ kind: 'text', blockIndex: 0, ...span('weapons') });
      expect(r.terms).toEqual(['weapons']);
    },
  },
  {
    name: 'search a phrase left open, as typed',
    method: 'search',
    args: (ctx) => ({ query: '"supplied weapons', sourceIds: [need(ctx, 'axis')], hasHighlights: true }),
    expect: 'ok',
    check: (v) => expect((v as SearchResult).total).toBe(1),
  },
  {
    name: 'search an alias: the actor is listed',
    method: 'search',
    args: () => ({ query: 'moscow', limit: 5 }),
    expect: 'ok',
    check: (v, ctx) => expect((v as SearchResult).actors).toEqual([{ actorId: actor(ctx, 'Russia'), name: 'Russia', alias: 'Moscow' }]),
  },
  { name: 'search only for exclusions', method: 'search', args: () => ({ query: '-weapons' }), expect: 'invalid_argument', check: (e) => expect(errorOf(e).detail).toEqual({ path: 'query' }) },
  { name: 'search with a bad date', method: 'search', args: () => ({ query: 'weapons', publishedFrom: 'March' }), expect: 'invalid_argument' },
  {
    name: 'mentions in the annotated source',
    method: 'listMentions',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v) => {
      const list = v as MentionList;
      expect(list.sourcesScanned).toBe(1);
      for (const g of list.groups) for (const m of g.mentions) expect(AXIS.slice(m.start, m.end)).toBe(m.matched);
    },
  },
  { name: 'mentions in an unknown source', method: 'listMentions', args: () => ({ sourceId: 'no-such-source' }), expect: 'not_found' },
  {
    name: 'accept a mention, snapped to its sentence',
    method: 'acceptMentions',
    args: (ctx) => ({ mentions: [{ sourceId: need(ctx, 'axis'), actorId: actor(ctx, 'Iran'), ...span('Iran') }], snap: 'sentence' }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ created: 1, tagged: 0 }),
  },
  { name: 'the accepted mention is one step', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Tag Iran' }) },
  {
    name: 'accept a mention past the text',
    method: 'acceptMentions',
    args: (ctx) => ({ mentions: [{ sourceId: need(ctx, 'axis'), actorId: actor(ctx, 'Iran'), start: 0, end: AXIS.length + 1 }], snap: 'name' }),
    expect: 'invalid_argument',
  },
  {
    name: 'dismiss a mention',
    method: 'dismissMention',
    args: (ctx) => ({ sourceId: need(ctx, 'axis'), actorId: actor(ctx, 'Iran'), ...span('Iran') }),
    expect: 'ok',
    check: (v) => expect(v).toEqual({ dismissed: true }),
  },
  { name: 'the dismissal is one step', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Dismiss mention' }) },
  { name: 'dismiss a mention of no actor', method: 'dismissMention', args: (ctx) => ({ sourceId: need(ctx, 'axis'), actorId: 'nobody', ...span('Iran') }), expect: 'not_found' },
  {
    name: 'the library filtered as typed',
    method: 'querySources',
    args: () => ({ filter: 'axis rep', sort: 'title' }),
    expect: 'ok',
    check: (v, ctx) => expect(v).toMatchObject({ total: 1, all: 6, sources: [{ id: need(ctx, 'axis'), collectionIds: [] }] }),
  },
  { name: 'the library sorted by size', method: 'querySources', args: () => ({ sort: 'size' }), expect: 'invalid_argument' },
  { name: 'no collections yet', method: 'listCollections', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual([]) },
  { name: 'listCollections takes no arguments', method: 'listCollections', args: () => ({ all: true }), expect: 'invalid_argument' },
  {
    name: 'a collection with the annotated source',
    method: 'createCollection',
    args: (ctx) => ({ name: 'Levant', sourceIds: [need(ctx, 'axis')] }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ name: 'Levant', sourceCount: 1 }),
    save: (v, ctx) => ctx.set('collection:Levant', (v as Collection).id),
  },
  { name: 'a collection without a name', method: 'createCollection', args: () => ({ name: '' }), expect: 'invalid_argument' },
  { name: 'rename it', method: 'renameCollection', args: (ctx) => ({ id: need(ctx, 'collection:Levant'), name: 'Levant files' }), expect: 'ok', check: (v) => expect(v).toMatchObject({ name: 'Levant files' }) },
  { name: 'rename a collection that does not exist', method: 'renameCollection', args: () => ({ id: 'no-such-collection', name: 'X' }), expect: 'not_found' },
  { name: 'add sources to it', method: 'addToCollection', args: (ctx) => ({ id: need(ctx, 'collection:Levant'), sourceIds: [need(ctx, 'emoji'), need(ctx, 'axis')] }), expect: 'ok', check: (v) => expect(v).toMatchObject({ sourceCount: 2 }) },
  { name: 'add no sources', method: 'addToCollection', args: (ctx) => ({ id: need(ctx, 'collection:Levant'), sourceIds: [] }), expect: 'invalid_argument' },
  { name: 'remove one', method: 'removeFromCollection', args: (ctx) => ({ id: need(ctx, 'collection:Levant'), sourceIds: [need(ctx, 'emoji')] }), expect: 'ok', check: (v) => expect(v).toMatchObject({ sourceCount: 1 }) },
  { name: 'remove from a collection that does not exist', method: 'removeFromCollection', args: (ctx) => ({ id: 'no-such-collection', sourceIds: [need(ctx, 'axis')] }), expect: 'not_found' },
  { name: 'delete the collection', method: 'deleteCollection', args: (ctx) => ({ id: need(ctx, 'collection:Levant') }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: true }) },
  { name: 'delete it again', method: 'deleteCollection', args: (ctx) => ({ id: need(ctx, 'collection:Levant') }), expect: 'not_found' },
  { name: 'delete several sources', method: 'deleteSources', args: (ctx) => ({ ids: [need(ctx, 'emoji'), need(ctx, 'txt')] }), expect: 'ok', check: (v) => expect(v).toEqual({ deleted: 2 }) },
  { name: 'which is one step that undo takes back', method: 'undo', args: () => ({}), expect: 'ok', check: (v) => expect(v).toMatchObject({ label: 'Delete 2 sources' }) },
  { name: 'delete several sources, one unknown', method: 'deleteSources', args: (ctx) => ({ ids: [need(ctx, 'emoji'), 'no-such-source'] }), expect: 'not_found' },
  // ---- backups (each transport's project keeps its own; names carry the time, so compare the rest)
  { name: 'no backups yet', method: 'listBackups', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual([]) },
  {
    name: 'back up the annotated project',
    method: 'backupNow',
    args: () => ({}),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ reason: 'manual', sources: 6, highlights: 6, claims: 5 }),
    save: (v, ctx) => ctx.set('backup', (v as BackupInfo).name),
    compareAs: (v) => ({ ...(v as BackupInfo), name: '<name>', path: '<path>', size: '<size>' }),
  },
  {
    name: 'the backup is listed',
    method: 'listBackups',
    args: () => ({}),
    expect: 'ok',
    check: (v, ctx) => expect((v as BackupInfo[]).map((b) => b.name)).toEqual([need(ctx, 'backup')]),
    compareAs: (v) => (v as BackupInfo[]).map((b) => ({ ...b, name: '<name>', path: '<path>', size: '<size>' })),
  },
  { name: 'backupNow takes no arguments', method: 'backupNow', args: () => ({ name: 'x' }), expect: 'invalid_argument' },
  { name: 'listBackups takes no arguments', method: 'listBackups', args: () => ({ all: true }), expect: 'invalid_argument' },
  { name: 'a path is not a backup name', method: 'restoreBackup', args: () => ({ name: '../Contract.tiemark' }), expect: 'invalid_argument' },
  { name: 'a backup that does not exist', method: 'restoreBackup', args: () => ({ name: '20000101-000000-manual.tiemark' }), expect: 'not_found' },
  {
    name: 'final counts with annotations',
    method: 'projectInfo',
    args: () => ({}),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ sourceCount: 6, highlightCount: 6 }),
  },
  { name: 'delete the annotated source', method: 'deleteSource', args: (ctx) => ({ id: need(ctx, 'axis') }), expect: 'ok' },
  { name: 'which cannot be undone and clears the history', method: 'undoState', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual(NO_HISTORY) },
  { name: 'its claims went with it', method: 'listTies', args: () => ({}), expect: 'ok', check: (v) => expect(tiePage(v)).toMatchObject({ pairs: [], total: 0, claimCount: 0 }) },
  {
    name: 'its actors stay, untagged and unclaimed',
    method: 'listActors',
    args: () => ({}),
    expect: 'ok',
    check: (v) => {
      expect(actors(v).map((a) => a.name)).toEqual(['Hezbollah', 'Iran', 'Islamic Revolutionary Guard Corps', 'Israel', 'Russia']);
      expect(actors(v).every((a) => a.tagCount === 0 && a.claimCount === 0)).toBe(true);
    },
  },
  { name: 'no relation type is used', method: 'listRelationTypes', args: () => ({}), expect: 'ok', check: (v) => expect(relationTypes(v).every((r) => r.claimCount === 0)).toBe(true) },
  { name: 'its highlights went with it', method: 'getNote', args: (ctx) => ({ highlightId: hl(ctx, 'weapons') }), expect: 'not_found' },
  // ---- restore: the deletion above, which undo cannot take back, is taken back by the backup
  {
    name: 'restore the backup taken before the deletion',
    method: 'restoreBackup',
    args: (ctx) => ({ name: need(ctx, 'backup') }),
    expect: 'ok',
    check: (v) => expect(v).toMatchObject({ sourceCount: 6, highlightCount: 6 }),
  },
  { name: 'the deleted highlights are back', method: 'getNote', args: (ctx) => ({ highlightId: hl(ctx, 'weapons') }), expect: 'ok' },
  {
    name: 'the state before the restore was kept as a backup too',
    method: 'listBackups',
    args: () => ({}),
    expect: 'ok',
    check: (v) => expect((v as BackupInfo[]).map((b) => [b.reason, b.sources])).toEqual([
      ['before-restore', 5],
      ['manual', 6],
    ]),
    compareAs: (v) => (v as BackupInfo[]).map((b) => ({ ...b, name: '<name>', path: '<path>', size: '<size>' })),
  },
  // ---- addTie: a tie with its passage, as one step
  {
    name: 'a tie on a passage not yet highlighted: highlighted, both actors tagged, the claim added',
    method: 'addTie',
    args: (ctx) => ({
      passage: { sourceId: need(ctx, 'axis'), ...span('trained its fighters') },
      sourceActorId: actor(ctx, 'Islamic Revolutionary Guard Corps'),
      relationTypeId: 'aid-trains',
      targetActorId: actor(ctx, 'Hezbollah'),
      stance: 'asserted',
    }),
    expect: 'ok',
    check: (v, ctx) => {
      const { claim, highlight } = v as { claim: Claim; highlight: Highlight };
      expect(highlight).toMatchObject({ sourceId: need(ctx, 'axis'), ...span('trained its fighters') });
      expect(claim).toMatchObject({ highlightId: highlight.id, relationTypeId: 'aid-trains', stance: 'asserted' });
    },
    save: (v, ctx) => ctx.set('hl:trained', (v as { highlight: Highlight }).highlight.id),
  },
  {
    name: 'the passage carries both actors',
    method: 'listAnnotations',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v, ctx) =>
      expect(
        (v as SourceAnnotations).tags
          .filter((t) => t.highlightId === hl(ctx, 'trained'))
          .map((t) => t.actorId)
          .sort(),
      ).toEqual([actor(ctx, 'Hezbollah'), actor(ctx, 'Islamic Revolutionary Guard Corps')].sort()),
  },
  {
    name: 'and one undo takes the tie, the tags and the highlight back',
    method: 'undo',
    args: () => ({}),
    expect: 'ok',
    check: (v) => expect((v as UndoResult).step).toMatchObject({ label: 'Add tie' }),
  },
  { name: 'the highlight is gone with it', method: 'getNote', args: (ctx) => ({ highlightId: hl(ctx, 'trained') }), expect: 'not_found' },
  {
    name: 'a tie on both a highlight and a passage',
    method: 'addTie',
    args: (ctx) => ({
      highlightId: hl(ctx, 'weapons'),
      passage: { sourceId: need(ctx, 'axis'), ...span('Moscow denied it') },
      sourceActorId: actor(ctx, 'Russia'),
      relationTypeId: 'aid-weapons',
      targetActorId: actor(ctx, 'Hezbollah'),
    }),
    expect: 'invalid_argument',
  },
  {
    name: 'a tie with a retired or unknown relation leaves no highlight behind',
    method: 'addTie',
    args: (ctx) => ({
      passage: { sourceId: need(ctx, 'axis'), ...span('in March 2022') },
      sourceActorId: actor(ctx, 'Russia'),
      relationTypeId: 'no-such-type',
      targetActorId: actor(ctx, 'Hezbollah'),
    }),
    expect: 'not_found',
  },
  {
    name: 'so the passage is still bare',
    method: 'listHighlightSpans',
    args: (ctx) => ({ sourceId: need(ctx, 'axis') }),
    expect: 'ok',
    check: (v) => expect(fromSpanColumns(v as SpanColumns).some((h) => h.start === span('in March 2022').start)).toBe(false),
  },
  // ---- analysts (services/analyst.ts)
  { name: 'the project’s own analyst, unnamed', method: 'listAnalysts', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual(['']) },
  { name: 'listing analysts takes no arguments', method: 'listAnalysts', args: () => ({ all: true }), expect: 'invalid_argument' },
  { name: 'agreement needs two analysts', method: 'codingAgreement', args: () => ({}), expect: 'ok', check: (v) => expect(v).toEqual({ analysts: [''], pair: null }) },
  { name: 'an analyst’s name has at most 100 characters', method: 'codingAgreement', args: () => ({ a: 'x'.repeat(101) }), expect: 'invalid_argument' },
  { name: 'naming the analyst trims the name', method: 'setAnalyst', args: () => ({ name: ' Dana  Levi ' }), expect: 'ok', check: (v) => expect(v).toEqual({ analyst: 'Dana Levi' }) },
  { name: 'an analyst needs a name', method: 'setAnalyst', args: () => ({ name: '' }), expect: 'invalid_argument' },
  {
    name: 'the project info names them',
    method: 'projectInfo',
    args: () => ({}),
    expect: 'ok',
    check: (v) => expect((v as ProjectInfo).analyst).toBe('Dana Levi'),
    compareAs: (v) => (v as ProjectInfo).analyst,
  },
  {
    name: 'their ties are all the ties while they are the only analyst',
    method: 'listTies',
    args: () => ({ analyst: 'Dana Levi' }),
    expect: 'ok',
    check: (v) => expect((v as TiePage).claimCount).toBeGreaterThan(0),
  },
  { name: 'nobody else coded any', method: 'listTies', args: () => ({ analyst: 'Omar' }), expect: 'ok', check: (v) => expect(v).toEqual({ pairs: [], total: 0, claimCount: 0 }) },
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
        const result = await a.backend.dispatch(method, args);
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
      seen.push(transport.normalizer.normalize(result.ok && c.compareAs ? { ...result, value: c.compareAs(result.value) } : result));
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
    for (const code of ['not_found', 'invalid_argument', 'unknown_method', 'duplicate', 'in_use'] as const) {
      expect(CASES.some((c) => c.expect === code)).toBe(true);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Claim } from '../../shared/annotations';
import type { ArchiveImportReport, ExportedFile } from '../../shared/api';
import { ACTOR_KINDS, CONFIDENCES, STANCES } from '../../shared/annotations';
import type { Highlight } from '../../shared/types';
import type { Backend } from '../backend';
import { makeZip, unzipAll } from '../test-support/docx-fixtures';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';
import { ARCHIVE_FORMAT_VERSION, archivedTables } from './archive';
import { buildExportFixture } from './export-fixtures';

const temp = useTempDirs();

/**
 * Every row of every table, rowids included, by table: the archive's own tables and the ones
 * triggers derive from them (tie summaries), which import must rebuild identically. The search
 * index is left out: its internal row numbers follow the order rows were written in.
 */
function allRows(backend: Backend): Record<string, unknown[]> {
  const db = backend.store.db;
  const tables = [...archivedTables(backend.store).map((t) => t.name), 'tie_totals', 'pair_totals', 'tie_corpus'];
  return Object.fromEntries(
    tables.map((name) => {
      const withoutRowid = /WITHOUT\s+ROWID/i.test((db.prepare("SELECT sql FROM sqlite_schema WHERE name = ?").pluck().get(name) as string) ?? '');
      return [name, db.prepare(`SELECT ${withoutRowid ? '' : 'rowid AS __rowid, '}* FROM "${name}" ${withoutRowid ? '' : 'ORDER BY rowid'}`).all()];
    }),
  );
}

async function archiveOf(backend: Backend): Promise<ExportedFile> {
  return ok<ExportedFile>(await backend.dispatch('exportArchive', {}));
}

async function importInto(backend: Backend, file: ExportedFile | Buffer, name = 'project.tiemark-archive.zip') {
  const dataBase64 = Buffer.isBuffer(file) ? file.toString('base64') : file.content;
  return backend.dispatch('importArchive', { file: { name, dataBase64 } });
}

/** A generated project: its sources, actors, highlights, tags, claims, notes and text versions. */
interface Plan {
  texts: string[];
  actors: Array<{ name: string; kind: number; aliases: string[]; withAffiliation: boolean }>;
  highlights: Array<{ source: number; a: number; b: number; tags: number[] }>;
  claims: Array<{ highlight: number; s: number; t: number; type: number; stance: number; confidence: number; date: string; note: string }>;
  notes: Array<{ highlight: number; text: string }>;
  updateText: boolean;
  rename: string;
  customType: boolean;
}

const words = fc.constantFrom('Russia', 'Hezbollah', 'arms', 'the', 'border', 'حزب الله', 'Москва', '🇮🇷', 'é', '"quoted"', '=SUM(1)', 'funds', 'line\nbreak');
const textArb = fc.array(words, { minLength: 4, maxLength: 30 }).map((w) => w.join(' '));
const planArb: fc.Arbitrary<Plan> = fc.record({
  texts: fc.array(textArb, { minLength: 1, maxLength: 3 }),
  actors: fc.array(
    fc.record({
      name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0),
      kind: fc.nat({ max: ACTOR_KINDS.length - 1 }),
      aliases: fc.array(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim().length > 0), { maxLength: 2 }),
      withAffiliation: fc.boolean(),
    }),
    { minLength: 2, maxLength: 5 },
  ),
  highlights: fc.array(fc.record({ source: fc.nat(), a: fc.nat(), b: fc.nat(), tags: fc.array(fc.nat(), { maxLength: 2 }) }), { maxLength: 6 }),
  claims: fc.array(
    fc.record({
      highlight: fc.nat(),
      s: fc.nat(),
      t: fc.nat(),
      type: fc.nat({ max: 40 }),
      stance: fc.nat({ max: STANCES.length - 1 }),
      confidence: fc.nat({ max: CONFIDENCES.length - 1 }),
      date: fc.constantFrom('', '2022', '2021-03', 'March 2020', '2019/2021'),
      note: fc.string({ maxLength: 20 }),
    }),
    { maxLength: 8 },
  ),
  notes: fc.array(fc.record({ highlight: fc.nat(), text: fc.string({ minLength: 1, maxLength: 30 }) }), { maxLength: 3 }),
  updateText: fc.boolean(),
  rename: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
  customType: fc.boolean(),
});

async function build(backend: Backend, plan: Plan): Promise<void> {
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const sources = plan.texts.map((text, i) => pasteSource(backend, `${text} (${i})`, `Source ${i} ${plan.rename}`));
  const actorIds: string[] = [];
  for (const [i, a] of plan.actors.entries()) {
    const actor = call<Actor>('createActor', {
      name: `${a.name} ${i}`,
      kind: ACTOR_KINDS[a.kind],
      aliases: a.aliases.map((alias, j) => `${alias} ${i}.${j}`),
      ...(a.withAffiliation && actorIds.length ? { affiliationId: actorIds[0] } : {}),
    });
    actorIds.push(actor.id);
  }
  const types = ok<Array<{ id: string }>>(backend.dispatch('listRelationTypes', {})).map((t) => t.id);
  if (plan.customType) types.push(call<{ id: string }>('createRelationType', { label: `custom ${plan.rename}`, directed: false, polarity: 'neutral' }).id);
  const highlights: Highlight[] = [];
  for (const h of plan.highlights) {
    const source = sources[h.source % sources.length];
    const a = h.a % source.text.length;
    const b = h.b % source.text.length;
    const start = Math.min(a, b);
    const end = Math.max(a, b) + 1;
    const made = backend.dispatch('createHighlight', { sourceId: source.id, start, end, actorIds: h.tags.map((t) => actorIds[t % actorIds.length]) });
    if (!made.ok) continue; // a span that snaps to nothing
    highlights.push(made.value as Highlight);
  }
  if (highlights.length) {
    for (const c of plan.claims) {
      call<Claim>('createClaim', {
        highlightId: highlights[c.highlight % highlights.length].id,
        sourceActorId: actorIds[c.s % actorIds.length],
        relationTypeId: types[c.type % types.length],
        // Never the source actor (a tie needs two).
        targetActorId: actorIds[(c.s + 1 + (c.t % (actorIds.length - 1))) % actorIds.length],
        stance: STANCES[c.stance],
        confidence: CONFIDENCES[c.confidence],
        eventDate: c.date,
        note: c.note,
      });
    }
    for (const n of plan.notes) {
      const content = JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: n.text }] }] } });
      call('saveNote', { highlightId: highlights[n.highlight % highlights.length].id, content, plainText: n.text });
    }
  }
  if (plan.updateText) ok(await backend.dispatch('updateSourceText', { id: sources[0].id, text: `${plan.texts[0]} (0) and a new ending.` }));
}

describe('project archive', () => {
  it('round trip: every table row for row after export and import into a fresh project (generated projects)', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const original = temp.backend();
        await build(original, plan);
        const archive = await archiveOf(original);
        const copy = temp.backend();
        const report = ok<ArchiveImportReport>(await importInto(copy, archive));
        expect(report.sources).toBe(plan.texts.length);
        expect(allRows(copy)).toEqual(allRows(original));
        original.close();
        copy.close();
      }),
      { numRuns: 6, endOnFailure: true },
    );
  });

  it('round trip of the export fixture: the imported project answers exports identically', async () => {
    const f = buildExportFixture(temp.backend());
    const archive = await archiveOf(f.backend);
    expect(archive.fileName).toMatch(/\.tiemark-archive\.zip$/);
    const copy = temp.backend();
    ok(await importInto(copy, archive));
    expect(allRows(copy)).toEqual(allRows(f.backend));
    const now = new Date('2026-01-01T00:00:00Z');
    const { exportData } = await import('./data-export');
    for (const format of ['claims-csv', 'gexf', 'web-annotation'] as const) {
      expect((await exportData(copy.store, { format, now })).content).toBe((await exportData(f.backend.store, { format, now })).content);
    }
    // The archive lists its tables with row counts and checksums.
    const manifest = JSON.parse((await unzipAll(Buffer.from(archive.content, 'base64'))).get('manifest.json')!.toString('utf8')) as {
      format: string;
      formatVersion: number;
      tables: Array<{ name: string; rows: number }>;
    };
    expect(manifest).toMatchObject({ format: 'tiemark-archive', formatVersion: ARCHIVE_FORMAT_VERSION });
    expect(manifest.tables.find((t) => t.name === 'claims')!.rows).toBe(5);
    expect(manifest.tables.map((t) => t.name)).not.toContain('tie_totals');
  });

  it('refuses a project that is not empty, with nothing changed', async () => {
    const f = buildExportFixture(temp.backend());
    const archive = await archiveOf(f.backend);
    const target = temp.backend();
    pasteSource(target, 'Some work already here.');
    const before = contentDigest(target.store.db);
    const error = refused(await importInto(target, archive));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/not empty.*Create a new project/);
    expect(contentDigest(target.store.db)).toBe(before);
  });

  it('refuses a file that is not a zip, a foreign zip, a newer archive and a damaged one, with nothing changed', async () => {
    const f = buildExportFixture(temp.backend());
    const entries = await unzipAll(Buffer.from((await archiveOf(f.backend)).content, 'base64'));
    const target = temp.backend();
    const before = contentDigest(target.store.db);
    const attempt = async (bytes: Buffer) => refused(await importInto(target, bytes, 'their.zip'));

    expect(await attempt(Buffer.from('just some text'))).toMatchObject({ code: 'unsupported_format', message: expect.stringMatching(/not a Tiemark project archive/) });
    expect(await attempt(await makeZip({ 'word/document.xml': '<w/>' }))).toMatchObject({ code: 'unsupported_format', message: expect.stringMatching(/no manifest/) });

    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    const rezip = (changes: Record<string, Buffer | string>) => makeZip({ ...Object.fromEntries(entries), ...changes });
    const newer = await attempt(await rezip({ 'manifest.json': JSON.stringify({ ...manifest, formatVersion: ARCHIVE_FORMAT_VERSION + 1 }) }));
    expect(newer).toMatchObject({ code: 'newer_version', message: expect.stringMatching(/newer Tiemark.*update Tiemark/) });
    const newerSchema = await attempt(await rezip({ 'manifest.json': JSON.stringify({ ...manifest, schemaVersion: 999 }) }));
    expect(newerSchema.code).toBe('newer_version');
    expect(await attempt(await rezip({ 'manifest.json': JSON.stringify({ ...manifest, format: 'other' }) }))).toMatchObject({ code: 'unsupported_format' });

    const claims = entries.get('tables/claims.jsonl')!.toString('utf8');
    const tampered = await attempt(await rezip({ 'tables/claims.jsonl': claims.replace('asserted', 'denied') }));
    expect(tampered).toMatchObject({ code: 'decode_failed', message: expect.stringMatching(/damaged.*checksum/) });
    const truncated = await attempt(Buffer.from((await rezip({})).subarray(0, 200)));
    expect(['decode_failed', 'unsupported_format']).toContain(truncated.code);

    expect(contentDigest(target.store.db)).toBe(before);
  });
});

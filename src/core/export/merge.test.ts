import { describe, expect, it } from 'vitest';
import type { Actor, Claim } from '../../shared/annotations';
import type { ArchiveImportReport, ExportedFile } from '../../shared/api';
import type { Highlight } from '../../shared/types';
import type { Backend } from '../backend';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';
import { ALPHA_TEXT, buildExportFixture } from './export-fixtures';

const temp = useTempDirs();

const count = (b: Backend, table: string) => Number(b.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
const counts = (b: Backend) => Object.fromEntries(['sources', 'source_versions', 'highlights', 'highlight_actors', 'actors', 'actor_aliases', 'relation_types', 'claims', 'notes'].map((t) => [t, count(b, t)]));

async function mergeInto(target: Backend, from: Backend): Promise<ArchiveImportReport> {
  const archive = ok<ExportedFile>(await from.dispatch('exportArchive', {}));
  return ok<ArchiveImportReport>(await target.dispatch('mergeArchive', { file: { name: 'colleague.tiemark-archive.zip', dataBase64: archive.content } }));
}

/**
 * A colleague's project over part of the same corpus: the same article (identical text), one
 * passage coded identically, one passage coded differently, Hezbollah registered under its alias
 * "Hizballah" with a new alias, a new actor and a source of their own.
 */
function colleague() {
  const backend = temp.backend();
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const alpha = pasteSource(backend, ALPHA_TEXT, 'Uneasy Allies (my copy)');
  const own = pasteSource(backend, 'Syria hosts Iranian advisers near Aleppo, a report says.', 'Aleppo report');
  const russia = call<Actor>('createActor', { name: 'Russia', aliases: ['Russian Federation'] }).id;
  const hezbollah = call<Actor>('createActor', { name: 'Hizballah', aliases: ['Hezbollah party'] }).id;
  const syria = call<Actor>('createActor', { name: 'Syria', kind: 'state' }).id;
  const iran = call<Actor>('createActor', { name: 'Iran' }).id;
  const span = (text: string, exact: string) => ({ start: text.indexOf(exact), end: text.indexOf(exact) + exact.length });
  const arms = call<Highlight>('createHighlight', { sourceId: alpha.id, ...span(ALPHA_TEXT, 'Russia supplies weapons to Hezbollah') });
  const same = call<Claim>('createClaim', { highlightId: arms.id, sourceActorId: russia, relationTypeId: 'aid-weapons', targetActorId: hezbollah });
  const differently = call<Claim>('createClaim', { highlightId: arms.id, sourceActorId: russia, relationTypeId: 'aid-weapons', targetActorId: hezbollah, stance: 'alleged' });
  const hosts = call<Highlight>('createHighlight', { sourceId: own.id, ...span(own.text, 'Syria hosts Iranian advisers'), actorIds: [syria] });
  const hostsClaim = call<Claim>('createClaim', { highlightId: hosts.id, sourceActorId: syria, relationTypeId: 'consult-host', targetActorId: iran });
  const text = 'Their note on the shipment.';
  call('saveNote', { highlightId: arms.id, content: JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text }] }] } }), plainText: text });
  return { backend, same, differently, hostsClaim };
}

describe('merging another analyst’s archive', () => {
  it('recognizes shared sources, actors, passages and claims, adds the rest, and doubles nothing', async () => {
    const mine = buildExportFixture(temp.backend());
    const theirs = colleague();
    const before = counts(mine.backend);
    const report = await mergeInto(mine.backend, theirs.backend);
    expect(report).toMatchObject({ sources: 1, highlights: 1, actors: 1, claims: 2 });
    expect(report.matched).toMatchObject({ sources: 1, actors: 3, highlights: 1, claims: 1 });
    const after = counts(mine.backend);
    expect(after).toMatchObject({ sources: before.sources + 1, actors: before.actors + 1, highlights: before.highlights + 1, claims: before.claims + 2, notes: before.notes });

    // Hezbollah is one actor, now also known by the colleague's names.
    const actors = ok<Actor[]>(mine.backend.dispatch('listActors', {}));
    const hezbollah = actors.find((a) => a.name === 'Hezbollah')!;
    expect(hezbollah.aliases).toEqual(expect.arrayContaining(['Hizballah', 'حزب الله', 'Hezbollah party']));
    expect(actors.find((a) => a.name === 'Russia')!.aliases).toContain('Russian Federation');
    expect(actors.filter((a) => a.name === 'Syria')).toHaveLength(1);

    // The differently coded claim is on my passage, with my actors.
    const { claims } = ok<{ claims: Claim[] }>(mine.backend.dispatch('listAnnotations', { sourceId: mine.alpha.id }));
    const onArms = claims.filter((c) => c.highlightId === mine.highlights.arms.id);
    expect(onArms.map((c) => c.stance).sort()).toEqual(['alleged', 'asserted']);
    for (const c of onArms) expect([c.sourceActorId, c.targetActorId]).toEqual([mine.actors.Russia, mine.actors.Hezbollah]);
    // Both notes are kept, mine first.
    const note = ok<{ plainText: string }>(mine.backend.dispatch('getNote', { highlightId: mine.highlights.arms.id }));
    expect(note.plainText).toBe('Check the shipment dates.\n\nTheir note on the shipment.');

    // Merging the same archive again adds nothing; so does merging my own.
    const digest = contentDigest(mine.backend.store.db);
    const again = await mergeInto(mine.backend, theirs.backend);
    expect(again).toMatchObject({ sources: 0, highlights: 0, actors: 0, claims: 0 });
    expect(contentDigest(mine.backend.store.db)).toBe(digest);
    await mergeInto(mine.backend, mine.backend);
    expect(contentDigest(mine.backend.store.db)).toBe(digest);
  });

  it('is one undo step, and a bad archive changes nothing', async () => {
    const mine = buildExportFixture(temp.backend());
    const digest = contentDigest(mine.backend.store.db);
    await mergeInto(mine.backend, colleague().backend);
    expect(contentDigest(mine.backend.store.db)).not.toBe(digest);
    expect(ok<{ label: string }>(mine.backend.dispatch('undo', {})).label).toBe('Merge archive');
    expect(contentDigest(mine.backend.store.db)).toBe(digest);
    const bad = refused(await mine.backend.dispatch('mergeArchive', { file: { name: 'x.zip', dataBase64: Buffer.from('nope').toString('base64') } }));
    expect(bad.code).toBe('unsupported_format');
    expect(contentDigest(mine.backend.store.db)).toBe(digest);
  });
});

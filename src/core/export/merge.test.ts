import { describe, expect, it } from 'vitest';
import type { Actor, Claim } from '../../shared/annotations';
import type { ArchiveImportReport, ExportedFile, MergePreview } from '../../shared/api';
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

describe('merging a colleague’s version of the same article', () => {
  const ARTICLE = [
    'Moscow and Tehran have drawn closer since 2015.',
    'Russian aircraft flew from Hmeimim while Iranian advisers trained militias on the ground.',
    'Russia supplies weapons to Hezbollah through Syrian depots, officials said.',
    'Iran funds Hezbollah with about 700 million dollars a year, according to one estimate.',
    'The group denied receiving any Russian missiles in a statement on Tuesday.',
    'Analysts expect the arrangement to outlast the war.',
  ].join(' ');
  // Their copy: a line added at the top, and the denial reworded.
  const THEIRS = `Updated with new reporting. ${ARTICLE.replace('denied receiving any Russian missiles in a statement on Tuesday', 'rejected reports of Russian missiles on Wednesday')}`;

  it('recognizes the source by its text, re-anchors their highlights onto ours, and sends the unsure ones to review', async () => {
    const mine = temp.backend();
    const call = <T>(b: Backend, method: string, args: unknown): T => ok<T>(b.dispatch(method, args));
    const source = pasteSource(mine, ARTICLE, 'Axis report');
    const at = (text: string, exact: string) => ({ start: text.indexOf(exact), end: text.indexOf(exact) + exact.length });
    const russia = call<Actor>(mine, 'createActor', { name: 'Russia' }).id;
    const hezbollah = call<Actor>(mine, 'createActor', { name: 'Hezbollah' }).id;
    const arms = call<Highlight>(mine, 'createHighlight', { sourceId: source.id, ...at(ARTICLE, 'Russia supplies weapons to Hezbollah') });
    call<Claim>(mine, 'createClaim', { highlightId: arms.id, sourceActorId: russia, relationTypeId: 'aid-weapons', targetActorId: hezbollah });

    const theirs = temp.backend();
    const their = pasteSource(theirs, THEIRS, 'Axis report');
    const tRussia = call<Actor>(theirs, 'createActor', { name: 'Russia' }).id;
    const tHezbollah = call<Actor>(theirs, 'createActor', { name: 'Hezbollah' }).id;
    const tArms = call<Highlight>(theirs, 'createHighlight', { sourceId: their.id, ...at(THEIRS, 'Russia supplies weapons to Hezbollah') });
    call<Claim>(theirs, 'createClaim', { highlightId: tArms.id, sourceActorId: tRussia, relationTypeId: 'aid-weapons', targetActorId: tHezbollah });
    call<Highlight>(theirs, 'createHighlight', { sourceId: their.id, ...at(THEIRS, 'Iran funds Hezbollah') });
    call<Highlight>(theirs, 'createHighlight', { sourceId: their.id, ...at(THEIRS, 'rejected reports of Russian missiles') });

    const before = counts(mine);
    const report = await mergeInto(mine, theirs);
    expect(report.matched).toMatchObject({ sources: 1, similarSources: 1, highlights: 1, claims: 1 });
    expect(report).toMatchObject({ sources: 0, highlights: 2, claims: 0, review: 1 });
    expect(counts(mine)).toMatchObject({ sources: before.sources, highlights: before.highlights + 2, claims: before.claims });

    // Their "Iran funds Hezbollah" is on our text, at our offsets; the reworded one waits for review.
    const placed = call<Highlight[]>(mine, 'listHighlights', { sourceId: source.id });
    expect(placed.map((h) => h.exact).sort()).toEqual(['Iran funds Hezbollah', 'Russia supplies weapons to Hezbollah']);
    expect(placed.find((h) => h.exact === 'Iran funds Hezbollah')).toMatchObject(at(ARTICLE, 'Iran funds Hezbollah'));
    const review = call<Array<{ exact: string }>>(mine, 'listAnchorReview', { sourceId: source.id });
    expect(review).toHaveLength(1);
    expect(review[0].exact).toBe('rejected reports of Russian missiles');
  });

  it('keeps an unrelated article with the same title apart', async () => {
    const mine = temp.backend();
    pasteSource(mine, ARTICLE, 'Axis report');
    const theirs = temp.backend();
    pasteSource(theirs, 'A different piece entirely: the Houthis fired drones at shipping in the Red Sea again this week.', 'Axis report');
    const report = await mergeInto(mine, theirs);
    expect(report).toMatchObject({ sources: 1 });
    expect(report.matched?.similarSources).toBeUndefined();
  });
});

describe('reviewing a merge before it is written', () => {
  async function archiveOf(from: Backend): Promise<{ name: string; dataBase64: string }> {
    const archive = ok<ExportedFile>(await from.dispatch('exportArchive', {}));
    return { name: 'colleague.tiemark-archive.zip', dataBase64: archive.content };
  }

  it('proposes each actor’s match (by name or alias) and counts the sources, writing nothing', async () => {
    const mine = buildExportFixture(temp.backend());
    const theirs = colleague();
    const file = await archiveOf(theirs.backend);
    const before = contentDigest(mine.backend.store.db);
    const preview = ok<MergePreview>(await mine.backend.dispatch('previewMerge', { file }));
    expect(contentDigest(mine.backend.store.db)).toBe(before);
    expect(preview.sources).toEqual({ total: 2, same: 1, similar: 0 });
    const byName = Object.fromEntries(preview.actors.map((a) => [a.name, a]));
    // "Hizballah" is an alias of our Hezbollah: proposed as the same actor, by that name.
    expect(byName.Hizballah.match).toEqual({ actorId: mine.actors.Hezbollah, name: 'Hezbollah', via: 'Hizballah' });
    expect(byName.Russia.match).toMatchObject({ actorId: mine.actors.Russia, via: 'Russia' });
    expect(byName.Russia.nameTaken).toBe(true);
    expect(byName.Syria.match).toBeNull();
    expect(byName.Syria.nameTaken).toBe(false);
  });

  it('keeps an actor apart under a new name, or merges it into another actor, as decided', async () => {
    const mine = buildExportFixture(temp.backend());
    const theirs = colleague();
    const file = await archiveOf(theirs.backend);
    const preview = ok<MergePreview>(await mine.backend.dispatch('previewMerge', { file }));
    const id = (name: string) => preview.actors.find((a) => a.name === name)!.incomingId;
    // Keeping "Hizballah" apart under a name that is taken is refused, with nothing written.
    const before = contentDigest(mine.backend.store.db);
    const refusal = refused(await mine.backend.dispatch('mergeArchive', { file, actors: [{ incomingId: id('Hizballah'), action: 'apart', rename: 'Hezbollah' }] }));
    expect(refusal.message).toMatch(/already the name of an actor here/);
    expect(contentDigest(mine.backend.store.db)).toBe(before);

    // Apart as "Hizballah (their coding)"; their Syria is our Iran (a deliberate, odd choice the user may make).
    ok(
      await mine.backend.dispatch('mergeArchive', {
        file,
        actors: [
          { incomingId: id('Hizballah'), action: 'apart', rename: 'Hizballah (their coding)' },
          { incomingId: id('Syria'), action: 'merge', into: mine.actors.Iran },
        ],
      }),
    );
    const actors = ok<Actor[]>(mine.backend.dispatch('listActors', {}));
    const apart = actors.find((a) => a.name === 'Hizballah (their coding)')!;
    expect(apart).toBeDefined();
    expect(apart.aliases).toContain('Hezbollah party');
    expect(actors.filter((a) => a.name === 'Syria')).toHaveLength(0);
    // Their claims on the passage now name the actor kept apart.
    const { claims } = ok<{ claims: Claim[] }>(mine.backend.dispatch('listAnnotations', { sourceId: mine.alpha.id }));
    expect(claims.some((c) => c.targetActorId === apart.id)).toBe(true);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import type { SearchResult } from '../../shared/search';
import type { Highlight, Source, TextUpdateReport } from '../../shared/types';
import type { Backend } from '../backend';
import { ok, pasteSource, useTempDirs } from '../test-support/fixtures';
import { parseQuery, toFtsMatch } from './query';
import { search } from './search';

const temp = useTempDirs();
const NOTE = JSON.stringify({ root: { children: [] } });

const run = (backend: Backend, query: string, filters: Record<string, unknown> = {}) =>
  ok<SearchResult>(backend.dispatch('search', { query, ...filters }));
const titles = (r: SearchResult) => r.sources.map((s) => s.source.title);
const span = (source: Source, words: string) => {
  const start = source.text.indexOf(words);
  if (start < 0) throw new Error(`"${words}" is not in ${source.title}`);
  return { start, end: start + words.length };
};

const ARMS = 'Arms to the Levant\n\nIran shipped rockets to Hezbollah through Syria in March.\n\nThe Kremlin denied any role in the shipments.';
const MILITIA = 'Militias of the south\n\nLocal militias recruited fighters near the border; Hezbollah advisers trained them.';
const ARABIC = 'تقرير الحدود\n\nقال حِزْبُ اللهِ إن الأسلحة وصلت عبر سوريا.';
const RUSSIAN = 'Ёлки и Россия\n\nРоссия поставила ёлки в Сирию; Кремль промолчал.';
const CAFE = 'Café diplomacy\n\nThe envoy met the naïve délégués at a café in Doha.';

function corpus(backend: Backend) {
  return {
    arms: pasteSource(backend, ARMS),
    militia: pasteSource(backend, MILITIA),
    arabic: pasteSource(backend, ARABIC),
    russian: pasteSource(backend, RUSSIAN),
    cafe: pasteSource(backend, CAFE),
  };
}

describe('query parsing', () => {
  it('turns words, phrases, prefixes, OR and exclusions into a quoted FTS5 expression', () => {
    expect(toFtsMatch(parseQuery('rockets hezbollah'))).toBe('"rockets" AND "hezbollah"');
    expect(toFtsMatch(parseQuery('"shipped rockets" milit*'))).toBe('"shipped rockets" AND "milit" *');
    expect(toFtsMatch(parseQuery('iran OR syria rockets'))).toBe('("iran" OR "syria") AND "rockets"');
    expect(toFtsMatch(parseQuery('rockets -kremlin -"any role"'))).toBe('("rockets") NOT ("kremlin" OR "any role")');
    expect(toFtsMatch(parseQuery('al-Quds'))).toBe('"al Quds"');
    // Arabic marks and letter variants fold as the index folds them.
    expect(toFtsMatch(parseQuery('حِزْبُ إيران'))).toBe('"حزب" AND "ايران"');
  });

  it('treats stray quotes and operators as text, never as syntax', () => {
    expect(toFtsMatch(parseQuery('"unclosed phrase'))).toBe('"unclosed phrase"');
    expect(toFtsMatch(parseQuery('OR rockets OR'))).toBe('"rockets"');
    expect(toFtsMatch(parseQuery('NEAR( AND ) ^col: * - "" ***'))).toBe('"NEAR" AND "AND" AND "col"');
    expect(toFtsMatch(parseQuery('   '))).toBeNull();
  });

  it('refuses a query of exclusions only, or of too many words, with invalid_argument', () => {
    expect(() => parseQuery('-kremlin')).toThrow(ApiError);
    expect(() => parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toThrow(/at most 32/);
  });

  it('never throws anything but invalid_argument, and what it builds is valid FTS5 (property)', () => {
    const backend = temp.backend();
    pasteSource(backend, ARMS);
    const alphabet = fc.constantFrom(...'ab "*-()^:OR|NEAR+.,\'’ ‏ـَ حز Ёё\\{}[]'.split(''), 'OR', 'AND', 'NOT', 'NEAR', '"', '-');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.array(alphabet, { maxLength: 30 }).map((a) => a.join(''))), (query) => {
        const result = backend.dispatch('search', { query });
        if (!result.ok) expect(result.error.code).toBe('invalid_argument');
      }),
      { numRuns: 400 },
    );
  });
});

describe('search', () => {
  it('finds words, phrases, prefixes, OR and exclusions, best first, with located hits', () => {
    const backend = temp.backend();
    const { arms } = corpus(backend);
    expect(titles(run(backend, 'hezbollah')).sort()).toEqual(['Arms to the Levant', 'Militias of the south']);
    expect(titles(run(backend, '"shipped rockets"'))).toEqual(['Arms to the Levant']);
    expect(titles(run(backend, '"rockets shipped"'))).toEqual([]);
    expect(titles(run(backend, 'milit*'))).toEqual(['Militias of the south']);
    expect(titles(run(backend, 'kremlin OR advisers')).sort()).toEqual(['Arms to the Levant', 'Militias of the south']);
    expect(titles(run(backend, 'hezbollah -kremlin'))).toEqual(['Militias of the south']);

    const result = run(backend, 'rockets');
    expect(result.total).toBe(1);
    const [hit] = result.sources[0].hits;
    expect(hit).toMatchObject({ kind: 'text', blockIndex: 1, ...span(arms, 'rockets') });
    expect(hit.snippet.text).toContain('Iran shipped rockets to Hezbollah');
    const [from, to] = hit.snippet.marks[0];
    expect(hit.snippet.text.slice(from, to)).toBe('rockets');
    expect(result.terms).toEqual(['rockets']);
  });

  it('folds case, diacritics, Arabic marks and letter variants, and Russian ё', () => {
    const backend = temp.backend();
    const { arabic, russian, cafe } = corpus(backend);
    expect(titles(run(backend, 'CAFE delegues naive'))).toEqual([cafe.title]);
    expect(titles(run(backend, 'حزب الله'))).toEqual([arabic.title]);
    const hit = run(backend, '"حزب الله"').sources[0].hits[0];
    expect(arabic.text.slice(hit.start!, hit.end!)).toBe('حِزْبُ اللهِ');
    expect(titles(run(backend, 'елки'))).toEqual([russian.title]);
    expect(titles(run(backend, 'россия кремль'))).toEqual([russian.title]);
    // Words, not substrings: "Сирию" is not "Сирия".
    expect(titles(run(backend, 'сирия'))).toEqual([]);
  });

  it('searches quotes, notes, ties and actors, and applies filters', () => {
    const backend = temp.backend();
    const { arms, militia, cafe } = corpus(backend);
    const iran = ok<Actor>(backend.dispatch('createActor', { name: 'Iran', aliases: ['Islamic Republic'] }));
    const hez = ok<Actor>(backend.dispatch('createActor', { name: 'Hezbollah', aliases: ['Hizballah'] }));
    const h = ok<Highlight>(backend.dispatch('createHighlight', { sourceId: arms.id, ...span(arms, 'Iran shipped rockets'), actorIds: [iran.id] }));
    ok(backend.dispatch('saveNote', { highlightId: h.id, content: NOTE, plainText: 'Corroborated by satellite imagery' }));
    ok(backend.dispatch('createClaim', { highlightId: h.id, sourceActorId: iran.id, relationTypeId: 'aid-weapons', targetActorId: hez.id, attributedText: 'Times of Gaza', note: 'Second convoy' }));
    ok(backend.dispatch('updateSource', { id: cafe.id, patch: { outlet: 'Gulf Observer', publishedAt: '2024-03-14', authors: ['Ana Ruiz'] } }));

    const note = run(backend, 'satellite');
    expect(titles(note)).toEqual([arms.title]);
    expect(note.sources[0].hits).toEqual([expect.objectContaining({ kind: 'note', highlightId: h.id, start: null })]);
    const tie = run(backend, 'convoy').sources[0].hits[0];
    expect(tie).toMatchObject({ kind: 'claim', highlightId: h.id });
    expect(run(backend, '"times of gaza"').sources[0].hits[0].snippet.text).toContain('Times of Gaza');
    expect(titles(run(backend, 'observer ruiz'))).toEqual([cafe.title]);
    expect(run(backend, 'islamic').actors).toEqual([{ actorId: iran.id, name: 'Iran', alias: 'Islamic Republic' }]);
    expect(run(backend, 'hizballah').actors).toEqual([{ actorId: hez.id, name: 'Hezbollah', alias: 'Hizballah' }]);

    expect(titles(run(backend, 'hezbollah', { actorId: iran.id }))).toEqual([arms.title]);
    expect(titles(run(backend, 'hezbollah', { hasHighlights: false }))).toEqual([militia.title]);
    expect(titles(run(backend, 'hezbollah', { sourceIds: [militia.id] }))).toEqual([militia.title]);
    expect(titles(run(backend, 'envoy', { outlets: ['gulf observer'] }))).toEqual([cafe.title]);
    expect(titles(run(backend, 'envoy', { publishedFrom: '2024', publishedTo: '2024-03' }))).toEqual([cafe.title]);
    expect(titles(run(backend, 'envoy', { publishedFrom: '2024-04' }))).toEqual([]);
  });

  it('pages sources best first and counts them all', () => {
    const backend = temp.backend();
    for (let i = 0; i < 7; i++) pasteSource(backend, `Report ${i}\n\n${'ceasefire '.repeat(i + 1)}held in sector ${i}.`);
    const first = run(backend, 'ceasefire', { limit: 3 });
    expect(first.total).toBe(7);
    expect(first.sources.map((s) => s.rank)).toEqual([0, 1, 2]);
    // bm25: the source saying it most often comes first.
    expect(first.sources[0].source.title).toBe('Report 6');
    expect(first.sources[0].textMatches).toBe(7);
    const rest = run(backend, 'ceasefire', { limit: 3, offset: 6 });
    expect(rest.sources.map((s) => s.rank)).toEqual([6]);
    expect(rest.total).toBe(7);
  });
});

describe('ranking over the budget (RANK_BUDGET)', () => {
  it('ranks the newest matches by bm25, lists the rest newest first, and still finds and counts them all', () => {
    const backend = temp.backend();
    // The oldest source says it most often; "ceasefire" occurs 28 times, 4 per source on average.
    for (let i = 0; i < 7; i++) pasteSource(backend, `Report ${i}\n\n${'ceasefire '.repeat(7 - i)}held in sector ${i}.`);
    const order = (r: SearchResult) => titles(r).map((t) => Number(t.slice(7)));
    expect(order(search(backend.store, { query: 'ceasefire' }))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // 10 positions: the two newest sources (about 4 each) are ranked, 5 before 6; then the rest.
    const bounded = search(backend.store, { query: 'ceasefire' }, 10);
    expect(bounded.total).toBe(7);
    expect(order(bounded)).toEqual([5, 6, 4, 3, 2, 1, 0]);
    expect(bounded.sources[0].textMatches).toBe(2);
    expect(bounded.sources[0].hits[0]).toMatchObject({ kind: 'text', blockIndex: 1 });
    // A phrase is ranked by its words over the newest rows, and still matched as a phrase.
    const phrase = search(backend.store, { query: '"ceasefire held"' }, 10);
    expect(phrase.total).toBe(7);
    expect(order(phrase)).toEqual([5, 6, 4, 3, 2, 1, 0]);
    expect(search(backend.store, { query: '"held ceasefire"' }, 10).total).toBe(0);
    // The ranked rows are the newest that match: 5 is left out, so 6 and 4 are ranked (4 says it more).
    expect(order(search(backend.store, { query: 'ceasefire -"sector 5"', limit: 3 }, 10))).toEqual([4, 6, 3]);
    // Within the budget, the same query is ranked over every source.
    expect(order(search(backend.store, { query: 'ceasefire', limit: 2 }, 28))).toEqual([0, 1]);
  });
});

describe('the index stays in step', () => {
  it('after a text update, highlight edits, deletes, undo and redo', async () => {
    const backend = temp.backend();
    const { arms } = corpus(backend);
    const found = (q: string) => run(backend, q).total;

    const update = backend.dispatch('updateSourceText', { id: arms.id, text: ARMS.replace('rockets', 'drones') });
    ok<TextUpdateReport>(await update);
    expect(found('rockets')).toBe(0);
    expect(found('drones')).toBe(1);
    ok(backend.dispatch('undo', {}));
    expect(found('rockets')).toBe(1);
    expect(found('drones')).toBe(0);
    ok(backend.dispatch('redo', {}));
    expect(found('drones')).toBe(1);
    ok(backend.dispatch('undo', {}));

    const h = ok<Highlight>(backend.dispatch('createHighlight', { sourceId: arms.id, ...span(arms, 'The Kremlin denied') }));
    ok(backend.dispatch('saveNote', { highlightId: h.id, content: NOTE, plainText: 'zeppelin' }));
    expect(found('zeppelin')).toBe(1);
    // Typing into the note (outside the journal) reindexes it too.
    ok(backend.dispatch('saveNote', { highlightId: h.id, content: NOTE, plainText: 'dirigible' }));
    expect(found('zeppelin')).toBe(0);
    expect(found('dirigible')).toBe(1);
    ok(backend.dispatch('deleteHighlight', { id: h.id }));
    expect(found('dirigible')).toBe(0);
    ok(backend.dispatch('undo', {}));
    expect(found('dirigible')).toBe(1);
    expect(run(backend, 'dirigible').sources[0].hits[0].highlightId).toBe(h.id);

    ok(backend.dispatch('createActor', { name: 'Wagner Group', aliases: ['PMC Wagner'] }));
    expect(run(backend, 'pmc').actors.map((a) => a.name)).toEqual(['Wagner Group']);
    ok(backend.dispatch('undo', {}));
    expect(run(backend, 'pmc').actors).toEqual([]);

    ok(backend.dispatch('deleteSource', { id: arms.id }));
    expect(found('kremlin')).toBe(0);
    const integrity = backend.store.db.prepare("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')");
    expect(() => integrity.run()).not.toThrow();
  });

  it('indexes a project upgraded from the previous schema', async () => {
    const { MIGRATIONS } = await import('../db/migrations');
    const { openStore } = await import('../db/open');
    const { Store } = await import('../db/store');
    const { importPastedTextSync } = await import('../import/importer');
    const { join } = await import('node:path');
    const dir = temp.make();
    const file = join(dir, 'Old.tiemark');
    const old = openStore(file, { backupDir: join(dir, 'backups'), create: true, migrations: MIGRATIONS.filter((m) => m.version < 5) }).db; // before the search index (migration 5)
    expect(old.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_fts'").get()).toBeUndefined();
    old.prepare('CREATE TABLE IF NOT EXISTS scratch (x)').run();
    importPastedTextSync(new Store(old), ARMS);
    old.close();
    const { Backend } = await import('../backend');
    const backend = temp.track(Backend.open({ file, backupDir: join(dir, 'backups') }));
    expect(titles(run(backend, 'kremlin'))).toEqual(['Arms to the Levant']);
  });
});

describe('locating matches', () => {
  it('gives the same places on the fast path for ASCII words as word by word', async () => {
    const { locate, locateInText, wordsOf } = await import('./query');
    const text = 'The “ceasefire” held; cease-fire talks—ceasefires—and CEASEFIRE. Iran’s envoy: iran, Iranian, al-Quds, alquds 2024.';
    for (const q of ['ceasefire', 'ceasefire*', 'cease fire', '"iran s"', 'iran OR quds', 'al-quds', '2024', 'held cease*', 'envoy iran']) {
      const terms = parseQuery(q).all.flat();
      expect(locateInText(text, terms), q).toEqual(locate(wordsOf(text), terms));
    }
  });
});

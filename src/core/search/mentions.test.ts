import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor } from '../../shared/annotations';
import type { AcceptMentionsResult, MentionItem, MentionList } from '../../shared/search';
import type { Highlight, Source } from '../../shared/types';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';

const temp = useTempDirs();

const TEXT = [
  'Border report',
  'Syrian artillery shelled the ridge. Syria denied it. Hezbollah fighters moved south; the Kremlin said nothing.',
  'وقال مسؤولون إن حزب الله وصل. وحزب الله نفى ذلك.',
  'Later, Hizballah and SYRIA met in Damascus.',
].join('\n\n');

function setup() {
  const backend = temp.backend();
  const source = pasteSource(backend, TEXT);
  const syria = ok<Actor>(backend.dispatch('createActor', { name: 'Syria' }));
  const hez = ok<Actor>(backend.dispatch('createActor', { name: 'Hezbollah', aliases: ['Hizballah', 'حزب الله'] }));
  const russia = ok<Actor>(backend.dispatch('createActor', { name: 'Russia', aliases: ['the Kremlin'] }));
  const list = (args: Record<string, unknown> = {}) => ok<MentionList>(backend.dispatch('listMentions', { sourceId: source.id, ...args }));
  const words = (l: MentionList, actor: Actor) => l.groups.find((g) => g.actorId === actor.id)?.mentions.map((m) => m.matched) ?? [];
  return { backend, source, syria, hez, russia, list, words };
}

/** What acceptMentions and dismissMention take from a listed mention. */
const refOf = (m: MentionItem) => ({ sourceId: m.sourceId, actorId: m.actorId, start: m.start, end: m.end });

const at = (source: Source, words: string, from = 0) => {
  const start = source.text.indexOf(words, from);
  return { start, end: start + words.length };
};

describe('listMentions', () => {
  it('lists whole-word mentions by actor, most first, with block and context', () => {
    const { source, syria, hez, russia, list, words } = setup();
    const l = list();
    expect(l.groups.map((g) => [g.name, g.count])).toEqual([
      ['Hezbollah', 4],
      ['Syria', 2],
      ['Russia', 1],
    ]);
    // "Syrian" is a longer word, not a mention of Syria.
    expect(words(l, syria)).toEqual(['Syria', 'SYRIA']);
    expect(words(l, hez)).toEqual(['Hezbollah', 'حزب الله', 'حزب الله', 'Hizballah']);
    expect(words(l, russia)).toEqual(['the Kremlin']);
    const m = l.groups[1].mentions[0];
    expect(m).toMatchObject({ sourceId: source.id, blockIndex: 1, ...at(source, 'Syria denied'.slice(0, 5), source.text.indexOf('Syria denied')), dismissed: false });
    expect(m.before).toBe('Syrian artillery shelled the ridge. ');
    expect(m.after.startsWith(' denied it.')).toBe(true);
    expect(l.total).toBe(7);
    expect(l.sourcesScanned).toBe(1);
  });

  it('leaves out mentions inside a highlight tagged with that actor, not with another', () => {
    const { backend, source, syria, hez, list, words } = setup();
    ok(backend.dispatch('createHighlight', { sourceId: source.id, ...at(source, 'Syria denied it.'), actorIds: [hez.id] }));
    expect(words(list(), syria)).toEqual(['Syria', 'SYRIA']);
    ok(backend.dispatch('createHighlight', { sourceId: source.id, ...at(source, 'Syria denied it.'), actorIds: [syria.id] }));
    expect(words(list(), syria)).toEqual(['SYRIA']);
    // A new alias is found at once (the registry changed: the automaton is rebuilt).
    ok(backend.dispatch('updateActor', { id: syria.id, patch: { aliases: ['Damascus'] } }));
    expect(words(list(), syria)).toEqual(['SYRIA', 'Damascus']);
    expect(words(list({ actorId: hez.id }), syria)).toEqual([]);
  });

  it('covers the whole corpus without sourceId, and refuses unknown sources and actors', () => {
    const { backend, syria, list } = setup();
    pasteSource(backend, 'Second report\n\nSyria again.');
    const corpus = ok<MentionList>(backend.dispatch('listMentions', { actorId: syria.id }));
    expect(corpus.sourcesScanned).toBe(2);
    expect(corpus.groups[0].count).toBe(3);
    expect(list().groups.find((g) => g.actorId === syria.id)?.count).toBe(2);
    expect(refused(backend.dispatch('listMentions', { sourceId: 'nope' })).code).toBe('not_found');
    expect(refused(backend.dispatch('listMentions', { actorId: 'nope' })).code).toBe('not_found');
  });
});

describe('acceptMentions and dismissMention', () => {
  it('tags all of an actor’s mentions in one undo step, snapped to the sentence or the name', () => {
    const { backend, source, hez, list } = setup();
    const before = contentDigest(backend.store.db);
    const mentions = list().groups.find((g) => g.actorId === hez.id)!.mentions.map(refOf);
    const result = ok<AcceptMentionsResult>(backend.dispatch('acceptMentions', { mentions, snap: 'sentence' }));
    expect(result).toMatchObject({ created: 4, tagged: 0 });
    const highlights = ok<Highlight[]>(backend.dispatch('listHighlights', { sourceId: source.id }));
    expect(highlights.map((h) => h.exact)).toEqual([
      'Hezbollah fighters moved south; the Kremlin said nothing.',
      'وقال مسؤولون إن حزب الله وصل.',
      'وحزب الله نفى ذلك.',
      'Later, Hizballah and SYRIA met in Damascus.',
    ]);
    expect(list().groups.find((g) => g.actorId === hez.id)).toBeUndefined();
    expect(ok<{ label: string }>(backend.dispatch('undo', {})).label).toBe('Tag 4 mentions');
    expect(contentDigest(backend.store.db)).toBe(before);
    expect(list().groups.find((g) => g.actorId === hez.id)?.count).toBe(4);
  });

  it('snaps to the name, and tags an existing highlight of exactly that passage instead of doubling it', () => {
    const { backend, source, syria, russia, list } = setup();
    const existing = ok<Highlight>(backend.dispatch('createHighlight', { sourceId: source.id, ...at(source, 'the Kremlin') }));
    const kremlin = list().groups.find((g) => g.actorId === russia.id)!.mentions;
    const syriaOne = list().groups.find((g) => g.actorId === syria.id)!.mentions.slice(0, 1);
    const result = ok<AcceptMentionsResult>(backend.dispatch('acceptMentions', { mentions: [...kremlin, ...syriaOne].map(refOf), snap: 'name' }));
    expect(result).toMatchObject({ created: 1, tagged: 1 });
    expect(result.highlightIds[0]).toBe(existing.id);
    const created = ok<Highlight[]>(backend.dispatch('listHighlights', { sourceId: source.id })).find((h) => h.id === result.highlightIds[1])!;
    expect(created.exact).toBe('Syria');
  });

  it('refuses a mention outside the text, or of an unknown actor, changing nothing', () => {
    const { backend, source, syria } = setup();
    const before = contentDigest(backend.store.db);
    const bad = { sourceId: source.id, actorId: syria.id, start: 0, end: source.text.length + 5 };
    expect(refused(backend.dispatch('acceptMentions', { mentions: [bad], snap: 'name' })).code).toBe('invalid_argument');
    expect(refused(backend.dispatch('acceptMentions', { mentions: [{ ...bad, end: 5, actorId: 'nobody' }], snap: 'name' })).code).toBe('not_found');
    expect(contentDigest(backend.store.db)).toBe(before);
  });

  it('remembers a dismissal, lists it on request, restores it, and undoes it', () => {
    const { backend, syria, list, words } = setup();
    const [first] = list().groups.find((g) => g.actorId === syria.id)!.mentions;
    const ref = { sourceId: first.sourceId, actorId: syria.id, start: first.start, end: first.end };
    expect(ok(backend.dispatch('dismissMention', ref))).toEqual({ dismissed: true });
    expect(words(list(), syria)).toEqual(['SYRIA']);
    const all = list({ includeDismissed: true }).groups.find((g) => g.actorId === syria.id)!;
    expect(all.mentions.map((m) => [m.matched, m.dismissed])).toEqual([
      ['Syria', true],
      ['SYRIA', false],
    ]);
    ok(backend.dispatch('undo', {}));
    expect(words(list(), syria)).toEqual(['Syria', 'SYRIA']);
    ok(backend.dispatch('redo', {}));
    expect(ok(backend.dispatch('dismissMention', { ...ref, restore: true }))).toEqual({ dismissed: false });
    expect(words(list(), syria)).toEqual(['Syria', 'SYRIA']);
  });
});

describe('kept mentions', () => {
  it('after registry and text changes, equal a scan from scratch', async () => {
    const { forgetMentions } = await import('./mentions');
    const { backend, source, syria, hez, russia } = setup();
    const other = pasteSource(backend, 'Other report\n\nDamascus and Moscow; Hizballah too. Syria.');
    const all = () => ok<MentionList>(backend.dispatch('listMentions', {}));
    const fresh = () => {
      forgetMentions(backend.store);
      return all();
    };
    all();
    const edits: Array<() => unknown> = [
      () => backend.dispatch('updateActor', { id: syria.id, patch: { aliases: ['Damascus'] } }),
      () => backend.dispatch('updateActor', { id: russia.id, patch: { name: 'Russian Federation', aliases: ['Moscow', 'the Kremlin'] } }),
      () => backend.dispatch('updateActor', { id: hez.id, patch: { aliases: ['حزب الله'] } }),
      () => backend.dispatch('createActor', { name: 'Hezbollah fighters' }),
      () => backend.dispatch('updateSourceText', { id: other.id, text: 'Other report\n\nSyria, Damascus, Hizballah.' }),
      () => backend.dispatch('mergeActors', { survivorId: syria.id, mergedIds: [russia.id] }),
      () => backend.dispatch('undo', {}),
    ];
    for (const edit of edits) {
      await edit();
      const kept = all();
      expect(kept).toEqual(fresh());
    }
    expect(all().groups.find((g) => g.actorId === hez.id)?.mentions.map((m) => m.matched)).toEqual(['حزب الله', 'حزب الله']);
    expect(source.id).toBeTruthy();
  });
});

describe('kept mentions, property', () => {
  // Names and words that overlap in the ways the matcher must get right: a name inside a longer
  // word (Syrian), inside a longer name (Harakat Hezbollah al-Nujaba), folded forms (Hizballah,
  // HEZBOLLAH, Ré/re), Arabic with a proclitic (وحزب الله), names of one or two letters (US, Al).
  const NAMES = ['Syria', 'Syrian', 'Hezbollah', 'Hizballah', 'حزب الله', 'Harakat Hezbollah al-Nujaba', 'Kremlin', 'the Kremlin', 'US', 'Al', 'Quds', 'Liwa al-Quds', 'Ré', 'Damascus', 'Moscow'];
  const WORDS = [...NAMES, 'HEZBOLLAH', 'وحزب الله', 'USAID', 'Focus', 'and', 'the', 'said', 're', 'Al-Quds', 'Syrians', '.', ',', '\n\n'];
  const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }).map((ws) => `Report\n\n${ws.join(' ')}`);
  const pick = fc.nat({ max: 1000 });
  const op = fc.oneof(
    fc.record({ kind: fc.constant('createActor' as const), name: fc.constantFrom(...NAMES) }),
    fc.record({ kind: fc.constant('addAlias' as const), actor: pick, name: fc.constantFrom(...NAMES) }),
    fc.record({ kind: fc.constant('removeAlias' as const), actor: pick }),
    fc.record({ kind: fc.constant('rename' as const), actor: pick, name: fc.constantFrom(...NAMES) }),
    fc.record({ kind: fc.constant('deleteActor' as const), actor: pick }),
    fc.record({ kind: fc.constant('editText' as const), source: pick, text }),
    fc.record({ kind: fc.constant('addSource' as const), text }),
    fc.record({ kind: fc.constant('deleteSource' as const), source: pick }),
    fc.record({ kind: fc.constant('tag' as const), mention: pick, snap: fc.constantFrom('name' as const, 'sentence' as const) }),
    fc.record({ kind: fc.constant('dismiss' as const), mention: pick }),
    fc.record({ kind: fc.constant('undo' as const) }),
  );

  it('equal a list made from scratch after any sequence of registry, text, tag and dismissal changes', async () => {
    const { forgetMentions, mentionTuning } = await import('./mentions');
    const before = mentionTuning.extraLimit;
    let runs = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 3 }), fc.array(op, { minLength: 1, maxLength: 12 }), fc.constantFrom(0, 2, 256), async (texts, ops, extraLimit) => {
          mentionTuning.extraLimit = extraLimit;
          const backend = temp.backend();
          try {
            for (const t of texts) pasteSource(backend, t);
            const actors = () => ok<Actor[]>(backend.dispatch('listActors', {}));
            const sources = () => ok<Source[]>(backend.dispatch('listSources', {}));
            ok(backend.dispatch('createActor', { name: 'Syria', aliases: ['Damascus'] }));
            ok(backend.dispatch('createActor', { name: 'Hezbollah', aliases: ['Hizballah', 'حزب الله'] }));
            const argsList = (): Array<Record<string, unknown>> => {
              const [s0] = sources();
              const [a0] = actors();
              return [{}, { limit: 2 }, { includeDismissed: true, limit: 3 }, ...(s0 ? [{ sourceId: s0.id }] : []), ...(a0 ? [{ actorId: a0.id }] : [])];
            };
            const listed = (args: Record<string, unknown>) => ok<MentionList>(backend.dispatch('listMentions', args));
            const check = () => {
              for (const args of argsList()) {
                const kept = listed(args);
                const restore = forgetMentions(backend.store);
                const fresh = listed(args);
                restore();
                expect(kept).toEqual(fresh);
              }
            };
            check();
            for (const o of ops) {
              const as = actors();
              const ss = sources();
              const actor = 'actor' in o && as.length ? as[o.actor % as.length] : undefined;
              const source = 'source' in o && ss.length ? ss[o.source % ss.length] : undefined;
              const all = listed({ includeDismissed: true }).groups.flatMap((g) => g.mentions);
              const mention = 'mention' in o && all.length ? all[o.mention % all.length] : undefined;
              const ref = mention && { sourceId: mention.sourceId, actorId: mention.actorId, start: mention.start, end: mention.end };
              // Some of these are refused (a name taken, nothing to undo): the property holds all the same.
              if (o.kind === 'createActor') backend.dispatch('createActor', { name: o.name });
              else if (o.kind === 'addAlias' && actor) backend.dispatch('updateActor', { id: actor.id, patch: { aliases: [...actor.aliases, o.name] } });
              else if (o.kind === 'removeAlias' && actor) backend.dispatch('updateActor', { id: actor.id, patch: { aliases: actor.aliases.slice(1) } });
              else if (o.kind === 'rename' && actor) backend.dispatch('updateActor', { id: actor.id, patch: { name: o.name } });
              else if (o.kind === 'deleteActor' && actor) backend.dispatch('deleteActor', { id: actor.id, force: true });
              else if (o.kind === 'editText' && source) await backend.dispatch('updateSourceText', { id: source.id, text: o.text });
              else if (o.kind === 'addSource') pasteSource(backend, o.text);
              else if (o.kind === 'deleteSource' && source) backend.dispatch('deleteSource', { id: source.id });
              else if (o.kind === 'tag' && ref) ok(backend.dispatch('acceptMentions', { mentions: [ref], snap: o.snap }));
              else if (o.kind === 'dismiss' && ref) ok(backend.dispatch('dismissMention', { ...ref, restore: mention.dismissed }));
              else if (o.kind === 'undo') backend.dispatch('undo', {});
              check();
              runs++;
            }
          } finally {
            backend.close();
          }
        }),
        { numRuns: 40 },
      );
    } finally {
      mentionTuning.extraLimit = before;
    }
    expect(runs).toBeGreaterThan(40);
  }, 120_000);
});

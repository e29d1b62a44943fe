import { describe, expect, it } from 'vitest';
import type { ActorMention } from '../../shared/api';
import type { Actor, Claim } from '../../shared/annotations';
import { matchKey } from '../../shared/match';
import type { Highlight } from '../../shared/types';
import { contentDigest, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';

const temp = useTempDirs();

function project(text = 'Placeholder text for a source.') {
  const backend = temp.backend();
  const source = pasteSource(backend, text, 'Test source');
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const fail = (method: string, args: unknown) => refused(backend.dispatch(method, args));
  const actor = (name: string, extra: Record<string, unknown> = {}) => call<Actor>('createActor', { name, ...extra });
  const highlight = (quote: string, actorIds?: string[]) => {
    const start = source.text.indexOf(quote);
    if (start < 0) throw new Error(`not in the text: ${quote}`);
    return call<Highlight>('createHighlight', { sourceId: source.id, start, end: start + quote.length, ...(actorIds ? { actorIds } : {}) });
  };
  const suggest = (quote: string) => {
    const start = source.text.indexOf(quote);
    return call<ActorMention[]>('suggestActors', { sourceId: source.id, start, end: start + quote.length });
  };
  return { backend, source, call, fail, actor, highlight, suggest, db: backend.store.db };
}

describe('actor names and aliases', () => {
  it('stores the folded key of the name and of each alias', () => {
    const p = project();
    const hezbollah = p.actor('Hezbollah', { kind: 'armed-group', aliases: ['Hizballah', 'Hizbullah', 'حزب الله'] });
    expect(hezbollah).toMatchObject({ name: 'Hezbollah', kind: 'armed-group', aliases: ['Hizballah', 'Hizbullah', 'حزب الله'], affiliationId: null, tagCount: 0, claimCount: 0 });
    expect(hezbollah.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(p.db.prepare('SELECT match_key FROM actors WHERE id = ?').pluck().get(hezbollah.id)).toBe('hezbollah');
    expect(p.db.prepare('SELECT match_key FROM actor_aliases WHERE actor_id = ? ORDER BY position').pluck().all(hezbollah.id)).toEqual([
      'hizballah',
      'hizbullah',
      matchKey('حزب الله'),
    ]);
  });

  it('refuses a second actor whose name or alias folds to an existing one, naming it', () => {
    const p = project();
    const hezbollah = p.actor('Hezbollah', { aliases: ['Hizballah', 'حزب الله'] });
    const quds = p.actor('Liwa’ al-Quds', { aliases: ['لواء القدس'] });
    const iran = p.actor('Iran', { aliases: ['إيران'] });
    const before = contentDigest(p.db);
    for (const [name, existing] of [
      ['HEZBOLLAH', hezbollah],
      ['Hizb’allah', hezbollah], // apostrophe variant inside
      ['Ḥizballah', hezbollah], // diacritic
      ['حِزْبُ اللهِ', hezbollah], // harakat
      ['liwa al quds', quds], // hyphens and spaces
      ["Liwa' al-Quds", quds], // ASCII apostrophe
      ['Liwaʼ al Quds', quds], // modifier letter apostrophe
      ['Liwā’ al-Quds', quds], // macron
      ['لِوَاء القُدْس', quds],
      ['ایران', iran], // Persian spelling (Farsi yeh) of an Arabic alias
    ] as const) {
      const error = p.fail('createActor', { name });
      expect(error.code, name).toBe('duplicate');
      expect(error.message).toContain(existing.name);
      expect(error.detail).toMatchObject({ actorId: existing.id, name: existing.name });
    }
    // An alias clashing with another actor's name is refused too.
    expect(p.fail('createActor', { name: 'Party of God', aliases: ['Hezbollah'] }).code).toBe('duplicate');
    expect(contentDigest(p.db)).toBe(before);
  });

  it('cleans aliases: trims, drops empty ones, repeats and the name itself', () => {
    const p = project();
    const a = p.actor('  Wagner   Group ', { aliases: ['Wagner', ' wagner ', '  ', 'PMC Wagner', 'WAGNER GROUP', '—'] });
    expect(a.name).toBe('Wagner Group');
    expect(a.aliases).toEqual(['Wagner', 'PMC Wagner']);
    expect(p.fail('createActor', { name: ' … ' })).toMatchObject({ code: 'invalid_argument' });
  });

  it('updates with a patch: aliases replace the list, its own names never clash with itself', () => {
    const p = project();
    const russia = p.actor('Russia', { aliases: ['Moscow', 'the Kremlin'] });
    p.actor('Iran', { aliases: ['Tehran'] });
    const renamed = p.call<Actor>('updateActor', { id: russia.id, patch: { name: 'Russian Federation', aliases: ['Russia', 'Moscow', 'moscow', 'Kremlin'] } });
    expect(renamed).toMatchObject({ name: 'Russian Federation', aliases: ['Russia', 'Moscow', 'Kremlin'] });
    expect(p.call<Actor>('updateActor', { id: russia.id, patch: { description: 'State actor' } }).aliases).toEqual(['Russia', 'Moscow', 'Kremlin']);
    const clash = p.fail('updateActor', { id: russia.id, patch: { aliases: ['Tehran'] } });
    expect(clash).toMatchObject({ code: 'duplicate' });
    expect(clash.message).toContain('Iran');
    expect(p.fail('updateActor', { id: 'nope', patch: { name: 'X' } }).code).toBe('not_found');
  });

  it('keeps affiliations acyclic', () => {
    const p = project();
    const axis = p.actor('Axis of Resistance', { kind: 'other' });
    const hezbollah = p.actor('Hezbollah', { affiliationId: axis.id });
    const radwan = p.actor('Radwan Force', { affiliationId: hezbollah.id });
    expect(hezbollah.affiliationId).toBe(axis.id);
    expect(p.fail('updateActor', { id: hezbollah.id, patch: { affiliationId: hezbollah.id } }).code).toBe('invalid_argument');
    const cycle = p.fail('updateActor', { id: axis.id, patch: { affiliationId: radwan.id } });
    expect(cycle.code).toBe('invalid_argument');
    expect(cycle.message).toMatch(/circle/);
    expect(p.fail('createActor', { name: 'Other', affiliationId: 'missing' }).code).toBe('not_found');
    expect(p.call<Actor>('updateActor', { id: radwan.id, patch: { affiliationId: null } }).affiliationId).toBeNull();
  });

  it('lists by name with aliases in order and counts of tags and claims (each claim once per actor)', () => {
    const p = project('Iran and Hezbollah and the Houthis met in Beirut.');
    const iran = p.actor('iran');
    const houthis = p.actor('Houthis', { aliases: ['Ansar Allah', 'أنصار الله'] });
    const hezbollah = p.actor('Hezbollah');
    const h = p.highlight('Iran and Hezbollah', [iran.id, hezbollah.id]);
    p.call('createClaim', { highlightId: h.id, sourceActorId: iran.id, relationTypeId: 'aid-weapons', targetActorId: hezbollah.id, attributedActorId: iran.id });
    p.call('createClaim', { highlightId: h.id, sourceActorId: hezbollah.id, relationTypeId: 'consult-meet', targetActorId: houthis.id, attributedActorId: iran.id });
    const list = p.call<Actor[]>('listActors', {});
    expect(list.map((a) => a.name)).toEqual(['Hezbollah', 'Houthis', 'iran']);
    expect(list.map((a) => [a.tagCount, a.claimCount])).toEqual([[1, 2], [0, 1], [1, 2]]);
    expect(list[1].aliases).toEqual(['Ansar Allah', 'أنصار الله']);
    expect(p.call<Actor[]>('listActors', {})).toEqual(list);
  });
});

describe('suggestActors', () => {
  const TEXT = [
    'Officials in Moscow said the Kremlin had no plans to arm the group, but Hizballah fighters and the Iranian IRGC were seen near Liwa al Quds positions; thus US forces watched.',
    'وقال مسؤولون إن حِزْبُ اللهِ تلقى أسلحة من إيران عبر سوريا.',
    'Focus on the NDF and the NDFs of Syria; USAID is not the US.',
  ].join('\n\n');

  function registry() {
    const p = project(TEXT);
    const ids = {
      russia: p.actor('Russia', { aliases: ['Moscow', 'the Kremlin', 'Russian Federation'] }).id,
      hezbollah: p.actor('Hezbollah', { aliases: ['Hizballah', 'حزب الله'] }).id,
      irgc: p.actor('IRGC').id,
      iran: p.actor('Iran', { aliases: ['إيران'] }).id,
      quds: p.actor('Liwa’ al-Quds').id,
      us: p.actor('United States', { aliases: ['US'] }).id,
      ndf: p.actor('National Defence Forces', { aliases: ['NDF'] }).id,
      syria: p.actor('Syria', { aliases: ['سوريا'] }).id,
    };
    return { p, ids };
  }

  it('finds names and aliases with the same folding, in order of first mention, one entry per actor', () => {
    const { p, ids } = registry();
    const first = TEXT.split('\n\n')[0];
    const mentions = p.suggest(first);
    expect(mentions.map((m) => [m.actorId, m.matched])).toEqual([
      [ids.russia, 'Moscow'],
      [ids.hezbollah, 'Hizballah'],
      // Not Iran: "Iranian" is a longer word (mentions are whole words, src/shared/match.ts).
      [ids.irgc, 'IRGC'],
      [ids.quds, 'Liwa al Quds'],
      [ids.us, 'US'],
    ]);
    for (const m of mentions) expect(p.source.text.slice(m.start, m.start + m.matched.length)).toBe(m.matched);
  });

  it('matches Arabic with or without harakat and maps offsets back to the original text', () => {
    const { p, ids } = registry();
    const arabic = TEXT.split('\n\n')[1];
    const mentions = p.suggest(arabic);
    expect(mentions.map((m) => [m.actorId, m.matched])).toEqual([
      [ids.hezbollah, 'حِزْبُ اللهِ'],
      [ids.iran, 'إيران'],
      [ids.syria, 'سوريا'],
    ]);
    expect(p.source.text.slice(mentions[0].start, mentions[0].start + mentions[0].matched.length)).toBe('حِزْبُ اللهِ');
  });

  it('does not match a short key inside a longer word', () => {
    const { p, ids } = registry();
    const third = TEXT.split('\n\n')[2];
    const mentions = p.suggest(third);
    expect(mentions.map((m) => [m.actorId, m.matched])).toEqual([
      [ids.ndf, 'NDF'],
      [ids.syria, 'Syria'],
      [ids.us, 'US'],
    ]);
    // "US" is found at "the US", not inside "Focus" or "USAID".
    expect(mentions[2].start).toBe(p.source.text.lastIndexOf('US'));
    expect(p.suggest('Focus on the').length).toBe(0);
  });

  it('refuses a passage outside the source', () => {
    const { p } = registry();
    expect(p.fail('suggestActors', { sourceId: p.source.id, start: 0, end: TEXT.length + 5 }).code).toBe('invalid_argument');
    expect(p.fail('suggestActors', { sourceId: 'missing', start: 0, end: 1 }).code).toBe('not_found');
  });
});

describe('tagging highlights', () => {
  it('tags in order, ignores a repeat, untags, and refuses unknown ids', () => {
    const p = project('Russia supplied Hezbollah through Syria.');
    const [russia, hezbollah, syria] = ['Russia', 'Hezbollah', 'Syria'].map((n) => p.actor(n));
    const h = p.highlight('Russia supplied Hezbollah');
    expect(p.call('tagHighlight', { highlightId: h.id, actorId: hezbollah.id })).toEqual({ highlightId: h.id, actorIds: [hezbollah.id] });
    expect(p.call('tagHighlight', { highlightId: h.id, actorId: russia.id })).toEqual({ highlightId: h.id, actorIds: [hezbollah.id, russia.id] });
    const state = p.call<{ undoLabel: string }>('undoState', {});
    expect(state.undoLabel).toBe('Tag Russia');
    expect(p.call('tagHighlight', { highlightId: h.id, actorId: russia.id })).toEqual({ highlightId: h.id, actorIds: [hezbollah.id, russia.id] });
    expect(p.call<{ undoLabel: string }>('undoState', {}).undoLabel).toBe('Tag Russia');
    expect(p.call('untagHighlight', { highlightId: h.id, actorId: hezbollah.id })).toEqual({ highlightId: h.id, actorIds: [russia.id] });
    expect(p.call('untagHighlight', { highlightId: h.id, actorId: syria.id })).toEqual({ highlightId: h.id, actorIds: [russia.id] });
    expect(p.fail('tagHighlight', { highlightId: 'missing', actorId: russia.id }).code).toBe('not_found');
    expect(p.fail('tagHighlight', { highlightId: h.id, actorId: 'missing' }).code).toBe('not_found');
    expect(p.fail('untagHighlight', { highlightId: h.id, actorId: 'missing' }).code).toBe('not_found');
  });

  it('creates a highlight with its tags in one step, or nothing when an actor is unknown', () => {
    const p = project('Russia supplied Hezbollah through Syria.');
    const [russia, hezbollah] = ['Russia', 'Hezbollah'].map((n) => p.actor(n));
    const h = p.highlight('Russia supplied Hezbollah', [hezbollah.id, russia.id, hezbollah.id]);
    const annotations = p.call<{ tags: unknown[] }>('listAnnotations', { sourceId: p.source.id });
    expect(annotations.tags).toEqual([
      { highlightId: h.id, actorId: hezbollah.id },
      { highlightId: h.id, actorId: russia.id },
    ]);
    expect(p.call<{ undoLabel: string }>('undoState', {}).undoLabel).toBe('Highlight and tag');
    const before = contentDigest(p.db);
    const start = p.source.text.indexOf('Syria');
    expect(p.fail('createHighlight', { sourceId: p.source.id, start, end: start + 5, actorIds: [russia.id, 'missing'] }).code).toBe('not_found');
    expect(contentDigest(p.db)).toBe(before);
  });
});

describe('mergeActors', () => {
  it('moves tags, claims in all three roles and affiliations to the survivor and unites the names', () => {
    const p = project('Hezbollah and Hizballah and Iran and Syria, all in one passage.');
    const hezbollah = p.actor('Hezbollah', { aliases: ['حزب الله'], kind: 'armed-group' });
    const dup = p.actor('Hizbollah (Lebanon)', { aliases: ['Party of God', 'Hizb Allah'], description: 'Lebanese party', externalId: 'Q41053' });
    const dup2 = p.actor('Hezbolla');
    const iran = p.actor('Iran');
    const syria = p.actor('Syria');
    const radwan = p.actor('Radwan Force', { affiliationId: dup.id });
    const h1 = p.highlight('Hezbollah and Hizballah', [hezbollah.id, dup.id]);
    const h2 = p.highlight('Iran and Syria', [dup2.id, iran.id]);
    const asTarget = p.call<Claim>('createClaim', { highlightId: h1.id, sourceActorId: iran.id, relationTypeId: 'aid-weapons', targetActorId: dup.id });
    const asSource = p.call<Claim>('createClaim', { highlightId: h2.id, sourceActorId: dup2.id, relationTypeId: 'structure-allied', targetActorId: syria.id });
    const attributed = p.call<Claim>('createClaim', { highlightId: h2.id, sourceActorId: iran.id, relationTypeId: 'aid-funds', targetActorId: syria.id, attributedActorId: dup.id });
    const selfTie = p.call<Claim>('createClaim', { highlightId: h1.id, sourceActorId: hezbollah.id, relationTypeId: 'structure-rival', targetActorId: dup.id });

    const survivor = p.call<Actor>('mergeActors', { survivorId: hezbollah.id, mergedIds: [dup.id, dup2.id] });
    expect(survivor).toMatchObject({
      id: hezbollah.id,
      name: 'Hezbollah',
      kind: 'armed-group',
      aliases: ['حزب الله', 'Hizbollah (Lebanon)', 'Party of God', 'Hizb Allah', 'Hezbolla'],
      description: 'Lebanese party',
      externalId: 'Q41053',
      tagCount: 2,
      claimCount: 4,
    });
    expect(p.call<{ undoLabel: string }>('undoState', {}).undoLabel).toBe('Merge actors');
    expect(p.db.prepare('SELECT match_key FROM actor_aliases WHERE actor_id = ? ORDER BY position').pluck().all(hezbollah.id)).toEqual([
      matchKey('حزب الله'), 'hizbollahlebanon', 'partyofgod', 'hizballah', 'hezbolla',
    ]);

    const rows = (sql: string, ...args: unknown[]) => p.db.prepare(sql).raw().all(...args);
    expect(rows('SELECT id FROM actors WHERE id IN (?, ?)', dup.id, dup2.id)).toEqual([]);
    expect(rows('SELECT count(*) FROM actor_aliases WHERE actor_id IN (?, ?)', dup.id, dup2.id)).toEqual([[0]]);
    // h1 had both: collapsed to one tag, in the survivor's place.
    expect(rows('SELECT highlight_id, actor_id FROM highlight_actors ORDER BY rowid')).toEqual([
      [h1.id, hezbollah.id],
      [h2.id, hezbollah.id],
      [h2.id, iran.id],
    ]);
    expect(rows('SELECT id, source_actor_id, target_actor_id, attributed_actor_id FROM claims ORDER BY created_at, rowid')).toEqual([
      [asTarget.id, iran.id, hezbollah.id, null],
      [asSource.id, hezbollah.id, syria.id, null],
      [attributed.id, iran.id, syria.id, hezbollah.id],
      // kept, now a claim of Hezbollah with itself, shown as such in the Ties panel
      [selfTie.id, hezbollah.id, hezbollah.id, null],
    ]);
    expect(rows('SELECT affiliation_id FROM actors WHERE id = ?', radwan.id)).toEqual([[hezbollah.id]]);
    const { pairs } = p.call<{ pairs: Array<{ actorIds: string[] }> }>('listTies', {});
    expect(pairs.some((pair) => pair.actorIds[0] === hezbollah.id && pair.actorIds[1] === hezbollah.id)).toBe(true);

    // The merged names now find the survivor.
    expect(p.fail('createActor', { name: 'Party of God' }).detail).toMatchObject({ actorId: hezbollah.id });
    expect(p.fail('createActor', { name: 'hizbollah lebanon' }).detail).toMatchObject({ actorId: hezbollah.id });
  });

  it('refuses merging an actor into itself or unknown actors, changing nothing', () => {
    const p = project();
    const a = p.actor('A');
    const b = p.actor('B');
    const before = contentDigest(p.db);
    expect(p.fail('mergeActors', { survivorId: a.id, mergedIds: [a.id] }).code).toBe('invalid_argument');
    expect(p.fail('mergeActors', { survivorId: a.id, mergedIds: [b.id, 'missing'] }).code).toBe('not_found');
    expect(p.fail('mergeActors', { survivorId: 'missing', mergedIds: [b.id] }).code).toBe('not_found');
    expect(contentDigest(p.db)).toBe(before);
  });

  it('drops an affiliation that would close a circle through the survivor', () => {
    const p = project();
    const coalition = p.actor('Coalition');
    const member = p.actor('Member', { affiliationId: coalition.id });
    const survivor = p.actor('Survivor', { affiliationId: member.id });
    // Coalition → (merged into Survivor) … Member → Coalition becomes Member → Survivor → Member.
    const merged = p.call<Actor>('mergeActors', { survivorId: survivor.id, mergedIds: [coalition.id] });
    expect(merged.affiliationId).toBeNull();
    expect(p.db.prepare('SELECT affiliation_id FROM actors WHERE id = ?').pluck().get(member.id)).toBe(survivor.id);
  });
});

describe('deleteActor', () => {
  it('asks first when the actor is in use, then deletes its tags and claims but keeps attributions as text', () => {
    const p = project('Hezbollah fought in Syria, Israel said.');
    const hezbollah = p.actor('Hezbollah');
    const syria = p.actor('Syria');
    const israel = p.actor('Israel');
    const h = p.highlight('Hezbollah fought in Syria', [hezbollah.id, israel.id]);
    p.call('createClaim', { highlightId: h.id, sourceActorId: hezbollah.id, relationTypeId: 'aid-fighters', targetActorId: syria.id, attributedActorId: israel.id });
    const other = p.call<Claim>('createClaim', { highlightId: h.id, sourceActorId: syria.id, relationTypeId: 'structure-allied', targetActorId: hezbollah.id });
    const before = contentDigest(p.db);

    const inUse = p.fail('deleteActor', { id: israel.id });
    expect(inUse.code).toBe('in_use');
    expect(inUse.message).toBe(
      'Israel is tagged on 1 highlight and named in 1 tie claim. Deleting it also removes those tags and the claims it is a party to; confirm to delete it anyway, or merge it into another actor instead.',
    );
    expect(inUse.detail).toEqual({ highlights: 1, claims: 1 });
    expect(p.fail('deleteActor', { id: hezbollah.id }).detail).toEqual({ highlights: 1, claims: 2 });
    expect(contentDigest(p.db)).toBe(before);

    p.call('deleteActor', { id: israel.id, force: true });
    const claims = p.db.prepare('SELECT attributed_actor_id, attributed_text FROM claims ORDER BY created_at').raw().all();
    expect(claims).toEqual([[null, 'Israel'], [null, '']]);
    p.call('deleteActor', { id: hezbollah.id, force: true });
    expect(p.db.prepare('SELECT count(*) FROM claims').pluck().get()).toBe(0);
    expect(p.db.prepare('SELECT count(*) FROM highlight_actors').pluck().get()).toBe(0);
    expect(p.fail('deleteClaim', { id: other.id }).code).toBe('not_found');
    p.call('deleteActor', { id: syria.id });
    expect(p.call<Actor[]>('listActors', {})).toEqual([]);
    expect(p.fail('deleteActor', { id: syria.id }).code).toBe('not_found');
  });
});

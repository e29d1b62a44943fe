import { describe, expect, it } from 'vitest';
import type { Actor, ActorKind } from '../../../../shared/annotations';
import { MATCH_RANK, matchKey, NO_MATCH } from '../../../../shared/match';
import { actorDetail, byName, exactActor, keyActors, matchActor, rankActors } from './actorOptions';

function actor(id: string, name: string, aliases: string[] = [], kind: ActorKind = 'armed-group'): Actor {
  return {
    id,
    name,
    kind,
    aliases,
    description: '',
    color: '#2e7d32',
    externalId: '',
    affiliationId: null,
    tagCount: 0,
    claimCount: 0,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

const REGISTRY: Actor[] = [
  actor('hez', 'Hezbollah', ['Hizballah', 'Hizbullah', 'حزب الله']),
  actor('rus', 'Russia', ['Russian Federation', 'Moscow', 'the Kremlin'], 'state'),
  actor('liwa', 'Liwa’ al-Quds', ['Liwa al-Quds', 'لواء القدس']),
  actor('irgc', 'Islamic Revolutionary Guard Corps', ['IRGC', 'سپاه پاسداران انقلاب اسلامی'], 'government-body'),
  actor('iran', 'iran', ['Islamic Republic of Iran', 'ایران'], 'state'),
  actor('wagner', 'Wagner Group', ['PMC Wagner', 'Africa Corps'], 'company'),
  actor('nujaba', 'Harakat Hezbollah al-Nujaba', ['al-Nujaba']),
  actor('kh', 'Kata’ib Hezbollah', ['KH']),
  actor('brig', 'Hezbollah Brigades', []),
  actor('ahez', 'Ahezbollahi', []),
];
const byId = (id: string): Actor => REGISTRY.find((a) => a.id === id)!;

/** The rows a picker shows for a query, best first, as [name, alias shown, rank]. */
function ranked(query: string, first?: string[], registry = REGISTRY): Array<[string, string | null, number]> {
  return rankActors(keyActors(registry), matchKey(query), first && new Set(first)).map((r) => [r.k.actor.name, r.alias, r.rank]);
}

describe('keyActors', () => {
  it('folds each name and alias once, keeping the actor and the alias order', () => {
    const keyed = keyActors(REGISTRY);
    expect(keyed).toHaveLength(REGISTRY.length);
    expect(keyed[0].actor).toBe(REGISTRY[0]);
    expect(keyed[0].nameKey).toBe('hezbollah');
    expect(keyed[0].aliasKeys).toEqual(['hizballah', 'hizbullah', 'حزبالله']);
    expect(keyed[0].names.map((n) => n.key)).toEqual(['hezbollah', 'hizballah', 'hizbullah', 'حزبالله']);
    // Word starts for ranking: "Liwa’ al-Quds" is liwa|al|quds.
    expect(keyed[2].names[0]).toEqual({ key: 'liwaalquds', starts: [0, 4, 6] });
  });

  it('is empty for an empty registry', () => {
    expect(keyActors([])).toEqual([]);
  });
});

describe('matchActor', () => {
  const keyed = keyActors(REGISTRY);
  const [hez, rus, liwa] = keyed;

  it('matches every actor for an empty query, with no alias to show', () => {
    for (const k of keyed) expect(matchActor(k, '')).toEqual({ matches: true, alias: null, rank: MATCH_RANK.inside });
  });

  it('ranks by the name when the name matches at least as well as any alias', () => {
    expect(matchActor(hez, matchKey('Hezbollah'))).toEqual({ matches: true, alias: null, rank: MATCH_RANK.exact });
    expect(matchActor(hez, matchKey('hez'))).toEqual({ matches: true, alias: null, rank: MATCH_RANK.prefix });
    expect(matchActor(hez, matchKey('bolla'))).toEqual({ matches: true, alias: null, rank: MATCH_RANK.inside });
    // "h" starts the name and two aliases: the name is shown.
    expect(matchActor(hez, matchKey('h'))).toEqual({ matches: true, alias: null, rank: MATCH_RANK.prefix });
  });

  it('names the alias that matched when only an alias does, or one matches better', () => {
    expect(matchActor(hez, matchKey('hizb'))).toEqual({ matches: true, alias: 'Hizballah', rank: MATCH_RANK.prefix });
    expect(matchActor(hez, matchKey('HIZBULLAH'))).toEqual({ matches: true, alias: 'Hizbullah', rank: MATCH_RANK.exact });
    expect(matchActor(rus, matchKey('kremlin'))).toEqual({ matches: true, alias: 'the Kremlin', rank: MATCH_RANK.wordStart });
    // "Russian Federation" only starts with "russia"; the name is exact and wins.
    expect(matchActor(rus, matchKey('russia'))).toEqual({ matches: true, alias: null, rank: MATCH_RANK.exact });
    // "moscow" is an alias exactly.
    expect(matchActor(rus, matchKey('Moscow'))).toEqual({ matches: true, alias: 'Moscow', rank: MATCH_RANK.exact });
  });

  it('finds Arabic and Persian aliases through letter variants and spaces', () => {
    expect(matchActor(hez, matchKey('حزب الله'))).toMatchObject({ matches: true, alias: 'حزب الله', rank: MATCH_RANK.exact });
    // With alef hamza (أ) for the bare alef and without the space.
    expect(matchActor(hez, matchKey('حزبألله'))).toMatchObject({ matches: true, alias: 'حزب الله', rank: MATCH_RANK.exact });
    // Persian yeh (ی) and Arabic yeh (ي) are one letter to the filter.
    expect(matchActor(keyed[4], matchKey('ايران'))).toMatchObject({ matches: true, alias: 'ایران', rank: MATCH_RANK.exact });
  });

  it('ignores apostrophes, hyphens, spaces, diacritics and case', () => {
    expect(matchActor(liwa, matchKey('liwa al quds'))).toEqual({ matches: true, alias: null, rank: MATCH_RANK.exact });
    expect(matchActor(liwa, matchKey('QUDS'))).toEqual({ matches: true, alias: null, rank: MATCH_RANK.wordStart });
    expect(matchActor(keyed[7], matchKey('kataib'))).toEqual({ matches: true, alias: null, rank: MATCH_RANK.prefix });
  });

  it('does not match what is in neither the name nor an alias', () => {
    expect(matchActor(hez, matchKey('hamas'))).toMatchObject({ matches: false, alias: null, rank: NO_MATCH });
    expect(matchActor(rus, matchKey('Russians'))).toMatchObject({ matches: false, alias: null, rank: NO_MATCH });
  });
});

describe('rankActors', () => {
  it('lists every actor by name, ignoring case and accents, for an empty query', () => {
    expect(ranked('').map(([name]) => name)).toEqual([
      'Ahezbollahi',
      'Harakat Hezbollah al-Nujaba',
      'Hezbollah',
      'Hezbollah Brigades',
      'iran',
      'Islamic Revolutionary Guard Corps',
      'Kata’ib Hezbollah',
      'Liwa’ al-Quds',
      'Russia',
      'Wagner Group',
    ]);
  });

  it('puts the whole name first, then names starting with the query, then a word starting with it, then the rest', () => {
    expect(ranked('hezbollah')).toEqual([
      ['Hezbollah', null, MATCH_RANK.exact],
      ['Hezbollah Brigades', null, MATCH_RANK.prefix],
      ['Harakat Hezbollah al-Nujaba', null, MATCH_RANK.wordStart],
      ['Kata’ib Hezbollah', null, MATCH_RANK.wordStart],
      ['Ahezbollahi', null, MATCH_RANK.inside],
    ]);
  });

  it('ranks an actor by its best name or alias', () => {
    // Only an alias of Nujaba is exact; an alias of Wagner starts with the query.
    expect(ranked('al nujaba')[0]).toEqual(['Harakat Hezbollah al-Nujaba', 'al-Nujaba', MATCH_RANK.exact]);
    expect(ranked('africa')).toEqual([['Wagner Group', 'Africa Corps', MATCH_RANK.prefix]]);
    expect(ranked('corps')).toEqual([
      ['Islamic Revolutionary Guard Corps', null, MATCH_RANK.wordStart],
      ['Wagner Group', 'Africa Corps', MATCH_RANK.wordStart],
    ]);
  });

  it('within a rank, lists the actors named in the passage first, then the others by name', () => {
    const names = (rows: Array<[string, string | null, number]>) => rows.map(([name]) => name);
    expect(names(ranked('hezbollah', ['kh']))).toEqual(['Hezbollah', 'Hezbollah Brigades', 'Kata’ib Hezbollah', 'Harakat Hezbollah al-Nujaba', 'Ahezbollahi']);
    // Named in the passage does not lift an actor above a better match.
    expect(names(ranked('hezbollah', ['ahez', 'nujaba']))).toEqual(['Hezbollah', 'Hezbollah Brigades', 'Harakat Hezbollah al-Nujaba', 'Kata’ib Hezbollah', 'Ahezbollahi']);
    // With no query every actor is in one rank: the passage's actors lead.
    expect(names(ranked('', ['rus', 'hez'])).slice(0, 3)).toEqual(['Hezbollah', 'Russia', 'Ahezbollahi']);
  });

  it('ignores ids in the set that are not in the registry', () => {
    expect(ranked('hezbollah', ['no-such-actor'])).toEqual(ranked('hezbollah'));
  });

  it('is empty when nothing matches, and for an empty registry', () => {
    expect(ranked('no such actor')).toEqual([]);
    expect(ranked('', [], [])).toEqual([]);
  });

  it('treats a query of only spaces and punctuation as empty', () => {
    expect(ranked(' - ’ ')).toHaveLength(REGISTRY.length);
  });

  it('answers the same actor objects it was given', () => {
    const rows = rankActors(keyActors(REGISTRY), matchKey('russia'));
    expect(rows[0].k.actor).toBe(byId('rus'));
  });
});

describe('byName', () => {
  it('orders by name at base strength: case and accents do not separate names', () => {
    expect(byName(actor('a', 'Hezbollah'), actor('b', 'hezbollah'))).toBe(0);
    expect(byName(actor('a', 'Évian'), actor('b', 'evian'))).toBe(0);
    expect(byName(actor('a', 'alpha'), actor('b', 'Beta'))).toBeLessThan(0);
    expect(byName(actor('a', 'Zeta'), actor('b', 'beta'))).toBeGreaterThan(0);
  });
});

describe('exactActor', () => {
  const keyed = keyActors(REGISTRY);

  it('finds the actor whose name or alias is the text after folding', () => {
    expect(exactActor(keyed, 'hezbollah')?.id).toBe('hez');
    expect(exactActor(keyed, ' Hizballah ')?.id).toBe('hez');
    expect(exactActor(keyed, 'Liwa al Quds')?.id).toBe('liwa');
    expect(exactActor(keyed, 'حزب الله')?.id).toBe('hez');
    expect(exactActor(keyed, 'irgc')?.id).toBe('irgc');
  });

  it('wants the whole name: a part of one is not an exact match', () => {
    expect(exactActor(keyed, 'Hezb')).toBeUndefined();
    expect(exactActor(keyed, 'Wagner')).toBeUndefined();
  });

  it('is undefined for empty text or text that folds to nothing', () => {
    expect(exactActor(keyed, '')).toBeUndefined();
    expect(exactActor(keyed, '  ’-. ')).toBeUndefined();
    expect(exactActor([], 'Russia')).toBeUndefined();
  });

  it('prefers an actor named so over one that has the name as an alias, wherever they are in the list', () => {
    const named = actor('named', 'Moscow', [], 'government-body');
    const aliased = byId('rus'); // alias "Moscow"
    expect(exactActor(keyActors([aliased, named]), 'moscow')?.id).toBe('named');
    expect(exactActor(keyActors([named, aliased]), 'moscow')?.id).toBe('named');
    expect(exactActor(keyActors([aliased]), 'moscow')?.id).toBe('rus');
  });
});

describe('actorDetail', () => {
  it('shows the kind, and the alias that matched', () => {
    expect(actorDetail(REGISTRY[0], null)).toBe('Armed group');
    expect(actorDetail(REGISTRY[0], 'Hizballah')).toBe('Armed group · matches “Hizballah”');
    expect(actorDetail(byId('wagner'), null)).toBe('Company or PMC');
    expect(actorDetail(REGISTRY[0], 'حزب الله')).toBe('Armed group · matches “حزب الله”');
  });

  it('falls back to the stored kind when it has no label', () => {
    expect(actorDetail({ ...REGISTRY[0], kind: 'militia' as ActorKind }, null)).toBe('militia');
  });
});

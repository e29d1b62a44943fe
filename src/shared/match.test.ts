import { describe, expect, it } from 'vitest';
import { findMentions, foldName, MATCH_RANK, matchKey, matchesName, NO_MATCH, rankFolded, rankNames } from './match';

const rank = (query: string, name: string) => rankFolded(matchKey(query), foldName(name));

describe('matchKey', () => {
  it('ignores case, accents, harakat, apostrophes, hyphens and spaces', () => {
    expect(matchKey('Liwa’ al-Quds')).toBe(matchKey('liwa al quds'));
    expect(matchKey('ʿAṣāʾib Ahl al-Ḥaqq')).toBe(matchKey('asaib ahl al haqq'));
    expect(matchKey('حِزْبُ اللهِ')).toBe(matchKey('حزب الله'));
    expect(matchesName('hizballah', ['Hezbollah', 'Hizballah'])).toBe(true);
    expect(matchesName('kremlin', ['Hezbollah'])).toBe(false);
  });
});

describe('foldName', () => {
  it('gives the same key as matchKey, with the offsets where words start', () => {
    for (const name of ['Harakat Hezbollah al-Nujaba', 'Liwa’ al-Quds', 'ʿAṣāʾib Ahl al-Ḥaqq', 'حزب الله', 'U.S. Central Command', 'Wagner  Group', '-x-']) {
      expect(foldName(name).key).toBe(matchKey(name));
    }
    expect(foldName('Harakat Hezbollah al-Nujaba')).toEqual({ key: 'harakathezbollahalnujaba', starts: [0, 7, 16, 18] });
    expect(foldName('Liwa’ al-Quds').starts).toEqual([0, 4, 6]);
    expect(foldName('...')).toEqual({ key: '', starts: [] });
  });
});

describe('rankFolded', () => {
  it('ranks the whole name, then its start, then a word start, then anywhere inside', () => {
    expect(rank('hezbollah', 'Hezbollah')).toBe(MATCH_RANK.exact);
    expect(rank('HEZBOLLAH', 'Hezbollah')).toBe(MATCH_RANK.exact);
    expect(rank('hez', 'Hezbollah')).toBe(MATCH_RANK.prefix);
    expect(rank('hezbollah', 'Harakat Hezbollah al-Nujaba')).toBe(MATCH_RANK.wordStart);
    expect(rank('nuj', 'Harakat Hezbollah al-Nujaba')).toBe(MATCH_RANK.wordStart);
    expect(rank('bollah', 'Harakat Hezbollah al-Nujaba')).toBe(MATCH_RANK.inside);
    expect(rank('quds', 'Liwa’ al-Quds')).toBe(MATCH_RANK.wordStart);
    expect(rank('liwa al quds', 'Liwa’ al-Quds')).toBe(MATCH_RANK.exact);
    expect(rank('hamas', 'Hezbollah')).toBe(NO_MATCH);
    // A query that runs across words still matches from a word start.
    expect(rank('hezbollah al', 'Harakat Hezbollah al-Nujaba')).toBe(MATCH_RANK.wordStart);
    expect(rank('', 'Hezbollah')).toBe(MATCH_RANK.inside);
  });

  it('orders "hezbollah" so that the exact name comes before the names that contain it', () => {
    const names = ['Harakat Hezbollah al-Nujaba', 'Kata’ib Hezbollah', 'Hezbollah', 'Hezbollah Brigades', 'Ahezbollahi'];
    const q = matchKey('hezbollah');
    const ranked = names
      .map((n) => ({ n, r: rankFolded(q, foldName(n)) }))
      .sort((a, b) => a.r - b.r || a.n.localeCompare(b.n))
      .map((x) => x.n);
    expect(ranked).toEqual(['Hezbollah', 'Hezbollah Brigades', 'Harakat Hezbollah al-Nujaba', 'Kata’ib Hezbollah', 'Ahezbollahi']);
  });
});

describe('rankNames', () => {
  it('takes the best rank among a name and its aliases, the name first on a tie', () => {
    const hezbollah = ['Hezbollah', 'Hizballah', 'Hizbullah', 'حزب الله'].map(foldName);
    expect(rankNames(matchKey('hizballah'), hezbollah)).toEqual({ rank: MATCH_RANK.exact, index: 1 });
    expect(rankNames(matchKey('hiz'), hezbollah)).toEqual({ rank: MATCH_RANK.prefix, index: 1 });
    expect(rankNames(matchKey('h'), hezbollah)).toEqual({ rank: MATCH_RANK.prefix, index: 0 });
    expect(rankNames(matchKey('حِزْبُ اللهِ'), hezbollah)).toEqual({ rank: MATCH_RANK.exact, index: 3 });
    expect(rankNames(matchKey('hamas'), hezbollah)).toEqual({ rank: NO_MATCH, index: -1 });
    // An alias that is exact beats a name that only contains the query.
    const russia = ['Russian Federation', 'Russia'].map(foldName);
    expect(rankNames(matchKey('russia'), russia)).toEqual({ rank: MATCH_RANK.exact, index: 1 });
  });
});

describe('findMentions', () => {
  const names: Array<[string, string]> = [
    ['russia', 'Russia'],
    ['russia', 'Moscow'],
    ['russia', 'the Kremlin'],
    ['hezbollah', 'Hezbollah'],
    ['hezbollah', 'Hizballah'],
    ['hezbollah', 'حزب الله'],
    ['nujaba', 'Harakat Hezbollah al-Nujaba'],
    ['iran', 'Iran'],
    ['us', 'US'],
    ['quds', 'Liwa’ al-Quds'],
  ];

  it('lists the actors named in a text in order of first mention, one entry each, with their offsets', () => {
    const text = 'Officials in Moscow said the Kremlin had no plans, but Hizballah fighters and Iranian advisers were near Liwa al Quds.';
    const found = findMentions(text, names);
    expect(found.map((m) => [m.id, text.slice(m.start, m.end)])).toEqual([
      ['russia', 'Moscow'],
      ['hezbollah', 'Hizballah'],
      ['iran', 'Iran'],
      ['quds', 'Liwa al Quds'],
    ]);
  });

  it('puts the longer name first where two start at the same place', () => {
    const text = 'Harakat Hezbollah al-Nujaba fighters crossed, and Hezbollah said nothing.';
    const found = findMentions(text, names);
    expect(found.map((m) => [m.id, text.slice(m.start, m.end)])).toEqual([
      ['nujaba', 'Harakat Hezbollah al-Nujaba'],
      ['hezbollah', 'Hezbollah'],
    ]);
  });

  it('with `outermost`, skips a name inside a longer one, but not the same name on its own later', () => {
    const text = 'Harakat Hezbollah al-Nujaba fighters crossed, and Hezbollah said nothing.';
    const found = findMentions(text, names, { outermost: true });
    expect(found.map((m) => [m.id, text.slice(m.start, m.end), m.start])).toEqual([
      ['nujaba', 'Harakat Hezbollah al-Nujaba', 0],
      ['hezbollah', 'Hezbollah', text.lastIndexOf('Hezbollah')],
    ]);
    expect(findMentions('Harakat Hezbollah al-Nujaba', names, { outermost: true }).map((m) => m.id)).toEqual(['nujaba']);
    // Two names of one actor do not hide each other.
    expect(findMentions('the Kremlin', [['russia', 'the Kremlin'], ['russia', 'Kremlin']], { outermost: true })).toEqual([{ id: 'russia', start: 0, end: 11 }]);
  });

  it('matches Arabic with or without harakat, keeping the marks in the mention', () => {
    const text = 'وقال مسؤولون إن حِزْبُ اللهِ تلقى أسلحة';
    const [m] = findMentions(text, names);
    expect(m.id).toBe('hezbollah');
    expect(text.slice(m.start, m.end)).toBe('حِزْبُ اللهِ');
  });

  it('does not find a short key inside a longer word', () => {
    expect(findMentions('Focus on USAID', names)).toEqual([]);
    const text = 'Focus on the US.';
    expect(findMentions(text, names)).toEqual([{ id: 'us', start: text.lastIndexOf('US'), end: text.lastIndexOf('US') + 2 }]);
  });
});

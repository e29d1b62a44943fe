import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiFinder, findMentions, foldName, GramFilter, NameMatcher, outermostHits, MATCH_RANK, matchKey, matchesName, NO_MATCH, rankFolded, rankNames } from './match';

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
      // "Iranian" is a longer word: it names Iran only if the user adds it as an alias.
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

describe('NameMatcher', () => {
  it('matches whole words only, in every script', () => {
    const m = new NameMatcher([
      ['syria', 'Syria'],
      ['russia', 'Россия'],
      ['hezbollah', 'حزب الله'],
      ['iran', 'ایران'],
    ]);
    const found = (text: string) => m.scan(text).map((h) => [h.id, text.slice(h.start, h.end)]);
    expect(found('Syrian bombardment near Syria.')).toEqual([['syria', 'Syria']]);
    expect(found('Syria’s army; (Syria); Syria-backed')).toEqual([['syria', 'Syria'], ['syria', 'Syria'], ['syria', 'Syria']]);
    expect(found('Россиянин, но Россия и РОССИЯ')).toEqual([['russia', 'Россия'], ['russia', 'РОССИЯ']]);
    // Arabic: a proclitic (و "and", ال "the"…) may precede the name; a longer word may not follow it.
    expect(found('وحزب الله وحزب اللهي')).toEqual([['hezbollah', 'حزب الله']]);
    expect(found('قال حِزْبُ اللهِ')).toEqual([['hezbollah', 'حِزْبُ اللهِ']]);
    // Persian yeh and Arabic yeh fold alike.
    expect(found('إيران وايران')).toEqual([['iran', 'إيران'], ['iran', 'ايران']]);
    expect(found('كإيرانية')).toEqual([]);
  });

  it('finds every occurrence of every name in one pass, as a naive scan of each name would', () => {
    const names: Array<[string, string]> = [];
    const words = ['al', 'quds', 'kata', 'ib', 'hezbollah', 'nujaba', 'harakat', 'liwa', 'badr', 'fatemiyoun'];
    for (let i = 0; i < 60; i++) names.push([`a${i % 17}`, `${words[i % words.length]} ${words[(i * 7) % words.length]}`]);
    // Names next to each other, fillers and longer words ("quds" in "qudsi", which is not a mention).
    const fillers = ['the', 'qudsi', 'and', 'harakats'];
    const text = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? fillers[i % 4] : names[(i * 31) % names.length][1]) + (i % 11 === 0 ? '-' : ' ')).join('');
    const fast = new NameMatcher(names).scan(text).map((h) => `${h.pattern}:${h.start}-${h.end}`).sort();
    const naive: string[] = [];
    names.forEach(([, name], pattern) => {
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${name.split(' ').join('[\\s-]*')}(?![\\p{L}\\p{N}])`, 'giu');
      for (const match of text.matchAll(re)) naive.push(`${pattern}:${match.index}-${match.index + match[0].length}`);
    });
    expect(fast).toEqual(naive.sort());
    expect(fast.length).toBeGreaterThan(20);
  });

  it('outermostHits drops a name inside a longer name of another actor', () => {
    const hits = [
      { id: 'nujaba', start: 0, end: 27 },
      { id: 'hezbollah', start: 8, end: 17 },
      { id: 'hezbollah', start: 50, end: 59 },
    ];
    expect(outermostHits(hits, (h) => h.id).map((h) => h.start)).toEqual([0, 50]);
  });
});

describe('which texts a new name could occur in', () => {
  const gramsOf = (text: string) => {
    const grams = new Uint32Array(GramFilter.words);
    new NameMatcher([]).scanFlat(text, 0, text.length, grams);
    return grams;
  };

  it('GramFilter passes every text the name occurs in, folded, and rules out texts that lack its runs', () => {
    const text = 'Kel-Marost said so. Liwa’ al-Quds, وحزب الله and US aid.';
    const grams = gramsOf(text);
    for (const name of ['Kel Marost', 'kelmarost', 'Liwa al Quds', 'حزب الله', 'US', 'S', 'said so']) expect(GramFilter.mayHold(grams, matchKey(name))).toBe(true);
    for (const name of ['Marosk', 'Hezbollah', 'xq', 'z']) expect(GramFilter.mayHold(grams, matchKey(name))).toBe(false);
    expect(GramFilter.mayHold(grams, '')).toBe(false);
    // Every other unit is one class: an Arabic name passes any text with three Arabic letters in a row.
    expect(GramFilter.mayHold(grams, matchKey('حزبي'))).toBe(true);
  });

  it('asciiFinder finds a folded key across dropped spaces and punctuation, in any case, as whole words', () => {
    const find = (text: string, keys: string[]) => asciiFinder(keys)(text);
    expect(find('They met Kel-Marost.', ['kelmarost'])).toEqual([9, 19, 0]);
    expect(find('KEL MARO ST', ['kelmarost'])).toEqual([0, 11, 0]);
    expect(find('Kel Marosk', ['kelmarost'])).toEqual([]);
    expect(find('Kel Marosk', ['nothing', 'marosk'])).toEqual([4, 10, 1]);
    // Inside a longer word it is not a mention; overlapping ones are all found.
    expect(find('Kelmarosts and kelmarost', ['kelmarost'])).toEqual([15, 24, 0]);
    expect(find('an an-an', ['anan'])).toEqual([0, 5, 0, 3, 8, 0]);
    expect(asciiFinder(['ab', 'b'])('ab b', [1])).toEqual([3, 4, 1]);
    // A key with letters ASCII folding never yields cannot occur in ASCII text.
    expect(find('hizb allah', [matchKey('حزب الله')])).toEqual([]);
  });

  it('asciiFinder finds in ASCII text exactly what the automaton finds', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'n', 'K', 'e', 'l', '1'), minLength: 1, maxLength: 5 });
    const text = fc.array(fc.oneof(word, fc.constantFrom(' ', '-', '. ', "'", '  ', ',')), { maxLength: 40 }).map((parts) => parts.join(''));
    const names = fc.uniqueArray(fc.tuple(word, fc.option(word, { nil: undefined })).map(([a, b]) => (b ? `${a} ${b}` : a)), { minLength: 1, maxLength: 6, selector: (n) => matchKey(n) });
    fc.assert(
      fc.property(text, names, (t, list) => {
        const matcher = new NameMatcher(list.map((n, i) => [`a${i}`, n] as const));
        const byStart = (flat: number[]) => {
          const triples: string[] = [];
          for (let i = 0; i < flat.length; i += 3) triples.push(`${flat[i]}:${flat[i + 1]}:${matcher.keys[flat[i + 2]]}`);
          return triples.sort();
        };
        expect(byStart(asciiFinder(matcher.keys)(t))).toEqual(byStart(matcher.scanFlat(t)));
      }),
      { numRuns: 500 },
    );
  });
});

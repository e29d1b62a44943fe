import { describe, expect, it } from 'vitest';
import { findAll, findCount, foldForFind, foldQuery, stepMatch } from './find';

/** The matched stretches of the text, as written there. */
const found = (text: string, query: string) => findAll(text, query).map((m) => text.slice(m.start, m.end));

describe('find in this source', () => {
  it('ignores case and Latin diacritics, and maps back to the offsets of the text', () => {
    const text = 'Hezbollah, HEZBOLLAH and hezbollah. Café, CAFE and cafè.';
    expect(found(text, 'hezbollah')).toEqual(['Hezbollah', 'HEZBOLLAH', 'hezbollah']);
    expect(found(text, 'Café')).toEqual(['Café', 'CAFE', 'cafè']);
    const [first] = findAll(text, 'cafe');
    expect(first).toEqual({ start: text.indexOf('Café'), end: text.indexOf('Café') + 4 });
  });

  it('keeps combining marks with their letter', () => {
    const text = 'Cafe\u0301 au lait'; // é written as e + combining acute
    expect(findAll(text, 'café')).toEqual([{ start: 0, end: 5 }]);
    expect(findAll(text, 'cafe au')).toEqual([{ start: 0, end: 8 }]);
  });

  it('folds runs of spaces and punctuation to one space, so phrases are found across them', () => {
    const text = 'Liwa’ al-Quds and Liwa al  Quds,\nbut not Liwa alQuds';
    expect(found(text, 'al quds')).toEqual(['al-Quds', 'al  Quds']);
    expect(found(text, 'al-quds')).toEqual(['al-Quds', 'al  Quds']);
    expect(found(text, 'quds but')).toEqual(['Quds,\nbut']);
    expect(found(text, 'alquds')).toEqual(['alQuds']);
    expect(foldForFind('a -- b').folded).toBe('a b');
  });

  it('ignores spaces around the query, and an empty or blank query finds nothing', () => {
    expect(found('the cat sat', '  cat ')).toEqual(['cat']);
    expect(findAll('the cat sat', '')).toEqual([]);
    expect(findAll('the cat sat', ' - ')).toEqual([]);
    expect(foldQuery(' ,, ')).toBe('');
  });

  it('counts occurrences that do not overlap, and adjacent ones separately', () => {
    expect(findAll('aaaa', 'aa')).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    expect(findAll('aaa', 'aa')).toEqual([{ start: 0, end: 2 }]);
    expect(findAll('abab', 'ab')).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
  });

  it('finds Arabic with harakat, tatweel and letter variants ignored', () => {
    const text = 'قالَ حِزبُ الله إنّ حزب الـلـه وأحمد واحمد';
    expect(found(text, 'حزب الله')).toEqual(['حِزبُ الله', 'حزب الـلـه']);
    // Alef with hamza above (أ) is found by a bare alef (ا), and the other way round.
    expect(found(text, 'احمد')).toEqual(['أحمد', 'احمد']);
    expect(found(text, 'أحمد')).toEqual(['أحمد', 'احمد']);
  });

  it('finds Russian with case and ё ignored', () => {
    const text = 'Ещё раз: ЕЩЕ и еще. Москва и МОСКВА.';
    expect(found(text, 'еще')).toEqual(['Ещё', 'ЕЩЕ', 'еще']);
    expect(found(text, 'москва')).toEqual(['Москва', 'МОСКВА']);
  });

  it('maps characters outside the Basic Multilingual Plane back to both halves', () => {
    const text = 'x 𝐀𝐁 y'; // mathematical bold A and B fold to "ab"
    expect(findAll(text, 'ab')).toEqual([{ start: 2, end: 6 }]);
  });

  it('says where the user is, and steps round', () => {
    expect(findCount('', 0, -1)).toBe('');
    expect(findCount('zzz', 0, -1)).toBe('No matches');
    expect(findCount('cat', 12, 2)).toBe('3 of 12');
    expect(stepMatch(3, 2, 1)).toBe(0);
    expect(stepMatch(3, 0, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});

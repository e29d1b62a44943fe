/**
 * The fold the search and library indexes apply before FTS5's tokenizer (`unicode61
 * remove_diacritics 2`), shared by the store (src/core/search/schema.ts builds its triggers from
 * these tables, src/core/search/query.ts folds queries with them) and the window, which answers
 * the library's filter at once from the sources it holds (src/renderer/src/features/sources/library.ts).
 *
 * FROZEN with migration 5's schema: projects in the field were indexed with these tables.
 */

/** Code points removed before tokenizing (marks, tatweel, modifier apostrophes). Frozen. */
export const FOLD_REMOVED: readonly number[] = [
  0x2b9, 0x2bb, 0x2bc, 0x2bd, 0x2be, 0x2bf, 0x483, 0x484, 0x485, 0x486, 0x487, 0x488, 0x489, 0x610, 0x611, 0x612, 0x613, 0x614,
  0x615, 0x616, 0x617, 0x618, 0x619, 0x61a, 0x640, 0x64b, 0x64c, 0x64d, 0x64e, 0x64f, 0x650, 0x651, 0x652, 0x653, 0x654, 0x655,
  0x656, 0x657, 0x658, 0x659, 0x65a, 0x65b, 0x65c, 0x65d, 0x65e, 0x65f, 0x670, 0x6d6, 0x6d7, 0x6d8, 0x6d9, 0x6da, 0x6db, 0x6dc,
  0x6df, 0x6e0, 0x6e1, 0x6e2, 0x6e3, 0x6e4, 0x6e7, 0x6e8, 0x6ea, 0x6eb, 0x6ec, 0x6ed,
];

/** Letters replaced before tokenizing, as "from>to" pairs (what matchKey gives for each). Frozen. */
export const FOLD_MAPPED: readonly string[] = (
  'Ѐ>е Ё>е Ѓ>г Ї>і Ќ>к Ѝ>и Ў>у Й>и й>и ѐ>е ё>е ѓ>г ї>і ќ>к ѝ>и ў>у Ѷ>ѵ ѷ>ѵ Ӂ>ж ӂ>ж Ӑ>а ӑ>а Ӓ>а ӓ>а Ӗ>е ӗ>е Ӛ>ә ӛ>ә ' +
  'Ӝ>ж ӝ>ж Ӟ>з ӟ>з Ӣ>и ӣ>и Ӥ>и ӥ>и Ӧ>о ӧ>о Ӫ>ө ӫ>ө Ӭ>э ӭ>э Ӯ>у ӯ>у Ӱ>у ӱ>у Ӳ>у ӳ>у Ӵ>ч ӵ>ч Ӹ>ы ӹ>ы ' +
  'آ>ا أ>ا ؤ>و إ>ا ئ>ي ة>ه ى>ي ٱ>ا ٵ>اٴ ٶ>وٴ ٷ>ۇٴ ٸ>يٴ ک>ك ۀ>ە ۂ>ہ ی>ي ۓ>ے'
).split(' ');

const REMOVED = new Set(FOLD_REMOVED.map((c) => String.fromCharCode(c)));
const MAPPED = new Map(FOLD_MAPPED.map((pair) => pair.split('>') as [string, string]));

/** The fold the index triggers apply before tokenizing (schema.ts foldSql), in JavaScript. */
export function foldForIndex(text: string): string {
  let out = '';
  for (const ch of text) out += REMOVED.has(ch) ? '' : (MAPPED.get(ch) ?? ch);
  return out;
}

/** What FTS5's unicode61 tokenizer keeps as word characters (letters, digits, private use). */
export const INDEX_WORD = /[\p{L}\p{N}\p{Co}]+/gu;

/** Latin letters with diacritics: the ones remove_diacritics takes them off. */
const LATIN_MARKED = /[\u00c0-\u024f\u1e00-\u1eff]/u;

/**
 * The words FTS5 indexes of `text`, as near as JavaScript gets: folded as the triggers fold,
 * cut into runs of letters and digits, lower case, Latin diacritics removed. The library's
 * instant answer uses it; the store's answer follows and is the one kept.
 */
export function indexWords(text: string): string[] {
  // Text of ASCII only (most titles): letters and digits, lower-cased; nothing to fold.
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const words = foldForIndex(text).match(INDEX_WORD) ?? [];
  return words.map((word) => {
    let out = '';
    for (const ch of word.toLowerCase()) out += LATIN_MARKED.test(ch) ? ch.normalize('NFD').replace(/\p{M}/gu, '') : ch;
    return out;
  });
}

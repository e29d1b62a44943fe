/**
 * Folding for actor names and aliases, used by the store (match keys) and the pickers alike:
 * case, diacritics and harakat, apostrophe variants, hyphens, spaces and punctuation are
 * ignored, and Arabic letter variants are unified, so "liwa al quds" finds "Liwa’ al-Quds",
 * "Hizballah" and "حزب الله" find Hezbollah through its aliases.
 */
export function matchKey(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // diacritics, harakat, combining marks
    .toLowerCase()
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627') // alef variants → alef
    .replace(/[\u0649\u06CC]/g, '\u064A') // alef maqsura, Farsi yeh → yeh
    .replace(/\u06A9/g, '\u0643') // keheh (Persian kaf) → kaf
    .replace(/\u0629/g, '\u0647') // teh marbuta → heh
    .replace(/\u0640/g, '') // tatweel
    // Apostrophe-like modifier letters (ʼ ʻ ʽ ʾ ʿ ʹ, as in "Liwaʼ", "ʿAsāʾib") are letters to Unicode
    // but apostrophes to a reader.
    .replace(/[\u02B9\u02BB-\u02BF]/g, '')
    .replace(/[\p{P}\p{S}\p{Z}\s\u200C\u200D\u200E\u200F]/gu, ''); // punctuation, symbols, spaces, ZWNJ/ZWJ, marks of direction
}

/** Whether `query` matches a name or alias anywhere inside it (after folding). */
export function matchesName(query: string, names: readonly string[]): boolean {
  const key = matchKey(query);
  if (!key) return true;
  return names.some((n) => matchKey(n).includes(key));
}

import chardet from 'chardet';
import { ApiError } from '../../shared/errors';
import type { EncodingGuess } from '../../shared/types';

/**
 * The one place where bytes become text. Every importer goes through here, so the BOM is
 * stripped exactly once and every file gets the same checks and the same error sentences.
 * (Pasted text has no bytes; `stripLeadingBom` below is its equivalent. `normalizeText` does
 * not strip U+FEFF again: a second one at the start is content.)
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface Decoded {
  text: string;
  /** The WHATWG name of the encoding used ("utf-8", "utf-16le", "windows-1256", …). */
  encoding: string;
}

/**
 * `declared` is the encoding the file itself names (a web page's `<meta charset>`). A BOM wins
 * over it, as in browsers; a declared legacy encoding is used instead of UTF-8.
 */
export function decodeBytes(bytes: Uint8Array, fileName: string, declared?: string): Decoded {
  if (bytes.length === 0) {
    throw new ApiError('empty_source', `"${fileName}" is empty: there is no text to import.`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes.subarray(2), 'utf-16le', fileName), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(bytes.subarray(2), 'utf-16be', fileName), encoding: 'utf-16be' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(bom);
  const legacy = bom === 0 ? legacyDecoder(declared) : undefined;
  if (legacy) return { text: legacy.decode(body), encoding: legacy.encoding };
  if (looksBinary(body)) {
    throw new ApiError(
      'decode_failed',
      `"${fileName}" looks like a binary file, not text (it contains NUL bytes). If it is UTF-16 text, save it with a byte-order mark; otherwise import a .txt or .md file.`,
      { fileName },
    );
  }
  try {
    return { text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    // Not UTF-8 and no declared encoding: a legacy 8-bit file, most likely. The user confirms
    // what the detector proposes, seeing the text, rather than the file being refused.
    const guesses = bom === 0 && looksLegacy(body) ? guessEncodings(body) : [];
    if (guesses.length) throw new NeedsEncoding(fileName, guesses);
    // A position in the file as the user has it, so the BOM counts.
    const at = bom + firstInvalidUtf8(body);
    throw new ApiError(
      'decode_failed',
      `"${fileName}" is not valid UTF-8 (first bad byte at position ${at}). Re-save it as UTF-8 in your editor and import it again.`,
      { fileName, byteOffset: at },
    );
  }
}

/**
 * Text in an 8-bit encoding has many bytes above 0x7F and almost none of them form UTF-8
 * sequences; UTF-8 damaged in a few places has valid sequences and a few bad bytes. The first is
 * offered for confirmation with a guessed encoding, the second refused with the bad byte's position.
 */
function looksLegacy(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < sample.length; ) {
    const b = sample[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let k = 1;
    while (need && k <= need && i + k < sample.length && (sample[i + k] & 0xc0) === 0x80) k++;
    if (need && k === need + 1) {
      valid++;
      i += k;
    } else {
      invalid++;
      i++;
    }
  }
  return invalid >= 4 && valid * 10 < invalid;
}

/** Decodes with an encoding the user confirmed (see NeedsEncoding); an unknown label is refused. */
export function decodeWith(bytes: Uint8Array, fileName: string, label: string): Decoded {
  const decoder = legacyDecoder(label);
  if (!decoder) throw new ApiError('invalid_argument', `"${label}" is not an encoding Tiemark can read "${fileName}" with.`, { fileName });
  if (bytes.length === 0) throw new ApiError('empty_source', `"${fileName}" is empty: there is no text to import.`);
  return { text: decoder.decode(bytes), encoding: decoder.encoding };
}

/** Thrown by decodeBytes for text in an undeclared legacy encoding: the caller asks the user. */
export class NeedsEncoding extends Error {
  constructor(
    readonly fileName: string,
    readonly guesses: EncodingGuess[],
  ) {
    super(`"${fileName}" is not UTF-8; it looks like ${guesses[0].label}. Confirm the encoding to import it.`);
    this.name = 'NeedsEncoding';
  }
}

const ENCODING_LABELS: Record<string, string> = {
  'windows-1252': 'Western European (Windows-1252)',
  'iso-8859-2': 'Central European (ISO-8859-2)',
  'windows-1250': 'Central European (Windows-1250)',
  'iso-8859-5': 'Cyrillic (ISO-8859-5)',
  'windows-1251': 'Cyrillic (Windows-1251)',
  'koi8-r': 'Cyrillic (KOI8-R)',
  'iso-8859-6': 'Arabic (ISO-8859-6)',
  'windows-1256': 'Arabic (Windows-1256)',
  'iso-8859-7': 'Greek (ISO-8859-7)',
  'windows-1253': 'Greek (Windows-1253)',
  'iso-8859-8': 'Hebrew (ISO-8859-8)',
  'windows-1255': 'Hebrew (Windows-1255)',
  'windows-1254': 'Turkish (Windows-1254)',
  'shift_jis': 'Japanese (Shift_JIS)',
  'euc-jp': 'Japanese (EUC-JP)',
  'gb18030': 'Chinese (GB18030)',
  big5: 'Chinese (Big5)',
  'euc-kr': 'Korean (EUC-KR)',
};

/** The first characters shown to the user to judge an encoding by. */
const PREVIEW_CHARS = 400;
/** Enough of the file for the detector's statistics; it is linear, so a sample keeps it fast. */
const SAMPLE_BYTES = 256 * 1024;

/**
 * Likely legacy encodings for bytes that are not UTF-8, best first, with a preview in each;
 * chardet's statistical detectors, limited to encodings the platform's TextDecoder reads.
 * windows-1252 is always offered last as the common fallback for Western text.
 */
export function guessEncodings(bytes: Uint8Array): EncodingGuess[] {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const seen = new Set<string>();
  const out: EncodingGuess[] = [];
  const offer = (name: string, confidence: number) => {
    const decoder = legacyDecoder(name);
    if (!decoder || seen.has(decoder.encoding)) return;
    seen.add(decoder.encoding);
    const preview = decoder.decode(sample.subarray(0, PREVIEW_CHARS * 2)).slice(0, PREVIEW_CHARS);
    out.push({ name: decoder.encoding, label: ENCODING_LABELS[decoder.encoding] ?? decoder.encoding, confidence, preview });
  };
  for (const match of chardet.analyse(sample)) if (match.confidence >= 10) offer(match.name, match.confidence);
  offer('windows-1252', 0);
  return out.slice(0, 5);
}

/** A decoder for a declared single-byte or multi-byte legacy encoding; none for UTF-8/16 or unknown labels. */
function legacyDecoder(label: string | undefined): InstanceType<typeof TextDecoder> | undefined {
  if (!label) return undefined;
  try {
    const decoder = new TextDecoder(label, { ignoreBOM: true });
    return decoder.encoding.startsWith('utf-') ? undefined : decoder;
  } catch {
    return undefined; // an unknown label: browsers fall back too, and so do we (to UTF-8)
  }
}

function decodeUtf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be', fileName: string): string {
  if (body.length % 2 !== 0) {
    throw new ApiError('decode_failed', `"${fileName}" is cut off: its UTF-16 text has an odd number of bytes.`, { fileName });
  }
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new ApiError('decode_failed', `"${fileName}" is not valid ${encoding.toUpperCase()} text.`, { fileName });
  }
}

/** NUL bytes do not occur in real UTF-8 text; a few stray ones are tolerated (and removed later). */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  const limit = Math.max(2, sample.length / 1000);
  let nul = 0;
  // indexOf is a native scan: a byte loop took 1.4 ms per 50 KB file in the import worker.
  for (let i = sample.indexOf(0); i !== -1 && nul <= limit; i = sample.indexOf(0, i + 1)) nul++;
  return nul > limit;
}

/**
 * Offset of the first byte of the first ill-formed sequence (Unicode Table 3-7 "well-formed
 * UTF-8"): where the user's editor should look, even when the sequence is cut off by the end
 * of the file. Only runs on the error path.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/**
 * Pasted text never went through `decodeBytes`, but may still begin with a U+FEFF (text copied
 * from a file read without BOM handling). Drop exactly one, as decoding does for files.
 */
export function stripLeadingBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

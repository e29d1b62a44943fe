import { ApiError } from '../../shared/errors';

/**
 * The one place where bytes become text. Every importer goes through here, so the BOM is
 * stripped exactly once and every file gets the same checks and the same error sentences.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
}

export function decodeBytes(bytes: Uint8Array, fileName: string): Decoded {
  if (bytes.length === 0) {
    throw new ApiError('empty_source', `"${fileName}" is empty: there is no text to import.`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes.subarray(2), 'utf-16le', fileName), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(bytes.subarray(2), 'utf-16be', fileName), encoding: 'utf-16be' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
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
    const at = firstInvalidUtf8(body);
    throw new ApiError(
      'decode_failed',
      `"${fileName}" is not valid UTF-8 (first bad byte at position ${at}). Re-save it as UTF-8 in your editor and import it again.`,
      { fileName, byteOffset: at },
    );
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
  let nul = 0;
  for (const b of sample) if (b === 0) nul++;
  return nul > Math.max(2, sample.length / 1000);
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search for the shortest prefix that fails to decode; O(n log n) only on the error path.
  let lo = 0;
  let hi = bytes.length;
  const ok = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

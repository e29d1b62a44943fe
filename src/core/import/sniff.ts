import { extname } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { SourceFormat } from '../../shared/types';

/**
 * Which parser a file goes to, decided by its content first and its extension second: a saved
 * web page named `.txt` is still a web page, and a file named `.pdf` that is not one is refused
 * with a sentence saying what it is instead. Formats Tiemark cannot read yet are named, so the
 * user knows what to convert the file to.
 */

export type FileFormat = Exclude<SourceFormat, 'pasted'>;

const TEXT_EXTENSIONS: Record<string, FileFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

export const SUPPORTED_EXTENSIONS = Object.keys(TEXT_EXTENSIONS);

/** Binary formats recognised by their first bytes, with what to tell the user. */
const SIGNATURES: Array<{ bytes: number[]; what: string; advice: string }> = [
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old-format or password-protected Office document (such as a Word 97–2003 .doc file)', advice: 'Open it in Word and save it as a .docx without a password, then import that.' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document', advice: 'Save it as plain text (.txt) and import that.' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', advice: 'Tiemark imports text; an image needs text recognition (OCR) first.' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', advice: 'Tiemark imports text; an image needs text recognition (OCR) first.' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image', advice: 'Tiemark imports text; an image needs text recognition (OCR) first.' },
  { bytes: [0x1f, 0x8b], what: 'a compressed (gzip) file', advice: 'Unpack it first, then import the files inside.' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program', advice: 'Import .txt, .md or .html files.' },
  { bytes: [0x4d, 0x5a], what: 'a program', advice: 'Import .txt, .md or .html files.' },
];

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function indexOf(bytes: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** The start of the file as text, for markup checks; the BOM and leading blanks skipped. */
function head(bytes: Uint8Array): string {
  let sample = bytes.subarray(0, 1024);
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) sample = sample.subarray(3);
  else if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) {
    const le = sample[0] === 0xff;
    let text = '';
    for (let i = 2; i + 1 < sample.length; i += 2) text += String.fromCharCode(le ? sample[i] | (sample[i + 1] << 8) : (sample[i] << 8) | sample[i + 1]);
    return text.trimStart().toLowerCase();
  }
  return new TextDecoder('latin1').decode(sample).trimStart().toLowerCase();
}

/** Markup that only a web page starts with. A Markdown file may contain HTML, but does not open with a document. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const text = head(bytes).replace(/^(<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*)+/, '');
  return /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/.test(text);
}

export function detectFormat(fileName: string, bytes: Uint8Array): FileFormat {
  const extension = extname(fileName).toLowerCase();
  // PDF readers accept the signature anywhere in the first kilobyte, after junk some tools write.
  if (startsWith(bytes, PDF) || (extension === '.pdf' && indexOf(bytes.subarray(0, 1024), PDF) >= 0)) return 'pdf';
  // A zip is read as a Word file; the Word reader refuses other zips by name (a spreadsheet, an archive).
  if (startsWith(bytes, ZIP)) return 'docx';
  const signature = SIGNATURES.find((s) => startsWith(bytes, s.bytes));
  if (signature) {
    throw new ApiError('unsupported_format', `"${fileName}" is ${signature.what}. ${signature.advice}`, { fileName });
  }
  if (looksLikeHtml(bytes)) return 'html';
  const byExtension = TEXT_EXTENSIONS[extension];
  if (byExtension && byExtension !== 'pdf' && byExtension !== 'docx') return byExtension;
  if (extension === '.pdf' || extension === '.docx' || extension === '.doc') {
    const kind = extension === '.pdf' ? 'a PDF' : 'a Word document';
    throw new ApiError('unsupported_format', `"${fileName}" is named like ${kind} but is not one: its content does not match. Check that the file was saved completely.`, { fileName });
  }
  throw new ApiError(
    'unsupported_format',
    `"${fileName}" cannot be imported: Tiemark reads ${SUPPORTED_EXTENSIONS.join(', ')} files (web pages, PDF, Word, Markdown and plain text).`,
    { fileName },
  );
}

/**
 * The encoding a web page declares in its first bytes (`<meta charset>` or the http-equiv form),
 * as browsers look for it before parsing; undefined when it declares none.
 */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(text);
  return match?.[1].toLowerCase();
}

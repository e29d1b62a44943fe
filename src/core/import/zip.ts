import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ApiError } from '../../shared/errors';

/**
 * A zip reader for files the user drops on us (Word documents are zip archives). It trusts
 * nothing in the archive: before a single byte is inflated it checks the entry count, the
 * declared sizes, the compression ratios and the entry names; when it inflates, it counts the
 * bytes as they stream and stops past the declared size or the caller's cap, so a header that
 * lies about its size cannot defeat the limits.
 */

/** At most this many entries (a Word document has a few dozen). */
export const ZIP_MAX_ENTRIES = 5_000;
/** At most this many bytes once inflated, all entries together, as declared by the archive. */
export const ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** An entry larger than ZIP_RATIO_MIN_BYTES may expand at most this many times its packed size. */
export const ZIP_MAX_RATIO = 100;
/** Below this inflated size the ratio is not checked: small XML parts compress very well. */
export const ZIP_RATIO_MIN_BYTES = 1024 * 1024;

export interface ZipEntryInfo {
  name: string;
  /** Packed size in the archive. */
  compressedSize: number;
  /** Size once inflated, as the archive declares it (checked while inflating). */
  uncompressedSize: number;
}

export interface OpenZipOptions {
  /** Named in every refusal, so the user knows which file it is about. */
  fileName?: string;
  /** What the file should be, for messages: "a Word document". Default: "a zip archive". */
  kind?: string;
}

export interface ReadEntriesOptions {
  /** At most this many inflated bytes for the whole call. Default ZIP_MAX_UNCOMPRESSED_BYTES. */
  maxBytes?: number;
}

const LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ARCHIVE = [0x50, 0x4b, 0x05, 0x06];

const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The archive, pre-checked; nothing has been inflated yet. */
export class SafeZip {
  private readonly byName: Map<string, { info: ZipEntryInfo; entry: yauzl.Entry }>;

  constructor(
    private readonly zip: yauzl.ZipFile,
    entries: Array<{ info: ZipEntryInfo; entry: yauzl.Entry }>,
    private readonly label: string,
    private readonly fileName: string | undefined,
  ) {
    this.byName = new Map(entries.map((e) => [e.info.name, e]));
    this.entries = entries.map((e) => e.info);
  }

  readonly entries: readonly ZipEntryInfo[];

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): ZipEntryInfo | undefined {
    return this.byName.get(name)?.info;
  }

  /**
   * Inflates the named entries (names that are not in the archive are left out of the result)
   * and returns their bytes. Refused, with nothing more inflated, as soon as the bytes would
   * pass `maxBytes` or an entry streams more than it declared.
   */
  async readEntries(names: readonly string[], options: ReadEntriesOptions = {}): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    await this.inflate(names, options.maxBytes ?? ZIP_MAX_UNCOMPRESSED_BYTES, (name, chunks) => out.set(name, Buffer.concat(chunks)));
    return out;
  }

  /**
   * Inflates the named entries (default: all) and throws the bytes away: proves that each one
   * inflates to exactly its declared size, so another reader of the same archive (a converter
   * that unzips it again) meets no surprise larger than the checked limits.
   */
  async checkEntries(names: readonly string[] = this.entries.map((e) => e.name), options: ReadEntriesOptions = {}): Promise<void> {
    await this.inflate(names, options.maxBytes ?? ZIP_MAX_UNCOMPRESSED_BYTES, null);
  }

  close(): void {
    this.zip.close();
  }

  private async inflate(
    names: readonly string[],
    maxBytes: number,
    keep: ((name: string, chunks: Buffer[]) => void) | null,
  ): Promise<void> {
    let budget = maxBytes;
    for (const name of new Set(names)) {
      const found = this.byName.get(name);
      if (!found || name.endsWith('/')) continue;
      const declared = found.info.uncompressedSize;
      if (declared > budget) throw this.tooLarge(maxBytes);
      const chunks = await this.inflateOne(found.entry, declared, keep !== null);
      budget -= declared;
      keep?.(name, chunks);
    }
  }

  /** One entry, counted as it streams: past `declared` bytes the stream is destroyed. */
  private inflateOne(entry: yauzl.Entry, declared: number, keep: boolean): Promise<Buffer[]> {
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (err, stream: Readable) => {
        if (err) return reject(this.damaged(err));
        const chunks: Buffer[] = [];
        let count = 0;
        let settled = false;
        const fail = (error: ApiError) => {
          if (settled) return;
          settled = true;
          stream.destroy();
          reject(error);
        };
        stream.on('data', (chunk: Buffer) => {
          count += chunk.length;
          if (count > declared) return fail(this.lying());
          if (keep) chunks.push(chunk);
        });
        stream.on('error', (error: Error) => fail(/too many bytes/i.test(error.message) ? this.lying() : this.damaged(error)));
        stream.on('end', () => {
          if (settled) return;
          settled = true;
          if (count !== declared) reject(this.damaged(new Error(`expected ${declared} bytes, got ${count}`)));
          else resolve(chunks);
        });
      });
    });
  }

  private tooLarge(limit: number): ApiError {
    return new ApiError(
      'too_large',
      `${this.label} expands to more than ${mb(limit)}; Tiemark refuses it to protect your machine. If it is a real document, save a smaller copy (fewer or smaller images).`,
      this.detail(),
    );
  }

  private lying(): ApiError {
    return new ApiError(
      'too_large',
      `${this.label} expands past the sizes its zip headers declare (a zip bomb or a damaged file); Tiemark stopped reading it to protect your machine. Open it in Word and save it again, or use another copy.`,
      this.detail(),
    );
  }

  private damaged(cause: Error): ApiError {
    return new ApiError(
      'decode_failed',
      `${this.label} is damaged: part of its zip data cannot be read. Copy or download it again, or open it in Word and save it again.`,
      { ...this.detail(), cause: cause.message },
    );
  }

  private detail(): Record<string, unknown> {
    return this.fileName ? { fileName: this.fileName } : {};
  }
}

/** `"report.docx"`, or "This file" when the name is unknown. */
export function fileLabel(fileName: string | undefined): string {
  return fileName ? `"${fileName}"` : 'This file';
}

/**
 * Opens the archive and pre-checks it: that it is a zip at all, the entry count, every entry's
 * name, encryption, declared size and compression ratio, and the declared total. Nothing is
 * inflated. Every refusal is an ApiError naming the file.
 */
export async function openZip(bytes: Uint8Array, options: OpenZipOptions = {}): Promise<SafeZip> {
  const label = fileLabel(options.fileName);
  const kind = options.kind ?? 'a zip archive';
  const detail = options.fileName ? { fileName: options.fileName } : {};
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const startsWith = (sig: number[]) => sig.every((b, i) => buffer[i] === b);

  const notZip = () =>
    new ApiError(
      'unsupported_format',
      kind === 'a zip archive'
        ? `${label} is not a zip archive. Check that you chose the right file.`
        : `${label} is not ${kind} (not a zip archive). Check that you chose the right file, or open it in its program and save it again.`,
      detail,
    );
  const damaged = (cause: Error) =>
    new ApiError(
      'decode_failed',
      `${label} is damaged or incomplete: its zip structure is broken. Copy or download it again, or open it in Word and save it again.`,
      { ...detail, cause: cause.message },
    );
  const refuse = (code: 'too_large' | 'unsupported_format', message: string) => new ApiError(code, `${label} ${message}`, detail);

  if (buffer.length < 22 || !(startsWith(LOCAL_HEADER) || startsWith(EMPTY_ARCHIVE))) throw notZip();

  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      // strictFileNames: a backslash in a name is refused rather than silently read as "/".
      yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (err, z) =>
        err ? reject(err) : resolve(z),
      ),
    );
  } catch (err) {
    // It starts like a zip, so a missing end record means the file was cut off.
    throw damaged(err as Error);
  }

  try {
    if (zip.entryCount > ZIP_MAX_ENTRIES) {
      throw refuse('too_large', `has ${zip.entryCount.toLocaleString('en-US')} parts; Tiemark reads archives of up to ${ZIP_MAX_ENTRIES.toLocaleString('en-US')} parts, to protect your machine.`);
    }
    const entries = await listEntries(zip);
    const seen = new Set<string>();
    let total = 0;
    for (const entry of entries) {
      const name = entry.fileName;
      if (unsafeName(name)) {
        throw refuse('unsupported_format', `contains a part with an unsafe name (${JSON.stringify(name.slice(0, 80))}); Tiemark does not open such archives. Use a copy saved by Word.`);
      }
      if (seen.has(name)) {
        throw refuse('unsupported_format', `contains two parts named ${JSON.stringify(name.slice(0, 80))}; Tiemark does not open such archives. Open it in Word and save it again.`);
      }
      seen.add(name);
      if (entry.isEncrypted()) {
        throw refuse('unsupported_format', 'is encrypted (password-protected); remove the password in the program that made it and save it again.');
      }
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (total > ZIP_MAX_UNCOMPRESSED_BYTES) {
        throw refuse('too_large', `expands to more than ${mb(ZIP_MAX_UNCOMPRESSED_BYTES)}; Tiemark refuses it to protect your machine. If it is a real document, save a smaller copy (fewer or smaller images).`);
      }
      if (entry.uncompressedSize > ZIP_RATIO_MIN_BYTES && ratio > ZIP_MAX_RATIO) {
        throw refuse('too_large', `is packed suspiciously tight (a part expands more than ${ZIP_MAX_RATIO} times, as a zip bomb does); Tiemark refuses it to protect your machine.`);
      }
    }
    return new SafeZip(
      zip,
      entries.map((entry) => ({
        entry,
        info: { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize },
      })),
      label,
      options.fileName,
    );
  } catch (err) {
    zip.close();
    if (err instanceof ApiError) throw err;
    const message = (err as Error).message ?? '';
    // yauzl's own name checks (absolute path, "..", backslash) and encryption checks.
    if (/^(absolute path|invalid relative path|invalid characters in fileName)/.test(message)) {
      throw refuse('unsupported_format', 'contains a part with an unsafe name (an absolute path, ".." or a backslash); Tiemark does not open such archives. Use a copy saved by Word.');
    }
    if (/encrypt/i.test(message)) {
      throw refuse('unsupported_format', 'is encrypted (password-protected); remove the password in the program that made it and save it again.');
    }
    throw damaged(err as Error);
  }
}

/** The central directory, one entry at a time (lazyEntries); stops at the first error. */
function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length > ZIP_MAX_ENTRIES) return reject(new Error('too many entries'));
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * Zip-slip and friends: an absolute path, a drive letter, a ".." segment, a backslash, a NUL or
 * another control character. yauzl refuses most of these itself; this is the same rule, kept
 * here so it holds whatever the library's options.
 */
export function unsafeName(name: string): boolean {
  return (
    name === '' ||
    name.startsWith('/') ||
    /^[a-zA-Z]:/.test(name) ||
    name.includes('\\') ||
    /[\u0000-\u001F\u007F]/.test(name) ||
    name.split('/').includes('..')
  );
}

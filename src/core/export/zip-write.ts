// yazl ships no types: its declaration is beside this file, referenced so that every TypeScript
// project that compiles this file (the benchmarks' too) sees it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./yazl.d.ts" />
import { ZipFile } from 'yazl';

/** A fixed time for every entry, so the same export gives the same bytes. */
const ENTRY_TIME = new Date(Date.UTC(2020, 0, 1));

/** A zip of the given entries (paths with `/`), in the given order, deflated. */
export function zipEntries(entries: ReadonlyArray<[string, string | Uint8Array]>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, data] of entries) {
    zip.addBuffer(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data), name, { compressionLevel: 6, mtime: ENTRY_TIME });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

// yazl ships no types; the little of it the exports use (src/core/export/zip-write.ts).
declare module 'yazl' {
  export class ZipFile {
    outputStream: NodeJS.ReadableStream;
    addBuffer(data: Buffer, name: string, options?: { compress?: boolean; compressionLevel?: number; mtime?: Date }): void;
    end(): void;
  }
}

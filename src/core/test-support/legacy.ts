/**
 * Encodes text in a single-byte legacy encoding (windows-1256, koi8-r, …), for fixtures of old
 * files: the table is TextDecoder's own, read backwards. Characters the encoding lacks throw.
 */
export function encodeLegacy(text: string, encoding: string): Uint8Array {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Uint8Array.from(Array.from(text, (ch) => {
    const byte = table.get(ch);
    if (byte === undefined) throw new Error(`${encoding} has no byte for ${JSON.stringify(ch)}`);
    return byte;
  }));
}

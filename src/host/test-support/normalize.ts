/**
 * Two fresh backends given the same calls return the same data except for what each one
 * generates: UUIDs, timestamps (whole values, or inside text such as a Markdown export) and the
 * project path. This replaces those with stable placeholders (ids numbered in order of first
 * appearance) so results can be compared whole.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
/** A time inside longer text, such as `exported: …` in a Markdown export. */
const ISO_TIME_IN_TEXT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

export class Normalizer {
  private readonly ids = new Map<string, string>();
  constructor(private readonly projectDir: string) {}

  normalize(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.normalize(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.normalize(v)]));
    }
    return value;
  }

  private text(value: string): string {
    if (ISO_TIME.test(value)) return '<time>';
    return value
      .split(this.projectDir)
      .join('<project-dir>')
      .replace(ISO_TIME_IN_TEXT, '<time>')
      .replace(UUID, (id) => {
        const key = id.toLowerCase();
        let name = this.ids.get(key);
        if (!name) {
          name = `<id-${this.ids.size + 1}>`;
          this.ids.set(key, name);
        }
        return name;
      });
  }
}

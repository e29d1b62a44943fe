/**
 * A deliberately small runtime schema library: shared/ may import nothing outside itself, and
 * the API needs only objects, strings, integers, enums, arrays and optionals. Each schema both
 * validates untrusted JSON and gives the static type through `Infer`, so nothing is typed twice.
 */

export interface Schema<T> {
  readonly kind: string;
  /** Returns the validated value or throws SchemaError naming the path that failed. */
  parse(value: unknown, path?: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export class SchemaError extends Error {
  readonly path: string;
  constructor(path: string, expectation: string) {
    super(`${path || 'arguments'} ${expectation}`);
    this.name = 'SchemaError';
    this.path = path;
  }
}

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;

function make<T>(kind: string, parse: (value: unknown, path: string) => T): Schema<T> {
  return { kind, parse: (value, path = '') => parse(value, path) };
}

export interface StringOptions {
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternHint?: string;
}

export const s = {
  string(opts: StringOptions = {}): Schema<string> {
    return make('string', (v, path) => {
      if (typeof v !== 'string') throw new SchemaError(path, `must be text, got ${describe(v)}`);
      if (opts.min !== undefined && v.length < opts.min)
        throw new SchemaError(path, opts.min === 1 ? 'must not be empty' : `must be at least ${opts.min} characters`);
      if (opts.max !== undefined && v.length > opts.max)
        throw new SchemaError(path, `must be at most ${opts.max} characters`);
      if (opts.pattern && !opts.pattern.test(v)) throw new SchemaError(path, opts.patternHint ?? 'has the wrong form');
      if (!isWellFormed(v)) throw new SchemaError(path, 'contains a broken character (lone surrogate)');
      return v;
    });
  },
  int(opts: { min?: number; max?: number } = {}): Schema<number> {
    return make('int', (v, path) => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v))
        throw new SchemaError(path, `must be a whole number, got ${describe(v)}`);
      if (opts.min !== undefined && v < opts.min) throw new SchemaError(path, `must be at least ${opts.min}`);
      if (opts.max !== undefined && v > opts.max) throw new SchemaError(path, `must be at most ${opts.max}`);
      return v;
    });
  },
  boolean(): Schema<boolean> {
    return make('boolean', (v, path) => {
      if (typeof v !== 'boolean') throw new SchemaError(path, `must be true or false, got ${describe(v)}`);
      return v;
    });
  },
  literal<const L extends string>(...values: readonly L[]): Schema<L> {
    return make('enum', (v, path) => {
      if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
        throw new SchemaError(path, `must be one of ${values.join(', ')}`);
      return v as L;
    });
  },
  array<T>(item: Schema<T>, opts: { min?: number; max?: number } = {}): Schema<T[]> {
    return make('array', (v, path) => {
      if (!Array.isArray(v)) throw new SchemaError(path, `must be a list, got ${describe(v)}`);
      if (opts.min !== undefined && v.length < opts.min) throw new SchemaError(path, `must have at least ${opts.min} item(s)`);
      if (opts.max !== undefined && v.length > opts.max) throw new SchemaError(path, `must have at most ${opts.max} items`);
      return v.map((x, i) => item.parse(x, `${path}[${i}]`));
    });
  },
  optional<T>(inner: Schema<T>): Schema<T | undefined> {
    return make('optional', (v, path) => (v === undefined ? undefined : inner.parse(v, path)));
  },
  nullable<T>(inner: Schema<T>): Schema<T | null> {
    return make('nullable', (v, path) => (v === null ? null : inner.parse(v, path)));
  },
  object<Shape extends Record<string, Schema<unknown>>>(shape: Shape): Schema<ObjectOf<Shape>> {
    return make('object', (v, path) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new SchemaError(path, `must be an object, got ${describe(v)}`);
      const input = v as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        if (!Object.prototype.hasOwnProperty.call(shape, key)) throw new SchemaError(join(path, key), 'is not a known field');
      }
      const out: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(shape)) {
        const value = Object.prototype.hasOwnProperty.call(input, key) ? input[key] : undefined;
        let parsed: unknown;
        try {
          parsed = schema.parse(value, join(path, key));
        } catch (error) {
          // An absent field that is not optional is missing, not of the wrong type.
          if (value === undefined && error instanceof SchemaError) throw new SchemaError(join(path, key), 'is required');
          throw error;
        }
        if (parsed !== undefined) out[key] = parsed;
      }
      return out as ObjectOf<Shape>;
    });
  },
};

type OptionalKeys<Shape> = { [K in keyof Shape]: undefined extends Infer<Shape[K]> ? K : never }[keyof Shape];
type RequiredKeys<Shape> = Exclude<keyof Shape, OptionalKeys<Shape>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<Shape> = Simplify<
  { [K in RequiredKeys<Shape>]: Infer<Shape[K]> } & { [K in OptionalKeys<Shape>]?: Infer<Shape[K]> }
>;

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** String.prototype.isWellFormed is recent; this fallback keeps shared/ portable. */
function isWellFormed(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = v.charCodeAt(i + 1);
      if (!(n >= 0xdc00 && n <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

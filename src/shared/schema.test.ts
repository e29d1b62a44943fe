import { describe, expect, it } from 'vitest';
import { s, SchemaError } from './schema';

describe('schema', () => {
  const point = s.object({ id: s.string({ min: 1 }), n: s.optional(s.int({ min: 0 })) });

  it('accepts valid input and drops absent optionals', () => {
    expect(point.parse({ id: 'a' })).toEqual({ id: 'a' });
    expect(point.parse({ id: 'a', n: 3 })).toEqual({ id: 'a', n: 3 });
  });

  it('names the failing path', () => {
    expect(() => point.parse({ id: 'a', n: -1 })).toThrow(new SchemaError('n', 'must be at least 0'));
    expect(() => point.parse({ id: 'a', extra: 1 })).toThrow(/extra is not a known field/);
    expect(() => s.array(point).parse([{ id: 'x' }, { id: 5 }])).toThrow(/\[1\]\.id must be text/);
  });

  it('says a missing field is required, with its path, and a present one of the wrong type is mistyped', () => {
    expect(() => point.parse({})).toThrow(new SchemaError('id', 'is required'));
    expect(() => point.parse({})).toThrow(/^id is required$/);
    const nested = s.object({ tie: s.object({ sourceId: s.string(), note: s.optional(s.string()), end: s.nullable(s.int()) }) });
    expect(() => nested.parse({ tie: { end: null } })).toThrow(/^tie\.sourceId is required$/);
    expect(() => nested.parse({ tie: { sourceId: 'a' } })).toThrow(/^tie\.end is required$/);
    expect(() => nested.parse({})).toThrow(/^tie is required$/);
    expect(() => s.array(point).parse([{ id: 'a' }, {}])).toThrow(/^\[1\]\.id is required$/);
    // Present but wrong: null, a number, an empty string are not "missing".
    expect(() => point.parse({ id: null })).toThrow(/^id must be text, got null$/);
    expect(() => point.parse({ id: 5 })).toThrow(/^id must be text, got number$/);
    expect(() => point.parse({ id: '' })).toThrow(/^id must not be empty$/);
    // An explicit undefined (possible in-process, never in JSON) counts as absent.
    expect(() => point.parse({ id: undefined })).toThrow(/^id is required$/);
    expect(nested.parse({ tie: { sourceId: 'a', end: null } })).toEqual({ tie: { sourceId: 'a', end: null } });
    // A field inherited from the prototype is not given.
    const inherited = Object.create({ id: 'from the prototype' }) as object;
    expect(() => point.parse(inherited)).toThrow(/^id is required$/);
  });

  it('refuses lone surrogates and non-integers', () => {
    expect(() => s.string().parse('a\uD800b')).toThrow(/lone surrogate/);
    expect(() => s.int().parse(1.5)).toThrow(/whole number/);
    expect(() => s.int().parse(Number.NaN)).toThrow(/whole number/);
  });
});

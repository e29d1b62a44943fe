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

  it('refuses lone surrogates and non-integers', () => {
    expect(() => s.string().parse('a\uD800b')).toThrow(/lone surrogate/);
    expect(() => s.int().parse(1.5)).toThrow(/whole number/);
    expect(() => s.int().parse(Number.NaN)).toThrow(/whole number/);
  });
});

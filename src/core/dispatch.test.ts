import fc from 'fast-check';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_METHODS, METHOD_NAMES, READ_METHODS, type MethodName } from '../shared/api';
import { ERROR_CODES, type Result } from '../shared/errors';
import type { Highlight, Source } from '../shared/types';
import type { Backend } from './backend';
import { contentDigest, ok, pasteSource, useTempDirs } from './test-support/fixtures';

const temp = useTempDirs();

const READ_ONLY = new Set<MethodName>(['projectInfo', 'listSources', 'getSource', 'listHighlights']);

/** A project with one source and one highlight, so ids in valid calls exist. */
function fixture(): { backend: Backend; source: Source; highlight: Highlight } {
  const backend = temp.backend();
  const source = pasteSource(backend, 'Fuzzing target\n\nحِزْبُ ٱللَّٰهِ and 👩‍👩‍👧‍👦 share a paragraph.');
  const highlight = ok<Highlight>(backend.dispatch('createHighlight', { sourceId: source.id, start: 0, end: 7 }));
  return { backend, source, highlight };
}

/** A result as the shells send it on: one of two shapes, JSON only, with a known code. */
function expectResultShape(result: Result<unknown>): void {
  expect(typeof result).toBe('object');
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(['ok', 'value']);
    expect(JSON.parse(JSON.stringify(result.value))).toEqual(result.value);
  } else {
    expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
    expect(ERROR_CODES).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(result.error))).toEqual(result.error);
  }
}

/**
 * "Nothing changed" check that stays cheap over thousands of calls: SQLite's total_changes()
 * counts every row written on this connection (even if rolled back later), so when it has not
 * moved nothing can differ; only when it has do we compare full digests of every table.
 */
function unchangedSince(db: Backend['store']['db']): { check(): void; reset(): void } {
  const changes = () => db.prepare('SELECT total_changes()').pluck().get() as number;
  let count = changes();
  let digest = contentDigest(db);
  return {
    check() {
      const now = changes();
      if (now === count) return;
      expect(contentDigest(db)).toBe(digest);
      count = now;
    },
    reset() {
      count = changes();
      digest = contentDigest(db);
    },
  };
}

/** Import methods answer with a promise; every call must settle to a well-formed result without throwing. */
async function call(backend: Backend, method: unknown, args: unknown): Promise<Result<unknown>> {
  let pending: Result<unknown> | Promise<Result<unknown>> | undefined;
  expect(() => {
    pending = backend.dispatch(method, args);
  }).not.toThrow();
  const result = await pending!;
  expectResultShape(result);
  return result;
}

const anything = fc.anything({
  maxDepth: 3,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
});

describe('dispatch fuzzing', () => {
  it.each(METHOD_NAMES)('%s: random arguments never throw and a refusal changes nothing', async (method) => {
    const { backend } = fixture();
    const unchanged = unchangedSince(backend.store.db);
    await fc.assert(
      fc.asyncProperty(anything, async (args) => {
        const result = await call(backend, method, args);
        if (!result.ok || READ_ONLY.has(method)) unchanged.check();
        else unchanged.reset(); // a random value happened to be valid: accept its effect
      }),
      { numRuns: 100 },
    );
  });

  it.each(METHOD_NAMES)('%s: near-miss arguments are refused as invalid_argument and change nothing', async (method) => {
    const { backend, source, highlight } = fixture();
    // Valid arguments for the methods this suite knows; any other method (the API grows) gets
    // the one near miss that is invalid for every object schema: an unknown field.
    const known: Partial<Record<MethodName, Record<string, unknown>>> = {
      projectInfo: {},
      listSources: {},
      getSource: { id: source.id },
      importFiles: { files: [{ name: 'a.txt', dataBase64: Buffer.from('new text').toString('base64') }] },
      importText: { text: 'new pasted text', title: 'T' },
      updateSource: { id: source.id, patch: { title: 'New' } },
      deleteSource: { id: source.id },
      listHighlights: { sourceId: source.id },
      createHighlight: { sourceId: source.id, start: 0, end: 7, color: 'blue' },
      updateHighlight: { id: highlight.id, color: 'green' },
      deleteHighlight: { id: highlight.id },
    };
    const base = known[method] ?? {};
    if (known[method]) {
      // The base is valid: prove it once on a copy, so the near misses below are near misses.
      const probe = fixture();
      const rebased = JSON.parse(
        JSON.stringify(base).replaceAll(source.id, probe.source.id).replaceAll(highlight.id, probe.highlight.id),
      );
      expect((await call(probe.backend, method, rebased)).ok).toBe(true);
    }
    const keys = Object.keys(base);
    // Never undefined: for an optional field that is the same as leaving it out, which is valid.
    const wrongType = (v: unknown) =>
      anything.filter(
        (x) => x !== undefined && (typeof x !== typeof v || Array.isArray(x) !== Array.isArray(v) || x === null),
      );
    const mutation: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
      // An unknown field.
      // (Prefixed so it can never be a real field: a random "name" would be valid for createActor.)
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 12 }), anything)
        .map(([k, v]) => ({ ...base, [`unknown-${k}`]: v })),
      // A field of the wrong type, or missing.
      ...(keys.length > 0
        ? [
            fc.constantFrom(...keys).chain((k) => wrongType(base[k]).map((v) => ({ ...base, [k]: v }))),
            fc
              .constantFrom(...keys)
              .filter((k) => !(method === 'importText' && k === 'title') && !(method === 'createHighlight' && k === 'color'))
              .map((k) => Object.fromEntries(Object.entries(base).filter(([key]) => key !== k))),
            // A string field with a lone surrogate or an id with a forbidden character.
            fc
              .constantFrom(...keys.filter((k) => typeof base[k] === 'string'), ...(keys.some((k) => typeof base[k] === 'string') ? [] : [keys[0]]))
              .chain((k) =>
                fc
                  .constantFrom('\uD800', 'a/b', '../x', ' ', '\uDFFFz', 'x'.repeat(70))
                  .map((bad) => ({ ...base, [k]: typeof base[k] === 'string' ? `${base[k]}${bad}` : bad })),
              )
              .filter((args) => !(method === 'importText' && /^new pasted text( |a\/b|\.\.\/x|x+)$/.test(String(args.text))))
              .filter((args) => !(method === 'importText' && /^T( |a\/b|\.\.\/x|x+)$/.test(String(args.title)))),
          ]
        : []),
    );
    const unchanged = unchangedSince(backend.store.db);
    await fc.assert(
      fc.asyncProperty(mutation, async (args) => {
        const result = await call(backend, method, args);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('invalid_argument');
        unchanged.check();
      }),
      { numRuns: 100 },
    );
  });

  it('names the failing field in an invalid_argument refusal', async () => {
    const { backend, source } = fixture();
    const result = await call(backend, 'createHighlight', { sourceId: source.id, start: 0, end: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_argument', detail: { path: 'end' } } });
    if (!result.ok) expect(result.error.message).toContain('end');
  });

  it('treats missing arguments as an empty object', async () => {
    const { backend } = fixture();
    expect((await call(backend, 'projectInfo', undefined)).ok).toBe(true);
    expect((await call(backend, 'listSources', null)).ok).toBe(true);
    expect(await call(backend, 'getSource', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('refuses unknown methods, including Object.prototype names, with unknown_method', async () => {
    const { backend } = fixture();
    const digest = contentDigest(backend.store.db);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'ProjectInfo', 'importfiles', '', ' projectInfo']) {
      expect(await call(backend, name, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), anything, async (name, args) => {
        fc.pre(!Object.prototype.hasOwnProperty.call(API_METHODS, name));
        const result = await call(backend, name, args);
        expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
        if (!result.ok) expect(result.error.message.length).toBeLessThan(300);
      }),
      { numRuns: 200 },
    );
    expect(contentDigest(backend.store.db)).toBe(digest);
  });

  it('refuses a method name that is not a string without throwing', async () => {
    const { backend } = fixture();
    await fc.assert(
      fc.asyncProperty(anything.filter((m) => typeof m !== 'string'), async (method) => {
        const result = await call(backend, method, {});
        expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  // dispatch describes a non-string method by its type, never with String(method), which throws
  // for objects without a usable toString.
  it("a non-string method without toString is refused as unknown_method", async () => {
    const { backend } = fixture();
    for (const method of [Object.create(null), { toString: 1 }]) {
      expect(await call(backend, method, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });
});

describe('argument errors', () => {
  it('says a missing required argument is required, naming it, rather than calling it mistyped', async () => {
    const { backend, source } = fixture();
    const missing = await call(backend, 'createHighlight', { start: 0, end: 4 });
    expect(missing).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'Invalid request to createHighlight: sourceId is required.', detail: { path: 'sourceId' } },
    });
    const mistyped = await call(backend, 'createHighlight', { sourceId: source.id, start: 0, end: null });
    expect(mistyped).toMatchObject({ ok: false, error: { code: 'invalid_argument', detail: { path: 'end' } } });
    if (!mistyped.ok) expect(mistyped.error.message).toBe('Invalid request to createHighlight: end must be a whole number, got null.');
  });
});

describe('storage failures', () => {
  /**
   * A project whose file is overwritten with noise under the open connection: everything is
   * checkpointed into the main file first, and SQLite's page cache is emptied, so the next read
   * meets the damaged pages on disk.
   */
  function damagedProject(): { backend: Backend; source: Source; highlight: Highlight } {
    const made = fixture();
    const db = made.backend.store.db;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const file = db.name;
    const size = statSync(file).size;
    const noise = Buffer.alloc(size - 4096, 0xa5);
    const fd = openSync(file, 'r+');
    try {
      writeSync(fd, noise, 0, noise.length, 4096); // every page after the first
    } finally {
      closeSync(fd);
    }
    db.pragma('shrink_memory');
    return made;
  }

  it('reports a failed read as a project that could not be read and may be damaged, never as an unsaved change', async () => {
    const { backend, source, highlight } = damagedProject();
    const reads: Array<[MethodName, unknown]> = [
      ['listSources', {}],
      ['getSource', { id: source.id }],
      ['listHighlights', { sourceId: source.id }],
      ['getNote', { highlightId: highlight.id }],
    ];
    for (const [method, args] of reads) {
      expect(READ_METHODS).toContain(method);
      const result = await call(backend, method, args);
      expect(result.ok, method).toBe(false);
      if (result.ok) continue;
      expect(result.error.code, method).toBe('storage_failed');
      expect(result.error.message, method).toMatch(/^The project could not be read \(SQLITE_[A-Z_]+\); the file may be damaged\./);
      expect(result.error.message, method).not.toMatch(/not saved/);
    }
  });

  it('still reports a failed write on the same file as a change that was not saved', async () => {
    const { backend, source } = damagedProject();
    expect(READ_METHODS).not.toContain('createHighlight');
    const result = await call(backend, 'createHighlight', { sourceId: source.id, start: 0, end: 7 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('storage_failed');
      expect(result.error.message).toMatch(/not saved/);
    }
  });
});

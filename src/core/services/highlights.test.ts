import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_COLORS, QUOTE_CONTEXT_LENGTH, type Highlight, type Source, type SourceSummary } from '../../shared/types';
import type { Backend } from '../backend';
import { fromSpanColumns, type SpanColumns } from '../../shared/spans';
import { SPANS_SQL } from './highlights';
import { WAITING_SQL } from './versions';
import { contentDigest, graphemeBoundaries, ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';

const temp = useTempDirs();

const FAMILY = '👩‍👩‍👧‍👦';
const PRIDE = '🏳️‍🌈';
const ARABIC = 'حِزْبُ ٱللَّٰهِ';
const PERSIAN = 'می‌خواهم';
const MIXED = 'The group Hezbollah (حزب الله) signed the 2024 accord 🇮🇷 in Beirut (بيروت).';
const FIXTURE = [
  `Family ${FAMILY} and flag ${PRIDE} together.`,
  ARABIC,
  `${PERSIAN} — Persian with ZWNJ`,
  MIXED,
  'Liwa\u0301 and Cafe\u0301 were decomposed',
  '😀'.repeat(40),
].join('\n\n');

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The quote context the service should store, computed independently. */
function expectedContext(text: string, start: number, end: number): { prefix: string; suffix: string } {
  let p = Math.max(0, start - QUOTE_CONTEXT_LENGTH);
  if (p > 0 && isLow(text.charCodeAt(p)) && isHigh(text.charCodeAt(p - 1))) p++;
  let s = Math.min(text.length, end + QUOTE_CONTEXT_LENGTH);
  if (s < text.length && isLow(text.charCodeAt(s)) && isHigh(text.charCodeAt(s - 1))) s--;
  return { prefix: text.slice(p, start), suffix: text.slice(end, s) };
}

/** Every invariant a stored highlight keeps against its source text. */
function expectAnchored(h: Highlight, text: string): void {
  const bounds = graphemeBoundaries(text);
  expect(h.start).toBeGreaterThanOrEqual(0);
  expect(h.end).toBeGreaterThan(h.start);
  expect(h.end).toBeLessThanOrEqual(text.length);
  expect(bounds.has(h.start), `start ${h.start} is not a grapheme boundary`).toBe(true);
  expect(bounds.has(h.end), `end ${h.end} is not a grapheme boundary`).toBe(true);
  expect(h.exact).toBe(text.slice(h.start, h.end));
  expect(h.exact.trim()).not.toBe('');
  expect({ prefix: h.prefix, suffix: h.suffix }).toEqual(expectedContext(text, h.start, h.end));
  expect(h.prefix.length).toBeLessThanOrEqual(QUOTE_CONTEXT_LENGTH);
  expect(h.suffix.length).toBeLessThanOrEqual(QUOTE_CONTEXT_LENGTH);
  for (const s of [h.exact, h.prefix, h.suffix]) expect(s.isWellFormed()).toBe(true);
}

function create(backend: Backend, sourceId: string, start: number, end: number, color?: string) {
  return backend.dispatch('createHighlight', color ? { sourceId, start, end, color } : { sourceId, start, end });
}

const list = (backend: Backend, sourceId: string) => ok<Highlight[]>(backend.dispatch('listHighlights', { sourceId }));

function setup(): { backend: Backend; source: Source } {
  const backend = temp.backend();
  return { backend, source: pasteSource(backend, FIXTURE, 'Unicode fixture') };
}

describe('creating highlights on Unicode text', () => {
  it('stores the fixture as NFC (decomposed accents composed)', () => {
    const { source } = setup();
    expect(source.text).toContain('Liwá and Café were decomposed');
    expect(source.text).not.toContain('\u0301');
    expect(source.text).toBe(source.text.normalize('NFC'));
  });

  it('widens a range that starts and ends inside ZWJ sequences to whole emoji', () => {
    const { backend, source } = setup();
    const f = source.text.indexOf(FAMILY);
    const p = source.text.indexOf(PRIDE);
    const h = ok<Highlight>(create(backend, source.id, f + 3, p + 2, 'green'));
    expect(h).toMatchObject({ start: f, end: p + PRIDE.length, color: 'green', sourceId: source.id });
    expect(h.exact).toBe(`${FAMILY} and flag ${PRIDE}`);
    expectAnchored(h, source.text);
  });

  it('widens a range inside one emoji to that emoji', () => {
    const { backend, source } = setup();
    const f = source.text.indexOf(FAMILY);
    for (const [a, b] of [
      [f + 1, f + 2],
      [f + 5, f + 6],
      [f + 10, f + 11],
    ]) {
      const h = ok<Highlight>(create(backend, source.id, a, b));
      expect([h.start, h.end, h.exact]).toEqual([f, f + FAMILY.length, FAMILY]);
    }
  });

  it('never separates a letter from its harakat', () => {
    const { backend, source } = setup();
    const a = source.text.indexOf(ARABIC);
    // a+1 is between ح and its kasra; a+3 between ز and its sukun.
    const h = ok<Highlight>(create(backend, source.id, a + 1, a + 3));
    expect([h.start, h.end]).toEqual([a, a + 4]);
    expect(h.exact).toBe('حِزْ');
    expectAnchored(h, source.text);
    // Inside "لَّٰ" (lam, shadda, fatha, superscript alef).
    const lam = source.text.indexOf('لَّٰ');
    const h2 = ok<Highlight>(create(backend, source.id, lam + 2, lam + 3));
    expect(h2.exact).toBe('لَّٰ');
  });

  it('keeps a Persian letter with its ZWNJ', () => {
    const { backend, source } = setup();
    const p = source.text.indexOf(PERSIAN);
    const h = ok<Highlight>(create(backend, source.id, p + 2, p + 5));
    expect([h.start, h.end]).toEqual([p + 1, p + 5]);
    expect(h.exact).toBe('ی\u200Cخو');
    expectAnchored(h, source.text);
  });

  it('highlights across RTL and LTR runs in one paragraph by logical offsets', () => {
    const { backend, source } = setup();
    const m = source.text.indexOf(MIXED);
    const from = m + MIXED.indexOf('Hezbollah');
    const to = m + MIXED.indexOf('signed') + 'signed'.length;
    const h = ok<Highlight>(create(backend, source.id, from, to, 'purple'));
    expect(h.exact).toBe('Hezbollah (حزب الله) signed');
    expectAnchored(h, source.text);
    // Into the middle of the Iranian flag (two regional indicators).
    const flag = m + MIXED.indexOf('🇮🇷');
    const h2 = ok<Highlight>(create(backend, source.id, flag + 1, flag + 3));
    expect(h2.exact).toBe('🇮🇷');
  });

  it('highlights composed text by its NFC offsets', () => {
    const { backend, source } = setup();
    const l = source.text.indexOf('Liwá');
    const h = ok<Highlight>(create(backend, source.id, l, l + 4));
    expect(h.exact).toBe('Liwá');
  });

  it('stores prefix and suffix of up to 32 units without splitting surrogate pairs', () => {
    const { backend, source } = setup();
    const e = source.text.indexOf('😀');
    // Inside a run of astral emoji, start-32 and end+32 may both fall mid-pair.
    for (const [a, b] of [
      [e + 35, e + 37],
      [e + 36, e + 38],
      [e + 40, e + 44],
    ]) {
      const h = ok<Highlight>(create(backend, source.id, a, b));
      expectAnchored(h, source.text);
    }
    const first = ok<Highlight>(create(backend, source.id, 0, 6));
    expect(first.prefix).toBe('');
    expect(first.suffix).toBe(source.text.slice(6, 38));
    const last = ok<Highlight>(create(backend, source.id, source.text.length - 2, source.text.length));
    expect(last.suffix).toBe('');
    expect(last.prefix).toBe(source.text.slice(source.text.length - 34, source.text.length - 2));
  });

  it('lists highlights in text order: by start, an enclosing one before what it holds', () => {
    const { backend, source } = setup();
    const made = [
      [40, 50],
      [0, 6],
      [20, 30],
      [0, 30],
      [20, 25],
    ].map(([a, b]) => ok<Highlight>(create(backend, source.id, a, b)));
    const listed = list(backend, source.id);
    expect(listed).toHaveLength(made.length);
    const key = (h: Highlight) => [h.start, -h.end];
    const sorted = [...listed].sort((x, y) => key(x)[0] - key(y)[0] || key(x)[1] - key(y)[1]);
    expect(listed).toEqual(sorted);
    expect(listed.map((h) => h.id).sort()).toEqual(made.map((h) => h.id).sort());
    for (const h of listed) expectAnchored(h, source.text);
  });
});

describe('refused highlights store nothing', () => {
  it.each([
    ['end past the text', (len: number) => ({ start: 0, end: len + 1 }), 'invalid_argument'],
    ['empty range', () => ({ start: 3, end: 3 }), 'invalid_argument'],
    ['reversed range', () => ({ start: 8, end: 3 }), 'invalid_argument'],
    ['negative start', () => ({ start: -1, end: 3 }), 'invalid_argument'],
    ['fractional offset', () => ({ start: 1.5, end: 3 }), 'invalid_argument'],
    ['offset as a string', () => ({ start: '1', end: 3 }), 'invalid_argument'],
    ['huge offset', () => ({ start: 0, end: 2 ** 40 }), 'invalid_argument'],
    ['unknown color', () => ({ start: 0, end: 3, color: 'red' }), 'invalid_argument'],
    ['extra field', () => ({ start: 0, end: 3, note: 'x' }), 'invalid_argument'],
  ])('refuses %s', (_, range, code) => {
    const { backend, source } = setup();
    const before = contentDigest(backend.store.db);
    const error = refused(backend.dispatch('createHighlight', { sourceId: source.id, ...range(source.text.length) }));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    expect(contentDigest(backend.store.db)).toBe(before);
  });

  it('refuses a whitespace-only range (the blank line between paragraphs, or spaces)', () => {
    const { backend, source } = setup();
    const before = contentDigest(backend.store.db);
    const gap = source.text.indexOf('\n\n');
    expect(refused(create(backend, source.id, gap, gap + 2)).code).toBe('invalid_argument');
    const space = source.text.indexOf(' ');
    expect(refused(create(backend, source.id, space, space + 1)).code).toBe('invalid_argument');
    expect(contentDigest(backend.store.db)).toBe(before);
  });

  it('refuses an unknown or malformed source id', () => {
    const { backend } = setup();
    const before = contentDigest(backend.store.db);
    expect(refused(create(backend, 'no-such-source', 0, 1)).code).toBe('not_found');
    expect(refused(create(backend, '../etc/passwd', 0, 1)).code).toBe('invalid_argument');
    expect(refused(create(backend, '', 0, 1)).code).toBe('invalid_argument');
    expect(refused(backend.dispatch('listHighlights', { sourceId: 'no-such-source' })).code).toBe('not_found');
    expect(contentDigest(backend.store.db)).toBe(before);
  });
});

describe('changing and deleting', () => {
  it('deleting a source deletes its highlights, and only its own', () => {
    const { backend, source } = setup();
    const other = pasteSource(backend, 'Another source entirely.');
    ok(create(backend, source.id, 0, 6));
    ok(create(backend, source.id, 7, 10));
    const kept = ok<Highlight>(create(backend, other.id, 0, 7));
    expect(ok<SourceSummary[]>(backend.dispatch('listSources', {})).find((s) => s.id === source.id)?.highlightCount).toBe(2);
    ok(backend.dispatch('deleteSource', { id: source.id }));
    expect(backend.store.db.prepare('SELECT count(*) FROM highlights WHERE source_id = ?').pluck().get(source.id)).toBe(0);
    expect(list(backend, other.id)).toEqual([kept]);
    expect(backend.projectInfo().highlightCount).toBe(1);
    expect(refused(backend.dispatch('deleteSource', { id: source.id })).code).toBe('not_found');
  });

  it('updateHighlight changes the color and updatedAt, nothing else', async () => {
    const { backend, source } = setup();
    const h = ok<Highlight>(create(backend, source.id, 0, 6));
    expect(h.color).toBe('yellow');
    expect(h.updatedAt).toBe(h.createdAt);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const changed = ok<Highlight>(backend.dispatch('updateHighlight', { id: h.id, color: 'pink' }));
    expect(changed.color).toBe('pink');
    expect(Date.parse(changed.updatedAt)).toBeGreaterThan(Date.parse(h.updatedAt));
    expect({ ...changed, color: h.color, updatedAt: h.updatedAt }).toEqual(h);
    expect(list(backend, source.id)).toEqual([changed]);
  });

  it('refuses to update or delete an unknown highlight, changing nothing', () => {
    const { backend, source } = setup();
    const h = ok<Highlight>(create(backend, source.id, 0, 6));
    ok(backend.dispatch('deleteHighlight', { id: h.id }));
    const before = contentDigest(backend.store.db);
    expect(refused(backend.dispatch('deleteHighlight', { id: h.id })).code).toBe('not_found');
    expect(refused(backend.dispatch('updateHighlight', { id: h.id, color: 'blue' })).code).toBe('not_found');
    expect(refused(backend.dispatch('updateHighlight', { id: 'x', color: 'black' })).code).toBe('invalid_argument');
    expect(contentDigest(backend.store.db)).toBe(before);
  });
});

describe('highlights stay anchored (property)', () => {
  const special = fc.constantFrom(
    FAMILY, PRIDE, '🇮🇷', ARABIC, PERSIAN, 'Liwa\u0301', 'e\u0301\u0327', '\n\n', '\r\n', ' ', '  ', 'abc', '😀',
    '\u202Ertl\u202C', 'नमस्ते', '👩🏽‍🚀', 'ﷺ',
  );
  const textArb = fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), special), { minLength: 1, maxLength: 40 })
    .map((parts) => parts.join(''));
  type Op = { kind: 'create'; a: number; b: number; color: (typeof HIGHLIGHT_COLORS)[number] } | { kind: 'delete'; pick: number };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('create' as const),
        a: fc.double({ min: 0, max: 1.05, noNaN: true }),
        b: fc.double({ min: 0, max: 1.05, noNaN: true }),
        color: fc.constantFrom(...HIGHLIGHT_COLORS),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  );

  it('after every create/delete, each stored highlight is exact, grapheme-aligned and well-formed', () => {
    const backend = temp.backend();
    let run = 0;
    fc.assert(
      fc.property(textArb, fc.array(opArb, { minLength: 1, maxLength: 12 }), (body, ops) => {
        const source = pasteSource(backend, `Run ${run++}: ${body}`);
        const text = source.text;
        const bounds = [...graphemeBoundaries(text)].sort((x, y) => x - y);
        const model = new Map<string, { start: number; end: number }>();
        try {
          for (const op of ops) {
            if (op.kind === 'create') {
              const start = Math.floor(op.a * text.length);
              const end = Math.floor(op.b * text.length);
              const result = create(backend, source.id, start, end, op.color);
              if (end <= start || end > text.length) {
                expect(refused(result).code).toBe('invalid_argument');
                continue;
              }
              const snappedStart = Math.max(...bounds.filter((x) => x <= start));
              const snappedEnd = Math.min(...bounds.filter((x) => x >= end));
              if (!text.slice(snappedStart, snappedEnd).trim()) {
                expect(refused(result).code).toBe('invalid_argument');
                continue;
              }
              const h = ok<Highlight>(result);
              expect([h.start, h.end, h.color]).toEqual([snappedStart, snappedEnd, op.color]);
              model.set(h.id, { start: h.start, end: h.end });
            } else if (model.size > 0) {
              const ids = [...model.keys()];
              const id = ids[op.pick % ids.length];
              ok(backend.dispatch('deleteHighlight', { id }));
              model.delete(id);
            }
            const stored = list(backend, source.id);
            expect(new Map(stored.map((h) => [h.id, { start: h.start, end: h.end }]))).toEqual(model);
            for (const h of stored) expectAnchored(h, text);
          }
        } finally {
          ok(backend.dispatch('deleteSource', { id: source.id }));
        }
      }),
      { numRuns: 200 },
    );
    expect(backend.projectInfo()).toMatchObject({ sourceCount: 0, highlightCount: 0 });
  });
});

describe('reading a source’s highlights when it opens', () => {
  it('reads the painted spans from one index, in order, and the ones waiting for review from another', () => {
    const backend = temp.backend();
    const plan = (sql: string, ...args: unknown[]) => JSON.stringify(backend.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x', ...args));
    const spans = plan(SPANS_SQL, 1000);
    expect(spans).toContain('COVERING INDEX highlights_painted');
    expect(spans).not.toContain('TEMP B-TREE');
    const waiting = plan(WAITING_SQL);
    expect(waiting).toContain('highlights_waiting');
  });

  it('with `before`, lists the first part of the same list: the spans starting before that offset', () => {
    const backend = temp.backend();
    const text = 'word '.repeat(400);
    const source = pasteSource(backend, text, 'Spans');
    const starts = [0, 5, 5, 90, 99, 100, 101, 500, 1500];
    for (const [i, start] of starts.entries()) ok(backend.dispatch('createHighlight', { sourceId: source.id, start, end: start + 4 + (i % 3) * 5 }));
    const all = fromSpanColumns(ok<SpanColumns>(backend.dispatch('listHighlightSpans', { sourceId: source.id })));
    expect(all).toHaveLength(starts.length);
    for (const before of [0, 5, 6, 100, 101, 2000]) {
      const part = fromSpanColumns(ok<SpanColumns>(backend.dispatch('listHighlightSpans', { sourceId: source.id, before })));
      expect(part).toEqual(all.filter((h) => h.start < before));
      expect(part).toEqual(all.slice(0, part.length));
    }
    expect(refused(backend.dispatch('listHighlightSpans', { sourceId: source.id, before: -1 })).code).toBe('invalid_argument');
  });
});

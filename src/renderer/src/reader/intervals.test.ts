import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../shared/types';
import { BlockIndex, blockAt, indexByBlock, overlapSegments, spansAt, type Span } from './intervals';

/** Blocks as the importer makes them: the text of each, joined by a blank line ("\n\n"). */
function blocksOf(...texts: string[]): { text: string; blocks: Block[] } {
  const blocks: Block[] = [];
  let at = 0;
  for (const t of texts) {
    blocks.push({ kind: 'paragraph', start: at, end: at + t.length });
    at += t.length + 2;
  }
  return { text: texts.join('\n\n'), blocks };
}

const span = (id: string, start: number, end: number): Span => ({ id, start, end });

/** Block index → ids of the spans listed for it, for readable expectations. */
const ids = (index: Map<number, Span[]>): Record<number, string[]> => Object.fromEntries([...index].map(([b, list]) => [b, list.map((s) => s.id)]));

// Three blocks: [0, 10) [12, 22) [24, 34); the gaps [10, 12) and [22, 24) are separators.
const { blocks } = blocksOf('0123456789', 'abcdefghij', 'ABCDEFGHIJ');

describe('blockAt', () => {
  it('finds the block holding an offset, and the next block for an offset in a separator', () => {
    expect(blockAt(blocks, 0)).toBe(0);
    expect(blockAt(blocks, 9)).toBe(0);
    // A block's end belongs to the next block: [start, end).
    expect(blockAt(blocks, 10)).toBe(1);
    expect(blockAt(blocks, 11)).toBe(1);
    expect(blockAt(blocks, 12)).toBe(1);
    expect(blockAt(blocks, 23)).toBe(2);
    expect(blockAt(blocks, 33)).toBe(2);
  });

  it('answers -1 past the last block and for no blocks', () => {
    expect(blockAt(blocks, 34)).toBe(-1);
    expect(blockAt(blocks, 1000)).toBe(-1);
    expect(blockAt([], 0)).toBe(-1);
  });

  it('agrees with a linear scan on many blocks', () => {
    const many = blocksOf(...Array.from({ length: 257 }, (_, i) => 'x'.repeat((i % 7) + 1))).blocks;
    const last = many[many.length - 1].end;
    for (let offset = 0; offset <= last + 1; offset++) {
      expect(blockAt(many, offset)).toBe(many.findIndex((b) => b.end > offset));
    }
  });
});

describe('indexByBlock', () => {
  it('is empty for no spans, and for spans when there are no blocks', () => {
    expect(indexByBlock(blocks, []).size).toBe(0);
    expect(indexByBlock([], [span('a', 0, 5)]).size).toBe(0);
  });

  it('lists a span under every block it touches, and only those', () => {
    const index = indexByBlock(blocks, [span('inside', 2, 5), span('across-all', 5, 30), span('second-to-third', 15, 26), span('third', 30, 34)]);
    expect(ids(index)).toEqual({
      0: ['inside', 'across-all'],
      1: ['across-all', 'second-to-third'],
      2: ['across-all', 'second-to-third', 'third'],
    });
  });

  it('treats block boundaries as half-open: a span ending where a block starts does not touch it', () => {
    const index = indexByBlock(blocks, [span('to-start-of-1', 4, 12), span('from-end-of-0', 10, 14), span('whole-0', 0, 10)]);
    expect(ids(index)).toEqual({ 0: ['to-start-of-1', 'whole-0'], 1: ['from-end-of-0'] });
  });

  it('leaves out a span lying entirely in a separator or past the text', () => {
    const index = indexByBlock(blocks, [span('gap', 10, 12), span('gap2', 22, 24), span('past', 40, 50)]);
    expect(index.size).toBe(0);
  });

  it('keeps the spans in the order given, and the same objects', () => {
    const b = span('b', 3, 4);
    const a = span('a', 1, 2);
    const index = indexByBlock(blocks, [b, a]);
    expect(index.get(0)).toEqual([b, a]);
    expect(index.get(0)![0]).toBe(b);
  });

  it('counts offsets in UTF-16 code units, as the stored text does (emoji, Arabic)', () => {
    const doc = blocksOf('Flag 🇱🇧 here', 'حزب الله في سوريا', 'end');
    const flag = doc.text.indexOf('🇱🇧');
    const arabic = doc.text.indexOf('الله');
    const index = indexByBlock(doc.blocks, [span('flag', flag, flag + '🇱🇧'.length), span('arabic', arabic, arabic + 'الله'.length)]);
    expect(ids(index)).toEqual({ 0: ['flag'], 1: ['arabic'] });
    expect(doc.text.slice(flag, flag + 4)).toBe('🇱🇧');
  });
});

describe('overlapSegments', () => {
  it('is empty with no spans, one span, or spans that only touch', () => {
    expect(overlapSegments([], 0, 100)).toEqual([]);
    expect(overlapSegments([span('a', 0, 10)], 0, 100)).toEqual([]);
    expect(overlapSegments([span('a', 0, 10), span('b', 10, 20)], 0, 100)).toEqual([]);
    expect(overlapSegments([span('a', 0, 10), span('b', 20, 30)], 0, 100)).toEqual([]);
  });

  it('gives the stretch two spans share', () => {
    expect(overlapSegments([span('a', 0, 10), span('b', 5, 20)], 0, 100)).toEqual([[5, 10]]);
    // Order of the input does not matter.
    expect(overlapSegments([span('b', 5, 20), span('a', 0, 10)], 0, 100)).toEqual([[5, 10]]);
  });

  it('gives the whole span for identical spans and the inner one for nested spans', () => {
    expect(overlapSegments([span('a', 3, 9), span('b', 3, 9)], 0, 100)).toEqual([[3, 9]]);
    expect(overlapSegments([span('outer', 0, 50), span('inner', 10, 20)], 0, 100)).toEqual([[10, 20]]);
  });

  it('merges stretches covered by two or more, however deep, into one', () => {
    // depth: [0,10) 1, [10,40) 2, [40,50) 3, [50,80) 2, [80,100) 1
    const spans = [span('a', 0, 100), span('b', 10, 50), span('c', 40, 80)];
    expect(overlapSegments(spans, 0, 100)).toEqual([[10, 80]]);
  });

  it('joins overlap stretches that meet end to start', () => {
    // [10, 20) is covered by a and b; [20, 30) by c and d; they meet at 20.
    const spans = [span('a', 0, 20), span('b', 10, 20), span('c', 20, 40), span('d', 20, 30)];
    expect(overlapSegments(spans, 0, 100)).toEqual([[10, 30]]);
  });

  it('keeps separate stretches apart, in text order', () => {
    const spans = [span('c', 50, 70), span('a', 0, 10), span('d', 60, 90), span('b', 5, 30)];
    expect(overlapSegments(spans, 0, 100)).toEqual([
      [5, 10],
      [60, 70],
    ]);
  });

  it('clips to [from, to), as painting one block does', () => {
    const spans = [span('a', 0, 30), span('b', 5, 40)];
    expect(overlapSegments(spans, 12, 22)).toEqual([[12, 22]]);
    expect(overlapSegments(spans, 0, 8)).toEqual([[5, 8]]);
    // Nothing of the overlap inside the window.
    expect(overlapSegments(spans, 30, 60)).toEqual([]);
    expect(overlapSegments(spans, 50, 60)).toEqual([]);
  });

  it('agrees with counting coverage character by character', () => {
    // A fixed pseudo-random set (linear congruential), so the case is the same on every run.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 50; round++) {
      const spans = Array.from({ length: 1 + next(8) }, (_, i) => {
        const start = next(60);
        return span(String(i), start, start + 1 + next(20));
      });
      const from = next(30);
      const to = from + next(60);
      const covered: Array<[number, number]> = [];
      for (let at = from; at < to; at++) {
        if (spans.filter((s) => s.start <= at && at < s.end).length < 2) continue;
        const last = covered[covered.length - 1];
        if (last && last[1] === at) last[1] = at + 1;
        else covered.push([at, at + 1]);
      }
      expect(overlapSegments(spans, from, to)).toEqual(covered);
    }
  });
});

describe('spansAt', () => {
  it('lists the spans covering an offset, innermost first', () => {
    const outer = span('outer', 0, 50);
    const middle = span('middle', 10, 40);
    const inner = span('inner', 20, 25);
    expect(spansAt([outer, inner, middle], 22)).toEqual([inner, middle, outer]);
    expect(spansAt([outer, inner, middle], 12)).toEqual([middle, outer]);
  });

  it('uses [start, end): the end offset is outside', () => {
    const a = span('a', 5, 10);
    expect(spansAt([a], 5)).toEqual([a]);
    expect(spansAt([a], 10)).toEqual([]);
    expect(spansAt([a], 4)).toEqual([]);
    expect(spansAt([], 0)).toEqual([]);
  });

  it('puts the later-starting of two equally long spans first', () => {
    const early = span('early', 0, 10);
    const late = span('late', 5, 15);
    expect(spansAt([early, late], 7)).toEqual([late, early]);
    expect(spansAt([late, early], 7)).toEqual([late, early]);
  });

  it('does not reorder the list it is given', () => {
    const list = [span('long', 0, 50), span('short', 1, 3)];
    spansAt(list, 2);
    expect(list.map((s) => s.id)).toEqual(['long', 'short']);
  });
});

describe('BlockIndex', () => {
  interface Colored extends Span {
    color: string;
  }
  const colored = (id: string, start: number, end: number, color = 'yellow'): Colored => ({ id, start, end, color });
  const sameColor = (a: Colored, b: Colored) => a.color === b.color;
  /** The index as block -> ids, in its order, for comparing with indexByBlock. */
  const listed = (index: BlockIndex<Colored>): Record<number, string[]> => Object.fromEntries(index.blocksWithSpans().map((b) => [b, (index.get(b) ?? []).map((s) => s.id)]));
  /** What indexByBlock makes of the spans in the store's order (start, then longer first). */
  const expected = (spans: Colored[]) => ids(indexByBlock(blocks, [...spans].sort((a, b) => a.start - b.start || b.end - a.end)));

  it('builds from nothing, and reports no change for the same spans again', () => {
    const index = new BlockIndex<Colored>(blocks, sameColor);
    const list = [colored('a', 2, 5), colored('b', 5, 30)];
    const first = index.update(list);
    expect(first.rebuilt).toBe(true);
    expect(listed(index)).toEqual(expected(list));
    // Equal copies (a re-read from the store) are no change either.
    const again = index.update(list.map((s) => ({ ...s })));
    expect(again).toEqual({ rebuilt: false, touched: new Set(), added: 0, removed: 0, changed: 0 });
  });

  it('moves only what was added, removed, moved or recoloured, and names the blocks touched', () => {
    const index = new BlockIndex<Colored>(blocks, sameColor);
    const base = [colored('a', 0, 4), colored('b', 13, 18), colored('c', 25, 30), colored('d', 26, 28), colored('e', 1, 3), colored('f', 14, 16)];
    index.update(base);

    const added = [...base, colored('g', 15, 26)];
    let change = index.update(added);
    expect(change).toMatchObject({ rebuilt: false, added: 1, removed: 0, changed: 0 });
    expect([...change.touched].sort()).toEqual([1, 2]);
    expect(listed(index)).toEqual(expected(added));

    const removed = added.filter((s) => s.id !== 'a');
    change = index.update(removed);
    expect(change).toMatchObject({ rebuilt: false, added: 0, removed: 1, changed: 0 });
    expect([...change.touched]).toEqual([0]);
    expect(listed(index)).toEqual(expected(removed));

    const recoloured = removed.map((s) => (s.id === 'c' ? { ...s, color: 'blue' } : s));
    change = index.update(recoloured);
    expect(change).toMatchObject({ rebuilt: false, changed: 1 });
    expect([...change.touched]).toEqual([2]);
    expect(index.get(2)?.find((s) => s.id === 'c')?.color).toBe('blue');

    // Moved from the third block to the first.
    const moved = recoloured.map((s) => (s.id === 'd' ? { ...s, start: 5, end: 8 } : s));
    change = index.update(moved);
    expect(change).toMatchObject({ rebuilt: false, changed: 1 });
    expect([...change.touched].sort()).toEqual([0, 2]);
    expect(listed(index)).toEqual(expected(moved));
  });

  it('rebuilds when most of the list changed', () => {
    const index = new BlockIndex<Colored>(blocks, sameColor);
    index.update([colored('a', 0, 4), colored('b', 13, 18), colored('c', 25, 30)]);
    const other = [colored('x', 2, 3), colored('y', 14, 15), colored('c', 25, 30)];
    const change = index.update(other);
    expect(change.rebuilt).toBe(true);
    expect(listed(index)).toEqual(expected(other));
    expect(index.update([]).rebuilt).toBe(true);
    expect(index.size).toBe(0);
    expect(index.blocksWithSpans()).toEqual([]);
  });

  it('agrees with indexByBlock after any sequence of edits (property)', () => {
    const many = blocksOf(...Array.from({ length: 12 }, (_, i) => 'x'.repeat(5 + (i % 4) * 3))).blocks;
    const last = many[many.length - 1].end;
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), start: fc.nat(last), length: fc.integer({ min: 1, max: 30 }), color: fc.constantFrom('yellow', 'blue') }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), start: fc.nat(last), length: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ kind: fc.constant('recolor' as const), pick: fc.nat(), color: fc.constantFrom('yellow', 'blue', 'red') }),
      // A fresh read from the store (equal copies) and a list in another order: the index compares
      // lists by identity first, so neither may be taken for "nothing changed" or lose a span.
      fc.record({ kind: fc.constant('copy' as const) }),
      fc.record({ kind: fc.constant('reverse' as const) }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 25 }), (batches) => {
        const index = new BlockIndex<Colored>(many, sameColor);
        let list: Colored[] = [];
        let next = 0;
        for (const batch of batches) {
          list = [...list];
          for (const e of batch) {
            if (e.kind === 'add') list.push(colored(`h${next++}`, e.start, Math.min(last, e.start + e.length), e.color));
            else if (e.kind === 'copy') list = list.map((s) => ({ ...s }));
            else if (e.kind === 'reverse') list.reverse();
            else if (list.length === 0) continue;
            else if (e.kind === 'remove') list.splice(e.pick % list.length, 1);
            else {
              const at = e.pick % list.length;
              list[at] = e.kind === 'move' ? { ...list[at], start: e.start, end: Math.min(last, e.start + e.length) } : { ...list[at], color: e.color };
            }
          }
          list = list.filter((s) => s.end > s.start);
          index.update(list);
          const want = indexByBlock(many, [...list].sort((a, b) => a.start - b.start || b.end - a.end));
          expect(index.blocksWithSpans()).toEqual([...want.keys()].sort((a, b) => a - b));
          for (const [b, spans] of want) {
            // Same spans (by id, with their current colour), in text order.
            const got = index.get(b) ?? [];
            expect(got.map((s) => `${s.id}:${s.color}`).sort()).toEqual(spans.map((s) => `${s.id}:${s.color}`).sort());
            for (let k = 1; k < got.length; k++) expect(got[k - 1].start < got[k].start || (got[k - 1].start === got[k].start && got[k - 1].end >= got[k].end)).toBe(true);
          }
          expect(index.size).toBe(list.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});

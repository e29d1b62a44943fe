import { describe, expect, it } from 'vitest';
import type { Block } from '../../../shared/types';
import { blocksIn, chunkEnd, firstScreenChars, groupBlocks, groupOf } from './chunks';

/** Blocks of the given kinds, 10 characters each, one separator character apart. */
function blocksOf(...kinds: Array<Block['kind'] | 'ordered'>): Block[] {
  return kinds.map((kind, i) => ({
    kind: kind === 'ordered' ? 'list-item' : kind,
    start: i * 11,
    end: i * 11 + 10,
    ...(kind === 'ordered' ? { ordered: true } : {}),
  }));
}

describe('groupBlocks', () => {
  it('draws runs of table rows as one table and runs of list items of one kind as one list', () => {
    const blocks = blocksOf('heading', 'paragraph', 'table-row', 'table-row', 'list-item', 'list-item', 'ordered', 'paragraph', 'table-row');
    expect(groupBlocks(blocks)).toEqual([
      { from: 0, to: 1, kind: 'block' },
      { from: 1, to: 2, kind: 'block' },
      { from: 2, to: 4, kind: 'table' },
      { from: 4, to: 6, kind: 'list' },
      { from: 6, to: 7, kind: 'list' },
      { from: 7, to: 8, kind: 'block' },
      { from: 8, to: 9, kind: 'table' },
    ]);
    expect(groupBlocks([])).toEqual([]);
  });
});

describe('chunkEnd', () => {
  const blocks = blocksOf('paragraph', 'paragraph', 'table-row', 'table-row', 'table-row', 'paragraph', 'paragraph');
  const groups = groupBlocks(blocks);

  it('takes groups until the characters asked for are reached, never splitting a table', () => {
    expect(chunkEnd(blocks, groups, 0, 15)).toBe(2);
    // The table (3 rows) comes whole.
    expect(chunkEnd(blocks, groups, 0, 21)).toBe(3);
    expect(blocksIn(groups, 3)).toBe(5);
    expect(chunkEnd(blocks, groups, 3, 1_000)).toBe(groups.length);
  });

  it('takes at least one group, and none past the end', () => {
    expect(chunkEnd(blocks, groups, 2, 0)).toBe(3);
    expect(chunkEnd(blocks, groups, groups.length, 100)).toBe(groups.length);
  });

  it('covers every block exactly once, chunk after chunk', () => {
    const seen: number[] = [];
    for (let from = 0; from < groups.length; ) {
      const end = chunkEnd(blocks, groups, from, 12);
      for (let b = blocksIn(groups, from); b < blocksIn(groups, end); b++) seen.push(b);
      from = end;
    }
    expect(seen).toEqual(blocks.map((_, i) => i));
  });
});

describe('groupOf', () => {
  it('finds the group holding a block, and -1 outside', () => {
    const groups = groupBlocks(blocksOf('paragraph', 'list-item', 'list-item', 'list-item', 'paragraph'));
    expect([0, 1, 2, 3, 4].map((b) => groupOf(groups, b))).toEqual([0, 1, 1, 1, 2]);
    expect(groupOf(groups, 5)).toBe(-1);
    expect(groupOf([], 0)).toBe(-1);
  });
});

describe('firstScreenChars', () => {
  it('grows with the view and has a floor', () => {
    expect(firstScreenChars(1600)).toBeGreaterThan(firstScreenChars(800));
    expect(firstScreenChars(0)).toBe(firstScreenChars(400));
    // A 900 px view at the default size shows about 30 lines of 68 characters: the first chunk holds several times that.
    expect(firstScreenChars(900)).toBeGreaterThan(3 * 30 * 68);
  });
});

import type { Block } from '../../../shared/types';

/**
 * The reader renders the first screen first (Reader.tsx): the blocks that fill the view, plus a
 * margin, at once, and the rest of the source in chunks after the first paint. This module is the
 * pure part of that: which blocks are drawn together, and where each chunk ends.
 */

/**
 * One unit of drawing: a single block, or a run of table rows drawn as one table, or a run of
 * list items of the same kind drawn as one list. A chunk never splits a unit, so a table or a
 * list is never cut in two.
 */
export interface BlockGroup {
  /** First block, inclusive. */
  from: number;
  /** Last block, exclusive. */
  to: number;
  kind: 'block' | 'table' | 'list';
}

export function groupBlocks(blocks: readonly Block[]): BlockGroup[] {
  const groups: BlockGroup[] = [];
  for (let i = 0; i < blocks.length; ) {
    const block = blocks[i];
    let j = i + 1;
    if (block.kind === 'table-row') {
      while (j < blocks.length && blocks[j].kind === 'table-row') j++;
      groups.push({ from: i, to: j, kind: 'table' });
    } else if (block.kind === 'list-item') {
      const ordered = !!block.ordered;
      while (j < blocks.length && blocks[j].kind === 'list-item' && !!blocks[j].ordered === ordered) j++;
      groups.push({ from: i, to: j, kind: 'list' });
    } else groups.push({ from: i, to: i + 1, kind: 'block' });
    i = j;
  }
  return groups;
}

/**
 * Where a chunk starting at group `from` ends (exclusive): after at least `chars` characters of
 * text, and after at least one group. Returns `from` only when no group is left.
 */
export function chunkEnd(blocks: readonly Block[], groups: readonly BlockGroup[], from: number, chars: number): number {
  let end = from;
  let taken = 0;
  while (end < groups.length && (end === from || taken < chars)) {
    const g = groups[end];
    taken += blocks[g.to - 1].end - blocks[g.from].start;
    end++;
  }
  return end;
}

/** Index of the group holding block `index` (groups cover the blocks in order, without gaps); -1 if none. */
export function groupOf(groups: readonly BlockGroup[], index: number): number {
  let lo = 0;
  let hi = groups.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (groups[mid].to <= index) lo = mid + 1;
    else if (groups[mid].from > index) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Blocks drawn once the first `groupCount` groups are. */
export const blocksIn = (groups: readonly BlockGroup[], groupCount: number): number => (groupCount > 0 ? groups[Math.min(groupCount, groups.length) - 1].to : 0);

/**
 * Characters that fill the first screen with room to spare: the view, and one more below (the
 * painter paints one viewport ahead), at a generous guess of 80 characters a line and a line
 * every 20 px, so a small text size still fills the view.
 */
export function firstScreenChars(viewHeight: number): number {
  const lines = Math.ceil(Math.max(viewHeight, 400) / 20);
  return lines * 80 * 3;
}

import { describe, expect, it } from 'vitest';
import { inLanes } from './lanes';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inLanes', () => {
  it('runs every item once, never more than `lanes` at a time, taking items in order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await inLanes([30, 5, 5, 5, 5], 2, async (ms, i) => {
      started.push(i);
      most = Math.max(most, ++running);
      await tick(ms);
      running--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('does nothing for no items, and rejects with a failure after the lanes stop', async () => {
    await inLanes([], 3, async () => {
      throw new Error('not called');
    });
    const done: number[] = [];
    await expect(
      inLanes([1, 2, 3, 4], 1, async (n) => {
        if (n === 2) throw new Error('two');
        done.push(n);
      }),
    ).rejects.toThrow('two');
    expect(done).toEqual([1]);
  });
});

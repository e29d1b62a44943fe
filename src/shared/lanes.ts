/**
 * Runs `work` on every item, at most `lanes` at a time, each lane taking the next item when it
 * is done with one. Resolves when all are done; rejects with the first failure (the other lanes
 * finish the item they hold and stop). Used where a batch is fed to a pool of workers: the
 * import API (src/core/backend.ts) and its benchmark.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    for (let i = next++; i < items.length && !failed; i = next++) {
      try {
        await work(items[i], i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}

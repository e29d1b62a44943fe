import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module shared with `npm run soak` (scripts/soak/run.mjs)
import { runKillLoop } from '../../scripts/soak/kill-loop.mjs';
import { HOST_JS } from './test-support/cli';
import { makeTempDir, removeTempDirs } from './test-support/temp';

interface KillReport {
  kills: number;
  acknowledged: number;
  lost: number;
  integrityFailures: number;
  backupsWritten: number;
  backupsChecked: number;
  badBackups: number;
  startFailures: string[];
}

afterAll(() => removeTempDirs());

/**
 * The built browser host killed with SIGKILL 30 times while it answers a stream of edits and
 * writes backups: every acknowledged edit survives, the project and every published backup
 * pass SQLite's integrity check, and the host always starts again (no stale lock, no damage).
 * `npm run soak` runs the same loop 200 and 100 (with backups) times.
 */
describe.skipIf(!existsSync(HOST_JS))('SIGKILL during edits and backups', () => {
  it('loses no acknowledged edit and publishes no broken backup in 30 kills', async () => {
    const report = (await runKillLoop({ dataDir: makeTempDir('tiemark-kill-'), kills: 30, backups: true, seed: 30 })) as KillReport;
    console.log(`kill test: ${JSON.stringify(report)}`);
    expect(report.startFailures).toEqual([]);
    expect(report.acknowledged).toBeGreaterThan(30);
    expect(report.lost).toBe(0);
    expect(report.integrityFailures).toBe(0);
    expect(report.badBackups).toBe(0);
    expect(report.backupsChecked).toBeGreaterThanOrEqual(30);
  }, 240_000);
});

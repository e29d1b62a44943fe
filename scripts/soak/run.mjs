// `npm run soak`: the long version of src/host/kill.test.ts. 200 SIGKILLs during a stream of
// edits, then 100 during edits and back-to-back backups, against the built browser host.
// Prints what was acknowledged, lost, and found damaged; exits non-zero if anything was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKillLoop } from './kill-loop.mjs';

const started = performance.now();
const log = (line) => console.log(`[soak ${((performance.now() - started) / 1000).toFixed(0)} s] ${line}`);
let failed = false;
for (const [label, options] of [
  ['kills during edits', { kills: 200, backups: false, seed: 200 }],
  ['kills during edits and backups', { kills: 100, backups: true, seed: 100 }],
]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiemark-soak-'));
  try {
    const report = await runKillLoop({ dataDir, ...options, log: (l) => (/0\//.test(l) ? log(`${label}: ${l}`) : undefined) });
    log(`${label}: ${JSON.stringify(report)}`);
    if (report.lost || report.integrityFailures || report.badBackups || report.startFailures.length) failed = true;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
log(failed ? 'FAILED: see above.' : 'no acknowledged edit lost, no integrity failure, no broken backup published.');
process.exit(failed ? 1 : 0);

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../shared/types';
import { Backend } from '../backend';
import { ok, pasteSource, useTempDirs } from '../test-support/fixtures';

// The shells' workers, as built (npm test builds before the unit tests).
const IMPORT_WORKER = resolve('out/main/import-worker.js');
const CHECK_WORKER = resolve('out/main/check-worker.js');
const temp = useTempDirs();

async function damageReport(backend: Backend): Promise<ProjectInfo> {
  for (let i = 0; i < 100; i++) {
    const info = ok<ProjectInfo>(backend.dispatch('projectInfo', {}));
    if (info.damage) return info;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ok<ProjectInfo>(backend.dispatch('projectInfo', {}));
}

describe.skipIf(!existsSync(CHECK_WORKER))('the full check after open', () => {
  it('finds damage the open-time checks let through, off the main thread, and says what to do', async () => {
    const dir = temp.make();
    const file = join(dir, 'Checked.tiemark');
    const first = Backend.open({ file, create: true });
    pasteSource(first, 'Hezbollah received drones from Iran in 2023.\n\nThe shipments went through Syria.');
    first.close();
    // A source's text changed behind the store's back: every open-time check still passes (the
    // text is valid, the structure sound), but it no longer matches its stored content hash.
    const raw = new Database(file);
    raw.prepare("UPDATE sources SET text = replace(text, 'drones', 'dronez')").run();
    raw.close();

    const backend = temp.track(Backend.open({ file, importWorker: IMPORT_WORKER, autoBackup: true }));
    expect(ok<ProjectInfo>(backend.dispatch('projectInfo', {})).damage).toBeNull();
    const info = await damageReport(backend);
    expect(info.damage).toMatch(/^The full check found damage in Checked\.tiemark \(.+\)\. Export what you need now, then restore the newest backup with Backups…\.$/);
  }, 20_000);

  it('reports nothing on a sound project', async () => {
    const dir = temp.make();
    const backend = temp.track(Backend.open({ file: join(dir, 'Sound.tiemark'), create: true, importWorker: IMPORT_WORKER, autoBackup: true }));
    pasteSource(backend, 'A sound project with one source.');
    await new Promise((r) => setTimeout(r, 4500));
    expect(ok<ProjectInfo>(backend.dispatch('projectInfo', {})).damage).toBeNull();
  }, 20_000);
});

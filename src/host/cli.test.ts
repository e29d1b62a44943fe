import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../core/backend';
import type { Result } from '../shared/errors';
import type { BackupInfo, Highlight, ProjectInfo, SourceSummary } from '../shared/types';
import { HOST_JS, HostRun, READY_LINE, REPO_ROOT, type Ready } from './test-support/cli';
import { callApi, rawRequest } from './test-support/http';
import { makeTempDir, removeTempDirs } from './test-support/temp';

/**
 * The built browser host as a user runs it: `node out/main/host.js --port 0 --data-dir DIR
 * --no-open`. Each test gets its own data folder; every process is stopped by a signal (or
 * killed if a test failed half-way).
 */

const built = existsSync(HOST_JS);
const runs: HostRun[] = [];

function launch(...args: string[]): HostRun {
  const run = new HostRun(args);
  runs.push(run);
  return run;
}

const hostArgs = (dataDir: string, ...more: string[]) => ['--port', '0', '--data-dir', dataDir, '--no-open', ...more];

async function api<T>(ready: Ready, method: string, args: unknown = {}): Promise<T> {
  const { status, result } = await callApi(ready.port, ready.token, method, args);
  expect(status).toBe(200);
  const r = result as Result<T>;
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** After a clean close: no WAL left behind (or an empty one), and the file checks out. */
function expectClosedCleanly(file: string): void {
  const wal = `${file}-wal`;
  if (existsSync(wal)) expect(statSync(wal).size, `${wal} should be empty after a clean close`).toBe(0);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  } finally {
    db.close();
  }
}

afterEach(() => {
  for (const run of runs.splice(0)) run.kill();
});

afterAll(() => removeTempDirs());

describe.skipIf(!built)('built browser host (node out/main/host.js)', () => {
  it('prints one ready line, seeds Default.tiemark with the samples, and exits 0 on SIGINT with the database closed', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    const run = launch(...hostArgs(dataDir));
    const ready = await run.ready();
    expect(ready.line).toMatch(READY_LINE);
    expect(ready.token.length).toBeGreaterThanOrEqual(32);

    const file = join(dataDir, 'Default.tiemark');
    expect(existsSync(file)).toBe(true);
    const sources = await api<SourceSummary[]>(ready, 'listSources');
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'samples', 'manifest.json'), 'utf8')) as {
      articles: Array<{ file: string; highlights: unknown[] }>;
    };
    expect(sources).toHaveLength(6);
    expect(sources.map((s) => s.fileName)).toEqual(manifest.articles.map((a) => a.file));
    expect(sources.map((s) => s.highlightCount)).toEqual(manifest.articles.map((a) => a.highlights.length));
    expect(sources.every((s) => s.highlightCount > 0)).toBe(true);
    const info = await api<ProjectInfo>(ready, 'projectInfo');
    expect(info).toMatchObject({ name: 'Default', path: file, sourceCount: 6 });

    // The real renderer is served with the token, and refused without it.
    const page = await rawRequest(ready.port, { path: `/?token=${ready.token}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<div id="root">');
    expect((await rawRequest(ready.port, { method: 'POST', path: '/api/listSources', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await rawRequest(ready.port, { path: '/', headers: { Host: `evil.test:${ready.port}` } })).status).toBe(403);
    // Failures of every kind, to give the host every chance to log something.
    await rawRequest(ready.port, { method: 'POST', path: '/api/listSources', headers: { Authorization: `Bearer ${'x'.repeat(ready.token.length)}`, 'Content-Type': 'application/json' }, body: '{}' });
    await rawRequest(ready.port, { method: 'POST', path: '/api/nope', headers: { Authorization: `Bearer ${ready.token}`, 'Content-Type': 'application/json' }, body: '{' });
    await callApi(ready.port, ready.token, 'getSource', { id: 'missing' });
    await rawRequest(ready.port, { path: `/../../etc/passwd?token=${ready.token}` });

    const exit = await run.stop('SIGINT');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.stdout).toBe(`${ready.line}\n`);
    expect(run.stderr).not.toContain(ready.token);
    // SQLite removes the WAL and shared-memory files when the last connection closes cleanly;
    // the lock's companion file stays (see src/core/db/lock.ts), its owner note goes.
    expect(readdirSync(dataDir).filter((f) => f.startsWith('Default.tiemark')).sort()).toEqual(['Default.tiemark', 'Default.tiemark.lock']);
    expectClosedCleanly(file);
  });

  it('keeps data across a SIGTERM and a restart, with a new token each launch', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    const file = join(dataDir, 'Default.tiemark');
    const first = launch(...hostArgs(dataDir));
    const a = await first.ready();
    const [source] = await api<SourceSummary[]>(a, 'listSources');
    const created = await api<Highlight>(a, 'createHighlight', { sourceId: source.id, start: 0, end: 12, color: 'pink' });
    expect((await first.stop('SIGTERM'))).toEqual({ code: 0, signal: null });
    expect(first.stdout).toBe(`${a.line}\n`);
    expectClosedCleanly(file);

    const second = launch(...hostArgs(dataDir));
    const b = await second.ready();
    expect(b.token).not.toBe(a.token);
    const listed = await api<Highlight[]>(b, 'listHighlights', { sourceId: source.id });
    expect(listed.find((h) => h.id === created.id)).toEqual(created);
    // Not seeded a second time.
    expect(await api<SourceSummary[]>(b, 'listSources')).toHaveLength(6);
    // The old token is worthless now.
    expect((await callApi(b.port, a.token, 'listSources', {})).status).toBe(401);
    expect((await second.stop('SIGTERM')).code).toBe(0);
    expectClosedCleanly(file);
  });

  it('closes cleanly on SIGHUP too (the terminal window closing)', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    const run = launch(...hostArgs(dataDir));
    const ready = await run.ready();
    await api(ready, 'importText', { text: 'Written just before the terminal closed.' });
    expect(await run.stop('SIGHUP')).toEqual({ code: 0, signal: null });
    expectClosedCleanly(join(dataDir, 'Default.tiemark'));
  });

  it('refuses a bad --port with a clear message on stderr', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    for (const port of ['99999', '65536', '-1', 'abc', '80.5']) {
      const run = launch(`--port=${port}`, '--data-dir', dataDir, '--no-open');
      const exit = await run.exited;
      expect(exit.code, `--port ${port}`).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`--port must be a number from 0 to 65535, not "${port}".`);
    }
    const unknown = launch('--bogus', '--data-dir', dataDir);
    expect((await unknown.exited).code).not.toBe(0);
    expect(unknown.stderr).toMatch(/bogus/);
  });

  it('exits non-zero when the port is taken, closing the project it opened', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const taken = (blocker.address() as { port: number }).port;
      const run = launch('--port', String(taken), '--data-dir', dataDir, '--no-open');
      const exit = await run.exited;
      expect(exit.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^Tiemark could not start: .*EADDRINUSE/);
      expectClosedCleanly(join(dataDir, 'Default.tiemark'));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('--project creates and then reopens that file instead of Default.tiemark', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    const other = join(dataDir, 'other.tiemark');
    const first = launch(...hostArgs(dataDir, '--project', other));
    const a = await first.ready();
    expect(existsSync(other)).toBe(true);
    expect(existsSync(join(dataDir, 'Default.tiemark'))).toBe(false);
    expect(await api<ProjectInfo>(a, 'projectInfo')).toMatchObject({ name: 'other', path: other, sourceCount: 0 });
    await api(a, 'importText', { text: 'Kept in the other project.' });
    expect((await first.stop('SIGTERM')).code).toBe(0);
    expectClosedCleanly(other);

    const second = launch(...hostArgs(dataDir, '--project', other));
    const b = await second.ready();
    const sources = await api<SourceSummary[]>(b, 'listSources');
    expect(sources.map((s) => s.title)).toEqual(['Kept in the other project.']);
    expect((await second.stop('SIGTERM')).code).toBe(0);
    expect(existsSync(join(dataDir, 'Default.tiemark'))).toBe(false);
  });

  it.each([
    ['the default project', (dir: string) => ({ file: join(dir, 'Default.tiemark'), args: hostArgs(dir) })],
    ['--project', (dir: string) => ({ file: join(dir, 'future.tiemark'), args: hostArgs(dir, '--project', join(dir, 'future.tiemark')) })],
  ])('refuses %s from a newer version and leaves the file byte-identical', async (_label, where) => {
    const dataDir = makeTempDir('tiemark-cli-');
    const { file, args } = where(dataDir);
    Backend.open({ file, backupDir: join(dataDir, 'backups'), create: true }).close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(file);
    const listing = readdirSync(dataDir).filter((f) => !f.endsWith('.lock')).sort();

    const run = launch(...args);
    const exit = await run.exited;
    expect(exit.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('newer version');
    expect(readFileSync(file).equals(before)).toBe(true);
    // Only the lock's companion file is new: the lock is taken before the file is looked at.
    expect(readdirSync(dataDir).filter((f) => !f.endsWith('.lock')).sort()).toEqual(listing);
  });

  it('a second host on the same project says who has it and exits; --read-only serves it and refuses changes', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    const first = launch(...hostArgs(dataDir));
    const a = await first.ready();
    const [source] = await api<SourceSummary[]>(a, 'listSources');

    const second = launch(...hostArgs(dataDir));
    const exit = await second.exited;
    expect(exit.code).toBe(3);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(`Default.tiemark is already open in the browser host (process ${first.child.pid}, since `);
    expect(second.stderr).toContain('--read-only');

    const reader = launch(...hostArgs(dataDir, '--read-only'));
    const b = await reader.ready();
    expect(reader.stderr).toContain('is open read-only because the browser host');
    const info = await api<ProjectInfo>(b, 'projectInfo');
    expect(info.readOnly).toMatch(/changes are refused/);
    expect(await api<SourceSummary[]>(b, 'listSources')).toHaveLength(6);
    const refused = await callApi(b.port, b.token, 'createHighlight', { sourceId: source.id, start: 0, end: 5, color: 'yellow' });
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'read_only' } });
    // An edit in the writer shows up in the reader (it reads the live file).
    await api(a, 'createHighlight', { sourceId: source.id, start: 0, end: 5, color: 'yellow' });
    const [again] = await api<SourceSummary[]>(b, 'listSources');
    expect(again.highlightCount).toBe(source.highlightCount + 1);
    expect((await reader.stop('SIGTERM')).code).toBe(0);
    expect((await first.stop('SIGTERM')).code).toBe(0);

    // Once the first has gone, the project opens for writing again.
    const third = launch(...hostArgs(dataDir));
    await third.ready();
    expect((await third.stop('SIGTERM')).code).toBe(0);
  });

  it('a host killed with SIGKILL leaves no lock behind', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    const first = launch(...hostArgs(dataDir));
    await first.ready();
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const second = launch(...hostArgs(dataDir));
    const b = await second.ready();
    expect(await api<SourceSummary[]>(b, 'listSources')).toHaveLength(6);
    expect((await second.stop('SIGTERM')).code).toBe(0);
  });

  it('two hosts started at once on an empty folder: one serves the new project, the other says it is open', async () => {
    for (let race = 0; race < 5; race++) {
      const dataDir = makeTempDir('tiemark-cli-');
      const runs = [launch(...hostArgs(dataDir)), launch(...hostArgs(dataDir))];
      const outcomes = await Promise.all(runs.map((r) => r.ready().then((ready) => ({ ready }), () => ({ ready: null }))));
      const winners = outcomes.filter((o) => o.ready);
      expect(winners, `race ${race}: ${runs.map((r) => r.stderr).join(' | ')}`).toHaveLength(1);
      const loser = runs[outcomes.findIndex((o) => !o.ready)];
      expect((await loser.exited).code).toBe(3);
      expect(loser.stderr).toContain('Default.tiemark is already open in ');
      expect(await api<SourceSummary[]>(winners[0].ready!, 'listSources')).toHaveLength(6);
      for (const r of runs) await r.stop('SIGTERM');
      expectClosedCleanly(join(dataDir, 'Default.tiemark'));
    }
  });

  it('--restore puts a backup in place, keeping the replaced file as a backup too', async () => {
    const dataDir = makeTempDir('tiemark-cli-');
    const first = launch(...hostArgs(dataDir));
    const a = await first.ready();
    const backup = await api<BackupInfo>(a, 'backupNow');
    const [source] = await api<SourceSummary[]>(a, 'listSources');
    await api(a, 'deleteSource', { id: source.id });
    expect((await first.stop('SIGTERM')).code).toBe(0);

    const second = launch(...hostArgs(dataDir, '--restore', backup.path));
    const b = await second.ready();
    expect(second.stderr).toContain(`Restored Default.tiemark from ${backup.path}`);
    expect(await api<SourceSummary[]>(b, 'listSources')).toHaveLength(6);
    const backups = await api<BackupInfo[]>(b, 'listBackups');
    expect(backups.find((x) => x.reason === 'before-restore')).toMatchObject({ sources: 5 });
    expect((await second.stop('SIGTERM')).code).toBe(0);

    const missing = launch(...hostArgs(dataDir, '--restore', join(dataDir, 'nope.tiemark')));
    expect((await missing.exited).code).toBe(1);
    expect(missing.stderr).toContain('There is no backup at');
  });
});

if (!built) {
  describe('built browser host (node out/main/host.js)', () => {
    it.skip(`SKIPPED: ${HOST_JS} is missing. Run \`npx electron-vite build\` first (npm test builds before the unit tests).`, () => undefined);
  });
}

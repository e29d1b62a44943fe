// Kills the browser host with SIGKILL, again and again, while it is answering a stream of edits
// (and, with `backups`, while it is writing backups), then checks after every restart that each
// edit the host acknowledged is still there, that the project passes SQLite's integrity check,
// and that every backup under its final name is complete and passes its check too.
// Used by src/host/kill.test.ts (30 kills) and `npm run soak` (scripts/soak/run.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { apiClient } from '../bench/tiemark.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const NODE = existsSync(join(ROOT, 'node_modules', '.bin', 'node')) ? join(ROOT, 'node_modules', '.bin', 'node') : process.execPath;
const HOST_JS = join(ROOT, 'out', 'main', 'host.js');

function startHost(dataDir) {
  const child = spawn(NODE, [HOST_JS, '--port', '0', '--data-dir', dataDir, '--no-open'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const ready = new Promise((done, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) done(m[1]);
    });
    exited.then(({ code }) => fail(new Error(`host exited (${code}) before it was ready: ${stderr}`)));
  });
  return { child, ready, exited, stderr: () => stderr };
}

function checkFile(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) === 'ok';
  } finally {
    db.close();
  }
}

/**
 * @param {{ dataDir: string, kills: number, backups?: boolean, seed?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ kills: number, acknowledged: number, lost: number, integrityFailures: number, backupsWritten: number, backupsChecked: number, badBackups: number, startFailures: string[] }>}
 */
export async function runKillLoop({ dataDir, kills, backups = false, seed = 7, log = () => undefined }) {
  let state = seed >>> 0;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const acknowledged = new Set();
  let sourceId = null;
  let lost = 0;
  let integrityFailures = 0;
  let backupsWritten = 0;
  const startFailures = [];
  const file = join(dataDir, 'Default.tiemark');
  const backupDir = join(dataDir, 'backups', 'Default');
  let badBackups = 0;
  let backupsChecked = 0;
  // After every kill: each backup under its final name must be whole and good (a kill while one
  // was being written may only leave a partial file, which never counts as a backup).
  const checkBackups = () => {
    const published = existsSync(backupDir) ? readdirSync(backupDir).filter((n) => n.endsWith('.tiemark') && !n.startsWith('.')) : [];
    for (const name of published) {
      backupsChecked++;
      if (!checkFile(join(backupDir, name))) badBackups++;
    }
  };

  for (let round = 0; round <= kills; round++) {
    const host = startHost(dataDir);
    let ready;
    try {
      ready = await host.ready;
    } catch (error) {
      startFailures.push(error.message);
      log(`round ${round}: ${error.message}`);
      break;
    }
    const api = apiClient(ready);
    const call = (method, args) => api.call(method, args);
    // Every acknowledged highlight must be there after the previous kill.
    if (sourceId === null) sourceId = (await call('listSources', {}))[0].id;
    const present = new Set((await call('listHighlights', { sourceId })).map((h) => h.id));
    for (const id of acknowledged) if (!present.has(id)) lost++;
    if (round === kills) {
      api.close();
      host.child.kill('SIGTERM');
      await host.exited;
      break;
    }
    // A stream of edits (and backups), killed at a random moment.
    let stop = false;
    const edits = (async () => {
      while (!stop) {
        const start = Math.floor(random() * 400);
        try {
          const h = await call('createHighlight', { sourceId, start, end: start + 5 + Math.floor(random() * 30), color: 'yellow' });
          acknowledged.add(h.id);
        } catch {
          return; // the connection died with the process: this edit was never acknowledged
        }
      }
    })();
    const backupStream = backups
      ? (async () => {
          while (!stop) {
            try {
              await call('backupNow', {});
              backupsWritten++;
            } catch {
              return;
            }
          }
        })()
      : Promise.resolve();
    await new Promise((done) => setTimeout(done, 30 + random() * 400));
    host.child.kill('SIGKILL');
    stop = true;
    await Promise.all([host.exited, edits, backupStream]);
    api.close();
    checkBackups();
    log(`round ${round + 1}/${kills}: ${acknowledged.size} acknowledged so far, ${lost} lost`);
  }

  if (!checkFile(file)) integrityFailures++;
  return { kills, acknowledged: acknowledged.size, lost, integrityFailures, backupsWritten, backupsChecked, badBackups, startFailures };
}

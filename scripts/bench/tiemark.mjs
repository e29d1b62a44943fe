// @ts-check
// The real app for the benchmark: a built browser host per project, filled through its HTTP API.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Agent } from 'node:http';
import http from 'node:http';

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Starts `node <app>/main/host.js` on a free port (`app`: a built out/ folder, by default the
 * project's); resolves with the printed URL.
 * @param {{ dir: string, name: string, app?: string }} options
 */
export function startHost({ dir, name, app = join(ROOT, 'out') }) {
  mkdirSync(dir, { recursive: true });
  const node = process.execPath;
  const child = spawn(node, [join(app, 'main', 'host.js'), '--project', join(dir, `${name}.tiemark`), '--port', '0', '--data-dir', dir, '--no-open'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d.toString()));
  /** @type {Promise<string>} */
  const ready = new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start in 30 s: ${stderr.trim()}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d.toString();
      const match = /(http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${stderr.trim()}`));
    });
  });
  return {
    child,
    ready,
    stderr: () => stderr,
    /** @returns {Promise<void>} */
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * POST /api/<method> with the token; resolves with the result value or rejects with its error.
 * @param {string} url
 */
export function apiClient(url) {
  const u = new URL(url);
  const token = u.searchParams.get('token');
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  /**
   * @param {string} method
   * @param {unknown} args
   * @returns {Promise<any>}
   */
  const call = (method, args) =>
    new Promise((resolveCall, reject) => {
      const body = Buffer.from(JSON.stringify(args));
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: `/api/${method}`,
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Authorization: `Bearer ${token}`, Host: u.host },
        },
        (res) => {
          /** @type {Buffer[]} */
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            try {
              const result = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              if (result.ok) resolveCall(result.value);
              else reject(new Error(`${method}: ${result.error?.code} ${result.error?.message}`));
            } catch (error) {
              reject(new Error(`${method}: HTTP ${res.statusCode}, bad JSON (${error instanceof Error ? error.message : error})`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}

/**
 * Imports the text and creates the highlights through the API, as the app would. Returns the
 * source id and how many highlights the host moved (snapping) or refused.
 * @param {string} url
 * @param {import('./corpus.mjs').Doc} doc
 * @param {import('./corpus.mjs').Range[]} ranges
 * @param {{ title?: string, concurrency?: number }} [options]
 */
export async function fillProject(url, doc, ranges, { title = 'Benchmark source', concurrency = 4 } = {}) {
  const api = apiClient(url);
  try {
    const report = await api.call('importText', { text: doc.text, title });
    const outcome = report.outcomes?.find((/** @type {{ status: string, source?: { id: string } }} */ o) => o.status === 'imported' && o.source);
    if (!outcome) throw new Error(`import did not create a source: ${JSON.stringify(report).slice(0, 300)}`);
    const source = await api.call('getSource', { id: outcome.source.id });
    if (source.text !== doc.text) throw new Error('the imported text differs from the generated text (offsets would not match)');
    if (source.blocks.length !== doc.paragraphs.length) throw new Error(`import made ${source.blocks.length} blocks, expected ${doc.paragraphs.length}`);
    let next = 0;
    let moved = 0;
    /** @type {string[]} */
    const refused = [];
    const worker = async () => {
      while (next < ranges.length) {
        const r = ranges[next++];
        try {
          const h = await api.call('createHighlight', { sourceId: source.id, start: r.start, end: r.end, color: r.color });
          if (h.start !== r.start || h.end !== r.end) moved++;
        } catch (error) {
          refused.push(error instanceof Error ? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { sourceId: source.id, blocks: source.blocks.length, moved, refused };
  } finally {
    api.close();
  }
}

// @ts-check
// Runs one of the TypeScript benchmark parts (scripts/bench/*.bench-run.ts) under Vitest with
// scripts/bench/vitest.bench.config.ts, and resolves with the rows it wrote to a temporary JSON
// file (whose path it gets in the environment variable `outEnv`). Lines it prints that start with
// `[tag]` are passed to `log`. Reports; never rejects.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * @param {{ file?: string, outEnv: string, tag: string, label: string, quick: boolean, log: (...args: unknown[]) => void }} options
 * @returns {Promise<import('./report.mjs').Row[]>}
 */
export function runBenchPart({ file, outEnv, tag, label, quick, log }) {
  const outFile = join(mkdtempSync(join(tmpdir(), `tiemark-${tag}-out-`)), 'rows.json');
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [vitest, 'run', '--config', 'scripts/bench/vitest.bench.config.ts', '--reporter=dot', ...(file ? [file] : [])];
  return new Promise((resolveRows) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, [outEnv]: outFile, TIEMARK_BENCH_QUICK: quick ? '1' : '0', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const prefix = `[${tag}]`;
    // A line may arrive in two chunks: only whole lines are matched, per stream.
    const reader = () => {
      let partial = '';
      /** @param {Buffer} d */
      return (d) => {
        const text = d.toString();
        output += text;
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const raw of lines) {
          // Vitest may put colour codes before the first line of a test's output.
          const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
          if (line.startsWith(prefix)) log(line.slice(prefix.length + 1));
        }
      };
    };
    child.stdout.on('data', reader());
    child.stderr.on('data', reader());
    child.once('exit', (code) => {
      let rows = [];
      try {
        rows = JSON.parse(readFileSync(outFile, 'utf8'));
      } catch {
        // reported below
      }
      rmSync(dirname(outFile), { recursive: true, force: true });
      if (code !== 0 || rows.length === 0) {
        log(`${label} (vitest) exited with ${code}; its output:\n${output.split('\n').slice(-40).join('\n')}`);
      }
      resolveRows(rows);
    });
  });
}

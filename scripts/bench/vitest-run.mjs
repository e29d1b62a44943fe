// Runs one of the TypeScript benchmark parts (scripts/bench/*.bench-run.ts) under Vitest with
// scripts/bench/vitest.bench.config.ts, and resolves with the rows it wrote to a temporary JSON
// file (whose path it gets in the environment variable `outEnv`). Lines it prints that start with
// `[tag]` are passed to `log`. Reports; never rejects.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

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
    const onData = (d) => {
      const text = d.toString();
      output += text;
      for (const line of text.split('\n')) if (line.startsWith(prefix)) log(line.slice(prefix.length + 1));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
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

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root, from this file's place in src/host/test-support. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built browser host (`npx electron-vite build`; `npm test` builds before the unit tests). */
export const HOST_JS = join(REPO_ROOT, 'out', 'main', 'host.js');
/** The project's own Node (the `node` devDependency), which better-sqlite3 was built for. */
export const NODE = ((): string => {
  const bin = join(REPO_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  return existsSync(bin) ? bin : process.execPath;
})();

export const READY_LINE = /^Tiemark is running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)$/;

export interface Ready {
  line: string;
  port: number;
  token: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One `node out/main/host.js …` process with its output collected. */
export class HostRun {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** Settles on 'close', after all output has arrived. */
  readonly exited: Promise<Exit>;

  /**
   * `fileSizeLimitKb` starts the host under `ulimit -f` (with SIGXFSZ ignored, so a write past
   * the limit fails with EFBIG instead of killing the process): a disk that fills up.
   */
  constructor(args: string[], options: { fileSizeLimitKb?: number } = {}) {
    const [command, argv] =
      options.fileSizeLimitKb === undefined
        ? [NODE, [HOST_JS, ...args]]
        : ['bash', ['-c', `trap '' XFSZ; ulimit -f ${Math.floor(options.fileSizeLimitKb)}; exec "$0" "$@"`, NODE, HOST_JS, ...args]];
    this.child = spawn(command, argv, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TIEMARK_DATA_DIR: '' },
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString('utf8')));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with the first stdout line once it is complete; rejects if the process exits first. */
  ready(timeoutMs = 20_000): Promise<Ready> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`the host printed no ready line in ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      const onData = () => {
        const end = this.stdout.indexOf('\n');
        if (end < 0) return;
        const line = this.stdout.slice(0, end);
        const match = READY_LINE.exec(line);
        done(match ? undefined : new Error(`unexpected first line: ${JSON.stringify(line)}`), match ? { line, port: Number(match[1]), token: match[2] } : undefined);
      };
      const onExit = (code: number | null) => done(new Error(`the host exited (${code}) before it was ready; stderr: ${this.stderr}`));
      const done = (error?: Error, ready?: Ready) => {
        clearTimeout(timer);
        this.child.stdout!.off('data', onData);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolve(ready!);
      };
      this.child.stdout!.on('data', onData);
      this.child.once('exit', onExit);
      onData();
    });
  }

  /** Sends the signal and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Kills the process if a failed test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseJob, type ParseJob, type ParseResult } from './jobs';

/** How long one file may take to read before it is stopped and reported. */
export const PARSE_TIME_LIMIT_MS = 60_000;
/** Memory one worker may use for one file: generous for a 50 MB page, far below the machine's. */
export const PARSE_MEMORY_LIMIT_MB = 3072;

export type Parser = (job: ParseJob) => Promise<ParseResult>;

/** In-process parsing, for tests and tools that do not need isolation; the same code as the worker runs. */
export const inlineParser: Parser = parseJob;

interface Pending {
  id: number;
  resolve(result: ParseResult): void;
  timer: NodeJS.Timeout;
  name: string;
}

/**
 * Workers a batch is read by: two where the machine has four cores or more, else one. The main
 * thread only stores (about 2 ms for a 50 KB article), so a second reader speeds a batch up
 * where a core is free for it; on two cores the window (Chromium or Electron's renderer) needs
 * the second one, and a second reader made the measured batch slower (5.3 s against 6.4 s for
 * 100 files through the browser host, scripts/bench/import.mjs).
 */
export const PARSE_WORKERS = availableParallelism() >= 4 ? 2 : 1;

/**
 * Reads files in worker threads, each file on the first idle worker (files wait their turn in
 * order), so a long batch never blocks the API or the UI, and a second core reads the next file
 * while the first is read. Each worker is a ParserLane: a file that runs past the time limit has
 * its worker terminated; one that runs out of memory takes only its worker down. Either way the
 * file is reported by name and the next one gets a fresh worker. Idle workers are let go after a
 * few seconds.
 */
export class ParserPool {
  private readonly lanes: ParserLane[];
  /** Idle lanes, the last used first (its worker is the likeliest to be running). */
  private readonly idle: ParserLane[];
  /** Files waiting for a lane, in the order they came. */
  private readonly waiting: Array<(lane: ParserLane) => void> = [];

  constructor(workerFile: string, options: LaneOptions & { workers?: number } = {}) {
    this.lanes = Array.from({ length: Math.max(1, options.workers ?? PARSE_WORKERS) }, () => new ParserLane(workerFile, options));
    this.idle = [...this.lanes];
  }

  readonly parse: Parser = async (job) => {
    const lane = this.idle.shift() ?? (await new Promise<ParserLane>((resolve) => this.waiting.push(resolve)));
    try {
      return await lane.runOne(job);
    } finally {
      const next = this.waiting.shift();
      if (next) next(lane);
      else this.idle.unshift(lane);
    }
  };

  /**
   * Starts the workers ahead of a batch (loading the parsers takes most of a second, pdf.js
   * another half) and keeps them for up to a minute while the user picks files. Returns whether
   * a new worker was started.
   */
  warm(): boolean {
    return this.lanes.map((lane) => lane.warm()).some(Boolean);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close()));
  }
}

interface LaneOptions {
  timeLimitMs?: number;
  memoryLimitMb?: number;
  idleMs?: number;
  warmMs?: number;
}

/** One worker thread reading one file at a time (see ParserPool). */
class ParserLane {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly online = new WeakMap<Worker, Promise<void>>();

  constructor(
    private readonly workerFile: string,
    private readonly options: LaneOptions,
  ) {}

  warm(): boolean {
    if (this.worker) return false;
    // Also loads pdf.js, which the worker otherwise loads with the first PDF.
    this.ensureWorker().postMessage({ warm: true });
    this.scheduleIdleClose(this.options.warmMs ?? 60_000);
    return true;
  }

  private scheduleIdleClose(ms: number): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), ms);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  async runOne(job: ParseJob): Promise<ParseResult> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.ensureWorker();
    // The time limit is the file's: a new worker's start-up (loading the parsers) is not counted.
    await this.online.get(worker);
    const name = job.kind === 'file' ? `"${job.fileName}"` : 'The pasted text';
    const limit = this.options.timeLimitMs ?? PARSE_TIME_LIMIT_MS;
    return new Promise<ParseResult>((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.fail(`${name} took longer than ${Math.round(limit / 1000)} s to read and was stopped. It may be damaged or unusually complex; try saving it again, or as plain text.`);
      }, limit);
      this.pending = { id, resolve, timer, name };
      // The bytes are copied, not transferred: the caller's buffer stays usable.
      worker.postMessage({ id, job });
    }).finally(() => {
      this.scheduleIdleClose(this.options.idleMs ?? 5000);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb ?? PARSE_MEMORY_LIMIT_MB },
    });
    worker.unref();
    this.online.set(
      worker,
      new Promise<void>((resolve) => {
        // The worker says "ready" once its parsers are loaded (src/core/import/worker.ts).
        const onReady = (message: { ready?: boolean }) => {
          if (!message.ready) return;
          worker.off('message', onReady);
          resolve();
        };
        worker.on('message', onReady);
        worker.once('exit', () => resolve());
      }),
    );
    worker.on('message', (message: { id: number; result: ParseResult }) => {
      const pending = this.pending;
      if (!pending || pending.id !== message.id) return;
      clearTimeout(pending.timer);
      this.pending = null;
      pending.resolve(message.result);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const name = this.pending?.name ?? 'The file';
      this.fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `${name} needs more memory to read than Tiemark allows (${this.options.memoryLimitMb ?? PARSE_MEMORY_LIMIT_MB} MB) and was stopped. Split it or save it as plain text.`
          : `${name} could not be read: ${error.message}`,
        worker,
        error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too_large' : 'decode_failed',
      );
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(`${this.pending?.name ?? 'The file'} could not be read: the reader stopped unexpectedly.`, worker, 'decode_failed');
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the current job with an error and retires its worker; the next job starts a new one. */
  private fail(message: string, worker: Worker | null = this.worker, code: 'too_large' | 'decode_failed' = 'too_large'): void {
    if (worker && this.worker === worker) {
      this.worker = null;
      void worker.terminate();
    }
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = null;
    pending.resolve({ ok: false, error: { code, message } });
  }
}

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ExportProgress } from '../../shared/api';
import { ApiError } from '../../shared/errors';

/** Who follows an export (the backend's export jobs, src/core/services/exports.ts): told each step, asked whether to stop. */
export interface ExportWatcher {
  report(progress: ExportProgress): void;
  cancelled(): boolean;
  /** Work between two turns of the event loop (default SLICE_MS); 0 takes a turn at every step (tests). */
  sliceMs?: number;
}

/** Longest stretch of export work between two turns of the event loop. */
const SLICE_MS = 25;

/**
 * An export's steps (docs/exports.md, Progress). Each step is reported to the watcher; when
 * more than SLICE_MS of work has passed since the last turn, the export gives the event loop a
 * turn, so that the host answers progress requests (and everything else) while it runs, and
 * stops with `cancelled` when the watcher asks it to. Without a watcher it still takes turns,
 * so a long export never holds the host.
 */
export class Pacer {
  private last = performance.now();
  private readonly slice: number;
  constructor(private readonly watcher?: ExportWatcher) {
    this.slice = watcher?.sliceMs ?? SLICE_MS;
  }

  /** Reports a step without taking a turn (from work that runs off the main thread: a zip's compression). */
  report(stage: ExportProgress['stage'], done: number, total: number): void {
    this.watcher?.report({ stage, done, total });
  }

  async step(stage: ExportProgress['stage'], done: number, total: number): Promise<void> {
    this.report(stage, done, total);
    if (performance.now() - this.last >= this.slice) {
      await nextTurn();
      this.last = performance.now();
    }
    if (this.watcher?.cancelled()) throw new ApiError('cancelled', 'The export was cancelled; no file was written.');
  }
}

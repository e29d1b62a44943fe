import { parentPort } from 'node:worker_threads';
import { parseJob, type ParseJob } from './jobs';
import { preloadPdfJs } from './pdf';

/**
 * The import worker's entry (built to out/main/import-worker.js): one job at a time from the
 * pool (src/core/import/pool.ts), one answer each. It holds no database connection; the pool
 * stops it when a file takes too long, and Node stops it when a file needs too much memory.
 */
parentPort?.on('message', (message: { id: number; job: ParseJob } | { warm: true }) => {
  // Warmed ahead of a batch (the user is still choosing files): load pdf.js now, not with the first PDF.
  if ('warm' in message) return preloadPdfJs();
  void parseJob(message.job).then((result) => parentPort?.postMessage({ id: message.id, result }));
});

// Loaded: the pool starts a file's time limit only from here.
parentPort?.postMessage({ ready: true });

import { parentPort, workerData } from 'node:worker_threads';
import { fullIntegrityCheck } from './damage';

/**
 * The full check's entry (built to out/main/check-worker.js): SQLite's integrity_check and every
 * invariant of src/core/db/damage.ts, on its own read-only connection, off the main thread, once
 * after a project has opened (Backend.startFullCheck). Answers with the result, or an error text.
 */
try {
  parentPort?.postMessage({ result: fullIntegrityCheck(String((workerData as { file: string }).file)) });
} catch (error) {
  parentPort?.postMessage({ error: (error as Error).message });
}

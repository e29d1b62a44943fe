import type { ArchiveImportReport, ArgsOf, ExportedFile, ExportProgress } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { Store } from '../db/store';
import { exportArchive, importArchive } from '../export/archive';
import { exportData } from '../export/data-export';
import { applyMerge, readArchiveForMerge, type ActorDecisions, type ParsedArchive } from '../export/merge';

/**
 * The Exports dialog's methods (docs/exports.md): data exports under the Ties panel's filters,
 * and the project archive out and in. The formats live in src/core/export/.
 */
/**
 * Exports running under a caller's job id (docs/exports.md, Progress): the dialog names its
 * export, then asks how far it is (exportProgress) and may cancel it (cancelExport) while the
 * export call is pending. Over IPC and HTTP alike these are ordinary calls: the export gives the
 * event loop a turn between its steps (src/core/export/progress.ts), so they are answered while
 * it runs. A job is forgotten when its export ends, however it ends.
 */
export class ExportJobs {
  private readonly jobs = new Map<string, { progress: ExportProgress; cancel: boolean }>();
  /** `sliceMs`: how long an export works between turns of the event loop (src/core/export/progress.ts); tests give 0. */
  constructor(private readonly sliceMs?: number) {}

  async run(store: Store, args: ArgsOf<'exportData'>, now?: Date): Promise<ExportedFile> {
    const { jobId, ...filters } = args;
    if (jobId === undefined) return exportData(store, { ...filters, now });
    if (this.jobs.has(jobId)) throw new ApiError('conflict', 'An export with this job id is already running; give each export its own id.', { path: 'jobId' });
    const job = { progress: { stage: 'reading' as const, done: 0, total: 1 } as ExportProgress, cancel: false };
    this.jobs.set(jobId, job);
    try {
      return await exportData(store, { ...filters, now, watcher: { report: (p) => (job.progress = p), cancelled: () => job.cancel, sliceMs: this.sliceMs } });
    } finally {
      this.jobs.delete(jobId);
    }
  }

  progress(jobId: string): ExportProgress | null {
    return this.jobs.get(jobId)?.progress ?? null;
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (job) job.cancel = true;
    return !!job;
  }
}

export function exportArchiveFile(store: Store, appVersion: string, now?: Date): Promise<ExportedFile> {
  return exportArchive(store, { appVersion, now });
}

/** Reads an archive (a file the user chose, as importFiles receives it) into this empty project. */
export function importArchiveFile(store: Store, file: { name: string; dataBase64: string }): Promise<ArchiveImportReport> {
  return importArchive(store, Buffer.from(file.dataBase64, 'base64'), file.name);
}

/** Reads and checks another analyst's archive (nothing written yet). */
export function readMergeArchive(store: Store, file: { name: string; dataBase64: string }): Promise<ParsedArchive> {
  return readArchiveForMerge(store, Buffer.from(file.dataBase64, 'base64'), file.name);
}

/** Merges a read archive into the project; run inside the caller's transaction (one undo step). */
export function mergeArchiveInto(store: Store, archive: ParsedArchive, decisions?: ActorDecisions): ArchiveImportReport {
  return applyMerge(store, archive, decisions);
}

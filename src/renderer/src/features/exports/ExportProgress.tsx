import type { ExportProgress } from '../../../../shared/api';
import { api } from '../../api';

/**
 * Progress of a long export (docs/exports.md, Progress). The dialog names its export with a job
 * id; once the export has run SHOW_AFTER_MS, it asks the backend how far it is every POLL_MS
 * (exportProgress, the same call over IPC and HTTP) until the export answers, and shows a bar
 * with the stage and count and a Cancel button. A short export shows nothing.
 */
export const SHOW_AFTER_MS = 300;
const POLL_MS = 150;

const sleep = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms));

/** A fresh job id for one export. */
export const newJobId = (): string => `export-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * Awaits `pending` (the export call made with `jobId`), telling `onProgress` how far it is from
 * SHOW_AFTER_MS on, and null when it ends, however it ends.
 */
export async function followExport<T>(jobId: string, pending: Promise<T>, onProgress: (progress: ExportProgress | null) => void): Promise<T> {
  let finished = false;
  const follow = async () => {
    await sleep(SHOW_AFTER_MS);
    while (!finished) {
      // A failed poll shows the last state; the export's own answer reports what went wrong.
      const progress = await api.exportProgress({ jobId }).catch(() => undefined);
      if (finished) return;
      // null: the job has just ended (it is registered before the first poll); the bar stays where it was.
      if (progress) onProgress(progress);
      await sleep(POLL_MS);
    }
  };
  void follow();
  try {
    return await pending;
  } finally {
    finished = true;
    onProgress(null);
  }
}

const number = (n: number) => n.toLocaleString('en');

/** "Writing 3,400 of 12,000 sources…": the stage and count in words. */
export function progressText(p: ExportProgress): string {
  if (p.stage === 'reading') return 'Reading the project…';
  if (p.stage === 'packing') return `Compressing ${number(p.done)} of ${number(p.total)} files…`;
  return p.total > 1 ? `Writing ${number(p.done)} of ${number(p.total)} sources…` : 'Writing the file…';
}

/** The whole export as one fraction: reading a tenth, writing most, compressing the rest. */
export function progressFraction(p: ExportProgress): number {
  const part = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  if (p.stage === 'reading') return 0.05;
  if (p.stage === 'writing') return 0.1 + 0.75 * part;
  return 0.85 + 0.15 * part;
}

export function ExportProgressBar({ progress, onCancel }: { progress: ExportProgress; onCancel(): void }) {
  const text = progressText(progress);
  const percent = Math.round(progressFraction(progress) * 100);
  return (
    <div className="exports-progress">
      <progress max={100} value={percent} aria-label="Export progress" aria-valuetext={`${percent}%: ${text}`} />
      <div className="exports-progress-line">
        <span role="status">{text}</span>
        <button type="button" onClick={onCancel}>
          Cancel export
        </button>
      </div>
    </div>
  );
}

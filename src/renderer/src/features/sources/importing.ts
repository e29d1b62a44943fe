import { api, errorMessage } from '../../api';
import type { ImportOutcome, ImportReport } from '../../../../shared/types';

/** Reads a File as base64 without building a giant intermediate string by hand. */
function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error(`Could not read "${file.name}".`));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/**
 * Imports files one at a time so the user sees progress and one bad file cannot sink the
 * batch: each file is its own request and its own transaction.
 */
export async function importFiles(files: File[], onProgress: (text: string | null) => void): Promise<ImportReport> {
  const outcomes: ImportOutcome[] = [];
  for (const [i, file] of files.entries()) {
    onProgress(`Importing ${i + 1} of ${files.length}: ${file.name}`);
    try {
      const report = await api.importFiles({ files: [{ name: file.name, dataBase64: await toBase64(file) }] });
      outcomes.push(...report.outcomes);
    } catch (error) {
      outcomes.push({ name: file.name, status: 'failed', error: { code: 'failed', message: errorMessage(error) } });
    }
  }
  onProgress(null);
  const count = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return { outcomes, imported: count('imported'), duplicates: count('duplicate'), failed: count('failed') };
}

/** Sentences for the user: one summary line plus one line per duplicate or failure. */
export function describeReport(report: ImportReport): { info: string[]; errors: string[] } {
  const info: string[] = [];
  if (report.imported) info.push(`Imported ${report.imported} source${report.imported === 1 ? '' : 's'}.`);
  for (const o of report.outcomes) {
    if (o.status === 'duplicate') info.push(`"${o.name}" is already in this project as “${o.source?.title ?? 'a source'}”; it was not imported again.`);
  }
  const errors = report.outcomes.filter((o) => o.status === 'failed').map((o) => o.error?.message ?? `"${o.name}" could not be imported.`);
  return { info, errors };
}

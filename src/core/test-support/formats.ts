import type { ImportReport, Source } from '../../shared/types';
import type { Backend } from '../backend';
import { policyBriefDocx } from './docx-fixtures';
import { ok } from './fixtures';

/** A real Word file built in code (see docx-fixtures.ts). */
export async function docxFile(): Promise<Uint8Array> {
  return new Uint8Array(await policyBriefDocx());
}

/** The stored sources of a report's imported (or duplicate) outcomes, in order. */
export function imported(backend: Backend, report: ImportReport): Source[] {
  return report.outcomes
    .filter((o) => o.source)
    .map((o) => ok<Source>(backend.dispatch('getSource', { id: o.source!.id })));
}

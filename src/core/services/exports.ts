import type { ArchiveImportReport, ArgsOf, ExportedFile } from '../../shared/api';
import type { Store } from '../db/store';
import { exportArchive, importArchive } from '../export/archive';
import { exportData } from '../export/data-export';
import { applyMerge, readArchiveForMerge, type ActorDecisions, type ParsedArchive } from '../export/merge';

/**
 * The Exports dialog's methods (docs/exports.md): data exports under the Ties panel's filters,
 * and the project archive out and in. The formats live in src/core/export/.
 */
export function exportDataFile(store: Store, args: ArgsOf<'exportData'>, now?: Date): Promise<ExportedFile> {
  return exportData(store, { ...args, now });
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

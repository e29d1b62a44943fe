import { EXPORT_FORMATS, type ExportedFile, type ExportFormat } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { Store } from '../db/store';
import { brat, webAnnotation } from './annotations';
import { actorsCsv, claimsCsv, tiesCsv } from './csv';
import { slug } from './markdown';
import { gephiEdgesCsv, gephiNodesCsv, gexf, graphml, networkModel } from './network';
import { readSnapshot, type ExportFilters, type Snapshot } from './snapshot';
import { uniqueStems, vaultFiles } from './vault';
import { Pacer, type ExportWatcher } from './progress';
import { zipEntries } from './zip-write';

/**
 * Every data export behind one call (the Exports dialog; docs/exports.md). Each format is a pure
 * function of one snapshot of the project (snapshot.ts); this names the file and packs it.
 */
export { EXPORT_FORMATS, type ExportedFile, type ExportFormat };

export interface DataExportOptions extends ExportFilters {
  format: ExportFormat;
  /** The export time (default now): in file names and front matter. */
  now?: Date;
  /** Told each step and asked whether to stop (the export jobs of src/core/services/exports.ts). */
  watcher?: ExportWatcher;
}

export async function exportData(store: Store, options: DataExportOptions): Promise<ExportedFile> {
  const now = options.now ?? new Date();
  const { format } = options;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ApiError('invalid_argument', `"${String(format)}" is not an export format; choose one of ${EXPORT_FORMATS.join(', ')}.`, { path: 'format' });
  }
  const pace = new Pacer(options.watcher);
  await pace.step('reading', 0, 1);
  // Everything is read in one read transaction: one consistent state of the project. The formats
  // are then written from that snapshot in memory, outside it, giving the event loop a turn
  // between sources (progress.ts).
  const snapshot = store.read(() => readSnapshot(store, options));
  // The per-source formats report each source; the others are one step.
  const perSource = format === 'brat' || format === 'markdown-vault';
  if (!perSource) await pace.step('writing', 0, 1);
  const built = await buildFormat(snapshot, format, now, !options.sourceIds?.length, pace);
  if (!perSource) await pace.step('writing', 1, 1);
  const stem = baseName(snapshot, !options.sourceIds?.length, now);
  if ('text' in built) {
    return { fileName: `${stem}-${built.suffix}`, mimeType: built.mimeType, content: built.text, encoding: 'utf8' };
  }
  const total = built.entries.length;
  await pace.step('packing', 0, total);
  let packed = 0;
  const zip = await zipEntries(built.entries, () => pace.report('packing', ++packed, total));
  await pace.step('packing', total, total);
  return { fileName: `${stem}-${built.suffix}`, mimeType: 'application/zip', content: zip.toString('base64'), encoding: 'base64' };
}

type Built = { suffix: string; mimeType: string; text: string } | { suffix: string; entries: Array<[string, string]> };

async function buildFormat(snapshot: Snapshot, format: ExportFormat, now: Date, wholeProject: boolean, pace: Pacer): Promise<Built> {
  switch (format) {
    case 'claims-csv':
      return { suffix: 'claims.csv', mimeType: 'text/csv', text: claimsCsv(snapshot) };
    case 'ties-csv':
      return { suffix: 'ties.csv', mimeType: 'text/csv', text: tiesCsv(snapshot) };
    case 'actors-csv':
      return { suffix: 'actors.csv', mimeType: 'text/csv', text: actorsCsv(snapshot, wholeProject) };
    case 'gexf':
      return { suffix: 'network.gexf', mimeType: 'application/gexf+xml', text: gexf(networkModel(snapshot, wholeProject), snapshot.projectName) };
    case 'graphml':
      return { suffix: 'network.graphml', mimeType: 'application/graphml+xml', text: graphml(networkModel(snapshot, wholeProject)) };
    case 'gephi-csv': {
      const model = networkModel(snapshot, wholeProject);
      return { suffix: 'gephi.zip', entries: [['nodes.csv', gephiNodesCsv(model)], ['edges.csv', gephiEdgesCsv(model)]] };
    }
    case 'web-annotation':
      return { suffix: 'annotations.jsonld', mimeType: 'application/ld+json', text: webAnnotation(snapshot, now) };
    case 'brat': {
      const stems = new Map(uniqueStems(snapshot.sources.map((s) => s.title)).map((stem, i) => [snapshot.sources[i].id, stem]));
      return { suffix: 'brat.zip', entries: (await brat(snapshot, (s) => stems.get(s.id)!, pace)).files };
    }
    case 'markdown-vault':
      return { suffix: 'vault.zip', entries: await vaultFiles(snapshot, now, pace) };
  }
}

/** `my-project-2026-12-02`, or the source's title when exactly one source was chosen. */
function baseName(snapshot: Snapshot, wholeProject: boolean, now: Date): string {
  const day = now.toISOString().slice(0, 10);
  if (!wholeProject && snapshot.sources.length === 1) return slug(snapshot.sources[0].title);
  return `${slug(snapshot.projectName)}-${day}`;
}

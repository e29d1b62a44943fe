import { EXPORT_FORMATS, type ExportedFile, type ExportFormat } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import type { Store } from '../db/store';
import { brat, webAnnotation } from './annotations';
import { actorsCsv, claimsCsv, tiesCsv } from './csv';
import { slug } from './markdown';
import { gephiEdgesCsv, gephiNodesCsv, gexf, graphml, networkModel } from './network';
import { readSnapshot, type ExportFilters, type Snapshot } from './snapshot';
import { uniqueStems, vaultFiles } from './vault';
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
}

export async function exportData(store: Store, options: DataExportOptions): Promise<ExportedFile> {
  const now = options.now ?? new Date();
  const { format } = options;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ApiError('invalid_argument', `"${String(format)}" is not an export format; choose one of ${EXPORT_FORMATS.join(', ')}.`, { path: 'format' });
  }
  // Everything is read in one read transaction: one consistent state of the project.
  const built = store.read(() => {
    const snapshot = readSnapshot(store, options);
    return { snapshot, ...buildFormat(store, snapshot, format, now, !options.sourceIds?.length) };
  });
  const stem = baseName(built.snapshot, !options.sourceIds?.length, now);
  if ('text' in built) {
    return { fileName: `${stem}-${built.suffix}`, mimeType: built.mimeType, content: built.text, encoding: 'utf8' };
  }
  const zip = await zipEntries(built.entries);
  return { fileName: `${stem}-${built.suffix}`, mimeType: 'application/zip', content: zip.toString('base64'), encoding: 'base64' };
}

type Built = { suffix: string; mimeType: string; text: string } | { suffix: string; entries: Array<[string, string]> };

function buildFormat(store: Store, snapshot: Snapshot, format: ExportFormat, now: Date, wholeProject: boolean): Built {
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
      return { suffix: 'brat.zip', entries: brat(snapshot, (s) => stems.get(s.id)!).files };
    }
    case 'markdown-vault':
      return { suffix: 'vault.zip', entries: vaultFiles(snapshot, now) };
  }
}

/** `my-project-2026-12-02`, or the source's title when exactly one source was chosen. */
function baseName(snapshot: Snapshot, wholeProject: boolean, now: Date): string {
  const day = now.toISOString().slice(0, 10);
  if (!wholeProject && snapshot.sources.length === 1) return slug(snapshot.sources[0].title);
  return `${slug(snapshot.projectName)}-${day}`;
}

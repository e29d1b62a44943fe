import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../shared/types';
import type { Store } from './db/store';
import { importFile } from './import/importer';
import { insertHighlight } from './services/highlights';
import { getSourceText } from './services/sources';

interface Manifest {
  articles: Array<{ file: string; highlights: Array<{ quote: string; color?: string }> }>;
}

/**
 * Fills a new project with the bundled sample articles and their example highlights, so a
 * first-time user sees at once what a highlighted source looks like. Runs inside the caller's
 * transaction: a project is seeded completely or not at all.
 */
export function seedSamples(store: Store, samplesDir: string): void {
  const manifest = JSON.parse(readFileSync(join(samplesDir, 'manifest.json'), 'utf8')) as Manifest;
  for (const article of manifest.articles) {
    const outcome = importFile(store, article.file, readFileSync(join(samplesDir, article.file)));
    if (outcome.status !== 'imported' || !outcome.source) {
      throw new Error(`sample ${article.file} did not import: ${outcome.error?.message ?? outcome.status}`);
    }
    const text = getSourceText(store, outcome.source.id);
    for (const { quote, color } of article.highlights) {
      const start = text.indexOf(quote);
      if (start < 0) throw new Error(`sample highlight not found in ${article.file}: ${quote.slice(0, 40)}`);
      const known = HIGHLIGHT_COLORS.includes(color as HighlightColor) ? (color as HighlightColor) : 'yellow';
      insertHighlight(store, { sourceId: outcome.source.id, start, end: start + quote.length, color: known });
    }
  }
}

import { describe, expect, it } from 'vitest';
import type { Highlight, ImportReport, Source } from '../../shared/types';
import { exportMarkdown } from '../export/markdown';
import { importBytes, ok, useTempDirs } from '../test-support/fixtures';
import { articlePdf } from '../test-support/pdf-fixtures';

const temp = useTempDirs();

describe('a PDF from import to export', () => {
  it('keeps a highlight across a page break as one passage, and cites its pages in the export', async () => {
    const backend = temp.backend();
    const { bytes, truth } = await articlePdf();
    const report: ImportReport = await importBytes(backend, 'shadow-war.pdf', bytes);
    const source = ok<Source>(backend.dispatch('getSource', { id: report.outcomes[0].source!.id }));
    expect(source.pageStarts).toHaveLength(truth.pageCount);

    // The paragraph printed across pages `from` and `from + 1` is one block; highlight it whole.
    const start = source.text.indexOf(truth.crossPage.text);
    expect(start).toBeGreaterThanOrEqual(0);
    const highlight = ok<Highlight>(backend.dispatch('createHighlight', { sourceId: source.id, start, end: start + truth.crossPage.text.length }));
    const { from } = truth.crossPage;
    const { content } = exportMarkdown(backend.store, { sourceId: source.id });
    expect(content).toContain(`- **Page:** pp. ${from}–${from + 1}`);
    // The exact quote comes back, one line of the block quote.
    expect(content).toContain(`> ${highlight.exact}`);
  });
});

import { describe, expect, it } from 'vitest';
import type { SourceAnnotations } from '../../shared/api';
import type { Actor } from '../../shared/annotations';
import { fromSpanColumns, type SpanColumns } from '../../shared/spans';
import type { AnchorReviewItem, Highlight, Source, TextUpdateReport } from '../../shared/types';
import type { Backend } from '../backend';
import { contentDigest, ok, pasteSource, refused, useTempDirs, utf8 } from '../test-support/fixtures';

const temp = useTempDirs();

const P1 = 'Russia has supplied air defence systems to Syria since the civil war began in earnest.';
const P2 = 'Iran trains militia officers near Damascus, according to several regional officials.';
const P3 = 'Hezbollah fighters were seen in Aleppo during the winter offensive of that year.';
const P4 = 'The Houthis announced new restrictions on shipping in the Red Sea in the spring.';
const ORIGINAL = ['Axis notes', P1, P2, P3, P4].join('\n\n');

function project() {
  const backend = temp.backend();
  const source = pasteSource(backend, ORIGINAL, 'Axis notes');
  const call = <T>(method: string, args: unknown) => ok<T>(backend.dispatch(method, args));
  const highlight = (quote: string) => {
    const start = source.text.indexOf(quote);
    return call<Highlight>('createHighlight', { sourceId: source.id, start, end: start + quote.length });
  };
  return { backend, source, call, highlight };
}

const update = async (backend: Backend, id: string, text: string) => ok<TextUpdateReport>(await backend.dispatch('updateSourceText', { id, text }));

describe('updating a source from a new version', () => {
  it('moves highlights whose text is found, sends changed ones to review and keeps lost ones as orphaned', async () => {
    const { backend, source, call, highlight } = project();
    const moved = highlight('supplied air defence systems');
    const changed = highlight('trains militia officers near Damascus');
    const lost = highlight('Hezbollah fighters were seen in Aleppo');
    const iran = call<Actor>('createActor', { name: 'Hezbollah', kind: 'armed-group' });
    call('tagHighlight', { highlightId: lost.id, actorId: iran.id });

    const revised = [
      'Axis notes (revised)',
      `Editor's note: this article was corrected on 3 May. ${P1}`,
      'Iran trained militia commanders near Damascus, according to several regional officials.',
      P4,
    ].join('\n\n');
    const report = await update(backend, source.id, revised);
    expect(report).toMatchObject({ moved: 1, review: 1, orphaned: 1, kept: 0 });

    const now = call<Source>('getSource', { id: source.id });
    expect(now.text).toBe(revised);
    // Only the highlight found with certainty is painted, on exactly its words.
    const spans = fromSpanColumns(call<SpanColumns>('listHighlightSpans', { sourceId: source.id }));
    expect(spans.map((s) => s.id)).toEqual([moved.id]);
    expect(now.text.slice(spans[0].start, spans[0].end)).toBe('supplied air defence systems');

    const review = call<AnchorReviewItem[]>('listAnchorReview', { sourceId: source.id });
    const byId = new Map(review.map((r) => [r.id, r]));
    expect(byId.get(changed.id)).toMatchObject({ anchor: 'review', exact: 'trains militia officers near Damascus' });
    expect(byId.get(changed.id)?.candidate?.text).toContain('militia');
    expect(byId.get(lost.id)).toMatchObject({ anchor: 'orphaned', exact: 'Hezbollah fighters were seen in Aleppo', candidate: null });
    // The orphaned highlight keeps its tag until the user decides.
    const { tags } = call<SourceAnnotations>('listAnnotations', { sourceId: source.id });
    expect(tags).toContainEqual({ highlightId: lost.id, actorId: iran.id });
    // The previous text is kept as a version.
    const versions = backend.store.db.prepare('SELECT text FROM source_versions WHERE source_id = ?').pluck().all(source.id);
    expect(versions).toEqual([ORIGINAL]);
  });

  it('is one undoable step: undo brings back the text, the offsets and the quotes exactly', async () => {
    const { backend, source, call, highlight } = project();
    highlight('supplied air defence systems');
    highlight('Hezbollah fighters were seen in Aleppo');
    const before = contentDigest(backend.store.db);
    await update(backend, source.id, `Preface.\n\n${ORIGINAL}`);
    const after = contentDigest(backend.store.db);
    expect(after).not.toBe(before);
    expect(call<{ label: string }>('undo', {}).label).toBe('Update text');
    expect(contentDigest(backend.store.db)).toBe(before);
    call('redo', {});
    expect(contentDigest(backend.store.db)).toBe(after);
  });

  it('accepts a candidate, or moves a highlight to the passage the user selected', async () => {
    const { backend, source, call, highlight } = project();
    const changed = highlight('trains militia officers near Damascus');
    const lost = highlight('Hezbollah fighters were seen in Aleppo');
    const revised = [P1, 'Iran trained militia commanders near Damascus, according to several regional officials.', P4, 'Fighters from Lebanon reached Aleppo.'].join('\n\n');
    await update(backend, source.id, revised);

    const accepted = call<Highlight>('resolveAnchor', { id: changed.id, action: 'accept' });
    expect(accepted.exact).toContain('militia');
    expect(refused(backend.dispatch('resolveAnchor', { id: lost.id, action: 'accept' })).code).toBe('invalid_argument');
    const start = revised.indexOf('Fighters from Lebanon');
    const placed = call<Highlight>('resolveAnchor', { id: lost.id, action: 'move', start, end: start + 'Fighters from Lebanon reached Aleppo'.length });
    expect(placed.exact).toBe('Fighters from Lebanon reached Aleppo');
    expect(call<AnchorReviewItem[]>('listAnchorReview', { sourceId: source.id })).toEqual([]);
    expect(fromSpanColumns(call<SpanColumns>('listHighlightSpans', { sourceId: source.id }))).toHaveLength(2);
    // Each decision is its own undo step.
    expect(call<{ label: string }>('undo', {}).label).toBe('Move highlight');
    expect(call<AnchorReviewItem[]>('listAnchorReview', { sourceId: source.id }).map((r) => r.id)).toEqual([lost.id]);
  });

  it('updates from a file through the same readers as import', async () => {
    const { backend, source, call, highlight } = project();
    highlight('supplied air defence systems');
    const page = `<html><body><article><h1>Axis notes</h1><p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${P4}</p><p>Updated on 4 May with a correction from the ministry.</p></article></body></html>`;
    const report = ok<TextUpdateReport>(
      await backend.dispatch('updateSourceText', { id: source.id, file: { name: 'axis.html', dataBase64: Buffer.from(utf8(page)).toString('base64') } }),
    );
    expect(report.moved + report.kept).toBe(1);
    expect(call<Source>('getSource', { id: source.id }).format).toBe('html');
  });

  it('refuses the same text, another source\'s text, or no text, and changes nothing', async () => {
    const { backend, source } = project();
    const other = pasteSource(backend, 'A different article about Wagner in Mali.');
    const before = contentDigest(backend.store.db);
    expect(refused(await backend.dispatch('updateSourceText', { id: source.id, text: ORIGINAL })).code).toBe('duplicate');
    expect(refused(await backend.dispatch('updateSourceText', { id: source.id, text: other.text })).message).toContain('already in this project');
    expect(refused(await backend.dispatch('updateSourceText', { id: source.id, text: '   ' })).code).toBe('empty_source');
    expect(refused(await backend.dispatch('updateSourceText', { id: source.id })).code).toBe('invalid_argument');
    expect(refused(await backend.dispatch('updateSourceText', { id: 'nope', text: 'x' })).code).toBe('not_found');
    expect(contentDigest(backend.store.db)).toBe(before);
  });
});

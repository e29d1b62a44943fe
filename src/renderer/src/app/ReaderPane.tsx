import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { FindBar } from '../features/search/FindBar';
import { findAll, foldForFind } from '../features/search/find';
import { Reader, type FindMatches } from '../reader/Reader';
import { useWorkspace, useWorkspaceController } from './useWorkspace';

/** The centre pane: the open source's header (title, details, its commands), the find bar when open, and the reader. */
export function ReaderPane({ textSize, changeTextSize }: { textSize: number; changeTextSize(step: -1 | 1): void }) {
  const ws = useWorkspaceController();
  const source = useWorkspace((s) => s.source);
  const sources = useWorkspace((s) => s.sources);
  const highlights = useWorkspace((s) => s.highlights);
  const selectedId = useWorkspace((s) => s.selectedId);
  const jump = useWorkspace((s) => s.jump);
  // The hover card reads the annotations at the moment it is shown.
  const describe = useCallback((id: string) => ws.describeHighlight(id), [ws]);
  const onSelectionChange = useCallback((range: Parameters<typeof ws.setSelection>[0], rect: DOMRect | null) => ws.setSelection(range, rect), [ws]);
  const summary = source ? (sources.find((s) => s.id === source.id) ?? source) : null;
  const run = (id: string) => void ws.registry.run(id);

  // Find in this source: the text is folded once per source while the bar is open (find.ts).
  const find = useSyncExternalStore(ws.find.subscribe, () => ws.find.state);
  const text = source?.text ?? '';
  const folded = useMemo(() => (find.open ? foldForFind(text) : null), [find.open, text]);
  const matches = useMemo(() => (folded ? findAll(text, find.query, folded) : []), [folded, text, find.query]);
  const current = matches.length > 0 ? Math.min(find.current, matches.length - 1) : -1;
  const findMatches = useMemo<FindMatches | null>(() => (find.open ? { matches, current, reveal: find.reveal } : null), [find.open, matches, current, find.reveal]);

  return (
    <section className="reader" aria-label="Reader" style={{ ['--reader-scale' as string]: textSize }}>
      {source && summary ? (
        <>
          <header className="reader-header">
            <div className="reader-meta">
              <span className="reader-title">{summary.title}</span>
              <span className="source-meta">{[summary.authors.join(', '), summary.outlet, summary.publishedAt].filter(Boolean).join(' · ')}</span>
            </div>
            <div className="pane-actions">
              <button type="button" title="Smaller text" onClick={() => changeTextSize(-1)}>
                A−<span className="sr-only"> smaller text</span>
              </button>
              <button type="button" title="Larger text" onClick={() => changeTextSize(1)}>
                A+<span className="sr-only"> larger text</span>
              </button>
              <button type="button" onClick={() => run('export-source')} title="Export this source's highlights, ties and notes as Markdown">
                Export
              </button>
              <button type="button" onClick={() => run('details')}>
                Details…
              </button>
              <button type="button" onClick={() => run('update-text')} title="Replace the text with a newer version; highlights follow their words">
                Update text…
              </button>
              <button type="button" onClick={() => run('delete-source')}>
                Delete…
              </button>
            </div>
          </header>
          {find.open && <FindBar store={ws.find} query={find.query} count={matches.length} current={current} />}
          <Reader
            source={source}
            highlights={highlights}
            selectedId={selectedId}
            jump={jump}
            onSelectHighlight={ws.selectHighlight}
            onSelectionAction={(action, range, rect) => void ws.act(action, range, rect)}
            onSelectionChange={onSelectionChange}
            describe={describe}
            find={findMatches}
          />
        </>
      ) : (
        <div className="empty reader-empty">
          <p>Open a source on the left, or import one to start reading.</p>
        </div>
      )}
    </section>
  );
}

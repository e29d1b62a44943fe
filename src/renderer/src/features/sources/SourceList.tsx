import { memo, useCallback, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { SourceSummary } from '../../../../shared/types';

interface Props {
  sources: SourceSummary[];
  openId: string | null;
  onOpen(id: string): void;
  onImport(): void;
  onPaste(): void;
  /** The import progress list, shown under the header while a batch runs. */
  progress?: ReactNode;
}

export function SourceList({ sources, openId, onOpen, onImport, onPaste, progress }: Props) {
  // The rows get one callback for good, so a re-render of the app (a list refresh every few
  // hundred milliseconds during an import batch) re-renders only the rows whose source changed.
  const openRef = useRef(onOpen);
  useLayoutEffect(() => {
    openRef.current = onOpen;
  });
  const open = useCallback((id: string) => openRef.current(id), []);
  return (
    <section className="sources" aria-label="Sources">
      <header className="pane-header">
        <h2>Sources</h2>
        <div className="pane-actions">
          <button type="button" onClick={onPaste} title="Paste text as a new source">
            Paste…
          </button>
          <button type="button" className="primary" onClick={onImport} title="Import web pages, PDFs, Word files, Markdown or text (you can also drop them on the window)">
            Import...
          </button>
        </div>
      </header>
      {progress}
      {sources.length === 0 ? (
        <p className="empty">No sources yet. Import a file, drop one here, or paste text.</p>
      ) : (
        <ul className="source-list">
          {sources.map((s) => (
            <SourceRow key={s.id} source={s} current={s.id === openId} onOpen={open} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One source; re-rendered only when what it shows changed (a refresh brings new but equal objects). */
const SourceRow = memo(
  function SourceRow({ source: s, current, onOpen }: { source: SourceSummary; current: boolean; onOpen(id: string): void }) {
    return (
      <li>
        <button type="button" className="source-item" aria-current={current ? 'true' : undefined} onClick={() => onOpen(s.id)}>
          <span className="source-title">{s.title}</span>
          <span className="source-meta">{[s.outlet, s.publishedAt].filter(Boolean).join(' · ') || formatLabel(s)}</span>
          <span className="badge" aria-label={`${s.highlightCount} highlights`}>
            {s.highlightCount}
          </span>
        </button>
      </li>
    );
  },
  (a, b) =>
    a.current === b.current &&
    a.onOpen === b.onOpen &&
    (a.source === b.source ||
      (a.source.id === b.source.id &&
        a.source.title === b.source.title &&
        a.source.outlet === b.source.outlet &&
        a.source.publishedAt === b.source.publishedAt &&
        a.source.format === b.source.format &&
        a.source.fileName === b.source.fileName &&
        a.source.highlightCount === b.source.highlightCount)),
);

const formatLabel = (s: SourceSummary) => (s.format === 'pasted' ? 'Pasted text' : s.fileName);

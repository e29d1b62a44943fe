import type { ReactNode } from 'react';
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
            <li key={s.id}>
              <button
                type="button"
                className="source-item"
                aria-current={s.id === openId ? 'true' : undefined}
                onClick={() => onOpen(s.id)}
              >
                <span className="source-title">{s.title}</span>
                <span className="source-meta">
                  {[s.outlet, s.publishedAt].filter(Boolean).join(' · ') || formatLabel(s)}
                </span>
                <span className="badge" aria-label={`${s.highlightCount} highlights`}>
                  {s.highlightCount}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const formatLabel = (s: SourceSummary) => (s.format === 'pasted' ? 'Pasted text' : s.fileName);

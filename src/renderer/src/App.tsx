import { useCallback, useEffect, useRef, useState } from 'react';
import type { MetadataPatch } from '../../shared/api';
import type { Highlight, HighlightColor, ImportReport, ProjectInfo, Source, SourceSummary } from '../../shared/types';
import { api, errorMessage, nativeImport, onShellChange } from './api';
import { HighlightList } from './features/highlights/HighlightList';
import { describeReport, importFiles } from './features/sources/importing';
import { MetadataDialog } from './features/sources/MetadataDialog';
import { PasteDialog } from './features/sources/PasteDialog';
import { SourceList } from './features/sources/SourceList';
import { Reader, type JumpRequest, type TextRange } from './reader/Reader';
import { Dialog } from './ui/Dialog';
import { Panes } from './ui/Panes';
import { Toasts, type Toast } from './ui/Toasts';
import { useTheme, useTextSize } from './ui/preferences';

type Modal = { kind: 'paste'; text: string } | { kind: 'metadata' } | { kind: 'delete-source' } | null;

const ACCEPT = '.txt,.text,.md,.markdown,.mdown';

export function App() {
  const [project, setProject] = useState<ProjectInfo | null>(null);
  const [sources, setSources] = useState<SourceSummary[]>([]);
  const [source, setSource] = useState<Source | null>(null);
  const [highlights, setHighlights] = useState<Highlight[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [jump, setJump] = useState<JumpRequest | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [modal, setModal] = useState<Modal>(null);
  const [importing, setImporting] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const selectionRef = useRef<TextRange | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { theme, toggleTheme } = useTheme();
  const { textSize, changeTextSize } = useTextSize();

  const say = useCallback((kind: Toast['kind'], text: string) => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list.slice(-4), { id, kind, text }]);
    if (kind === 'info') window.setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), 6000);
  }, []);
  const fail = useCallback((error: unknown) => say('error', errorMessage(error)), [say]);

  const refreshSources = useCallback(async () => {
    const [info, list] = await Promise.all([api.projectInfo({}), api.listSources({})]);
    setProject(info);
    setSources(list);
    return list;
  }, []);

  const openSource = useCallback(
    async (id: string, focusHighlight?: string) => {
      try {
        const [full, list] = await Promise.all([api.getSource({ id }), api.listHighlights({ sourceId: id })]);
        setSource(full);
        setHighlights(list);
        setSelectedId(focusHighlight ?? null);
        localStorage.setItem('tiemark-open-source', id);
      } catch (error) {
        fail(error);
      }
    },
    [fail],
  );

  const loadProject = useCallback(async () => {
    try {
      const list = await refreshSources();
      setLoadError(null);
      const remembered = localStorage.getItem('tiemark-open-source');
      const first = list.find((s) => s.id === remembered) ?? list[0];
      if (first) await openSource(first.id);
      else {
        setSource(null);
        setHighlights([]);
      }
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, [refreshSources, openSource]);

  useEffect(() => {
    // loadProject sets state only after awaiting the backend, never synchronously.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void loadProject();
    return onShellChange((change) => {
      if (change.kind === 'project-opened') void loadProject();
      else void refreshSources();
    });
  }, [loadProject, refreshSources]);

  // Keep the badge counts in step with the open source's highlights.
  const bumpCount = (sourceId: string, delta: number) =>
    setSources((list) => list.map((s) => (s.id === sourceId ? { ...s, highlightCount: s.highlightCount + delta } : s)));

  const createHighlight = useCallback(
    async (range: TextRange) => {
      if (!source) return;
      try {
        const created = await api.createHighlight({ sourceId: source.id, start: range.start, end: range.end });
        setHighlights((list) => [...list, created].sort((a, b) => a.start - b.start || b.end - a.end));
        setSelectedId(created.id);
        bumpCount(source.id, 1);
      } catch (error) {
        fail(error);
      }
    },
    [source, fail],
  );

  const deleteHighlight = useCallback(
    async (id: string) => {
      if (!source) return;
      try {
        await api.deleteHighlight({ id });
        setHighlights((list) => list.filter((h) => h.id !== id));
        setSelectedId((current) => (current === id ? null : current));
        bumpCount(source.id, -1);
        say('info', 'Highlight deleted.');
      } catch (error) {
        fail(error);
      }
    },
    [source, fail, say],
  );

  const recolor = async (id: string, color: HighlightColor) => {
    try {
      const updated = await api.updateHighlight({ id, color });
      setHighlights((list) => list.map((h) => (h.id === id ? updated : h)));
    } catch (error) {
      fail(error);
    }
  };

  const afterImport = useCallback(
    async (report: ImportReport | null) => {
      if (!report) return;
      const { info, errors } = describeReport(report);
      info.forEach((line) => say('info', line));
      errors.forEach((line) => say('error', line));
      await refreshSources();
      const first = report.outcomes.find((o) => o.status === 'imported' && o.source);
      if (first?.source) await openSource(first.source.id);
    },
    [refreshSources, openSource, say],
  );

  const importChosenFiles = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return;
      await afterImport(await importFiles(files, setImporting));
    },
    [afterImport],
  );

  const startImport = () => {
    if (nativeImport) nativeImport().then(afterImport, fail);
    else fileInput.current?.click();
  };

  const pasteSource = async (text: string, title: string) => {
    setModal(null);
    try {
      await afterImport(await api.importText({ text, title: title || undefined }));
    } catch (error) {
      fail(error);
    }
  };

  const saveMetadata = async (patch: MetadataPatch) => {
    if (!source) return;
    try {
      const updated = await api.updateSource({ id: source.id, patch });
      setSource({ ...source, ...updated });
      setSources((list) => list.map((s) => (s.id === updated.id ? updated : s)));
      setModal(null);
    } catch (error) {
      fail(error);
    }
  };

  const deleteSource = async () => {
    if (!source) return;
    try {
      await api.deleteSource({ id: source.id });
      setModal(null);
      say('info', `Deleted “${source.title}”.`);
      setSource(null);
      setHighlights([]);
      const list = await refreshSources();
      if (list[0]) await openSource(list[0].id);
    } catch (error) {
      fail(error);
    }
  };

  const selectHighlight = (id: string | null, scroll = false) => {
    setSelectedId(id);
    if (id && scroll) setJump({ highlightId: id, nonce: Date.now() });
  };

  // Keyboard paths for the reader. Ignored while typing in a field or a dialog is open.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (modal || target.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'h' && selectionRef.current) {
        event.preventDefault();
        const range = selectionRef.current;
        window.getSelection()?.removeAllRanges();
        selectionRef.current = null;
        void createHighlight(range);
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && selectedId) {
        event.preventDefault();
        void deleteHighlight(selectedId);
      } else if (event.key === 'Escape') {
        window.getSelection()?.removeAllRanges();
        setSelectedId(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modal, selectedId, createHighlight, deleteHighlight]);

  // Paste outside any field: offer it as a new source.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement;
      if (modal || target.closest('input, textarea, [contenteditable="true"], dialog')) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (text.trim()) {
        event.preventDefault();
        setModal({ kind: 'paste', text });
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [modal]);

  const onSelectionChange = useCallback((range: TextRange | null) => {
    selectionRef.current = range;
  }, []);

  const openSummary = source ? sources.find((s) => s.id === source.id) ?? source : null;

  return (
    <div
      className="app"
      data-theme={theme}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target || !e.relatedTarget) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void importChosenFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <header className="topbar">
        <span className="brand">Tiemark</span>
        <span className="project-name" title={project?.path}>
          {project?.name ?? ''}
        </span>
        <span className="spacer" />
        <button type="button" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </header>
      {loadError ? (
        <main className="load-error" role="alert">
          <h1>Tiemark could not load the project</h1>
          <p>{loadError}</p>
          <button type="button" onClick={() => void loadProject()}>
            Try again
          </button>
        </main>
      ) : (
        <Panes
          left={
            <SourceList
              sources={sources}
              openId={source?.id ?? null}
              onOpen={(id) => void openSource(id)}
              onImport={startImport}
              onPaste={() => setModal({ kind: 'paste', text: '' })}
              importing={importing}
            />
          }
          center={
            <section className="reader" aria-label="Reader" style={{ ['--reader-scale' as string]: textSize }}>
              {source && openSummary ? (
                <>
                  <header className="reader-header">
                    <div className="reader-meta">
                      <span className="reader-title">{openSummary.title}</span>
                      <span className="source-meta">
                        {[openSummary.authors.join(', '), openSummary.outlet, openSummary.publishedAt].filter(Boolean).join(' · ')}
                      </span>
                    </div>
                    <div className="pane-actions">
                      <button type="button" title="Smaller text" onClick={() => changeTextSize(-1)}>
                        A−<span className="sr-only"> smaller text</span>
                      </button>
                      <button type="button" title="Larger text" onClick={() => changeTextSize(1)}>
                        A+<span className="sr-only"> larger text</span>
                      </button>
                      <button type="button" onClick={() => setModal({ kind: 'metadata' })}>
                        Details…
                      </button>
                      <button type="button" onClick={() => setModal({ kind: 'delete-source' })}>
                        Delete…
                      </button>
                    </div>
                  </header>
                  <Reader
                    source={source}
                    highlights={highlights}
                    selectedId={selectedId}
                    jump={jump}
                    onSelectHighlight={(id) => selectHighlight(id)}
                    onHighlight={(range) => void createHighlight(range)}
                    onSelectionChange={onSelectionChange}
                  />
                </>
              ) : (
                <div className="empty reader-empty">
                  <p>Open a source on the left, or import one to start reading.</p>
                </div>
              )}
            </section>
          }
          right={
            <section className="side-panel" aria-label="Side panel">
              <div role="tablist" aria-label="Side panel views" className="tabs">
                <button type="button" role="tab" aria-selected="true" id="tab-highlights" aria-controls="panel-highlights">
                  Highlights {highlights.length > 0 && <span className="badge">{highlights.length}</span>}
                </button>
              </div>
              <div role="tabpanel" id="panel-highlights" aria-labelledby="tab-highlights" className="tab-panel">
                {source && (
                  <HighlightList
                    highlights={highlights}
                    selectedId={selectedId}
                    onSelect={(id) => selectHighlight(id, true)}
                    onDelete={(id) => void deleteHighlight(id)}
                    onRecolor={(id, color) => void recolor(id, color)}
                  />
                )}
              </div>
            </section>
          }
        />
      )}
      <input
        ref={fileInput}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        aria-label="Choose files to import"
        data-testid="import-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          void importChosenFiles(files);
        }}
      />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop .txt or .md files to import them
        </div>
      )}
      {modal?.kind === 'paste' && <PasteDialog initialText={modal.text} onSubmit={(t, title) => void pasteSource(t, title)} onClose={() => setModal(null)} />}
      {modal?.kind === 'metadata' && openSummary && <MetadataDialog source={openSummary} onSubmit={(p) => void saveMetadata(p)} onClose={() => setModal(null)} />}
      {modal?.kind === 'delete-source' && source && (
        <Dialog title="Delete this source?" submitLabel="Delete source" danger onSubmit={() => void deleteSource()} onClose={() => setModal(null)}>
          <p>
            “{source.title}” and its {highlights.length} highlight{highlights.length === 1 ? '' : 's'} will be removed from this project.
          </p>
        </Dialog>
      )}
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((list) => list.filter((t) => t.id !== id))} />
    </div>
  );
}

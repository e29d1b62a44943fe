import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api, nativeImport, onShellChange, saveTextFile } from './api';
import { parseTiemarkLink } from '../../shared/links';
import { prefetchNoteEditor } from './features/notes/lazyNoteEditor';
import { flushOpenNotes, shownNote } from './features/notes/openEditors';
import { whenIdle } from './ui/idle';
import { ImportProgress } from './features/sources/ImportProgress';
import { fileToBase64, prepareImport } from './features/sources/importing';
import { SourceList } from './features/sources/SourceList';
import { FontWarmup } from './ui/FontWarmup';
import { Panes } from './ui/Panes';
import { Toasts, type Toast } from './ui/Toasts';
import { loadPreferences, onPreferencesError, updatePreferences, useTextSize, useTheme } from './ui/preferences';
import { KeyBuffer } from './app/commands';
import { Messages } from './app/messages';
import { ACCEPT, Modals, RESTORED_KEY } from './app/Modals';
import { ReaderPane } from './app/ReaderPane';
import { SidePanel } from './app/SidePanel';
import { TopBar } from './app/TopBar';
import { useWorkspace, WorkspaceContext } from './app/useWorkspace';
import { Workspace } from './app/workspace';
import { workspaceCommands } from './app/workspaceCommands';

/** The network view and its graph libraries load when it is first opened, not with the window. */
const NetworkView = lazy(() => import('./features/network/NetworkView').then((m) => ({ default: m.NetworkView })));

/**
 * The window's layout. State and actions live in the workspace controller
 * (src/renderer/src/app/workspace.ts); the panes subscribe to the slices they draw. What stays
 * here is what belongs to the page: the keyboard, paste, drag and drop, and the desktop shell's
 * menu commands, all routed to the one command registry.
 */

/** A restore reloads the page (every view re-reads the restored project); say so once it is back. */
function restoredMessage(): Array<Omit<Toast, 'id'>> {
  const restored = sessionStorage.getItem(RESTORED_KEY);
  if (!restored) return [];
  sessionStorage.removeItem(RESTORED_KEY);
  return [{ kind: 'info', text: `Restored the backup from ${restored}. The state before it was kept as a backup.` }];
}

const isEditable = (el: Element | null) => !!el?.closest('input, textarea, select, [contenteditable="true"], dialog, .note-editor');
/** A field that keys typed ahead can go into (see KeyBuffer). */
const isTextField = (el: Element) => !!el.closest('input:not([type=checkbox]):not([type=radio]):not([type=file]), textarea, [contenteditable="true"]');

/** Undo/redo inside the focused field: Lexical listens for history input events; plain fields use the browser's. */
function fieldHistory(command: 'undo' | 'redo'): void {
  const el = document.activeElement;
  if (el?.closest('[contenteditable="true"]')) {
    el.dispatchEvent(new InputEvent('beforeinput', { inputType: command === 'undo' ? 'historyUndo' : 'historyRedo', bubbles: true, cancelable: true }));
  } else document.execCommand(command);
}

export function createWorkspace(): Workspace {
  return new Workspace({
    api,
    messages: new Messages(restoredMessage()),
    clearSelection: () => window.getSelection()?.removeAllRanges(),
    flushNotes: flushOpenNotes,
    shownNote,
    saveTextFile: (name, content) => saveTextFile(name, content),
    copyRichText: (html, text) =>
      navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) })]),
    loadPreferences,
    updatePreferences,
    selectedRect,
  });
}

/**
 * The selected highlight's box on screen: the union of the ranges the painter's selection layer
 * holds (src/renderer/src/reader/painter.ts paints the selected highlight in `tm-selected`), or
 * null when it is not painted (scrolled away, or no CSS highlights).
 */
function selectedRect(): DOMRect | null {
  const layer = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights.get('tm-selected') : undefined;
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (const item of layer ?? []) {
    const staticRange = item as StaticRange;
    const range = document.createRange();
    try {
      range.setStart(staticRange.startContainer, staticRange.startOffset);
      range.setEnd(staticRange.endContainer, staticRange.endOffset);
    } catch {
      continue; // a range into text no longer in the page
    }
    const r = range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    box = box ? { left: Math.min(box.left, r.left), top: Math.min(box.top, r.top), right: Math.max(box.right, r.right), bottom: Math.max(box.bottom, r.bottom) } : { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }
  return box ? new DOMRect(box.left, box.top, box.right - box.left, box.bottom - box.top) : null;
}

export function App({ ws }: { ws: Workspace }) {
  return (
    <WorkspaceContext.Provider value={ws}>
      <Window ws={ws} />
    </WorkspaceContext.Provider>
  );
}

function Window({ ws }: { ws: Workspace }) {
  const { theme, toggleTheme } = useTheme();
  const { textSize, changeTextSize } = useTextSize();
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [keyBuffer] = useState(() => new KeyBuffer());
  const toasts = useSyncExternalStore(ws.messages.subscribe, ws.messages.snapshot);
  const loadError = useWorkspace((s) => s.loadError);
  const view = useWorkspace((s) => s.view);
  const registry = ws.registry;


  const importChosenFiles = (files: File[]) => ws.importFiles(files.map((file) => ({ name: file.name, load: () => fileToBase64(file) })));

  const startImport = () => {
    prepareImport();
    if (!nativeImport) {
      fileInput.current?.click();
      return;
    }
    nativeImport().then((picked) => {
      if (!picked) return;
      for (const file of picked) if ('error' in file) ws.importFailed(file.name, file.error);
      const readable = picked.filter((f): f is Extract<typeof f, { dataBase64: string }> => 'dataBase64' in f);
      ws.importFiles(readable.map((f) => ({ name: f.name, load: () => Promise.resolve(f.dataBase64) })));
    }, ws.fail);
  };

  // The commands' labels follow the state (what undo would undo, the theme): re-registered on change.
  const controls = { theme, toggleTheme, changeTextSize, startImport };
  const controlsRef = useRef(controls);
  useEffect(() => {
    controlsRef.current = controls;
    registry.setAll(workspaceCommands(ws, controlsRef.current));
  });
  useEffect(() => ws.subscribe(() => registry.setAll(workspaceCommands(ws, controlsRef.current))), [ws, registry]);

  // The project itself is loaded by main.tsx, as the window starts; here, when the shell opens another.
  useEffect(() => {
    return onShellChange((change) => {
      if (change.kind === 'project-opened') void ws.loadProject();
      else if (change.kind === 'command' || change.kind === 'open-link') return;
      else ws.refreshSources().catch(ws.fail);
    });
  }, [ws]);

  // Another window or tab may have changed the project and its one history: when this one comes
  // to the front, it re-reads the undo state, and everything else when that changed.
  useEffect(() => {
    const onShow = () => {
      if (document.visibilityState === 'visible') ws.checkForOutsideChanges().catch(ws.fail);
    };
    window.addEventListener('focus', onShow);
    document.addEventListener('visibilitychange', onShow);
    return () => {
      window.removeEventListener('focus', onShow);
      document.removeEventListener('visibilitychange', onShow);
    };
  }, [ws]);

  // The note editor's code, fetched while the window is idle (features/notes/lazyNoteEditor.ts).
  useEffect(() => whenIdle(prefetchNoteEditor), []);

  // The last net of the one error path: a failure no caller handled becomes a message too,
  // instead of vanishing into the console.
  useEffect(() => {
    const onUnhandled = (event: PromiseRejectionEvent) => {
      event.preventDefault();
      ws.fail(event.reason);
    };
    window.addEventListener('unhandledrejection', onUnhandled);
    return () => window.removeEventListener('unhandledrejection', onUnhandled);
  }, [ws]);

  // Preferences that could not be stored still apply in this window; say so once per failure.
  useEffect(() => onPreferencesError((message) => ws.say('error', message)), [ws]);

  // Keys typed before the field a command opens has focus are kept for it, from a key or the palette alike.
  useEffect(() => registry.whenOpeningField(() => keyBuffer.start(isTextField)), [registry, keyBuffer]);

  // Keyboard paths. Single keys are ignored while typing in a field or while a dialog is open;
  // Ctrl/Cmd+Z in a field is the field's own undo.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const inField = isEditable(event.target as Element);
      const command = registry.forKey(event, inField);
      if (!command) return;
      // A dialog open has the keys to itself (the palette would replace it and lose its input).
      if (ws.state.modal) return;
      event.preventDefault();
      void registry.run(command.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ws, registry, keyBuffer]);

  // Menu commands and tiemark:// links from the desktop shell.
  useEffect(
    () =>
      onShellChange((change) => {
        if (change.kind === 'open-link') void ws.openLink(change);
        else if (change.kind !== 'command') return;
        else if ((change.command === 'undo' || change.command === 'redo') && isEditable(document.activeElement)) fieldHistory(change.command);
        else void registry.run(change.command);
      }),
    [ws, registry],
  );

  // Paste outside any field: offer it as a new source.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement;
      if (ws.state.modal || target.closest('input, textarea, [contenteditable="true"], dialog')) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      // Copied from a web page: its HTML keeps the structure (headings, lists, tables, links);
      // the backend reads it through the same pipeline as an imported page, never runs it.
      const html = event.clipboardData?.getData('text/html') ?? '';
      // A tiemark:// link (from an export, a colleague's note) goes to its passage.
      const link = parseTiemarkLink(text);
      if (link) {
        event.preventDefault();
        void ws.openLink(link);
      } else if (text.trim()) {
        event.preventDefault();
        ws.setModal({ kind: 'paste', text, ...(html.trim() ? { html } : {}) });
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [ws]);

  return (
    <div
      className="app"
      data-theme={theme}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          if (!dragging) prepareImport();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target || !e.relatedTarget) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        importChosenFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <TopBar theme={theme} />
      <FontWarmup />
      {loadError ? (
        <main className="load-error" role="alert">
          <h1>Tiemark could not load the project</h1>
          <p>{loadError}</p>
          <button type="button" onClick={() => void ws.loadProject()}>
            Try again
          </button>
        </main>
      ) : view === 'network' ? (
        <Suspense fallback={<main className="network-loading" aria-busy="true" aria-label="Network" />}>
          <NetworkView sourceId={null} onClose={() => ws.setView('reader')} onOpenPassage={(sourceId, highlightId) => void ws.openEvidence(sourceId, highlightId)} />
        </Suspense>
      ) : (
        <Panes
          left={<SourcesPane ws={ws} onImport={startImport} />}
          center={<ReaderPane textSize={textSize} changeTextSize={changeTextSize} />}
          right={<SidePanel />}
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
          importChosenFiles(files);
        }}
      />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop web pages, PDFs, Word files, Markdown or text files to import them
        </div>
      )}
      <Modals />
      <Toasts toasts={toasts} onDismiss={(id) => ws.messages.dismiss(id)} />
    </div>
  );
}

function SourcesPane({ ws, onImport }: { ws: Workspace; onImport(): void }) {
  const sources = useWorkspace((s) => s.sources);
  const openId = useWorkspace((s) => s.source?.id ?? null);
  return (
    <SourceList
      sources={sources}
      openId={openId}
      onOpen={(id) => void ws.openSource(id)}
      onImport={onImport}
      onPaste={() => ws.setModal({ kind: 'paste', text: '' })}
      progress={<ImportProgress queue={ws.importQueue} onOpen={(id) => void ws.openSource(id)} />}
    />
  );
}

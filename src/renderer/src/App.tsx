import { useCallback, useEffect, useRef, useState } from 'react';
import type { MetadataPatch } from '../../shared/api';
import type { Actor, Claim, Note, UndoStep } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import type { AnchorReviewItem, Highlight, HighlightColor, HighlightSpan, ImportReport, ProjectInfo, Source, SourceSummary } from '../../shared/types';
import { api, errorMessage, nativeImport, onShellChange, saveTextFile } from './api';
import { claimSentence, useAnnotations } from './app/useAnnotations';
import { ActorPicker } from './features/actors/ActorPicker';
import { ActorRegistry } from './features/actors/ActorRegistry';
import { AnchorReview } from './features/highlights/AnchorReview';
import { HighlightList } from './features/highlights/HighlightList';
import { RelationTypesEditor } from './features/relations/RelationTypesEditor';
import { TieForm, type ClaimValues } from './features/ties/TieForm';
import { TiesPanel } from './features/ties/TiesPanel';
import type { SelectionAction } from './reader/SelectionToolbar';
import { ImportProgress } from './features/sources/ImportProgress';
import { describeReport, fileToBase64, ImportQueue, prepareImport } from './features/sources/importing';
import { MetadataDialog } from './features/sources/MetadataDialog';
import { PasteDialog } from './features/sources/PasteDialog';
import { BackupsDialog } from './features/backups/BackupsDialog';
import { UpdateTextDialog } from './features/sources/UpdateTextDialog';
import { SourceList } from './features/sources/SourceList';
import { Reader, type JumpRequest, type TextRange } from './reader/Reader';
import { Dialog } from './ui/Dialog';
import { Panes } from './ui/Panes';
import { Toasts, type Toast } from './ui/Toasts';
import { loadPreferences, onPreferencesError, updatePreferences, useTheme, useTextSize } from './ui/preferences';
import { flushOpenNotes, shownNote } from './features/notes/NoteEditor';

/** Carries "a backup was restored" across the page reload that follows it. */
const RESTORED_KEY = 'tiemark-restored';

/** A restore reloads the page (every view re-reads the restored project); say so once it is back. */
function restoredToast(): Toast[] {
  const restored = sessionStorage.getItem(RESTORED_KEY);
  if (!restored) return [];
  sessionStorage.removeItem(RESTORED_KEY);
  return [{ id: Date.now(), kind: 'info', text: `Restored the backup from ${restored}. The state before it was kept as a backup.` }];
}

type Modal =
  | { kind: 'paste'; text: string; html?: string }
  | { kind: 'metadata' }
  | { kind: 'update-text' }
  | { kind: 'delete-source' }
  | { kind: 'actors' }
  | { kind: 'relations' }
  | { kind: 'backups' }
  | { kind: 'picker'; target: { highlightId: string } | { range: TextRange }; anchor: DOMRect | null; suggestedIds: string[] }
  | { kind: 'tie'; highlightId: string; initial: Partial<ClaimValues>; editing?: Claim }
  | null;

type Tab = 'highlights' | 'ties';

/** Highlights stay in text order: by start, longer first (as the store lists them). */
function insertInOrder(list: HighlightSpan[], created: Highlight): HighlightSpan[] {
  const h: HighlightSpan = { id: created.id, start: created.start, end: created.end, color: created.color };
  const at = list.findIndex((x) => x.start > h.start || (x.start === h.start && x.end < h.end));
  return at < 0 ? [...list, h] : [...list.slice(0, at), h, ...list.slice(at)];
}

const isEditable = (el: Element | null) => !!el?.closest('input, textarea, select, [contenteditable="true"], dialog, .note-editor');

/** Undo/redo inside the focused field: Lexical listens for history input events; plain fields use the browser's. */
function fieldHistory(command: 'undo' | 'redo'): void {
  const el = document.activeElement;
  if (el?.closest('[contenteditable="true"]')) {
    el.dispatchEvent(new InputEvent('beforeinput', { inputType: command === 'undo' ? 'historyUndo' : 'historyRedo', bubbles: true, cancelable: true }));
  } else document.execCommand(command);
}

/** "Add note in “Arms to the Levant”": what an undo step did, and where. */
const describeStep = (step: UndoStep) => (step.sourceTitle ? `${step.label} in “${step.sourceTitle}”` : step.label);

const ACCEPT = '.txt,.text,.md,.markdown,.mdown,.html,.htm,.xhtml,.pdf,.docx';

export function App() {
  const [project, setProject] = useState<ProjectInfo | null>(null);
  const [sources, setSources] = useState<SourceSummary[]>([]);
  const [source, setSource] = useState<Source | null>(null);
  const annotations = useAnnotations();
  const { highlights, reload, reloadUndoState, latestUndoState } = annotations;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('highlights');
  const [note, setNote] = useState<{ highlightId: string; content: string | null; revision?: number } | null>(null);
  const noteRef = useRef(note);
  useEffect(() => {
    noteRef.current = note;
  });
  const lastClaim = useRef<ClaimValues | null>(null);
  const [jump, setJump] = useState<JumpRequest | null>(null);
  const [toasts, setToasts] = useState<Toast[]>(restoredToast);
  const [modal, setModal] = useState<Modal>(null);
  const [dragging, setDragging] = useState(false);
  const [review, setReview] = useState<AnchorReviewItem[]>([]);
  const [hasSelection, setHasSelection] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const selectionRef = useRef<{ range: TextRange; rect: DOMRect | null } | null>(null);
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
        const [full] = await Promise.all([api.getSource({ id }), reload(id)]);
        setSource(full);
        setNote(null);
        setSelectedId(focusHighlight ?? null);
        if (focusHighlight) setJump({ highlightId: focusHighlight, nonce: Date.now() });
        updatePreferences({ lastSourceId: id });
      } catch (error) {
        fail(error);
      }
    },
    [fail, reload],
  );

  /** After any annotation change: re-read the open source's annotations and the counts. */
  const refresh = useCallback(
    async (patch?: (list: HighlightSpan[]) => HighlightSpan[]) => {
      await reload(source?.id ?? null, patch);
      setSources(await api.listSources({}));
    },
    [reload, source],
  );

  /**
   * Runs one change, then shows the stored state; failures become messages. `patchWith` turns a
   * successful result into an update of the highlight list, which is then not re-read whole.
   */
  const change = useCallback(
    async <T,>(
      action: () => Promise<T>,
      patchWith?: (result: T) => (list: HighlightSpan[]) => HighlightSpan[],
      onDone?: (result: T) => void,
    ): Promise<T | undefined> => {
      let result: T | undefined;
      let ok = false;
      try {
        result = await action();
        ok = true;
        onDone?.(result);
        return result;
      } catch (error) {
        fail(error);
        return undefined;
      } finally {
        await refresh(ok && patchWith ? patchWith(result as T) : undefined).catch(fail);
      }
    },
    [refresh, fail],
  );

  const loadProject = useCallback(async () => {
    try {
      const list = await refreshSources();
      setLoadError(null);
      // Read afresh: the desktop app may have opened another project, which remembers its own source.
      const remembered = (await loadPreferences(true)).lastSourceId;
      const first = list.find((s) => s.id === remembered) ?? list[0];
      if (first) await openSource(first.id);
      else {
        setSource(null);
        await reload(null);
      }
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, [refreshSources, openSource, reload]);

  useEffect(() => {
    // loadProject sets state only after awaiting the backend, never synchronously.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void loadProject();
    return onShellChange((change) => {
      if (change.kind === 'project-opened') void loadProject();
      else void refreshSources();
    });
  }, [loadProject, refreshSources]);

  const createHighlight = useCallback(
    async (range: TextRange, actorIds?: string[]) => {
      if (!source) return undefined;
      // Selected as soon as it is stored, so the next key acts on it while the panel refreshes.
      return change(
        () => api.createHighlight({ sourceId: source.id, start: range.start, end: range.end, actorIds }),
        (h) => (list) => insertInOrder(list, h),
        (h) => setSelectedId(h.id),
      );
    },
    [source, change],
  );

  const deleteHighlight = useCallback(
    async (id: string) => {
      const done = await change(
        () => api.deleteHighlight({ id }),
        () => (list) => list.filter((h) => h.id !== id),
      );
      if (done) {
        setSelectedId((current) => (current === id ? null : current));
        setNote((n) => (n?.highlightId === id ? null : n));
        say('info', 'Highlight deleted. Press Ctrl+Z to undo.');
      }
    },
    [change, say],
  );

  const recolor = (id: string, color: HighlightColor) =>
    void change(
      () => api.updateHighlight({ id, color }),
      (updated) => (list) => list.map((h) => (h.id === id ? { ...h, color: updated.color } : h)),
    );

  // --- Actors and ties -------------------------------------------------------------------

  const openPicker = useCallback(
    async (target: { highlightId: string } | { range: TextRange }, anchor: DOMRect | null) => {
      if (!source) return;
      const span = 'range' in target ? target.range : highlights.find((h) => h.id === target.highlightId);
      if (!span) return;
      // Open at once so no keystroke is lost; the suggestions arrive a moment later.
      setModal({ kind: 'picker', target, anchor, suggestedIds: [] });
      try {
        const mentions = await api.suggestActors({ sourceId: source.id, start: span.start, end: span.end });
        const suggestedIds = mentions.map((m) => m.actorId);
        setModal((current) => (current?.kind === 'picker' && current.target === target ? { ...current, suggestedIds } : current));
      } catch (error) {
        fail(error);
      }
    },
    [source, highlights, fail],
  );

  const tagWith = async (target: { highlightId: string } | { range: TextRange }, actor: Actor) => {
    setModal(null);
    if ('range' in target) {
      window.getSelection()?.removeAllRanges();
      await createHighlight(target.range, [actor.id]);
    } else {
      await change(() => api.tagHighlight({ highlightId: target.highlightId, actorId: actor.id }));
    }
  };

  const createActor = async (name: string): Promise<Actor> => {
    const actor = await api.createActor({ name: name.trim() });
    await refresh();
    return actor;
  };

  const openTieForm = useCallback(
    (highlightId: string, editing?: Claim) => {
      const tagged = annotations.actorIdsByHighlight.get(highlightId) ?? [];
      const initial: Partial<ClaimValues> = editing
        ? {
            sourceActorId: editing.sourceActorId,
            relationTypeId: editing.relationTypeId,
            targetActorId: editing.targetActorId,
            stance: editing.stance,
            attributedActorId: editing.attributedActorId,
            attributedText: editing.attributedText,
            confidence: editing.confidence,
            eventDate: editing.eventDate?.text ?? '',
            note: editing.note,
          }
        : { sourceActorId: tagged[0], targetActorId: tagged[1], stance: 'asserted', confidence: 'medium' };
      setSelectedId(highlightId);
      setModal({ kind: 'tie', highlightId, initial, editing });
    },
    [annotations.actorIdsByHighlight],
  );

  const submitTie = async (highlightId: string, values: ClaimValues, editing?: Claim) => {
    // Errors propagate to the form, which keeps the user's input and shows the message.
    if (editing) await api.updateClaim({ id: editing.id, patch: values });
    else await api.createClaim({ highlightId, ...values });
    lastClaim.current = values;
    setModal(null);
    await refresh();
  };

  const repeatLastClaim = useCallback(async () => {
    const template = lastClaim.current;
    if (!selectedId || !template) {
      say('info', template ? 'Select a highlight first, then press . to add the same tie to it.' : 'Add a tie first; then . repeats it on another highlight.');
      return;
    }
    const claim = await change(() => api.createClaim({ highlightId: selectedId, ...template }));
    if (claim) say('info', `Added ${claimSentence(claim, annotations)}.`);
  }, [selectedId, change, say, annotations]);

  // --- Notes -------------------------------------------------------------------------------

  const openNote = useCallback(
    async (highlightId: string) => {
      try {
        const stored = await api.getNote({ highlightId });
        setSelectedId(highlightId);
        setNote({ highlightId, content: stored?.content ?? null });
      } catch (error) {
        fail(error);
      }
    },
    [fail],
  );

  const saveNote = async (highlightId: string, content: string, plainText: string) => {
    const isNew = !annotations.noteByHighlight.has(highlightId);
    await api.saveNote({ highlightId, content, plainText });
    if (isNew) await refresh();
  };

  const closeNote = () => {
    setNote(null);
    void refresh();
  };

  // --- Undo --------------------------------------------------------------------------------

  /**
   * After an undo or redo (or a change in another window), the open note editor shows the stored
   * note again: emptied when the note was removed (typing then adds a new note, a new undo step),
   * closed when its highlight was. An editor that shows what is stored is left as it is.
   */
  const reloadNote = useCallback(async () => {
    const open = noteRef.current;
    if (!open) return;
    let stored: Note | null;
    try {
      stored = await api.getNote({ highlightId: open.highlightId });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found') setNote((n) => (n?.highlightId === open.highlightId ? null : n));
      else fail(error);
      return;
    }
    const content = stored?.content ?? null;
    if (content !== null && shownNote(open.highlightId) === content) return;
    setNote((n) => (n?.highlightId === open.highlightId ? { highlightId: n.highlightId, content, revision: (n.revision ?? 0) + 1 } : n));
  }, [fail]);

  const undoOrRedo = useCallback(
    async (which: 'undo' | 'redo') => {
      // Typing not saved yet is saved first, so the step reverted is the one the button names. If
      // it cannot be, nothing is undone: the reloaded note would replace the text only shown.
      if (!(await flushOpenNotes())) {
        say('error', `Nothing was ${which === 'undo' ? 'undone' : 'redone'}: the note you are writing is not saved (see the message under it). Save it, then try again.`);
        return;
      }
      // The step this window shows; the backend refuses (conflict) when another window changed the project since.
      const expected = latestUndoState()[which]?.id ?? null;
      let step: UndoStep | null;
      try {
        step = (await (which === 'undo' ? api.undo({ expected }) : api.redo({ expected }))).step;
      } catch (error) {
        fail(error);
        await refresh().catch(fail); // the buttons then name the project's last step as it is now
        await reloadNote();
        return;
      }
      // Forms showing stored values may show what is no longer stored.
      setModal((m) => (m && (m.kind === 'tie' || m.kind === 'metadata' || m.kind === 'picker' || m.kind === 'update-text') ? null : m));
      if (!step) {
        say('info', which === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
        await refresh().catch(fail);
        return;
      }
      try {
        if (step.sourceId && step.sourceId !== source?.id) {
          // The step changed a source that is not on screen: the reader goes there, to its highlight.
          await openSource(step.sourceId, step.highlightId ?? undefined);
          setSources(await api.listSources({}));
        } else if (step.label === 'Update text' && source) {
          // Undoing an update brings the previous text back: the reader reads it again.
          await openSource(source.id);
          setSources(await api.listSources({}));
        } else {
          await refresh();
          if (step.highlightId) {
            setSelectedId(step.highlightId);
            setJump({ highlightId: step.highlightId, nonce: Date.now() });
          }
          await reloadNote();
        }
      } catch (error) {
        fail(error);
      }
      say('info', `${which === 'undo' ? 'Undid' : 'Redid'} ${describeStep(step)}.`);
    },
    [latestUndoState, fail, refresh, reloadNote, say, source, openSource],
  );

  // Another window or tab may have changed the project and its one history: when this one comes
  // to the front, it re-reads the undo state, and everything else when that changed.
  useEffect(() => {
    const onShow = () => {
      if (document.visibilityState !== 'visible') return;
      reloadUndoState()
        .then(async (changed) => {
          if (!changed) return;
          await refresh();
          await reloadNote();
        })
        .catch(fail);
    };
    window.addEventListener('focus', onShow);
    document.addEventListener('visibilitychange', onShow);
    return () => {
      window.removeEventListener('focus', onShow);
      document.removeEventListener('visibilitychange', onShow);
    };
  }, [reloadUndoState, refresh, reloadNote, fail]);

  // Preferences that could not be stored still apply in this window; say so once per failure.
  useEffect(() => onPreferencesError((message) => say('error', message)), [say]);

  const exportMarkdown = useCallback(
    async (scope: 'source' | 'project') => {
      try {
        const file = await api.exportMarkdown(scope === 'source' && source ? { sourceId: source.id } : {});
        const saved = await saveTextFile(file.fileName, file.content);
        if (saved) say('info', `Exported ${saved}.`);
      } catch (error) {
        fail(error);
      }
    },
    [source, say, fail],
  );

  /** Toolbar buttons and their keys act on the selection, or else on the selected highlight. */
  const act = useCallback(
    async (action: SelectionAction, range: TextRange | null, rect: DOMRect | null) => {
      if (range) {
        if (action === 'tag') return openPicker({ range }, rect);
        window.getSelection()?.removeAllRanges();
        selectionRef.current = null;
        const created = await createHighlight(range);
        if (!created) return;
        if (action === 'tie') openTieForm(created.id);
        if (action === 'note') await openNote(created.id);
        return;
      }
      if (!selectedId) return;
      if (action === 'tag') await openPicker({ highlightId: selectedId }, null);
      if (action === 'tie') openTieForm(selectedId);
      if (action === 'note') await openNote(selectedId);
    },
    [openPicker, createHighlight, openTieForm, openNote, selectedId],
  );

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

  // Each file of a batch lands in the source list as it is imported; the first new one opens.
  const [importQueue] = useState(() => new ImportQueue());
  const batchOpened = useRef(false);
  const refreshTimer = useRef<number | null>(null);
  useEffect(
    () =>
      importQueue.onOutcome((outcome) => {
        if (outcome.status !== 'imported' || !outcome.source) return;
        // At most one list refresh per 300 ms during a batch: the list still grows as files land.
        refreshTimer.current ??= window.setTimeout(() => {
          refreshTimer.current = null;
          void refreshSources();
        }, 300);
        if (!batchOpened.current) {
          batchOpened.current = true;
          void openSource(outcome.source.id);
        }
      }),
    [importQueue, refreshSources, openSource],
  );

  const importChosenFiles = useCallback(
    (files: File[]) => {
      if (files.length === 0) return;
      if (!importQueue.busy) batchOpened.current = false;
      importQueue.add(files.map((file) => ({ name: file.name, load: () => fileToBase64(file) })));
    },
    [importQueue],
  );

  const startImport = useCallback(() => {
    prepareImport();
    if (!nativeImport) {
      fileInput.current?.click();
      return;
    }
    nativeImport().then((picked) => {
      if (!picked) return;
      if (!importQueue.busy) batchOpened.current = false;
      for (const file of picked) if ('error' in file) importQueue.addFailed(file.name, file.error);
      const readable = picked.filter((f): f is Extract<typeof f, { dataBase64: string }> => 'dataBase64' in f);
      importQueue.add(readable.map((f) => ({ name: f.name, load: () => Promise.resolve(f.dataBase64) })));
    }, fail);
  }, [importQueue, fail]);

  const pasteSource = async (text: string, title: string, html?: string) => {
    setModal(null);
    try {
      await afterImport(await api.importText({ text, title: title || undefined, ...(html ? { html } : {}) }));
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
      await reload(null);
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

  // Keyboard paths. Single keys are ignored while typing in a field or while a dialog is open;
  // Ctrl/Cmd+Z in a field is the field's own undo.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const inField = isEditable(event.target as Element);
      if (mod && !event.altKey && (event.key === 'z' || event.key === 'Z' || event.key === 'y')) {
        if (inField || modal) return;
        event.preventDefault();
        void undoOrRedo(event.key === 'y' || event.shiftKey ? 'redo' : 'undo');
        return;
      }
      if (modal || inField || mod || event.altKey) return;
      const selection = selectionRef.current;
      const actions: Record<string, SelectionAction> = { h: 'highlight', a: 'tag', t: 'tie', n: 'note' };
      const action = actions[event.key];
      if (action && (selection || (selectedId && action !== 'highlight'))) {
        event.preventDefault();
        void act(action, selection?.range ?? null, selection?.rect ?? null);
      } else if (event.key === '.' && !selection) {
        event.preventDefault();
        void repeatLastClaim();
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && selectedId && !selection) {
        event.preventDefault();
        void deleteHighlight(selectedId);
      } else if (event.key === 'Escape') {
        window.getSelection()?.removeAllRanges();
        setSelectedId(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modal, selectedId, act, deleteHighlight, undoOrRedo, repeatLastClaim]);

  // Menu commands and tiemark:// links from the desktop shell.
  useEffect(
    () =>
      onShellChange((change) => {
        if (change.kind !== 'command' && change.kind !== 'open-link') return;
        if (change.kind === 'open-link') void openSource(change.sourceId, change.highlightId ?? undefined);
        else if (change.command === 'undo' || change.command === 'redo') {
          if (isEditable(document.activeElement)) fieldHistory(change.command);
          else void undoOrRedo(change.command);
        } else if (change.command === 'import') startImport();
        else if (change.command === 'backups') setModal({ kind: 'backups' });
        else void exportMarkdown(change.command === 'export-source' ? 'source' : 'project');
      }),
    [openSource, undoOrRedo, exportMarkdown, startImport],
  );

  // Paste outside any field: offer it as a new source.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement;
      if (modal || target.closest('input, textarea, [contenteditable="true"], dialog')) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      // Copied from a web page: its HTML keeps the structure (headings, lists, tables, links);
      // the backend reads it through the same pipeline as an imported page, never runs it.
      const html = event.clipboardData?.getData('text/html') ?? '';
      if (text.trim()) {
        event.preventDefault();
        setModal({ kind: 'paste', text, ...(html.trim() ? { html } : {}) });
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [modal]);

  const onSelectionChange = useCallback((range: TextRange | null, rect: DOMRect | null) => {
    selectionRef.current = range ? { range, rect } : null;
    setHasSelection(!!range);
  }, []);

  // --- Update text and the review list -------------------------------------------------------

  // Re-read after every change to the open source's highlights (an accept, a move, an undo).
  useEffect(() => {
    if (!source) return;
    let live = true;
    api.listAnchorReview({ sourceId: source.id }).then((items) => live && setReview(items), fail);
    return () => {
      live = false;
    };
  }, [source, highlights, fail]);
  const reviewItems = source ? review : [];

  const updateText = async (update: { file: File } | { text: string }) => {
    setModal(null);
    if (!source) return;
    try {
      const report = await api.updateSourceText(
        'file' in update
          ? { id: source.id, file: { name: update.file.name, dataBase64: await fileToBase64(update.file) } }
          : { id: source.id, text: update.text },
      );
      const waiting = report.review + report.orphaned;
      say(
        'info',
        `Text updated. ${report.kept + report.moved} highlight${report.kept + report.moved === 1 ? '' : 's'} in place` +
          (waiting ? `; ${waiting} to review under Review highlights.` : '.'),
      );
      await openSource(source.id);
      await refreshSources();
    } catch (error) {
      fail(error);
    }
  };

  const resolveAnchor = (id: string, action: 'accept' | 'move') => {
    const selection = selectionRef.current?.range;
    if (action === 'move' && !selection) return;
    void change(() => api.resolveAnchor(action === 'accept' ? { id, action } : { id, action, start: selection!.start, end: selection!.end }));
  };

  const passageOf = (id: string) => {
    const h = highlights.find((x) => x.id === id);
    return h && source ? source.text.slice(h.start, h.end) : '';
  };

  const describeHighlight = useCallback(
    (id: string) => {
      const names = (annotations.actorIdsByHighlight.get(id) ?? []).map((a) => annotations.actorsById.get(a)?.name).filter(Boolean);
      const claims = annotations.claimsByHighlight.get(id)?.length ?? 0;
      if (names.length === 0 && claims === 0) return null;
      return [names.join(', '), claims ? `${claims} tie${claims === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
    },
    [annotations],
  );

  const openEvidence = async (sourceId: string, highlightId: string) => {
    if (source?.id === sourceId) {
      setSelectedId(highlightId);
      setJump({ highlightId, nonce: Date.now() });
    } else await openSource(sourceId, highlightId);
  };

  const openSummary = source ? sources.find((s) => s.id === source.id) ?? source : null;

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
      <header className="topbar">
        <span className="brand">Tiemark</span>
        <span className="project-name" title={project?.path}>
          {project?.name ?? ''}
        </span>
        {project?.readOnly && (
          <span className="read-only-badge" role="status" title={project.readOnly}>
            Read-only
          </span>
        )}
        {project?.damage && (
          <span className="backup-problem" role="alert" title={project.damage}>
            Damage found
          </span>
        )}
        {project?.backupProblem && (
          <span className="backup-problem" role="alert" title={project.backupProblem}>
            Backup failed
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          onClick={() => void undoOrRedo('undo')}
          disabled={!annotations.undoState.canUndo}
          title={annotations.undoState.undo ? `Undo ${describeStep(annotations.undoState.undo)} (Ctrl+Z)` : 'Nothing to undo'}
        >
          Undo
        </button>
        <button
          type="button"
          onClick={() => void undoOrRedo('redo')}
          disabled={!annotations.undoState.canRedo}
          title={annotations.undoState.redo ? `Redo ${describeStep(annotations.undoState.redo)} (Ctrl+Shift+Z)` : 'Nothing to redo'}
        >
          Redo
        </button>
        <button type="button" onClick={() => setModal({ kind: 'actors' })}>
          Actors
        </button>
        <button type="button" onClick={() => setModal({ kind: 'relations' })}>
          Relation types
        </button>
        <button type="button" onClick={() => setModal({ kind: 'backups' })} title="See this project's backups, back up now, or restore one">
          Backups…
        </button>
        <button type="button" onClick={() => void exportMarkdown('project')} title="Export all sources with their highlights, ties and notes as Markdown">
          Export project
        </button>
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
              progress={<ImportProgress queue={importQueue} onOpen={(id) => void openSource(id)} />}
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
                      <button type="button" onClick={() => void exportMarkdown('source')} title="Export this source's highlights, ties and notes as Markdown">
                        Export
                      </button>
                      <button type="button" onClick={() => setModal({ kind: 'metadata' })}>
                        Details…
                      </button>
                      <button type="button" onClick={() => setModal({ kind: 'update-text' })} title="Replace the text with a newer version; highlights follow their words">
                        Update text…
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
                    onSelectionAction={(action, range, rect) => void act(action, range, rect)}
                    onSelectionChange={onSelectionChange}
                    describe={describeHighlight}
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
              <div role="tablist" aria-label="Side panel views" className="tabs" onKeyDown={(e) => {
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  const next = tab === 'highlights' ? 'ties' : 'highlights';
                  setTab(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }
              }}>
                {(['highlights', 'ties'] as const).map((name) => (
                  <button
                    key={name}
                    type="button"
                    role="tab"
                    id={`tab-${name}`}
                    aria-selected={tab === name}
                    aria-controls={`panel-${name}`}
                    tabIndex={tab === name ? 0 : -1}
                    onClick={() => setTab(name)}
                  >
                    {name === 'highlights' ? 'Highlights' : 'Ties'}
                    {name === 'highlights' && highlights.length > 0 && <span className="badge">{highlights.length}</span>}
                  </button>
                ))}
              </div>
              <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
                {tab === 'highlights' && source && (
                  <AnchorReview
                    items={reviewItems}
                    hasSelection={hasSelection}
                    onAccept={(id) => resolveAnchor(id, 'accept')}
                    onMoveHere={(id) => resolveAnchor(id, 'move')}
                    onDelete={(id) => void deleteHighlight(id)}
                  />
                )}
                {tab === 'highlights' && source && (
                  <HighlightList
                    highlights={highlights}
                    text={source.text}
                    pageStarts={source.pageStarts}
                    selectedId={selectedId}
                    state={annotations}
                    note={note}
                    onSelect={(id) => selectHighlight(id, true)}
                    onDelete={(id) => void deleteHighlight(id)}
                    onRecolor={recolor}
                    onTag={(id) => void openPicker({ highlightId: id }, null)}
                    onUntag={(highlightId, actorId) => void change(() => api.untagHighlight({ highlightId, actorId }))}
                    onAddTie={(id) => openTieForm(id)}
                    onEditClaim={(claim) => openTieForm(claim.highlightId, claim)}
                    onOpenNote={(id) => void openNote(id)}
                    onSaveNote={saveNote}
                    onCloseNote={closeNote}
                  />
                )}
                {tab === 'ties' && (
                  <TiesPanel
                    sourceId={source?.id ?? null}
                    actors={annotations.actors}
                    relationTypes={annotations.relationTypes}
                    version={annotations.version}
                    onOpenEvidence={(sourceId, highlightId) => void openEvidence(sourceId, highlightId)}
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
          importChosenFiles(files);
        }}
      />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop web pages, PDFs, Word files, Markdown or text files to import them
        </div>
      )}
      {modal?.kind === 'paste' && <PasteDialog initialText={modal.text} html={modal.html} onSubmit={(t, title, html) => void pasteSource(t, title, html)} onClose={() => setModal(null)} />}
      {modal?.kind === 'update-text' && source && (
        <UpdateTextDialog title={source.title} accept={ACCEPT} onSubmit={(u) => void updateText(u)} onClose={() => setModal(null)} />
      )}
      {modal?.kind === 'metadata' && openSummary && <MetadataDialog source={openSummary} onSubmit={(p) => void saveMetadata(p)} onClose={() => setModal(null)} />}
      {modal?.kind === 'delete-source' && source && (
        <Dialog title="Delete this source?" submitLabel="Delete source" danger onSubmit={() => void deleteSource()} onClose={() => setModal(null)}>
          <p>
            “{source.title}” and its {highlights.length} highlight{highlights.length === 1 ? '' : 's'} will be removed from this project.
          </p>
        </Dialog>
      )}
      {modal?.kind === 'picker' && (
        <ActorPicker
          actors={annotations.actors}
          suggestedIds={modal.suggestedIds}
          taggedIds={'highlightId' in modal.target ? annotations.actorIdsByHighlight.get(modal.target.highlightId) ?? [] : []}
          anchor={modal.anchor}
          onPick={(actor) => void tagWith(modal.target, actor)}
          onCreate={(name) => {
            const target = modal.target;
            setModal(null);
            createActor(name).then((actor) => tagWith(target, actor), fail);
          }}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'tie' && (
        <TieForm
          actors={annotations.actors}
          relationTypes={annotations.relationTypes}
          passage={passageOf(modal.highlightId)}
          initial={modal.initial}
          editing={modal.editing}
          onSubmit={(values) => submitTie(modal.highlightId, values, modal.editing)}
          onCreateActor={createActor}
          onDelete={
            modal.editing
              ? () => {
                  const id = modal.editing!.id;
                  setModal(null);
                  void change(() => api.deleteClaim({ id }));
                }
              : undefined
          }
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'backups' && (
        <BackupsDialog
          onClose={() => setModal(null)}
          onRestored={(backup) => {
            sessionStorage.setItem(RESTORED_KEY, new Date(backup.takenAt).toLocaleString());
            window.location.reload();
          }}
        />
      )}
      {modal?.kind === 'actors' && <ActorRegistry actors={annotations.actors} onChanged={() => void refresh()} onError={fail} onClose={() => setModal(null)} />}
      {modal?.kind === 'relations' && (
        <RelationTypesEditor relationTypes={annotations.relationTypes} onChanged={() => void refresh()} onError={fail} onClose={() => setModal(null)} />
      )}
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((list) => list.filter((t) => t.id !== id))} />
    </div>
  );
}

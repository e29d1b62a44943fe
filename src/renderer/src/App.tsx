import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
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
import { ExportsDialog } from './features/exports/ExportsDialog';
import { NetworkView } from './features/network/NetworkView';
import { BackupsDialog } from './features/backups/BackupsDialog';
import { UpdateTextDialog } from './features/sources/UpdateTextDialog';
import { SourceList } from './features/sources/SourceList';
import { Reader, type JumpRequest, type TextRange } from './reader/Reader';
import { Dialog } from './ui/Dialog';
import { Panes } from './ui/Panes';
import { Toasts, type Toast } from './ui/Toasts';
import { loadPreferences, onPreferencesError, updatePreferences, useTheme, useTextSize } from './ui/preferences';
import { flushOpenNotes, shownNote } from './features/notes/NoteEditor';
import { CommandRegistry, KeyBuffer, showKey, type Command } from './app/commands';
import { CommandPalette, KeyboardHelp } from './app/CommandPalette';
import { Messages } from './app/messages';

/** The last tie saved in this tab, per project, so that "." still repeats it after a reload. */
const LAST_TIE_KEY = 'tiemark-last-tie';

function readLastTie(projectPath: string | undefined): ClaimValues | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(LAST_TIE_KEY) ?? 'null') as { project?: string; values?: ClaimValues } | null;
    return stored && projectPath && stored.project === projectPath && stored.values ? stored.values : null;
  } catch {
    return null;
  }
}

/** A tie's two actors, once each. */
const endsOf = (values: Pick<ClaimValues, 'sourceActorId' | 'targetActorId'>) => [...new Set([values.sourceActorId, values.targetActorId])];

function rememberLastTie(projectPath: string | undefined, values: ClaimValues): void {
  if (projectPath) sessionStorage.setItem(LAST_TIE_KEY, JSON.stringify({ project: projectPath, values }));
}

/** Carries "a backup was restored" across the page reload that follows it. */
const RESTORED_KEY = 'tiemark-restored';

/** A restore reloads the page (every view re-reads the restored project); say so once it is back. */
function restoredMessage(): Array<Omit<Toast, 'id'>> {
  const restored = sessionStorage.getItem(RESTORED_KEY);
  if (!restored) return [];
  sessionStorage.removeItem(RESTORED_KEY);
  return [{ kind: 'info', text: `Restored the backup from ${restored}. The state before it was kept as a backup.` }];
}

type Modal =
  | { kind: 'paste'; text: string; html?: string }
  | { kind: 'metadata' }
  | { kind: 'update-text' }
  | { kind: 'delete-source' }
  | { kind: 'actors' }
  | { kind: 'relations' }
  | { kind: 'backups' }
  | { kind: 'exports' }
  | { kind: 'palette' }
  | { kind: 'help' }
  | { kind: 'picker'; target: { highlightId: string } | { range: TextRange }; anchor: DOMRect | null; suggestedIds: string[] }
  /** A tie on a highlight, or on a fresh selection that becomes a highlight only when the tie is saved. */
  | { kind: 'tie'; target: { highlightId: string } | { range: TextRange }; initial: Partial<ClaimValues>; editing?: Claim }
  | null;

type Tab = 'highlights' | 'ties';

/** Highlights stay in text order: by start, longer first (as the store lists them). */
function insertInOrder(list: HighlightSpan[], created: Highlight): HighlightSpan[] {
  const h: HighlightSpan = { id: created.id, start: created.start, end: created.end, color: created.color };
  const at = list.findIndex((x) => x.start > h.start || (x.start === h.start && x.end < h.end));
  return at < 0 ? [...list, h] : [...list.slice(0, at), h, ...list.slice(at)];
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
  /** The last tie saved, which "." repeats; kept in the tab across reloads (readLastTie). */
  const lastClaim = useRef<ClaimValues | null>(null);
  const [jump, setJump] = useState<JumpRequest | null>(null);
  const [messages] = useState(() => new Messages(restoredMessage()));
  const toasts = useSyncExternalStore(messages.subscribe, messages.snapshot);
  const [modal, setModal] = useState<Modal>(null);
  const [view, setView] = useState<'reader' | 'network'>('reader');
  const [dragging, setDragging] = useState(false);
  const [review, setReview] = useState<AnchorReviewItem[]>([]);
  const [hasSelection, setHasSelection] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const selectionRef = useRef<{ range: TextRange; rect: DOMRect | null } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { theme, toggleTheme } = useTheme();
  const { textSize, changeTextSize } = useTextSize();

  const say = useCallback((kind: Toast['kind'], text: string) => void messages.say(kind, text), [messages]);
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

  /**
   * A highlight being stored: keys pressed before the store answers (A, T, N, . right after
   * picking an actor for a fresh selection) act on it once it is there, instead of on nothing.
   */
  const pendingHighlight = useRef<Promise<string | undefined> | null>(null);

  const createHighlight = useCallback(
    async (range: TextRange, actorIds?: string[]): Promise<{ id: string } | undefined> => {
      if (!source) return undefined;
      // Exactly the span of an existing highlight: that one is selected (and tagged), not twinned.
      const twin = highlights.find((h) => h.start === range.start && h.end === range.end);
      if (twin) {
        setSelectedId(twin.id);
        for (const actorId of actorIds ?? []) await change(() => api.tagHighlight({ highlightId: twin.id, actorId }));
        return { id: twin.id };
      }
      // Selected as soon as it is stored, so the next key acts on it while the panel refreshes.
      const stored = change(
        () => api.createHighlight({ sourceId: source.id, start: range.start, end: range.end, actorIds }),
        (h) => (list) => insertInOrder(list, h),
        (h) => setSelectedId(h.id),
      );
      const pending = stored.then((h) => h?.id);
      pendingHighlight.current = pending;
      void pending.finally(() => {
        if (pendingHighlight.current === pending) pendingHighlight.current = null;
      });
      return stored;
    },
    [source, change, highlights],
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
      // Open at once so no keystroke is lost; the suggestions arrive a moment later (none for a
      // highlight this render does not know yet: one stored a moment ago).
      setModal({ kind: 'picker', target, anchor, suggestedIds: [] });
      if (!span) return;
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

  const openTieForm = useCallback(
    (target: { highlightId: string } | { range: TextRange }, editing?: Claim) => {
      const tagged = 'highlightId' in target ? (annotations.actorIdsByHighlight.get(target.highlightId) ?? []) : [];
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
      if ('highlightId' in target) setSelectedId(target.highlightId);
      setModal({ kind: 'tie', target, initial, editing });
    },
    [annotations.actorIdsByHighlight],
  );

  /** Tags a tie's two actors on its highlight where they are not tagged yet (the tie form's save, "."). */
  const tagEnds = useCallback(
    async (highlightId: string, values: Pick<ClaimValues, 'sourceActorId' | 'targetActorId'>) => {
      const tagged = annotations.actorIdsByHighlight.get(highlightId) ?? [];
      for (const actorId of endsOf(values)) if (!tagged.includes(actorId)) await api.tagHighlight({ highlightId, actorId });
    },
    [annotations.actorIdsByHighlight],
  );

  const submitTie = async (target: { highlightId: string } | { range: TextRange }, values: ClaimValues, editing?: Claim) => {
    // Errors propagate to the form, which keeps the user's input and shows the message.
    if (editing) {
      await api.updateClaim({ id: editing.id, patch: values });
      await tagEnds(editing.highlightId, values);
    } else if ('highlightId' in target) {
      await api.createClaim({ highlightId: target.highlightId, ...values });
      await tagEnds(target.highlightId, values);
    } else {
      // A fresh selection becomes a highlight only now, tagged with the tie's actors in the same
      // step: a cancelled form leaves nothing behind.
      const highlightId = (await createHighlight(target.range, endsOf(values)))?.id;
      if (!highlightId) throw new Error('The passage could not be highlighted, so the tie was not added.');
      await api.createClaim({ highlightId, ...values });
    }
    lastClaim.current = values;
    rememberLastTie(project?.path, values);
    setModal(null);
    await refresh();
  };

  const repeatLastClaim = useCallback(async () => {
    const template = lastClaim.current ?? readLastTie(project?.path);
    const selection = selectionRef.current;
    const pendingId = !selectedId && !selection && pendingHighlight.current ? await pendingHighlight.current : undefined;
    if (!template || (!selectedId && !selection && !pendingId)) {
      say('info', template ? 'Select some text or a highlight first, then press . to add the same tie to it.' : 'Add a tie first; then . repeats it on another passage.');
      return;
    }
    let highlightId = selectedId ?? pendingId ?? null;
    const fresh = selection !== null;
    if (selection) {
      // A fresh selection is highlighted first, then given the tie.
      window.getSelection()?.removeAllRanges();
      selectionRef.current = null;
      highlightId = (await createHighlight(selection.range, endsOf(template)))?.id ?? null;
      if (!highlightId) return;
    }
    const claim = await change(async () => {
      const created = await api.createClaim({ highlightId: highlightId!, ...template });
      // A fresh selection was highlighted with the tie's actors already tagged.
      if (!fresh) await tagEnds(highlightId!, template);
      return created;
    });
    if (claim) say('info', `Added ${claimSentence(claim, annotations)}.`);
  }, [selectedId, change, say, annotations, createHighlight, project, tagEnds]);

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

  // The last net of the one error path: a failure no caller handled becomes a message too,
  // instead of vanishing into the console.
  useEffect(() => {
    const onUnhandled = (event: PromiseRejectionEvent) => {
      event.preventDefault();
      fail(event.reason);
    };
    window.addEventListener('unhandledrejection', onUnhandled);
    return () => window.removeEventListener('unhandledrejection', onUnhandled);
  }, [fail]);

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
        if (action === 'tie') return openTieForm({ range });
        const created = await createHighlight(range);
        if (!created) return;
        if (action === 'note') await openNote(created.id);
        return;
      }
      const targetId = selectedId ?? (await pendingHighlight.current);
      if (!targetId) return;
      if (action === 'tag') await openPicker({ highlightId: targetId }, null);
      if (action === 'tie') openTieForm({ highlightId: targetId });
      if (action === 'note') await openNote(targetId);
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

  // --- Commands ------------------------------------------------------------------------------
  // Every action with a key, a menu item or a toolbar button is a command in one registry
  // (app/commands.ts): the keyboard, the Electron menu, the command palette (Ctrl/Cmd+K) and the
  // help sheet (?) all run these, with one error path.
  const [registry] = useState(() => new CommandRegistry((error) => fail(error)));
  const [keyBuffer] = useState(() => new KeyBuffer());
  const undoState = annotations.undoState;
  const hasTarget = () => !!selectionRef.current || !!selectedId || !!pendingHighlight.current;
  const needsTarget = () => 'Select some text or a highlight first.';
  const needsSource = () => 'Open a source first.';
  const actOnTarget = (action: SelectionAction) => act(action, selectionRef.current?.range ?? null, selectionRef.current?.rect ?? null);
  const commands: Command[] = [
    { id: 'highlight', label: 'Highlight the selection', group: 'Annotate', keys: ['H'], when: () => !!selectionRef.current, whyNot: () => 'Select some text first.', run: () => actOnTarget('highlight') },
    { id: 'tag', label: 'Tag an actor…', group: 'Annotate', keys: ['A'], when: hasTarget, whyNot: needsTarget, opensField: true, run: () => actOnTarget('tag') },
    { id: 'tie', label: 'Add a tie…', group: 'Annotate', keys: ['T'], when: hasTarget, whyNot: needsTarget, opensField: true, run: () => actOnTarget('tie') },
    { id: 'note', label: 'Write a note…', group: 'Annotate', keys: ['N'], when: hasTarget, whyNot: needsTarget, opensField: true, run: () => actOnTarget('note') },
    { id: 'repeat-tie', label: 'Repeat the last tie', group: 'Annotate', keys: ['.'], run: repeatLastClaim },
    {
      id: 'delete-highlight',
      label: 'Delete the selected highlight',
      group: 'Annotate',
      keys: ['Delete', 'Backspace'],
      when: () => !!selectedId && !selectionRef.current,
      whyNot: () => 'Select a highlight first.',
      run: () => deleteHighlight(selectedId!),
    },
    {
      id: 'clear-selection',
      label: 'Clear the selection',
      group: 'Annotate',
      keys: ['Escape'],
      run: () => {
        window.getSelection()?.removeAllRanges();
        setSelectedId(null);
      },
    },
    {
      id: 'undo',
      label: undoState.undo ? `Undo ${describeStep(undoState.undo)}` : 'Undo',
      group: 'Edit',
      keys: ['Mod+Z'],
      when: () => undoState.canUndo,
      whyNot: () => 'Nothing to undo.',
      run: () => undoOrRedo('undo'),
    },
    {
      id: 'redo',
      label: undoState.redo ? `Redo ${describeStep(undoState.redo)}` : 'Redo',
      group: 'Edit',
      keys: ['Shift+Mod+Z', 'Mod+Y'],
      when: () => undoState.canRedo,
      whyNot: () => 'Nothing to redo.',
      run: () => undoOrRedo('redo'),
    },
    { id: 'import', label: 'Import files…', group: 'Sources', run: startImport },
    { id: 'paste', label: 'Paste text as a new source…', group: 'Sources', run: () => setModal({ kind: 'paste', text: '' }) },
    { id: 'details', label: 'Edit this source’s details…', group: 'Sources', when: () => !!source, whyNot: needsSource, run: () => setModal({ kind: 'metadata' }) },
    { id: 'update-text', label: 'Update text…', group: 'Sources', when: () => !!source, whyNot: needsSource, run: () => setModal({ kind: 'update-text' }) },
    { id: 'delete-source', label: 'Delete this source…', group: 'Sources', when: () => !!source, whyNot: needsSource, run: () => setModal({ kind: 'delete-source' }) },
    { id: 'export-source', label: 'Export this source as Markdown', group: 'Sources', when: () => !!source, whyNot: needsSource, run: () => exportMarkdown('source') },
    { id: 'export-project', label: 'Export the project as Markdown', group: 'Project', run: () => exportMarkdown('project') },
    { id: 'backups', label: 'Backups…', group: 'Project', run: () => setModal({ kind: 'backups' }) },
    { id: 'exports', label: 'Export…', group: 'Project', run: () => setModal({ kind: 'exports' }) },
    { id: 'network', label: view === 'network' ? 'Back to the reader' : 'Network view', group: 'View', run: () => setView(view === 'network' ? 'reader' : 'network') },
    { id: 'actors', label: 'Actors…', group: 'Project', run: () => setModal({ kind: 'actors' }) },
    { id: 'relations', label: 'Relation types…', group: 'Project', run: () => setModal({ kind: 'relations' }) },
    { id: 'show-highlights', label: 'Show the highlights', group: 'View', run: () => setTab('highlights') },
    { id: 'show-ties', label: 'Show the ties', group: 'View', run: () => setTab('ties') },
    { id: 'text-smaller', label: 'Smaller text', group: 'View', run: () => changeTextSize(-1) },
    { id: 'text-larger', label: 'Larger text', group: 'View', run: () => changeTextSize(1) },
    { id: 'theme', label: theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme', group: 'View', run: toggleTheme },
    { id: 'palette', label: 'Command palette', group: 'Help', keys: ['Mod+K'], inFields: true, run: () => setModal({ kind: 'palette' }) },
    { id: 'help', label: 'Keyboard shortcuts', group: 'Help', keys: ['?'], run: () => setModal({ kind: 'help' }) },
  ];
  useEffect(() => registry.setAll(commands));

  // Keyboard paths. Single keys are ignored while typing in a field or while a dialog is open;
  // Ctrl/Cmd+Z in a field is the field's own undo.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const inField = isEditable(event.target as Element);
      const command = registry.forKey(event, inField);
      if (!command) return;
      // A dialog open has the keys to itself (the palette would replace it and lose its input).
      if (modal) return;
      event.preventDefault();
      // Keys typed before the field this command opens has focus are kept for it.
      if (command.opensField) keyBuffer.start(isTextField);
      void registry.run(command.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modal, registry, keyBuffer]);

  // Menu commands and tiemark:// links from the desktop shell.
  useEffect(
    () =>
      onShellChange((change) => {
        if (change.kind !== 'command' && change.kind !== 'open-link') return;
        if (change.kind === 'open-link') void openSource(change.sourceId, change.highlightId ?? undefined);
        else if ((change.command === 'undo' || change.command === 'redo') && isEditable(document.activeElement)) fieldHistory(change.command);
        else void registry.run(change.command);
      }),
    [openSource, registry],
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
          onClick={() => void registry.run('undo')}
          disabled={!annotations.undoState.canUndo}
          title={annotations.undoState.undo ? `Undo ${describeStep(annotations.undoState.undo)} (${showKey('Mod+Z')})` : 'Nothing to undo'}
        >
          Undo
        </button>
        <button
          type="button"
          onClick={() => void registry.run('redo')}
          disabled={!annotations.undoState.canRedo}
          title={annotations.undoState.redo ? `Redo ${describeStep(annotations.undoState.redo)} (${showKey('Shift+Mod+Z')})` : 'Nothing to redo'}
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
        <button type="button" onClick={() => void registry.run('export-project')} title="Export all sources with their highlights, ties and notes as Markdown">
          Export project
        </button>
        <button type="button" onClick={() => setModal({ kind: 'exports' })} title="Export tables, network files, annotations or the whole project">
          Export…
        </button>
        <button type="button" aria-pressed={view === 'network'} onClick={() => void registry.run('network')} title="Actors and their ties as a graph">
          Network
        </button>
        <button type="button" onClick={() => setModal({ kind: 'palette' })} title={`Every command by name (${showKey('Mod+K')}); press ? for the keyboard shortcuts`}>
          Commands
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
      ) : view === 'network' ? (
        <NetworkView
          sourceId={null}
          onClose={() => setView('reader')}
          onOpenPassage={(sourceId, highlightId) => {
            setView('reader');
            void openEvidence(sourceId, highlightId);
          }}
        />
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
                    onAddTie={(id) => openTieForm({ highlightId: id })}
                    onEditClaim={(claim) => openTieForm({ highlightId: claim.highlightId }, claim)}
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
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'tie' && (
        <TieForm
          actors={annotations.actors}
          relationTypes={annotations.relationTypes}
          passage={'highlightId' in modal.target ? passageOf(modal.target.highlightId) : source ? source.text.slice(modal.target.range.start, modal.target.range.end) : ''}
          initial={modal.initial}
          editing={modal.editing}
          onSubmit={(values) => submitTie(modal.target, values, modal.editing)}
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
      {modal?.kind === 'palette' && <CommandPalette registry={registry} onClose={() => setModal(null)} />}
      {modal?.kind === 'help' && <KeyboardHelp registry={registry} onClose={() => setModal(null)} />}
      {modal?.kind === 'exports' && <ExportsDialog sourceId={source?.id ?? null} onMessage={say} onClose={() => setModal(null)} />}
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
      <Toasts toasts={toasts} onDismiss={(id) => messages.dismiss(id)} />
    </div>
  );
}

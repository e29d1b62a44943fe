import type { MetadataPatch, ResearchApi, SourceAnnotations } from '../../../shared/api';
import type { Actor, Claim, Note, RelationType, UndoState, UndoStep } from '../../../shared/annotations';
import { ApiError, errorMessage } from '../../../shared/errors';
import type { TiemarkLink } from '../../../shared/links';
import type { Preferences, PreferencesPatch, TieTemplate } from '../../../shared/preferences';
import type { AnchorReviewItem, Highlight, HighlightColor, HighlightSpan, ImportReport, ProjectInfo, Source, SourceSummary } from '../../../shared/types';
import type { ClaimValues } from '../features/ties/TieForm';
import { describeReport, ImportQueue } from '../features/sources/importing';
import { FindStore, SearchStore } from '../features/search/searchStore';
import { fromSpanColumns } from '../../../shared/spans';
import { firstScreenChars } from '../reader/chunks';
import type { JumpRequest, TextRange } from '../reader/Reader';
import type { SelectionAction } from '../reader/SelectionToolbar';
import { claimSentence, indexAnnotations, type AnnotationIndex } from './annotations';
import { CommandRegistry } from './commands';
import type { Messages } from './messages';

/**
 * The workspace controller: everything the window shows about the open project (its sources,
 * the open source and its annotations, the selection, the open dialog, the undo state) and every
 * action on it, in plain TypeScript. React components subscribe to the slices they draw
 * (`useWorkspace` in src/renderer/src/app/useWorkspace.ts); commands (src/renderer/src/app/
 * workspaceCommands.ts) call its methods. Nothing here touches the DOM except through `ports`, so
 * it runs in a unit test against a real backend (src/renderer/src/app/workspace.test.ts).
 *
 * Changes to highlights are optimistic: the list the reader paints changes at once and the
 * store's answer confirms it (a new highlight gets its stored id) or rolls it back with a
 * message. Everything else shown is re-read from the store after a change, so what is shown is
 * what is stored, also after an undo.
 */

export type Target = { highlightId: string } | { range: TextRange };

export type Modal =
  | { kind: 'paste'; text: string; html?: string }
  | { kind: 'metadata' }
  | { kind: 'update-text' }
  | { kind: 'delete-source' }
  | { kind: 'actors' }
  | { kind: 'relations' }
  | { kind: 'backups' }
  /** `sourceIds`: the sources selected in the library, offered as the export's scope. */
  | { kind: 'exports'; sourceIds?: string[] }
  | { kind: 'palette' }
  | { kind: 'help' }
  | { kind: 'open-link' }
  | { kind: 'analyst' }
  | { kind: 'picker'; target: Target; anchor: DOMRect | null; suggestedIds: string[] }
  /** A tie on a highlight, or on a fresh selection that becomes a highlight only when the tie is saved. */
  | { kind: 'tie'; target: Target; initial: Partial<ClaimValues>; editing?: Claim }
  | null;

export type Tab = 'highlights' | 'ties' | 'mentions';
export type View = 'reader' | 'network';

/** The note being edited, with its stored content (null: new); a new `revision` reopens the editor on it. */
export interface OpenNote {
  highlightId: string;
  content: string | null;
  revision?: number;
}

export interface WorkspaceState {
  project: ProjectInfo | null;
  sources: SourceSummary[];
  source: Source | null;
  loadError: string | null;
  actors: Actor[];
  relationTypes: RelationType[];
  /** The open source's highlights in text order (by start, longer first), as painted. */
  highlights: HighlightSpan[];
  annotations: SourceAnnotations;
  undoState: UndoState;
  /** Bumped after every re-read of the annotations (the Ties panel re-reads on it). */
  version: number;
  selectedId: string | null;
  note: OpenNote | null;
  jump: JumpRequest | null;
  modal: Modal;
  tab: Tab;
  view: View;
  review: AnchorReviewItem[];
  /** Whether there is a text selection in the reader (its range is in `selection`). */
  hasSelection: boolean;
}

/** What the workspace needs from the page; App.tsx passes the real ones, tests their own. */
export interface WorkspacePorts {
  api: ResearchApi;
  messages: Messages;
  /** Removes the page's text selection. */
  clearSelection(): void;
  /** Saves every note editor's pending typing; false when one could not be saved. */
  flushNotes(): Promise<boolean>;
  /** The content the note editor of this highlight shows, if one is open. */
  shownNote(highlightId: string): string | undefined;
  saveTextFile(fileName: string, content: string): Promise<string | null>;
  /** Puts rich text on the clipboard: HTML, with the plain text beside it for programs that take only text. */
  copyRichText(html: string, text: string): Promise<void>;
  loadPreferences(fresh: boolean): Promise<Preferences>;
  /** Where the selected highlight is on screen (for a picker opened beside it), or null. */
  selectedRect(): DOMRect | null;
  updatePreferences(patch: PreferencesPatch): void;
}

const EMPTY: SourceAnnotations = { tags: [], claims: [], notes: [] };
const NO_UNDO: UndoState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null, undo: null, redo: null };
/**
 * How far into a source the first screen's highlights are asked for: twice the reader's first
 * chunk (reader/chunks.ts), so the view and the margin the painter paints below it are covered.
 */
const firstSpansChars = () => 2 * firstScreenChars(typeof window === 'undefined' ? 900 : window.innerHeight);

/** Ids of highlights shown before the store has answered; never sent to the store. */
const PENDING_PREFIX = 'pending-';
export const isPendingId = (id: string) => id.startsWith(PENDING_PREFIX);

const toSpan = (h: Pick<Highlight, 'id' | 'start' | 'end' | 'color'>): HighlightSpan => ({ id: h.id, start: h.start, end: h.end, color: h.color });

/** Highlights stay in text order: by start, longer first (as the store lists them). */
export function insertInOrder(list: readonly HighlightSpan[], h: HighlightSpan): HighlightSpan[] {
  // Binary search: the list may hold tens of thousands.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = list[mid];
    if (x.start < h.start || (x.start === h.start && x.end >= h.end)) lo = mid + 1;
    else hi = mid;
  }
  return [...list.slice(0, lo), h, ...list.slice(lo)];
}

/** A tie's two actors, once each. */
export const endsOf = (values: Pick<ClaimValues, 'sourceActorId' | 'targetActorId'>) => [...new Set([values.sourceActorId, values.targetActorId])];

/** "Add note in “Arms to the Levant”": what an undo step did, and where. */
export const describeStep = (step: UndoStep) => (step.sourceTitle ? `${step.label} in “${step.sourceTitle}”` : step.label);

export class Workspace {
  private current: WorkspaceState = {
    project: null,
    sources: [],
    source: null,
    loadError: null,
    actors: [],
    relationTypes: [],
    highlights: [],
    annotations: EMPTY,
    undoState: NO_UNDO,
    version: 0,
    selectedId: null,
    note: null,
    jump: null,
    modal: null,
    tab: 'highlights',
    view: 'reader',
    review: [],
    hasSelection: false,
  };
  private readonly listeners = new Set<() => void>();
  private indexed: AnnotationIndex | null = null;
  private indexedBefore: AnnotationIndex | null = null;
  private reloadTicket = 0;
  /** Counts openSource calls: an open overtaken by a later one sets nothing. */
  private openTicket = 0;
  private reviewTicket = 0;
  private pendingSeq = 0;
  /** Changes started and not yet stored and shown (see track and settled). */
  private readonly inflight = new Set<Promise<unknown>>();
  /** The reader's text selection, read by commands at the moment they run. */
  selection: { range: TextRange; rect: DOMRect | null } | null = null;
  /**
   * A highlight being stored: keys pressed before the store answers (A, T, N, . right after
   * highlighting) act on it once it is there, instead of on nothing.
   */
  pendingHighlight: Promise<string | undefined> | null = null;
  /** The last tie saved, which "." repeats (also kept in the preferences, per project). */
  lastTie: TieTemplate | null = null;
  readonly importQueue = new ImportQueue();
  /** Every command of the window (src/renderer/src/app/workspaceCommands.ts registers them). */
  readonly registry = new CommandRegistry((error) => this.fail(error));
  private batchOpened = false;
  private sourcesTimer: ReturnType<typeof setTimeout> | null = null;
  /** Corpus search in the top bar, and find in the open source (src/renderer/src/features/search/searchStore.ts). */
  readonly search: SearchStore;
  readonly find = new FindStore();

  constructor(private readonly ports: WorkspacePorts) {
    this.search = new SearchStore(ports.api, { goToText: this.goToText, openEvidence: this.openEvidence, openSource: (id) => this.openSource(id) });
    this.importQueue.onOutcome((outcome) => {
      if (outcome.status !== 'imported' || !outcome.source) return;
      // At most one list refresh per 300 ms during a batch: the list still grows as files land.
      this.sourcesTimer ??= setTimeout(() => {
        this.sourcesTimer = null;
        this.refreshSources().catch(this.fail);
      }, 300);
      if (!this.batchOpened) {
        this.batchOpened = true;
        void this.openSource(outcome.source.id);
      }
    });
  }

  // --- State ---------------------------------------------------------------------------------

  get state(): WorkspaceState {
    return this.current;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<WorkspaceState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Look-up maps over the annotations, rebuilt only when actors, types or annotations change. */
  get index(): AnnotationIndex {
    const { actors, relationTypes, annotations } = this.current;
    return this.indexOf(actors, relationTypes, annotations);
  }

  /** The index of these (the state as a view last drew it, which may be a frame behind: SidePanel). */
  indexOf(actors: Actor[], relationTypes: RelationType[], annotations: SourceAnnotations): AnnotationIndex {
    // The last two made: the newest and the one a view a frame behind still draws.
    const of = (i: AnnotationIndex | null) => i && i.actors === actors && i.relationTypes === relationTypes && i.annotations === annotations;
    if (of(this.indexed)) return this.indexed!;
    if (of(this.indexedBefore)) return this.indexedBefore!;
    this.indexedBefore = this.indexed;
    return (this.indexed = indexAnnotations(actors, relationTypes, annotations));
  }

  /** The window's messages (toasts); everything said goes through here. */
  get messages(): Messages {
    return this.ports.messages;
  }

  say = (kind: 'info' | 'error', text: string): void => void this.ports.messages.say(kind, text);
  fail = (error: unknown): void => this.say('error', errorMessage(error));

  setModal = (modal: Modal): void => this.set({ modal });
  closeModal = (): void => this.set({ modal: null });
  setTab = (tab: Tab): void => this.set({ tab });
  setView = (view: View): void => this.set({ view });

  setSelection(range: TextRange | null, rect: DOMRect | null): void {
    this.selection = range ? { range, rect } : null;
    if (this.current.hasSelection !== !!range) this.set({ hasSelection: !!range });
  }

  selectHighlight = (id: string | null, scroll = false): void => {
    this.set(id && scroll ? { selectedId: id, jump: { highlightId: id, nonce: Date.now() } } : { selectedId: id });
  };

  /** Registers a change in flight, so an undo waits for it (see settled). */
  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    const done = () => void this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  /**
   * Resolves once every change started so far is stored and the state re-read: an undo pressed
   * right after an optimistic change must undo that change, which the store only then knows.
   */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  // --- Loading -------------------------------------------------------------------------------

  async refreshSources(): Promise<SourceSummary[]> {
    const [project, sources] = await Promise.all([this.ports.api.projectInfo({}), this.latest('sources', () => this.ports.api.listSources({}))]);
    this.set({ project, ...sources.patch() });
    return sources.value;
  }

  /** How many times each of these was asked for, and the latest ask whose answer is shown. */
  private asked = { sources: 0, undoState: 0 };
  private shownAsk = { sources: 0, undoState: 0 };

  /**
   * Asks for the sources or the undo state. Two asks in flight may be answered in either order
   * (a light refresh after an add overtakes a full one started before it), and an answer may be
   * shown later still, with others: `patch()`, called when it is shown, is empty when a later
   * ask's answer is shown already, so an older answer never replaces a newer one.
   */
  private async latest<K extends keyof Workspace['asked']>(key: K, call: () => Promise<WorkspaceState[K]>): Promise<{ value: WorkspaceState[K]; patch(): Partial<WorkspaceState> }> {
    const ask = ++this.asked[key];
    const value = await call();
    return {
      value,
      patch: () => {
        if (ask < this.shownAsk[key]) return {};
        this.shownAsk[key] = ask;
        return { [key]: value };
      },
    };
  }

  /**
   * Re-reads the annotations of `sourceId` (null: none open): the registry, relation types, undo
   * state, tags, claims and notes, and the highlights unless `keepHighlights` (after an
   * optimistic change the list shown is already the stored one). Stale answers are dropped.
   */
  async reload(sourceId: string | null, keepHighlights = false): Promise<void> {
    const ticket = ++this.reloadTicket;
    const { api } = this.ports;
    const current = () => ticket === this.reloadTicket;
    let painted = false;
    // The highlights are shown the moment they come, without waiting for the tags, claims and
    // notes (a source with 20,000 highlights has several megabytes of those); the first screen's,
    // when loadProject asked for them ahead (readAhead), even before the whole list.
    const firstPart = sourceId && !keepHighlights ? this.take<HighlightSpan[]>(`firstSpans:${sourceId}`) : undefined;
    firstPart?.then((spans) => sourceId && current() && !painted && this.showSpans(sourceId, spans), () => undefined);
    const spans =
      sourceId && !keepHighlights
        ? this.read(`listHighlightSpans:${sourceId}`, () => api.listHighlightSpans({ sourceId }).then(fromSpanColumns)).then((list) => {
            painted = true;
            if (current()) this.showSpans(sourceId, list);
            return list;
          })
        : Promise.resolve(null);
    const [actors, relationTypes, undoState, highlights, annotations] = await Promise.all([
      this.read('listActors', () => api.listActors({})),
      this.read('listRelationTypes', () => api.listRelationTypes({})),
      this.latest('undoState', () => this.read('undoState', () => api.undoState({}))),
      spans,
      sourceId ? this.read(`listAnnotations:${sourceId}`, () => api.listAnnotations({ sourceId })) : Promise.resolve(EMPTY),
    ]);
    if (!current()) return;
    const shownNow = (this.current.source?.id ?? null) === sourceId;
    // Highlights of a source on screen were shown when they came (showSpans); setting that list
    // again here, after the annotations, would undo an edit made meanwhile.
    const own = { annotations, ...(keepHighlights || (shownNow && sourceId) ? {} : { highlights: highlights ?? [] }) };
    // A source being opened whose text has not arrived yet: its annotations wait for the text
    // (openSource applies them), so the text shown never carries another source's highlights.
    this.early = shownNow ? null : { sourceId, ...own };
    if (shownNow && !keepHighlights) this.annotationsOf = sourceId;
    this.set({ actors, relationTypes, ...undoState.patch(), version: this.current.version + 1, ...(shownNow ? own : {}) });
    if (shownNow) this.reloadReview();
  }

  /**
   * Highlights read for `sourceId` ahead of its annotations: painted now if its text is shown, else
   * kept for openSource to show with the text (as `early`, without annotations).
   */
  private showSpans(sourceId: string, highlights: HighlightSpan[]): void {
    if (this.current.source?.id === sourceId) this.set({ highlights });
    else this.early = { ...(this.early?.sourceId === sourceId ? this.early : {}), sourceId, highlights };
  }

  /** The source whose highlights the state holds. */
  private annotationsOf: string | null = null;
  /** Annotations read for a source whose text is still on its way (see reload). */
  private early: ({ sourceId: string | null } & Partial<Pick<WorkspaceState, 'annotations' | 'highlights'>>) | null = null;

  /** After any change: re-read the open source's annotations and the source counts. */
  async refresh(keepHighlights = false): Promise<void> {
    await this.reload(this.current.source?.id ?? null, keepHighlights);
    this.set((await this.latest('sources', () => this.ports.api.listSources({}))).patch());
  }

  /**
   * After a change to one highlight's span or colour alone (added untagged, recoloured): only the
   * undo state and the sources' counts are read again. Such a change touches no tag, tie or note,
   * so the annotations (megabytes at 20,000 highlights), their index and the side panel drawn from
   * them stay as they are: reading and indexing them again after every add was most of its cost.
   */
  private async refreshCounts(): Promise<void> {
    const { api } = this.ports;
    const [undoState, sources] = await Promise.all([this.latest('undoState', () => api.undoState({})), this.latest('sources', () => api.listSources({}))]);
    this.set({ ...undoState.patch(), ...sources.patch() });
  }

  /** Re-reads the review list of the open source (highlights an update of the text could not place). */
  private reloadReview(): void {
    const source = this.current.source;
    const ticket = ++this.reviewTicket;
    if (!source) {
      if (this.current.review.length) this.set({ review: [] });
      return;
    }
    this.ports.api.listAnchorReview({ sourceId: source.id }).then((review) => {
      if (ticket === this.reviewTicket) this.set({ review });
    }, this.fail);
  }

  /**
   * Reads the project and opens the source it was left on. The window's first load passes
   * `fresh = false` and shares the preferences read that is already on its way (main.tsx): the
   * sources and the preferences are asked for at once, so the source opens one round trip after
   * the window starts asking, not three.
   */
  async loadProject(fresh = true): Promise<void> {
    try {
      // Read afresh: the desktop app may have opened another project, which remembers its own source.
      const preferences = this.ports.loadPreferences(fresh);
      // The source the project was left on is asked for the moment the preferences name it, in
      // parallel with the list that confirms it (and before the window's first render, which
      // waits for the same preferences and would hold the requests back by its length).
      void preferences.then((prefs) => this.readAhead(prefs.lastSourceId ?? null));
      const [list, prefs] = await Promise.all([this.refreshSources(), preferences]);
      this.set({ loadError: null });
      this.lastTie = prefs.lastTie ?? null;
      const first = list.find((s) => s.id === prefs.lastSourceId) ?? list[0];
      if (first) await this.openSource(first.id);
      else {
        this.set({ source: null, highlights: [] });
        await this.reload(null);
      }
    } catch (error) {
      this.set({ loadError: errorMessage(error) });
    } finally {
      this.ahead.clear(); // a guess not taken (the source was deleted) is dropped
    }
  }

  /** Reads started ahead of need by loadProject, each taken once by the read it anticipates (see `read`). */
  private readonly ahead = new Map<string, Promise<unknown>>();

  private readAhead(sourceId: string | null): void {
    const { api } = this.ports;
    const start = (key: string, call: () => Promise<unknown>) => {
      const promise = call();
      promise.catch(() => undefined); // reported by the read that takes it, if one does
      this.ahead.set(key, promise);
    };
    start('listActors', () => api.listActors({}));
    start('listRelationTypes', () => api.listRelationTypes({}));
    start('undoState', () => api.undoState({}));
    if (!sourceId) return;
    const text = api.getSource({ id: sourceId });
    start(`getSource:${sourceId}`, () => text);
    // The highlights of the first screen (the reader opens a source at its top and draws that part
    // first, Reader.tsx) come in a small answer beside the text. The whole list and the
    // annotations are not needed for that screen and are megabytes at 20,000 highlights: they are
    // asked for once the text has come, so they do not hold it back.
    start(`firstSpans:${sourceId}`, () => api.listHighlightSpans({ sourceId, before: firstSpansChars() }).then(fromSpanColumns));
    const afterText = <T>(call: () => Promise<T>) => () => text.then(call, call);
    start(`listHighlightSpans:${sourceId}`, afterText(() => api.listHighlightSpans({ sourceId }).then(fromSpanColumns)));
    start(`listAnnotations:${sourceId}`, afterText(() => api.listAnnotations({ sourceId })));
  }

  /** `call`, or the same read already started by readAhead. */
  private read<T>(key: string, call: () => Promise<T>): Promise<T> {
    return this.take<T>(key) ?? call();
  }

  /** The read readAhead started under `key`, if any (taken once). */
  private take<T>(key: string): Promise<T> | undefined {
    const early = this.ahead.get(key);
    this.ahead.delete(key);
    return early as Promise<T> | undefined;
  }

  /**
   * Opens a source. The text is shown as soon as it arrives, its highlights when they do (the
   * reader paints the first screen first); `focusHighlight` is selected and scrolled to.
   */
  openSource = async (id: string, focusHighlight?: string): Promise<void> => {
    try {
      const { api } = this.ports;
      const open = ++this.openTicket;
      const annotations = this.reload(id);
      const source = await this.read(`getSource:${id}`, () => api.getSource({ id }));
      if (open !== this.openTicket) return; // another source was opened meanwhile
      // The text is shown now, with its annotations if they came first, else with none until they
      // come: never with another source's.
      const switching = this.current.source?.id !== id;
      const early = this.early?.sourceId === id ? this.early : null;
      this.early = null;
      this.set({
        source,
        ...(switching ? { highlights: [], annotations: EMPTY, review: [] } : {}),
        ...(early ? { annotations: early.annotations ?? EMPTY, highlights: early.highlights ?? [] } : {}),
        note: null,
        selectedId: focusHighlight ?? null,
      });
      // Annotations read ahead of the text (not only its highlights, see showSpans): the state is this source's.
      if (early?.annotations) {
        this.annotationsOf = id;
        this.reloadReview();
      }
      await annotations;
      // A refresh for the previous source overtook this source's reload: read them now.
      if (open === this.openTicket && this.annotationsOf !== id) await this.reload(id);
      if (open !== this.openTicket) return;
      if (focusHighlight) this.set({ jump: { highlightId: focusHighlight, nonce: Date.now() } });
      this.ports.updatePreferences({ lastSourceId: id });
    } catch (error) {
      this.fail(error);
    }
  };

  /**
   * Goes to the passage a tiemark:// link names: the "Open link…" command, a link pasted into the
   * window, or one the desktop app was asked to open. A link to a passage since deleted says so.
   */
  openLink = async (link: TiemarkLink): Promise<void> => {
    if (link.highlightId) await this.openEvidence(link.sourceId, link.highlightId);
    else {
      if (this.current.view !== 'reader') this.set({ view: 'reader' });
      if (this.current.source?.id !== link.sourceId) await this.openSource(link.sourceId);
    }
    if (this.current.source?.id !== link.sourceId) return; // openSource said why
    if (link.highlightId && !this.current.highlights.some((h) => h.id === link.highlightId)) {
      this.say('error', 'The linked passage is no longer in this source (its highlight was deleted); the source is open.');
    }
  };

  /**
   * Opens a source (if it is not open) at a stretch of its text, scrolled to and flashed: a search
   * hit, a mention. Nothing is selected, so the keys act on what was selected before.
   */
  goToText = async (sourceId: string, range: TextRange): Promise<void> => {
    if (this.current.view !== 'reader') this.set({ view: 'reader' });
    if (this.current.source?.id !== sourceId) await this.openSource(sourceId);
    if (this.current.source?.id === sourceId) this.set({ jump: { range: { start: range.start, end: range.end }, nonce: Date.now() } });
  };

  openEvidence = async (sourceId: string, highlightId: string): Promise<void> => {
    if (this.current.view !== 'reader') this.set({ view: 'reader' });
    if (this.current.source?.id === sourceId) this.selectHighlight(highlightId, true);
    else await this.openSource(sourceId, highlightId);
  };

  // --- Highlights (optimistic) -----------------------------------------------------------------

  /** The selected highlight's stored id, waiting for one being stored. */
  async targetHighlight(): Promise<string | null> {
    const id = this.current.selectedId;
    if (id && !isPendingId(id)) return id;
    return (await this.pendingHighlight) ?? null;
  }

  /**
   * Highlights `range`, tagged with `actorIds`: painted at once under a provisional id, which the
   * store's answer replaces; refused, it disappears again with a message. Exactly the span of an
   * existing highlight selects (and tags) that one instead of making a twin.
   */
  createHighlight = (range: TextRange, actorIds?: string[]): Promise<{ id: string } | undefined> => this.track(this.storeHighlight(range, actorIds));

  private async storeHighlight(range: TextRange, actorIds?: string[]): Promise<{ id: string } | undefined> {
    const source = this.current.source;
    if (!source) return undefined;
    const twin = this.current.highlights.find((h) => h.start === range.start && h.end === range.end && !isPendingId(h.id));
    if (twin) {
      this.set({ selectedId: twin.id });
      if (actorIds?.length) await this.change(async () => {
        for (const actorId of actorIds) await this.ports.api.tagHighlight({ highlightId: twin.id, actorId });
      });
      return { id: twin.id };
    }
    const provisional = this.showProvisional(range);
    const stored = (async () => {
      try {
        const h = await this.ports.api.createHighlight({ sourceId: source.id, start: range.start, end: range.end, actorIds });
        this.replaceHighlight(provisional.id, toSpan(h));
        return h;
      } catch (error) {
        this.replaceHighlight(provisional.id, null);
        this.fail(error);
        return undefined;
      }
    })();
    const pending = stored.then((h) => h?.id);
    this.pendingHighlight = pending;
    void pending.finally(() => {
      if (this.pendingHighlight === pending) this.pendingHighlight = null;
    });
    const created = await stored;
    if (created) await (actorIds?.length ? this.refresh(true) : this.refreshCounts()).catch(this.fail);
    return created && { id: created.id };
  }

  /** Puts the stored highlight in place of the provisional one (or removes it: null); shown once even if it was there already. */
  private replaceHighlight(provisionalId: string, stored: HighlightSpan | null): void {
    const highlights = this.current.highlights.filter((h) => h.id !== provisionalId && h.id !== stored?.id);
    const selectedId = this.current.selectedId === provisionalId ? (stored?.id ?? null) : this.current.selectedId;
    this.set({ highlights: stored ? insertInOrder(highlights, stored) : highlights, selectedId });
  }

  deleteHighlight = (id: string): Promise<void> => this.track(this.removeHighlight(id));

  private async removeHighlight(id: string): Promise<void> {
    const target = isPendingId(id) ? await this.targetHighlight() : id;
    const removed = this.current.highlights.find((h) => h.id === target);
    if (!target || !removed) return;
    const { selectedId, note } = this.current;
    this.set({
      highlights: this.current.highlights.filter((h) => h.id !== target),
      selectedId: selectedId === target ? null : selectedId,
      note: note?.highlightId === target ? null : note,
    });
    try {
      await this.ports.api.deleteHighlight({ id: target });
      this.say('info', 'Highlight deleted. Press Ctrl+Z to undo.');
    } catch (error) {
      if (!this.current.highlights.some((h) => h.id === target)) this.set({ highlights: insertInOrder(this.current.highlights, removed) });
      this.fail(error);
      await this.refresh(true).catch(this.fail);
      return;
    }
    // The store dropped the highlight's tags, ties and note with it (ON DELETE CASCADE): so does
    // the window, instead of reading every annotation of the source again (see refreshCounts).
    // The lists drawn from the store (ties, mentions) are read again (version).
    const { annotations } = this.current;
    const kept = <T extends { highlightId: string }>(list: T[]) => list.filter((x) => x.highlightId !== target);
    this.set({
      annotations: { tags: kept(annotations.tags), claims: kept(annotations.claims), notes: kept(annotations.notes) },
      version: this.current.version + 1,
    });
    await this.refreshCounts().catch(this.fail);
  }

  recolor = (id: string, color: HighlightColor): Promise<void> => this.track(this.paintColor(id, color));

  private async paintColor(id: string, color: HighlightColor): Promise<void> {
    const before = this.current.highlights.find((h) => h.id === id);
    if (!before || isPendingId(id) || before.color === color) return;
    const paint = (c: HighlightColor) => this.set({ highlights: this.current.highlights.map((h) => (h.id === id ? { ...h, color: c } : h)) });
    paint(color);
    try {
      await this.ports.api.updateHighlight({ id, color });
    } catch (error) {
      paint(before.color);
      this.fail(error);
    }
    await this.refreshCounts().catch(this.fail);
  }

  /**
   * Runs one change, then shows the stored state; failures become messages. Resolves to the
   * action's result, or undefined when it failed.
   */
  change = <T>(action: () => Promise<T>, keepHighlights = true): Promise<T | undefined> =>
    this.track(
      (async () => {
        try {
          return await action();
        } catch (error) {
          this.fail(error);
          return undefined;
        } finally {
          await this.refresh(keepHighlights).catch(this.fail);
        }
      })(),
    );

  // --- Actors and ties -----------------------------------------------------------------------

  openPicker = async (target: Target, anchor: DOMRect | null): Promise<void> => {
    const source = this.current.source;
    if (!source) return;
    const span = 'range' in target ? target.range : this.current.highlights.find((h) => h.id === target.highlightId);
    // Beside the highlight when it is on screen, never over it.
    const at = anchor ?? ('highlightId' in target && target.highlightId === this.current.selectedId ? this.ports.selectedRect() : null);
    // Open at once so no keystroke is lost; the suggestions arrive a moment later.
    this.set({ modal: { kind: 'picker', target, anchor: at, suggestedIds: [] } });
    if (!span) return;
    try {
      const mentions = await this.ports.api.suggestActors({ sourceId: source.id, start: span.start, end: span.end });
      const modal = this.current.modal;
      if (modal?.kind === 'picker' && modal.target === target) this.set({ modal: { ...modal, suggestedIds: mentions.map((m) => m.actorId) } });
    } catch (error) {
      this.fail(error);
    }
  };

  tagWith = async (target: Target, actor: Actor): Promise<void> => {
    this.closeModal();
    if ('range' in target) {
      this.ports.clearSelection();
      await this.createHighlight(target.range, [actor.id]);
    } else {
      await this.change(() => this.ports.api.tagHighlight({ highlightId: target.highlightId, actorId: actor.id }));
    }
  };

  untag = (highlightId: string, actorId: string) => this.change(() => this.ports.api.untagHighlight({ highlightId, actorId }));

  openTieForm = (target: Target, editing?: Claim): void => {
    const tagged = 'highlightId' in target ? (this.index.actorIdsByHighlight.get(target.highlightId) ?? []) : [];
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
    this.set({ modal: { kind: 'tie', target, initial, editing }, ...('highlightId' in target ? { selectedId: target.highlightId } : {}) });
  };

  /** Tags a tie's two actors on its highlight where they are not tagged yet. */
  private async tagEnds(highlightId: string, values: Pick<ClaimValues, 'sourceActorId' | 'targetActorId'>): Promise<void> {
    const tagged = this.index.actorIdsByHighlight.get(highlightId) ?? [];
    for (const actorId of endsOf(values)) if (!tagged.includes(actorId)) await this.ports.api.tagHighlight({ highlightId, actorId });
  }

  /** Saves the tie form; errors propagate to the form, which keeps the user's input and shows them. */
  submitTie = (target: Target, values: ClaimValues, editing?: Claim): Promise<void> => this.track(this.saveTie(target, values, editing));

  private async saveTie(target: Target, values: ClaimValues, editing?: Claim): Promise<void> {
    if (editing) {
      await this.ports.api.updateClaim({ id: editing.id, patch: values });
      await this.tagEnds(editing.highlightId, values);
    } else {
      // A fresh selection becomes a highlight only now, with the tie, in one undo step: a
      // cancelled form leaves nothing behind, and one undo takes the whole tie back.
      await this.addTie(target, values);
    }
    this.rememberTie(values);
    this.closeModal();
    await this.refresh(true);
  }

  /**
   * Adds a tie on a highlight or on a passage (highlighted by the same call, shown at once under a
   * provisional id), with its two actors tagged: one undo step. Throws the store's refusal.
   */
  private async addTie(target: Target, values: ClaimValues): Promise<{ claim: Claim; highlight: Highlight }> {
    const source = this.current.source;
    if (!source) throw new Error('Open a source first.');
    const provisional = 'range' in target ? this.showProvisional(target.range) : null;
    try {
      const added = await this.ports.api.addTie({
        ...('range' in target ? { passage: { sourceId: source.id, start: target.range.start, end: target.range.end } } : { highlightId: target.highlightId }),
        ...values,
      });
      if (provisional) this.replaceHighlight(provisional.id, toSpan(added.highlight));
      return added;
    } catch (error) {
      if (provisional) this.replaceHighlight(provisional.id, null);
      throw error;
    }
  }

  /** Paints a passage being highlighted at once, selected, under a provisional id. */
  private showProvisional(range: TextRange): HighlightSpan {
    const provisional = toSpan({ id: `${PENDING_PREFIX}${++this.pendingSeq}`, start: range.start, end: range.end, color: 'yellow' });
    this.set({ highlights: insertInOrder(this.current.highlights, provisional), selectedId: provisional.id });
    return provisional;
  }

  private rememberTie(values: ClaimValues): void {
    this.lastTie = values;
    this.ports.updatePreferences({ lastTie: this.lastTie });
  }

  deleteClaim = (id: string) => {
    this.closeModal();
    return this.change(() => this.ports.api.deleteClaim({ id }));
  };

  /** "." : the last tie again, on the selection (highlighted by the same step) or the selected highlight. */
  repeatLastTie = async (): Promise<void> => {
    const template = this.lastTie;
    if (!template) {
      this.say('info', 'Add a tie first; then . repeats it on another passage.');
      return;
    }
    let target: Target;
    const selection = this.selection;
    if (selection) {
      this.ports.clearSelection();
      this.setSelection(null, null);
      target = { range: selection.range };
    } else {
      const highlightId = await this.targetHighlight();
      if (!highlightId) {
        this.say('info', 'Select some text or a highlight first, then press . to add the same tie to it.');
        return;
      }
      target = { highlightId };
    }
    const added = await this.change(() => this.addTie(target, template));
    if (added) this.say('info', `Added ${claimSentence(added.claim, this.index)}.`);
  };

  // --- Notes ---------------------------------------------------------------------------------

  openNote = async (highlightId: string): Promise<void> => {
    try {
      const stored = await this.ports.api.getNote({ highlightId });
      this.set({ selectedId: highlightId, note: { highlightId, content: stored?.content ?? null } });
    } catch (error) {
      this.fail(error);
    }
  };

  saveNote = async (highlightId: string, content: string, plainText: string): Promise<void> => {
    const isNew = !this.index.noteByHighlight.has(highlightId);
    await this.ports.api.saveNote({ highlightId, content, plainText });
    if (isNew) await this.refresh(true);
  };

  closeNote = (): void => {
    this.set({ note: null });
    this.refresh(true).catch(this.fail);
  };

  /**
   * After an undo or redo (or a change in another window), the open note editor shows the stored
   * note again: emptied when the note was removed, closed when its highlight was. An editor that
   * shows what is stored is left as it is.
   */
  private async reloadNote(): Promise<void> {
    const open = this.current.note;
    if (!open) return;
    let stored: Note | null;
    try {
      stored = await this.ports.api.getNote({ highlightId: open.highlightId });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found') {
        if (this.current.note?.highlightId === open.highlightId) this.set({ note: null });
      } else this.fail(error);
      return;
    }
    const content = stored?.content ?? null;
    if (content !== null && this.ports.shownNote(open.highlightId) === content) return;
    const n = this.current.note;
    if (n?.highlightId === open.highlightId) this.set({ note: { highlightId: n.highlightId, content, revision: (n.revision ?? 0) + 1 } });
  }

  // --- Undo ----------------------------------------------------------------------------------

  undoOrRedo = (which: 'undo' | 'redo'): Promise<void> => {
    // Changes still in flight first (an undo right after an add undoes that add), and undos one
    // after another, so a second undo pressed at once undoes the step before.
    const next = this.undoQueue.then(async () => {
      await this.settled();
      await this.track(this.revert(which));
    });
    this.undoQueue = next.catch(() => undefined);
    return next;
  };
  private undoQueue: Promise<void> = Promise.resolve();

  private async revert(which: 'undo' | 'redo'): Promise<void> {
    // Typing not saved yet is saved first, so the step reverted is the one the button names.
    if (!(await this.ports.flushNotes())) {
      this.say('error', `Nothing was ${which === 'undo' ? 'undone' : 'redone'}: the note you are writing is not saved (see the message under it). Save it, then try again.`);
      return;
    }
    // The step this window shows; the backend refuses (conflict) when another window changed the project since.
    const expected = this.current.undoState[which]?.id ?? null;
    const { api } = this.ports;
    let step: UndoStep | null;
    try {
      step = (await (which === 'undo' ? api.undo({ expected }) : api.redo({ expected }))).step;
    } catch (error) {
      this.fail(error);
      await this.refresh().catch(this.fail); // the buttons then name the project's last step as it is now
      await this.reloadNote();
      return;
    }
    // Forms showing stored values may show what is no longer stored.
    const modal = this.current.modal;
    if (modal && (modal.kind === 'tie' || modal.kind === 'metadata' || modal.kind === 'picker' || modal.kind === 'update-text')) this.closeModal();
    if (!step) {
      this.say('info', which === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
      await this.refresh().catch(this.fail);
      return;
    }
    try {
      const source = this.current.source;
      if (step.sourceId && step.sourceId !== source?.id) {
        // The step changed a source that is not on screen: the reader goes there, to its highlight.
        await this.openSource(step.sourceId, step.highlightId ?? undefined);
        await this.refreshSources();
      } else if (step.label === 'Update text' && source) {
        // Undoing an update brings the previous text back: the reader reads it again.
        await this.openSource(source.id);
        await this.refreshSources();
      } else {
        await this.refresh();
        if (step.highlightId) this.selectHighlight(step.highlightId, true);
        await this.reloadNote();
      }
    } catch (error) {
      this.fail(error);
    }
    this.say('info', `${which === 'undo' ? 'Undid' : 'Redid'} ${describeStep(step)}.`);
  }

  /**
   * Another window may have changed the project and its one history: re-read the undo state, and
   * everything else when it changed.
   */
  async checkForOutsideChanges(): Promise<void> {
    await this.settled();
    const next = await this.ports.api.undoState({});
    const shown = this.current.undoState;
    this.set({ undoState: next });
    if (next.undo?.id === shown.undo?.id && next.redo?.id === shown.redo?.id) return;
    await this.refresh();
    await this.reloadNote();
  }

  // --- Selection toolbar and keys --------------------------------------------------------------

  /** Toolbar buttons and their keys act on the selection, or else on the selected highlight. */
  act = async (action: SelectionAction, range: TextRange | null, rect: DOMRect | null): Promise<void> => {
    if (range) {
      if (action === 'tag') return this.openPicker({ range }, rect);
      this.ports.clearSelection();
      this.setSelection(null, null);
      if (action === 'tie') return this.openTieForm({ range });
      const created = this.createHighlight(range);
      if (action === 'note') {
        const stored = await created;
        if (stored) await this.openNote(stored.id);
      } else await created;
      return;
    }
    const targetId = await this.targetHighlight();
    if (!targetId) return;
    if (action === 'tag') await this.openPicker({ highlightId: targetId }, null);
    if (action === 'tie') this.openTieForm({ highlightId: targetId });
    if (action === 'note') await this.openNote(targetId);
  };

  /** Acts on the current selection or selected highlight (the keys H, A, T, N). */
  actOnTarget = (action: SelectionAction) => this.act(action, this.selection?.range ?? null, this.selection?.rect ?? null);

  hasTarget = (): boolean => !!this.selection || !!this.current.selectedId || !!this.pendingHighlight;

  // --- Sources -------------------------------------------------------------------------------

  /** Adds files to the import queue (a new batch opens its first imported file). */
  importFiles(items: Parameters<ImportQueue['add']>[0]): void {
    if (items.length === 0) return;
    if (!this.importQueue.busy) this.batchOpened = false;
    this.importQueue.add(items);
  }

  importFailed(name: string, error: string): void {
    if (!this.importQueue.busy) this.batchOpened = false;
    this.importQueue.addFailed(name, error);
  }

  private async afterImport(report: ImportReport): Promise<void> {
    const { info, errors } = describeReport(report);
    info.forEach((line) => this.say('info', line));
    errors.forEach((line) => this.say('error', line));
    await this.refreshSources();
    const first = report.outcomes.find((o) => o.status === 'imported' && o.source);
    if (first?.source) await this.openSource(first.source.id);
  }

  pasteSource = async (text: string, title: string, html?: string): Promise<void> => {
    this.closeModal();
    try {
      await this.afterImport(await this.ports.api.importText({ text, title: title || undefined, ...(html ? { html } : {}) }));
    } catch (error) {
      this.fail(error);
    }
  };

  saveMetadata = async (patch: MetadataPatch): Promise<void> => {
    const source = this.current.source;
    if (!source) return;
    try {
      const updated = await this.ports.api.updateSource({ id: source.id, patch });
      this.set({
        source: { ...source, ...updated },
        sources: this.current.sources.map((s) => (s.id === updated.id ? updated : s)),
        modal: null,
      });
    } catch (error) {
      this.fail(error);
    }
  };

  deleteSource = async (): Promise<void> => {
    const source = this.current.source;
    if (!source) return;
    try {
      await this.ports.api.deleteSource({ id: source.id });
      this.say('info', `Deleted “${source.title}”.`);
      this.set({ modal: null, source: null, highlights: [], selectedId: null, note: null });
      await this.reload(null);
      const list = await this.refreshSources();
      if (list[0]) await this.openSource(list[0].id);
    } catch (error) {
      this.fail(error);
    }
  };

  /**
   * Deletes several sources in one undo step (the library's "Delete…"); when the open source is
   * among them, the first source left opens. Resolves to how many were deleted (0: refused, said).
   */
  deleteSources = async (ids: string[]): Promise<number> => {
    if (ids.length === 0) return 0;
    try {
      const { deleted } = await this.ports.api.deleteSources({ ids });
      const open = this.current.source;
      if (open && ids.includes(open.id)) {
        this.set({ source: null, highlights: [], selectedId: null, note: null });
        await this.reload(null);
        const list = await this.refreshSources();
        if (list[0]) await this.openSource(list[0].id);
      } else await this.refresh(true);
      this.say('info', `Deleted ${deleted === 1 ? '1 source' : `${deleted} sources`}. Press Ctrl+Z to undo.`);
      return deleted;
    } catch (error) {
      this.fail(error);
      return 0;
    }
  };

  updateText = async (update: { file: { name: string; dataBase64: string } } | { text: string }): Promise<void> => {
    this.closeModal();
    const source = this.current.source;
    if (!source) return;
    try {
      const report = await this.ports.api.updateSourceText('file' in update ? { id: source.id, file: update.file } : { id: source.id, text: update.text });
      const waiting = report.review + report.orphaned;
      const placed = report.kept + report.moved;
      this.say('info', `Text updated. ${placed} highlight${placed === 1 ? '' : 's'} in place` + (waiting ? `; ${waiting} to review under Review highlights.` : '.'));
      await this.openSource(source.id);
      await this.refreshSources();
    } catch (error) {
      this.fail(error);
    }
  };

  resolveAnchor = (id: string, action: 'accept' | 'move') => {
    const range = this.selection?.range;
    if (action === 'move' && !range) return Promise.resolve(undefined);
    return this.change(() => this.ports.api.resolveAnchor(action === 'accept' ? { id, action } : { id, action, start: range!.start, end: range!.end }), false);
  };

  exportMarkdown = async (scope: 'source' | 'project'): Promise<void> => {
    const source = this.current.source;
    try {
      const file = await this.ports.api.exportMarkdown(scope === 'source' && source ? { sourceId: source.id } : {});
      const saved = await this.ports.saveTextFile(file.fileName, file.content);
      if (saved) this.say('info', `Exported ${saved}.`);
    } catch (error) {
      this.fail(error);
    }
  };

  /**
   * The open source's notes as rich text on the clipboard, for a Zotero note or a document: HTML
   * rendered from the same Markdown export (passages quoted, ties, notes, links back), the
   * Markdown beside it as plain text.
   */
  copyNotesAsRichText = async (): Promise<void> => {
    const source = this.current.source;
    if (!source) return;
    try {
      const { api } = this.ports;
      const [html, markdown] = await Promise.all([api.exportMarkdown({ sourceId: source.id, as: 'html' }), api.exportMarkdown({ sourceId: source.id })]);
      await this.ports.copyRichText(html.content, markdown.content);
      this.say('info', `Copied the notes of “${source.title}” as rich text: paste them into a Zotero note or a document.`);
    } catch (error) {
      this.fail(error);
    }
  };

  // --- Reading helpers -----------------------------------------------------------------------

  /** The passage of a highlight (or a range) of the open source. */
  passageOf(target: Target): string {
    const source = this.current.source;
    if (!source) return '';
    const span = 'range' in target ? target.range : this.current.highlights.find((h) => h.id === target.highlightId);
    return span ? source.text.slice(span.start, span.end) : '';
  }

  /** The hover card of a highlight: its actors and number of ties, or null. */
  describeHighlight = (id: string): string | null => {
    const index = this.index;
    const names = (index.actorIdsByHighlight.get(id) ?? []).map((a) => index.actorsById.get(a)?.name).filter(Boolean);
    const claims = index.claimsByHighlight.get(id)?.length ?? 0;
    if (names.length === 0 && claims === 0) return null;
    return [names.join(', '), claims ? `${claims} tie${claims === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
  };
}

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResearchApi } from '../../../shared/api';
import { SHELL_COMMANDS } from '../../../shared/bridge';
import { fromSpanColumns } from '../../../shared/spans';
import { DEFAULT_PREFERENCES, type Preferences, type PreferencesPatch } from '../../../shared/preferences';
import { Messages } from './messages';
import { isPendingId, Workspace } from './workspace';
import { workspaceCommands } from './workspaceCommands';

/**
 * The workspace controller against the real backend: a project on a temporary file, seeded with
 * the sample articles, answered through the same dispatch the shells use
 * (src/core/test-support/inprocess-api.ts). The renderer's TypeScript project has no Node types,
 * so the backend is loaded at run time and used through the `ResearchApi` type only.
 */
interface SampleProject {
  api: ResearchApi;
  dispatch(method: string, args: unknown): unknown;
  reopen(): void;
  remove(): void;
}
const SUPPORT = '../../../core/test-support/inprocess-api';

let project: SampleProject;
let api: ResearchApi;
let ws: Workspace;
let messages: Messages;
let stored: Partial<Preferences>;
let copied: Array<{ html: string; text: string }> = [];

function newWorkspace(): Workspace {
  messages = new Messages([], { setTimeout: (() => 0) as unknown as typeof setTimeout });
  return new Workspace({
    api,
    messages,
    clearSelection: () => undefined,
    flushNotes: () => Promise.resolve(true),
    shownNote: () => undefined,
    saveTextFile: (name) => Promise.resolve(name),
    copyRichText: (html, text) => {
      copied.push({ html, text });
      return Promise.resolve();
    },
    loadPreferences: () => Promise.resolve({ ...DEFAULT_PREFERENCES, ...stored }),
    updatePreferences: (patch: PreferencesPatch) => void Object.assign(stored, patch),
    selectedRect: () => null,
  });
}

beforeEach(async () => {
  const { openSampleProject } = (await import(/* @vite-ignore */ SUPPORT)) as { openSampleProject(): SampleProject };
  project = openSampleProject();
  api = project.api;
  stored = {};
  ws = newWorkspace();
  await ws.loadProject();
});

afterEach(() => project.remove());

/** The highlights the store paints for a source, as the workspace holds them. */
const spansOf = async (sourceId: string) => fromSpanColumns(await api.listHighlightSpans({ sourceId }));
const errors = () => messages.snapshot().filter((m) => m.kind === 'error').map((m) => m.text);
/** A passage of the open source no highlight covers exactly: its first sentence of a later block. */
function freshRange(skip = 0): { start: number; end: number } {
  const source = ws.state.source!;
  const blocks = source.blocks.filter((b) => b.kind === 'paragraph' && b.end - b.start > 40);
  const block = blocks[blocks.length - 1 - skip];
  return { start: block.start, end: block.start + 30 };
}

describe('the workspace controller', () => {
  it('never shows one source’s highlights on another’s text, whichever answer comes first', async () => {
    const [first, second] = ws.state.sources;
    expect(ws.state.source?.id).toBe(first.id);
    const seen: string[] = [];
    const check = () => {
      const { source, highlights } = ws.state;
      if (source) seen.push(`${source.id}:${highlights.map((h) => h.id).join(',')}`);
    };
    const unsubscribe = ws.subscribe(check);
    const ownIds = async (id: string) => new Set((await spansOf(id)).map((h) => h.id));
    const firstIds = await ownIds(first.id);
    const secondIds = await ownIds(second.id);
    // The text arrives after the highlights, then before them.
    for (const slow of ['getSource', 'listHighlightSpans'] as const) {
      const original = api[slow].bind(api) as (args: never) => Promise<unknown>;
      (api as unknown as Record<string, unknown>)[slow] = (args: never) => new Promise((resolve) => setTimeout(() => resolve(original(args)), 30));
      seen.length = 0;
      await ws.openSource(second.id);
      await ws.openSource(first.id);
      (api as unknown as Record<string, unknown>)[slow] = original;
      for (const entry of seen) {
        const [sourceId, list] = entry.split(':');
        const own = sourceId === first.id ? firstIds : secondIds;
        for (const id of list.split(',').filter(Boolean)) expect(own.has(id), `${slow} slow: ${id} shown on ${sourceId}`).toBe(true);
      }
      expect(ws.state.highlights.map((h) => h.id).sort()).toEqual([...firstIds].sort());
    }
    unsubscribe();
  });

  it('opens the project with its first source, that source’s highlights and annotations', async () => {
    const { source, sources, highlights, actors, undoState } = ws.state;
    expect(sources.length).toBeGreaterThan(0);
    expect(source?.id).toBe(sources[0].id);
    expect(highlights).toEqual(await spansOf(source!.id));
    expect(actors.length).toBeGreaterThan(0);
    expect(undoState.canUndo).toBe(false);
    expect(stored.lastSourceId).toBe(source!.id);
  });

  it('opens a long source with its first screen’s highlights before the whole list, and a highlight added meanwhile stays', async () => {
    const paragraph = 'Shipments moved through the corridor by night, and the militia escorts changed at every border post. ';
    const text = Array.from({ length: 240 }, (_, i) => `${i + 1}. ${paragraph.repeat(3)}`).join('\n\n');
    const report = await api.importText({ text, title: 'Long source' });
    const sourceId = report.outcomes[0].source!.id;
    const length = (await api.getSource({ id: sourceId })).text.length;
    const starts = [10, 400, Math.floor(length / 2), length - 200];
    for (const start of starts) await api.createHighlight({ sourceId, start, end: start + 20 });
    stored.lastSourceId = sourceId;
    // The whole list answers late, so the first screen's part is seen alone.
    const original = api.listHighlightSpans.bind(api);
    const asked: Array<number | undefined> = [];
    (api as { listHighlightSpans: typeof original }).listHighlightSpans = (args) => {
      asked.push(args.before);
      return args.before === undefined ? new Promise((resolve) => setTimeout(() => resolve(original(args)), 60)) : original(args);
    };
    const fresh = newWorkspace();
    const shown: number[][] = [];
    let added: Promise<unknown> | null = null;
    let adding = false;
    const late = { start: starts[1] + 40, end: starts[1] + 60 };
    const unsubscribe = fresh.subscribe(() => {
      const { source, highlights } = fresh.state;
      if (source?.id !== sourceId) return;
      shown.push(highlights.map((h) => h.start));
      // A user quick enough to highlight before the whole list has come.
      if (!adding && highlights.length > 0) {
        adding = true; // createHighlight shows the new highlight at once, which calls this again
        added = fresh.createHighlight(late);
      }
    });
    await fresh.loadProject(false);
    await added;
    await fresh.settled();
    unsubscribe();
    expect(asked.some((before) => before !== undefined && before < length / 2)).toBe(true);
    // First the first screen's highlights alone, then all of them.
    expect(shown.find((list) => list.length > 0)).toEqual(expect.arrayContaining([10, 400]));
    expect(shown.find((list) => list.length > 0)).not.toContain(starts[3]);
    const inStore = fromSpanColumns(await original({ sourceId }));
    expect(inStore.map((h) => h.start)).toEqual([...starts.slice(0, 2), late.start, ...starts.slice(2)]);
    expect(fresh.state.highlights).toEqual(inStore);
  });

  it('shows a new highlight before the store answers, then under its stored id', async () => {
    const range = freshRange();
    const before = ws.state.highlights.length;
    const pending = ws.createHighlight(range);
    // Synchronously, before any answer: painted under a provisional id, selected.
    const shown = ws.state.highlights.find((h) => h.start === range.start && h.end === range.end);
    expect(shown && isPendingId(shown.id)).toBe(true);
    expect(ws.state.selectedId).toBe(shown!.id);
    const created = await pending;
    const inStore = await spansOf(ws.state.source!.id);
    expect(inStore.find((h) => h.id === created!.id)).toMatchObject(range);
    expect(ws.state.highlights).toEqual(inStore);
    expect(ws.state.highlights).toHaveLength(before + 1);
    expect(ws.state.selectedId).toBe(created!.id);
    expect(ws.state.undoState.undo?.label).toBe('Highlight');
  });

  it('after adding or recolouring a plain highlight re-reads the counts and undo state only, newest answer last', async () => {
    const source = ws.state.source!;
    const annotations = ws.state.annotations;
    const countBefore = ws.state.sources.find((s) => s.id === source.id)!.highlightCount;
    const calls: string[] = [];
    // The first undo-state answer after the add comes late, after a second ask's answer.
    let slowNext = true;
    const counting = new Proxy(api, {
      get(target, name: string) {
        const method = Reflect.get(target, name) as (args: unknown) => Promise<unknown>;
        return (args: unknown) => {
          calls.push(name);
          if (name === 'undoState' && slowNext) {
            slowNext = false;
            return new Promise((resolve) => setTimeout(() => resolve(method.call(target, args)), 40));
          }
          return method.call(target, args);
        };
      },
    });
    (ws as unknown as { ports: { api: ResearchApi } }).ports.api = counting;
    const first = ws.createHighlight(freshRange());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = ws.createHighlight(freshRange(1));
    await Promise.all([first, second]);
    expect(calls).not.toContain('listAnnotations');
    expect(ws.state.annotations).toBe(annotations);
    expect(ws.state.sources.find((s) => s.id === source.id)!.highlightCount).toBe(countBefore + 2);
    // The late answer (read after the first add) did not replace the second's.
    expect(ws.state.undoState).toEqual(await api.undoState({}));
    await ws.recolor(ws.state.highlights[0].id, ws.state.highlights[0].color === 'green' ? 'blue' : 'green');
    expect(calls).not.toContain('listAnnotations');
    expect(ws.state.undoState).toEqual(await api.undoState({}));
    expect(ws.state.undoState.undo?.label).toMatch(/colou?r/i);
  });

  it('takes a refused highlight back off the screen, with the store’s reason', async () => {
    const source = ws.state.source!;
    const before = ws.state.highlights;
    const past = source.text.length + 10;
    const created = await ws.createHighlight({ start: past, end: past + 5 });
    expect(created).toBeUndefined();
    expect(ws.state.highlights).toEqual(before);
    expect(ws.state.selectedId).toBeNull();
    expect(errors()).toHaveLength(1);
    expect(await spansOf(source.id)).toEqual(before);
  });

  it('selects the highlight of exactly the same span instead of making a twin', async () => {
    const existing = ws.state.highlights[0];
    const count = ws.state.highlights.length;
    const result = await ws.createHighlight({ start: existing.start, end: existing.end });
    expect(result?.id).toBe(existing.id);
    expect(ws.state.selectedId).toBe(existing.id);
    expect(await spansOf(ws.state.source!.id)).toHaveLength(count);
  });

  it('recolours at once and puts the colour back when the store refuses', async () => {
    const target = ws.state.highlights[0];
    const next = target.color === 'green' ? 'blue' : 'green';
    const done = ws.recolor(target.id, next);
    expect(ws.state.highlights.find((h) => h.id === target.id)?.color).toBe(next);
    await done;
    expect((await spansOf(ws.state.source!.id)).find((h) => h.id === target.id)?.color).toBe(next);

    // Deleted behind the window's back (another window): the recolour is refused and rolled back.
    const other = ws.state.highlights[1];
    project.dispatch('deleteHighlight', { id: other.id });
    const shownBefore = ws.state.highlights.find((h) => h.id === other.id)!.color;
    await ws.recolor(other.id, shownBefore === 'pink' ? 'blue' : 'pink');
    expect(errors().at(-1)).toMatch(/highlight/i);
    // After the refusal the window re-reads nothing it did not change; the colour is the stored one again.
    expect(ws.state.highlights.find((h) => h.id === other.id)?.color).toBe(shownBefore);
  });

  it('deletes at once, and an undo brings the highlight back, selected', async () => {
    // A highlight with tags, so its annotations go with it.
    const target = ws.state.highlights.find((h) => ws.state.annotations.tags.some((t) => t.highlightId === h.id))!;
    ws.selectHighlight(target.id);
    const done = ws.deleteHighlight(target.id);
    expect(ws.state.highlights.some((h) => h.id === target.id)).toBe(false);
    expect(ws.state.selectedId).toBeNull();
    await done;
    expect((await spansOf(ws.state.source!.id)).some((h) => h.id === target.id)).toBe(false);
    // What the window holds is what the store answers, without having asked it again.
    expect(ws.state.annotations).toEqual(await api.listAnnotations({ sourceId: ws.state.source!.id }));
    expect(ws.state.undoState.undo?.label).toBe('Delete highlight');

    await ws.undoOrRedo('undo');
    expect(ws.state.highlights.some((h) => h.id === target.id)).toBe(true);
    expect(ws.state.selectedId).toBe(target.id);
    expect(messages.snapshot().at(-1)?.text).toMatch(/^Undid Delete highlight/);
  });

  it('undoes the change just made even when the undo comes before the store has answered it', async () => {
    const range = freshRange();
    const before = ws.state.highlights;
    // No waiting between the keys: add, delete, undo (the delete), undo (the add).
    const added = ws.createHighlight(range);
    const deleted = ws.deleteHighlight(ws.state.selectedId!);
    const undone = ws.undoOrRedo('undo');
    const undoneAgain = ws.undoOrRedo('undo');
    await Promise.all([added, deleted, undone, undoneAgain]);
    expect(errors()).toEqual([]);
    expect(ws.state.highlights).toEqual(before);
    expect(await spansOf(ws.state.source!.id)).toEqual(before);
    expect(ws.state.undoState.canUndo).toBe(false);
  });

  it('saves a tie on a fresh selection as one highlight with the tie and its actors, and "." repeats it', async () => {
    const [first, second] = ws.state.actors;
    const relation = ws.state.relationTypes[0];
    const values = { sourceActorId: first.id, relationTypeId: relation.id, targetActorId: second.id, stance: 'reported' as const, eventDate: '2016' };
    const range = freshRange();
    ws.setModal({ kind: 'tie', target: { range }, initial: {} });
    await ws.submitTie({ range }, values);
    expect(ws.state.modal).toBeNull();
    const made = ws.state.highlights.find((h) => h.start === range.start && h.end === range.end)!;
    expect(isPendingId(made.id)).toBe(false);
    const claims = ws.index.claimsByHighlight.get(made.id) ?? [];
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ sourceActorId: first.id, targetActorId: second.id, stance: 'reported' });
    expect(new Set(ws.index.actorIdsByHighlight.get(made.id))).toEqual(new Set([first.id, second.id]));
    // Kept for "." across restarts.
    expect(stored.lastTie).toEqual(values);

    // A new window of the same project (a restart) repeats it on a new selection.
    project.reopen();
    ws = newWorkspace();
    await ws.loadProject();
    const other = freshRange(1);
    ws.setSelection(other, null);
    await ws.repeatLastTie();
    const repeated = ws.state.highlights.find((h) => h.start === other.start && h.end === other.end)!;
    expect(ws.index.claimsByHighlight.get(repeated.id)?.[0]).toMatchObject({ relationTypeId: relation.id, stance: 'reported', eventDate: { text: '2016' } });
    expect(messages.snapshot().at(-1)?.text).toMatch(/^Added /);
  });

  it('takes a tie saved on a fresh selection back in one undo: the tie, its tags and the highlight', async () => {
    const [first, second] = ws.state.actors;
    const range = freshRange();
    const before = await spansOf(ws.state.source!.id);
    const saving = ws.submitTie({ range }, { sourceActorId: first.id, relationTypeId: ws.state.relationTypes[0].id, targetActorId: second.id });
    // Shown before the store answers.
    expect(ws.state.highlights.some((h) => h.start === range.start && isPendingId(h.id))).toBe(true);
    await saving;
    expect(ws.state.undoState.undo?.label).toBe('Add tie');
    await ws.undoOrRedo('undo');
    expect(await spansOf(ws.state.source!.id)).toEqual(before);
    expect(ws.state.highlights).toEqual(before);
    expect((await api.listAnnotations({ sourceId: ws.state.source!.id })).claims.some((c) => !before.some((h) => h.id === c.highlightId))).toBe(false);
  });

  it('copies the open source’s notes as rich text, HTML with the Markdown beside it', async () => {
    copied = [];
    await ws.copyNotesAsRichText();
    expect(errors()).toEqual([]);
    expect(copied).toHaveLength(1);
    const { html, text } = copied[0];
    const title = ws.state.source!.title;
    expect(text).toContain(`# ${title}`);
    expect(html).toContain('<blockquote>');
    expect(html).not.toContain('title: ');
    expect(messages.snapshot().some((m) => m.text.startsWith(`Copied the notes of “${title}”`))).toBe(true);
  });

  it('registers every command the desktop menu sends', () => {
    const controls = { theme: 'light' as const, toggleTheme: () => undefined, changeTextSize: () => undefined, startImport: () => undefined };
    ws.registry.setAll(workspaceCommands(ws, controls));
    expect(SHELL_COMMANDS.filter((id) => !ws.registry.get(id))).toEqual([]);
  });

  it('registers commands that apply only when they can act, and runs them through one error path', async () => {
    const controls = { theme: 'light' as const, toggleTheme: () => undefined, changeTextSize: () => undefined, startImport: () => undefined };
    ws.registry.setAll(workspaceCommands(ws, controls));
    expect(ws.registry.applies(ws.registry.get('highlight')!)).toBe(false);
    expect(await ws.registry.run('highlight')).toBe(false);
    const range = freshRange();
    ws.setSelection(range, null);
    expect(ws.state.hasSelection).toBe(true);
    expect(await ws.registry.run('highlight')).toBe(true);
    expect(ws.state.highlights.some((h) => h.start === range.start && h.end === range.end && !isPendingId(h.id))).toBe(true);
    expect(ws.selection).toBeNull();
    // The undo label names the step; undo runs from the registry.
    ws.registry.setAll(workspaceCommands(ws, controls));
    expect(ws.registry.get('undo')?.label).toMatch(/^Undo Highlight in “/);
    expect(await ws.registry.run('undo')).toBe(true);
    expect(ws.state.highlights.some((h) => h.start === range.start && h.end === range.end)).toBe(false);
  });
});

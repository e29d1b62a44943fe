import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UndoResult } from '../../shared/api';
import type { Actor, Claim, UndoState } from '../../shared/annotations';
import { ACTOR_KINDS, STANCES } from '../../shared/annotations';
import type { ErrorCode } from '../../shared/errors';
import { HIGHLIGHT_COLORS, type Highlight, type Source } from '../../shared/types';
import { Backend } from '../backend';
import { ok, pasteSource, refused, useTempDirs, settled } from '../test-support/fixtures';

const temp = useTempDirs();

/** Every row of every table, rowids included, in rowid order: equal digests mean equal stores. */
function snapshot(db: Database.Database): string {
  // The search index (a virtual table) by its rows, not its shadow tables' internal pages.
  const tables = db
    .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return tables
    .map((t) => `${t}\n${(db.prepare(`SELECT rowid AS _rowid_, * FROM "${t}" ORDER BY rowid`).raw().all() as unknown[]).map((r) => JSON.stringify(r)).join('\n')}`)
    .join('\n\n');
}

const NO_HISTORY: UndoState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null, undo: null, redo: null };

const note = (text: string) => JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text }] }] } });

describe('undo journal on cascades', () => {
  it('restores a deleted highlight with its tags, claims and note, and deletes them again on redo', () => {
    const backend = temp.backend();
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    const source = pasteSource(backend, 'Russia armed Hezbollah, Israel said, and Iran paid.');
    const [russia, hezbollah, israel] = ['Russia', 'Hezbollah', 'Israel'].map((name) => call<Actor>('createActor', { name }));
    const h = call<Highlight>('createHighlight', { sourceId: source.id, start: 0, end: 23, actorIds: [russia.id, hezbollah.id] });
    call('createClaim', { highlightId: h.id, sourceActorId: russia.id, relationTypeId: 'aid-weapons', targetActorId: hezbollah.id, attributedActorId: israel.id });
    call('saveNote', { highlightId: h.id, content: note('n'), plainText: 'n' });
    const before = snapshot(backend.store.db);
    call('deleteHighlight', { id: h.id });
    const after = snapshot(backend.store.db);
    expect(call<UndoResult>('undo', {})).toMatchObject({ label: 'Delete highlight', state: { canUndo: true, canRedo: true, undoLabel: 'Add note', redoLabel: 'Delete highlight' } });
    expect(snapshot(backend.store.db)).toBe(before);
    expect(call<UndoResult>('redo', {}).label).toBe('Delete highlight');
    expect(snapshot(backend.store.db)).toBe(after);
  });

  it('restores a forced actor deletion, including affiliations and attributions cleared by foreign keys', () => {
    const backend = temp.backend();
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    const source = pasteSource(backend, 'Israel said Russia armed Hezbollah.');
    const israel = call<Actor>('createActor', { name: 'Israel' });
    const russia = call<Actor>('createActor', { name: 'Russia' });
    const hezbollah = call<Actor>('createActor', { name: 'Hezbollah', affiliationId: israel.id });
    const h = call<Highlight>('createHighlight', { sourceId: source.id, start: 0, end: 20, actorIds: [israel.id] });
    call<Claim>('createClaim', { highlightId: h.id, sourceActorId: russia.id, relationTypeId: 'aid-weapons', targetActorId: hezbollah.id, attributedActorId: israel.id });
    const before = snapshot(backend.store.db);
    call('deleteActor', { id: israel.id, force: true });
    const after = snapshot(backend.store.db);
    expect(after).not.toBe(before);
    call('undo', {});
    expect(snapshot(backend.store.db)).toBe(before);
    call('redo', {});
    expect(snapshot(backend.store.db)).toBe(after);
  });

  it('clears the history when a source is deleted, and leaves imports and metadata out of it', () => {
    const backend = temp.backend();
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    const source = pasteSource(backend, 'Some text to highlight.');
    expect(call<UndoState>('undoState', {})).toEqual(NO_HISTORY);
    call('createHighlight', { sourceId: source.id, start: 0, end: 4 });
    call('updateSource', { id: source.id, patch: { title: 'Renamed' } });
    pasteSource(backend, 'Another text.');
    expect(call<UndoState>('undoState', {}).undoLabel).toBe('Highlight');
    call('deleteSource', { id: source.id });
    expect(call<UndoState>('undoState', {})).toEqual(NO_HISTORY);
    expect(call<UndoResult>('undo', {})).toEqual({ label: null, step: null, state: NO_HISTORY });
    expect(call<UndoResult>('redo', {}).label).toBeNull();
  });

  it('restores text containing NUL characters whole', () => {
    const backend = temp.backend();
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    const actor = call<Actor>('createActor', { name: 'Before\u0000after', description: 'one\u0000two', aliases: ['x\u0000y'] });
    const before = snapshot(backend.store.db);
    call('deleteActor', { id: actor.id });
    call('undo', {});
    expect(snapshot(backend.store.db)).toBe(before);
    expect(call<Actor[]>('listActors', {})[0]).toMatchObject({ name: 'Before\u0000after', description: 'one\u0000two', aliases: ['x\u0000y'] });
  });

  it('leaves a refused edit out of the history', () => {
    const backend = temp.backend();
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    call('createActor', { name: 'Hezbollah' });
    expect(refused(backend.dispatch('createActor', { name: 'hezbollah' })).code).toBe('duplicate');
    expect(call<UndoState>('undoState', {})).toMatchObject({ undoLabel: 'Add actor', canRedo: false });
  });
});

// ---- where each step happened, and steps that another window already undid

describe('undo steps name their source', () => {
  /** A project with two sources and two actors, each window's calls going to the same backend. */
  function project() {
    const backend = temp.backend();
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    const first = pasteSource(backend, 'Russia armed Hezbollah, Israel said.', 'Arms to the Levant');
    const second = pasteSource(backend, 'Iran funded the Houthis in Yemen.', 'Red Sea money');
    const russia = call<Actor>('createActor', { name: 'Russia' });
    const iran = call<Actor>('createActor', { name: 'Iran' });
    const state = () => call<UndoState>('undoState', {});
    return { backend, call, first, second, russia, iran, state };
  }

  it('records the source and the highlight of each annotation step, and none for project-wide edits', () => {
    const { call, first, second, russia, iran, state } = project();
    expect(state().undo).toMatchObject({ label: 'Add actor', sourceId: null, sourceTitle: null, highlightId: null });

    const h1 = call<Highlight>('createHighlight', { sourceId: first.id, start: 0, end: 6 });
    expect(state().undo).toEqual({ id: expect.any(Number), label: 'Highlight', sourceId: first.id, sourceTitle: 'Arms to the Levant', highlightId: h1.id });
    const h2 = call<Highlight>('createHighlight', { sourceId: second.id, start: 0, end: 4, actorIds: [iran.id] });
    expect(state().undo).toMatchObject({ label: 'Highlight and tag', sourceId: second.id, sourceTitle: 'Red Sea money', highlightId: h2.id });
    call('tagHighlight', { highlightId: h1.id, actorId: russia.id });
    expect(state().undo).toMatchObject({ label: 'Tag Russia', sourceId: first.id, highlightId: h1.id });
    call('createClaim', { highlightId: h1.id, sourceActorId: russia.id, relationTypeId: 'aid-weapons', targetActorId: iran.id });
    expect(state().undo).toMatchObject({ label: 'Add tie', sourceId: first.id, highlightId: h1.id });
    call('saveNote', { highlightId: h2.id, content: note('Which year?'), plainText: 'Which year?' });
    expect(state().undo).toMatchObject({ label: 'Add note', sourceId: second.id, sourceTitle: 'Red Sea money', highlightId: h2.id });
    call('updateHighlight', { id: h2.id, color: 'green' });
    expect(state().undo).toMatchObject({ label: 'Highlight colour', sourceId: second.id, highlightId: h2.id });

    // Actors and relation types belong to the whole project, whichever highlights they touch.
    call('updateActor', { id: iran.id, patch: { description: 'Islamic Republic' } });
    expect(state().undo).toMatchObject({ label: 'Edit actor', sourceId: null, sourceTitle: null, highlightId: null });
    const tehran = call<Actor>('createActor', { name: 'Tehran' });
    call('tagHighlight', { highlightId: h1.id, actorId: tehran.id });
    call('tagHighlight', { highlightId: h2.id, actorId: tehran.id });
    call('mergeActors', { survivorId: iran.id, mergedIds: [tehran.id] });
    expect(state().undo).toMatchObject({ label: 'Merge actors', sourceId: null, highlightId: null });
    call('updateRelationType', { id: 'sanction', patch: { retired: true } });
    expect(state().undo).toMatchObject({ label: 'Retire relation type', sourceId: null });

    // A step on one source's text and several of its highlights names the source, no highlight.
    call<Highlight>('createHighlight', { sourceId: first.id, start: 7, end: 12 });
    call('deleteActor', { id: russia.id, force: true });
    expect(state().undo).toMatchObject({ label: 'Delete actor', sourceId: null });
  });

  it('names the source by its title as it is now, and the highlight only while it exists', async () => {
    const { backend, call, first, state } = project();
    const h = call<Highlight>('createHighlight', { sourceId: first.id, start: 0, end: 6 });
    call('updateSource', { id: first.id, patch: { title: 'Arms, revised' } }); // not an undo step
    expect(state().undo).toMatchObject({ label: 'Highlight', sourceTitle: 'Arms, revised', highlightId: h.id });

    const undone = call<UndoResult>('undo', {});
    // Undoing the creation removed the highlight: the step still names the source, not the highlight.
    expect(undone.step).toEqual({ id: expect.any(Number), label: 'Highlight', sourceId: first.id, sourceTitle: 'Arms, revised', highlightId: null });
    expect(undone.state.redo).toEqual(undone.step);
    const redone = call<UndoResult>('redo', {});
    expect(redone.step).toEqual({ ...undone.step, highlightId: h.id });
    expect(redone.state.undo).toEqual(redone.step);

    ok(await backend.dispatch('updateSourceText', { id: first.id, text: 'Earlier: Russia armed Hezbollah, Israel said.' }));
    expect(state().undo).toMatchObject({ label: 'Update text', sourceId: first.id, sourceTitle: 'Arms, revised' });
  });

  it('keeps a step’s id through undo and redo, and never gives an id twice for a project', () => {
    const dir = temp.make();
    const file = join(dir, 'Ids.tiemark');
    let backend = Backend.open({ file, backupDir: join(dir, 'backups'), create: true });
    const first = ok<Actor>(backend.dispatch('createActor', { name: 'Russia' }));
    const id = ok<UndoState>(backend.dispatch('undoState', {})).undo!.id;
    expect(ok<UndoResult>(backend.dispatch('undo', {})).step!.id).toBe(id);
    expect(ok<UndoResult>(backend.dispatch('redo', {})).step!.id).toBe(id);
    backend.close();
    // The project opened again (as after restoring a backup) starts a new history with new ids.
    backend = temp.track(Backend.open({ file, backupDir: join(dir, 'backups') }));
    ok(backend.dispatch('updateActor', { id: first.id, patch: { description: 'state' } }));
    expect(ok<UndoState>(backend.dispatch('undoState', {})).undo!.id).toBeGreaterThan(id);
  });

  it('refuses an undo or redo of a step that is no longer the last one, and changes nothing', () => {
    const { backend, call, first, second, state } = project();
    const h1 = call<Highlight>('createHighlight', { sourceId: first.id, start: 0, end: 6 });
    call('saveNote', { highlightId: h1.id, content: note('first'), plainText: 'first' });

    // Windows A and B show the same history; B undoes "Add note" first.
    const shownInA = state();
    expect(call<UndoResult>('undo', { expected: state().undo!.id }).label).toBe('Add note');
    const before = snapshot(backend.store.db);
    const conflict = refused(backend.dispatch('undo', { expected: shownInA.undo!.id }));
    expect(conflict).toEqual({
      code: 'conflict',
      message: 'Nothing was undone: this project was changed in another window. Undo would now undo “Highlight” in “Arms to the Levant”; press Undo again if you mean that.',
      detail: { expected: shownInA.undo!.id, current: state().undo!.id },
    });
    expect(snapshot(backend.store.db)).toBe(before);
    expect(state().redo).toMatchObject({ label: 'Add note', highlightId: h1.id });

    // A redo A thinks is not there, and one of a step a new edit in B has cleared.
    expect(refused(backend.dispatch('redo', { expected: null })).message).toBe(
      'Nothing was redone: this project was changed in another window. Redo would now redo “Add note” in “Arms to the Levant”; press Redo again if you mean that.',
    );
    const redoShownInA = state().redo!.id;
    call('createHighlight', { sourceId: second.id, start: 0, end: 4 });
    expect(refused(backend.dispatch('redo', { expected: redoShownInA }))).toMatchObject({
      code: 'conflict',
      message: 'Nothing was redone: this project was changed in another window, and there is nothing left to redo.',
    });
    expect(snapshot(backend.store.db)).not.toBe(before); // only B's highlight was added
    expect(call<Highlight[]>('listHighlights', { sourceId: first.id })).toHaveLength(1);

    // With the step it shows, A's undo goes through; with no expectation, whatever is last.
    expect(call<UndoResult>('undo', { expected: state().undo!.id }).step).toMatchObject({ label: 'Highlight', sourceId: second.id, sourceTitle: 'Red Sea money' });
    expect(call<UndoResult>('undo', {}).step).toMatchObject({ label: 'Highlight', sourceId: first.id });
    expect(refused(backend.dispatch('undo', { expected: 1 })).code).toBe('conflict');
  });
});

// ---- the property: any sequence of edits, undone entirely, leaves the store as it was

const TEXTS = [
  'Russia supplied weapons to Hezbollah through Syria, according to Israeli officials, while Iran funded the Houthis and Hamas.',
  'وقال مسؤولون إن حزب الله تلقى أسلحة من إيران عبر سوريا، فيما نفت موسكو ذلك. Liwa’ al-Quds fought beside the NDF near Aleppo.',
];
const NAMES = ['Russia', 'Nul\u0000name', 'Hezbollah', 'Hizballah', 'Iran', 'Syria', 'Israel', 'Hamas', 'Houthis', 'Ansar Allah', 'Wagner Group', 'NDF', 'حزب الله', 'Liwa al Quds'];
const LABELS = ['smuggles for', 'hosts envoy of', 'Supplies weapons to', 'rivals'];

/** An operation with abstract picks, resolved against whatever exists when it runs. */
type Op = { kind: string; picks: number[]; flag: boolean; text: string };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom(
    ...['createHighlight', 'createHighlight', 'deleteHighlight', 'updateHighlight', 'tag', 'tag', 'untag', 'createActor', 'createActor', 'updateActor',
      'mergeActors', 'deleteActor', 'createRelationType', 'updateRelationType', 'deleteRelationType', 'createClaim', 'createClaim', 'createClaim',
      'updateClaim', 'deleteClaim', 'saveNote', 'saveNote', 'deleteNote', 'undo', 'redo'],
  ),
  picks: fc.array(fc.nat({ max: 1000 }), { minLength: 6, maxLength: 6 }),
  flag: fc.boolean(),
  text: fc.constantFrom(...NAMES, ...LABELS, '2022', 'March 2022', 'not a date'),
});

const EXPECTED_REFUSALS: ErrorCode[] = ['invalid_argument', 'not_found', 'duplicate', 'in_use'];

interface World {
  backend: Backend;
  sources: Source[];
  /** Highlights whose note existed before the sequence: typing into them is not undoable, so the property leaves them alone. */
  setupNotes: Set<string>;
}

function ids(db: Database.Database, sql: string): string[] {
  return db.prepare(sql).pluck().all() as string[];
}

function run(world: World, op: Op): void {
  const { backend } = world;
  const db = backend.store.db;
  const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[op.picks[i] % list.length] : undefined);
  const highlights = ids(db, 'SELECT id FROM highlights ORDER BY rowid');
  const actors = ids(db, 'SELECT id FROM actors ORDER BY rowid');
  const types = ids(db, 'SELECT id FROM relation_types ORDER BY rowid');
  const claims = ids(db, 'SELECT id FROM claims ORDER BY rowid');
  const h = pick(highlights, 0) ?? 'none';
  const a = pick(actors, 1) ?? 'none';
  const b = pick(actors, 2) ?? 'none';
  let args: Record<string, unknown>;
  let method = op.kind;
  switch (op.kind) {
    case 'createHighlight': {
      const source = pick(world.sources, 0)!;
      const start = op.picks[1] % (source.text.length - 1);
      const end = Math.min(source.text.length, start + 1 + (op.picks[2] % 60));
      args = { sourceId: source.id, start, end, color: pick(HIGHLIGHT_COLORS, 3), ...(op.flag ? { actorIds: [a, b].filter((x) => x !== 'none') } : {}) };
      break;
    }
    case 'deleteHighlight':
      args = { id: h };
      break;
    case 'updateHighlight':
      args = { id: h, color: pick(HIGHLIGHT_COLORS, 3) };
      break;
    case 'tag':
    case 'untag':
      method = `${op.kind}Highlight`;
      args = { highlightId: h, actorId: a };
      break;
    case 'createActor':
      args = { name: op.text, kind: pick(ACTOR_KINDS, 3), aliases: op.flag ? [pick(NAMES, 4)!, pick(NAMES, 5)!] : [], ...(op.picks[3] % 3 === 0 ? { affiliationId: a } : {}) };
      break;
    case 'updateActor':
      args = {
        id: a,
        patch: op.flag
          ? { name: op.text, aliases: [pick(NAMES, 4)!] }
          : { description: `d${op.picks[3]}`, affiliationId: op.picks[4] % 2 ? b : null, color: '#123456' },
      };
      break;
    case 'mergeActors':
      args = { survivorId: a, mergedIds: [b, ...(op.flag ? [pick(actors, 3) ?? 'none'] : [])] };
      break;
    case 'deleteActor':
      args = { id: a, force: op.flag };
      break;
    case 'createRelationType':
      args = { label: op.text, directed: op.flag, polarity: pick(['cooperative', 'conflictual', 'neutral'], 3) };
      break;
    case 'updateRelationType':
      args = { id: pick(types, 3) ?? 'none', patch: op.flag ? { retired: op.picks[4] % 2 === 0 } : { label: op.text, directed: op.picks[4] % 2 === 0 } };
      break;
    case 'deleteRelationType':
      args = { id: pick(types, 3) ?? 'none' };
      break;
    case 'createClaim':
      args = {
        highlightId: h,
        sourceActorId: a,
        targetActorId: b,
        relationTypeId: pick(types, 3) ?? 'none',
        stance: pick(STANCES, 4),
        eventDate: op.flag ? op.text : '',
        ...(op.picks[5] % 3 === 0 ? { attributedActorId: pick(actors, 5) } : {}),
      };
      break;
    case 'updateClaim':
      args = {
        id: pick(claims, 3) ?? 'none',
        patch: op.flag ? { stance: pick(STANCES, 4), confidence: 'high', eventDate: op.text } : { targetActorId: b, relationTypeId: pick(types, 4) ?? 'none', attributedActorId: null },
      };
      break;
    case 'deleteClaim':
      args = { id: pick(claims, 3) ?? 'none' };
      break;
    case 'saveNote':
      if (world.setupNotes.has(h)) return;
      args = { highlightId: h, content: note(`${op.text} ${op.picks[3]}`), plainText: `${op.text} ${op.picks[3]}` };
      break;
    case 'deleteNote':
      args = { highlightId: h };
      break;
    default:
      args = {};
  }
  const result = settled(backend.dispatch(method, args));
  if (!result.ok) {
    expect(EXPECTED_REFUSALS, `${method} ${JSON.stringify(args)}: ${result.error.message}`).toContain(result.error.code);
  }
}

describe('undo and redo, as a property', () => {
  let template: string;

  beforeAll(() => {
    // A project with something in every table, copied for each run.
    const dir = temp.make('tiemark-undo-template-');
    template = join(dir, 'Template.tiemark');
    const backend = Backend.open({ file: template, backupDir: join(dir, 'backups'), create: true });
    const call = <T>(m: string, a: unknown) => ok<T>(backend.dispatch(m, a));
    const sources = TEXTS.map((t, i) => pasteSource(backend, t, `Source ${i}`));
    const actor = (name: string, aliases: string[] = [], extra: Record<string, unknown> = {}) => call<Actor>('createActor', { name, aliases, ...extra }).id;
    const axis = actor('Axis of Resistance');
    const russia = actor('Russia', ['Moscow', 'موسكو']);
    const hezbollah = actor('Hezbollah', ['حزب الله'], { affiliationId: axis });
    const iran = actor('Iran', ['إيران'], { affiliationId: axis });
    const syria = actor('Syria', ['سوريا']);
    const hl = (s: number, quote: string, actorIds: string[]) => {
      const start = sources[s].text.indexOf(quote);
      return call<Highlight>('createHighlight', { sourceId: sources[s].id, start, end: start + quote.length, actorIds }).id;
    };
    const h1 = hl(0, 'Russia supplied weapons to Hezbollah', [russia, hezbollah]);
    const h2 = hl(1, 'حزب الله تلقى أسلحة من إيران', [hezbollah, iran]);
    const h3 = hl(0, 'Iran funded the Houthis', [iran]);
    hl(1, 'Liwa’ al-Quds fought beside the NDF', []);
    call('createClaim', { highlightId: h1, sourceActorId: russia, relationTypeId: 'aid-weapons', targetActorId: hezbollah, attributedActorId: syria, eventDate: '2016' });
    call('createClaim', { highlightId: h2, sourceActorId: iran, relationTypeId: 'aid-weapons', targetActorId: hezbollah, stance: 'reported' });
    call('createClaim', { highlightId: h2, sourceActorId: russia, relationTypeId: 'cooperate', targetActorId: iran, stance: 'denied' });
    call('saveNote', { highlightId: h1, content: note('setup'), plainText: 'setup' });
    call('saveNote', { highlightId: h3, content: note('setup 3'), plainText: 'setup 3' });
    call('updateRelationType', { id: 'sanction', patch: { retired: true } });
    backend.close();
  });

  it('undoing every step restores the store exactly; redoing them restores the edited state', () => {
    let run_ = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 25, size: 'max' }), (ops) => {
        const dir = temp.make('tiemark-undo-run-');
        const file = join(dir, `Run${run_++}.tiemark`);
        copyFileSync(template, file);
        const backend = Backend.open({ file, backupDir: join(dir, 'backups') });
        try {
          const db = backend.store.db;
          db.pragma('synchronous = OFF'); // thousands of commits; durability is not what is tested here
          const world: World = {
            backend,
            sources: ids(db, 'SELECT id FROM sources ORDER BY rowid').map((id) => ok<Source>(backend.dispatch('getSource', { id }))),
            setupNotes: new Set(ids(db, 'SELECT highlight_id FROM notes')),
          };
          const initial = snapshot(db);
          for (const op of ops) run(world, op);
          const edited = snapshot(db);
          // Undo until there is nothing left; the steps undone are then on top of the redo stack
          // (above any the sequence itself left undone), so redoing as many restores the edit.
          let steps = 0;
          while (ok<UndoResult>(backend.dispatch('undo', {})).label !== null) steps++;
          expect(steps).toBeLessThanOrEqual(ops.length);
          expect(snapshot(db)).toBe(initial);
          expect(db.pragma('foreign_key_check')).toEqual([]);

          for (let i = 0; i < steps; i++) expect(ok<UndoResult>(backend.dispatch('redo', {})).label).not.toBeNull();
          expect(snapshot(db)).toBe(edited);
          expect(db.pragma('foreign_key_check')).toEqual([]);
        } finally {
          backend.close();
        }
      }),
      { numRuns: 100 },
    );
  });
});

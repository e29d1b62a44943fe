import { describe, expect, it } from 'vitest';
import type { Note, UndoState } from '../../shared/annotations';
import type { Highlight } from '../../shared/types';
import { ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';

const temp = useTempDirs();

const state = (text: string) =>
  JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text }] }] } });

function project() {
  const backend = temp.backend();
  const source = pasteSource(backend, 'A passage worth a note.');
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const fail = (method: string, args: unknown) => refused(backend.dispatch(method, args));
  const h = call<Highlight>('createHighlight', { sourceId: source.id, start: 0, end: 9 });
  return { backend, call, fail, h };
}

describe('notes', () => {
  it('saves as Lexical JSON plus plain text; creation is an undo step, later saves are not', () => {
    const p = project();
    expect(p.call('getNote', { highlightId: p.h.id })).toBeNull();
    const first = p.call<Note>('saveNote', { highlightId: p.h.id, content: state('Fir'), plainText: 'Fir' });
    expect(first).toMatchObject({ highlightId: p.h.id, content: state('Fir'), plainText: 'Fir' });
    expect(p.call<UndoState>('undoState', {}).undoLabel).toBe('Add note');
    p.call('saveNote', { highlightId: p.h.id, content: state('First draft'), plainText: 'First draft' });
    p.call('saveNote', { highlightId: p.h.id, content: state('First draft, longer'), plainText: 'First draft, longer' });
    expect(p.call<Note>('getNote', { highlightId: p.h.id }).plainText).toBe('First draft, longer');
    expect(p.call<UndoState>('undoState', {}).undoLabel).toBe('Add note');

    // Undoing the creation removes the note; redoing brings back what was last typed.
    expect(p.call<{ label: string }>('undo', {}).label).toBe('Add note');
    expect(p.call('getNote', { highlightId: p.h.id })).toBeNull();
    expect(p.call<{ label: string }>('redo', {}).label).toBe('Add note');
    expect(p.call<Note>('getNote', { highlightId: p.h.id }).plainText).toBe('First draft, longer');

    expect(p.call('deleteNote', { highlightId: p.h.id })).toEqual({ deleted: true });
    expect(p.call<UndoState>('undoState', {}).undoLabel).toBe('Delete note');
    p.call('undo', {});
    expect(p.call<Note>('getNote', { highlightId: p.h.id }).content).toBe(state('First draft, longer'));
  });

  it('refuses content that is not an editor state, unknown highlights and missing notes', () => {
    const p = project();
    for (const content of ['', 'plain words', '[]', '{"root": 3}', '{"root": []}', 'null', '{"children": []}']) {
      expect(p.fail('saveNote', { highlightId: p.h.id, content, plainText: '' }).code, content).toBe('invalid_argument');
    }
    expect(p.fail('saveNote', { highlightId: 'missing', content: state('x'), plainText: 'x' }).code).toBe('not_found');
    expect(p.fail('getNote', { highlightId: 'missing' }).code).toBe('not_found');
    expect(p.fail('deleteNote', { highlightId: p.h.id }).code).toBe('not_found');
    expect(p.call<UndoState>('undoState', {}).undoLabel).toBe('Highlight');
  });

  it('goes with its highlight, and comes back with it on undo', () => {
    const p = project();
    p.call('saveNote', { highlightId: p.h.id, content: state('Kept'), plainText: 'Kept' });
    p.call('deleteHighlight', { id: p.h.id });
    expect(p.fail('getNote', { highlightId: p.h.id }).code).toBe('not_found');
    p.call('undo', {});
    expect(p.call<Note>('getNote', { highlightId: p.h.id }).plainText).toBe('Kept');
  });
});

import type { Note } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import { now, type Store } from '../db/store';
import { requireHighlight } from './guards';

/**
 * Notes on highlights: Lexical editor state (JSON) plus its plain text, one per highlight.
 * The caller decides what is an undo step: creating and deleting a note are, each save while
 * typing is not (see backend.ts).
 */

interface NoteRow {
  highlight_id: string;
  content: string;
  plain_text: string;
  created_at: string;
  updated_at: string;
}

const toNote = (row: NoteRow): Note => ({
  highlightId: row.highlight_id,
  content: row.content,
  plainText: row.plain_text,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

function findNote(store: Store, highlightId: string): NoteRow | undefined {
  return store.sql('SELECT highlight_id, content, plain_text, created_at, updated_at FROM notes WHERE highlight_id = ?').get(highlightId) as
    | NoteRow
    | undefined;
}

export function getNote(store: Store, highlightId: string): Note | null {
  return store.read(() => {
    requireHighlight(store, highlightId);
    const row = findNote(store, highlightId);
    return row ? toNote(row) : null;
  });
}

export function hasNote(store: Store, highlightId: string): boolean {
  return store.sql('SELECT 1 FROM notes WHERE highlight_id = ?').get(highlightId) !== undefined;
}

/** Refuses content that is not a serialized Lexical editor state (JSON with a `root` object). */
export function assertLexicalState(content: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    parsed = undefined;
  }
  const root = (parsed as { root?: unknown } | undefined)?.root;
  if (typeof parsed !== 'object' || parsed === null || typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new ApiError('invalid_argument', 'The note was not saved: its content is not a rich-text editor state (JSON with a "root"). Reopen the note and try again.', {
      field: 'content',
    });
  }
}

/** Creates the note or replaces its content; the highlight must exist. */
export function saveNote(store: Store, highlightId: string, content: string, plainText: string): Note {
  requireHighlight(store, highlightId);
  assertLexicalState(content);
  const at = now();
  if (hasNote(store, highlightId)) {
    store.sql('UPDATE notes SET content = ?, plain_text = ?, updated_at = ? WHERE highlight_id = ?').run(content, plainText, at, highlightId);
  } else {
    store.sql('INSERT INTO notes (highlight_id, content, plain_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(highlightId, content, plainText, at, at);
  }
  return toNote(findNote(store, highlightId)!);
}

export function deleteNote(store: Store, highlightId: string): { deleted: true } {
  requireHighlight(store, highlightId);
  if (store.sql('DELETE FROM notes WHERE highlight_id = ?').run(highlightId).changes === 0) {
    throw new ApiError('not_found', 'That highlight has no note to delete.', { highlightId });
  }
  return { deleted: true as const };
}

import { ApiError } from '../../shared/errors';
import type { Store } from '../db/store';

/**
 * The existence checks services make before acting on a source or a highlight the caller named:
 * each refuses, with `not_found` and one sentence, a row that is gone (deleted in another window,
 * or taken away by an undo). They read inside the caller's transaction. Actors and relation types
 * are checked by requireActor (actors.ts) and requireRelationType (relations.ts), beside the row
 * types those return.
 */

/** The refusal for a highlight that no longer exists; `field` names the argument that named it. */
export const highlightGone = (id: string, field?: string): ApiError =>
  new ApiError('not_found', 'That highlight no longer exists; it may have been deleted.', field ? { id, field } : { id });

/** not_found unless the highlight exists. */
export function requireHighlight(store: Store, id: string): void {
  if (store.sql('SELECT 1 FROM highlights WHERE id = ?').get(id) === undefined) throw highlightGone(id);
}

/** not_found unless the source exists; cheaper than reading its text. */
export function requireSource(store: Store, id: string): void {
  if (store.sql('SELECT 1 FROM sources WHERE id = ?').get(id) === undefined) {
    throw new ApiError('not_found', 'That source no longer exists; it may have been deleted.', { id });
  }
}

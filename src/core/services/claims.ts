import { randomUUID } from 'node:crypto';
import type { ClaimPatch, NewClaim, NewTie, SourceAnnotations } from '../../shared/api';
import type { Claim, Confidence, EventDate, Stance } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import { now, type Store } from '../db/store';
import { parsePartialDate } from '../text/dates';
import { snapRange } from '../../shared/text';
import type { Highlight } from '../../shared/types';
import { insertTags, requireActor } from './actors';
import { getHighlight, insertHighlight } from './highlights';
import { getSourceText } from './sources';
import { highlightGone, requireHighlight, requireSource } from './guards';
import { requireRelationType } from './relations';

/**
 * Tie claims: one passage asserting (or reporting, alleging, denying...) one relation between
 * two actors. Every write is validated whole, so a refused claim changes nothing; the caller
 * supplies the transaction (an undo step).
 */

export interface ClaimRow {
  id: string;
  highlight_id: string;
  source_id: string;
  source_actor_id: string;
  relation_type_id: string;
  target_actor_id: string;
  stance: Stance;
  attributed_actor_id: string | null;
  attributed_text: string;
  confidence: Confidence;
  event_date_text: string;
  event_date_start: string;
  event_date_end: string;
  note: string;
  created_at: string;
  updated_at: string;
}

export const CLAIM_COLUMNS = `id, highlight_id, source_id, source_actor_id, relation_type_id, target_actor_id, stance,
  attributed_actor_id, attributed_text, confidence, event_date_text, event_date_start, event_date_end, note, created_at, updated_at`;

const QUALIFIED_COLUMNS = CLAIM_COLUMNS.split(',').map((c) => `c.${c.trim()}`).join(', ');

export const eventDateOf = (row: Pick<ClaimRow, 'event_date_text' | 'event_date_start' | 'event_date_end'>): EventDate | null =>
  row.event_date_text ? { text: row.event_date_text, start: row.event_date_start, end: row.event_date_end } : null;

export const toClaim = (row: ClaimRow): Claim => ({
  id: row.id,
  highlightId: row.highlight_id,
  sourceId: row.source_id,
  sourceActorId: row.source_actor_id,
  relationTypeId: row.relation_type_id,
  targetActorId: row.target_actor_id,
  stance: row.stance,
  attributedActorId: row.attributed_actor_id,
  attributedText: row.attributed_text,
  confidence: row.confidence,
  eventDate: eventDateOf(row),
  note: row.note,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const claimGone = (id: string): ApiError => new ApiError('not_found', 'That tie claim no longer exists; it may have been deleted.', { id });

export function getClaim(store: Store, id: string): Claim {
  const row = store.sql(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ?`).get(id) as ClaimRow | undefined;
  if (!row) throw claimGone(id);
  return toClaim(row);
}

interface ClaimFields {
  sourceActorId: string;
  relationTypeId: string;
  targetActorId: string;
  attributedActorId: string | null;
}

/** Checks the actors and the relation type a claim names; `changed` says which were just chosen. */
function validate(store: Store, fields: ClaimFields, changed: { actors: boolean; relation: boolean; attribution: boolean }): void {
  const source = requireActor(store, fields.sourceActorId, 'The source actor');
  const target = requireActor(store, fields.targetActorId, 'The target actor');
  const relation = requireRelationType(store, fields.relationTypeId);
  // A claim of an actor with itself can arise from a merge; it may be kept, but not made.
  if (changed.actors && source.id === target.id) {
    throw new ApiError('invalid_argument', `A tie needs two different actors; ${source.name} is both source and target. Choose another target.`, { field: 'targetActorId' });
  }
  if (changed.relation && relation.retired === 1) {
    throw new ApiError('invalid_argument', `The relation type "${relation.label}" is retired; choose another or restore it first.`, { field: 'relationTypeId' });
  }
  if (changed.attribution && fields.attributedActorId) requireActor(store, fields.attributedActorId, 'The actor the claim is attributed to');
}

export function createClaim(store: Store, input: NewClaim): Claim {
  const highlight = store.sql('SELECT source_id FROM highlights WHERE id = ?').get(input.highlightId) as { source_id: string } | undefined;
  if (!highlight) throw highlightGone(input.highlightId, 'highlightId');
  const fields = {
    sourceActorId: input.sourceActorId,
    relationTypeId: input.relationTypeId,
    targetActorId: input.targetActorId,
    attributedActorId: input.attributedActorId ?? null,
  };
  validate(store, fields, { actors: true, relation: true, attribution: true });
  const date = parsePartialDate(input.eventDate ?? '');
  const id = randomUUID();
  const at = now();
  store
    .sql(`INSERT INTO claims (${CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, input.highlightId, highlight.source_id, fields.sourceActorId, fields.relationTypeId, fields.targetActorId,
      input.stance ?? 'asserted', fields.attributedActorId, (input.attributedText ?? '').trim(), input.confidence ?? 'medium',
      date?.text ?? '', date?.start ?? '', date?.end ?? '', (input.note ?? '').trim(), at, at);
  return getClaim(store, id);
}

export function updateClaim(store: Store, id: string, patch: ClaimPatch): Claim {
  const current = getClaim(store, id);
  const fields = {
    sourceActorId: patch.sourceActorId ?? current.sourceActorId,
    relationTypeId: patch.relationTypeId ?? current.relationTypeId,
    targetActorId: patch.targetActorId ?? current.targetActorId,
    attributedActorId: patch.attributedActorId === undefined ? current.attributedActorId : patch.attributedActorId,
  };
  validate(store, fields, {
    actors: fields.sourceActorId !== current.sourceActorId || fields.targetActorId !== current.targetActorId,
    relation: patch.relationTypeId !== undefined && patch.relationTypeId !== current.relationTypeId,
    attribution: patch.attributedActorId !== undefined,
  });
  const date = patch.eventDate === undefined ? current.eventDate : parsePartialDate(patch.eventDate);
  store
    .sql(
      `UPDATE claims SET source_actor_id = ?, relation_type_id = ?, target_actor_id = ?, stance = ?, attributed_actor_id = ?,
         attributed_text = ?, confidence = ?, event_date_text = ?, event_date_start = ?, event_date_end = ?, note = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(fields.sourceActorId, fields.relationTypeId, fields.targetActorId, patch.stance ?? current.stance, fields.attributedActorId,
      patch.attributedText === undefined ? current.attributedText : patch.attributedText.trim(), patch.confidence ?? current.confidence,
      date?.text ?? '', date?.start ?? '', date?.end ?? '', patch.note === undefined ? current.note : patch.note.trim(), now(), id);
  return getClaim(store, id);
}

export function deleteClaim(store: Store, id: string): { deleted: true } {
  if (store.sql('DELETE FROM claims WHERE id = ?').run(id).changes === 0) {
    throw claimGone(id);
  }
  return { deleted: true as const };
}

/** Tags, claims and note summaries of one source's highlights, in text order. */
export function listAnnotations(store: Store, sourceId: string): SourceAnnotations {
  return store.read(() => {
    requireSource(store, sourceId);
    const tags = store
      .sql(
        // CROSS JOIN keeps SQLite from walking every highlight of the source to find the few that
        // are tagged (8 ms at 20,000 highlights with no tags; 0.01 ms this way round).
        `SELECT t.highlight_id AS highlightId, t.actor_id AS actorId FROM highlight_actors t CROSS JOIN highlights h ON h.id = t.highlight_id
         WHERE h.source_id = ? ORDER BY h.start_offset, h.end_offset DESC, h.created_at, t.highlight_id, t.rowid`,
      )
      .all(sourceId) as SourceAnnotations['tags'];
    const claims = (
      store
        .sql(
          `SELECT ${QUALIFIED_COLUMNS} FROM claims c JOIN highlights h ON h.id = c.highlight_id
           WHERE c.source_id = ? ORDER BY h.start_offset, h.end_offset DESC, h.created_at, c.highlight_id, c.created_at, c.rowid`,
        )
        .all(sourceId) as ClaimRow[]
    ).map(toClaim);
    const notes = store
      .sql(
        `SELECT n.highlight_id AS highlightId, n.plain_text AS plainText, n.updated_at AS updatedAt FROM notes n
         CROSS JOIN highlights h ON h.id = n.highlight_id WHERE h.source_id = ? ORDER BY h.start_offset, h.end_offset DESC, h.created_at, n.highlight_id`,
      )
      .all(sourceId) as SourceAnnotations['notes'];
    return { tags, claims, notes };
  });
}

/**
 * A tie and its passage in one step (the tie form's save and "." on a fresh selection): the
 * passage is highlighted, or the highlight of exactly that span is used, the tie's two actors
 * are tagged on it where they are not yet, and the claim is added. One transaction, so one undo
 * step takes all of it back, and a refusal (a retired relation type, a passage past the end)
 * leaves nothing behind.
 */
export function addTie(store: Store, input: NewTie): { claim: Claim; highlight: Highlight } {
  const { highlightId: given, passage, ...fields } = input;
  if (!given === !passage) {
    throw new ApiError('invalid_argument', 'Give either the highlight the tie is on (highlightId) or the passage to highlight (passage), not both.', { field: given ? 'passage' : 'highlightId' });
  }
  return store.write(() => {
    let highlightId = given;
    if (highlightId) requireHighlight(store, highlightId);
    else {
      const text = getSourceText(store, passage!.sourceId);
      const { start, end } = passage!.end <= text.length && passage!.end > passage!.start ? snapRange(text, passage!.start, passage!.end) : passage!;
      const twin = store.sql('SELECT id FROM highlights WHERE source_id = ? AND start_offset = ? AND end_offset = ?').get(passage!.sourceId, start, end) as { id: string } | undefined;
      highlightId = twin?.id ?? insertHighlight(store, passage!).id;
    }
    insertTags(store, highlightId, [...new Set([fields.sourceActorId, fields.targetActorId])]);
    const claim = createClaim(store, { highlightId, ...fields });
    return { claim, highlight: getHighlight(store, highlightId) };
  });
}

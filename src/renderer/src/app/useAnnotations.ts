import { useCallback, useMemo, useRef, useState } from 'react';
import type { SourceAnnotations } from '../../../shared/api';
import type { Actor, Claim, RelationType, UndoState } from '../../../shared/annotations';
import type { HighlightSpan } from '../../../shared/types';
import { api } from '../api';

const EMPTY: SourceAnnotations = { tags: [], claims: [], notes: [] };
const NO_UNDO: UndoState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null, undo: null, redo: null };

/**
 * The annotation state the UI shows: the registry, relation types, the open source's highlights
 * with their tags, claims and notes, and the undo state. After any change it is re-read from the
 * store as a whole, so what is shown is always what is stored (also after an undo).
 */
export function useAnnotations() {
  const [actors, setActors] = useState<Actor[]>([]);
  const [relationTypes, setRelationTypes] = useState<RelationType[]>([]);
  const [highlights, setHighlights] = useState<HighlightSpan[]>([]);
  const [annotations, setAnnotations] = useState<SourceAnnotations>(EMPTY);
  const [undoState, setUndoState] = useState<UndoState>(NO_UNDO);
  const [version, setVersion] = useState(0);
  const request = useRef(0);
  /** The undo state as last read, at once (an undo right after a save must not see the state before it). */
  const undoRef = useRef<UndoState>(NO_UNDO);

  /**
   * Re-reads everything for `sourceId` (null: no source open). Stale answers are dropped. After a
   * change to one highlight the caller may pass that highlight's stored state as `patch` instead
   * of re-reading every highlight of the source (thousands, on a heavily annotated source).
   */
  const reload = useCallback(async (sourceId: string | null, patch?: (list: HighlightSpan[]) => HighlightSpan[]) => {
    const ticket = ++request.current;
    const [nextActors, nextTypes, nextUndo, nextHighlights, nextAnnotations] = await Promise.all([
      api.listActors({}),
      api.listRelationTypes({}),
      api.undoState({}),
      sourceId && !patch ? api.listHighlightSpans({ sourceId }) : Promise.resolve(null),
      sourceId ? api.listAnnotations({ sourceId }) : Promise.resolve(EMPTY),
    ]);
    if (ticket !== request.current) return;
    setActors(nextActors);
    setRelationTypes(nextTypes);
    undoRef.current = nextUndo;
    setUndoState(nextUndo);
    if (patch) setHighlights(patch);
    else setHighlights(nextHighlights ?? []);
    setAnnotations(nextAnnotations);
    setVersion((v) => v + 1);
  }, []);

  /**
   * Re-reads only the undo state (another window may have changed the project's one history);
   * true when it differs from what this window shows, so the caller re-reads the rest.
   */
  const reloadUndoState = useCallback(async () => {
    const next = await api.undoState({});
    const shown = undoRef.current;
    const changed = next.undo?.id !== shown.undo?.id || next.redo?.id !== shown.redo?.id;
    undoRef.current = next;
    setUndoState(next);
    return changed;
  }, []);
  const latestUndoState = useCallback(() => undoRef.current, []);

  const derived = useMemo(() => {
    const actorsById = new Map(actors.map((a) => [a.id, a]));
    const typesById = new Map(relationTypes.map((t) => [t.id, t]));
    const actorIdsByHighlight = new Map<string, string[]>();
    for (const tag of annotations.tags) {
      const list = actorIdsByHighlight.get(tag.highlightId) ?? [];
      list.push(tag.actorId);
      actorIdsByHighlight.set(tag.highlightId, list);
    }
    const claimsByHighlight = new Map<string, Claim[]>();
    for (const claim of annotations.claims) {
      const list = claimsByHighlight.get(claim.highlightId) ?? [];
      list.push(claim);
      claimsByHighlight.set(claim.highlightId, list);
    }
    const noteByHighlight = new Map(annotations.notes.map((n) => [n.highlightId, n]));
    return { actorsById, typesById, actorIdsByHighlight, claimsByHighlight, noteByHighlight };
  }, [actors, relationTypes, annotations]);

  return { actors, relationTypes, highlights, annotations, undoState, version, reload, reloadUndoState, latestUndoState, ...derived };
}

export type AnnotationState = ReturnType<typeof useAnnotations>;

/** "Russia → supplies weapons to → Hezbollah", or with ↔ for symmetric types. */
export function claimSentence(claim: Pick<Claim, 'sourceActorId' | 'relationTypeId' | 'targetActorId'>, state: Pick<AnnotationState, 'actorsById' | 'typesById'>): string {
  const source = state.actorsById.get(claim.sourceActorId)?.name ?? 'Unknown actor';
  const target = state.actorsById.get(claim.targetActorId)?.name ?? 'Unknown actor';
  const type = state.typesById.get(claim.relationTypeId);
  const arrow = type && !type.directed ? '↔' : '→';
  return `${source} ${arrow} ${type?.label ?? 'related to'} ${arrow} ${target}`;
}

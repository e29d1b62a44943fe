import type { SourceAnnotations } from '../../../shared/api';
import type { Actor, Claim, RelationType } from '../../../shared/annotations';

/**
 * Look-up maps over the open source's annotations, derived from what the workspace holds
 * (src/renderer/src/app/workspace.ts) and rebuilt only when one of their inputs changes.
 */
export interface AnnotationIndex {
  actors: Actor[];
  relationTypes: RelationType[];
  annotations: SourceAnnotations;
  actorsById: Map<string, Actor>;
  typesById: Map<string, RelationType>;
  actorIdsByHighlight: Map<string, string[]>;
  claimsByHighlight: Map<string, Claim[]>;
  noteByHighlight: Map<string, SourceAnnotations['notes'][number]>;
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function indexAnnotations(actors: Actor[], relationTypes: RelationType[], annotations: SourceAnnotations): AnnotationIndex {
  const actorIdsByHighlight = new Map<string, string[]>();
  for (const [highlightId, tags] of group(annotations.tags, (t) => t.highlightId)) actorIdsByHighlight.set(highlightId, tags.map((t) => t.actorId));
  return {
    actors,
    relationTypes,
    annotations,
    actorsById: new Map(actors.map((a) => [a.id, a])),
    typesById: new Map(relationTypes.map((t) => [t.id, t])),
    actorIdsByHighlight,
    claimsByHighlight: group(annotations.claims, (c) => c.highlightId),
    noteByHighlight: new Map(annotations.notes.map((n) => [n.highlightId, n])),
  };
}

/** "Russia → supplies weapons to → Hezbollah", or with ↔ for symmetric types. */
export function claimSentence(claim: Pick<Claim, 'sourceActorId' | 'relationTypeId' | 'targetActorId'>, index: Pick<AnnotationIndex, 'actorsById' | 'typesById'>): string {
  const source = index.actorsById.get(claim.sourceActorId)?.name ?? 'Unknown actor';
  const target = index.actorsById.get(claim.targetActorId)?.name ?? 'Unknown actor';
  const type = index.typesById.get(claim.relationTypeId);
  const arrow = type && !type.directed ? '↔' : '→';
  return `${source} ${arrow} ${type?.label ?? 'related to'} ${arrow} ${target}`;
}

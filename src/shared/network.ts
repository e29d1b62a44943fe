import { s, type Infer } from './schema';
import { POLARITIES, STANCES, type ActorKind, type Polarity, type TieEvidence, type TieRelation } from './annotations';

/**
 * The Network view's data: actors as nodes, ties as edges (one per pair of actors and relation
 * type), under filters. Built by src/core/services/network.ts from the same claim aggregation as
 * the Ties panel (src/core/services/ties.ts).
 */

const id = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternHint: 'is not a valid id' });
/** A partial date: "2022", "2022-03" or "2022-03-14". */
const partialDate = s.string({ pattern: /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, patternHint: 'must be a date like 2022, 2022-03 or 2022-03-14' });

export const networkFilters = {
  /** Only the claims of these sources. */
  sourceIds: s.optional(s.array(id, { max: 5000 })),
  /** Only the claims of sources from these outlets (as written in the sources' details). */
  outlets: s.optional(s.array(s.string({ max: 300 }), { max: 500 })),
  relationTypeIds: s.optional(s.array(id, { max: 500 })),
  polarities: s.optional(s.array(s.literal(...POLARITIES), { max: 3 })),
  stances: s.optional(s.array(s.literal(...STANCES), { max: 5 })),
  /** Claims whose event date or period overlaps [dateFrom, dateTo] (either bound may be left open). */
  dateFrom: s.optional(partialDate),
  dateTo: s.optional(partialDate),
  /** Keep claims without an event date when a date range is given (default true). */
  undated: s.optional(s.boolean()),
  /** Only the claims this analyst coded (their own, or recognized as theirs in a merge; '' is this project's analyst): `claimCodedBy` in src/core/services/analyst.ts. */
  analyst: s.optional(s.string({ max: 100 })),
  /** Hide edges with fewer claims. */
  minClaims: s.optional(s.int({ min: 1, max: 1_000_000 })),
  /** Leave out structural ties (member of, proxy of, allied with…: category STRUCTURE). */
  hideStructural: s.optional(s.boolean()),
};

export const networkFiltersSchema = s.object(networkFilters);
export type NetworkFilters = Infer<typeof networkFiltersSchema>;

export const edgeEvidenceArgs = s.object({
  sourceActorId: id,
  targetActorId: id,
  /** One relation; without it, every relation between the two actors (either direction). */
  relationTypeId: s.optional(id),
  filters: s.optional(networkFiltersSchema),
});

/** Coordinates are whole numbers, in hundredths of a layout unit. */
const coordinate = s.int({ min: -1_000_000_000, max: 1_000_000_000 });

export const nodePositionsArgs = s.object({
  positions: s.array(s.object({ actorId: id, x: coordinate, y: coordinate, pinned: s.optional(s.boolean()) }), { min: 1, max: 50_000 }),
});

export interface NetworkNode {
  id: string;
  name: string;
  kind: ActorKind;
  aliases: string[];
  color: string;
  affiliationId: string | null;
  /** Claims on the visible edges that name this actor. */
  claimCount: number;
  /** How many other actors it is tied to by visible edges. */
  degree: number;
}

export interface NetworkEdge extends TieRelation {
  /** `source|relation|target`, stable across calls. */
  id: string;
  directed: boolean;
  polarity: Polarity;
  structural: boolean;
  /** This relation is both asserted (or reported, alleged) and denied. */
  stanceConflict: boolean;
  /** The pair has cooperative and conflictual relations among the visible edges. */
  polarityConflict: boolean;
}

export interface NodePosition {
  actorId: string;
  /** Hundredths of a layout unit. */
  x: number;
  y: number;
  /** Pinned by the user (dragged): the layout leaves it where it is. */
  pinned: boolean;
}

export interface NetworkGraph {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  /** Kept positions of the nodes shown (others have none yet). */
  positions: NodePosition[];
  /** Claims on the visible edges. */
  claimCount: number;
  /** Earliest start and latest end of the dated claims under every filter but the dates (for the date slider); null when none is dated. */
  dates: { from: string; to: string } | null;
}

/** One claim behind an edge, with its passage and the relation it is evidence of. */
export interface NetworkEvidence extends TieEvidence, Pick<TieRelation, 'sourceActorId' | 'relationTypeId' | 'targetActorId'> {}

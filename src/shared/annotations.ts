/** Actors, relation types, tie claims, ties and notes: the annotation vocabulary the app and its exports share. */

export const ACTOR_KINDS = [
  'state',
  'government-body',
  'armed-group',
  'political-party',
  'company',
  'international-organization',
  'person',
  'media-outlet',
  'population',
  'other',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const ACTOR_KIND_LABELS: Record<ActorKind, string> = {
  state: 'State',
  'government-body': 'Government body',
  'armed-group': 'Armed group',
  'political-party': 'Political party',
  company: 'Company or PMC',
  'international-organization': 'International organization',
  person: 'Person',
  'media-outlet': 'Media outlet',
  population: 'Population',
  other: 'Other',
};

export interface Actor {
  id: string;
  name: string;
  kind: ActorKind;
  aliases: string[];
  description: string;
  /** #rrggbb */
  color: string;
  /** e.g. a Wikidata QID typed by the user; empty when none. */
  externalId: string;
  /** Another actor this one belongs to (a coalition, a parent organisation). */
  affiliationId: string | null;
  /** How many highlights are tagged with it, and how many claims name it. */
  tagCount: number;
  claimCount: number;
  createdAt: string;
  updatedAt: string;
}

export const POLARITIES = ['cooperative', 'conflictual', 'neutral'] as const;
export type Polarity = (typeof POLARITIES)[number];

export interface RelationType {
  id: string;
  label: string;
  inverseLabel: string;
  directed: boolean;
  polarity: Polarity;
  /** PLOVER-style category such as AID, ASSAULT, or STRUCTURAL. */
  category: string;
  /** -10 (most hostile) .. +10 (most cooperative), Goldstein-like. */
  intensity: number;
  color: string;
  /** Retired types are not offered for new claims but keep existing ones. */
  retired: boolean;
  claimCount: number;
  createdAt: string;
  updatedAt: string;
}

export const STANCES = ['asserted', 'reported', 'alleged', 'denied', 'speculative'] as const;
export type Stance = (typeof STANCES)[number];

export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** A partial date or period as typed ("2022", "March 2022", "2022-03/2022-06"), with its parsed bounds. */
export interface EventDate {
  text: string;
  /** ISO-like lower and upper bounds at the precision given: "2022", "2022-03", "2022-03-14". */
  start: string;
  end: string;
}

export interface Claim {
  id: string;
  highlightId: string;
  sourceId: string;
  sourceActorId: string;
  relationTypeId: string;
  targetActorId: string;
  stance: Stance;
  /** Who says so: an actor, or free text such as "Times of Israel, 19 Nov". */
  attributedActorId: string | null;
  attributedText: string;
  confidence: Confidence;
  eventDate: EventDate | null;
  note: string;
  createdAt: string;
  updatedAt: string;
}

export interface Note {
  highlightId: string;
  /** Lexical editor state, serialized JSON. */
  content: string;
  plainText: string;
  createdAt: string;
  updatedAt: string;
}

/** One relation between an ordered pair of actors, aggregated over its claims. */
export interface TieRelation extends Pick<Claim, 'sourceActorId' | 'relationTypeId' | 'targetActorId'> {
  claimCount: number;
  sourceCount: number;
  stances: Partial<Record<Stance, number>>;
  dateFrom: string | null;
  dateTo: string | null;
}

/** All relations between two actors (either direction), as the Ties panel groups them. */
export interface TiePair {
  /** The two actors, in a stable order (by name). */
  actorIds: [string, string];
  relations: TieRelation[];
  claimCount: number;
  /** Cooperative and conflictual relations between the same pair. */
  polarityConflict: boolean;
  /** The same relation both asserted (or reported/alleged) and denied. */
  stanceConflict: boolean;
}

/** One claim behind a tie, with the passage it rests on. */
export interface TieEvidence
  extends Pick<Claim, 'highlightId' | 'sourceId' | 'stance' | 'attributedActorId' | 'attributedText' | 'confidence' | 'eventDate'> {
  claimId: string;
  sourceTitle: string;
  /** The highlighted passage. */
  exact: string;
}

/** One step of the project's undo history, as the Undo and Redo buttons name it. */
export interface UndoStep {
  /** The step's id for this session; undo and redo take it as `expected`. */
  id: number;
  /** "Add note", "Tag Russia", "Merge actors". */
  label: string;
  /**
   * The source whose annotations the step changed; null when it changed project-wide data
   * (actors, aliases, relation types: an actor edit, a merge) or several sources.
   */
  sourceId: string | null;
  /** That source's title as it is now. */
  sourceTitle: string | null;
  /** The one highlight the step changed, while it exists (not after undoing its creation). */
  highlightId: string | null;
}

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
  /** What Undo would revert now, and where. */
  undo: UndoStep | null;
  /** What Redo would do again now, and where. */
  redo: UndoStep | null;
}

/**
 * Types of corpus search, mentions and the source library (methods `search`, `listMentions`,
 * `acceptMentions`, `dismissMention`, `querySources`, collections, `deleteSources`; see
 * docs/search.md). Plain JSON only.
 */
import { s } from './schema';
import { HIGHLIGHT_COLORS, type SourceSummary } from './types';

/** Where a search hit was found. */
export const SEARCH_HIT_KINDS = ['text', 'meta', 'quote', 'note', 'claim'] as const;
export type SearchHitKind = (typeof SEARCH_HIT_KINDS)[number];

/** A snippet: a short stretch of text with the matched words marked ([start, end) inside `text`). */
export interface Snippet {
  text: string;
  marks: Array<[number, number]>;
  /** The snippet starts after the beginning / ends before the end of what it was cut from. */
  cutStart: boolean;
  cutEnd: boolean;
}

export interface SearchHit {
  /**
   * `text`: in the source's text; `quote`: inside a highlight's passage; `meta`: in the title,
   * outlet or authors; `note`: in a highlight's note; `claim`: in a tie's note or attribution.
   */
  kind: SearchHitKind;
  /**
   * [start, end) of the first matched word of the hit in the source's text (`text` and `quote`
   * hits): scroll the reader there and flash it. Null for the other kinds.
   */
  start: number | null;
  end: number | null;
  /** The block holding `start` (index into Source.blocks), for `text` and `quote` hits. */
  blockIndex: number | null;
  /** The highlight the hit is in or about (`quote`, `note`, `claim`). */
  highlightId: string | null;
  /** The tie (`claim` hits). */
  claimId: string | null;
  snippet: Snippet;
}

export interface SearchSourceResult {
  source: SourceSummary;
  /** Position in the ranking over all pages, from 0 (best first: bm25). */
  rank: number;
  /** How many times the query's words occur in the source's text (all of them, not only the hits listed). */
  textMatches: number;
  /** The best few hits: text passages in text order, then quotes, notes, ties and details. */
  hits: SearchHit[];
}

export interface SearchActorResult {
  actorId: string;
  name: string;
  /** The alias that matched, or null when the name did. */
  alias: string | null;
}

export interface SearchResult {
  /** Sources matching the query and the filters, over all pages. */
  total: number;
  /** This page of them, best first. */
  sources: SearchSourceResult[];
  /** Actors whose name or an alias matches (first page only; empty on later pages). */
  actors: SearchActorResult[];
  /** The words searched for, folded as the index folds them (for painting matches in the reader). */
  terms: string[];
}

/** One place where an actor's name or alias occurs outside the highlights tagged with that actor. */
export interface MentionItem {
  sourceId: string;
  actorId: string;
  /** [start, end) of the name in the source's text. */
  start: number;
  end: number;
  /** The words as written there. */
  matched: string;
  /** The block holding the mention (index into Source.blocks). */
  blockIndex: number;
  /** Up to about 60 characters either side, within the block. */
  before: string;
  after: string;
  /** Dismissed by the user (listed only when asked for). */
  dismissed: boolean;
}

export interface MentionGroup {
  actorId: string;
  name: string;
  /** Mentions of the actor in scope (not dismissed, unless asked for), over all of them. */
  count: number;
  /** The first of them in source then text order (at most `limit`). */
  mentions: MentionItem[];
}

export interface MentionList {
  /** By count, most first, then by name. */
  groups: MentionGroup[];
  /** All mentions listed or not. */
  total: number;
  sourcesScanned: number;
}

export interface AcceptMentionsResult {
  /** Highlights created, and existing highlights (exactly the snapped passage) tagged instead. */
  created: number;
  tagged: number;
  /** The highlights now tagged, in the order of the mentions given. */
  highlightIds: string[];
}

export const LIBRARY_SORTS = ['added', 'published', 'title', 'outlet', 'highlights'] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

export interface LibrarySource extends SourceSummary {
  /** The collections the source is in. */
  collectionIds: string[];
}

export interface LibraryPage {
  sources: LibrarySource[];
  /** Sources matching the filter and collection, over all pages. */
  total: number;
  /** All sources of the project. */
  all: number;
}

export interface Collection {
  id: string;
  name: string;
  sourceCount: number;
  createdAt: string;
  updatedAt: string;
}

// ---- argument schemas (used by the API table in src/shared/api.ts)

const id = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternHint: 'is not a valid id' });
const partialDate = s.string({ pattern: /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, patternHint: 'must be a date like 2022, 2022-03 or 2022-03-14' });
const offset = s.int({ min: 0, max: 2 ** 31 - 1 });

/** Search results come a page of sources at a time. */
export const SEARCH_PAGE_MAX = 100;

export const searchArgs = s.object({
  /** What the user typed (syntax: docs/search.md). */
  query: s.string({ max: 2000 }),
  /** Only these sources. */
  sourceIds: s.optional(s.array(id, { max: 10000 })),
  /** Only sources from these outlets (as written in the sources' details, case ignored). */
  outlets: s.optional(s.array(s.string({ max: 300 }), { max: 500 })),
  /** Sources published in [publishedFrom, publishedTo]; sources without a date are left out when either is given. */
  publishedFrom: s.optional(partialDate),
  publishedTo: s.optional(partialDate),
  /** Only sources where this actor is tagged or is one end of a tie. */
  actorId: s.optional(id),
  /** Only sources with (true) or without (false) highlights. */
  hasHighlights: s.optional(s.boolean()),
  collectionId: s.optional(id),
  /** Sources per page (default 20). */
  limit: s.optional(s.int({ min: 1, max: SEARCH_PAGE_MAX })),
  offset: s.optional(offset),
});

const mentionRef = s.object({ sourceId: id, actorId: id, start: offset, end: s.int({ min: 1, max: 2 ** 31 - 1 }) });

export const listMentionsArgs = s.object({
  /** One source; the whole corpus when absent. */
  sourceId: s.optional(id),
  /** One actor's mentions only. */
  actorId: s.optional(id),
  /** List dismissed mentions too (marked `dismissed`), to restore them. */
  includeDismissed: s.optional(s.boolean()),
  /** Mentions listed per actor (default 200); `count` always gives them all. */
  limit: s.optional(s.int({ min: 1, max: 10000 })),
});

export const acceptMentionsArgs = s.object({
  mentions: s.array(mentionRef, { min: 1, max: 5000 }),
  /** Highlight the name itself, or the sentence around it. */
  snap: s.literal('sentence', 'name'),
  color: s.optional(s.literal(...HIGHLIGHT_COLORS)),
});

export const dismissMentionArgs = s.object({
  sourceId: id,
  actorId: id,
  start: offset,
  end: s.int({ min: 1, max: 2 ** 31 - 1 }),
  /** Undismiss: list the mention again. */
  restore: s.optional(s.boolean()),
});

export const querySourcesArgs = s.object({
  /** Words typed, each matched as the start of a word of the title, outlet or an author (case and accents ignored). */
  filter: s.optional(s.string({ max: 300 })),
  sort: s.optional(s.literal(...LIBRARY_SORTS)),
  /** Default: newest / most first for added, published and highlights; A to Z for title and outlet. */
  direction: s.optional(s.literal('asc', 'desc')),
  collectionId: s.optional(id),
  /** Sources per page (default 500). */
  limit: s.optional(s.int({ min: 1, max: 10000 })),
  offset: s.optional(offset),
});

const collectionName = s.string({ min: 1, max: 200 });
const sourceIdList = s.array(id, { min: 1, max: 10000 });

export const collectionArgs = {
  create: s.object({ name: collectionName, sourceIds: s.optional(s.array(id, { max: 10000 })) }),
  rename: s.object({ id, name: collectionName }),
  remove: s.object({ id }),
  members: s.object({ id, sourceIds: sourceIdList }),
};

export const deleteSourcesArgs = s.object({ ids: sourceIdList });

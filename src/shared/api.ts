import { claimFields, idSchema } from './claimFields';
import { s, type Infer, type Schema } from './schema';
import { preferencesPatch, type Preferences } from './preferences';
import {
  HIGHLIGHT_COLORS,
  type AnchorReviewItem,
  type BackupInfo,
  type Highlight,
  type ImportReport,
  type ProjectInfo,
  type Source,
  type SourceSummary,
  type TextUpdateReport,
} from './types';
import {
  ACTOR_KINDS,
  POLARITIES,
  STANCES,
  type Actor,
  type Claim,
  type Note,
  type RelationType,
  type TieEvidence,
  type TiePair,
  type UndoState,
  type UndoStep,
} from './annotations';
import {
  acceptMentionsArgs,
  collectionArgs,
  deleteSourcesArgs,
  dismissMentionArgs,
  listMentionsArgs,
  querySourcesArgs,
  searchArgs,
  type AcceptMentionsResult,
  type Collection,
  type LibraryPage,
  type MentionList,
  type SearchResult,
} from './search';
import type { SpanColumns } from './spans';
import { edgeEvidenceArgs, networkFiltersSchema, nodePositionsArgs, type NetworkEvidence, type NetworkGraph } from './network';

/**
 * The one interface between the UI and the backend. Each entry names a method, the schema its
 * arguments must satisfy, and (as a phantom type) what it returns. Both shells serve exactly
 * this table; `ResearchApi` below is derived from it, so a renamed method breaks the build.
 */
interface MethodSpec<A, R> {
  args: Schema<A>;
  /** Phantom: never read at run time. */
  readonly result?: R;
}

const method =
  <R>() =>
  <A>(args: Schema<A>): MethodSpec<A, R> => ({ args });

/** Largest file accepted by import, in bytes. Bigger files are refused before decoding. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** Base64 grows data by 4/3. */
const MAX_BASE64_CHARS = Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4;

const id = idSchema;
const offset = s.int({ min: 0, max: 2 ** 31 - 1 });
const color = s.literal(...HIGHLIGHT_COLORS);
const shortText = (max: number) => s.string({ max });

const hexColor = s.string({ pattern: /^#[0-9a-fA-F]{6}$/, patternHint: 'must be a colour like #1a2b3c' });
const name = s.string({ min: 1, max: 200 });

const actorFields = {
  kind: s.optional(s.literal(...ACTOR_KINDS)),
  aliases: s.optional(s.array(s.string({ min: 1, max: 200 }), { max: 200 })),
  description: s.optional(s.string({ max: 5000 })),
  color: s.optional(hexColor),
  externalId: s.optional(s.string({ max: 200 })),
  affiliationId: s.optional(s.nullable(id)),
};
const actorPatch = s.object({ name: s.optional(name), ...actorFields });

const relationFields = {
  inverseLabel: s.optional(s.string({ max: 200 })),
  directed: s.optional(s.boolean()),
  polarity: s.optional(s.literal(...POLARITIES)),
  category: s.optional(s.string({ max: 60 })),
  intensity: s.optional(s.int({ min: -10, max: 10 })),
  color: s.optional(hexColor),
};
const relationPatch = s.object({ label: s.optional(name), retired: s.optional(s.boolean()), ...relationFields });

const claimPatch = s.object({
  sourceActorId: s.optional(id),
  relationTypeId: s.optional(id),
  targetActorId: s.optional(id),
  ...claimFields,
});

/**
 * The user's decision on one of the archive's actors before a merge (see previewMerge): the same
 * actor as one here (`into`: the proposed match, or another), or kept apart as a new actor, under
 * `rename` when its name is taken here. Actors without a decision are matched by name and alias.
 */
const actorDecision = s.object({
  incomingId: s.string({ min: 1, max: 200 }),
  action: s.literal('merge', 'apart'),
  into: s.optional(s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternHint: 'is not a valid id' })),
  rename: s.optional(s.string({ min: 1, max: 200 })),
});

/** An analyst's name as the project stores it. */
const analystName = s.string({ min: 1, max: 100 });

const tieFilters = {
  sourceId: s.optional(id),
  /** Only claims this analyst coded (their own, or recognized as theirs in a merge). */
  analyst: s.optional(analystName),
  actorIds: s.optional(s.array(id, { max: 100 })),
  relationTypeIds: s.optional(s.array(id, { max: 200 })),
  polarities: s.optional(s.array(s.literal(...POLARITIES), { max: 3 })),
  stances: s.optional(s.array(s.literal(...STANCES), { max: 5 })),
};

/** The Ties panel asks for pairs a page at a time: it shows about a hundred, a corpus holds tens of thousands. */
export const TIE_PAGE_DEFAULT = 200;
export const TIE_PAGE_MAX = 2000;

const tiePaging = {
  limit: s.optional(s.int({ min: 1, max: TIE_PAGE_MAX })),
  offset: s.optional(s.int({ min: 0, max: 2 ** 31 - 1 })),
};

const metadataPatch = s.object({
  title: s.optional(s.string({ min: 1, max: 500 })),
  authors: s.optional(s.array(s.string({ min: 1, max: 200 }), { max: 50 })),
  outlet: s.optional(shortText(300)),
  publishedAt: s.optional(shortText(40)),
  url: s.optional(
    s.string({ max: 2000, pattern: /^(|https?:\/\/\S+)$/i, patternHint: 'must be empty or start with http:// or https://' }),
  ),
  language: s.optional(shortText(35)),
});

const importFile = s.object({
  name: s.string({ min: 1, max: 1000 }),
  dataBase64: s.string({ max: MAX_BASE64_CHARS, pattern: /^[A-Za-z0-9+/]*={0,2}$/, patternHint: 'is not valid base64 data' }),
  /** The encoding the user confirmed for a `needs-encoding` outcome ("windows-1256"). */
  encoding: s.optional(s.string({ min: 1, max: 40, pattern: /^[A-Za-z0-9._:-]+$/, patternHint: 'is not an encoding name' })),
});

/** The data exports of the Exports dialog (src/core/export/data-export.ts, docs/exports.md). */
export const EXPORT_FORMATS = ['claims-csv', 'ties-csv', 'actors-csv', 'gexf', 'graphml', 'gephi-csv', 'web-annotation', 'brat', 'markdown-vault'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A file for the renderer to save: text, or bytes in base64 (zip archives). */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
  encoding: 'utf8' | 'base64';
}

/**
 * How far an export is (exportProgress, docs/exports.md): reading the project, writing the
 * format (`done` of `total` sources for the per-source formats, else 0 of 1 then 1 of 1), then
 * compressing a zip's files.
 */
export interface ExportProgress {
  stage: 'reading' | 'writing' | 'packing';
  done: number;
  total: number;
}

/** The caller's name for one export, so that it can ask how far it is or cancel it. */
const exportJobId = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternHint: 'must be letters, digits, - or _' });

/** What importArchive and mergeArchive did. */
export interface ArchiveImportReport {
  sources: number;
  highlights: number;
  actors: number;
  claims: number;
  /** mergeArchive: what was recognized as already here and not doubled (`similarSources`: sources recognized as versions of ours, their highlights re-anchored). */
  matched?: { sources: number; actors: number; relationTypes: number; highlights: number; claims: number; similarSources?: number };
  /** mergeArchive: highlights of similar sources that could not be placed with certainty and wait in their source's review list. */
  review?: number;
}

const partialDate = s.string({ max: 10, pattern: /^(\d{4}(-\d{2}(-\d{2})?)?)?$/, patternHint: 'must be a date like 2022, 2022-03 or 2022-03-14' });
const exportFilters = {
  /** Only these sources; the whole project when absent. */
  sourceIds: s.optional(s.array(id, { max: 10000 })),
  actorIds: tieFilters.actorIds,
  relationTypeIds: tieFilters.relationTypeIds,
  polarities: tieFilters.polarities,
  stances: tieFilters.stances,
  /** Claims whose event date or period overlaps [dateFrom, dateTo]. */
  dateFrom: s.optional(partialDate),
  dateTo: s.optional(partialDate),
};

export const API_METHODS = {
  projectInfo: method<ProjectInfo>()(s.object({})),
  /** Theme, text size, pane widths, and the source last open in this project (see shared/preferences.ts). */
  getPreferences: method<Preferences>()(s.object({})),
  /** Stores the given keys (others unchanged) in the data folder; unknown keys and values out of bounds are refused. */
  setPreferences: method<Preferences>()(preferencesPatch),
  listSources: method<SourceSummary[]>()(s.object({})),
  getSource: method<Source>()(s.object({ id })),
  /** The user is about to import (a file dialog opened, files dragged over the window): start the parser now. */
  prepareImport: method<{ ready: boolean }>()(s.object({})),
  /** The project's backups, newest first. */
  listBackups: method<BackupInfo[]>()(s.object({})),
  /** Takes a backup now (also taken at open, hourly while editing and at a clean close). */
  backupNow: method<BackupInfo>()(s.object({})),
  /** Replaces the project with a backup, after keeping the current state as a backup too; clears undo. */
  restoreBackup: method<ProjectInfo>()(s.object({ name: s.string({ min: 1, max: 200 }) })),
  importFiles: method<ImportReport>()(s.object({ files: s.array(importFile, { min: 1, max: 1000 }) })),
  importText: method<ImportReport>()(
    s.object({
      text: s.string({ max: MAX_IMPORT_BYTES }),
      title: s.optional(s.string({ max: 500 })),
      /** The clipboard's HTML when the text was copied from a web page; read as a web page, never run. */
      html: s.optional(s.string({ max: MAX_IMPORT_BYTES })),
    }),
  ),
  updateSource: method<SourceSummary>()(s.object({ id, patch: metadataPatch })),
  /**
   * "Update text": replaces a source's text with a new version (a file, or pasted text and its
   * clipboard HTML), keeps the old one as a version and re-anchors every highlight; one undo step.
   */
  updateSourceText: method<TextUpdateReport>()(
    s.object({
      id,
      file: s.optional(importFile),
      text: s.optional(s.string({ max: MAX_IMPORT_BYTES })),
      html: s.optional(s.string({ max: MAX_IMPORT_BYTES })),
    }),
  ),
  /** Highlights waiting for the user after a text update: old passage beside the best candidate. */
  listAnchorReview: method<AnchorReviewItem[]>()(s.object({ sourceId: id })),
  /** Accepts a waiting highlight's candidate, or moves it to the passage [start, end); one undo step. */
  resolveAnchor: method<Highlight>()(
    s.object({
      id,
      action: s.literal('accept', 'move'),
      start: s.optional(s.int({ min: 0, max: MAX_IMPORT_BYTES })),
      end: s.optional(s.int({ min: 1, max: MAX_IMPORT_BYTES })),
    }),
  ),
  deleteSource: method<{ deleted: true }>()(s.object({ id })),
  /** Several sources at once, with their annotations, as one undo step (docs/search.md). */
  deleteSources: method<{ deleted: number }>()(deleteSourcesArgs),
  /** The source library: a page of sources filtered as the user types, sorted, with counts and collections. */
  querySources: method<LibraryPage>()(querySourcesArgs),
  listCollections: method<Collection[]>()(s.object({})),
  /** Each collection edit is one undo step. A source may be in several collections. */
  createCollection: method<Collection>()(collectionArgs.create),
  renameCollection: method<Collection>()(collectionArgs.rename),
  deleteCollection: method<{ deleted: true }>()(collectionArgs.remove),
  addToCollection: method<Collection>()(collectionArgs.members),
  removeFromCollection: method<Collection>()(collectionArgs.members),
  /** Corpus search: sources best first, a page at a time, with located hits and snippets (syntax: docs/search.md). */
  search: method<SearchResult>()(searchArgs),
  /** Where actors' names and aliases occur outside the highlights tagged with them, by actor. */
  listMentions: method<MentionList>()(listMentionsArgs),
  /** Highlights mentions tagged with their actors (snapped to the name or its sentence), as one undo step ("Tag all"). */
  acceptMentions: method<AcceptMentionsResult>()(acceptMentionsArgs),
  /** Remembers that a mention is not one, or with `restore` lists it again; one undo step. */
  dismissMention: method<{ dismissed: boolean }>()(dismissMentionArgs),
  listHighlights: method<Highlight[]>()(s.object({ sourceId: id })),
  /**
   * The same highlights, lean (no quote selectors) and as columns (src/shared/spans.ts): a source
   * may carry tens of thousands. With
   * `before`, only those starting before that offset (the reader asks for its first screen's so
   * it can paint them before the whole list has come).
   */
  listHighlightSpans: method<SpanColumns>()(s.object({ sourceId: id, before: s.optional(offset) })),
  createHighlight: method<Highlight>()(
    s.object({
      sourceId: id,
      start: offset,
      end: offset,
      color: s.optional(color),
      /** Tag these actors in the same step (tagging a bare selection highlights it first). */
      actorIds: s.optional(s.array(id, { max: 50 })),
    }),
  ),
  updateHighlight: method<Highlight>()(s.object({ id, color })),
  deleteHighlight: method<{ deleted: true }>()(s.object({ id })),

  listAnnotations: method<SourceAnnotations>()(s.object({ sourceId: id })),

  listActors: method<Actor[]>()(s.object({})),
  createActor: method<Actor>()(s.object({ name, ...actorFields })),
  updateActor: method<Actor>()(s.object({ id, patch: actorPatch })),
  mergeActors: method<Actor>()(s.object({ survivorId: id, mergedIds: s.array(id, { min: 1, max: 100 }) })),
  /** Refused with `in_use` when the actor is tagged or named in claims, unless `force`. */
  deleteActor: method<{ deleted: true }>()(s.object({ id, force: s.optional(s.boolean()) })),
  /** Actors whose name or an alias occurs in the passage, in order of first mention. */
  suggestActors: method<ActorMention[]>()(s.object({ sourceId: id, start: offset, end: offset })),

  tagHighlight: method<{ highlightId: string; actorIds: string[] }>()(s.object({ highlightId: id, actorId: id })),
  untagHighlight: method<{ highlightId: string; actorIds: string[] }>()(s.object({ highlightId: id, actorId: id })),

  listRelationTypes: method<RelationType[]>()(s.object({})),
  createRelationType: method<RelationType>()(s.object({ label: name, ...relationFields })),
  updateRelationType: method<RelationType>()(s.object({ id, patch: relationPatch })),
  /** Only an unused type can be deleted; a used one is refused with `in_use` (retire it instead). */
  deleteRelationType: method<{ deleted: true }>()(s.object({ id })),

  createClaim: method<Claim>()(
    s.object({ highlightId: id, sourceActorId: id, relationTypeId: id, targetActorId: id, ...claimFields }),
  ),
  /** A tie with its passage as one undo step: on a highlight, or on a passage highlighted now; its two actors are tagged on it. */
  addTie: method<{ claim: Claim; highlight: Highlight }>()(
    s.object({
      highlightId: s.optional(id),
      passage: s.optional(s.object({ sourceId: id, start: offset, end: offset })),
      sourceActorId: id,
      relationTypeId: id,
      targetActorId: id,
      ...claimFields,
    }),
  ),
  updateClaim: method<Claim>()(s.object({ id, patch: claimPatch })),
  deleteClaim: method<{ deleted: true }>()(s.object({ id })),

  /** Pairs of actors by claim count (most first, then by name), `limit` (default 200) from `offset`. */
  listTies: method<TiePage>()(s.object({ ...tieFilters, ...tiePaging })),
  listTieEvidence: method<TieEvidence[]>()(
    s.object({ sourceActorId: id, relationTypeId: id, targetActorId: id, sourceId: s.optional(id), stances: tieFilters.stances, analyst: tieFilters.analyst }),
  ),
  /** The Network view: actors and their ties (one edge per pair and relation type) under filters, with kept node positions. */
  getNetwork: method<NetworkGraph>()(s.object({ filters: s.optional(networkFiltersSchema) })),
  /** The claims behind one edge, or every relation between two actors, under the same filters, with their passages. */
  getEdgeEvidence: method<NetworkEvidence[]>()(edgeEvidenceArgs),
  /** Keeps where the Network view placed actors (not an undo step); actors that no longer exist are skipped. */
  saveNodePositions: method<{ saved: number }>()(nodePositionsArgs),

  getNote: method<Note | null>()(s.object({ highlightId: id })),
  /** Creates or replaces the note; only its creation is an undo step, not each save while typing. */
  saveNote: method<Note>()(
    s.object({ highlightId: id, content: s.string({ max: 4_000_000 }), plainText: s.string({ max: 1_000_000 }) }),
  ),
  deleteNote: method<{ deleted: true }>()(s.object({ highlightId: id })),

  /**
   * Undoes the last step. `expected`: the id of the step the caller shows (null: it shows nothing
   * to undo); refused with `conflict` when the project's last step is another one, because
   * another window undid it or changed the project since. Without it, undoes whatever is last.
   */
  undo: method<UndoResult>()(s.object({ expected: s.optional(s.nullable(s.int({ min: 1 }))) })),
  redo: method<UndoResult>()(s.object({ expected: s.optional(s.nullable(s.int({ min: 1 }))) })),
  undoState: method<UndoState>()(s.object({})),

  /** Annotated notes as Markdown, for one source or (without sourceId) the whole project; `as: 'html'` the same as rich text, for the clipboard. */
  exportMarkdown: method<{ fileName: string; content: string }>()(s.object({ sourceId: s.optional(id), as: s.optional(s.literal('markdown', 'html')) })),
  /** Claims, ties or actors as CSV, the network as GEXF, GraphML or Gephi CSV, Web Annotation, brat, or a Markdown vault; under the Ties panel's filters. */
  exportData: method<ExportedFile>()(s.object({ format: s.literal(...EXPORT_FORMATS), ...exportFilters, jobId: s.optional(exportJobId) })),
  /** How far the export started with this jobId is; null when none is running under it (not started, finished or cancelled). */
  exportProgress: method<ExportProgress | null>()(s.object({ jobId: exportJobId })),
  /** Stops the export running under this jobId at its next step (it then fails with `cancelled`); false when none is running. */
  cancelExport: method<{ cancelled: boolean }>()(s.object({ jobId: exportJobId })),
  /** The whole project as one archive file (a zip: manifest, every table's rows, sources with their versions). */
  exportArchive: method<ExportedFile>()(s.object({})),
  /** Reads an archive into this project, which must be empty; refused with nothing changed otherwise. */
  importArchive: method<ArchiveImportReport>()(s.object({ file: importFile })),
  /** Merges another analyst's archive into this project: shared sources, actors, relation types, highlights and claims recognized, the rest added; one undo step. */
  mergeArchive: method<ArchiveImportReport>()(s.object({ file: importFile, actors: s.optional(s.array(actorDecision, { max: 100000 })) })),
  /** What a merge would recognize, before anything is written: the actors matched (and how) and the new ones, for the user's review; counts of sources. */
  previewMerge: method<MergePreview>()(s.object({ file: importFile })),

  /** Names this project's analyst: their highlights, claims and notes are told apart from a merged colleague's. */
  setAnalyst: method<{ analyst: string }>()(s.object({ name: analystName })),
  /** Every analyst with work in the project, this project's own first ('' while unnamed). */
  listAnalysts: method<string[]>()(s.object({})),
  /** Agreement between two analysts (default: this project's and the first other) over the passages both coded, per relation type. */
  codingAgreement: method<AgreementReport>()(s.object({ a: s.optional(analystName), b: s.optional(analystName) })),
} as const;

/** A merge's review (previewMerge): nothing is written. */
export interface MergePreview {
  /** The archive's analyst (their project's name when they never named themselves). */
  analyst: string;
  sources: { total: number; same: number; similar: number };
  actors: MergePreviewActor[];
}

export interface MergePreviewActor {
  incomingId: string;
  name: string;
  kind: string;
  aliases: string[];
  /** The actor here it would be merged into, and by which of its names; null: it would be added. */
  match: { actorId: string; name: string; via: string } | null;
  /** Whether its name is taken here (so keeping it apart needs another name). */
  nameTaken: boolean;
}

/** Agreement between coders (codingAgreement): analysts in the project, and the pair compared (null when fewer than two analysts). */
export interface AgreementReport {
  analysts: string[];
  pair: AgreementPair | null;
}

export interface AgreementPair {
  a: string;
  b: string;
  /** Passages both analysts coded (highlighted, or coded a tie on). */
  sharedPassages: number;
  /** Per relation type either of them used on those passages. */
  byType: AgreementByType[];
  /** Shared passages where their relation types differ. */
  disagreements: Disagreement[];
}

export interface AgreementByType {
  relationTypeId: string;
  label: string;
  /** Shared passages where both coded the type, only A, only B, neither. */
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
  /** Percent agreement (0–100, one decimal), null without shared passages. */
  percent: number | null;
  /** Cohen's kappa, null when it is undefined (chance agreement is total). */
  kappa: number | null;
}

export interface Disagreement {
  highlightId: string;
  sourceId: string;
  sourceTitle: string;
  quote: string;
  /** Relation type ids each analyst coded on the passage. */
  typesA: string[];
  typesB: string[];
}

/** The actors, tags, claims and notes of one source, for the reader and side panel. */
export interface SourceAnnotations {
  tags: Array<{ highlightId: string; actorId: string }>;
  claims: Claim[];
  notes: Array<{ highlightId: string; plainText: string; updatedAt: string }>;
}

/** One page of the Ties panel. */
export interface TiePage {
  /** Pairs by claim count, most first; equal counts by the names of their actors. */
  pairs: TiePair[];
  /** How many pairs match the filters, over all pages. */
  total: number;
  /** How many claims those pairs hold (under the filters), over all pages. */
  claimCount: number;
}

export interface ActorMention {
  actorId: string;
  /** The name or alias as written in the passage. */
  matched: string;
  /** Offset of the first mention in the source text. */
  start: number;
}

export interface UndoResult {
  /** What was undone or redone ("Add tie"), or null when there was nothing to do. */
  label: string | null;
  /** That step, with the source it touched (and its one highlight, if it still exists); null when nothing was done. */
  step: UndoStep | null;
  state: UndoState;
}

export type ApiMethods = typeof API_METHODS;
export type MethodName = keyof ApiMethods;
/** Methods whose handlers answer asynchronously (they read files in the import worker). */
export const ASYNC_METHODS = ['importFiles', 'importText', 'updateSourceText', 'backupNow', 'exportData', 'exportArchive', 'importArchive', 'mergeArchive', 'previewMerge'] as const satisfies readonly MethodName[];
export type AsyncMethodName = (typeof ASYNC_METHODS)[number];
/**
 * Methods that never change the project. A project opened read-only (another Tiemark has it open
 * for writing) answers these and refuses every other method; one that fails on the project file
 * is reported as "could not be read", never as "the change was not saved". Preferences live in
 * the data folder, not in the project, so a read-only window keeps its own.
 */
export const READ_METHODS = [
  'projectInfo',
  'getPreferences',
  'setPreferences',
  'listSources',
  'querySources',
  'listCollections',
  'search',
  'listMentions',
  'getSource',
  'prepareImport',
  'listBackups',
  'listAnchorReview',
  'listHighlights',
  'listHighlightSpans',
  'listAnnotations',
  'listActors',
  'suggestActors',
  'listRelationTypes',
  'listTies',
  'listTieEvidence',
  'getNetwork',
  'getEdgeEvidence',
  'getNote',
  'undoState',
  'exportMarkdown',
  'exportData',
  'exportProgress',
  'cancelExport',
  'exportArchive',
  'listAnalysts',
  'codingAgreement',
  'previewMerge',
] as const satisfies readonly MethodName[];
export const isReadMethod = (method: string): boolean => (READ_METHODS as readonly string[]).includes(method);
export type ArgsOf<M extends MethodName> = Infer<ApiMethods[M]['args']>;
export type ResultOf<M extends MethodName> = Exclude<ApiMethods[M]['result'], undefined>;
export type MetadataPatch = Infer<typeof metadataPatch>;
export type ActorPatch = Infer<typeof actorPatch>;
export type RelationTypePatch = Infer<typeof relationPatch>;
export type ClaimPatch = Infer<typeof claimPatch>;
export type NewClaim = ArgsOf<'createClaim'>;
export type NewTie = ArgsOf<'addTie'>;
export type ListTiesArgs = ArgsOf<'listTies'>;
export type TieFilters = Omit<ListTiesArgs, keyof typeof tiePaging>;

export const METHOD_NAMES = Object.keys(API_METHODS) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API_METHODS, name);
}

/** What the renderer calls. Each method rejects with an ApiError on failure. */
export type ResearchApi = { [M in MethodName]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };

/** Data that crosses the API boundary: plain JSON only (no Dates, Buffers or class instances). */

export const BLOCK_KINDS = ['heading', 'paragraph', 'quote', 'list-item', 'preformatted', 'table-row', 'footnote'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** A link kept from the original document: [start, end) of its text in the source, and where it pointed. */
export interface BlockLink {
  start: number;
  end: number;
  href: string;
}

/** A structural block of a source: [start, end) in UTF-16 code units of the normalized text. */
export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  /** Heading level 1-6, or list nesting depth (1 = top level). */
  level?: number;
  /** For list items: numbered list. */
  ordered?: boolean;
  /** For list items: the marker as the document numbered it ("3", "b"), for ordered lists. */
  marker?: string;
  /**
   * For table rows: each cell's [start, end) in the source text. The text between cells is the
   * separator " | ", which the reader does not show (it draws the row as table cells).
   */
  cells?: Array<[number, number]>;
  /** For table rows: a header row. */
  header?: boolean;
  /** For footnotes: the label the text refers to, as in "[1]". */
  label?: string;
  /** Links inside the block (absolute offsets), shown on hover and exported; never followed. */
  links?: BlockLink[];
}

/** Separator between the cells of a table row in the stored text. */
export const TABLE_CELL_SEPARATOR = ' | ';

export const SOURCE_FORMATS = ['text', 'markdown', 'pasted', 'html', 'pdf', 'docx'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface SourceMetadata {
  title: string;
  authors: string[];
  outlet: string;
  /** As the user or the file gave it: "2024", "2024-03" or "2024-03-14". Empty when unknown. */
  publishedAt: string;
  url: string;
  language: string;
}

export interface SourceSummary extends SourceMetadata {
  id: string;
  format: SourceFormat;
  fileName: string;
  /** Length of the normalized text in UTF-16 code units. */
  length: number;
  highlightCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Source extends SourceSummary {
  /** Normalized text: NFC, `\n` newlines. Immutable once imported. */
  text: string;
  blocks: Block[];
  /**
   * Paged sources (PDF): the offset where each page begins, ascending, first 0; empty for others.
   * A passage starting at offset o is on page (index of the last start <= o) + 1.
   */
  pageStarts: number[];
  /** SHA-256 of the normalized text, hex. */
  contentHash: string;
}

export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

export const QUOTE_CONTEXT_LENGTH = 32;

/**
 * Where a highlight stands after its source's text was updated: `ok` (in place, painted),
 * `review` (not placed with certainty: a candidate waits for the user) or `orphaned` (its text is
 * gone). Waiting highlights keep their tags, claims and note.
 */
export type AnchorState = 'ok' | 'review' | 'orphaned';

/**
 * A highlight waiting in the Review highlights list. Its quote (`exact`, `prefix`, `suffix`) is
 * the passage as it was highlighted, with its context, in the previous text.
 */
export interface AnchorReviewItem extends Pick<Highlight, 'id' | 'color' | 'exact' | 'prefix' | 'suffix'> {
  anchor: Exclude<AnchorState, 'ok'>;
  /** The best place found in the new text (review only). */
  candidate: { start: number; end: number; text: string } | null;
}

/** What "Update text" did to a source's highlights. */
export interface TextUpdateReport {
  source: SourceSummary;
  /** Found at the same offsets. */
  kept: number;
  /** Found with certainty at new offsets. */
  moved: number;
  review: number;
  orphaned: number;
}

export interface Highlight {
  id: string;
  sourceId: string;
  /** Position selector: [start, end) in UTF-16 code units of the source's normalized text. */
  start: number;
  end: number;
  /** Quote selector: the exact text and up to 32 characters either side. */
  exact: string;
  prefix: string;
  suffix: string;
  color: HighlightColor;
  createdAt: string;
  updatedAt: string;
}

/** What the reader needs to paint and list a highlight; the text comes from the source itself. */
export type HighlightSpan = Pick<Highlight, 'id' | 'start' | 'end' | 'color'>;

export interface ProjectInfo {
  name: string;
  path: string;
  schemaVersion: number;
  sourceCount: number;
  highlightCount: number;
  appVersion: string;
  /** Why the project is open read-only (another Tiemark has it open for writing), or null. */
  readOnly: string | null;
  /** The newest backup's time (ISO), or null when there is none yet. */
  lastBackupAt: string | null;
  /** Why the last automatic backup failed, or null. Edits are never refused because of it. */
  backupProblem: string | null;
  /** Damage the full check found after the project opened, with what to do, or null. */
  damage: string | null;
  /** This project's analyst (their name on the work they code, told apart from merged colleagues'), or null until named. */
  analyst: string | null;
}

/** Why a backup was taken. `before-restore` and `before-upgrade` keep the file a restore or upgrade replaced. */
export type BackupReason = 'open' | 'hourly' | 'close' | 'manual' | 'before-restore' | 'before-upgrade';

/** A backup as the Backups dialog lists it. */
export interface BackupInfo {
  /** The file name, which is also how `restoreBackup` names it. */
  name: string;
  path: string;
  takenAt: string;
  reason: BackupReason;
  size: number;
  sources: number;
  highlights: number;
  claims: number;
  /** Set when the file cannot be read (it is then not offered for restore). */
  problem?: string;
}

/**
 * `needs-encoding`: a text file that is not UTF-8 and declares no encoding. Nothing was stored;
 * the user confirms the detected encoding (seeing a preview) and the file is imported again
 * with it.
 */
export type ImportStatus = 'imported' | 'duplicate' | 'failed' | 'needs-encoding';

export interface EncodingGuess {
  /** WHATWG encoding name, as TextDecoder knows it ("windows-1256"). */
  name: string;
  /** A readable name ("Arabic (Windows-1256)"). */
  label: string;
  /** The detector's confidence, 0-100. */
  confidence: number;
  /** The start of the file decoded with this encoding. */
  preview: string;
}

export interface ImportOutcome {
  /** The file name (or "Pasted text") the outcome is about. */
  name: string;
  status: ImportStatus;
  /** The new source (imported) or the existing one with the same content (duplicate). */
  source?: SourceSummary;
  error?: { code: string; message: string };
  /** For `needs-encoding`: the likely encodings, best first. */
  encodings?: EncodingGuess[];
}

export interface ImportReport {
  outcomes: ImportOutcome[];
  imported: number;
  duplicates: number;
  failed: number;
}

import Papa from 'papaparse';
import { STANCES } from '../../shared/annotations';
import { highlightLink } from '../../shared/links';
import { actorName, actorsInScope, tiesOf, type Snapshot } from './snapshot';

/**
 * The table exports (docs/exports.md): claims, ties and actors as CSV for Excel, R or pandas.
 *
 * - Written by papaparse's `unparse` (quoting of commas, quotes and line breaks), CRLF rows, UTF-8
 *   with a byte-order mark so that Excel reads accents and other scripts right.
 * - Formula injection neutralized: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
 *   carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of
 *   running it. (papaparse's own `escapeFormulae: true` misses a cell whose formula is followed
 *   by a line break, hence our own pattern.) Numbers are left as numbers.
 * - Offsets are Unicode code points (as Python and R index strings), `start_codepoint` inclusive,
 *   `end_codepoint` exclusive.
 */
export const BOM = '\uFEFF';
export const FORMULA_START = /^[=+\-@\t\r]/;

export type Cell = string | number | boolean | null;

/** CSV text with a BOM; `bom: false` for Gephi, whose importer reads a BOM as part of the first header. */
export function toCsv(fields: readonly string[], rows: readonly Cell[][], options: { bom?: boolean } = {}): string {
  const body = Papa.unparse(
    { fields: [...fields], data: rows.map((r) => r.map((c) => (c === null ? '' : c))) },
    { newline: '\r\n', escapeFormulae: FORMULA_START, header: true },
  );
  return `${options.bom === false ? '' : BOM}${body}\r\n`;
}

export const CLAIM_FIELDS = [
  'claim_id',
  'source_actor',
  'relation',
  'target_actor',
  'directed',
  'polarity',
  'stance',
  'attributed_actor',
  'attributed_text',
  'confidence',
  'event_date',
  'event_date_start',
  'event_date_end',
  'quote',
  'source_title',
  'source_outlet',
  'source_published',
  'source_url',
  'page',
  'start_codepoint',
  'end_codepoint',
  'claim_note',
  'link',
  'highlight_id',
  'source_id',
  'source_actor_id',
  'relation_type_id',
  'target_actor_id',
  'attributed_actor_id',
  'created_at',
] as const;

export function claimsCsv(snapshot: Snapshot): string {
  const rows: Cell[][] = [];
  for (const c of snapshot.claims) {
    const h = snapshot.highlightById.get(c.highlightId);
    const source = snapshot.sourceById.get(c.sourceId);
    const type = snapshot.relationTypes.get(c.relationTypeId);
    rows.push([
      c.id,
      actorName(snapshot, c.sourceActorId),
      type?.label ?? '',
      actorName(snapshot, c.targetActorId),
      type ? type.directed : true,
      type?.polarity ?? '',
      c.stance,
      actorName(snapshot, c.attributedActorId),
      c.attributedText,
      c.confidence,
      c.eventDateText,
      c.eventDateStart,
      c.eventDateEnd,
      h?.exact ?? '',
      source?.title ?? '',
      source?.outlet ?? '',
      source?.publishedAt ?? '',
      source?.url ?? '',
      h?.page ?? '',
      h ? h.startCp : null,
      h ? h.endCp : null,
      c.note,
      highlightLink(c.sourceId, c.highlightId),
      c.highlightId,
      c.sourceId,
      c.sourceActorId,
      c.relationTypeId,
      c.targetActorId,
      c.attributedActorId,
      c.createdAt,
    ]);
  }
  return toCsv(CLAIM_FIELDS, rows);
}

export const TIE_FIELDS = [
  'source_actor',
  'relation',
  'target_actor',
  'directed',
  'polarity',
  'claims',
  ...STANCES,
  'first_date',
  'last_date',
  'sources',
  'conflict',
  'stance_conflict',
  'polarity_conflict',
  'source_actor_id',
  'relation_type_id',
  'target_actor_id',
  'claim_ids',
] as const;

export function tiesCsv(snapshot: Snapshot): string {
  const rows: Cell[][] = tiesOf(snapshot).map((t) => {
    const type = snapshot.relationTypes.get(t.relationTypeId);
    return [
      actorName(snapshot, t.sourceActorId),
      type?.label ?? '',
      actorName(snapshot, t.targetActorId),
      t.directed,
      type?.polarity ?? '',
      t.claims.length,
      ...STANCES.map((s) => t.stances[s] ?? 0),
      t.firstDate,
      t.lastDate,
      t.sourceIds.size,
      t.stanceConflict || t.pairPolarityConflict,
      t.stanceConflict,
      t.pairPolarityConflict,
      t.sourceActorId,
      t.relationTypeId,
      t.targetActorId,
      t.claims.map((c) => c.id).join(' '),
    ];
  });
  return toCsv(TIE_FIELDS, rows);
}

export const ACTOR_FIELDS = ['actor_id', 'name', 'kind', 'aliases', 'external_id', 'affiliation', 'affiliation_id', 'description', 'color', 'highlights', 'claims'] as const;

/** Aliases are joined with " | " (a name may contain commas and semicolons). */
export const ALIAS_SEPARATOR = ' | ';

export function actorsCsv(snapshot: Snapshot, wholeProject: boolean): string {
  const tagged = new Map<string, number>();
  for (const h of snapshot.highlights) for (const a of h.actorIds) tagged.set(a, (tagged.get(a) ?? 0) + 1);
  const named = new Map<string, number>();
  for (const c of snapshot.claims) {
    named.set(c.sourceActorId, (named.get(c.sourceActorId) ?? 0) + 1);
    if (c.targetActorId !== c.sourceActorId) named.set(c.targetActorId, (named.get(c.targetActorId) ?? 0) + 1);
  }
  const rows: Cell[][] = actorsInScope(snapshot, wholeProject).map((a) => [
    a.id,
    a.name,
    a.kind,
    a.aliases.join(ALIAS_SEPARATOR),
    a.externalId,
    a.affiliationId ? actorName(snapshot, a.affiliationId) : '',
    a.affiliationId,
    a.description,
    a.color,
    tagged.get(a.id) ?? 0,
    named.get(a.id) ?? 0,
  ]);
  return toCsv(ACTOR_FIELDS, rows);
}

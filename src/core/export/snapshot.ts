import { STANCES, type Polarity, type Stance } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import { pageLabel } from '../../shared/pages';
import type { SourceSummary } from '../../shared/types';
import type { Store } from '../db/store';
import { listSources } from '../services/sources';

/**
 * What the data exports (csv.ts, network.ts, annotations.ts, vault.ts) read: one consistent
 * snapshot of the project, taken in one read transaction, narrowed to a scope (some sources)
 * and to the Ties panel's filters (actor, relation type, polarity, stance) plus an event-date
 * range. Every format is a pure function of a snapshot, so they all agree on what was kept.
 *
 * Offsets: the store keeps UTF-16 offsets (JavaScript string indices); a snapshot also gives each
 * highlight its offsets in Unicode code points (`startCp`, `endCp`), which is what Python, R and
 * the W3C Web Annotation model count.
 */
export interface ExportFilters {
  /** Only these sources (all when absent or empty). */
  sourceIds?: string[];
  /** Claims naming one of these actors as source or target. */
  actorIds?: string[];
  relationTypeIds?: string[];
  polarities?: Polarity[];
  stances?: Stance[];
  /** Claims whose event date or period overlaps [dateFrom, dateTo]; "2022", "2022-03" or "2022-03-14". */
  dateFrom?: string;
  dateTo?: string;
}

export interface SnapSource extends SourceSummary {
  text: string;
  pageStarts: number[];
  contentHash: string;
}

export interface SnapActor {
  id: string;
  name: string;
  kind: string;
  aliases: string[];
  description: string;
  color: string;
  externalId: string;
  affiliationId: string | null;
}

export interface SnapRelationType {
  id: string;
  label: string;
  inverseLabel: string;
  directed: boolean;
  polarity: Polarity;
  category: string;
  color: string;
  retired: boolean;
}

export interface SnapHighlight {
  id: string;
  sourceId: string;
  /** UTF-16 offsets, as stored. */
  start: number;
  end: number;
  /** The same offsets in code points. */
  startCp: number;
  endCp: number;
  exact: string;
  prefix: string;
  suffix: string;
  color: string;
  anchor: string;
  /** "p. 4", "pp. 4–5" in a paged source; '' otherwise. */
  page: string;
  actorIds: string[];
  /** Claims on this highlight kept by the filters, in creation order. */
  claims: SnapClaim[];
  note: { content: string; plainText: string } | null;
}

export interface SnapClaim {
  id: string;
  highlightId: string;
  sourceId: string;
  sourceActorId: string;
  relationTypeId: string;
  targetActorId: string;
  stance: string;
  attributedActorId: string | null;
  attributedText: string;
  confidence: string;
  eventDateText: string;
  eventDateStart: string;
  eventDateEnd: string;
  note: string;
  createdAt: string;
}

export interface Snapshot {
  projectName: string;
  /** Sources in the sources list's order. */
  sources: SnapSource[];
  sourceById: Map<string, SnapSource>;
  /** Every actor of the project (the registry), by id. */
  actors: Map<string, SnapActor>;
  relationTypes: Map<string, SnapRelationType>;
  /** Highlights kept, by source then text order. */
  highlights: SnapHighlight[];
  highlightById: Map<string, SnapHighlight>;
  /** Claims kept, in creation order. */
  claims: SnapClaim[];
  /** True when a filter other than the sources narrowed the claims. */
  filtered: boolean;
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Checks the filters' shape beyond the schema: date bounds must be partial ISO dates. */
export function checkFilters(filters: ExportFilters): void {
  for (const key of ['dateFrom', 'dateTo'] as const) {
    const value = filters[key];
    if (value !== undefined && value !== '' && !DATE.test(value)) {
      throw new ApiError('invalid_argument', `The ${key === 'dateFrom' ? 'start' : 'end'} date "${value}" is not a date: write 2022, 2022-03 or 2022-03-14.`, {
        path: key,
      });
    }
  }
}

// Date bounds come at different precisions ("2022", "2022-03", "2022-03-14"). Padding makes
// "2022" sort before "2022-03" as a start and after "2022-12" as an end (as markdown.ts does).
export const lowerKey = (date: string): string => `${date}-00-00`.slice(0, Math.max(10, date.length));
export const upperKey = (date: string): string => `${date}-99-99`.slice(0, Math.max(10, date.length));

interface ClaimDbRow {
  id: string;
  highlight_id: string;
  source_id: string;
  source_actor_id: string;
  relation_type_id: string;
  target_actor_id: string;
  stance: string;
  attributed_actor_id: string | null;
  attributed_text: string;
  confidence: string;
  event_date_text: string;
  event_date_start: string;
  event_date_end: string;
  note: string;
  created_at: string;
}

/** Reads the snapshot; call inside or outside a transaction (it opens its own read transaction). */
export function readSnapshot(store: Store, filters: ExportFilters = {}): Snapshot {
  checkFilters(filters);
  return store.read(() => {
    const all = listSources(store);
    const wanted = filters.sourceIds?.length ? new Set(filters.sourceIds) : null;
    if (wanted) {
      const known = new Set(all.map((s) => s.id));
      const missing = [...wanted].find((id) => !known.has(id));
      if (missing) throw new ApiError('not_found', 'A source chosen for export no longer exists; it may have been deleted.', { id: missing });
    }
    const summaries = wanted ? all.filter((s) => wanted.has(s.id)) : all;
    const textOf = store.sql('SELECT text, page_starts, content_hash FROM sources WHERE id = ?');
    const sources: SnapSource[] = summaries.map((summary) => {
      const row = textOf.get(summary.id) as { text: string; page_starts: string; content_hash: string };
      return { ...summary, text: row.text, pageStarts: JSON.parse(row.page_starts) as number[], contentHash: row.content_hash };
    });
    const sourceById = new Map(sources.map((s) => [s.id, s]));

    const actors = readActors(store);
    const relationTypes = readRelationTypes(store);
    const projectName = (store.sql("SELECT value FROM project WHERE key = 'name'").pluck().get() as string | undefined) ?? 'Tiemark project';

    // Claims, filtered.
    const actorSet = filters.actorIds?.length ? new Set(filters.actorIds) : null;
    const typeSet = filters.relationTypeIds?.length ? new Set(filters.relationTypeIds) : null;
    const polaritySet = filters.polarities?.length ? new Set<string>(filters.polarities) : null;
    const stanceSet = filters.stances?.length ? new Set<string>(filters.stances) : null;
    const from = filters.dateFrom ? lowerKey(filters.dateFrom) : null;
    const to = filters.dateTo ? upperKey(filters.dateTo) : null;
    const claimFilter = !!(typeSet || polaritySet || stanceSet || from || to);
    const filtered = claimFilter || !!actorSet;
    const keepClaim = (c: ClaimDbRow): boolean => {
      if (wanted && !wanted.has(c.source_id)) return false;
      if (actorSet && !actorSet.has(c.source_actor_id) && !actorSet.has(c.target_actor_id)) return false;
      if (typeSet && !typeSet.has(c.relation_type_id)) return false;
      if (polaritySet && !polaritySet.has(relationTypes.get(c.relation_type_id)?.polarity ?? '')) return false;
      if (stanceSet && !stanceSet.has(c.stance)) return false;
      if (from || to) {
        const start = c.event_date_start || c.event_date_end;
        const end = c.event_date_end || c.event_date_start;
        if (!start) return false;
        if (to && lowerKey(start) > to) return false;
        if (from && upperKey(end) < from) return false;
      }
      return true;
    };
    const claimRows = store
      .sql(
        `SELECT id, highlight_id, source_id, source_actor_id, relation_type_id, target_actor_id, stance, attributed_actor_id,
                attributed_text, confidence, event_date_text, event_date_start, event_date_end, note, created_at
           FROM claims ORDER BY created_at, rowid`,
      )
      .all() as ClaimDbRow[];
    const claims: SnapClaim[] = [];
    for (const c of claimRows) {
      if (!keepClaim(c)) continue;
      claims.push({
        id: c.id,
        highlightId: c.highlight_id,
        sourceId: c.source_id,
        sourceActorId: c.source_actor_id,
        relationTypeId: c.relation_type_id,
        targetActorId: c.target_actor_id,
        stance: c.stance,
        attributedActorId: c.attributed_actor_id,
        attributedText: c.attributed_text,
        confidence: c.confidence,
        eventDateText: c.event_date_text,
        eventDateStart: c.event_date_start,
        eventDateEnd: c.event_date_end,
        note: c.note,
        createdAt: c.created_at,
      });
    }
    const claimsByHighlight = new Map<string, SnapClaim[]>();
    for (const c of claims) {
      let list = claimsByHighlight.get(c.highlightId);
      if (!list) claimsByHighlight.set(c.highlightId, (list = []));
      list.push(c);
    }

    // Tags and notes, by highlight.
    const tags = new Map<string, string[]>();
    for (const [highlightId, actorId] of store.sql('SELECT highlight_id, actor_id FROM highlight_actors ORDER BY created_at, rowid').raw().all() as Array<[string, string]>) {
      let list = tags.get(highlightId);
      if (!list) tags.set(highlightId, (list = []));
      list.push(actorId);
    }
    const notes = new Map<string, { content: string; plainText: string }>();
    for (const [highlightId, content, plainText] of store.sql('SELECT highlight_id, content, plain_text FROM notes').raw().all() as Array<[string, string, string]>) {
      notes.set(highlightId, { content, plainText });
    }

    // Highlights: all of the scoped sources, or (under filters) those carrying a kept claim, or
    // tagged with a chosen actor when the actor is the only filter.
    const highlights: SnapHighlight[] = [];
    const rowsOf = store.sql(
      `SELECT id, start_offset, end_offset, exact, prefix, suffix, color, anchor FROM highlights
        WHERE source_id = ? ORDER BY start_offset, end_offset DESC, created_at, rowid`,
    );
    for (const source of sources) {
      const rows = rowsOf.all(source.id) as Array<{
        id: string;
        start_offset: number;
        end_offset: number;
        exact: string;
        prefix: string;
        suffix: string;
        color: string;
        anchor: string;
      }>;
      const kept = rows.filter((h) => {
        if (!filtered) return true;
        if (claimsByHighlight.has(h.id)) return true;
        return !claimFilter && actorSet !== null && (tags.get(h.id) ?? []).some((a) => actorSet.has(a));
      });
      const cp = codePointOffsets(source.text, kept.flatMap((h) => [h.start_offset, h.end_offset]));
      for (const h of kept) {
        highlights.push({
          id: h.id,
          sourceId: source.id,
          start: h.start_offset,
          end: h.end_offset,
          startCp: cp.get(h.start_offset) ?? h.start_offset,
          endCp: cp.get(h.end_offset) ?? h.end_offset,
          exact: h.exact,
          prefix: h.prefix,
          suffix: h.suffix,
          color: h.color,
          anchor: h.anchor,
          page: pageLabel(source.pageStarts, h.start_offset, h.end_offset),
          actorIds: tags.get(h.id) ?? [],
          claims: claimsByHighlight.get(h.id) ?? [],
          note: notes.get(h.id) ?? null,
        });
      }
    }
    const highlightById = new Map(highlights.map((h) => [h.id, h]));
    return { projectName, sources, sourceById, actors, relationTypes, highlights, highlightById, claims, filtered };
  });
}

function readActors(store: Store): Map<string, SnapActor> {
  const rows = store
    .sql('SELECT id, name, kind, description, color, external_id, affiliation_id FROM actors ORDER BY name COLLATE NOCASE, id')
    .all() as Array<{ id: string; name: string; kind: string; description: string; color: string; external_id: string; affiliation_id: string | null }>;
  const actors = new Map<string, SnapActor>();
  for (const r of rows) {
    actors.set(r.id, {
      id: r.id,
      name: r.name,
      kind: r.kind,
      aliases: [],
      description: r.description,
      color: r.color,
      externalId: r.external_id,
      affiliationId: r.affiliation_id,
    });
  }
  for (const [actorId, alias] of store.sql('SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, position, rowid').raw().all() as Array<[string, string]>) {
    actors.get(actorId)?.aliases.push(alias);
  }
  return actors;
}

function readRelationTypes(store: Store): Map<string, SnapRelationType> {
  const rows = store
    .sql('SELECT id, label, inverse_label, directed, polarity, category, color, retired FROM relation_types ORDER BY position, rowid')
    .all() as Array<{ id: string; label: string; inverse_label: string; directed: number; polarity: Polarity; category: string; color: string; retired: number }>;
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, label: r.label, inverseLabel: r.inverse_label, directed: r.directed === 1, polarity: r.polarity, category: r.category, color: r.color, retired: r.retired === 1 },
    ]),
  );
}

/**
 * Code-point offsets of the given UTF-16 offsets in `text`, in one pass over the text up to the
 * largest. An offset between the two halves of a surrogate pair (never stored) counts the pair as
 * one code point before it.
 */
export function codePointOffsets(text: string, offsets: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  if (offsets.length === 0) return out;
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  let unit = 0;
  let cp = 0;
  for (const target of sorted) {
    while (unit < target && unit < text.length) {
      const code = text.charCodeAt(unit);
      unit += code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length && (text.charCodeAt(unit + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      cp++;
    }
    out.set(target, cp);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ties: claims grouped by (source actor, relation type, target actor), shared by the ties CSV,
// the network files and the vault's index.

export interface TieRow {
  key: string;
  sourceActorId: string;
  relationTypeId: string;
  targetActorId: string;
  directed: boolean;
  claims: SnapClaim[];
  stances: Record<string, number>;
  /** Earliest event-date start and latest end among the claims ('' when none is dated). */
  firstDate: string;
  lastDate: string;
  sourceIds: Set<string>;
  /** The same tie both asserted (or reported, alleged) and denied. */
  stanceConflict: boolean;
  /** The pair of actors has cooperative and conflictual ties (among the kept claims). */
  pairPolarityConflict: boolean;
}

/**
 * Ties of the snapshot's claims, most claims first. A symmetric relation's two directions are one
 * tie, reported from the actor with the smaller id (as services/ties.ts does).
 */
export function tiesOf(snapshot: Snapshot): TieRow[] {
  const ties = new Map<string, TieRow>();
  for (const c of snapshot.claims) {
    const directed = snapshot.relationTypes.get(c.relationTypeId)?.directed ?? true;
    let s = c.sourceActorId;
    let t = c.targetActorId;
    if (!directed && t < s) [s, t] = [t, s];
    const key = `${s}\u0000${c.relationTypeId}\u0000${t}`;
    let tie = ties.get(key);
    if (!tie) {
      tie = {
        key,
        sourceActorId: s,
        relationTypeId: c.relationTypeId,
        targetActorId: t,
        directed,
        claims: [],
        stances: Object.fromEntries(STANCES.map((x) => [x, 0])),
        firstDate: '',
        lastDate: '',
        sourceIds: new Set(),
        stanceConflict: false,
        pairPolarityConflict: false,
      };
      ties.set(key, tie);
    }
    tie.claims.push(c);
    tie.stances[c.stance] = (tie.stances[c.stance] ?? 0) + 1;
    tie.sourceIds.add(c.sourceId);
    const start = c.eventDateStart || c.eventDateEnd;
    const end = c.eventDateEnd || c.eventDateStart;
    if (start && (!tie.firstDate || lowerKey(start) < lowerKey(tie.firstDate))) tie.firstDate = start;
    if (end && (!tie.lastDate || upperKey(end) > upperKey(tie.lastDate))) tie.lastDate = end;
  }
  const polarities = new Map<string, Set<string>>();
  const pairKey = (t: TieRow) => (t.sourceActorId < t.targetActorId ? `${t.sourceActorId}\u0000${t.targetActorId}` : `${t.targetActorId}\u0000${t.sourceActorId}`);
  for (const tie of ties.values()) {
    const st = tie.stances;
    tie.stanceConflict = (st.denied ?? 0) > 0 && (st.asserted ?? 0) + (st.reported ?? 0) + (st.alleged ?? 0) > 0;
    const k = pairKey(tie);
    let set = polarities.get(k);
    if (!set) polarities.set(k, (set = new Set()));
    set.add(snapshot.relationTypes.get(tie.relationTypeId)?.polarity ?? 'neutral');
  }
  for (const tie of ties.values()) {
    const set = polarities.get(pairKey(tie))!;
    tie.pairPolarityConflict = set.has('cooperative') && set.has('conflictual');
  }
  // Actors ranked by name once, so that sorting thousands of ties compares numbers.
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  const ranked = [...snapshot.actors.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  const rank = new Map(ranked.map((a, i) => [a.id, i]));
  const r = (id: string) => rank.get(id) ?? ranked.length;
  return [...ties.values()].sort(
    (a, b) =>
      b.claims.length - a.claims.length ||
      r(a.sourceActorId) - r(b.sourceActorId) ||
      r(a.targetActorId) - r(b.targetActorId) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Actors the snapshot refers to (tags, claims, attributions), or every actor for an unfiltered project-wide export. */
export function actorsInScope(snapshot: Snapshot, wholeProject: boolean): SnapActor[] {
  if (wholeProject && !snapshot.filtered) return [...snapshot.actors.values()];
  const ids = new Set<string>();
  for (const h of snapshot.highlights) for (const a of h.actorIds) ids.add(a);
  for (const c of snapshot.claims) {
    ids.add(c.sourceActorId);
    ids.add(c.targetActorId);
    if (c.attributedActorId) ids.add(c.attributedActorId);
  }
  return [...snapshot.actors.values()].filter((a) => ids.has(a.id));
}

/** "Russia", or a placeholder for an actor that no longer exists. */
export function actorName(snapshot: Snapshot, id: string | null): string {
  if (id === null) return '';
  return snapshot.actors.get(id)?.name ?? '(unknown actor)';
}

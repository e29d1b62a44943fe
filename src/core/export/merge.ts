import { randomUUID } from 'node:crypto';
import type { ArchiveImportReport, MergePreview } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import { matchKey } from '../../shared/match';
import type { Store } from '../db/store';
import { analystName } from '../services/analyst';
import { waitingPlace } from '../services/versions';
import { quoteSelector } from '../anchoring/quote';
import { reanchor, type AnchorResult } from '../anchoring/reanchor';
import { readArchive, type ArchiveManifest } from './archive';

/**
 * Merging another analyst's project archive into the open project (docs/exports.md, "Merging"):
 * what the two projects share is recognized, not doubled, and everything else is added.
 *
 * - Relation types by id (the preset's ids are the same everywhere), then by label.
 * - Actors by name and alias, folded as the tag picker folds them (matchKey): a match is the same
 *   actor, and the incoming names it lacks become its aliases; any other actor is added.
 * - Sources by content hash (identical text): the same source; any other is added with its
 *   earlier versions.
 * - Highlights by source and span; tags by highlight and actor; claims by highlight, actors,
 *   relation type and stance. A note on a highlight that has one already is appended to it (both
 *   texts kept), unless its text is already there (the same note, or merged before).
 *
 * Incoming ids are kept unless the project already uses them for something else. Other tables
 * (project settings, view state) stay this project's. The whole merge is one transaction: the
 * caller runs it as one undo step.
 */
export interface ParsedArchive {
  manifest: ArchiveManifest;
  rows: Map<string, unknown[][]>;
}

export function readArchiveForMerge(store: Store, bytes: Uint8Array, fileName: string): Promise<ParsedArchive> {
  return readArchive(bytes, fileName, Number(store.db.pragma('user_version', { simple: true })));
}

type Row = Record<string, unknown>;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** An archive's rows of one table, as objects by column name. */
function tablesOf(archive: ParsedArchive): (name: string) => Row[] {
  const { manifest, rows } = archive;
  return (name: string): Row[] => {
    const table = manifest.tables.find((t) => t.name === name);
    if (!table) return [];
    return (rows.get(name) ?? []).map((values) => {
      const row: Row = {};
      table.columns.forEach((c, i) => (row[c] = values[i + (table.rowid ? 1 : 0)]));
      return row;
    });
  };
}

/** The archive's own analyst: named by its project, else after the project ('' when neither side is named). */
function theirAnalyst(store: Store, archive: ParsedArchive, tableOf: (name: string) => Row[]): string {
  const named = String(tableOf('project').find((r) => r.key === 'analyst')?.value ?? '').trim();
  return named || (analystName(store) ? `Analyst of “${archive.manifest.projectName}”` : '');
}

/** Our actors by every folded name and alias (the first actor to hold a key keeps it). */
function actorKeysOf(store: Store): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [id, key] of store.db.prepare('SELECT id, match_key FROM actors UNION ALL SELECT actor_id, match_key FROM actor_aliases').raw().all() as Array<[string, string]>) {
    if (!keys.has(key)) keys.set(key, id);
  }
  return keys;
}

/** Each incoming actor with its aliases and the actor here its name or an alias matches, if any. */
function proposedActors(tableOf: (name: string) => Row[], actorKeys: Map<string, string>): Array<{ actor: Row; aliases: Row[]; match: string | null; via: string | null }> {
  const aliasesByActor = new Map<string, Row[]>();
  for (const a of tableOf('actor_aliases')) {
    const list = aliasesByActor.get(String(a.actor_id)) ?? [];
    list.push(a);
    aliasesByActor.set(String(a.actor_id), list);
  }
  return tableOf('actors').map((actor) => {
    const aliases = aliasesByActor.get(String(actor.id)) ?? [];
    const names: Array<[string, string]> = [[String(actor.match_key), String(actor.name)], ...aliases.map((x): [string, string] => [String(x.match_key), String(x.alias)])];
    const hit = names.find(([key]) => actorKeys.has(key));
    return { actor, aliases, match: hit ? actorKeys.get(hit[0])! : null, via: hit ? hit[1] : null };
  });
}

/** What a merge of this archive would recognize, for the user's review; reads only. */
export function previewMerge(store: Store, archive: ParsedArchive): MergePreview {
  return store.read(() => {
    const tableOf = tablesOf(archive);
    const actorKeys = actorKeysOf(store);
    const names = new Map(store.db.prepare('SELECT id, name FROM actors').raw().all() as Array<[string, string]>);
    const locals = similarityIndex(store);
    let same = 0;
    let similar = 0;
    const incoming = tableOf('sources');
    for (const s of incoming) {
      if (store.db.prepare('SELECT 1 FROM sources WHERE content_hash = ?').pluck().get(s.content_hash) === 1) same++;
      else if (findSimilar(locals, s)) similar++;
    }
    return {
      analyst: theirAnalyst(store, archive, tableOf),
      sources: { total: incoming.length, same, similar },
      actors: proposedActors(tableOf, actorKeys).map(({ actor, aliases, match, via }) => ({
        incomingId: String(actor.id),
        name: String(actor.name),
        kind: String(actor.kind),
        aliases: aliases.map((x) => String(x.alias)),
        match: match ? { actorId: match, name: names.get(match) ?? '', via: via ?? '' } : null,
        nameTaken: actorKeys.has(String(actor.match_key)),
      })),
    };
  });
}

/** The user's decisions on the archive's actors (previewMerge), by incoming id. */
export type ActorDecisions = ReadonlyArray<{ incomingId: string; action: 'merge' | 'apart'; into?: string; rename?: string }>;

export function applyMerge(store: Store, archive: ParsedArchive, decisions: ActorDecisions = []): ArchiveImportReport {
  const tableOf = tablesOf(archive);
  const localColumns = new Map<string, Set<string>>();
  const insert = (table: string, row: Row) => {
    let cols = localColumns.get(table);
    if (!cols) {
      cols = new Set((store.db.pragma(`table_info(${quote(table)})`) as Array<{ name: string }>).map((c) => c.name));
      localColumns.set(table, cols);
    }
    const keys = Object.keys(row).filter((k) => cols.has(k));
    store.db.prepare(`INSERT INTO ${quote(table)} (${keys.map(quote).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...keys.map((k) => row[k]));
  };
  const exists = (table: string, id: unknown) => store.db.prepare(`SELECT 1 FROM ${quote(table)} WHERE id = ?`).pluck().get(id) === 1;
  const freshId = (table: string, id: unknown): string => (exists(table, id) ? randomUUID() : String(id));

  // Authors: every incoming row keeps its analyst's name (docs/exports.md, "Analysts"). The
  // archive's own analyst ('' in its rows) is named by its project, else after the project; a
  // name equal to ours is ours (''). Unnamed on both sides, the two cannot be told apart.
  const ours = analystName(store);
  const theirs = theirAnalyst(store, archive, tableOf);
  const authorOf = (createdBy: unknown): string => {
    const name = String(createdBy ?? '') || theirs;
    return name === ours ? '' : name;
  };
  /** Whether a row here (its created_by) is by another analyst than `author` (an incoming row's, mapped). */
  const otherAuthor = (local: string, author: string) => (local || ours || '') !== (author || ours || '');

  const report: ArchiveImportReport = { sources: 0, highlights: 0, actors: 0, claims: 0, matched: { sources: 0, actors: 0, relationTypes: 0, highlights: 0, claims: 0 } };
  const matched = report.matched!;
  const at = new Date().toISOString();

  // Relation types.
  const typeMap = new Map<string, string>();
  const byLabel = new Map((store.db.prepare('SELECT id, label FROM relation_types').all() as Array<{ id: string; label: string }>).map((t) => [t.label.trim().toLowerCase(), t.id]));
  let position = Number(store.db.prepare('SELECT coalesce(max(position), -1) FROM relation_types').pluck().get());
  for (const t of tableOf('relation_types')) {
    const id = String(t.id);
    const local = exists('relation_types', id) ? id : byLabel.get(String(t.label).trim().toLowerCase());
    if (local) {
      typeMap.set(id, local);
      matched.relationTypes++;
      continue;
    }
    insert('relation_types', { ...t, position: ++position });
    typeMap.set(id, id);
  }

  // Actors: as the user decided in the review, else by folded name and alias.
  const actorKeys = actorKeysOf(store);
  const decided = new Map(decisions.map((d) => [d.incomingId, d]));
  const actorMap = new Map<string, string>();
  const added: Row[] = [];
  const addAlias = (actorId: string, alias: string, position: number) => {
    const key = matchKey(alias);
    if (!key || actorKeys.has(key)) return;
    store.db.prepare('INSERT INTO actor_aliases (actor_id, alias, match_key, position) VALUES (?, ?, ?, ?)').run(actorId, alias, key, position);
    actorKeys.set(key, actorId);
  };
  for (const { actor: a, aliases, match } of proposedActors(tableOf, actorKeys)) {
    const incoming = String(a.id);
    const decision = decided.get(incoming);
    let local = match ?? undefined;
    let name = String(a.name);
    if (decision?.action === 'merge') {
      local = decision.into ?? match ?? undefined;
      if (!local || store.db.prepare('SELECT 1 FROM actors WHERE id = ?').pluck().get(local) !== 1) {
        throw new ApiError('invalid_argument', `“${name}” was to be merged into an actor that is not in this project; review the merge again.`, { incomingId: incoming });
      }
    } else if (decision?.action === 'apart') {
      local = undefined;
      name = decision.rename?.trim() || name;
      if (actorKeys.has(matchKey(name))) {
        throw new ApiError('invalid_argument', `“${name}” is already the name of an actor here: give the colleague’s “${String(a.name)}” another name to keep the two apart.`, { incomingId: incoming });
      }
    }
    if (local) {
      actorMap.set(incoming, local);
      matched.actors++;
      let next = Number(store.db.prepare('SELECT coalesce(max(position), -1) FROM actor_aliases WHERE actor_id = ?').pluck().get(local)) + 1;
      for (const name of [String(a.name), ...aliases.map((x) => String(x.alias))]) addAlias(local, name, next++);
      continue;
    }
    const id = freshId('actors', incoming);
    insert('actors', { ...a, id, name, match_key: matchKey(name), affiliation_id: null });
    actorKeys.set(matchKey(name), id);
    if (name !== String(a.name)) addAlias(id, String(a.name), aliases.length);
    actorMap.set(incoming, id);
    added.push(a);
    report.actors++;
    aliases.forEach((x, i) => addAlias(id, String(x.alias), i));
  }
  for (const a of added) {
    if (a.affiliation_id == null) continue;
    const target = actorMap.get(String(a.affiliation_id));
    if (target) store.db.prepare('UPDATE actors SET affiliation_id = ? WHERE id = ?').run(target, actorMap.get(String(a.id)));
  }

  // Sources, by content hash, then by similar text (the same article re-imported or edited: its
  // highlights are re-anchored onto ours below), with their earlier versions.
  const sourceMap = new Map<string, string>();
  const newSources = new Set<string>();
  /** Incoming source id → the re-anchoring of its highlights onto the similar source here. */
  const reanchored = new Map<string, { text: string; results: Map<string, AnchorResult> }>();
  const localSources = similarityIndex(store);
  const highlightsOf = (sourceId: string) => tableOf('highlights').filter((h) => String(h.source_id) === sourceId);
  for (const s of tableOf('sources')) {
    const local = store.db.prepare('SELECT id FROM sources WHERE content_hash = ?').pluck().get(s.content_hash) as string | undefined;
    if (local) {
      sourceMap.set(String(s.id), local);
      matched.sources++;
      continue;
    }
    const similar = findSimilar(localSources, s);
    if (similar) {
      sourceMap.set(String(s.id), similar.id);
      matched.sources++;
      matched.similarSources = (matched.similarSources ?? 0) + 1;
      // Positions and quotes from their text; a highlight not anchored there has only its quote.
      const inputs = highlightsOf(String(s.id)).map((h) => ({
        id: String(h.id),
        start: h.anchor === 'ok' || h.anchor === undefined ? Number(h.start_offset) : 0,
        end: h.anchor === 'ok' || h.anchor === undefined ? Number(h.end_offset) : 0,
        exact: String(h.exact),
        prefix: String(h.prefix),
        suffix: String(h.suffix),
      }));
      reanchored.set(String(s.id), { text: similar.text, results: new Map(reanchor(String(s.text), similar.text, inputs).map((r) => [r.id, r])) });
      continue;
    }
    const id = freshId('sources', s.id);
    insert('sources', { ...s, id });
    sourceMap.set(String(s.id), id);
    newSources.add(id);
    report.sources++;
  }
  for (const v of tableOf('source_versions')) {
    const source = sourceMap.get(String(v.source_id));
    if (source && newSources.has(source)) insert('source_versions', { ...v, id: freshId('source_versions', v.id), source_id: source });
  }

  // Highlights, by source and span.
  const highlightMap = new Map<string, string>();
  /** A highlight of a similar source, on our text: where re-anchoring put it, or waiting for review there. */
  const placeOnSimilar = (h: Row, source: string, text: string, result: AnchorResult) => {
    const author = authorOf(h.created_by);
    if (result.status === 'kept' || result.status === 'moved') {
      const local = store.db
        .prepare('SELECT id, created_by FROM highlights WHERE source_id = ? AND start_offset = ? AND end_offset = ? ORDER BY rowid LIMIT 1')
        .get(source, result.start, result.end) as { id: string; created_by: string } | undefined;
      if (local) {
        highlightMap.set(String(h.id), local.id);
        matched.highlights++;
        if (otherAuthor(local.created_by, author)) store.db.prepare('INSERT OR IGNORE INTO highlight_coders (highlight_id, analyst) VALUES (?, ?)').run(local.id, author);
        return;
      }
      const quote = quoteSelector(text, result.start, result.end);
      const id = freshId('highlights', h.id);
      insert('highlights', { ...h, id, source_id: source, start_offset: result.start, end_offset: result.end, ...quote, anchor: 'ok', created_by: author });
      highlightMap.set(String(h.id), id);
      report.highlights++;
      return;
    }
    // Not placed with certainty: it waits in the source's review list, with its own quote.
    const place = waitingPlace(text, result, Number(h.start_offset));
    const id = freshId('highlights', h.id);
    insert('highlights', { ...h, id, source_id: source, start_offset: place.start, end_offset: place.end, anchor: place.anchor, created_by: author });
    highlightMap.set(String(h.id), id);
    report.highlights++;
    report.review = (report.review ?? 0) + 1;
  };
  for (const h of tableOf('highlights')) {
    const source = sourceMap.get(String(h.source_id));
    if (!source) continue;
    const moved = reanchored.get(String(h.source_id));
    if (moved) {
      placeOnSimilar(h, source, moved.text, moved.results.get(String(h.id))!);
      continue;
    }
    const local = store.db
      .prepare('SELECT id, created_by FROM highlights WHERE source_id = ? AND start_offset = ? AND end_offset = ? ORDER BY rowid LIMIT 1')
      .get(source, h.start_offset, h.end_offset) as { id: string; created_by: string } | undefined;
    const author = authorOf(h.created_by);
    if (local) {
      highlightMap.set(String(h.id), local.id);
      matched.highlights++;
      // The same passage, coded by another analyst too: recorded, for agreement between coders.
      if (otherAuthor(local.created_by, author)) store.db.prepare('INSERT OR IGNORE INTO highlight_coders (highlight_id, analyst) VALUES (?, ?)').run(local.id, author);
      continue;
    }
    const id = freshId('highlights', h.id);
    insert('highlights', { ...h, id, source_id: source, created_by: author });
    highlightMap.set(String(h.id), id);
    report.highlights++;
  }
  for (const t of tableOf('highlight_actors')) {
    const highlight = highlightMap.get(String(t.highlight_id));
    const actor = actorMap.get(String(t.actor_id));
    if (highlight && actor) store.db.prepare('INSERT OR IGNORE INTO highlight_actors (highlight_id, actor_id, created_at) VALUES (?, ?, ?)').run(highlight, actor, t.created_at ?? at);
  }

  // Claims, by highlight, actors, relation type and stance.
  for (const c of tableOf('claims')) {
    const highlight = highlightMap.get(String(c.highlight_id));
    const sourceActor = actorMap.get(String(c.source_actor_id));
    const targetActor = actorMap.get(String(c.target_actor_id));
    const type = typeMap.get(String(c.relation_type_id));
    if (!highlight || !sourceActor || !targetActor || !type) continue;
    const same = store.db
      .prepare('SELECT id, created_by FROM claims WHERE highlight_id = ? AND source_actor_id = ? AND relation_type_id = ? AND target_actor_id = ? AND stance = ?')
      .get(highlight, sourceActor, type, targetActor, c.stance) as { id: string; created_by: string } | undefined;
    const author = authorOf(c.created_by);
    if (same) {
      matched.claims++;
      if (otherAuthor(same.created_by, author)) store.db.prepare('INSERT OR IGNORE INTO claim_coders (claim_id, analyst) VALUES (?, ?)').run(same.id, author);
      continue;
    }
    const source = store.db.prepare('SELECT source_id FROM highlights WHERE id = ?').pluck().get(highlight) as string;
    const attributed = c.attributed_actor_id == null ? null : (actorMap.get(String(c.attributed_actor_id)) ?? null);
    insert('claims', {
      ...c,
      id: freshId('claims', c.id),
      highlight_id: highlight,
      source_id: source,
      source_actor_id: sourceActor,
      target_actor_id: targetActor,
      relation_type_id: type,
      attributed_actor_id: attributed,
      created_by: author,
    });
    report.claims++;
  }

  // Notes: added, or appended to the note already there.
  for (const n of tableOf('notes')) {
    const highlight = highlightMap.get(String(n.highlight_id));
    if (!highlight) continue;
    const local = store.db.prepare('SELECT content, plain_text FROM notes WHERE highlight_id = ?').get(highlight) as { content: string; plain_text: string } | undefined;
    if (!local) {
      insert('notes', { ...n, highlight_id: highlight, created_by: authorOf(n.created_by) });
      continue;
    }
    // The same note, or one merged here before: nothing to add.
    if (local.plain_text === n.plain_text || local.plain_text.includes(String(n.plain_text))) continue;
    store.db
      .prepare('UPDATE notes SET content = ?, plain_text = ?, updated_at = ? WHERE highlight_id = ?')
      .run(appendNote(local.content, String(n.content)), `${local.plain_text}\n\n${String(n.plain_text)}`, at, highlight);
  }
  return report;
}

/** Two Lexical note states as one: the second's blocks after the first's. */
function appendNote(first: string, second: string): string {
  try {
    const a = JSON.parse(first) as { root: { children: unknown[] } };
    const b = JSON.parse(second) as { root: { children: unknown[] } };
    a.root.children = [...a.root.children, ...b.root.children];
    return JSON.stringify(a);
  } catch {
    return first;
  }
}

// ---- Similar sources

interface LocalSource {
  id: string;
  text: string;
  title: string;
  url: string;
  head: string;
}

const fold = (text: string) => matchKey(text).slice(0, 200);

/** Our sources, as findSimilar compares them (text read lazily: only candidates' is compared). */
function similarityIndex(store: Store): LocalSource[] {
  return (store.db.prepare('SELECT id, title, url, substr(text, 1, 400) AS head FROM sources').all() as Array<Omit<LocalSource, 'text'>>).map((s) => {
    let text: string | undefined;
    return {
      ...s,
      title: fold(s.title),
      head: fold(s.head),
      get text() {
        return (text ??= store.db.prepare('SELECT text FROM sources WHERE id = ?').pluck().get(s.id) as string);
      },
    };
  });
}

/**
 * The source here that an incoming one is a version of: the same title, address or opening, and
 * texts that share most of their wording (word 4-grams, Jaccard at least 0.5). Null when none is.
 */
function findSimilar(locals: LocalSource[], incoming: Row): LocalSource | null {
  const title = fold(String(incoming.title ?? ''));
  const url = String(incoming.url ?? '');
  const text = String(incoming.text ?? '');
  const head = fold(text.slice(0, 400));
  let best: { source: LocalSource; score: number } | null = null;
  for (const local of locals) {
    const candidate = (title && local.title === title) || (url && local.url === url) || (head.length >= 40 && local.head === head);
    if (!candidate) continue;
    const score = jaccard(shingles(text), shingles(local.text));
    if (score >= 0.5 && (!best || score > best.score)) best = { source: local, score };
  }
  return best?.source ?? null;
}

function shingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 4 <= words.length; i++) out.add(words.slice(i, i + 4).join(' '));
  if (out.size === 0 && words.length) out.add(words.join(' '));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

import { randomUUID } from 'node:crypto';
import type { ActorMention, ActorPatch } from '../../shared/api';
import type { Actor, ActorKind } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';
import { findMentions, matchKey } from '../../shared/match';
import { now, type Store } from '../db/store';
import { requireHighlight } from './guards';
import { getSourceText } from './sources';

/**
 * The actor registry: names and aliases in any script, matched by their folded keys
 * (`matchKey`), affiliations without cycles, merging, and tagging highlights with actors.
 * Functions here write without opening a transaction of their own: the caller (an undo step in
 * backend.ts, or seeding) supplies it.
 */

interface ActorRow {
  id: string;
  name: string;
  kind: ActorKind;
  description: string;
  color: string;
  external_id: string;
  affiliation_id: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, name, kind, description, color, external_id, affiliation_id, created_at, updated_at';

/** Distinct, readable on light and dark backgrounds; an actor without a colour gets one by name. */
export const ACTOR_PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#8cd17d', '#86bcb6', '#d37295',
] as const;

export function paletteColor(name: string): string {
  let hash = 0x811c9dc5;
  for (const ch of matchKey(name) || name) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return ACTOR_PALETTE[hash % ACTOR_PALETTE.length];
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
export const compareNames = (a: string, b: string): number => collator.compare(a, b);

const missingActor = (id: string, role = 'That actor') =>
  new ApiError('not_found', `${role} no longer exists; it may have been deleted or merged into another.`, { id });

export function findActorRow(store: Store, id: string): ActorRow | undefined {
  return store.sql(`SELECT ${COLUMNS} FROM actors WHERE id = ?`).get(id) as ActorRow | undefined;
}

/** The actor row, or not_found naming the role it was wanted for ("The source actor"). */
export function requireActor(store: Store, id: string, role?: string): ActorRow {
  const row = findActorRow(store, id);
  if (!row) throw missingActor(id, role);
  return row;
}

function aliasesOf(store: Store, id: string): string[] {
  return store.sql('SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY position, rowid').pluck().all(id) as string[];
}

function countsOf(store: Store, id: string): { tagCount: number; claimCount: number } {
  const tagCount = Number(store.sql('SELECT count(*) FROM highlight_actors WHERE actor_id = ?').pluck().get(id));
  const claimCount = Number(
    store
      .sql('SELECT count(*) FROM claims WHERE source_actor_id = @id OR target_actor_id = @id OR attributed_actor_id = @id')
      .pluck()
      .get({ id }),
  );
  return { tagCount, claimCount };
}

const toActor = (row: ActorRow, aliases: string[], counts: { tagCount: number; claimCount: number }): Actor => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  aliases,
  description: row.description,
  color: row.color,
  externalId: row.external_id,
  affiliationId: row.affiliation_id,
  tagCount: counts.tagCount,
  claimCount: counts.claimCount,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function getActor(store: Store, id: string): Actor {
  const row = requireActor(store, id);
  return toActor(row, aliasesOf(store, id), countsOf(store, id));
}

/** Every actor by name, with aliases in their order and how much annotation uses each. */
export function listActors(store: Store): Actor[] {
  return store.read(() => {
    const rows = store.sql(`SELECT ${COLUMNS} FROM actors`).all() as ActorRow[];
    const aliases = new Map<string, string[]>();
    for (const { actor_id, alias } of store.sql('SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, position, rowid').all() as Array<{ actor_id: string; alias: string }>) {
      const list = aliases.get(actor_id);
      if (list) list.push(alias);
      else aliases.set(actor_id, [alias]);
    }
    const tally = (sql: string) => new Map((store.sql(sql).raw().all() as Array<[string, number]>).map(([id, n]) => [id, Number(n)]));
    const tags = tally('SELECT actor_id, count(*) FROM highlight_actors GROUP BY actor_id');
    // A claim counts once per actor, whichever roles the actor plays in it.
    const asSource = tally('SELECT source_actor_id, count(*) FROM claims GROUP BY source_actor_id');
    const asTarget = tally('SELECT target_actor_id, count(*) FROM claims GROUP BY target_actor_id');
    const selfTies = tally('SELECT source_actor_id, count(*) FROM claims WHERE target_actor_id = source_actor_id GROUP BY source_actor_id');
    const asAttribution = tally(
      `SELECT attributed_actor_id, count(*) FROM claims
       WHERE attributed_actor_id IS NOT NULL AND attributed_actor_id != source_actor_id AND attributed_actor_id != target_actor_id
       GROUP BY attributed_actor_id`,
    );
    const n = (m: Map<string, number>, id: string) => m.get(id) ?? 0;
    return rows
      .map((row) =>
        toActor(row, aliases.get(row.id) ?? [], {
          tagCount: n(tags, row.id),
          claimCount: n(asSource, row.id) + n(asTarget, row.id) - n(selfTies, row.id) + n(asAttribution, row.id),
        }),
      )
      .sort((a, b) => compareNames(a.name, b.name) || (a.id < b.id ? -1 : 1));
  });
}

const cleanName = (value: string): string => value.trim().replace(/\s+/g, ' ');

interface Names {
  name: string;
  key: string;
  aliases: Array<{ alias: string; key: string }>;
}

/** Trims the name and aliases and drops aliases that are empty or repeat the name or each other. */
function namesOf(rawName: string, rawAliases: readonly string[]): Names {
  const name = cleanName(rawName);
  const key = matchKey(name);
  if (!key) {
    throw new ApiError('invalid_argument', 'An actor needs a name with at least one letter or digit.', { field: 'name' });
  }
  const seen = new Set([key]);
  const aliases: Names['aliases'] = [];
  for (const raw of rawAliases) {
    const alias = cleanName(raw);
    const aliasKey = matchKey(alias);
    if (!aliasKey || seen.has(aliasKey)) continue;
    seen.add(aliasKey);
    aliases.push({ alias, key: aliasKey });
  }
  return { name, key, aliases };
}

/** Refuses a name or alias that already names another actor, so "Hizballah" finds Hezbollah. */
function assertUnique(store: Store, names: Names, exceptId: string | null, except: readonly string[] = []): void {
  const wanted = [{ text: names.name, key: names.key }, ...names.aliases.map((a) => ({ text: a.alias, key: a.key }))];
  const ignore = JSON.stringify(exceptId ? [exceptId, ...except] : except);
  const clash = store.sql(
    `SELECT a.id, a.name FROM actors a
     WHERE a.match_key = @key AND a.id NOT IN (SELECT value FROM json_each(@ignore))
     UNION ALL
     SELECT a.id, a.name FROM actor_aliases x JOIN actors a ON a.id = x.actor_id
     WHERE x.match_key = @key AND x.actor_id NOT IN (SELECT value FROM json_each(@ignore))
     LIMIT 1`,
  );
  for (const { text, key } of wanted) {
    const hit = clash.get({ key, ignore }) as { id: string; name: string } | undefined;
    if (hit) {
      const same = matchKey(hit.name) === key;
      throw new ApiError(
        'duplicate',
        same
          ? `An actor called ${hit.name} already exists. Pick it instead, or give this one a different name.`
          : `"${text}" is already a name of ${hit.name}. Pick ${hit.name} instead, or remove that name from one of them.`,
        { actorId: hit.id, name: hit.name, matched: text },
      );
    }
  }
}

/** An affiliation must exist and must not lead back to the actor itself. */
function assertAffiliation(store: Store, actorId: string | null, affiliationId: string | null | undefined): void {
  if (!affiliationId) return;
  if (affiliationId === actorId) {
    throw new ApiError('invalid_argument', 'An actor cannot be affiliated with itself. Choose another actor or none.', { field: 'affiliationId' });
  }
  const target = findActorRow(store, affiliationId);
  if (!target) throw missingActor(affiliationId, 'The actor chosen as affiliation');
  if (!actorId) return;
  const seen = new Set<string>();
  for (let at: string | null = affiliationId; at && !seen.has(at); ) {
    seen.add(at);
    if (at === actorId) {
      throw new ApiError(
        'invalid_argument',
        `${target.name} already belongs, directly or through others, to this actor; affiliating it with ${target.name} would make a circle. Remove one of the two affiliations first.`,
        { field: 'affiliationId' },
      );
    }
    at = (store.sql('SELECT affiliation_id FROM actors WHERE id = ?').pluck().get(at) as string | null | undefined) ?? null;
  }
}

function writeAliases(store: Store, actorId: string, aliases: Names['aliases']): void {
  store.sql('DELETE FROM actor_aliases WHERE actor_id = ?').run(actorId);
  const insert = store.sql('INSERT INTO actor_aliases (actor_id, alias, match_key, position) VALUES (?, ?, ?, ?)');
  aliases.forEach((a, position) => insert.run(actorId, a.alias, a.key, position));
}

export interface NewActor {
  name: string;
  kind?: ActorKind;
  aliases?: string[];
  description?: string;
  color?: string;
  externalId?: string;
  affiliationId?: string | null;
}

export function createActor(store: Store, input: NewActor): Actor {
  const names = namesOf(input.name, input.aliases ?? []);
  assertUnique(store, names, null);
  assertAffiliation(store, null, input.affiliationId);
  const id = randomUUID();
  const at = now();
  store
    .sql(
      `INSERT INTO actors (id, name, kind, description, color, external_id, affiliation_id, match_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, names.name, input.kind ?? 'other', (input.description ?? '').trim(), input.color ?? paletteColor(names.name),
      (input.externalId ?? '').trim(), input.affiliationId ?? null, names.key, at, at);
  writeAliases(store, id, names.aliases);
  return getActor(store, id);
}

export function updateActor(store: Store, id: string, patch: ActorPatch): Actor {
  const row = requireActor(store, id);
  const names = namesOf(patch.name ?? row.name, patch.aliases ?? aliasesOf(store, id));
  assertUnique(store, names, id);
  if (patch.affiliationId !== undefined) assertAffiliation(store, id, patch.affiliationId);
  store
    .sql(
      `UPDATE actors SET name = ?, match_key = ?, kind = ?, description = ?, color = ?, external_id = ?, affiliation_id = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(names.name, names.key, patch.kind ?? row.kind, patch.description?.trim() ?? row.description, patch.color ?? row.color,
      patch.externalId?.trim() ?? row.external_id, patch.affiliationId === undefined ? row.affiliation_id : patch.affiliationId,
      now(), id);
  const current = aliasesOf(store, id);
  const next = names.aliases.map((a) => a.alias);
  if (current.length !== next.length || current.some((a, i) => a !== next[i])) writeAliases(store, id, names.aliases);
  return getActor(store, id);
}

/**
 * Folds the merged actors into the survivor: their tags, claims (as source, target or
 * attribution) and the affiliations of others move to it, their names and aliases become its
 * aliases, and empty fields of the survivor are filled from them. Tags that would repeat are
 * collapsed. A claim between the survivor and a merged actor becomes a claim of the survivor
 * with itself: it is kept (it is evidence the user made) and shows in the Ties panel as a tie of
 * the actor with itself, where it can be corrected.
 */
export function mergeActors(store: Store, survivorId: string, mergedIds: readonly string[]): Actor {
  const survivor = requireActor(store, survivorId, 'The actor to keep');
  const ids = [...new Set(mergedIds)];
  if (ids.includes(survivorId)) {
    throw new ApiError('invalid_argument', `${survivor.name} cannot be merged into itself. Choose the other actors to merge into it.`, { field: 'mergedIds' });
  }
  const merged = ids.map((id) => requireActor(store, id, 'An actor to merge'));
  const list = JSON.stringify(ids);
  const at = now();
  const inMerged = '(SELECT value FROM json_each(?))';

  // Tags: move, then drop those the survivor already had on the same highlight.
  store.sql(`UPDATE OR IGNORE highlight_actors SET actor_id = ? WHERE actor_id IN ${inMerged}`).run(survivorId, list);
  store.sql(`DELETE FROM highlight_actors WHERE actor_id IN ${inMerged}`).run(list);
  // Claims, in all three roles.
  for (const column of ['source_actor_id', 'target_actor_id', 'attributed_actor_id']) {
    store.sql(`UPDATE claims SET ${column} = ?, updated_at = ? WHERE ${column} IN ${inMerged}`).run(survivorId, at, list);
  }
  // Affiliations of others; the survivor's own would point at itself.
  store.sql(`UPDATE actors SET affiliation_id = ?, updated_at = ? WHERE affiliation_id IN ${inMerged} AND id != ?`).run(survivorId, at, list, survivorId);

  const aliases = [...aliasesOf(store, survivorId)];
  let { description, external_id: externalId, affiliation_id: affiliationId } = survivor;
  for (const m of merged) {
    aliases.push(m.name, ...aliasesOf(store, m.id));
    description ||= m.description;
    externalId ||= m.external_id;
    affiliationId ??= m.affiliation_id;
  }
  if (affiliationId && (affiliationId === survivorId || ids.includes(affiliationId))) affiliationId = null;
  store.sql(`DELETE FROM actors WHERE id IN ${inMerged}`).run(list);
  // Redirected affiliations can close a circle through the survivor; its own link then yields.
  if (affiliationId && leadsTo(store, affiliationId, survivorId)) affiliationId = null;

  const names = namesOf(survivor.name, aliases);
  store
    .sql('UPDATE actors SET description = ?, external_id = ?, affiliation_id = ?, updated_at = ? WHERE id = ?')
    .run(description, externalId, affiliationId, at, survivorId);
  writeAliases(store, survivorId, names.aliases);
  return getActor(store, survivorId);
}

function leadsTo(store: Store, from: string, to: string): boolean {
  const seen = new Set<string>();
  for (let at: string | null = from; at && !seen.has(at); ) {
    if (at === to) return true;
    seen.add(at);
    at = (store.sql('SELECT affiliation_id FROM actors WHERE id = ?').pluck().get(at) as string | null | undefined) ?? null;
  }
  return false;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Deletes an actor. One in use (tagged, or named in claims) is refused with `in_use` unless
 * `force`: then its tags and the claims it is a party to go with it, and claims that only cite
 * it as their attribution keep its name as text.
 */
export function deleteActor(store: Store, id: string, force = false): { deleted: true } {
  const row = requireActor(store, id);
  const { tagCount, claimCount } = countsOf(store, id);
  if ((tagCount > 0 || claimCount > 0) && !force) {
    const uses = [
      tagCount > 0 ? `tagged on ${plural(tagCount, 'highlight', 'highlights')}` : '',
      claimCount > 0 ? `named in ${plural(claimCount, 'tie claim', 'tie claims')}` : '',
    ].filter(Boolean);
    throw new ApiError(
      'in_use',
      `${row.name} is ${uses.join(' and ')}. Deleting it also removes ${tagCount > 0 && claimCount > 0 ? 'those tags and the claims it is a party to' : tagCount > 0 ? 'those tags' : 'the claims it is a party to'}; confirm to delete it anyway, or merge it into another actor instead.`,
      { highlights: tagCount, claims: claimCount },
    );
  }
  const at = now();
  store.sql('DELETE FROM claims WHERE source_actor_id = @id OR target_actor_id = @id').run({ id });
  store
    .sql(
      `UPDATE claims SET attributed_actor_id = NULL, updated_at = ?,
         attributed_text = CASE WHEN attributed_text = '' THEN ? ELSE attributed_text END
       WHERE attributed_actor_id = ?`,
    )
    .run(at, row.name, id);
  store.sql('DELETE FROM highlight_actors WHERE actor_id = ?').run(id);
  store.sql('DELETE FROM actors WHERE id = ?').run(id);
  return { deleted: true as const };
}

// ---- tags

/** The actors a highlight is tagged with, in the order they were tagged. */
export function highlightActorIds(store: Store, highlightId: string): string[] {
  return store.sql('SELECT actor_id FROM highlight_actors WHERE highlight_id = ? ORDER BY rowid').pluck().all(highlightId) as string[];
}

/** Tags without checking the highlight (the caller just made it); tagging twice changes nothing. */
export function insertTags(store: Store, highlightId: string, actorIds: readonly string[]): void {
  const insert = store.sql('INSERT OR IGNORE INTO highlight_actors (highlight_id, actor_id, created_at) VALUES (?, ?, ?)');
  const at = now();
  for (const actorId of actorIds) {
    requireActor(store, actorId);
    insert.run(highlightId, actorId, at);
  }
}

export function tagHighlight(store: Store, highlightId: string, actorId: string): { highlightId: string; actorIds: string[] } {
  requireHighlight(store, highlightId);
  insertTags(store, highlightId, [actorId]);
  return { highlightId, actorIds: highlightActorIds(store, highlightId) };
}

export function untagHighlight(store: Store, highlightId: string, actorId: string): { highlightId: string; actorIds: string[] } {
  requireHighlight(store, highlightId);
  requireActor(store, actorId);
  store.sql('DELETE FROM highlight_actors WHERE highlight_id = ? AND actor_id = ?').run(highlightId, actorId);
  return { highlightId, actorIds: highlightActorIds(store, highlightId) };
}

// ---- suggestions

/** Actors whose name or an alias occurs in the passage, in order of first mention. */
export function suggestActors(store: Store, sourceId: string, start: number, end: number): ActorMention[] {
  return store.read(() => {
    const text = getSourceText(store, sourceId);
    if (end > text.length || start >= end) {
      throw new ApiError('invalid_argument', `The passage ${start}-${end} is not inside the source (${text.length} characters).`);
    }
    const names = store
      .sql('SELECT id, name FROM actors UNION ALL SELECT actor_id, alias FROM actor_aliases')
      .raw()
      .all() as Array<[string, string]>;
    return findMentions(text, names, { start, end }).map((m) => ({ actorId: m.id, matched: text.slice(m.start, m.end), start: m.start }));
  });
}

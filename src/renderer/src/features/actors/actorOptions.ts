import { ACTOR_KIND_LABELS, type Actor } from '../../../../shared/annotations';
import { foldName, matchKey, NO_MATCH, rankNames, type FoldedName, type MatchRank } from '../../../../shared/match';

/** An actor with its folded name and aliases, computed once per registry, not per keystroke. */
export interface KeyedActor {
  actor: Actor;
  nameKey: string;
  aliasKeys: string[];
  /** The name, then each alias, folded for ranking (shared/match.ts). */
  names: FoldedName[];
}

export function keyActors(actors: readonly Actor[]): KeyedActor[] {
  return actors.map((actor) => {
    const names = [actor.name, ...actor.aliases].map(foldName);
    return { actor, nameKey: names[0].key, aliasKeys: names.slice(1).map((n) => n.key), names };
  });
}

export const byName = (a: Actor, b: Actor): number => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/**
 * Whether the folded query occurs in the actor's name or an alias (the same rule as
 * `matchesName` in shared/match.ts), and how well (MATCH_RANK: whole name or alias, start,
 * word start, inside). `alias` is the alias that matched best when it beats the name, so the
 * list can show why "Hizballah" finds Hezbollah.
 */
export function matchActor(k: KeyedActor, queryKey: string): { matches: boolean; alias: string | null; rank: MatchRank | typeof NO_MATCH } {
  const { rank, index } = rankNames(queryKey, k.names);
  if (rank === NO_MATCH) return { matches: false, alias: null, rank };
  return { matches: true, alias: queryKey && index > 0 ? k.actor.aliases[index - 1] : null, rank };
}

export interface RankedActor {
  k: KeyedActor;
  alias: string | null;
  rank: MatchRank;
}

/**
 * The actors matching a folded query, best first: exact name or alias, then names that start
 * with it, then a word that does, then anywhere inside; within a rank, the `first` actors (those
 * named in the passage) before the others, then by name. Every picker orders its actors so.
 */
export function rankActors(keyed: readonly KeyedActor[], queryKey: string, first?: ReadonlySet<string>): RankedActor[] {
  const rows: RankedActor[] = [];
  for (const k of keyed) {
    const m = matchActor(k, queryKey);
    if (m.rank !== NO_MATCH) rows.push({ k, alias: m.alias, rank: m.rank });
  }
  const isFirst = (r: RankedActor) => (first?.has(r.k.actor.id) ? 0 : 1);
  return rows.sort((a, b) => a.rank - b.rank || isFirst(a) - isFirst(b) || byName(a.k.actor, b.k.actor));
}

/** The actor whose name or an alias equals the text after folding, if any (name first). */
export function exactActor(keyed: readonly KeyedActor[], text: string): Actor | undefined {
  const key = matchKey(text);
  if (!key) return undefined;
  return (keyed.find((k) => k.nameKey === key) ?? keyed.find((k) => k.aliasKeys.includes(key)))?.actor;
}

/** "Armed group · matches “Hizballah”" */
export function actorDetail(actor: Actor, alias: string | null): string {
  const kind = ACTOR_KIND_LABELS[actor.kind] ?? actor.kind;
  return alias ? `${kind} · matches “${alias}”` : kind;
}

import { ACTOR_KIND_LABELS, type Actor } from '../../../../shared/annotations';
import { matchKey } from '../../../../shared/match';

/** An actor with its folded name and aliases, computed once per registry, not per keystroke. */
export interface KeyedActor {
  actor: Actor;
  nameKey: string;
  aliasKeys: string[];
}

export function keyActors(actors: readonly Actor[]): KeyedActor[] {
  return actors.map((actor) => ({ actor, nameKey: matchKey(actor.name), aliasKeys: actor.aliases.map(matchKey) }));
}

export const byName = (a: Actor, b: Actor): number => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/**
 * Whether the folded query occurs in the actor's name or an alias (the same rule as
 * `matchesName` in shared/match.ts). Returns the alias that matched when only an alias did,
 * so the list can show why "Hizballah" finds Hezbollah.
 */
export function matchActor(k: KeyedActor, queryKey: string): { matches: boolean; alias: string | null } {
  if (!queryKey || k.nameKey.includes(queryKey)) return { matches: true, alias: null };
  const i = k.aliasKeys.findIndex((key) => key.includes(queryKey));
  return i < 0 ? { matches: false, alias: null } : { matches: true, alias: k.actor.aliases[i] };
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

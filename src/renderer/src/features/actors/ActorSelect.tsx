import { useMemo, useState } from 'react';
import { ACTOR_KIND_LABELS, type Actor } from '../../../../shared/annotations';
import { matchKey } from '../../../../shared/match';
import { Combobox, type ComboOption } from '../../ui/Combobox';
import { keyActors, rankActors } from './actorOptions';

export interface ActorSelectProps {
  /** Id of the text field, for a <label htmlFor>. */
  id: string;
  /** The choices, in display order. */
  actors: Actor[];
  value: string | null;
  onChange(id: string | null): void;
  /** A first choice that clears the value ("Any actor", "None"). */
  noneLabel: string;
  disabled?: boolean;
}

const NONE = '\u0000none';
const MAX_SHOWN = 80;

/**
 * One actor (or none) out of many, by typing any part of its name or an alias. Leaving the
 * field empty clears the value; leaving it with unmatched text keeps the previous value.
 */
export function ActorSelect({ id, actors, value, onChange, noneLabel, disabled }: ActorSelectProps) {
  const [text, setText] = useState<string | null>(null);
  const selected = value ? actors.find((a) => a.id === value) ?? null : null;

  const keyed = useMemo(() => keyActors(actors), [actors]);
  const options = useMemo<ComboOption[]>(() => {
    const query = text ?? '';
    const key = matchKey(query);
    // Typed: best matches first (exact name or alias, start, word start, inside); else in the given order.
    const found = key ? rankActors(keyed, key) : keyed.map((k) => ({ k, alias: null }));
    // While typing, Enter takes the best match, so "none" is offered only before typing.
    const list: ComboOption[] = key ? [] : [{ key: NONE, label: noneLabel, current: value === null }];
    for (const { k, alias } of found.slice(0, MAX_SHOWN)) {
      const a = k.actor;
      list.push({
        key: a.id,
        label: a.name,
        // Say which alias matched when it matched better than the name.
        detail: alias ? `“${alias}”` : ACTOR_KIND_LABELS[a.kind],
        swatch: a.color,
        current: a.id === value,
      });
    }
    if (found.length > MAX_SHOWN) list.push({ key: '\u0000more', label: `${found.length - MAX_SHOWN} more: keep typing to narrow`, disabled: true });
    if (key && found.length === 0) list.push({ key: '\u0000nomatch', label: `No actor matches “${query.trim()}”`, disabled: true });
    return list;
  }, [keyed, text, value, noneLabel]);

  return (
    <Combobox
      id={id}
      className="actor-select"
      value={text ?? selected?.name ?? ''}
      placeholder={noneLabel}
      onValueChange={setText}
      options={options}
      listLabel="Actors"
      disabled={disabled}
      onChoose={(o) => {
        onChange(o.key === NONE ? null : o.key);
        setText(null);
      }}
      onKeyDown={(e) => {
        // Escape with no list open undoes the typing before it closes anything around it.
        if (e.key === 'Escape' && text !== null) {
          e.preventDefault();
          e.stopPropagation();
          setText(null);
        }
      }}
      onBlur={() => {
        if (text !== null && text.trim() === '') onChange(null);
        setText(null);
      }}
    />
  );
}

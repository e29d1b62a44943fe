import { useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Actor } from '../../../../shared/annotations';
import { matchKey } from '../../../../shared/match';
import { Combobox, type ComboOption } from '../../ui/Combobox';
import { actorDetail, byName, keyActors, matchActor } from './actorOptions';

export interface ActorPickerProps {
  /** The whole registry. */
  actors: Actor[];
  /** Actors named in the passage, in order of mention: listed first as suggestions. */
  suggestedIds: string[];
  /** Actors already tagged on the passage (shown as such, not offered again). */
  taggedIds: string[];
  /** Where to float (the selection or highlight rectangle); null centres it. */
  anchor: DOMRect | null;
  onPick(actor: Actor): void;
  /** Creates an actor from a typed name that matches none. */
  onCreate(name: string): void;
  onClose(): void;
}

const SUGGESTED = 'Named in this passage';
const OTHERS = 'Other actors';
const CREATE_KEY = '\u0000create';
/** Rows rendered beyond the suggestions; typing narrows a larger registry. */
const MAX_ROWS = 150;
const GAP = 8;
/** The picker's tallest size (see .actor-picker in app.css), used to choose a side once. */
const MAX_HEIGHT = 420;

/**
 * "Tag actor": a small floating picker over the passage. Type to filter by name or any alias;
 * actors named in the passage come first; Enter tags the active actor or creates a new one.
 */
export function ActorPicker({ actors, suggestedIds, taggedIds, anchor, onPick, onCreate, onClose }: ActorPickerProps) {
  const [query, setQuery] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const keyed = useMemo(() => keyActors(actors), [actors]);
  const { options, hidden } = useMemo(() => {
    const q = matchKey(query);
    const tagged = new Set(taggedIds);
    const byId = new Map(keyed.map((k) => [k.actor.id, k]));
    const suggested = [...new Set(suggestedIds)].map((id) => byId.get(id)).filter((k) => k !== undefined);
    const suggestedSet = new Set(suggested.map((k) => k.actor.id));
    const toOption = (k: (typeof keyed)[number], alias: string | null, group: string | undefined): ComboOption => ({
      key: k.actor.id,
      label: k.actor.name,
      detail: actorDetail(k.actor, alias),
      swatch: k.actor.color,
      group,
      disabled: tagged.has(k.actor.id),
      badge: tagged.has(k.actor.id) ? 'tagged' : undefined,
    });
    const list: ComboOption[] = [];
    for (const k of suggested) {
      const m = matchActor(k, q);
      if (m.matches) list.push(toOption(k, m.alias, SUGGESTED));
    }
    const othersGroup = list.length > 0 ? OTHERS : undefined;
    const rest: Array<{ k: (typeof keyed)[number]; alias: string | null }> = [];
    for (const k of keyed) {
      if (suggestedSet.has(k.actor.id)) continue;
      const m = matchActor(k, q);
      if (m.matches) rest.push({ k, alias: m.alias });
    }
    rest.sort((a, b) => byName(a.k.actor, b.k.actor));
    for (const { k, alias } of rest.slice(0, MAX_ROWS)) list.push(toOption(k, alias, othersGroup));
    const name = query.trim();
    if (name && !keyed.some((k) => k.nameKey === q || k.aliasKeys.includes(q))) {
      // Below matches that are all tagged already, creating is offered but not the default.
      list.push({ key: CREATE_KEY, label: `Create “${name}”`, detail: 'new actor', variant: 'action', passive: list.length > 0 });
    }
    return { options: list, hidden: Math.max(0, rest.length - MAX_ROWS) };
  }, [keyed, query, suggestedIds, taggedIds]);

  // Float beside the anchor, on screen. The side is chosen once for the tallest picker so it
  // does not jump while the list shrinks with typing; above the anchor it grows upwards.
  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const place = () => {
      const vw = window.innerWidth;
      const vh = window.innerHeight;
      const width = root.offsetWidth;
      root.style.top = '';
      root.style.bottom = '';
      if (!anchor) {
        root.style.left = `${Math.max(GAP, (vw - width) / 2)}px`;
        root.style.top = `${Math.max(GAP, Math.round(vh * 0.18))}px`;
        root.style.maxHeight = `min(${MAX_HEIGHT}px, ${vh - 2 * GAP}px)`;
        return;
      }
      root.style.left = `${Math.round(Math.min(Math.max(GAP, anchor.left), vw - width - GAP))}px`;
      const below = vh - anchor.bottom - GAP;
      const above = anchor.top - GAP;
      if (below >= Math.min(MAX_HEIGHT, 240) || below >= above) {
        root.style.top = `${Math.round(Math.min(Math.max(GAP, anchor.bottom + GAP), vh - GAP - 120))}px`;
        root.style.maxHeight = `min(${MAX_HEIGHT}px, ${Math.max(120, below - GAP)}px)`;
      } else {
        root.style.bottom = `${Math.round(Math.max(GAP, vh - anchor.top + GAP))}px`;
        root.style.maxHeight = `min(${MAX_HEIGHT}px, ${Math.max(120, above - GAP)}px)`;
      }
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [anchor]);

  // Focus the input on open; give focus back on close unless the user moved it elsewhere.
  useLayoutEffect(() => {
    const root = rootRef.current;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    inputRef.current?.focus();
    return () => {
      const now = document.activeElement;
      const ours = !now || now === document.body || (root?.contains(now) ?? false);
      if (ours && previous?.isConnected && previous !== document.body) previous.focus({ preventScroll: true });
    };
  }, []);

  // A click anywhere else closes the picker (without pulling focus back).
  const closeFromOutside = useEffectEvent(() => onClose());
  useEffect(() => {
    const onDown = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) closeFromOutside();
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, []);

  const choose = (option: ComboOption) => {
    if (option.key === CREATE_KEY) onCreate(query.trim());
    else {
      const actor = actors.find((a) => a.id === option.key);
      if (actor) onPick(actor);
    }
  };

  return (
    <div
      ref={rootRef}
      className="actor-picker"
      role="dialog"
      aria-label="Tag actor"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
      onBlur={(e) => {
        // Tabbing out of the picker closes it.
        const next = e.relatedTarget as Node | null;
        if (next && !e.currentTarget.contains(next)) onClose();
      }}
    >
      <div className="picker-head">
        <span className="picker-title" aria-hidden="true">
          Tag actor
        </span>
        <span className="picker-keys" aria-hidden="true">
          <kbd>↑</kbd>
          <kbd>↓</kbd> move · <kbd>Enter</kbd> tag · <kbd>Esc</kbd> close
        </span>
      </div>
      <Combobox
        inline
        ariaLabel="Find or create an actor"
        placeholder="Type a name or alias…"
        value={query}
        onValueChange={setQuery}
        options={options}
        onChoose={choose}
        listLabel="Actors"
        inputRef={inputRef}
        emptyMessage={actors.length === 0 ? 'No actors yet. Type a name to create the first one.' : 'No actor matches.'}
        footer={hidden > 0 ? `${hidden} more: type to narrow down.` : undefined}
      />
    </div>
  );
}

import { useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ACTOR_KIND_LABELS, ACTOR_KINDS, type Actor, type ActorKind } from '../../../../shared/annotations';
import { matchKey } from '../../../../shared/match';
import { api, errorMessage } from '../../api';
import { Combobox, type ComboOption } from '../../ui/Combobox';
import { actorDetail, byName, keyActors, rankActors } from './actorOptions';

export interface ActorPickerProps {
  /** The whole registry. */
  actors: Actor[];
  /** Actors named in the passage, in order of mention: listed first as suggestions. */
  suggestedIds: string[];
  /** Actors already tagged on the passage (shown as such, not offered again). */
  taggedIds: string[];
  /** Where to float (the selection or highlight rectangle); null centres it. */
  anchor: DOMRect | null;
  /** Tags the passage with the actor: one from the list, or one the picker has just created. */
  onPick(actor: Actor): void;
  /**
   * Not called any more: a typed name that matches no actor is created here, with the kind
   * chosen under the list, and then handed to `onPick`. Kept optional so that callers still
   * passing it compile.
   */
  onCreate?(name: string): void;
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
/** Room that shows the input and a handful of rows: a side with this much is taken as it is. */
const COMFORTABLE = 240;
/** The least room worth opening into (the input and two rows). */
const MIN_HEIGHT = 150;
/** The kind a new actor gets unless another is chosen (as the store's createActor). */
const DEFAULT_KIND: ActorKind = 'other';


/**
 * Where a floating picker goes for an anchor rectangle (a selection, a highlight): below it,
 * else above it, so the passage stays readable, clamped to the viewport. Only when the passage
 * fills the viewport's height does it go beside it, and only when there is no room there either
 * does it overlap. The side is chosen for the picker's tallest size, so that it does not jump
 * while the list shrinks with typing; above the anchor it grows upwards (`bottom`).
 */
export function placeBeside(
  anchor: Pick<DOMRect, 'top' | 'bottom' | 'left' | 'right'>,
  width: number,
  viewport: { width: number; height: number },
): { left: number; top?: number; bottom?: number; maxHeight: number } {
  const { width: vw, height: vh } = viewport;
  // The part of the anchor on screen (a long selection may run past either edge).
  const top = Math.min(Math.max(anchor.top, 0), vh);
  const bottom = Math.min(Math.max(anchor.bottom, top), vh);
  const below = vh - bottom - 2 * GAP;
  const above = top - 2 * GAP;
  const left = Math.round(Math.min(Math.max(GAP, anchor.left), Math.max(GAP, vw - width - GAP)));
  const wanted = Math.min(MAX_HEIGHT, COMFORTABLE);
  if (below >= wanted || (below >= above && below >= MIN_HEIGHT)) return { left, top: Math.round(bottom + GAP), maxHeight: Math.min(MAX_HEIGHT, below) };
  if (above >= MIN_HEIGHT) return { left, bottom: Math.round(vh - top + GAP), maxHeight: Math.min(MAX_HEIGHT, above) };
  // The passage fills the viewport's height: beside it, right or left, when there is room.
  const height = Math.min(MAX_HEIGHT, vh - 2 * GAP);
  if (vw - anchor.right - 2 * GAP >= width) return { left: Math.round(anchor.right + GAP), top: GAP, maxHeight: height };
  if (anchor.left - 2 * GAP >= width) return { left: Math.round(anchor.left - GAP - width), top: GAP, maxHeight: height };
  // No room anywhere: the larger side, at the least useful height, over the passage's edge.
  return below >= above
    ? { left, top: Math.round(Math.max(GAP, vh - GAP - MIN_HEIGHT)), maxHeight: MIN_HEIGHT }
    : { left, top: GAP, maxHeight: MIN_HEIGHT };
}

/**
 * "Tag actor": a small floating picker beside the passage. Type to filter by name or any alias;
 * the best matches come first (exact name or alias, start, word start, inside), and with nothing
 * typed, the actors named in the passage. Enter tags the active actor. A name that matches none
 * is offered as a new actor, with its kind chosen under the list (Tab, then a letter or ↑/↓;
 * Enter there creates it too); it is created only when chosen, so a closed picker leaves nothing.
 */
export function ActorPicker({ actors, suggestedIds, taggedIds, anchor, onPick, onClose }: ActorPickerProps) {
  const [query, setQuery] = useState('');
  /** The kind a new actor is created with. */
  const [kind, setKind] = useState<ActorKind>(DEFAULT_KIND);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
      detail: actorDetail(k.actor, alias) + (q && suggestedSet.has(k.actor.id) ? ' · in this passage' : ''),
      swatch: k.actor.color,
      group,
      disabled: tagged.has(k.actor.id),
      badge: tagged.has(k.actor.id) ? 'tagged' : undefined,
    });
    const list: ComboOption[] = [];
    let total = 0;
    if (q) {
      // Typing: the best matches first, whether named in the passage or not (those first among
      // equals), so an exact name is never below names that merely contain it.
      const ranked = rankActors(keyed, q, suggestedSet);
      total = ranked.length;
      for (const { k, alias } of ranked.slice(0, MAX_ROWS + suggested.length)) list.push(toOption(k, alias, undefined));
    } else {
      for (const k of suggested) list.push(toOption(k, null, SUGGESTED));
      const othersGroup = list.length > 0 ? OTHERS : undefined;
      const rest = keyed.filter((k) => !suggestedSet.has(k.actor.id)).sort((a, b) => byName(a.actor, b.actor));
      total = suggested.length + rest.length;
      for (const k of rest.slice(0, MAX_ROWS)) list.push(toOption(k, null, othersGroup));
    }
    const name = query.trim();
    if (name && !keyed.some((k) => k.nameKey === q || k.aliasKeys.includes(q))) {
      // Below matches that are all tagged already, creating is offered but not the default.
      list.push({ key: CREATE_KEY, label: `Create “${name}”`, detail: 'new actor', variant: 'action', passive: list.length > 0 });
    }
    return { options: list, hidden: Math.max(0, total - list.filter((o) => o.key !== CREATE_KEY).length) };
  }, [keyed, query, suggestedIds, taggedIds]);

  // Float beside the anchor, never over it (placeBeside); the side is chosen once per anchor.
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
      const at = placeBeside(anchor, width, { width: vw, height: vh });
      root.style.left = `${at.left}px`;
      if (at.top !== undefined) root.style.top = `${at.top}px`;
      if (at.bottom !== undefined) root.style.bottom = `${at.bottom}px`;
      root.style.maxHeight = `${at.maxHeight}px`;
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

  const create = async () => {
    const name = query.trim();
    if (!name || busy) return;
    setBusy(true);
    setError(null);
    try {
      onPick(await api.createActor({ name, kind }));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const choose = (option: ComboOption) => {
    if (busy) return;
    if (option.key === CREATE_KEY) {
      void create();
      return;
    }
    const actor = actors.find((a) => a.id === option.key);
    if (actor) onPick(actor);
  };

  const newName = query.trim();
  const offersCreate = options.some((o) => o.key === CREATE_KEY);

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
        onValueChange={(text) => {
          setQuery(text);
          setError(null);
        }}
        options={options}
        onChoose={choose}
        listLabel="Actors"
        inputRef={inputRef}
        emptyMessage={actors.length === 0 ? 'No actors yet. Type a name to create the first one.' : 'No actor matches.'}
        footer={hidden > 0 ? `${hidden} more: type to narrow down.` : undefined}
        describedBy={error ? 'actor-picker-error' : undefined}
        invalid={error !== null}
      />
      {offersCreate && (
        <label className="picker-keys" style={{ display: 'flex', alignItems: 'center', gap: 6, padding: '6px 2px 0' }}>
          <span>New actor’s kind</span>
          <select
            aria-label={`Kind of the new actor “${newName}”`}
            value={kind}
            onChange={(e) => setKind(e.target.value as ActorKind)}
            onKeyDown={(e) => {
              // Enter on the kind creates the actor, as Enter on “Create” does.
              if (e.key === 'Enter' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
                e.preventDefault();
                void create();
              }
            }}
            style={{ font: 'inherit' }}
          >
            {ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {ACTOR_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p id="actor-picker-error" className="tf-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import type { NewClaim } from '../../../../shared/api';
import {
  ACTOR_KIND_LABELS,
  ACTOR_KINDS,
  CONFIDENCES,
  POLARITIES,
  STANCES,
  type Actor,
  type ActorKind,
  type Claim,
  type Confidence,
  type Polarity,
  type RelationType,
  type Stance,
} from '../../../../shared/annotations';
import { findMentions, foldName, matchKey, NO_MATCH, rankFolded, rankNames } from '../../../../shared/match';
import { excerpt } from '../../../../shared/text';
import { api } from '../../api';
import { Combobox, type ComboOption } from '../../ui/Combobox';
import { Dialog } from '../../ui/Dialog';
import { actorDetail, exactActor, keyActors, rankActors, type KeyedActor } from '../actors/actorOptions';

export type ClaimValues = Omit<NewClaim, 'highlightId'>;

export interface TieFormProps {
  actors: Actor[];
  relationTypes: RelationType[];
  /** The passage the claim is evidence for (shown as context; its named actors prefill the ends). */
  passage: string;
  /**
   * Prefilled values: the claim being edited, or a new claim's defaults. A new claim's source
   * and target, when not given, are the first two actors named in the passage.
   */
  initial: Partial<ClaimValues>;
  /** Set when editing an existing claim. */
  editing?: Claim;
  /**
   * Saves; rejects with an Error whose message is shown in the form. Actors and the relation
   * type typed as new are created (through the API) just before, so `values` names stored ids.
   */
  onSubmit(values: ClaimValues): Promise<void>;
  /**
   * Not called any more: a new actor is created when the tie is saved, with the kind chosen in
   * the form, never while typing. Kept optional so that callers still passing it compile.
   */
  onCreateActor?(name: string): Promise<Actor>;
  onDelete?(): void;
  onClose(): void;
}

/** An actor field: the chosen id (null until one is chosen) and the text shown. */
interface ActorField {
  id: string | null;
  text: string;
  /** The typed name is a new actor, to be created with this kind when the tie is saved. */
  newKind?: ActorKind;
}

interface NewType {
  directed: boolean;
  polarity: Polarity;
}

/** The relation field: a chosen type, or typed text, or a new type to create on save. */
interface RelationField {
  id: string | null;
  text: string;
  newType?: NewType;
}

type FieldName = 'source' | 'relation' | 'target' | 'attributed' | 'eventDate' | 'note';
/** Where focus can be sent: the fields, the controls of new actors and types, the stance. */
type FocusTarget = FieldName | 'sourceKind' | 'targetKind' | 'typeDirection' | 'stance';

const CREATE = '\u0000create:';
const CREATE_TYPE = '\u0000create-type';
const AS_TEXT = '\u0000text';
const MAX_ROWS = 100;
/** A new actor's kind unless another is chosen (as the store's createActor). */
const DEFAULT_KIND: ActorKind = 'other';
const DEFAULT_NEW_TYPE: NewType = { directed: true, polarity: 'neutral' };
/** Category matches rank after every match of a label. */
const CATEGORY_RANK = 4;

const STANCE_HINTS: Record<Stance, string> = {
  asserted: 'The passage states it as fact',
  reported: 'The passage reports someone else saying it',
  alleged: 'Someone claims it; unconfirmed',
  denied: 'Someone denies it',
  speculative: 'Raised as a possibility',
};

/** The controls of a new actor or type, in the second column of the actor/relation grid, under its field. */
const NEW_ROW: CSSProperties = { gridColumn: 2, display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '4px 12px', marginTop: -4 };
const NEW_SELECT: CSSProperties = { font: 'inherit', padding: '3px 6px' };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Which field an API error names (ApiError.detail.field or .path), if any. */
function fieldOf(error: unknown): FieldName | null {
  const detail = (error as { detail?: Record<string, unknown> } | null)?.detail;
  const raw = String(detail?.field ?? detail?.path ?? '');
  if (/sourceActor/i.test(raw)) return 'source';
  if (/targetActor/i.test(raw)) return 'target';
  if (/relation/i.test(raw)) return 'relation';
  if (/attributed/i.test(raw)) return 'attributed';
  if (/eventDate|date/i.test(raw)) return 'eventDate';
  if (/note/i.test(raw)) return 'note';
  return null;
}

/**
 * A new claim's source and target: those given, else the actors named in the passage in order
 * of mention (a name inside a longer one, as Hezbollah in "Harakat Hezbollah al-Nujaba", is not
 * counted), as the tag picker suggests them.
 */
function prefillEnds(actors: readonly Actor[], passage: string, initial: Partial<ClaimValues>, editing: Claim | undefined): [string | null, string | null] {
  let source = initial.sourceActorId ?? null;
  let target = initial.targetActorId ?? null;
  if (editing || (source && target) || !passage) return [source, target];
  const names = actors.flatMap((a) => [[a.id, a.name] as const, ...a.aliases.map((alias) => [a.id, alias] as const)]);
  const named = findMentions(passage, names, { outermost: true }).map((m) => m.id);
  const free = named.filter((id) => id !== source && id !== target);
  if (!source) source = free.shift() ?? null;
  if (!target) target = free.shift() ?? null;
  return [source, target];
}

function actorOptions(keyed: KeyedActor[], field: ActorField, names: Map<string, string>, extra: 'create' | 'text'): ComboOption[] {
  // While the field shows its chosen actor, list everyone (with the choice marked) rather than
  // filtering by the chosen name; typing filters, best matches first.
  const showingChoice = field.id !== null && names.get(field.id) === field.text;
  const q = showingChoice ? '' : matchKey(field.text);
  const rows = rankActors(keyed, q);
  const options: ComboOption[] = rows.slice(0, MAX_ROWS).map(({ k, alias }) => ({
    key: k.actor.id,
    label: k.actor.name,
    detail: actorDetail(k.actor, alias),
    swatch: k.actor.color,
    current: k.actor.id === field.id,
  }));
  const typed = field.text.trim();
  if (!showingChoice && typed && !exactActor(keyed, typed)) {
    options.push(
      extra === 'create'
        ? { key: CREATE + typed, label: `Create “${typed}”`, detail: 'new actor, saved with the tie', variant: 'action', current: field.newKind !== undefined }
        : { key: AS_TEXT, label: `Use “${typed}” as written`, detail: 'free text', variant: 'action' },
    );
  }
  return options;
}

/**
 * "Add tie" / "Edit tie": one claim of the passage, source → relation → target, with its
 * stance, attribution, confidence, date and note. The ends are prefilled from the actors the
 * passage names. Enter after a choice in a list moves to the next field (after the target, to
 * the stance, where Enter saves); Enter in a field with no list open saves; Alt+S swaps source
 * and target; Escape cancels. A name or relation type that does not exist yet is offered as
 * new, with its kind (or direction and polarity) chosen under its field, and created only when
 * the tie is saved: a cancelled form leaves nothing behind.
 */
export function TieForm({ actors, relationTypes, passage, initial, editing, onSubmit, onDelete, onClose }: TieFormProps) {
  /** Actors and types this form created (a save that failed after creating them, then retried). */
  const [createdActors, setCreatedActors] = useState<Actor[]>([]);
  const [createdTypes, setCreatedTypes] = useState<RelationType[]>([]);
  const allActors = useMemo(() => [...actors, ...createdActors.filter((c) => !actors.some((a) => a.id === c.id))], [actors, createdActors]);
  const allTypes = useMemo(
    () => [...relationTypes, ...createdTypes.filter((c) => !relationTypes.some((t) => t.id === c.id))],
    [relationTypes, createdTypes],
  );
  const names = useMemo(() => new Map(allActors.map((a) => [a.id, a.name])), [allActors]);
  const keyed = useMemo(() => keyActors(allActors), [allActors]);
  const typesById = useMemo(() => new Map(allTypes.map((t) => [t.id, t])), [allTypes]);
  const foldedTypes = useMemo(
    () => new Map(allTypes.map((t) => [t.id, { names: [foldName(t.label), foldName(t.inverseLabel)], category: foldName(t.category || 'Other') }])),
    [allTypes],
  );

  const actorField = (id: string | null | undefined): ActorField => ({ id: id ?? null, text: (id && names.get(id)) || '' });
  const [ends] = useState(() => prefillEnds(actors, passage, initial, editing));
  const [source, setSource] = useState<ActorField>(() => actorField(ends[0]));
  const [target, setTarget] = useState<ActorField>(() => actorField(ends[1]));
  const [relation, setRelation] = useState<RelationField>(() => {
    const type = initial.relationTypeId ? typesById.get(initial.relationTypeId) : undefined;
    return { id: type?.id ?? null, text: type?.label ?? '' };
  });
  const [attributed, setAttributed] = useState<ActorField>(() =>
    initial.attributedActorId ? actorField(initial.attributedActorId) : { id: null, text: initial.attributedText ?? '' },
  );
  const [stance, setStance] = useState<Stance>(initial.stance ?? 'asserted');
  const [confidence, setConfidence] = useState<Confidence>(initial.confidence ?? 'medium');
  const [eventDate, setEventDate] = useState(initial.eventDate ?? '');
  const [note, setNote] = useState(initial.note ?? '');
  const [error, setError] = useState<{ text: string; field: FieldName | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const submitting = useRef(false);

  const sourceRef = useRef<HTMLInputElement>(null);
  const relationRef = useRef<HTMLInputElement>(null);
  const targetRef = useRef<HTMLInputElement>(null);
  const attributedRef = useRef<HTMLInputElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const sourceKindRef = useRef<HTMLSelectElement>(null);
  const targetKindRef = useRef<HTMLSelectElement>(null);
  const directionRef = useRef<HTMLSelectElement>(null);
  const stanceRef = useRef<HTMLFieldSetElement>(null);
  const focusField = (field: FocusTarget) => {
    if (field === 'stance') {
      stanceRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
      return;
    }
    const refs = {
      source: sourceRef,
      relation: relationRef,
      target: targetRef,
      attributed: attributedRef,
      eventDate: dateRef,
      note: noteRef,
      sourceKind: sourceKindRef,
      targetKind: targetKindRef,
      typeDirection: directionRef,
    };
    refs[field].current?.focus();
  };

  // The key that led to a list choice: Enter moves on to the next field, Tab moves on by itself,
  // a click stays. Focus moves once the choice is rendered (the controls of a new actor or type
  // appear only then).
  const lastKey = useRef<string | null>(null);
  const focusAfterRender = useRef<FocusTarget | null>(null);
  useLayoutEffect(() => {
    const next = focusAfterRender.current;
    if (!next) return;
    focusAfterRender.current = null;
    focusField(next);
  });
  const moveOnEnter = (next: FocusTarget) => {
    if (lastKey.current === 'Enter') focusAfterRender.current = next;
  };

  // Give focus back to where it was when the form closes. Deferred: while the modal <dialog>
  // is still in the document everything outside it is inert and cannot take focus.
  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      queueMicrotask(() => {
        const now = document.activeElement;
        if ((!now || now === document.body) && previous?.isConnected && previous !== document.body) previous.focus({ preventScroll: true });
      });
    };
  }, []);

  // Start where the work is: the relation when both actors are prefilled. (Runs after the
  // dialog's showModal, which focuses the first field.)
  useEffect(() => {
    focusField(!source.id ? 'source' : !target.id && relation.id ? 'target' : 'relation');
    // Once, on open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Relation types on offer: active ones, plus the edited claim's own type even if retired.
  // Before typing, grouped by category in the order categories first appear; typed, the best
  // matches first (label or its reverse reading: whole, start, word start, inside; then category).
  const relationOptions = useMemo(() => {
    const current = relation.id ? typesById.get(relation.id) : undefined;
    const showingChoice = current !== undefined && current.label === relation.text;
    const q = showingChoice ? '' : matchKey(relation.text);
    const order = new Map<string, number>();
    const rows: Array<{ t: RelationType; viaInverse: boolean; rank: number; position: number }> = [];
    allTypes.forEach((t, position) => {
      if (t.retired && t.id !== editing?.relationTypeId) return;
      const category = t.category || 'Other';
      if (!order.has(category)) order.set(category, order.size);
      const folded = foldedTypes.get(t.id)!;
      const { rank, index } = rankNames(q, folded.names);
      if (rank !== NO_MATCH) rows.push({ t, viaInverse: q !== '' && index === 1, rank, position });
      else if (rankFolded(q, folded.category) !== NO_MATCH) rows.push({ t, viaInverse: false, rank: CATEGORY_RANK, position });
    });
    const categoryOf = (t: RelationType) => order.get(t.category || 'Other')!;
    rows.sort((a, b) => (q ? a.rank - b.rank : 0) || categoryOf(a.t) - categoryOf(b.t) || a.position - b.position);
    const options = rows.map(
      ({ t, viaInverse }): ComboOption => ({
        key: t.id,
        label: t.label,
        glyph: t.directed ? '→' : '↔',
        detail: [viaInverse ? `reversed: ${t.inverseLabel}` : t.directed ? t.polarity : `${t.polarity} · symmetric`, q ? t.category || 'Other' : ''].filter(Boolean).join(' · '),
        swatch: t.color,
        // Typed, the list is in order of match, not of category.
        group: q ? undefined : t.category || 'Other',
        badge: t.retired ? 'retired' : undefined,
        current: t.id === relation.id,
      }),
    );
    const typed = relation.text.trim();
    if (q && typed && !allTypes.some((t) => foldedTypes.get(t.id)!.names[0].key === q)) {
      options.push({
        key: CREATE_TYPE,
        label: `Create relation type “${typed}”`,
        detail: 'choose its direction and polarity; saved with the tie',
        variant: 'action',
        current: relation.newType !== undefined,
      });
    }
    return options;
  }, [allTypes, typesById, foldedTypes, relation, editing]);

  const sourceOptions = useMemo(() => actorOptions(keyed, source, names, 'create'), [keyed, source, names]);
  const targetOptions = useMemo(() => actorOptions(keyed, target, names, 'create'), [keyed, target, names]);
  const attributedOptions = useMemo(() => actorOptions(keyed, attributed, names, 'text'), [keyed, attributed, names]);

  const fail = (text: string, field: FieldName | null) => {
    setError({ text, field });
    if (field) focusField(field);
  };

  /** A list choice in the source or target field: an actor, or a new one (created on save). */
  const chooseActor = (option: ComboOption, field: ActorField, set: (f: ActorField) => void, kindField: FocusTarget, next: FocusTarget) => {
    if (option.key.startsWith(CREATE)) {
      set({ id: null, text: option.key.slice(CREATE.length), newKind: field.newKind ?? DEFAULT_KIND });
      moveOnEnter(kindField);
    } else {
      set({ id: option.key, text: option.label });
      moveOnEnter(next);
    }
    setError(null);
  };

  const chooseRelation = (option: ComboOption) => {
    if (option.key === CREATE_TYPE) {
      setRelation({ id: null, text: relation.text.trim(), newType: relation.newType ?? DEFAULT_NEW_TYPE });
      moveOnEnter('typeDirection');
    } else {
      setRelation({ id: option.key, text: option.label });
      moveOnEnter('target');
    }
    setError(null);
  };

  const swap = () => {
    setSource(target);
    setTarget(source);
  };

  /** What an actor field stands for: a stored actor, a new one to create, or nothing usable. */
  const resolveActor = (field: ActorField): { id: string } | { name: string; kind: ActorKind } | null => {
    if (field.id) return { id: field.id };
    if (field.newKind && field.text.trim()) return { name: field.text.trim(), kind: field.newKind };
    const found = exactActor(keyed, field.text);
    return found ? { id: found.id } : null;
  };
  const resolveRelation = (): { type: RelationType } | { label: string; newType: NewType } | null => {
    const type = relation.id ? typesById.get(relation.id) : undefined;
    if (type) return { type };
    if (relation.newType && relation.text.trim()) return { label: relation.text.trim(), newType: relation.newType };
    const q = matchKey(relation.text);
    const found = q ? allTypes.find((t) => (!t.retired || t.id === editing?.relationTypeId) && matchKey(t.label) === q) : undefined;
    return found ? { type: found } : null;
  };

  const submit = async () => {
    if (submitting.current || busy) return;
    const sourceEnd = resolveActor(source);
    const targetEnd = resolveActor(target);
    const relationEnd = resolveRelation();
    const missingActor = (field: ActorField, role: string) =>
      field.text.trim()
        ? `“${field.text.trim()}” is not in the actor list. Pick an actor, or choose “Create ${field.text.trim()}” in the list.`
        : `Choose the ${role} actor.`;
    if (!sourceEnd) return fail(missingActor(source, 'source'), 'source');
    if (!relationEnd) {
      const typed = relation.text.trim();
      const retired = typed ? allTypes.find((t) => t.retired && matchKey(t.label) === matchKey(typed)) : undefined;
      return fail(
        !typed
          ? 'Choose a relation.'
          : retired
            ? `The relation type “${retired.label}” is retired. Restore it under Relation types, or pick another.`
            : `“${typed}” is not a relation type. Pick one from the list, or choose “Create relation type ${typed}”.`,
        'relation',
      );
    }
    if (!targetEnd) return fail(missingActor(target, 'target'), 'target');
    // Checked before anything is created, so that a refused tie leaves no new actor behind.
    const endKey = (end: { id: string } | { name: string }) => ('id' in end ? end.id : `\u0000${matchKey(end.name)}`);
    if (endKey(sourceEnd) === endKey(targetEnd)) {
      const name = 'id' in sourceEnd ? (names.get(sourceEnd.id) ?? '') : sourceEnd.name;
      return fail(`A tie needs two different actors; ${name} is both source and target. Choose another target.`, 'target');
    }
    const attributedActorId = attributed.id ?? (attributed.text.trim() ? (exactActor(keyed, attributed.text)?.id ?? null) : null);

    submitting.current = true;
    setBusy(true);
    setError(null);
    // The field a failure belongs to while new actors and types are created.
    let stage: FieldName | null = null;
    try {
      const store = async (end: { id: string } | { name: string; kind: ActorKind }, role: 'source' | 'target', set: (f: ActorField) => void) => {
        if ('id' in end) return end.id;
        stage = role;
        const actor = await api.createActor({ name: end.name, kind: end.kind });
        setCreatedActors((list) => [...list, actor]);
        set({ id: actor.id, text: actor.name });
        return actor.id;
      };
      const sourceActorId = await store(sourceEnd, 'source', setSource);
      let relationTypeId: string;
      if ('type' in relationEnd) relationTypeId = relationEnd.type.id;
      else {
        stage = 'relation';
        const type = await api.createRelationType({ label: relationEnd.label, ...relationEnd.newType });
        setCreatedTypes((list) => [...list, type]);
        setRelation({ id: type.id, text: type.label });
        relationTypeId = type.id;
      }
      const targetActorId = await store(targetEnd, 'target', setTarget);
      stage = null;
      const values: ClaimValues = {
        sourceActorId,
        relationTypeId,
        targetActorId,
        stance,
        confidence,
        attributedActorId,
        attributedText: attributedActorId ? '' : attributed.text.trim(),
        note: note.trim(),
      };
      // An empty date clears an edited claim's date; a new claim simply has none.
      if (eventDate.trim() || editing) values.eventDate = eventDate.trim();
      await onSubmit(values);
    } catch (e) {
      fail(message(e), fieldOf(e) ?? stage);
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  };

  const onFormKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey && !event.ctrlKey && !event.metaKey && (event.code === 'KeyS' || event.key.toLowerCase() === 's')) {
      event.preventDefault();
      swap();
    } else if (event.key === 'Enter' && !event.defaultPrevented && (event.target as HTMLInputElement).type === 'radio') {
      event.preventDefault();
      void submit();
    }
  };

  /** Enter in a new actor's or type's controls moves on, as after a list choice. */
  const enterMovesTo = (next: FocusTarget) => (event: KeyboardEvent<HTMLSelectElement>) => {
    if (event.key === 'Enter' && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      focusField(next);
    }
  };

  const endName = (field: ActorField) => (field.id ? (names.get(field.id) ?? field.text) : field.text.trim());
  const type = relation.id ? typesById.get(relation.id) : undefined;
  const directed = type ? type.directed : (relation.newType?.directed ?? true);
  const arrow = directed ? '→' : '↔';
  const qualifiers = [
    stance !== 'asserted' ? stance : '',
    attributed.text.trim() ? `according to ${attributed.text.trim()}` : '',
    eventDate.trim(),
  ].filter(Boolean);
  /** A chosen value in bold (a new one marked so); typed text not (yet) matching one in italics; else the role. */
  const slot = (text: string, chosen: boolean, isNew: boolean, placeholder: string): ReactNode =>
    text && (chosen || isNew) ? (
      <>
        <strong>{text}</strong>
        {isNew && <span className="tf-slot"> (new)</span>}
      </>
    ) : (
      <span className="tf-slot">{text || placeholder}</span>
    );

  const describedBy = (field: FieldName) => (error?.field === field ? 'tie-error' : undefined);

  const kindRow = (role: 'source' | 'target', field: ActorField, set: (f: ActorField) => void, ref: typeof sourceKindRef, next: FocusTarget) =>
    field.newKind !== undefined && (
      <div className="tf-new" style={NEW_ROW}>
        <label>
          <span>
            New actor “{field.text.trim()}”: kind
          </span>
          <select
            id={`tie-${role}-kind`}
            ref={ref}
            style={NEW_SELECT}
            aria-label={`Kind of the new ${role} actor “${field.text.trim()}”`}
            value={field.newKind}
            onChange={(e) => set({ ...field, newKind: e.target.value as ActorKind })}
            onKeyDown={enterMovesTo(next)}
          >
            {ACTOR_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {ACTOR_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
      </div>
    );

  const newType = relation.newType;
  const typeRow = newType && (
    <div className="tf-new" style={NEW_ROW} role="group" aria-label={`New relation type “${relation.text.trim()}”`}>
      <label>
        <span>Direction</span>
        <select
          id="tie-type-direction"
          ref={directionRef}
          style={NEW_SELECT}
          value={newType.directed ? 'directed' : 'symmetric'}
          onChange={(e) => setRelation({ ...relation, newType: { ...newType, directed: e.target.value === 'directed' } })}
          onKeyDown={enterMovesTo('target')}
        >
          <option value="directed">One way: source → target</option>
          <option value="symmetric">Both ways: source ↔ target</option>
        </select>
      </label>
      <label>
        <span>Polarity</span>
        <select
          id="tie-type-polarity"
          style={NEW_SELECT}
          value={newType.polarity}
          onChange={(e) => setRelation({ ...relation, newType: { ...newType, polarity: e.target.value as Polarity } })}
          onKeyDown={enterMovesTo('target')}
        >
          {POLARITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
    </div>
  );

  // The swap button spans the rows of the three fields and of any new actor or type under them.
  const endRows = 3 + (source.newKind !== undefined ? 1 : 0) + (target.newKind !== undefined ? 1 : 0) + (newType ? 1 : 0);

  return (
    <Dialog
      title={editing ? 'Edit tie' : 'Add tie'}
      submitLabel={busy ? 'Saving…' : 'Save tie'}
      busy={busy}
      onSubmit={() => void submit()}
      onClose={onClose}
      extraActions={
        editing && onDelete ? (
          <button type="button" className="tf-delete" onClick={onDelete} disabled={busy}>
            Delete tie
          </button>
        ) : undefined
      }
    >
      <div
        className="tf-form"
        onKeyDown={onFormKeyDown}
        onKeyDownCapture={(e) => {
          lastKey.current = e.key;
        }}
        onPointerDownCapture={() => {
          lastKey.current = null;
        }}
      >
        {passage && <blockquote className="tf-passage">{excerpt(passage, 280)}</blockquote>}
        <div className="tf-ends">
          <label htmlFor="tie-source">Source actor</label>
          <Combobox
            id="tie-source"
            value={source.text}
            onValueChange={(text) => setSource({ id: null, text })}
            options={sourceOptions}
            onChoose={(o) => chooseActor(o, source, setSource, 'sourceKind', 'relation')}
            listLabel="Actors"
            selectOnTab
            placeholder="Who acts"
            inputRef={sourceRef}
            required
            invalid={error?.field === 'source'}
            describedBy={describedBy('source')}
            className="tf-source"
          />
          {kindRow('source', source, setSource, sourceKindRef, 'relation')}
          <label htmlFor="tie-relation">Relation</label>
          <Combobox
            id="tie-relation"
            value={relation.text}
            onValueChange={(text) => setRelation({ id: null, text })}
            options={relationOptions}
            onChoose={chooseRelation}
            listLabel="Relation types"
            selectOnTab
            placeholder="e.g. supplies weapons to"
            inputRef={relationRef}
            required
            invalid={error?.field === 'relation'}
            describedBy={describedBy('relation')}
            className="tf-relation"
          />
          {typeRow}
          <label htmlFor="tie-target">Target actor</label>
          <Combobox
            id="tie-target"
            value={target.text}
            onValueChange={(text) => setTarget({ id: null, text })}
            options={targetOptions}
            onChoose={(o) => chooseActor(o, target, setTarget, 'targetKind', 'stance')}
            listLabel="Actors"
            selectOnTab
            placeholder="Acted upon"
            inputRef={targetRef}
            required
            invalid={error?.field === 'target'}
            describedBy={describedBy('target')}
            className="tf-target"
          />
          {kindRow('target', target, setTarget, targetKindRef, 'stance')}
          <button
            type="button"
            className="tf-swap"
            style={{ gridRow: `1 / span ${endRows}` }}
            onClick={swap}
            aria-keyshortcuts="Alt+S"
            title="Swap source and target (Alt+S)"
          >
            ⇄ Swap <kbd aria-hidden="true">Alt+S</kbd>
          </button>
        </div>
        <p className="tf-preview">
          <span className="tf-preview-label">Reads: </span>
          {slot(endName(source), source.id !== null, source.newKind !== undefined, 'source')} <span className="tf-arrow">{arrow}</span>{' '}
          {slot(type?.label ?? relation.text.trim(), type !== undefined, newType !== undefined, 'relation')} <span className="tf-arrow">{arrow}</span>{' '}
          {slot(endName(target), target.id !== null, target.newKind !== undefined, 'target')}
          {qualifiers.length > 0 && <span className="tf-qualifiers"> ({qualifiers.join(' · ')})</span>}
        </p>
        <div className="tf-row">
          <fieldset className="tf-choices" ref={stanceRef}>
            <legend>Stance</legend>
            {STANCES.map((s) => (
              <label key={s} title={STANCE_HINTS[s]}>
                <input type="radio" name="tie-stance" value={s} checked={stance === s} onChange={() => setStance(s)} />
                <span>{s}</span>
              </label>
            ))}
          </fieldset>
          <fieldset className="tf-choices">
            <legend>Confidence</legend>
            {CONFIDENCES.map((c) => (
              <label key={c}>
                <input type="radio" name="tie-confidence" value={c} checked={confidence === c} onChange={() => setConfidence(c)} />
                <span>{c}</span>
              </label>
            ))}
          </fieldset>
        </div>
        <div className="tf-row">
          <div className="tf-field tf-attributed">
            <label htmlFor="tie-attributed">
              Attributed to <span className="hint">(optional)</span>
            </label>
            <Combobox
              id="tie-attributed"
              value={attributed.text}
              onValueChange={(text) => setAttributed({ id: null, text })}
              options={attributedOptions}
              onChoose={(o) => {
                setAttributed(o.key === AS_TEXT ? { id: null, text: attributed.text.trim() } : { id: o.key, text: o.label });
                moveOnEnter('eventDate');
              }}
              listLabel="Actors"
              placeholder="Actor, or text: “Reuters, 19 Nov”"
              inputRef={attributedRef}
              invalid={error?.field === 'attributed'}
              describedBy={describedBy('attributed')}
            />
          </div>
          <div className="tf-field tf-date">
            <label htmlFor="tie-date">
              Event date <span className="hint">(optional)</span>
            </label>
            <input
              id="tie-date"
              ref={dateRef}
              value={eventDate}
              onChange={(e) => setEventDate(e.target.value)}
              placeholder="2022, 2022-03, March 2022, 2021/2023"
              maxLength={100}
              autoComplete="off"
              aria-invalid={error?.field === 'eventDate' || undefined}
              aria-describedby={describedBy('eventDate')}
            />
          </div>
        </div>
        <div className="tf-field">
          <label htmlFor="tie-note">Note</label>
          <textarea
            id="tie-note"
            ref={noteRef}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            maxLength={5000}
            aria-describedby={describedBy('note')}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        </div>
        {error && (
          <p id="tie-error" className="tf-error" role="alert">
            {error.text}
          </p>
        )}
      </div>
    </Dialog>
  );
}

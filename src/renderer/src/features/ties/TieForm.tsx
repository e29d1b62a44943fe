import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { NewClaim } from '../../../../shared/api';
import { CONFIDENCES, STANCES, type Actor, type Claim, type Confidence, type RelationType, type Stance } from '../../../../shared/annotations';
import { matchKey } from '../../../../shared/match';
import { excerpt } from '../../../../shared/text';
import { Combobox, type ComboOption } from '../../ui/Combobox';
import { Dialog } from '../../ui/Dialog';
import { actorDetail, byName, exactActor, keyActors, matchActor, type KeyedActor } from '../actors/actorOptions';

export type ClaimValues = Omit<NewClaim, 'highlightId'>;

export interface TieFormProps {
  actors: Actor[];
  relationTypes: RelationType[];
  /** The passage the claim is evidence for (shown as context). */
  passage: string;
  /** Prefilled values: source/target from the passage's actors, or the claim being edited. */
  initial: Partial<ClaimValues>;
  /** Set when editing an existing claim. */
  editing?: Claim;
  /** Saves; rejects with an Error whose message is shown in the form. */
  onSubmit(values: ClaimValues): Promise<void>;
  onCreateActor(name: string): Promise<Actor>;
  onDelete?(): void;
  onClose(): void;
}

/** A combobox field: the chosen id (null until one is chosen) and the text shown. */
interface Field {
  id: string | null;
  text: string;
}

type FieldName = 'source' | 'relation' | 'target' | 'attributed' | 'eventDate' | 'note';

const CREATE = '\u0000create:';
const AS_TEXT = '\u0000text';
const MAX_ROWS = 100;

const STANCE_HINTS: Record<Stance, string> = {
  asserted: 'The passage states it as fact',
  reported: 'The passage reports someone else saying it',
  alleged: 'Someone claims it; unconfirmed',
  denied: 'Someone denies it',
  speculative: 'Raised as a possibility',
};

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

function actorOptions(keyed: KeyedActor[], field: Field, names: Map<string, string>, extra: 'create' | 'text'): ComboOption[] {
  // While the field shows its chosen actor, list everyone (with the choice marked) rather than
  // filtering by the chosen name; typing filters.
  const showingChoice = field.id !== null && names.get(field.id) === field.text;
  const q = showingChoice ? '' : matchKey(field.text);
  const rows: Array<{ k: KeyedActor; alias: string | null }> = [];
  for (const k of keyed) {
    const m = matchActor(k, q);
    if (m.matches) rows.push({ k, alias: m.alias });
  }
  rows.sort((a, b) => byName(a.k.actor, b.k.actor));
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
        ? { key: CREATE + typed, label: `Create “${typed}”`, detail: 'new actor', variant: 'action' }
        : { key: AS_TEXT, label: `Use “${typed}” as written`, detail: 'free text', variant: 'action' },
    );
  }
  return options;
}

/**
 * "Add tie" / "Edit tie": one claim of the passage, source → relation → target, with its
 * stance, attribution, confidence, date and note. Enter in a single-line field saves (after a
 * list choice, when a list is open); Alt+S swaps source and target; Escape cancels.
 */
export function TieForm({ actors, relationTypes, passage, initial, editing, onSubmit, onCreateActor, onDelete, onClose }: TieFormProps) {
  const names = useMemo(() => new Map(actors.map((a) => [a.id, a.name])), [actors]);
  const keyed = useMemo(() => keyActors(actors), [actors]);
  const typesById = useMemo(() => new Map(relationTypes.map((t) => [t.id, t])), [relationTypes]);

  const actorField = (id: string | null | undefined): Field => ({ id: id ?? null, text: (id && names.get(id)) || '' });
  const [source, setSource] = useState<Field>(() => actorField(initial.sourceActorId));
  const [target, setTarget] = useState<Field>(() => actorField(initial.targetActorId));
  const [relation, setRelation] = useState<Field>(() => {
    const type = initial.relationTypeId ? typesById.get(initial.relationTypeId) : undefined;
    return { id: type?.id ?? null, text: type?.label ?? '' };
  });
  const [attributed, setAttributed] = useState<Field>(() =>
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
  const focusField = (field: FieldName) => {
    const refs = { source: sourceRef, relation: relationRef, target: targetRef, attributed: attributedRef, eventDate: dateRef, note: noteRef };
    refs[field].current?.focus();
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

  // Relation types on offer: active ones, plus the edited claim's own type even if retired;
  // grouped by category in the order categories first appear.
  const relationOptions = useMemo(() => {
    const current = relation.id ? typesById.get(relation.id) : undefined;
    const showingChoice = current !== undefined && current.label === relation.text;
    const q = showingChoice ? '' : matchKey(relation.text);
    const order = new Map<string, number>();
    const rows: Array<{ t: RelationType; viaInverse: boolean }> = [];
    for (const t of relationTypes) {
      if (t.retired && t.id !== editing?.relationTypeId) continue;
      const category = t.category || 'Other';
      if (!order.has(category)) order.set(category, order.size);
      if (q && !matchKey(t.label).includes(q) && !matchKey(category).includes(q)) {
        if (!(t.inverseLabel && matchKey(t.inverseLabel).includes(q))) continue;
        rows.push({ t, viaInverse: true });
        continue;
      }
      rows.push({ t, viaInverse: false });
    }
    rows.sort((a, b) => order.get(a.t.category || 'Other')! - order.get(b.t.category || 'Other')!);
    return rows.map(
      ({ t, viaInverse }): ComboOption => ({
        key: t.id,
        label: t.label,
        glyph: t.directed ? '→' : '↔',
        detail: viaInverse ? `reversed: ${t.inverseLabel}` : t.directed ? t.polarity : `${t.polarity} · symmetric`,
        swatch: t.color,
        group: t.category || 'Other',
        badge: t.retired ? 'retired' : undefined,
        current: t.id === relation.id,
      }),
    );
  }, [relationTypes, typesById, relation, editing]);

  const sourceOptions = useMemo(() => actorOptions(keyed, source, names, 'create'), [keyed, source, names]);
  const targetOptions = useMemo(() => actorOptions(keyed, target, names, 'create'), [keyed, target, names]);
  const attributedOptions = useMemo(() => actorOptions(keyed, attributed, names, 'text'), [keyed, attributed, names]);

  const fail = (text: string, field: FieldName | null) => {
    setError({ text, field });
    if (field) focusField(field);
  };

  const chooseActor = async (option: ComboOption, set: (f: Field) => void) => {
    if (!option.key.startsWith(CREATE)) {
      set({ id: option.key, text: option.label });
      return;
    }
    const name = option.key.slice(CREATE.length);
    setBusy(true);
    try {
      const actor = await onCreateActor(name);
      set({ id: actor.id, text: actor.name });
      setError(null);
    } catch (e) {
      setError({ text: message(e), field: null });
    } finally {
      setBusy(false);
    }
  };

  const swap = () => {
    setSource(target);
    setTarget(source);
  };

  /** The chosen actor, or the one whose name or alias the text spells exactly. */
  const resolveActor = (field: Field): string | null => (field.id ? field.id : (exactActor(keyed, field.text)?.id ?? null));
  const resolveRelation = (): RelationType | undefined => {
    if (relation.id) return typesById.get(relation.id);
    const q = matchKey(relation.text);
    return q ? relationTypes.find((t) => (!t.retired || t.id === editing?.relationTypeId) && matchKey(t.label) === q) : undefined;
  };

  const submit = async () => {
    if (submitting.current || busy) return;
    const sourceId = resolveActor(source);
    const targetId = resolveActor(target);
    const type = resolveRelation();
    const missingActor = (field: Field, role: string) =>
      field.text.trim()
        ? `“${field.text.trim()}” is not in the actor list. Pick an actor, or choose “Create ${field.text.trim()}” in the list.`
        : `Choose the ${role} actor.`;
    if (!sourceId) return fail(missingActor(source, 'source'), 'source');
    if (!type) return fail(relation.text.trim() ? `“${relation.text.trim()}” is not a relation type. Pick one from the list.` : 'Choose a relation.', 'relation');
    if (!targetId) return fail(missingActor(target, 'target'), 'target');
    const attributedActorId = attributed.id ?? (attributed.text.trim() ? (exactActor(keyed, attributed.text)?.id ?? null) : null);
    const values: ClaimValues = {
      sourceActorId: sourceId,
      relationTypeId: type.id,
      targetActorId: targetId,
      stance,
      confidence,
      attributedActorId,
      attributedText: attributedActorId ? '' : attributed.text.trim(),
      note: note.trim(),
    };
    // An empty date clears an edited claim's date; a new claim simply has none.
    if (eventDate.trim() || editing) values.eventDate = eventDate.trim();
    submitting.current = true;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      fail(message(e), fieldOf(e));
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

  const sourceName = source.id ? (names.get(source.id) ?? source.text) : source.text.trim();
  const targetName = target.id ? (names.get(target.id) ?? target.text) : target.text.trim();
  const type = relation.id ? typesById.get(relation.id) : undefined;
  const arrow = type && !type.directed ? '↔' : '→';
  const qualifiers = [
    stance !== 'asserted' ? stance : '',
    attributed.text.trim() ? `according to ${attributed.text.trim()}` : '',
    eventDate.trim(),
  ].filter(Boolean);
  /** A chosen value in bold; typed text not (yet) matching one in italics; else the role. */
  const slot = (text: string, chosen: boolean, placeholder: string): ReactNode =>
    text && chosen ? <strong>{text}</strong> : <span className="tf-slot">{text || placeholder}</span>;

  const describedBy = (field: FieldName) => (error?.field === field ? 'tie-error' : undefined);

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
      <div className="tf-form" onKeyDown={onFormKeyDown}>
        {passage && <blockquote className="tf-passage">{excerpt(passage, 280)}</blockquote>}
        <div className="tf-ends">
          <label htmlFor="tie-source">Source actor</label>
          <Combobox
            id="tie-source"
            value={source.text}
            onValueChange={(text) => setSource({ id: null, text })}
            options={sourceOptions}
            onChoose={(o) => void chooseActor(o, setSource)}
            listLabel="Actors"
            selectOnTab
            placeholder="Who acts"
            inputRef={sourceRef}
            required
            invalid={error?.field === 'source'}
            describedBy={describedBy('source')}
            className="tf-source"
          />
          <label htmlFor="tie-relation">Relation</label>
          <Combobox
            id="tie-relation"
            value={relation.text}
            onValueChange={(text) => setRelation({ id: null, text })}
            options={relationOptions}
            onChoose={(o) => setRelation({ id: o.key, text: o.label })}
            listLabel="Relation types"
            selectOnTab
            placeholder="e.g. supplies weapons to"
            inputRef={relationRef}
            required
            invalid={error?.field === 'relation'}
            describedBy={describedBy('relation')}
            className="tf-relation"
          />
          <label htmlFor="tie-target">Target actor</label>
          <Combobox
            id="tie-target"
            value={target.text}
            onValueChange={(text) => setTarget({ id: null, text })}
            options={targetOptions}
            onChoose={(o) => void chooseActor(o, setTarget)}
            listLabel="Actors"
            selectOnTab
            placeholder="Acted upon"
            inputRef={targetRef}
            required
            invalid={error?.field === 'target'}
            describedBy={describedBy('target')}
            className="tf-target"
          />
          <button type="button" className="tf-swap" onClick={swap} aria-keyshortcuts="Alt+S" title="Swap source and target (Alt+S)">
            ⇄ Swap <kbd aria-hidden="true">Alt+S</kbd>
          </button>
        </div>
        <p className="tf-preview">
          <span className="tf-preview-label">Reads: </span>
          {slot(sourceName, source.id !== null, 'source')} <span className="tf-arrow">{arrow}</span>{' '}
          {slot(type?.label ?? relation.text.trim(), type !== undefined, 'relation')} <span className="tf-arrow">{arrow}</span>{' '}
          {slot(targetName, target.id !== null, 'target')}
          {qualifiers.length > 0 && <span className="tf-qualifiers"> ({qualifiers.join(' · ')})</span>}
        </p>
        <div className="tf-row">
          <fieldset className="tf-choices">
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
              onChoose={(o) => setAttributed(o.key === AS_TEXT ? { id: null, text: attributed.text.trim() } : { id: o.key, text: o.label })}
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

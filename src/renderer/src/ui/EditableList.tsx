import { useEffect, useId, useMemo, useRef, useState, type Dispatch, type FormEvent, type ReactNode, type RefObject, type SetStateAction, type SyntheticEvent } from 'react';
import { Dialog } from './Dialog';

/**
 * The browse-and-edit dialog behind the actor registry and the relation types editor: a list on
 * the left, the chosen item's form on the right. This file holds what the two have in common:
 * the modal itself, the draft of the item being edited (new or stored), "Unsaved changes",
 * Revert and Save, the question before unsaved edits are dropped, and the status line. Each
 * editor brings its own list, fields and extra actions.
 */

/** A stored item as the list shows it: its id, and when it last changed. */
export interface EditableItem {
  id: string;
  updatedAt: string;
}

/**
 * The item open in the form: `id` null for a new one not saved yet. `saved` is what the last save
 * returned, shown until the app's list has caught up with it.
 */
export type Editing<T, D> = { id: string | null; draft: D; saved?: T } | null;

export interface EditableListOptions<T, D> {
  words: EditableListWords<T>;
  items: readonly T[];
  /** The form's values for a stored item. */
  draftOf(item: T): D;
  /** Whether two drafts hold the same values (so nothing is unsaved). */
  sameDraft(a: D, b: D): boolean;
  /** Whether a new item's draft holds anything that closing it would lose. */
  hasInput(draft: D): boolean;
  /** What is open first; nothing by default. */
  initial?: () => Editing<T, D>;
}

/** What the dialog reads of an editable list. */
export interface EditableListView<T> {
  words: EditableListWords<T>;
  /** The stored item being edited (the newer of the listed and the saved copy), if any. */
  current: T | undefined;
  isNew: boolean;
  /** The item being edited was deleted meanwhile (an undo, a merge, another window). */
  gone: boolean;
  dirty: boolean;
  status: string;
  busy: boolean;
  /** Runs `action` now, or once the user agrees to drop unsaved edits. */
  guard(action: () => void): void;
  /** Puts the stored values back in the form, dropping the edits. */
  revert(): void;
  /** The pending "discard unsaved changes?" question: what runs if the user agrees. */
  discard: (() => void) | null;
  setDiscard(then: (() => void) | null): void;
}

/** The state of one editable list, as useEditableList returns it. */
export interface EditableList<T extends EditableItem, D, E> extends EditableListView<T> {
  editing: Editing<T, D>;
  setEditing: Dispatch<SetStateAction<Editing<T, D>>>;
  byId: ReadonlyMap<string, T>;
  /** The form's values, or null when no form is shown. */
  draft: D | null;
  setDraft(patch: Partial<D>): void;
  formError: E | null;
  setFormError(error: E | null): void;
  setStatus(status: string): void;
  /** Opens a stored item in the form. */
  open(item: T): void;
  /** Opens an empty form for a new item, then focuses `focus`. */
  startNew(draft: () => D, focus: RefObject<HTMLElement | null>): void;
  /** Opens `next` (null: nothing) with a status line, clearing the form's error. */
  show(next: Editing<T, D>, status?: string): void;
  /** Shows what a save returned, with a status line. */
  showSaved(item: T, status: string): void;
  /** Runs `action` with the form busy; a failure goes to `fail`. */
  work(action: () => Promise<void>, fail: (error: unknown) => void): Promise<void>;
}

/** The newer of the app's copy and the one the last save returned. */
const fresher = <T extends EditableItem>(listed: T | undefined, saved: T | undefined): T | undefined =>
  !listed ? saved : !saved || listed.updatedAt >= saved.updatedAt ? listed : saved;

export function useEditableList<T extends EditableItem, D extends object, E = string>(options: EditableListOptions<T, D>): EditableList<T, D, E> {
  const { items, draftOf, sameDraft, hasInput } = options;
  const [editing, setEditing] = useState<Editing<T, D>>(options.initial ?? null);
  const [formError, setFormError] = useState<E | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [discard, setDiscardState] = useState<(() => void) | null>(null);

  const byId = useMemo(() => new Map(items.map((item) => [item.id, item])), [items]);
  const current = editing?.id ? fresher(byId.get(editing.id), editing.saved) : undefined;
  const isNew = editing !== null && editing.id === null;
  const gone = editing !== null && editing.id !== null && !current;
  const draft = editing && !gone ? editing.draft : null;
  const dirty = draft !== null && (isNew ? hasInput(draft) : current ? !sameDraft(draft, draftOf(current)) : false);

  // A function is stored as state through an updater, or React would call it.
  const setDiscard = (then: (() => void) | null) => setDiscardState(() => then);
  const guard = (action: () => void) => (dirty ? setDiscard(action) : action());
  const show = (next: Editing<T, D>, message = '') => {
    setEditing(next);
    setFormError(null);
    setStatus(message);
  };

  return {
    words: options.words,
    editing,
    setEditing,
    byId,
    current,
    isNew,
    gone,
    draft,
    dirty,
    setDraft: (patch) => {
      setEditing((e) => (e ? { ...e, draft: { ...e.draft, ...patch } } : e));
      setFormError(null);
    },
    formError,
    setFormError,
    status,
    setStatus,
    busy,
    guard,
    open: (item) => guard(() => show({ id: item.id, draft: draftOf(item) })),
    startNew: (newDraft, focus) =>
      guard(() => {
        show({ id: null, draft: newDraft() });
        requestAnimationFrame(() => focus.current?.focus());
      }),
    show,
    showSaved: (item, message) => show({ id: item.id, draft: draftOf(item), saved: item }, message),
    revert: () => {
      if (current) setEditing({ id: current.id, draft: draftOf(current), saved: editing?.saved });
    },
    work: async (action, fail) => {
      setBusy(true);
      try {
        await action();
      } catch (error) {
        fail(error);
      } finally {
        setBusy(false);
      }
    },
    discard,
    setDiscard,
  };
}

/** The form of the item being edited, as an editor describes it. */
export interface EditableForm<T> {
  onSubmit(event: FormEvent): void;
  /** Shown after the item's name in the heading (a "Retired" tag). */
  badge?: ReactNode;
  /** The usage line of a stored item ("Used by 3 claims"). */
  usage(item: T): string;
  /** The fields and the error line (built only while list.draft is set). */
  fields: ReactNode;
  /** Buttons at the start of the action row (Delete, Retire). */
  actions?: ReactNode;
  /** The submit button's label for a new item ("Add actor"). */
  addLabel: string;
  /** Below the action row. */
  footer?: ReactNode;
}

/** How an editor names itself and its items; a constant per editor. */
export interface EditableListWords<T> {
  title: string;
  className: string;
  /** What one item is called, in lower case: "actor", "relation type". */
  noun: string;
  nameOf(item: T): string;
  /** The accessible name of the list pane ("Actor list"). */
  listLabel: string;
}

interface EditableListDialogProps<T> {
  /** Beside the title: "42 actors". */
  subtitle: string;
  list: EditableListView<T>;
  listPane: ReactNode;
  /** The form, shown while an item is open (new, or stored and still there). */
  form: EditableForm<T>;
  /** Close, once unsaved edits are settled. */
  onClose(): void;
  /** Further confirmations stacked above the dialog (merge, delete anyway). */
  children?: ReactNode;
}

/** The two-pane registry dialog, with the editor's form, status line and discard question. */
export function EditableListDialog<T>({ subtitle, list, listPane, form, onClose, children }: EditableListDialogProps<T>) {
  const { title, className, noun, nameOf, listLabel } = list.words;
  const { current, isNew, gone, dirty, busy, discard } = list;
  const article = /^[aeiou]/i.test(noun) ? 'an' : 'a';
  const editorLabel = isNew ? `New ${noun}` : current ? `Edit ${nameOf(current)}` : `${noun[0].toUpperCase()}${noun.slice(1)} details`;
  return (
    <RegistryDialog title={title} subtitle={subtitle} className={className} onRequestClose={() => list.guard(onClose)}>
      <div className="registry-body">
        <section className="registry-list-pane" aria-label={listLabel}>
          {listPane}
        </section>
        <section className="registry-editor" aria-label={editorLabel}>
          <p className="registry-status" role="status">
            {list.status}
          </p>
          {!isNew && !current ? (
            <p className="empty">{gone ? `This ${noun} no longer exists.` : `Select ${article} ${noun} to edit it, or add a new one.`}</p>
          ) : (
            <form className="registry-form" onSubmit={form.onSubmit} noValidate>
              <h3>
                {isNew || !current ? `New ${noun}` : <bdi>{nameOf(current)}</bdi>}
                {form.badge}
              </h3>
              <p className="registry-usage">{current ? form.usage(current) : 'Not saved yet.'}</p>
              {form.fields}
              <div className="registry-form-actions">
                {form.actions}
                <span className="spacer" />
                {dirty && <span className="unsaved">Unsaved changes</span>}
                {dirty && current && (
                  <button type="button" onClick={list.revert}>
                    Revert
                  </button>
                )}
                <button type="submit" className="primary" disabled={busy || (!dirty && !isNew)}>
                  {isNew ? form.addLabel : 'Save'}
                </button>
              </div>
              {form.footer}
            </form>
          )}
        </section>
      </div>
      {discard && (
        <Dialog
          title="Discard unsaved changes?"
          submitLabel="Discard changes"
          danger
          onClose={() => list.setDiscard(null)}
          onSubmit={() => {
            list.setDiscard(null);
            discard();
          }}
        >
          <p>Your edits to {isNew ? `the new ${noun}` : `“${current ? nameOf(current) : ''}”`} have not been saved.</p>
        </Dialog>
      )}
      {children}
    </RegistryDialog>
  );
}

interface NameFieldProps {
  id: string;
  label: string;
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  /** Marked invalid (after a save refused for an empty name). */
  invalid: boolean;
  dir?: 'auto';
  placeholder?: string;
  describedBy?: string;
  onChange(value: string): void;
  /** Notes under the field. */
  children?: ReactNode;
}

/** The item's name, the one required field; a new item's form opens with it focused. */
export function NameField({ id, label, inputRef, value, invalid, dir, placeholder, describedBy, onChange, children }: NameFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        dir={dir}
        value={value}
        placeholder={placeholder}
        required
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {children}
    </div>
  );
}

/** One <option> per value of a fixed list, shown by its label. */
export function optionsOf<T extends string>(values: readonly T[], labels: Readonly<Record<T, string>>): ReactNode[] {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels[value]}
    </option>
  ));
}

/** The colour field both editors show. */
export function ColorField({ id, value, onChange }: { id: string; value: string; onChange(color: string): void }) {
  return (
    <div className="field field-color">
      <label htmlFor={id}>Colour</label>
      <input id={id} type="color" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** A failure shown where it happened, read out at once. */
export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}

interface RegistryDialogProps {
  title: string;
  /** Shown beside the title, e.g. "42 actors". */
  subtitle?: string;
  className?: string;
  children: ReactNode;
  /** Escape, the close button or a cancel request: the owner decides (e.g. asks about unsaved edits). */
  onRequestClose(): void;
}

/**
 * A large modal on the native <dialog> (focus kept inside, the page behind inert). Escape asks
 * the owner to close rather than closing at once, and only when it was pressed in this dialog,
 * not in a confirmation stacked above it.
 */
export function RegistryDialog({ title, subtitle, className, children, onRequestClose }: RegistryDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  const ours = (e: SyntheticEvent) => (e.target as Element).closest?.('dialog') === ref.current;
  return (
    <dialog
      ref={ref}
      className={`registry-dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented || !ours(e)) return;
        e.preventDefault();
        onRequestClose();
      }}
      onCancel={(e) => {
        if (e.target !== e.currentTarget) return;
        e.preventDefault();
        onRequestClose();
      }}
      onClose={(e) => {
        // Closed by the browser despite the cancel being refused: ask the owner, then reopen.
        if (e.target !== e.currentTarget) return;
        const dialog = ref.current;
        if (dialog?.isConnected && !dialog.open) {
          dialog.showModal();
          onRequestClose();
        }
      }}
    >
      <header className="registry-head">
        <h2 id={titleId}>{title}</h2>
        {subtitle && <span className="registry-subtitle">{subtitle}</span>}
        <span className="spacer" />
        <button type="button" className="icon-button registry-close" aria-label={`Close ${title.toLowerCase()}`} title="Close (Esc)" onClick={onRequestClose}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

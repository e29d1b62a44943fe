import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ACTOR_KINDS, ACTOR_KIND_LABELS, type Actor, type ActorKind } from '../../../../shared/annotations';
import { ApiError } from '../../../../shared/errors';
import { matchKey, matchesName } from '../../../../shared/match';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { PALETTE, compareText, plural } from '../ties/format';
import { ActorSelect } from './ActorSelect';
import { AliasChips } from './AliasChips';
import { RegistryDialog } from './RegistryDialog';

export interface ActorRegistryProps {
  actors: Actor[];
  /** Called after any change so the app reloads actors, annotations and ties. */
  onChanged(): void;
  onError(error: unknown): void;
  onClose(): void;
}

interface Draft {
  name: string;
  kind: ActorKind;
  aliases: string[];
  description: string;
  color: string;
  externalId: string;
  affiliationId: string | null;
}

const draftOf = (a: Actor): Draft => ({
  name: a.name,
  kind: a.kind,
  aliases: a.aliases,
  description: a.description,
  color: a.color,
  externalId: a.externalId,
  affiliationId: a.affiliationId,
});

const sameDraft = (a: Draft, b: Draft): boolean =>
  a.name === b.name &&
  a.kind === b.kind &&
  a.description === b.description &&
  a.color.toLowerCase() === b.color.toLowerCase() &&
  a.externalId === b.externalId &&
  a.affiliationId === b.affiliationId &&
  a.aliases.length === b.aliases.length &&
  a.aliases.every((x, i) => x === b.aliases[i]);

/** id null: a new actor not yet saved. `saved` is what the last save returned, until the app's list catches up. */
type Editing = { id: string | null; draft: Draft; saved?: Actor } | null;

type Confirm =
  | { kind: 'discard'; then(): void }
  | { kind: 'merge'; ids: string[]; survivorId: string }
  | { kind: 'force-delete'; actor: Actor; message: string };

/** The newer of the app's copy and the one the last save returned. */
const fresher = (listed: Actor | undefined, saved: Actor | undefined): Actor | undefined =>
  !listed ? saved : !saved || listed.updatedAt >= saved.updatedAt ? listed : saved;

/** The actor registry: browse, filter, edit, merge and delete actors. */
export function ActorRegistry({ actors, onChanged, onClose }: ActorRegistryProps) {
  // Every failure is shown inline, beside what failed, so `onError` is not needed here.
  const ids = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState('');
  const [kindFilter, setKindFilter] = useState<ActorKind | ''>('');
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<Editing>(() => {
    const first = [...actors].sort((a, b) => compareText(a.name, b.name))[0];
    return first ? { id: first.id, draft: draftOf(first) } : null;
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  const sorted = useMemo(() => [...actors].sort((a, b) => compareText(a.name, b.name)), [actors]);
  const byId = useMemo(() => new Map(actors.map((a) => [a.id, a])), [actors]);
  const shown = useMemo(
    () => sorted.filter((a) => (!kindFilter || a.kind === kindFilter) && matchesName(query, [a.name, ...a.aliases])),
    [sorted, query, kindFilter],
  );
  // Checked actors that still exist (a merge or an undo elsewhere may remove some).
  const checkedIds = sorted.filter((a) => checked.has(a.id)).map((a) => a.id);

  // Which actors answer to a folded name or alias, to warn about an alias another actor already has.
  const owners = useMemo(() => {
    const map = new Map<string, Actor[]>();
    for (const a of actors) {
      for (const n of new Set([a.name, ...a.aliases].map(matchKey))) {
        if (n) map.set(n, [...(map.get(n) ?? []), a]);
      }
    }
    return map;
  }, [actors]);

  const current = editing?.id ? fresher(byId.get(editing.id), editing.saved) : undefined;
  const isNew = editing !== null && editing.id === null;
  const gone = editing !== null && editing.id !== null && !current;
  const draft = editing && !gone ? editing.draft : null;
  const dirty =
    draft !== null &&
    (isNew ? Boolean(draft.name.trim() || draft.aliases.length || draft.description.trim() || draft.externalId.trim()) : current ? !sameDraft(draft, draftOf(current)) : false);

  const setDraft = (patch: Partial<Draft>) => {
    setEditing((e) => (e ? { ...e, draft: { ...e.draft, ...patch } } : e));
    setFormError(null);
  };

  /** Runs `action` now, or after the user agrees to drop unsaved edits. */
  const guard = (action: () => void) => {
    if (dirty) {
      setConfirmError(null);
      setConfirm({ kind: 'discard', then: action });
    } else action();
  };

  const select = (actor: Actor) =>
    guard(() => {
      setEditing({ id: actor.id, draft: draftOf(actor) });
      setFormError(null);
      setStatus('');
    });

  const startNew = () =>
    guard(() => {
      setEditing({
        id: null,
        draft: { name: '', kind: 'other', aliases: [], description: '', color: PALETTE[actors.length % PALETTE.length], externalId: '', affiliationId: null },
      });
      setFormError(null);
      setStatus('');
      requestAnimationFrame(() => nameRef.current?.focus());
    });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing || !draft || busy) return;
    const name = draft.name.trim();
    if (!name) {
      setFormError('An actor needs a name.');
      nameRef.current?.focus();
      return;
    }
    const values = {
      name,
      kind: draft.kind,
      aliases: draft.aliases.map((a) => a.trim()).filter((a) => a && a !== name),
      description: draft.description.trim(),
      color: draft.color,
      externalId: draft.externalId.trim(),
      affiliationId: draft.affiliationId,
    };
    setBusy(true);
    try {
      const saved = editing.id ? await api.updateActor({ id: editing.id, patch: values }) : await api.createActor(values);
      setEditing({ id: saved.id, draft: draftOf(saved), saved });
      setFormError(null);
      setStatus(editing.id ? `Saved “${saved.name}”.` : `Added “${saved.name}”.`);
      onChanged();
    } catch (error) {
      setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const afterDelete = (actor: Actor) => {
    setEditing(null);
    setConfirm(null);
    setChecked((set) => {
      const next = new Set(set);
      next.delete(actor.id);
      return next;
    });
    setStatus(`Deleted “${actor.name}”.`);
    onChanged();
  };

  const remove = async () => {
    if (!current || busy) return;
    const actor = current;
    setBusy(true);
    try {
      await api.deleteActor({ id: actor.id });
      afterDelete(actor);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'in_use') {
        setConfirmError(null);
        setConfirm({ kind: 'force-delete', actor, message: error.message });
      } else setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const forceRemove = async (actor: Actor) => {
    setBusy(true);
    try {
      await api.deleteActor({ id: actor.id, force: true });
      afterDelete(actor);
    } catch (error) {
      setConfirmError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const startMerge = () =>
    guard(() => {
      const candidates = checkedIds.map((id) => byId.get(id)).filter((a): a is Actor => Boolean(a));
      if (candidates.length < 2) return;
      // The most used one survives unless the user picks another.
      const survivor = candidates.reduce((best, a) => (a.tagCount + a.claimCount > best.tagCount + best.claimCount ? a : best));
      setConfirmError(null);
      setConfirm({ kind: 'merge', ids: candidates.map((a) => a.id), survivorId: survivor.id });
    });

  const merge = async (ids: string[], survivorId: string) => {
    setBusy(true);
    try {
      const survivor = await api.mergeActors({ survivorId, mergedIds: ids.filter((id) => id !== survivorId) });
      setConfirm(null);
      setChecked(new Set());
      setEditing({ id: survivor.id, draft: draftOf(survivor), saved: survivor });
      setFormError(null);
      setStatus(`Merged ${ids.length} actors into “${survivor.name}”.`);
      onChanged();
    } catch (error) {
      setConfirmError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const toggleChecked = (id: string) =>
    setChecked((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onListKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const target = e.target as HTMLElement;
    const row = target.closest('li');
    if (!row) return;
    const rows = Array.from(e.currentTarget.children) as HTMLElement[];
    const at = rows.indexOf(row);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : at + (e.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= rows.length) return;
    e.preventDefault();
    const cls = target.matches('input[type="checkbox"]') ? 'input[type="checkbox"]' : '.registry-row';
    rows[next].querySelector<HTMLElement>(cls)?.focus();
  };

  const affiliationChoices = useMemo(() => sorted.filter((a) => a.id !== editing?.id), [sorted, editing?.id]);
  const affiliation = draft?.affiliationId ? byId.get(draft.affiliationId) : undefined;

  const noteFor = (alias: string): string | undefined => {
    const others = (owners.get(matchKey(alias)) ?? []).filter((a) => a.id !== editing?.id);
    return others.length ? `also ${others.map((a) => a.name).join(', ')}` : undefined;
  };
  const nameClash = draft ? (owners.get(matchKey(draft.name)) ?? []).filter((a) => a.id !== editing?.id) : [];

  const closeConfirm = () => {
    setConfirm(null);
    setConfirmError(null);
  };

  return (
    <RegistryDialog title="Actors" subtitle={plural(actors.length, 'actor')} className="actor-registry" onRequestClose={() => guard(onClose)}>
      <div className="registry-body">
        <section className="registry-list-pane" aria-label="Actor list">
          <div className="registry-tools">
            <input
              type="search"
              className="registry-filter"
              aria-label="Filter actors by name or alias"
              placeholder="Filter by name or alias"
              dir="auto"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <select aria-label="Filter by kind" value={kindFilter} onChange={(e) => setKindFilter(e.target.value as ActorKind | '')}>
              <option value="">All kinds</option>
              {ACTOR_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ACTOR_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="registry-actions">
            <button type="button" onClick={startNew}>
              New actor
            </button>
            <button type="button" disabled={checkedIds.length < 2} onClick={startMerge} title="Check two or more actors to merge them">
              Merge{checkedIds.length >= 2 ? ` ${checkedIds.length}` : ''}…
            </button>
            {checkedIds.length > 0 && (
              <button type="button" className="link-button" onClick={() => setChecked(new Set())}>
                Clear selection ({checkedIds.length})
              </button>
            )}
            <span className="spacer" />
            <span className="registry-count" aria-live="polite">
              {shown.length === actors.length ? '' : `${shown.length} of ${actors.length} shown`}
            </span>
          </div>
          {actors.length === 0 ? (
            <p className="empty">No actors yet. Add one with “New actor”, or tag a passage with A.</p>
          ) : shown.length === 0 ? (
            <p className="empty">No actor matches these filters.</p>
          ) : (
            <ul className="registry-list" ref={listRef} aria-label="Actors" onKeyDown={onListKeyDown}>
              {shown.map((a) => (
                <li key={a.id} className={`registry-item${a.id === editing?.id ? ' selected' : ''}`}>
                  <input type="checkbox" aria-label={`Select ${a.name} for merging`} checked={checked.has(a.id)} onChange={() => toggleChecked(a.id)} />
                  <button type="button" className="registry-row" aria-current={a.id === editing?.id ? 'true' : undefined} onClick={() => select(a)}>
                    <span className="actor-dot" style={{ background: a.color }} aria-hidden="true" />
                    <span className="registry-row-main">
                      <bdi className="registry-row-name">{a.name}</bdi>
                      <span className="registry-row-meta">
                        {ACTOR_KIND_LABELS[a.kind]}
                        {a.aliases.length > 0 && ` · ${plural(a.aliases.length, 'alias', 'aliases')}`}
                      </span>
                    </span>
                    <span className="registry-row-counts">
                      <span title="Highlights tagged">{plural(a.tagCount, 'tag')}</span>
                      <span title="Claims naming this actor">{plural(a.claimCount, 'claim')}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="registry-editor" aria-label={isNew ? 'New actor' : current ? `Edit ${current.name}` : 'Actor details'}>
          <p className="registry-status" role="status">
            {status}
          </p>
          {!draft ? (
            <p className="empty">{gone ? 'This actor no longer exists.' : 'Select an actor to edit it, or add a new one.'}</p>
          ) : (
            <form className="registry-form" onSubmit={(e) => void save(e)} noValidate>
              <h3>{isNew ? 'New actor' : <bdi>{current?.name}</bdi>}</h3>
              <p className="registry-usage">
                {current ? `Tagged on ${plural(current.tagCount, 'highlight')} · named in ${plural(current.claimCount, 'claim')}` : 'Not saved yet.'}
              </p>
              <div className="field">
                <label htmlFor={`${ids}-name`}>Name</label>
                <input
                  id={`${ids}-name`}
                  ref={nameRef}
                  dir="auto"
                  value={draft.name}
                  required
                  aria-invalid={formError !== null && !draft.name.trim()}
                  aria-describedby={nameClash.length ? `${ids}-clash` : undefined}
                  onChange={(e) => setDraft({ name: e.target.value })}
                />
                {nameClash.length > 0 && (
                  <span className="field-note" id={`${ids}-clash`}>
                    Also the name or an alias of {nameClash.map((a) => a.name).join(', ')}: consider merging instead.
                  </span>
                )}
              </div>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${ids}-kind`}>Kind</label>
                  <select id={`${ids}-kind`} value={draft.kind} onChange={(e) => setDraft({ kind: e.target.value as ActorKind })}>
                    {ACTOR_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {ACTOR_KIND_LABELS[k]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field field-color">
                  <label htmlFor={`${ids}-color`}>Colour</label>
                  <input id={`${ids}-color`} type="color" value={draft.color} onChange={(e) => setDraft({ color: e.target.value })} />
                </div>
              </div>
              <div className="field">
                <label htmlFor={`${ids}-alias`}>Aliases</label>
                <span className="field-note" id={`${ids}-alias-hint`}>
                  Other names and spellings in any script (Hizballah, حزب الله), or stand-ins such as “the Kremlin”.
                </span>
                <AliasChips id={`${ids}-alias`} aliases={draft.aliases} onChange={(aliases) => setDraft({ aliases })} noteFor={noteFor} describedBy={`${ids}-alias-hint`} />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-description`}>Description</label>
                <textarea id={`${ids}-description`} dir="auto" rows={3} value={draft.description} onChange={(e) => setDraft({ description: e.target.value })} />
              </div>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${ids}-external`}>External id</label>
                  <input
                    id={`${ids}-external`}
                    value={draft.externalId}
                    placeholder="e.g. Wikidata Q12345"
                    spellCheck={false}
                    onChange={(e) => setDraft({ externalId: e.target.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-affiliation`}>Affiliated with</label>
                  <ActorSelect
                    id={`${ids}-affiliation`}
                    actors={affiliationChoices}
                    value={affiliation ? affiliation.id : null}
                    noneLabel="None"
                    onChange={(id) => setDraft({ affiliationId: id })}
                  />
                </div>
              </div>
              {formError && (
                <p className="form-error" role="alert">
                  {formError}
                </p>
              )}
              <div className="registry-form-actions">
                {!isNew && current && (
                  <button type="button" className="danger-outline" disabled={busy} onClick={() => void remove()}>
                    Delete
                  </button>
                )}
                <span className="spacer" />
                {dirty && <span className="unsaved">Unsaved changes</span>}
                {dirty && !isNew && current && (
                  <button type="button" onClick={() => setEditing({ id: current.id, draft: draftOf(current), saved: editing?.saved })}>
                    Revert
                  </button>
                )}
                <button type="submit" className="primary" disabled={busy || (!dirty && !isNew)}>
                  {isNew ? 'Add actor' : 'Save'}
                </button>
              </div>
            </form>
          )}
        </section>
      </div>
      {confirm?.kind === 'discard' && (
        <Dialog
          title="Discard unsaved changes?"
          submitLabel="Discard changes"
          danger
          onClose={closeConfirm}
          onSubmit={() => {
            const then = confirm.then;
            closeConfirm();
            then();
          }}
        >
          <p>Your edits to {isNew ? 'the new actor' : `“${current?.name ?? ''}”`} have not been saved.</p>
        </Dialog>
      )}
      {confirm?.kind === 'force-delete' && (
        <Dialog title={`Delete “${confirm.actor.name}”?`} submitLabel="Delete anyway" danger busy={busy} onClose={closeConfirm} onSubmit={() => void forceRemove(confirm.actor)}>
          <p>{confirm.message}</p>
          {confirmError && (
            <p className="form-error" role="alert">
              {confirmError}
            </p>
          )}
        </Dialog>
      )}
      {confirm?.kind === 'merge' && (
        <Dialog title="Merge actors" submitLabel="Merge" busy={busy} onClose={closeConfirm} onSubmit={() => void merge(confirm.ids, confirm.survivorId)}>
          <p>All tags and claims of the others move to the survivor; their names become aliases.</p>
          <fieldset className="merge-choices">
            <legend>Which actor survives?</legend>
            {confirm.ids.map((id) => {
              const a = byId.get(id);
              if (!a) return null;
              return (
                <label key={id} className="merge-choice">
                  <input type="radio" name={`${ids}-survivor`} checked={confirm.survivorId === id} onChange={() => setConfirm({ ...confirm, survivorId: id })} />
                  <span className="actor-dot" style={{ background: a.color }} aria-hidden="true" />
                  <bdi>{a.name}</bdi>
                  <span className="merge-meta">
                    {ACTOR_KIND_LABELS[a.kind]} · {plural(a.tagCount, 'tag')} · {plural(a.claimCount, 'claim')}
                  </span>
                </label>
              );
            })}
          </fieldset>
          {confirmError && (
            <p className="form-error" role="alert">
              {confirmError}
            </p>
          )}
        </Dialog>
      )}
    </RegistryDialog>
  );
}

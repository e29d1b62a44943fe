import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ACTOR_KINDS, ACTOR_KIND_LABELS, type Actor, type ActorKind } from '../../../../shared/annotations';
import { ApiError } from '../../../../shared/errors';
import { matchKey, matchesName } from '../../../../shared/match';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { ColorField, EditableListDialog, FormError, NameField, optionsOf, useEditableList, type EditableListWords } from '../../ui/EditableList';
import { PALETTE, compareText, plural } from '../ties/format';
import { ActorSelect } from './ActorSelect';
import { AliasChips } from './AliasChips';

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

/** A new actor's form holds something worth asking about before it is dropped. */
const hasInput = (d: Draft): boolean => Boolean(d.name.trim() || d.aliases.length || d.description.trim() || d.externalId.trim());

const WORDS: EditableListWords<Actor> = { title: 'Actors', className: 'actor-registry', noun: 'actor', nameOf: (a) => a.name, listLabel: 'Actor list' };

type Confirm = { kind: 'merge'; ids: string[]; survivorId: string } | { kind: 'force-delete'; actor: Actor; message: string };

/** The actor registry: browse, filter, edit, merge and delete actors. */
export function ActorRegistry({ actors, onChanged, onClose }: ActorRegistryProps) {
  // Every failure is shown inline, beside what failed, so `onError` is not needed here.
  const ids = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState('');
  const [kindFilter, setKindFilter] = useState<ActorKind | ''>('');
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const list = useEditableList<Actor, Draft>({
    words: WORDS,
    items: actors,
    draftOf,
    sameDraft,
    hasInput,
    initial: () => {
      const first = [...actors].sort((a, b) => compareText(a.name, b.name))[0];
      return first ? { id: first.id, draft: draftOf(first) } : null;
    },
  });
  const { editing, byId, current, isNew, draft, busy, setDraft, formError, setFormError } = list;
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  const sorted = useMemo(() => [...actors].sort((a, b) => compareText(a.name, b.name)), [actors]);
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

  const startNew = () =>
    list.startNew(
      () => ({ name: '', kind: 'other', aliases: [], description: '', color: PALETTE[actors.length % PALETTE.length], externalId: '', affiliationId: null }),
      nameRef,
    );

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
    await list.work(
      async () => {
        const saved = editing.id ? await api.updateActor({ id: editing.id, patch: values }) : await api.createActor(values);
        list.showSaved(saved, editing.id ? `Saved “${saved.name}”.` : `Added “${saved.name}”.`);
        onChanged();
      },
      (error) => setFormError(errorMessage(error)),
    );
  };

  const afterDelete = (actor: Actor) => {
    list.show(null, `Deleted “${actor.name}”.`);
    setConfirm(null);
    setChecked((set) => {
      const next = new Set(set);
      next.delete(actor.id);
      return next;
    });
    onChanged();
  };

  const remove = async () => {
    if (!current || busy) return;
    const actor = current;
    await list.work(
      async () => {
        await api.deleteActor({ id: actor.id });
        afterDelete(actor);
      },
      (error) => {
        if (error instanceof ApiError && error.code === 'in_use') {
          setConfirmError(null);
          setConfirm({ kind: 'force-delete', actor, message: error.message });
        } else setFormError(errorMessage(error));
      },
    );
  };

  const forceRemove = (actor: Actor) =>
    list.work(async () => {
      await api.deleteActor({ id: actor.id, force: true });
      afterDelete(actor);
    }, (error) => setConfirmError(errorMessage(error)));

  const startMerge = () =>
    list.guard(() => {
      const candidates = checkedIds.map((id) => byId.get(id)).filter((a): a is Actor => Boolean(a));
      if (candidates.length < 2) return;
      // The most used one survives unless the user picks another.
      const survivor = candidates.reduce((best, a) => (a.tagCount + a.claimCount > best.tagCount + best.claimCount ? a : best));
      setConfirmError(null);
      setConfirm({ kind: 'merge', ids: candidates.map((a) => a.id), survivorId: survivor.id });
    });

  const merge = (ids: string[], survivorId: string) =>
    list.work(async () => {
      const survivor = await api.mergeActors({ survivorId, mergedIds: ids.filter((id) => id !== survivorId) });
      setConfirm(null);
      setChecked(new Set());
      list.showSaved(survivor, `Merged ${ids.length} actors into “${survivor.name}”.`);
      onChanged();
    }, (error) => setConfirmError(errorMessage(error)));

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

  const listPane = (
    <>
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
          {optionsOf(ACTOR_KINDS, ACTOR_KIND_LABELS)}
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
              <button type="button" className="registry-row" aria-current={a.id === editing?.id ? 'true' : undefined} onClick={() => list.open(a)}>
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
    </>
  );

  const fields = draft && (
    <>
      <NameField
        id={`${ids}-name`}
        label="Name"
        inputRef={nameRef}
        dir="auto"
        value={draft.name}
        invalid={formError !== null && !draft.name.trim()}
        describedBy={nameClash.length ? `${ids}-clash` : undefined}
        onChange={(name) => setDraft({ name })}
      >
        {nameClash.length > 0 && (
          <span className="field-note" id={`${ids}-clash`}>
            Also the name or an alias of {nameClash.map((a) => a.name).join(', ')}: consider merging instead.
          </span>
        )}
      </NameField>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${ids}-kind`}>Kind</label>
          <select id={`${ids}-kind`} value={draft.kind} onChange={(e) => setDraft({ kind: e.target.value as ActorKind })}>
            {optionsOf(ACTOR_KINDS, ACTOR_KIND_LABELS)}
          </select>
        </div>
        <ColorField id={`${ids}-color`} value={draft.color} onChange={(color) => setDraft({ color })} />
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
      <FormError message={formError} />
    </>
  );

  return (
    <EditableListDialog
      subtitle={plural(actors.length, 'actor')}
      list={list}
      listPane={listPane}
      form={{
        onSubmit: (e) => void save(e),
        usage: (a) => `Tagged on ${plural(a.tagCount, 'highlight')} · named in ${plural(a.claimCount, 'claim')}`,
        fields,
        actions: !isNew && current && (
          <button type="button" className="danger-outline" disabled={busy} onClick={() => void remove()}>
            Delete
          </button>
        ),
        addLabel: 'Add actor',
      }}
      onClose={onClose}
    >
      {confirm?.kind === 'force-delete' && (
        <Dialog title={`Delete “${confirm.actor.name}”?`} submitLabel="Delete anyway" danger busy={busy} onClose={closeConfirm} onSubmit={() => void forceRemove(confirm.actor)}>
          <p>{confirm.message}</p>
          <FormError message={confirmError} />
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
          <FormError message={confirmError} />
        </Dialog>
      )}
    </EditableListDialog>
  );
}

import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { POLARITIES, type Polarity, type RelationType } from '../../../../shared/annotations';
import { ApiError } from '../../../../shared/errors';
import { matchesName } from '../../../../shared/match';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { RegistryDialog } from '../actors/RegistryDialog';
import { PALETTE, POLARITY_GLYPHS, POLARITY_LABELS, categoryRank, compareText, plural, signed } from '../ties/format';

export interface RelationTypesEditorProps {
  relationTypes: RelationType[];
  onChanged(): void;
  onError(error: unknown): void;
  onClose(): void;
}

interface Draft {
  label: string;
  inverseLabel: string;
  directed: boolean;
  polarity: Polarity;
  category: string;
  intensity: string;
  color: string;
}

const draftOf = (t: RelationType): Draft => ({
  label: t.label,
  inverseLabel: t.inverseLabel,
  directed: t.directed,
  polarity: t.polarity,
  category: t.category,
  intensity: String(t.intensity),
  color: t.color,
});

const sameDraft = (a: Draft, b: Draft): boolean =>
  a.label === b.label &&
  a.inverseLabel === b.inverseLabel &&
  a.directed === b.directed &&
  a.polarity === b.polarity &&
  a.category === b.category &&
  Number(a.intensity) === Number(b.intensity) &&
  a.color.toLowerCase() === b.color.toLowerCase();

const RETIRED = 'Retired';

type Editing = { id: string | null; draft: Draft; saved?: RelationType } | null;

const fresher = (listed: RelationType | undefined, saved: RelationType | undefined): RelationType | undefined =>
  !listed ? saved : !saved || listed.updatedAt >= saved.updatedAt ? listed : saved;

/** The relation types of the project: grouped by category, added, edited, retired, restored, deleted when unused. */
export function RelationTypesEditor({ relationTypes, onChanged, onClose }: RelationTypesEditorProps) {
  // Every failure is shown inline, beside what failed, so `onError` is not needed here.
  const ids = useId();
  const labelRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [formError, setFormError] = useState<{ message: string; inUse: boolean } | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [discard, setDiscard] = useState<(() => void) | null>(null);

  const byId = useMemo(() => new Map(relationTypes.map((t) => [t.id, t])), [relationTypes]);
  const categories = useMemo(() => [...new Set(relationTypes.map((t) => t.category).filter(Boolean))].sort((a, b) => categoryRank(a) - categoryRank(b) || compareText(a, b)), [relationTypes]);
  const groups = useMemo(() => {
    const shown = relationTypes.filter((t) => matchesName(query, [t.label, t.inverseLabel, t.category]));
    const map = new Map<string, RelationType[]>();
    for (const t of shown) {
      const key = t.retired ? RETIRED : t.category || 'Uncategorised';
      map.set(key, [...(map.get(key) ?? []), t]);
    }
    const rank = (k: string) => (k === RETIRED ? Infinity : categoryRank(k));
    return [...map.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || compareText(a, b))
      .map(([category, types]) => [category, types.sort((a, b) => b.intensity - a.intensity || compareText(a.label, b.label))] as const);
  }, [relationTypes, query]);
  const shownCount = groups.reduce((n, [, types]) => n + types.length, 0);

  const current = editing?.id ? fresher(byId.get(editing.id), editing.saved) : undefined;
  const isNew = editing !== null && editing.id === null;
  const gone = editing !== null && editing.id !== null && !current;
  const draft = editing && !gone ? editing.draft : null;
  const dirty = draft !== null && (isNew ? Boolean(draft.label.trim() || draft.inverseLabel.trim() || draft.category.trim()) : current ? !sameDraft(draft, draftOf(current)) : false);

  const setDraft = (patch: Partial<Draft>) => {
    setEditing((e) => (e ? { ...e, draft: { ...e.draft, ...patch } } : e));
    setFormError(null);
  };
  const guard = (action: () => void) => (dirty ? setDiscard(() => action) : action());

  const select = (t: RelationType) =>
    guard(() => {
      setEditing({ id: t.id, draft: draftOf(t) });
      setFormError(null);
      setStatus('');
    });

  const startNew = () =>
    guard(() => {
      setEditing({
        id: null,
        draft: { label: '', inverseLabel: '', directed: true, polarity: 'neutral', category: '', intensity: '0', color: PALETTE[relationTypes.length % PALETTE.length] },
      });
      setFormError(null);
      setStatus('');
      requestAnimationFrame(() => labelRef.current?.focus());
    });

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      setFormError({ message: errorMessage(error), inUse: error instanceof ApiError && error.code === 'in_use' });
    } finally {
      setBusy(false);
    }
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!editing || !draft || busy) return;
    const label = draft.label.trim();
    const intensity = Number(draft.intensity);
    if (!label) {
      setFormError({ message: 'A relation type needs a label.', inUse: false });
      labelRef.current?.focus();
      return;
    }
    if (!Number.isInteger(intensity) || intensity < -10 || intensity > 10) {
      setFormError({ message: 'Intensity must be a whole number from −10 to +10.', inUse: false });
      return;
    }
    const values = {
      label,
      inverseLabel: draft.directed ? draft.inverseLabel.trim() : draft.inverseLabel.trim() || label,
      directed: draft.directed,
      polarity: draft.polarity,
      category: draft.category.trim().toUpperCase(),
      intensity,
      color: draft.color,
    };
    void run(async () => {
      const saved = editing.id ? await api.updateRelationType({ id: editing.id, patch: values }) : await api.createRelationType(values);
      setEditing({ id: saved.id, draft: draftOf(saved), saved });
      setFormError(null);
      setStatus(editing.id ? `Saved “${saved.label}”.` : `Added “${saved.label}”.`);
      onChanged();
    });
  };

  const setRetired = (t: RelationType, retired: boolean) =>
    run(async () => {
      const saved = await api.updateRelationType({ id: t.id, patch: { retired } });
      // Keep any unsaved edits to the other fields.
      setEditing((e) => (e && e.id === saved.id ? { ...e, saved } : e));
      setFormError(null);
      setStatus(retired ? `Retired “${saved.label}”: it is no longer offered for new ties; existing claims keep it.` : `Restored “${saved.label}”.`);
      onChanged();
    });

  const remove = (t: RelationType) =>
    run(async () => {
      await api.deleteRelationType({ id: t.id });
      setEditing(null);
      setFormError(null);
      setStatus(`Deleted “${t.label}”.`);
      onChanged();
    });

  const inverseHint = draft && !draft.directed ? 'A symmetric type reads the same both ways.' : 'How the tie reads from the target’s side, e.g. “receives weapons from”.';

  return (
    <RegistryDialog
      title="Relation types"
      subtitle={plural(relationTypes.length, 'type')}
      className="relation-types"
      onRequestClose={() => guard(onClose)}
    >
      <div className="registry-body">
        <section className="registry-list-pane" aria-label="Relation type list">
          <div className="registry-tools">
            <input
              type="search"
              className="registry-filter"
              aria-label="Filter relation types"
              placeholder="Filter by label or category"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <button type="button" onClick={startNew}>
              New relation type
            </button>
          </div>
          {relationTypes.length === 0 ? (
            <p className="empty">No relation types yet. Add one with “New relation type”.</p>
          ) : shownCount === 0 ? (
            <p className="empty">No relation type matches “{query}”.</p>
          ) : (
            <div className="rt-scroll">
              <table className="rt-table">
                <thead>
                  <tr>
                    <th scope="col">Label</th>
                    <th scope="col">Inverse</th>
                    <th scope="col">Polarity</th>
                    <th scope="col" className="num">
                      <abbr title="Intensity, −10 most hostile to +10 most cooperative">Int.</abbr>
                    </th>
                    <th scope="col" className="num">
                      Used
                    </th>
                  </tr>
                </thead>
                {groups.map(([category, types]) => (
                  <tbody key={category} className={category === RETIRED ? 'retired' : undefined}>
                    <tr className="rt-group">
                      <th scope="rowgroup" colSpan={5}>
                        {category} <span className="rt-group-count">{types.length}</span>
                      </th>
                    </tr>
                    {types.map((t) => (
                        <tr key={t.id} className={`rt-row${t.id === editing?.id ? ' selected' : ''}${t.retired ? ' retired' : ''}`}>
                          <th scope="row">
                            <button type="button" className="rt-open" aria-current={t.id === editing?.id ? 'true' : undefined} onClick={() => select(t)}>
                              <span className="rt-swatch" style={{ background: t.color }} aria-hidden="true" />
                              <span className="rt-label">
                                {t.label}{' '}
                                <span className="rt-dir" title={t.directed ? 'Directed' : 'Symmetric'}>
                                  <span aria-hidden="true">{t.directed ? '→' : '↔'}</span>
                                  <span className="sr-only">{t.directed ? ', directed' : ', symmetric'}</span>
                                </span>
                              </span>
                              {t.retired && <span className="sr-only">, retired</span>}
                            </button>
                          </th>
                          <td className="rt-inverse">{t.directed ? t.inverseLabel : '—'}</td>
                          <td>
                            <span className={`polarity-tag polarity-${t.polarity}`}>
                              <span aria-hidden="true">{POLARITY_GLYPHS[t.polarity]} </span>
                              {t.polarity}
                            </span>
                          </td>
                          <td className="num">{signed(t.intensity)}</td>
                          <td className="num">{t.claimCount}</td>
                        </tr>
                    ))}
                  </tbody>
                ))}
              </table>
            </div>
          )}
        </section>
        <section className="registry-editor" aria-label={isNew ? 'New relation type' : current ? `Edit ${current.label}` : 'Relation type details'}>
          <p className="registry-status" role="status">
            {status}
          </p>
          {!draft ? (
            <p className="empty">{gone ? 'This relation type no longer exists.' : 'Select a relation type to edit it, or add a new one.'}</p>
          ) : (
            <form className="registry-form" onSubmit={save} noValidate>
              <h3>
                {isNew ? 'New relation type' : current?.label}
                {current?.retired && <span className="retired-tag">Retired</span>}
              </h3>
              <p className="registry-usage">
                {current ? `Used by ${plural(current.claimCount, 'claim')}${current.retired ? ' · not offered for new ties; existing claims keep it' : ''}` : 'Not saved yet.'}
              </p>
              <div className="field">
                <label htmlFor={`${ids}-label`}>Label</label>
                <input
                  id={`${ids}-label`}
                  ref={labelRef}
                  value={draft.label}
                  placeholder="e.g. supplies weapons to"
                  required
                  aria-invalid={formError !== null && !draft.label.trim()}
                  onChange={(e) => setDraft({ label: e.target.value })}
                />
              </div>
              <fieldset className="field field-inline">
                <legend>Direction</legend>
                <label>
                  <input type="radio" name={`${ids}-dir`} checked={draft.directed} onChange={() => setDraft({ directed: true })} /> Directed (A → B)
                </label>
                <label>
                  <input type="radio" name={`${ids}-dir`} checked={!draft.directed} onChange={() => setDraft({ directed: false })} /> Symmetric (A ↔ B)
                </label>
              </fieldset>
              <div className="field">
                <label htmlFor={`${ids}-inverse`}>Inverse label</label>
                <input
                  id={`${ids}-inverse`}
                  value={draft.directed ? draft.inverseLabel : draft.inverseLabel || draft.label}
                  placeholder={draft.directed ? 'e.g. receives weapons from' : undefined}
                  disabled={!draft.directed}
                  aria-describedby={`${ids}-inverse-hint`}
                  onChange={(e) => setDraft({ inverseLabel: e.target.value })}
                />
                <span className="field-note" id={`${ids}-inverse-hint`}>
                  {inverseHint}
                </span>
              </div>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${ids}-polarity`}>Polarity</label>
                  <select id={`${ids}-polarity`} value={draft.polarity} onChange={(e) => setDraft({ polarity: e.target.value as Polarity })}>
                    {POLARITIES.map((p) => (
                      <option key={p} value={p}>
                        {POLARITY_LABELS[p]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-category`}>Category</label>
                  <input
                    id={`${ids}-category`}
                    list={`${ids}-categories`}
                    value={draft.category}
                    placeholder="e.g. AID"
                    spellCheck={false}
                    onChange={(e) => setDraft({ category: e.target.value })}
                  />
                  <datalist id={`${ids}-categories`}>
                    {categories.map((c) => (
                      <option key={c} value={c} />
                    ))}
                  </datalist>
                </div>
              </div>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${ids}-intensity`}>Intensity</label>
                  <input
                    id={`${ids}-intensity`}
                    type="number"
                    min={-10}
                    max={10}
                    step={1}
                    value={draft.intensity}
                    aria-describedby={`${ids}-intensity-hint`}
                    onChange={(e) => setDraft({ intensity: e.target.value })}
                  />
                  <span className="field-note" id={`${ids}-intensity-hint`}>
                    −10 most hostile … +10 most cooperative
                  </span>
                </div>
                <div className="field field-color">
                  <label htmlFor={`${ids}-color`}>Colour</label>
                  <input id={`${ids}-color`} type="color" value={draft.color} onChange={(e) => setDraft({ color: e.target.value })} />
                </div>
              </div>
              {formError && (
                <div className="form-error" role="alert">
                  <p>{formError.message}</p>
                  {formError.inUse && current && !current.retired && (
                    <button type="button" disabled={busy} onClick={() => void setRetired(current, true)}>
                      Retire instead
                    </button>
                  )}
                </div>
              )}
              <div className="registry-form-actions">
                {current && (
                  <>
                    <button type="button" disabled={busy} onClick={() => void setRetired(current, !current.retired)}>
                      {current.retired ? 'Restore' : 'Retire'}
                    </button>
                    <button
                      type="button"
                      className="danger-outline"
                      disabled={busy || current.claimCount > 0}
                      title={current.claimCount > 0 ? 'In use: retire it instead' : undefined}
                      onClick={() => void remove(current)}
                    >
                      Delete
                    </button>
                  </>
                )}
                <span className="spacer" />
                {dirty && <span className="unsaved">Unsaved changes</span>}
                {dirty && current && (
                  <button type="button" onClick={() => setEditing({ id: current.id, draft: draftOf(current), saved: editing?.saved })}>
                    Revert
                  </button>
                )}
                <button type="submit" className="primary" disabled={busy || (!dirty && !isNew)}>
                  {isNew ? 'Add type' : 'Save'}
                </button>
              </div>
              {current && current.claimCount > 0 && (
                <p className="field-note">
                  In use by {plural(current.claimCount, 'claim')}, so it cannot be deleted; retire it to stop offering it for new ties.
                </p>
              )}
            </form>
          )}
        </section>
      </div>
      {discard && (
        <Dialog
          title="Discard unsaved changes?"
          submitLabel="Discard changes"
          danger
          onClose={() => setDiscard(null)}
          onSubmit={() => {
            const then = discard;
            setDiscard(null);
            then();
          }}
        >
          <p>Your edits to {isNew ? 'the new relation type' : `“${current?.label ?? ''}”`} have not been saved.</p>
        </Dialog>
      )}
    </RegistryDialog>
  );
}

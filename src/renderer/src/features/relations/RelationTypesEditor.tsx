import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { POLARITIES, type Polarity, type RelationType } from '../../../../shared/annotations';
import { ApiError } from '../../../../shared/errors';
import { matchesName } from '../../../../shared/match';
import { api, errorMessage } from '../../api';
import { ColorField, EditableListDialog, NameField, optionsOf, useEditableList, type EditableListWords } from '../../ui/EditableList';
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

/** A new type's form holds something worth asking about before it is dropped. */
const hasInput = (d: Draft): boolean => Boolean(d.label.trim() || d.inverseLabel.trim() || d.category.trim());

const WORDS: EditableListWords<RelationType> = {
  title: 'Relation types',
  className: 'relation-types',
  noun: 'relation type',
  nameOf: (t) => t.label,
  listLabel: 'Relation type list',
};

const RETIRED = 'Retired';

/** A failure beside the form; `inUse` offers to retire the type instead of deleting it. */
type FormFailure = { message: string; inUse: boolean };

/** The relation types of the project: grouped by category, added, edited, retired, restored, deleted when unused. */
export function RelationTypesEditor({ relationTypes, onChanged, onClose }: RelationTypesEditorProps) {
  // Every failure is shown inline, beside what failed, so `onError` is not needed here.
  const ids = useId();
  const labelRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const list = useEditableList<RelationType, Draft, FormFailure>({ words: WORDS, items: relationTypes, draftOf, sameDraft, hasInput });
  const { editing, setEditing, current, draft, busy, setDraft, formError, setFormError, setStatus } = list;
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

  const startNew = () =>
    list.startNew(
      () => ({ label: '', inverseLabel: '', directed: true, polarity: 'neutral', category: '', intensity: '0', color: PALETTE[relationTypes.length % PALETTE.length] }),
      labelRef,
    );

  const run = (action: () => Promise<void>) =>
    list.work(action, (error) => setFormError({ message: errorMessage(error), inUse: error instanceof ApiError && error.code === 'in_use' }));

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
      list.showSaved(saved, editing.id ? `Saved “${saved.label}”.` : `Added “${saved.label}”.`);
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
      list.show(null, `Deleted “${t.label}”.`);
      onChanged();
    });

  const inverseHint = draft && !draft.directed ? 'A symmetric type reads the same both ways.' : 'How the tie reads from the target’s side, e.g. “receives weapons from”.';

  const listPane = (
    <>
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
                      <button type="button" className="rt-open" aria-current={t.id === editing?.id ? 'true' : undefined} onClick={() => list.open(t)}>
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
    </>
  );

  const fields = draft && (
    <>
      <NameField
        id={`${ids}-label`}
        label="Label"
        inputRef={labelRef}
        value={draft.label}
        placeholder="e.g. supplies weapons to"
        invalid={formError !== null && !draft.label.trim()}
        onChange={(label) => setDraft({ label })}
      />
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
            {optionsOf(POLARITIES, POLARITY_LABELS)}
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
        <ColorField id={`${ids}-color`} value={draft.color} onChange={(color) => setDraft({ color })} />
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
    </>
  );

  return (
    <EditableListDialog
      subtitle={plural(relationTypes.length, 'type')}
      list={list}
      listPane={listPane}
      form={{
        onSubmit: save,
        badge: current?.retired && <span className="retired-tag">Retired</span>,
        usage: (t) => `Used by ${plural(t.claimCount, 'claim')}${t.retired ? ' · not offered for new ties; existing claims keep it' : ''}`,
        fields,
        actions: current && (
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
        ),
        addLabel: 'Add type',
        footer: current && current.claimCount > 0 && (
          <p className="field-note">In use by {plural(current.claimCount, 'claim')}, so it cannot be deleted; retire it to stop offering it for new ties.</p>
        ),
      }}
      onClose={onClose}
    />
  );
}

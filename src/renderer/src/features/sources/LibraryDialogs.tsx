import { useId, useState } from 'react';
import type { Collection } from '../../../../shared/search';
import { errorMessage } from '../../api';
import { Dialog } from '../../ui/Dialog';

/**
 * The source library's dialogs (src/renderer/src/features/sources/SourceList.tsx): name a new
 * collection, rename or delete one, add the selected sources to a collection, and confirm the
 * deletion of the selected sources. Each runs its action itself and stays open with the store's
 * sentence when it is refused (a name already taken), so nothing typed is lost.
 */

export interface SourceBrief {
  id: string;
  title: string;
  highlightCount: number;
}

export type LibraryDialog =
  | { kind: 'new-collection' }
  | { kind: 'rename-collection'; collection: Collection }
  | { kind: 'delete-collection'; collection: Collection }
  | { kind: 'add-to-collection'; sources: SourceBrief[] }
  | { kind: 'delete-sources'; sources: SourceBrief[] };

export interface LibraryActions {
  createCollection(name: string, sourceIds: string[]): Promise<void>;
  renameCollection(collection: Collection, name: string): Promise<void>;
  deleteCollection(collection: Collection): Promise<void>;
  addToCollection(collection: Collection, sourceIds: string[]): Promise<void>;
  deleteSources(sources: SourceBrief[]): Promise<void>;
}

interface Props {
  dialog: LibraryDialog;
  collections: Collection[];
  actions: LibraryActions;
  onClose(): void;
}

const sourcesWord = (n: number) => (n === 1 ? '1 source' : `${n} sources`);

/** Runs a dialog's action: closes on success, shows the refusal in the dialog otherwise. */
function useSubmit(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    action().then(onClose, (e: unknown) => {
      setBusy(false);
      setError(errorMessage(e));
    });
  };
  return { busy, error, submit };
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

export function LibraryDialogs({ dialog, collections, actions, onClose }: Props) {
  switch (dialog.kind) {
    case 'new-collection':
      return <NameDialog title="New collection" submitLabel="Create collection" initial="" onSave={(name) => actions.createCollection(name, [])} onClose={onClose} />;
    case 'rename-collection':
      return <NameDialog title="Rename collection" submitLabel="Rename" initial={dialog.collection.name} onSave={(name) => actions.renameCollection(dialog.collection, name)} onClose={onClose} />;
    case 'delete-collection':
      return <DeleteCollectionDialog collection={dialog.collection} actions={actions} onClose={onClose} />;
    case 'add-to-collection':
      return <AddToCollectionDialog sources={dialog.sources} collections={collections} actions={actions} onClose={onClose} />;
    case 'delete-sources':
      return <DeleteSourcesDialog sources={dialog.sources} actions={actions} onClose={onClose} />;
  }
}

function NameDialog({ title, submitLabel, initial, onSave, onClose }: { title: string; submitLabel: string; initial: string; onSave(name: string): Promise<void>; onClose(): void }) {
  const [name, setName] = useState(initial);
  const { busy, error, submit } = useSubmit(onClose);
  return (
    <Dialog title={title} submitLabel={submitLabel} busy={busy} onSubmit={() => submit(() => onSave(name))} onClose={onClose}>
      <label>
        Name
        <input value={name} required maxLength={200} autoFocus aria-invalid={error ? true : undefined} onChange={(e) => setName(e.target.value)} />
      </label>
      <ErrorLine error={error} />
    </Dialog>
  );
}

function DeleteCollectionDialog({ collection, actions, onClose }: { collection: Collection; actions: LibraryActions; onClose(): void }) {
  const { busy, error, submit } = useSubmit(onClose);
  return (
    <Dialog title="Delete this collection?" submitLabel="Delete collection" danger busy={busy} onSubmit={() => submit(() => actions.deleteCollection(collection))} onClose={onClose}>
      <p>
        The collection “{collection.name}” will be deleted. Its {sourcesWord(collection.sourceCount)} stay in the project. Ctrl+Z brings the collection back.
      </p>
      <ErrorLine error={error} />
    </Dialog>
  );
}

const NEW = '';

function AddToCollectionDialog({ sources, collections, actions, onClose }: { sources: SourceBrief[]; collections: Collection[]; actions: LibraryActions; onClose(): void }) {
  const ids = useId();
  const [choice, setChoice] = useState<string>(collections[0]?.id ?? NEW);
  const [name, setName] = useState('');
  const { busy, error, submit } = useSubmit(onClose);
  const chosen = collections.find((c) => c.id === choice) ?? null;
  const sourceIds = sources.map((s) => s.id);
  return (
    <Dialog
      title={`Add ${sourcesWord(sources.length)} to a collection`}
      submitLabel={chosen ? 'Add' : 'Create and add'}
      busy={busy}
      onSubmit={() => submit(() => (chosen ? actions.addToCollection(chosen, sourceIds) : actions.createCollection(name, sourceIds)))}
      onClose={onClose}
    >
      <label htmlFor={`${ids}-collection`}>Collection</label>
      <select id={`${ids}-collection`} value={choice} autoFocus={collections.length > 0} onChange={(e) => setChoice(e.target.value)}>
        {collections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.sourceCount})
          </option>
        ))}
        <option value={NEW}>A new collection…</option>
      </select>
      {!chosen && (
        <label>
          Name of the new collection
          <input value={name} required maxLength={200} autoFocus aria-invalid={error ? true : undefined} onChange={(e) => setName(e.target.value)} />
        </label>
      )}
      <ErrorLine error={error} />
    </Dialog>
  );
}

function DeleteSourcesDialog({ sources, actions, onClose }: { sources: SourceBrief[]; actions: LibraryActions; onClose(): void }) {
  const { busy, error, submit } = useSubmit(onClose);
  const highlights = sources.reduce((n, s) => n + s.highlightCount, 0);
  const named = sources.slice(0, 5);
  return (
    <Dialog
      title={`Delete ${sourcesWord(sources.length)}?`}
      submitLabel={`Delete ${sourcesWord(sources.length)}`}
      danger
      busy={busy}
      onSubmit={() => submit(() => actions.deleteSources(sources))}
      onClose={onClose}
    >
      <p>
        {sources.length === 1 ? 'This source and its' : `These ${sources.length} sources and their`} {highlights === 1 ? '1 highlight' : `${highlights} highlights`} will be removed from this
        project. Ctrl+Z brings {sources.length === 1 ? 'it' : 'them'} back.
      </p>
      <ul className="library-dialog-list">
        {named.map((s) => (
          <li key={s.id}>{s.title}</li>
        ))}
        {sources.length > named.length && <li>and {sourcesWord(sources.length - named.length)} more</li>}
      </ul>
      <ErrorLine error={error} />
    </Dialog>
  );
}

import { useState } from 'react';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../ui/Dialog';

interface Props {
  current: string | null;
  onSaved(name: string): void;
  onClose(): void;
}

/**
 * "Analyst name…": the name this project's coding goes under (src/core/services/analyst.ts), so a
 * colleague's merged work, the Ties panel's analyst filter and agreement between coders tell the
 * two apart. Changing it later renames this project's own work as a whole; nothing is rewritten.
 */
export function AnalystDialog({ current, onSaved, onClose }: Props) {
  const [name, setName] = useState(current ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const { analyst } = await api.setAnalyst({ name });
      onSaved(analyst);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title="Analyst name" submitLabel="Save" busy={busy || !name.trim()} onSubmit={() => void save()} onClose={onClose}>
      <label>
        Your name as this project’s analyst
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus aria-describedby="analyst-hint" />
      </label>
      <p className="hint" id="analyst-hint">
        Your highlights, ties and notes go under this name. When you merge a colleague’s archive, their work keeps theirs, so the Ties panel can show
        each analyst’s ties and how far you agree.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

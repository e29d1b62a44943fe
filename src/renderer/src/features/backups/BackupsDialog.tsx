import { useCallback, useEffect, useState } from 'react';
import type { BackupInfo } from '../../../../shared/types';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../ui/Dialog';

interface Props {
  onClose(): void;
  /** After a restore: the page reloads everything from the restored project. */
  onRestored(backup: BackupInfo): void;
}

const REASONS: Record<BackupInfo['reason'], string> = {
  open: 'when the project was opened',
  hourly: 'hourly, while editing',
  close: 'when Tiemark was closed',
  manual: 'by you',
  'before-restore': 'before a restore replaced it',
  'before-upgrade': 'before an upgrade',
};

const size = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "Backups…": every backup of the project with its time, size and contents; "Back up now"; and
 * Restore, which asks once, keeps the current state as a backup too, and reopens the project.
 */
export function BackupsDialog({ onClose, onRestored }: Props) {
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = useCallback(() => {
    api.listBackups({}).then(setBackups, (e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);

  const backUpNow = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.backupNow({});
      load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (backup: BackupInfo) => {
    setBusy(true);
    setError(null);
    try {
      await api.restoreBackup({ name: backup.name });
      onRestored(backup);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Backups" submitLabel={busy ? 'Working…' : 'Back up now'} busy={busy} onSubmit={() => void backUpNow()} onClose={onClose}>
      <p className="hint">
        Tiemark backs up this project when it opens (if the last backup is over an hour old), every hour while you edit, and when it closes. It keeps one
        backup for each of the last 24 hours, 14 days and 8 weeks, and your last ten from Back up now. Each backup is checked before it is kept.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {backups === null ? (
        <p className="hint">Reading the backups…</p>
      ) : backups.length === 0 ? (
        <p className="empty">No backups yet. The first one is taken within a minute of opening a project, or now with Back up now.</p>
      ) : (
        <ul className="backup-list" aria-label="Backups">
          {backups.map((b) => (
            <li key={b.name} className="backup-item">
              <div className="backup-line">
                <strong>{when(b.takenAt)}</strong>
                <span className="muted">{REASONS[b.reason]}</span>
              </div>
              {b.problem ? (
                <p className="error">{b.problem}</p>
              ) : (
                <div className="backup-line">
                  <span className="muted">
                    {b.sources} sources · {b.highlights} highlights · {b.claims} ties · {size(b.size)}
                  </span>
                  {confirming === b.name ? (
                    <span className="backup-confirm">
                      <span>Replace the project with this backup? Its current state is kept as a backup first.</span>
                      <button type="button" className="danger" disabled={busy} onClick={() => void restore(b)}>
                        Restore
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        Keep current
                      </button>
                    </span>
                  ) : (
                    <button type="button" disabled={busy} onClick={() => setConfirming(b.name)} aria-label={`Restore the backup from ${when(b.takenAt)}`}>
                      Restore…
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

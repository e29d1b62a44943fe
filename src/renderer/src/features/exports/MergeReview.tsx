import { useId, useState, type ReactNode } from 'react';
import type { MergePreview } from '../../../../shared/api';
import type { Actor } from '../../../../shared/annotations';
import { Dialog } from '../../ui/Dialog';

/** One actor decision as mergeArchive takes it. */
export interface ActorChoice {
  incomingId: string;
  action: 'merge' | 'apart';
  into?: string;
  rename?: string;
}

interface Props {
  fileName: string;
  preview: MergePreview;
  /** This project's actors, sorted, for "Same as…". */
  actors: Actor[];
  busy: boolean;
  error: string | null;
  onMerge(choices: ActorChoice[]): void;
  onClose(): void;
}

type Row = { choice: 'proposed' | 'apart' | 'into'; into: string; rename: string };

/**
 * The review before a colleague's archive is merged (issue 10): what will be recognized, and for
 * each of their actors whether it is the same as one here (the proposed match, or another the user
 * picks) or kept apart, under another name when its own is taken. Nothing is written before
 * **Merge**; the merge is then one undo step.
 */
export function MergeReview({ fileName, preview, actors, busy, error, onMerge, onClose }: Props) {
  const ids = useId();
  const [rows, setRows] = useState<Record<string, Row>>(() =>
    Object.fromEntries(preview.actors.map((a) => [a.incomingId, { choice: 'proposed', into: '', rename: a.nameTaken ? `${a.name} (${preview.analyst || 'colleague'})` : '' }])),
  );
  const set = (id: string, patch: Partial<Row>) => setRows((r) => ({ ...r, [id]: { ...r[id], ...patch } }));
  const matched = preview.actors.filter((a) => a.match);
  const fresh = preview.actors.filter((a) => !a.match);
  const { total, same, similar } = preview.sources;

  const choices = (): ActorChoice[] =>
    preview.actors.flatMap((a): ActorChoice[] => {
      const row = rows[a.incomingId];
      if (row.choice === 'apart') return [{ incomingId: a.incomingId, action: 'apart', ...(row.rename.trim() ? { rename: row.rename.trim() } : {}) }];
      if (row.choice === 'into' && row.into) return [{ incomingId: a.incomingId, action: 'merge', into: row.into }];
      return [];
    });
  const missingName = preview.actors.some((a) => rows[a.incomingId].choice === 'apart' && a.nameTaken && !rows[a.incomingId].rename.trim());

  return (
    <Dialog title="Review the merge" submitLabel={busy ? 'Merging…' : 'Merge'} busy={busy || missingName} onSubmit={() => onMerge(choices())} onClose={onClose}>
      <div className="merge-review">
        <p>
          <strong>{fileName}</strong>
          {preview.analyst ? `, coded by ${preview.analyst}` : ''}: {total} source{total === 1 ? '' : 's'}, of which {same} already here
          {similar ? `, ${similar} versions of sources here (their highlights re-anchored)` : ''}, {total - same - similar} new. Passages and ties
          already here are recognized, not doubled.
        </p>
        {matched.length > 0 && (
          <ActorGroup id={`${ids}-matched`} title={`Their actors that match one here (${matched.length})`}>
              {matched.map((a) => {
                const row = rows[a.incomingId];
                return (
                  <li key={a.incomingId}>
                    <span className="merge-actor-name">{a.name}</span>
                    <select
                      aria-label={`${a.name}: what to do`}
                      value={row.choice === 'apart' ? 'apart' : 'proposed'}
                      onChange={(e) => set(a.incomingId, { choice: e.target.value as Row['choice'] })}
                    >
                      <option value="proposed">
                        Same as {a.match!.name}
                        {a.match!.via !== a.match!.name ? ` (by “${a.match!.via}”)` : ''}
                      </option>
                      <option value="apart">Keep apart</option>
                    </select>
                    {row.choice === 'apart' && (
                      <input
                        aria-label={`${a.name}: name kept apart`}
                        value={row.rename}
                        placeholder={a.name}
                        onChange={(e) => set(a.incomingId, { rename: e.target.value })}
                        aria-invalid={a.nameTaken && !row.rename.trim() ? true : undefined}
                      />
                    )}
                  </li>
                );
              })}
          </ActorGroup>
        )}
        {fresh.length > 0 && (
          <ActorGroup id={`${ids}-fresh`} title={`Their actors new to this project (${fresh.length})`}>
              {fresh.map((a) => {
                const row = rows[a.incomingId];
                return (
                  <li key={a.incomingId}>
                    <span className="merge-actor-name">{a.name}</span>
                    <select
                      aria-label={`${a.name}: what to do`}
                      value={row.choice === 'into' ? row.into : ''}
                      onChange={(e) => set(a.incomingId, e.target.value ? { choice: 'into', into: e.target.value } : { choice: 'proposed', into: '' })}
                    >
                      <option value="">Add as a new actor</option>
                      {actors.map((local) => (
                        <option key={local.id} value={local.id}>
                          Same as {local.name}
                        </option>
                      ))}
                    </select>
                  </li>
                );
              })}
          </ActorGroup>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}

/** A titled list of the archive's actors, one row each. */
function ActorGroup({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <>
      <h3 id={id}>{title}</h3>
      <ul className="merge-actors" aria-labelledby={id}>
        {children}
      </ul>
    </>
  );
}

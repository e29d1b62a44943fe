import { useEffect, useId, useMemo, useState } from 'react';
import { POLARITIES, STANCES, type Actor, type Polarity, type RelationType, type Stance } from '../../../../shared/annotations';
import type { ArchiveImportReport, ArgsOf, ExportFormat, ExportProgress, MergePreview } from '../../../../shared/api';
import { ApiError } from '../../../../shared/errors';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { ActorSelect } from '../actors/ActorSelect';
import { fileToBase64 } from '../sources/importing';
import { MergeReview, type ActorChoice } from './MergeReview';
import { saveExportedFile } from './save';
import { ExportProgressBar, followExport, newJobId } from './ExportProgress';
import './exports.css';

/**
 * "Export…": the project's data for other tools (docs/exports.md). Choose the scope (this
 * source or the project), a format (each with one line saying what it is for), narrow with the
 * Ties panel's filters and an event-date range, then Export: the file is saved or downloaded.
 * Below, the project archive: export it whole, import one into this project when it is empty, or
 * merge a colleague's archive into it.
 */
export interface ExportsDialogProps {
  /** The open source, offered as the "this source" scope; null when none is open. */
  sourceId: string | null;
  /** Sources selected in the library, offered (and chosen) as the scope when given. */
  selectedIds?: string[];
  /** Tell the user something (info or error), through the app's one message path. */
  onMessage(kind: 'info' | 'error', text: string): void;
  onClose(): void;
  /** After an archive was imported or merged: reload everything. */
  onImported?(): void;
  /**
   * This project's analyst, or null until named: asked once, before an archive leaves or a
   * colleague's comes in, so that each analyst's coding stays theirs (src/core/services/analyst.ts).
   */
  analyst?: string | null;
  onAnalystNamed?(name: string): void;
}

export const FORMAT_CHOICES: Array<{ format: ExportFormat; label: string; purpose: string }> = [
  { format: 'claims-csv', label: 'Claims (CSV)', purpose: 'One row per claim with its quote, source, page and a link back: for Excel, R or pandas.' },
  { format: 'ties-csv', label: 'Ties (CSV)', purpose: 'One row per tie with claim counts, stances, first and last dates, sources and conflicts.' },
  { format: 'actors-csv', label: 'Actors (CSV)', purpose: 'The actor registry: names, kinds, aliases, external ids.' },
  { format: 'gexf', label: 'Network (GEXF)', purpose: 'Actors and ties for Gephi: one edge per relation, weighted by claims, with their evidence ids.' },
  { format: 'graphml', label: 'Network (GraphML)', purpose: 'The same network for yEd, Cytoscape, igraph or NetworkX.' },
  { format: 'gephi-csv', label: 'Network (Gephi CSV)', purpose: "Nodes and edges tables (a zip) for Gephi's spreadsheet import." },
  { format: 'web-annotation', label: 'Web Annotation (JSON-LD)', purpose: 'W3C standard annotations: passages with their actors and claims, for other annotation tools.' },
  { format: 'brat', label: 'brat standoff', purpose: 'Texts and .ann files (a zip) for brat and tools that read its format.' },
  { format: 'markdown-vault', label: 'Markdown vault', purpose: 'A folder of notes (a zip) for Obsidian or Zotero: a note per source and an index of ties.' },
];

type Scope = 'source' | 'selected' | 'project';

export function ExportsDialog({ sourceId, selectedIds, onMessage, onClose, onImported, analyst = null, onAnalystNamed }: ExportsDialogProps) {
  const ids = useId();
  const [scope, setScope] = useState<Scope>(selectedIds?.length ? 'selected' : sourceId ? 'source' : 'project');
  const [format, setFormat] = useState<ExportFormat>('claims-csv');
  const [actors, setActors] = useState<Actor[]>([]);
  const [types, setTypes] = useState<RelationType[]>([]);
  const [actorId, setActorId] = useState<string | null>(null);
  const [relationTypeId, setRelationTypeId] = useState<string>('');
  const [polarities, setPolarities] = useState<Polarity[]>([]);
  const [stances, setStances] = useState<Stance[]>([]);
  const [dateFrom, setDateFrom] = useState('');
  const [dateTo, setDateTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [named, setNamed] = useState(analyst);
  // The running export's job id (to cancel it) and how far it is (shown once it runs long).
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [nameDraft, setNameDraft] = useState('');

  useEffect(() => {
    let live = true;
    Promise.all([api.listActors({}), api.listRelationTypes({})]).then(
      ([a, t]) => {
        if (!live) return;
        setActors([...a].sort((x, y) => x.name.localeCompare(y.name)));
        setTypes(t);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  const typeGroups = useMemo(() => {
    const groups = new Map<string, RelationType[]>();
    for (const t of types) {
      const key = t.category || 'Other';
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    return [...groups];
  }, [types]);

  const toggle = <T,>(values: T[], value: T): T[] => (values.includes(value) ? values.filter((v) => v !== value) : [...values, value]);
  const dateOk = (d: string) => d === '' || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d.trim());

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const exportNow = () =>
    run(async () => {
      if (!dateOk(dateFrom) || !dateOk(dateTo)) throw new Error('Write dates as 2022, 2022-03 or 2022-03-14, or leave them empty.');
      const args: ArgsOf<'exportData'> = { format };
      if (scope === 'source' && sourceId) args.sourceIds = [sourceId];
      if (scope === 'selected' && selectedIds?.length) args.sourceIds = selectedIds;
      if (actorId) args.actorIds = [actorId];
      if (relationTypeId) args.relationTypeIds = [relationTypeId];
      if (polarities.length) args.polarities = polarities;
      if (stances.length) args.stances = stances;
      if (dateFrom.trim()) args.dateFrom = dateFrom.trim();
      if (dateTo.trim()) args.dateTo = dateTo.trim();
      const job = newJobId();
      setJobId(job);
      let file;
      try {
        file = await followExport(job, api.exportData({ ...args, jobId: job }), setProgress);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'cancelled') return onMessage('info', 'Export cancelled.');
        throw e;
      } finally {
        setJobId(null);
      }
      const saved = await saveExportedFile(file);
      if (saved) {
        onMessage('info', `Exported ${saved}.`);
        onClose();
      }
    });
  const cancelExport = () => {
    if (jobId) api.cancelExport({ jobId }).catch((e: unknown) => setError(errorMessage(e)));
  };
  // Closing the dialog stops its export: no file arrives after the dialog is gone.
  const close = () => {
    cancelExport();
    onClose();
  };

  const saveAnalyst = () =>
    run(async () => {
      const { analyst: name } = await api.setAnalyst({ name: nameDraft });
      setNamed(name);
      onAnalystNamed?.(name);
    });

  const exportArchive = () =>
    run(async () => {
      const saved = await saveExportedFile(await api.exportArchive({}));
      if (saved) onMessage('info', `Saved the project archive ${saved}.`);
    });

  const importArchive = (file: File) =>
    run(async () => {
      const report = await api.importArchive({ file: { name: file.name, dataBase64: await fileToBase64(file) } });
      onMessage('info', `Imported ${file.name}: ${report.sources} sources, ${report.highlights} highlights, ${report.actors} actors, ${report.claims} claims.`);
      onImported?.();
      onClose();
    });

  // Merging: the archive is reviewed first (MergeReview), then merged as the user decided.
  const [review, setReview] = useState<{ file: { name: string; dataBase64: string }; preview: MergePreview; error: string | null } | null>(null);
  const mergeArchive = (file: File) =>
    run(async () => {
      const data = { name: file.name, dataBase64: await fileToBase64(file) };
      setReview({ file: data, preview: await api.previewMerge({ file: data }), error: null });
    });
  const mergeReviewed = (choices: ActorChoice[]) => {
    if (!review) return;
    const { file } = review;
    setBusy(true);
    api.mergeArchive({ file, actors: choices }).then(
      (r) => {
        setBusy(false);
        reportMerge(file.name, r);
        setReview(null);
        onImported?.();
        onClose();
      },
      (e: unknown) => {
        setBusy(false);
        setReview((current) => current && { ...current, error: errorMessage(e) });
      },
    );
  };
  const reportMerge = (fileName: string, r: ArchiveImportReport) => {
      const m = r.matched;
      onMessage(
        'info',
        `Merged ${fileName}: added ${r.sources} sources, ${r.highlights} highlights, ${r.actors} actors, ${r.claims} claims` +
          (m ? `; recognized ${m.sources} sources, ${m.actors} actors, ${m.highlights} highlights and ${m.claims} claims already here` : '') +
          (m?.similarSources ? ` (${m.similarSources} as versions of sources here, their highlights re-anchored)` : '') +
          (r.review ? `. ${r.review} highlight${r.review === 1 ? '' : 's'} could not be placed with certainty: see Review highlights in ${r.review === 1 ? 'its source' : 'their sources'}.` : '.'),
      );
  };

  const chosen = FORMAT_CHOICES.find((c) => c.format === format)!;
  return (
    <>
    <Dialog title="Export" submitLabel={busy ? 'Exporting…' : 'Export'} busy={busy} onSubmit={() => void exportNow()} onClose={close}>
      <div className="exports-dialog">
        <fieldset className="exports-field">
          <legend>Scope</legend>
          <label className="exports-inline">
            <input type="radio" name={`${ids}-scope`} checked={scope === 'source'} disabled={!sourceId} onChange={() => setScope('source')} />
            This source{sourceId ? '' : ' (none is open)'}
          </label>
          {!!selectedIds?.length && (
            <label className="exports-inline">
              <input type="radio" name={`${ids}-scope`} checked={scope === 'selected'} onChange={() => setScope('selected')} />
              The {selectedIds.length} selected source{selectedIds.length === 1 ? '' : 's'}
            </label>
          )}
          <label className="exports-inline">
            <input type="radio" name={`${ids}-scope`} checked={scope === 'project'} onChange={() => setScope('project')} />
            The whole project
          </label>
        </fieldset>

        <label htmlFor={`${ids}-format`}>Format</label>
        <select id={`${ids}-format`} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-describedby={`${ids}-purpose`}>
          {FORMAT_CHOICES.map((c) => (
            <option key={c.format} value={c.format}>
              {c.label}
            </option>
          ))}
        </select>
        <p id={`${ids}-purpose`} className="hint exports-purpose">
          {chosen.purpose}
        </p>

        <details className="exports-filters">
          <summary>Filters (as in the Ties panel)</summary>
          <label htmlFor={`${ids}-actor`}>Actor</label>
          <ActorSelect id={`${ids}-actor`} actors={actors} value={actorId} noneLabel="Any actor" onChange={setActorId} />
          <label htmlFor={`${ids}-type`}>Relation</label>
          <select id={`${ids}-type`} value={relationTypeId} onChange={(e) => setRelationTypeId(e.target.value)}>
            <option value="">Any relation type</option>
            {typeGroups.map(([category, list]) => (
              <optgroup key={category} label={category}>
                {list.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <span id={`${ids}-pol`}>Polarity</span>
          <div className="chip-toggles" role="group" aria-labelledby={`${ids}-pol`}>
            {POLARITIES.map((p) => (
              <button key={p} type="button" className={`chip-toggle polarity-${p}`} aria-pressed={polarities.includes(p)} onClick={() => setPolarities(toggle(polarities, p))}>
                {p}
              </button>
            ))}
          </div>
          <span id={`${ids}-stance`}>Stance</span>
          <div className="chip-toggles" role="group" aria-labelledby={`${ids}-stance`}>
            {STANCES.map((s) => (
              <button key={s} type="button" className="chip-toggle" aria-pressed={stances.includes(s)} onClick={() => setStances(toggle(stances, s))}>
                {s}
              </button>
            ))}
          </div>
          <div className="exports-dates">
            <label>
              Event date from
              <input value={dateFrom} placeholder="2022" onChange={(e) => setDateFrom(e.target.value)} aria-invalid={!dateOk(dateFrom)} />
            </label>
            <label>
              to
              <input value={dateTo} placeholder="2023-06" onChange={(e) => setDateTo(e.target.value)} aria-invalid={!dateOk(dateTo)} />
            </label>
          </div>
        </details>

        <details className="exports-archive">
          <summary>Project archive</summary>
          <p className="hint">
            The whole project in one file, to give to a colleague or move to another computer. Import it into an empty project, or merge a colleague’s archive into this
            one: shared sources, actors, passages and claims are recognized, the rest is added (one undo step).
          </p>
          {named === null && (
            <div className="exports-analyst">
              <label htmlFor={`${ids}-analyst`}>Your name as analyst (asked once)</label>
              <input
                id={`${ids}-analyst`}
                value={nameDraft}
                maxLength={100}
                onChange={(e) => setNameDraft(e.target.value)}
                onKeyDown={(e) => {
                  // Enter names; it does not submit the export form.
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    if (nameDraft.trim()) void saveAnalyst();
                  }
                }}
              />
              <button type="button" disabled={busy || !nameDraft.trim()} onClick={() => void saveAnalyst()}>
                Save name
              </button>
              <p className="hint">Before an archive goes to a colleague or theirs comes in: your coding and theirs stay apart under your two names.</p>
            </div>
          )}
          <div className="exports-archive-actions">
            <button type="button" disabled={busy || named === null} onClick={() => void exportArchive()}>
              Export project archive
            </button>
            <ArchivePicker label="Import an archive…" disabled={busy} onPick={importArchive} />
            <ArchivePicker label="Merge a colleague’s archive…" disabled={busy || named === null} onPick={mergeArchive} />
          </div>
        </details>

        {progress && <ExportProgressBar progress={progress} onCancel={cancelExport} />}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </Dialog>
    {review && (
        <MergeReview
          fileName={review.file.name}
          preview={review.preview}
          actors={actors}
          busy={busy}
          error={review.error}
          onMerge={mergeReviewed}
          onClose={() => setReview(null)}
        />
      )}
    </>
  );
}

/** A button-styled file input for a project archive (.zip). */
function ArchivePicker({ label, disabled, onPick }: { label: string; disabled: boolean; onPick(file: File): Promise<void> }) {
  return (
    <label className="exports-file">
      {label}
      <input
        type="file"
        accept=".zip"
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void onPick(file);
        }}
      />
    </label>
  );
}

import { api, errorMessage } from '../../api';
import type { EncodingGuess, ImportOutcome, ImportReport } from '../../../../shared/types';

/** Reads a File as base64 without building a giant intermediate string by hand. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error(`Could not read "${file.name}".`));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** Files sent to the backend at once (see ImportQueue.run). */
const IN_FLIGHT = 4;

/**
 * Tells the backend a batch is coming (the file dialog opened, files are dragged over the window),
 * so its parser loads while the user chooses. Only a head start: if it fails, the import itself
 * starts the parser and reports any real problem, so a failure here is deliberately not shown.
 */
export function prepareImport(): void {
  api.prepareImport({}).catch(() => undefined);
}

export type ImportItemState = 'waiting' | 'reading' | 'imported' | 'duplicate' | 'failed' | 'needs-encoding' | 'cancelled';

export interface ImportItem {
  id: number;
  name: string;
  state: ImportItemState;
  /** Why it failed, or what it duplicates. */
  message?: string;
  sourceId?: string;
  encodings?: EncodingGuess[];
}

interface Entry extends ImportItem {
  /** The file's bytes as base64, read only when its turn comes (a batch is not held in memory twice). */
  load: () => Promise<string>;
  /** The bytes, read ahead while the previous file was imported. */
  prefetched?: Promise<string>;
  encoding?: string;
}

export interface ImportSource {
  name: string;
  load: () => Promise<string>;
}

/**
 * A batch of files imported one at a time through the API, each its own request and its own
 * transaction: the list shows each file's state as it goes, a bad file is reported by name while
 * the others import, and Cancel stops after the files already sent. Kept outside React, which
 * subscribes to it (features/sources/ImportProgress.tsx).
 */
export class ImportQueue {
  private entries: Entry[] = [];
  private listeners = new Set<() => void>();
  private running = false;
  private cancelled = false;
  private nextId = 1;
  private snapshot: readonly ImportItem[] = [];
  private outcomeListeners = new Set<(outcome: ImportOutcome) => void>();

  /** Called as each file of a batch is done, so the source list can grow as the batch runs. */
  onOutcome = (listener: (outcome: ImportOutcome) => void): (() => void) => {
    this.outcomeListeners.add(listener);
    return () => this.outcomeListeners.delete(listener);
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The items as the UI shows them; a new array after every change. */
  items = (): readonly ImportItem[] => this.snapshot;

  get busy(): boolean {
    return this.running;
  }

  add(sources: ImportSource[]): void {
    if (!this.running) this.entries = this.entries.filter((e) => e.state === 'needs-encoding');
    for (const s of sources) this.entries.push({ id: this.nextId++, name: s.name, state: 'waiting', load: s.load });
    this.changed();
    void this.run();
  }

  /** A file that could not even be read by the shell (the desktop dialog reports these). */
  addFailed(name: string, message: string): void {
    this.entries.push({ id: this.nextId++, name, state: 'failed', message, load: () => Promise.reject(new Error(message)) });
    this.changed();
  }

  /** Stops after the file being read; the files still waiting are marked as not imported. */
  cancel(): void {
    if (!this.running) return;
    this.cancelled = true;
    for (const e of this.entries) if (e.state === 'waiting') e.state = 'cancelled';
    this.changed();
  }

  /** Imports a `needs-encoding` file again with the encoding the user chose. */
  confirmEncoding(id: number, encoding: string): void {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry || entry.state !== 'needs-encoding') return;
    Object.assign(entry, { state: 'waiting', encoding, message: undefined, encodings: undefined });
    this.changed();
    void this.run();
  }

  /** Clears the list once nothing is running. */
  dismiss(): void {
    if (this.running) return;
    this.entries = [];
    this.views.clear();
    this.changed();
  }

  summary(): ImportReport {
    const count = (s: ImportItemState) => this.entries.filter((e) => e.state === s).length;
    return { outcomes: [], imported: count('imported'), duplicates: count('duplicate'), failed: count('failed') };
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.cancelled = false;
    try {
      // IN_FLIGHT files on their way: while the backend reads one (or two, with a worker per core,
      // src/core/import/pool.ts), the next are read from disk, sent and queued, so no worker
      // waits on the page or the network between small files. Each is still its own request, its
      // own transaction and its own row in the list.
      await Promise.all(Array.from({ length: IN_FLIGHT }, () => this.lane()));
    } finally {
      this.running = false;
      this.changed();
    }
  }

  private async lane(): Promise<void> {
    for (;;) {
      const entry = this.cancelled ? undefined : this.entries.find((e) => e.state === 'waiting');
      if (!entry) return;
      entry.state = 'reading';
      this.changed();
      // Read the next file from disk while this one is imported: the two overlap.
      const next = this.entries.find((e) => e.state === 'waiting');
      if (next) next.prefetched ??= next.load().catch(() => next.load());
      // Outcomes are reported in the batch's order (the backend may finish a small file sent
      // second before a big one sent first), so the list fills top-down and the first file opens.
      const previous = this.reported;
      const done = this.importOne(entry, previous);
      this.reported = done;
      await done;
      this.changed();
    }
  }

  private reported: Promise<void> = Promise.resolve();

  private async importOne(entry: Entry, previous: Promise<void>): Promise<void> {
    let outcome: ImportOutcome;
    try {
      const dataBase64 = await (entry.prefetched ?? entry.load());
      entry.prefetched = undefined;
      const report = await api.importFiles({ files: [{ name: entry.name, dataBase64, ...(entry.encoding ? { encoding: entry.encoding } : {}) }] });
      outcome = report.outcomes[0];
    } catch (error) {
      outcome = { name: entry.name, status: 'failed', error: { code: 'failed', message: errorMessage(error) } };
    }
    await previous;
    entry.state = outcome.status;
    entry.sourceId = outcome.source?.id;
    entry.encodings = outcome.encodings;
    entry.message =
      outcome.status === 'duplicate'
        ? `Already in this project as “${outcome.source?.title ?? 'a source'}”.`
        : outcome.status === 'needs-encoding'
          ? `Not UTF-8 and it does not say what it is. Check the preview and confirm the encoding.`
          : outcome.error?.message;
    for (const listener of this.outcomeListeners) listener(outcome);
  }

  /** Each item's view is rebuilt only when it changed, so the list re-renders only changed rows. */
  private views = new Map<number, { key: string; view: ImportItem }>();

  private changed(): void {
    this.snapshot = this.entries.map(({ load: _load, encoding: _encoding, prefetched: _prefetched, ...item }) => {
      const key = `${item.state}\u0000${item.message ?? ''}\u0000${item.sourceId ?? ''}\u0000${item.encodings?.length ?? 0}`;
      const cached = this.views.get(item.id);
      if (cached?.key === key) return cached.view;
      const view = { ...item };
      this.views.set(item.id, { key, view });
      return view;
    });
    for (const listener of this.listeners) listener();
  }
}

/** Sentences for the user: one summary line plus one line per duplicate or failure. */
export function describeReport(report: ImportReport): { info: string[]; errors: string[] } {
  const info: string[] = [];
  if (report.imported) info.push(`Imported ${report.imported} source${report.imported === 1 ? '' : 's'}.`);
  for (const o of report.outcomes) {
    if (o.status === 'duplicate') info.push(`"${o.name}" is already in this project as “${o.source?.title ?? 'a source'}”; it was not imported again.`);
  }
  const errors = report.outcomes.filter((o) => o.status === 'failed').map((o) => o.error?.message ?? `"${o.name}" could not be imported.`);
  return { info, errors };
}

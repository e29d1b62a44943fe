import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ImportItem, ImportItemState, ImportQueue } from './importing';

const STATE_TEXT: Record<ImportItemState, string> = {
  waiting: 'Waiting',
  reading: 'Reading…',
  imported: 'Imported',
  duplicate: 'Already here',
  failed: 'Failed',
  'needs-encoding': 'Confirm encoding',
  cancelled: 'Not imported',
};

interface Props {
  queue: ImportQueue;
  onOpen(sourceId: string): void;
}

/**
 * The import progress list: every file of the batch with its state, Cancel while it runs (it
 * stops after the files already sent), and a choice of encoding, with a preview, for legacy text.
 */
export function ImportProgress({ queue, onOpen }: Props) {
  // A few re-renders a second while the batch runs, however many files change state.
  const subscribe = useMemo(() => throttled(queue), [queue]);
  const items = useSyncExternalStore(subscribe, queue.items);
  // The rows keep one callback, so a re-render of the app does not re-render every row.
  const openRef = useRef(onOpen);
  useLayoutEffect(() => {
    openRef.current = onOpen;
  });
  const open = useCallback((id: string) => openRef.current(id), []);
  if (items.length === 0) return null;
  const busy = items.some((i) => i.state === 'reading' || i.state === 'waiting');
  const done = items.filter((i) => i.state !== 'waiting' && i.state !== 'reading').length;
  const count = (s: ImportItemState) => items.filter((i) => i.state === s).length;
  const heading = busy
    ? `Importing ${Math.min(done + 1, items.length)} of ${items.length}`
    : [
        `${count('imported')} imported`,
        count('duplicate') ? `${count('duplicate')} already here` : '',
        count('failed') ? `${count('failed')} failed` : '',
        count('needs-encoding') ? `${count('needs-encoding')} to confirm` : '',
        count('cancelled') ? `${count('cancelled')} not imported` : '',
      ]
        .filter(Boolean)
        .join(', ');
  return (
    <section className="import-progress" aria-label="Import progress">
      <header>
        <h2 aria-live="polite">{heading}</h2>
        {busy ? (
          <button type="button" onClick={() => queue.cancel()}>
            Cancel
          </button>
        ) : (
          <button type="button" aria-label="Close the import list" onClick={() => queue.dismiss()}>
            ×
          </button>
        )}
      </header>
      <ul>
        {items.map((item) => (
          <ImportRow key={item.id} item={item} queue={queue} onOpen={open} />
        ))}
      </ul>
    </section>
  );
}

/** While a batch runs, the list is redrawn at most this often (each redraw lays out the window). */
const BUSY_REDRAW_MS = 150;

/**
 * A subscription that redraws at most once per BUSY_REDRAW_MS while the batch runs, and on the
 * next frame once it is done, so the final states show at once. Redrawing on every frame took
 * ~130 layouts for 100 files, a tenth of the window's CPU during a batch that competes with the
 * import worker for the machine's cores (scripts/bench/import.mjs).
 */
function throttled(queue: ImportQueue): (listener: () => void) => () => void {
  return (listener) => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const draw = () => {
      frame = 0;
      timer = undefined;
      last = performance.now();
      listener();
    };
    const off = queue.subscribe(() => {
      if (frame) return;
      if (!queue.busy) {
        clearTimeout(timer);
        timer = undefined;
        frame = requestAnimationFrame(draw);
        return;
      }
      timer ??= setTimeout(() => (frame = requestAnimationFrame(draw)), Math.max(0, last + BUSY_REDRAW_MS - performance.now()));
    });
    return () => {
      off();
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  };
}

/** One file's row; memoized: a batch of hundreds re-renders only the rows that changed. */
const ImportRow = memo(function ImportRow({ item, queue, onOpen }: { item: ImportItem; queue: ImportQueue; onOpen(id: string): void }) {
  const [choice, setChoice] = useState(item.encodings?.[0]?.name ?? '');
  const chosen = item.encodings?.find((e) => e.name === choice) ?? item.encodings?.[0];
  return (
    <li className={`import-item state-${item.state}`} data-state={item.state}>
      <div className="import-line">
        <span className="import-name" title={item.name}>
          {item.name}
        </span>
        <span className="import-state">{STATE_TEXT[item.state]}</span>
      </div>
      {item.message && <p className="import-message">{item.message}</p>}
      {item.sourceId && (item.state === 'imported' || item.state === 'duplicate') && (
        <button type="button" className="link-button" onClick={() => onOpen(item.sourceId!)}>
          Open
        </button>
      )}
      {item.state === 'needs-encoding' && item.encodings && chosen && (
        <div className="encoding-choice">
          <label>
            Encoding{' '}
            <select value={chosen.name} onChange={(e) => setChoice(e.target.value)}>
              {item.encodings.map((e) => (
                <option key={e.name} value={e.name}>
                  {e.label}
                </option>
              ))}
            </select>
          </label>
          <pre className="encoding-preview" aria-label={`Preview in ${chosen.label}`}>
            {chosen.preview}
          </pre>
          <button type="button" className="primary" onClick={() => queue.confirmEncoding(item.id, chosen.name)}>
            Import with this encoding
          </button>
        </div>
      )}
    </li>
  );
});

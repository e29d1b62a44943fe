import { useEffect, useRef, useState } from 'react';

export type SelectionAction = 'highlight' | 'tag' | 'tie' | 'note';

interface Props {
  rect: DOMRect;
  onAction(action: SelectionAction): void;
}

const BUTTONS: Array<{ action: SelectionAction; label: string; key: string }> = [
  { action: 'highlight', label: 'Highlight', key: 'H' },
  { action: 'tag', label: 'Tag actor', key: 'A' },
  { action: 'tie', label: 'Add tie', key: 'T' },
  { action: 'note', label: 'Note', key: 'N' },
];

/**
 * The bar's width as last drawn. It does not change with the selection, so it is kept rather
 * than read on every selection: reading it (offsetWidth) made the browser lay out the whole page
 * before the bar could be placed, ~15 ms with a long source open.
 */
let drawnWidth = 0;

/** The floating bar over a text selection; each button has a one-key shortcut. */
export function SelectionToolbar({ rect, onAction }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(drawnWidth || 340);
  // Told by the browser after its own layout (a new font size changes the width), never asked.
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = entry.borderBoxSize?.[0]?.inlineSize ?? entry.contentRect.width;
      if (measured > 0) setWidth((drawnWidth = measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const position = {
    left: Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - 8),
    top: rect.top > 60 ? rect.top - 48 : rect.bottom + 8,
  };

  return (
    <div
      ref={ref}
      className="selection-toolbar"
      role="toolbar"
      aria-label="Selection"
      style={{ left: position.left, top: position.top }}
      onMouseDown={(e) => e.preventDefault() /* keep the text selection */}
    >
      {BUTTONS.map((b) => (
        <button key={b.action} type="button" onClick={() => onAction(b.action)} title={`${b.label} (${b.key})`}>
          {b.label} <kbd>{b.key}</kbd>
        </button>
      ))}
    </div>
  );
}

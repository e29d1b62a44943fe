import { useLayoutEffect, useRef, useState } from 'react';

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

/** The floating bar over a text selection; each button has a one-key shortcut. */
export function SelectionToolbar({ rect, onAction }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: rect.left, top: rect.top - 48 });

  useLayoutEffect(() => {
    const width = ref.current?.offsetWidth ?? 300;
    const left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - 8);
    const top = rect.top > 60 ? rect.top - 48 : rect.bottom + 8;
    setPosition({ left, top });
  }, [rect]);

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

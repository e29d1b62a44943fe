import { useLayoutEffect, useRef, useState } from 'react';

interface Props {
  rect: DOMRect;
  onHighlight(): void;
}

/** The floating bar over a text selection. Tagging, ties and notes arrive with the annotation loop. */
export function SelectionToolbar({ rect, onHighlight }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: rect.left, top: rect.top - 48 });

  useLayoutEffect(() => {
    const width = ref.current?.offsetWidth ?? 300;
    const left = Math.min(Math.max(8, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - 8);
    const top = rect.top > 60 ? rect.top - 48 : rect.bottom + 8;
    setPosition({ left, top });
  }, [rect]);

  const soon = 'Arrives with actor tagging (next release)';
  return (
    <div
      ref={ref}
      className="selection-toolbar"
      role="toolbar"
      aria-label="Selection"
      style={{ left: position.left, top: position.top }}
      onMouseDown={(e) => e.preventDefault() /* keep the text selection */}
    >
      <button type="button" onClick={onHighlight} title="Highlight (H)">
        Highlight <kbd>H</kbd>
      </button>
      <button type="button" disabled title={soon}>
        Tag actor
      </button>
      <button type="button" disabled title={soon}>
        Add tie
      </button>
      <button type="button" disabled title={soon}>
        Note
      </button>
    </div>
  );
}

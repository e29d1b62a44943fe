import { useEffect, useRef } from 'react';
import { excerpt } from '../../../../shared/text';
import { HIGHLIGHT_COLORS, type Highlight, type HighlightColor } from '../../../../shared/types';

interface Props {
  highlights: Highlight[];
  selectedId: string | null;
  onSelect(id: string): void;
  onDelete(id: string): void;
  onRecolor(id: string, color: HighlightColor): void;
}

/** The open source's highlights in text order. Up/Down move between them; Delete removes one. */
export function HighlightList({ highlights, selectedId, onSelect, onDelete, onRecolor }: Props) {
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!selectedId) return;
    listRef.current?.querySelector(`[data-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  if (highlights.length === 0) {
    return <p className="empty">No highlights yet. Select a passage in the text and press Highlight (or H).</p>;
  }
  const move = (from: number, delta: number) => {
    const next = highlights[Math.min(highlights.length - 1, Math.max(0, from + delta))];
    onSelect(next.id);
    listRef.current?.querySelector<HTMLElement>(`[data-id="${next.id}"] .highlight-open`)?.focus();
  };
  return (
    <ol className="highlight-list" ref={listRef} aria-label="Highlights in this source">
      {highlights.map((h, i) => (
        <li key={h.id} data-id={h.id} className={`highlight-item${h.id === selectedId ? ' selected' : ''}`}>
          <button
            type="button"
            className={`highlight-open swatch-${h.color}`}
            aria-current={h.id === selectedId ? 'true' : undefined}
            onClick={() => onSelect(h.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') move(i, 1);
              else if (e.key === 'ArrowUp') move(i, -1);
              else return;
              e.preventDefault();
            }}
          >
            <span className="quote">{excerpt(h.exact, 180)}</span>
          </button>
          {h.id === selectedId && (
            <div className="highlight-tools" role="group" aria-label="Highlight colour">
              {HIGHLIGHT_COLORS.map((c) => (
                <button
                  key={c}
                  type="button"
                  className={`swatch swatch-${c}`}
                  aria-label={`Colour ${c}`}
                  aria-pressed={h.color === c}
                  onClick={() => onRecolor(h.id, c)}
                />
              ))}
            </div>
          )}
          <button type="button" className="icon-button delete" aria-label={`Delete highlight “${excerpt(h.exact, 40)}”`} title="Delete highlight (Delete)" onClick={() => onDelete(h.id)}>
            ×
          </button>
        </li>
      ))}
    </ol>
  );
}

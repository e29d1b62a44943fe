import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * Three resizable panes. Each separator can be dragged or focused and moved with the arrow
 * keys (Home/End for the limits); widths persist across sessions.
 */
interface PanesProps {
  left: ReactNode;
  center: ReactNode;
  right: ReactNode;
}

const LIMITS = { left: [180, 520], right: [240, 640] } as const;
const STORAGE_KEY = 'tiemark-pane-widths';

function loadWidths(): { left: number; right: number } {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '') as { left: number; right: number };
    if (Number.isFinite(saved.left) && Number.isFinite(saved.right)) return saved;
  } catch {
    // first run or unreadable: defaults
  }
  return { left: 280, right: 340 };
}

export function Panes({ left, center, right }: PanesProps) {
  const [widths, setWidths] = useState(loadWidths);
  useEffect(() => localStorage.setItem(STORAGE_KEY, JSON.stringify(widths)), [widths]);

  const resize = useCallback((side: 'left' | 'right', value: number) => {
    const [min, max] = LIMITS[side];
    setWidths((w) => ({ ...w, [side]: Math.round(Math.min(max, Math.max(min, value))) }));
  }, []);

  return (
    <div className="panes">
      <div className="pane pane-left" style={{ width: widths.left }}>
        {left}
      </div>
      <Separator label="Resize sources pane" value={widths.left} limits={LIMITS.left} onChange={(v) => resize('left', v)} direction={1} />
      <div className="pane pane-center">{center}</div>
      <Separator label="Resize side panel" value={widths.right} limits={LIMITS.right} onChange={(v) => resize('right', v)} direction={-1} />
      <div className="pane pane-right" style={{ width: widths.right }}>
        {right}
      </div>
    </div>
  );
}

interface SeparatorProps {
  label: string;
  value: number;
  limits: readonly [number, number];
  /** +1 when dragging right grows the pane, -1 when it shrinks it. */
  direction: 1 | -1;
  onChange(value: number): void;
}

function Separator({ label, value, limits, direction, onChange }: SeparatorProps) {
  const drag = useRef<{ x: number; value: number } | null>(null);
  return (
    <div
      className="separator"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={limits[0]}
      aria-valuemax={limits[1]}
      tabIndex={0}
      onPointerDown={(e) => {
        drag.current = { x: e.clientX, value };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (drag.current) onChange(drag.current.value + direction * (e.clientX - drag.current.x));
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 64 : 16;
        if (e.key === 'ArrowLeft') onChange(value - direction * step);
        else if (e.key === 'ArrowRight') onChange(value + direction * step);
        else if (e.key === 'Home') onChange(limits[0]);
        else if (e.key === 'End') onChange(limits[1]);
        else return;
        e.preventDefault();
      }}
    />
  );
}

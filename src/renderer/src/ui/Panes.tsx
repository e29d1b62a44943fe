import { useCallback, useRef, type ReactNode } from 'react';
import { PANE_LIMITS } from '../../../shared/preferences';
import { updatePreferences, usePreferences } from './preferences';

/**
 * Three resizable panes. Each separator can be dragged or focused and moved with the arrow
 * keys (Home/End for the limits); widths are preferences, kept across sessions (./preferences.ts).
 */
interface PanesProps {
  left: ReactNode;
  center: ReactNode;
  right: ReactNode;
}

const LIMITS = PANE_LIMITS;

export function Panes({ left, center, right }: PanesProps) {
  const { leftPaneWidth, rightPaneWidth } = usePreferences();
  const widths = { left: leftPaneWidth, right: rightPaneWidth };

  const resize = useCallback((side: 'left' | 'right', value: number) => {
    const [min, max] = LIMITS[side];
    const width = Math.round(Math.min(max, Math.max(min, value)));
    updatePreferences(side === 'left' ? { leftPaneWidth: width } : { rightPaneWidth: width });
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

import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';

/**
 * An editable combobox (WAI-ARIA APG "list autocomplete"): a text input that filters a listbox.
 * Focus stays in the input; the active option is announced through aria-activedescendant.
 * The caller filters and orders the options; this component handles keys, focus and ARIA.
 *
 * Keys: ArrowDown/ArrowUp open the list or move (wrapping, skipping disabled options);
 * Enter picks the active option (and is passed on when the list is closed, so a form submits);
 * Escape closes an open popup (and is passed on otherwise); Tab picks the active option when
 * `selectOnTab` is set and the user has typed since the list opened.
 */
export interface ComboOption {
  /** Unique within the list (used for the option's element id). */
  key: string;
  label: string;
  /** Small muted text beside the label: kind, category, the alias that matched. */
  detail?: string;
  /** A short tag at the end of the row ("tagged"). */
  badge?: string;
  /** Heading of the group; consecutive options with the same group share one heading. */
  group?: string;
  /** Shown but not choosable (skipped by the arrow keys). */
  disabled?: boolean;
  /** The field's current value: marked with a check and made active when the list opens. */
  current?: boolean;
  /** Never the default active option (reachable with the arrow keys), e.g. "Create …" below matches that cannot be picked. */
  passive?: boolean;
  /** "action" rows (Create “…”, Use as text) are set apart visually. */
  variant?: 'action';
  /** A colour dot before the label (#rrggbb). */
  swatch?: string;
  /** A symbol before the label (e.g. ↔ for a symmetric relation). */
  glyph?: string;
}

export interface ComboboxProps {
  /** The input's id (for a <label htmlFor>); generated when omitted. */
  id?: string;
  /** Accessible name when no <label> points at the input. */
  ariaLabel?: string;
  value: string;
  onValueChange(text: string): void;
  options: ComboOption[];
  onChoose(option: ComboOption): void;
  /** Accessible name of the listbox. */
  listLabel: string;
  /** The list is always shown under the input (a picker) rather than as a popup. */
  inline?: boolean;
  /** Pick the active option on Tab after typing (fast keyboard entry of known values). */
  selectOnTab?: boolean;
  placeholder?: string;
  /** Shown instead of the list when there are no options (inline mode only). */
  emptyMessage?: ReactNode;
  /** Shown under an inline list (e.g. "120 more: type to narrow down"). */
  footer?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
  /** Keys the combobox did not consume (Enter or Escape with no list open, shortcuts…). */
  onKeyDown?(event: KeyboardEvent<HTMLInputElement>): void;
  onBlur?(): void;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
  disabled?: boolean;
  className?: string;
}

function moveActive(options: ComboOption[], from: number, step: 1 | -1): number {
  const n = options.length;
  for (let i = 1; i <= n; i++) {
    const at = (((from + step * i) % n) + n) % n;
    if (!options[at].disabled) return at;
  }
  return -1;
}

export function Combobox({
  id,
  ariaLabel,
  value,
  onValueChange,
  options,
  onChoose,
  listLabel,
  inline = false,
  selectOnTab = false,
  placeholder,
  emptyMessage,
  footer,
  inputRef,
  onKeyDown,
  onBlur,
  describedBy,
  invalid,
  required,
  disabled,
  className,
}: ComboboxProps) {
  const baseId = useId();
  const inputId = id ?? `${baseId}-input`;
  const listId = `${baseId}-list`;
  const optionId = (index: number) => `${baseId}-opt-${index}`;
  const [open, setOpen] = useState(false);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [typed, setTyped] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const expanded = !disabled && options.length > 0 && (inline || open);
  // The active option: the one the user moved to, else the first choosable, non-passive one.
  let activeIndex = activeKey === null ? -1 : options.findIndex((o) => o.key === activeKey && !o.disabled);
  if (activeIndex < 0) activeIndex = options.findIndex((o) => !o.disabled && !o.passive);
  const active = expanded && activeIndex >= 0 ? options[activeIndex] : null;

  // Keep the active option in view.
  useEffect(() => {
    if (!expanded || activeIndex < 0) return;
    document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
    // optionId is derived from baseId, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [expanded, activeIndex]);

  // A popup list floats under (or above) its input. It is position: fixed so that the overflow
  // of a modal <dialog> cannot clip it; the position follows scrolling and resizing.
  useLayoutEffect(() => {
    if (inline || !expanded) return;
    const place = () => {
      const input = wrapRef.current?.querySelector('input');
      const list = listRef.current;
      if (!input || !list) return;
      const r = input.getBoundingClientRect();
      const below = window.innerHeight - r.bottom - 8;
      const above = r.top - 8;
      const wanted = Math.min(list.scrollHeight, 280);
      const up = below < Math.min(wanted, 160) && above > below;
      const room = Math.max(80, (up ? above : below) - 4);
      list.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - r.width - 4))}px`;
      list.style.width = `${r.width}px`;
      list.style.maxHeight = `${Math.min(280, room)}px`;
      if (up) {
        list.style.top = '';
        list.style.bottom = `${window.innerHeight - r.top + 2}px`;
      } else {
        list.style.bottom = '';
        list.style.top = `${r.bottom + 2}px`;
      }
    };
    place();
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [inline, expanded, options.length]);

  const openList = () => {
    setOpen(true);
    setTyped(false);
    setActiveKey(options.find((o) => o.current && !o.disabled)?.key ?? null);
  };

  const choose = (option: ComboOption) => {
    if (option.disabled) return;
    setOpen(false);
    setTyped(false);
    setActiveKey(null);
    onChoose(option);
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0 && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (!expanded) {
        if (!inline) openList();
        return;
      }
      if (event.altKey) return; // Alt+Down only opens
      const next = moveActive(options, activeIndex < 0 ? (step > 0 ? -1 : 0) : activeIndex, step);
      if (next >= 0) setActiveKey(options[next].key);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (active) {
        event.preventDefault();
        choose(active);
        return;
      }
    } else if (event.key === 'Escape' && !inline && expanded) {
      // Close the popup only; the dialog around it stays open.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      return;
    } else if (event.key === 'Tab' && !event.shiftKey && selectOnTab && !inline && active && typed && active.variant !== 'action') {
      choose(active); // focus moves on as usual (Tab never creates anything)
      return;
    }
    onKeyDown?.(event);
  };

  // Render options, wrapping runs of the same group in role="group" with a visible heading.
  const rows: ReactNode[] = [];
  let i = 0;
  while (i < options.length) {
    const group = options[i].group;
    const start = i;
    while (i < options.length && options[i].group === group) i++;
    const items = options.slice(start, i).map((o, k) => renderOption(o, start + k));
    if (group) {
      const headingId = `${baseId}-group-${start}`;
      rows.push(
        <div key={`g-${start}`} role="group" aria-labelledby={headingId} className="combo-group">
          <div id={headingId} className="combo-group-label" role="presentation">
            {group}
          </div>
          {items}
        </div>,
      );
    } else rows.push(...items);
  }

  function renderOption(o: ComboOption, index: number) {
    const isActive = active?.key === o.key;
    return (
      <div
        key={o.key}
        id={optionId(index)}
        role="option"
        aria-selected={isActive}
        aria-disabled={o.disabled || undefined}
        className={['combo-option', isActive && 'active', o.disabled && 'disabled', o.variant && `combo-${o.variant}`].filter(Boolean).join(' ')}
        onMouseMove={() => {
          if (!o.disabled && !isActive) setActiveKey(o.key);
        }}
        onClick={() => choose(o)}
      >
        {o.swatch && <span className="combo-swatch" aria-hidden="true" style={{ background: o.swatch }} />}
        {o.glyph && (
          <span className="combo-glyph" aria-hidden="true">
            {o.glyph}
          </span>
        )}
        <span className="combo-label">{o.label}</span>
        {o.detail && <span className="combo-detail">{o.detail}</span>}
        {o.badge && <span className="combo-badge">{o.badge}</span>}
        {o.current && (
          <span className="combo-check">
            <span aria-hidden="true">✓</span>
            <span className="sr-only"> (current)</span>
          </span>
        )}
      </div>
    );
  }

  return (
    <div ref={wrapRef} className={['combo', inline ? 'combo-inline' : 'combo-popup', className].filter(Boolean).join(' ')}>
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        role="combobox"
        aria-label={ariaLabel}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={active ? optionId(activeIndex) : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        aria-required={required || undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        value={value}
        onChange={(e) => {
          onValueChange(e.target.value);
          setOpen(true);
          setTyped(true);
          setActiveKey(null);
        }}
        onClick={() => {
          if (!inline && !open) openList();
        }}
        onKeyDown={handleKeyDown}
        onBlur={() => {
          setOpen(false);
          onBlur?.();
        }}
      />
      <div
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label={listLabel}
        className="combo-list"
        hidden={!expanded}
        onMouseDown={(e) => e.preventDefault() /* scrolling or clicking the list keeps focus in the input */}
      >
        {expanded && rows}
      </div>
      {inline && options.length === 0 && emptyMessage && <div className="combo-empty">{emptyMessage}</div>}
      {inline && footer && <div className="combo-footer">{footer}</div>}
    </div>
  );
}

import { useEffect, useRef } from 'react';
import { showKey } from '../../app/commands';
import { findCount, stepMatch } from './find';
import type { FindStore } from './searchStore';
import './search.css';

/**
 * The reader's find bar (Ctrl/Cmd+F): a field, "3 of 12", previous and next. Enter goes to the
 * next match, Shift+Enter to the previous one, Esc closes the bar and gives focus back to the
 * reader. The matches are computed by the reader pane (src/renderer/src/app/ReaderPane.tsx) and
 * painted by the reader.
 */
export function FindBar({ store, query, count, current }: { store: FindStore; query: string; count: number; current: number }) {
  const field = useRef<HTMLInputElement>(null);

  // Focused when it opens (keys typed meanwhile are kept for it, see KeyBuffer in
  // src/renderer/src/app/commands.ts) and when Ctrl/Cmd+F is pressed again.
  useEffect(() => {
    const focus = () => {
      field.current?.focus();
      field.current?.select();
    };
    focus();
    return store.setFocuser(focus);
  }, [store]);

  const step = (by: 1 | -1) => {
    if (count > 0) store.goTo(stepMatch(count, current, by));
  };
  const close = () => {
    store.close();
    document.querySelector<HTMLElement>('.reader-scroll')?.focus({ preventScroll: true });
  };
  const counted = findCount(query, count, current);

  return (
    <div className="find-bar" role="search" aria-label="Find in this source">
      <input
        ref={field}
        type="search"
        className="find-field"
        aria-label="Find in source"
        placeholder="Find in this source"
        autoComplete="off"
        spellCheck={false}
        value={query}
        aria-describedby="find-count"
        onChange={(event) => store.setQuery(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.nativeEvent.isComposing) return;
          if (event.key === 'Enter') {
            event.preventDefault();
            step(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            close();
          }
        }}
      />
      <span id="find-count" className={`find-count${counted === 'No matches' ? ' find-none' : ''}`} role="status">
        {counted}
      </span>
      <button type="button" onClick={() => step(-1)} disabled={count === 0} title="Previous match (Shift+Enter)">
        ↑<span className="sr-only"> Previous match</span>
      </button>
      <button type="button" onClick={() => step(1)} disabled={count === 0} title="Next match (Enter)">
        ↓<span className="sr-only"> Next match</span>
      </button>
      <button type="button" className="find-close" onClick={close} title={`Close (Esc); ${showKey('Mod+F')} opens it again`}>
        Close<span className="sr-only"> find</span>
      </button>
    </div>
  );
}

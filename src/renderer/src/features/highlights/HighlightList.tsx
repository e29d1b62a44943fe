import { memo, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { Claim } from '../../../../shared/annotations';
import { excerpt } from '../../../../shared/text';
import { HIGHLIGHT_COLORS, type HighlightColor, type HighlightSpan } from '../../../../shared/types';
import { claimSentence, type AnnotationIndex } from '../../app/annotations';
import { NoteEditor } from '../notes/lazyNoteEditor';
import { pageLabel } from '../../../../shared/pages';

interface Props {
  highlights: HighlightSpan[];
  /** The source text the highlights point into. */
  text: string;
  /** Paged sources (PDF): where each page begins, for "p. 4" beside each passage. */
  pageStarts?: number[];
  selectedId: string | null;
  state: AnnotationIndex;
  /**
   * The highlight whose note is being edited, with its stored content (null: new note); a new
   * `revision` opens the editor afresh on that content (an undo changed the stored note).
   */
  note: { highlightId: string; content: string | null; revision?: number } | null;
  /** What an item does; the side panel's handlers keep their identity, so items stay memoized. */
  actions: ItemActions;
}

export interface ItemActions {
  onSelect(id: string): void;
  onDelete(id: string): void;
  onRecolor(id: string, color: HighlightColor): void;
  onTag(id: string): void;
  onUntag(highlightId: string, actorId: string): void;
  onAddTie(id: string): void;
  onEditClaim(claim: Claim): void;
  onOpenNote(id: string): void;
  onSaveNote(highlightId: string, content: string, plainText: string): Promise<void>;
  onCloseNote(): void;
}

/** How many list items exist in the DOM at first; the window grows by STEP as the user scrolls. */
const PAGE = 60;
const STEP = 60;

/**
 * The open source's highlights in text order, each with its actors, ties and note. A source may
 * carry tens of thousands of highlights, so only a window of the list is rendered: it follows the
 * selected highlight and grows when the user scrolls to either end.
 */
export function HighlightList(props: Props) {
  const { highlights, text, selectedId, state, note, actions, pageStarts = [] } = props;
  const { onSelect } = actions;
  const listRef = useRef<HTMLOListElement>(null);
  const [stored, setWindow] = useState({ from: 0, to: PAGE, anchorId: null as string | null });

  // Derived, not stored: a newly selected highlight outside the window moves the window to it.
  const selectedIndex = selectedId ? highlights.findIndex((h) => h.id === selectedId) : -1;
  let { from, to } = stored;
  if (selectedIndex >= 0 && stored.anchorId !== selectedId && (selectedIndex < from || selectedIndex >= to)) {
    from = Math.max(0, selectedIndex - 20);
    to = from + PAGE;
  }
  to = Math.min(highlights.length, Math.max(to, Math.min(PAGE, highlights.length)));
  from = Math.min(from, Math.max(0, to - 1));
  const extend = (direction: -1 | 1) =>
    setWindow({
      from: direction < 0 ? Math.max(0, from - STEP) : from,
      to: direction > 0 ? Math.min(highlights.length, to + STEP) : to,
      anchorId: selectedId,
    });
  const topSentinel = useSentinel(listRef, from > 0 ? () => extend(-1) : null);
  const bottomSentinel = useSentinel(listRef, to < highlights.length ? () => extend(1) : null);

  useEffect(() => {
    if (!selectedId) return;
    listRef.current?.querySelector(`[data-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  // Arrow keys move through the whole list; the items keep one handler, so an add (a new list)
  // redraws only the items whose own data changed.
  const listed = useRef(highlights);
  useEffect(() => {
    listed.current = highlights;
  });
  const onMove = useCallback(
    (id: string, delta: number) => {
      const list = listed.current;
      const index = list.findIndex((h) => h.id === id);
      const next = list[Math.min(list.length - 1, Math.max(0, index + delta))];
      if (!next) return;
      onSelect(next.id);
      // After the window has moved to include it.
      requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-id="${next.id}"] .highlight-open`)?.focus());
    },
    [onSelect],
  );

  if (highlights.length === 0) {
    return <p className="empty">No highlights yet. Select a passage in the text and press Highlight (or H).</p>;
  }
  return (
    <ol className="highlight-list" ref={listRef} aria-label="Highlights in this source" start={from + 1}>
      {from > 0 && (
        <li className="list-more" ref={topSentinel}>
          <button type="button" onClick={() => extend(-1)}>
            Show {Math.min(STEP, from)} earlier of {from}
          </button>
        </li>
      )}
      {highlights.slice(from, to).map((h) => (
        <HighlightItem
          key={h.id}
          highlight={h}
          exact={text.slice(h.start, h.end)}
          page={pageStarts.length > 0 ? pageLabel(pageStarts, h.start, h.end) : null}
          selected={h.id === selectedId}
          actorIds={state.actorIdsByHighlight.get(h.id)}
          claims={state.claimsByHighlight.get(h.id)}
          stored={state.noteByHighlight.get(h.id)}
          note={note?.highlightId === h.id ? note : null}
          state={state}
          actions={actions}
          onMove={onMove}
        />
      ))}
      {to < highlights.length && (
        <li className="list-more" ref={bottomSentinel}>
          <button type="button" onClick={() => extend(1)}>
            Show {Math.min(STEP, highlights.length - to)} more of {highlights.length - to}
          </button>
        </li>
      )}
    </ol>
  );
}


interface ItemProps {
  highlight: HighlightSpan;
  exact: string;
  page: string | null;
  selected: boolean;
  actorIds: string[] | undefined;
  claims: Claim[] | undefined;
  stored: { plainText: string } | undefined;
  /** The note being edited, when it is this highlight's. */
  note: Props['note'];
  state: AnnotationIndex;
  actions: ItemActions;
  onMove(id: string, delta: number): void;
}

/**
 * One highlight of the list. Memoized on what it shows: adding a highlight among 20,000 redraws
 * the new item and the one selected before, not the whole window.
 */
const HighlightItem = memo(
  function HighlightItem({ highlight: h, exact, page, selected, actorIds = NONE, claims = NO_CLAIMS, stored, note, state, actions, onMove }: ItemProps) {
    return (
      <li data-id={h.id} className={`highlight-item${selected ? ' selected' : ''}`}>
        <button
          type="button"
          className={`highlight-open swatch-${h.color}`}
          aria-current={selected ? 'true' : undefined}
          onClick={() => actions.onSelect(h.id)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') onMove(h.id, 1);
            else if (e.key === 'ArrowUp') onMove(h.id, -1);
            else return;
            e.preventDefault();
          }}
        >
          <span className="quote">{excerpt(exact, 180)}</span>
          {page && <span className="page-label">{page}</span>}
        </button>
        <button
          type="button"
          className="icon-button delete"
          aria-label={`Delete highlight “${excerpt(exact, 40)}”`}
          title="Delete highlight (Delete)"
          onClick={() => actions.onDelete(h.id)}
        >
          ×
        </button>
        {actorIds.length > 0 && (
          <ul className="actor-chips" aria-label="Actors">
            {actorIds.map((id) => {
              const actor = state.actorsById.get(id);
              return (
                <li key={id} className="actor-chip">
                  <span className="dot" style={{ background: actor?.color }} />
                  {actor?.name ?? 'Unknown'}
                  {selected && (
                    <button type="button" className="chip-remove" aria-label={`Remove ${actor?.name ?? 'actor'}`} onClick={() => actions.onUntag(h.id, id)}>
                      ×
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {claims.length > 0 && (
          <ul className="claim-lines" aria-label="Ties">
            {claims.map((c) => (
              <li key={c.id}>
                <button type="button" className="claim-line" onClick={() => actions.onEditClaim(c)} title="Edit this tie">
                  <span className="polarity-mark" style={{ background: state.typesById.get(c.relationTypeId)?.color }} />
                  {claimSentence(c, state)}
                  <span className={`stance stance-${c.stance}`}>{c.stance}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {stored && !note && (
          <button type="button" className="note-preview" onClick={() => actions.onOpenNote(h.id)} title="Edit note (N)">
            {excerpt(stored.plainText, 160) || 'Empty note'}
          </button>
        )}
        {note && (
          <div className="note-slot">
            <Suspense fallback={<p className="note-loading" aria-busy="true">Opening the note…</p>}>
              <NoteEditor
                key={`${h.id}:${note.revision ?? 0}`}
                highlightId={h.id}
                initialContent={note.content}
                onSave={(content, plain) => actions.onSaveNote(h.id, content, plain)}
                onClose={actions.onCloseNote}
              />
            </Suspense>
          </div>
        )}
        {selected && (
          <div className="highlight-tools">
            <div className="swatches" role="group" aria-label="Highlight colour">
              {HIGHLIGHT_COLORS.map((c) => (
                <button
                  key={c}
                  type="button"
                  className={`swatch swatch-${c}`}
                  aria-label={`Colour ${c}`}
                  aria-pressed={h.color === c}
                  onClick={() => actions.onRecolor(h.id, c)}
                />
              ))}
            </div>
            <div className="tool-buttons">
              <button type="button" onClick={() => actions.onTag(h.id)} title="Tag actor (A)">
                Tag actor
              </button>
              <button type="button" onClick={() => actions.onAddTie(h.id)} title="Add tie (T)">
                Add tie
              </button>
              {!stored && !note && (
                <button type="button" onClick={() => actions.onOpenNote(h.id)} title="Note (N)">
                  Note
                </button>
              )}
            </div>
          </div>
        )}
      </li>
    );
  },
);

const NONE: string[] = [];
const NO_CLAIMS: Claim[] = [];

/** A ref for an element that calls `onVisible` when it scrolls into view inside `root`. */
function useSentinel(root: React.RefObject<HTMLElement | null>, onVisible: (() => void) | null) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const callback = useRef(onVisible);
  useEffect(() => {
    callback.current = onVisible;
  });
  const active = onVisible !== null;
  useEffect(() => {
    if (!element || !active) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && callback.current?.(), {
      root: root.current,
      rootMargin: '200px 0px',
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, active, root]);
  return setElement;
}

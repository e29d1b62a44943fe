import { memo, startTransition, useEffect, useMemo, useState } from 'react';
import { AnchorReview } from '../features/highlights/AnchorReview';
import { HighlightList, type ItemActions } from '../features/highlights/HighlightList';
import { MentionsPanel } from '../features/mentions/MentionsPanel';
import { useMentionCount } from '../features/mentions/useMentionCount';
import { TiesPanel } from '../features/ties/TiesPanel';
import { useWorkspace, useWorkspaceController } from './useWorkspace';
import type { Tab, WorkspaceState } from './workspace';

const TABS: readonly Tab[] = ['highlights', 'ties', 'mentions'];
const TAB_LABELS: Record<Tab, string> = { highlights: 'Highlights', ties: 'Ties', mentions: 'Mentions' };

/**
 * The right pane: the open source's highlights (with the review list), the ties and the untagged
 * mentions of actors.
 *
 * It is drawn just after the reader's frame: what it shows changes after the next paint
 * (useAfterPaint), so a change (a source opening with 20,000 highlights, a highlight added) is
 * on screen in the reader first and the lists follow, instead of holding that frame back.
 */
export function SidePanel() {
  const tab = useWorkspace((s) => s.tab);
  const source = useWorkspace((s) => s.source);
  const highlights = useWorkspace((s) => s.highlights);
  const selectedId = useWorkspace((s) => s.selectedId);
  const note = useWorkspace((s) => s.note);
  const review = useWorkspace((s) => s.review);
  const hasSelection = useWorkspace((s) => s.hasSelection);
  const version = useWorkspace((s) => s.version);
  const sources = useWorkspace((s) => s.sources);
  // The index (ws.indexOf) is made of these, when the view is drawn.
  const annotations = useWorkspace((s) => s.annotations);
  const actors = useWorkspace((s) => s.actors);
  const relationTypes = useWorkspace((s) => s.relationTypes);
  const live = useMemo<SidePanelState>(
    () => ({ tab, source, highlights, selectedId, note, review, hasSelection, version, sources, annotations, actors, relationTypes }),
    [tab, source, highlights, selectedId, note, review, hasSelection, version, sources, annotations, actors, relationTypes],
  );
  return <SidePanelView {...useAfterPaint(live)} />;
}

/**
 * `value` as it was at the last paint: a new value is taken just after the next frame is drawn,
 * as a transition, so that React draws it in slices that let a key typed meanwhile through.
 */
function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (shown === value) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setShown(() => value)));
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}

type SidePanelState = Pick<
  WorkspaceState,
  'tab' | 'source' | 'highlights' | 'selectedId' | 'note' | 'review' | 'hasSelection' | 'version' | 'sources' | 'annotations' | 'actors' | 'relationTypes'
>;

/** Redrawn only when what it shows changed (after the reader's frame, see SidePanel). */
const SidePanelView = memo(function SidePanelView({ tab, source, highlights, selectedId, note, review, hasSelection, version, sources, annotations, actors, relationTypes }: SidePanelState) {
  const ws = useWorkspaceController();
  const mentionCount = useMentionCount(source?.id ?? null, version);
  // Of the annotations this view draws, not the newest: the list and its chips stay in step.
  const index = ws.indexOf(actors, relationTypes, annotations);
  // One set of handlers for the window's life: the list's items are memoized on them.
  const itemActions = useMemo<ItemActions>(
    () => ({
      onSelect: (id) => ws.selectHighlight(id, true),
      onDelete: (id) => void ws.deleteHighlight(id),
      onRecolor: (id, color) => void ws.recolor(id, color),
      onTag: (id) => void ws.openPicker({ highlightId: id }, null),
      onUntag: (highlightId, actorId) => void ws.untag(highlightId, actorId),
      onAddTie: (id) => ws.openTieForm({ highlightId: id }),
      onEditClaim: (claim) => ws.openTieForm({ highlightId: claim.highlightId }, claim),
      onOpenNote: (id) => void ws.openNote(id),
      onSaveNote: ws.saveNote,
      onCloseNote: ws.closeNote,
    }),
    [ws],
  );
  return (
    <section className="side-panel" aria-label="Side panel">
      <div
        role="tablist"
        aria-label="Side panel views"
        className="tabs"
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
            const next = TABS[(TABS.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
            ws.setTab(next);
            document.getElementById(`tab-${next}`)?.focus();
          }
        }}
      >
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => ws.setTab(name)}
          >
            {TAB_LABELS[name]}
            {name === 'highlights' && highlights.length > 0 && <span className="badge">{highlights.length}</span>}
            {name === 'mentions' && mentionCount !== null && mentionCount > 0 && (
              <span className="badge" title={`${mentionCount} untagged mention${mentionCount === 1 ? '' : 's'} of actors in this source`}>
                {mentionCount}
              </span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'highlights' && source && (
          <AnchorReview
            items={review}
            hasSelection={hasSelection}
            onAccept={(id) => void ws.resolveAnchor(id, 'accept')}
            onMoveHere={(id) => void ws.resolveAnchor(id, 'move')}
            onDelete={(id) => void ws.deleteHighlight(id)}
          />
        )}
        {tab === 'highlights' && source && (
          <HighlightList
            highlights={highlights}
            text={source.text}
            pageStarts={source.pageStarts}
            selectedId={selectedId}
            state={index}
            note={note}
            actions={itemActions}
          />
        )}
        {tab === 'ties' && (
          <TiesPanel
            sourceId={source?.id ?? null}
            actors={index.actors}
            relationTypes={index.relationTypes}
            version={version}
            onOpenEvidence={(sourceId, highlightId) => void ws.openEvidence(sourceId, highlightId)}
          />
        )}
        {tab === 'mentions' && (
          <MentionsPanel
            sourceId={source?.id ?? null}
            version={version}
            titleOf={(id) => sources.find((s) => s.id === id)?.title ?? 'A deleted source'}
            onGo={(sourceId, range) => void ws.goToText(sourceId, range)}
            onChanged={() => ws.refresh()}
            onMessage={ws.say}
          />
        )}
      </div>
    </section>
  );
});

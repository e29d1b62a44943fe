import { AnchorReview } from '../features/highlights/AnchorReview';
import { HighlightList } from '../features/highlights/HighlightList';
import { MentionsPanel } from '../features/mentions/MentionsPanel';
import { useMentionCount } from '../features/mentions/useMentionCount';
import { TiesPanel } from '../features/ties/TiesPanel';
import { memo, useDeferredValue } from 'react';
import { useWorkspace, useWorkspaceController } from './useWorkspace';
import type { Tab, WorkspaceState } from './workspace';

const TABS: readonly Tab[] = ['highlights', 'ties', 'mentions'];
const TAB_LABELS: Record<Tab, string> = { highlights: 'Highlights', ties: 'Ties', mentions: 'Mentions' };

/**
 * The right pane: the open source's highlights (with the review list), the ties and the untagged
 * mentions of actors.
 *
 * It is drawn a moment after the reader: what it shows is passed through useDeferredValue, so a
 * change (a source opening with 20,000 highlights, a highlight added) reaches the reader's frame
 * first and the lists follow in a render React may interrupt, instead of holding that frame.
 */
export function SidePanel() {
  const live: SidePanelState = {
    tab: useWorkspace((s) => s.tab),
    source: useWorkspace((s) => s.source),
    highlights: useWorkspace((s) => s.highlights),
    selectedId: useWorkspace((s) => s.selectedId),
    note: useWorkspace((s) => s.note),
    review: useWorkspace((s) => s.review),
    hasSelection: useWorkspace((s) => s.hasSelection),
    version: useWorkspace((s) => s.version),
    sources: useWorkspace((s) => s.sources),
    // The index (ws.index) is rebuilt from these, in the deferred render.
    annotations: useWorkspace((s) => s.annotations),
    actors: useWorkspace((s) => s.actors),
    relationTypes: useWorkspace((s) => s.relationTypes),
  };
  const shown = useDeferredValue(live);
  return <SidePanelView {...shown} />;
}

type SidePanelState = Pick<
  WorkspaceState,
  'tab' | 'source' | 'highlights' | 'selectedId' | 'note' | 'review' | 'hasSelection' | 'version' | 'sources' | 'annotations' | 'actors' | 'relationTypes'
>;

/** Redrawn only when what it shows changed (the deferred render of SidePanel). */
const SidePanelView = memo(function SidePanelView({ tab, source, highlights, selectedId, note, review, hasSelection, version, sources }: SidePanelState) {
  const ws = useWorkspaceController();
  const mentionCount = useMentionCount(source?.id ?? null, version);
  const index = ws.index;
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
            onSelect={(id) => ws.selectHighlight(id, true)}
            onDelete={(id) => void ws.deleteHighlight(id)}
            onRecolor={(id, color) => void ws.recolor(id, color)}
            onTag={(id) => void ws.openPicker({ highlightId: id }, null)}
            onUntag={(highlightId, actorId) => void ws.untag(highlightId, actorId)}
            onAddTie={(id) => ws.openTieForm({ highlightId: id })}
            onEditClaim={(claim) => ws.openTieForm({ highlightId: claim.highlightId }, claim)}
            onOpenNote={(id) => void ws.openNote(id)}
            onSaveNote={ws.saveNote}
            onCloseNote={ws.closeNote}
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

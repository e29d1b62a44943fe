import { AnchorReview } from '../features/highlights/AnchorReview';
import { HighlightList } from '../features/highlights/HighlightList';
import { TiesPanel } from '../features/ties/TiesPanel';
import { useWorkspace, useWorkspaceController } from './useWorkspace';
import type { Tab } from './workspace';

const TABS: readonly Tab[] = ['highlights', 'ties'];

/** The right pane: the open source's highlights (with the review list) and the ties. */
export function SidePanel() {
  const ws = useWorkspaceController();
  const tab = useWorkspace((s) => s.tab);
  const source = useWorkspace((s) => s.source);
  const highlights = useWorkspace((s) => s.highlights);
  const selectedId = useWorkspace((s) => s.selectedId);
  const note = useWorkspace((s) => s.note);
  const review = useWorkspace((s) => s.review);
  const hasSelection = useWorkspace((s) => s.hasSelection);
  const version = useWorkspace((s) => s.version);
  // Re-rendered when any of these change; the index is rebuilt only then.
  useWorkspace((s) => s.annotations);
  useWorkspace((s) => s.actors);
  useWorkspace((s) => s.relationTypes);
  const index = ws.index;
  return (
    <section className="side-panel" aria-label="Side panel">
      <div
        role="tablist"
        aria-label="Side panel views"
        className="tabs"
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
            const next = tab === 'highlights' ? 'ties' : 'highlights';
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
            {name === 'highlights' ? 'Highlights' : 'Ties'}
            {name === 'highlights' && highlights.length > 0 && <span className="badge">{highlights.length}</span>}
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
      </div>
    </section>
  );
}

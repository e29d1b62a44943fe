/**
 * The Network view: actors as nodes, ties as edges, every edge one click from its evidence.
 * (Placeholder until the view is built; App.tsx renders it in place of the reader and side panel.)
 */
export interface NetworkViewProps {
  /** Limit the graph to one source's claims; null for the whole project. */
  sourceId: string | null;
  /** Go to a passage in the reader (App switches back to the reader and jumps to it). */
  onOpenPassage(sourceId: string, highlightId: string): void;
  /** Back to the reader. */
  onClose(): void;
}

export function NetworkView({ onClose }: NetworkViewProps) {
  return (
    <main className="network-view" aria-label="Network">
      <p>The network view is not built yet.</p>
      <button type="button" onClick={onClose}>
        Back to the reader
      </button>
    </main>
  );
}

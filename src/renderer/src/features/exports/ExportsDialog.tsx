import { Dialog } from '../../ui/Dialog';

/**
 * Exports of the project's data (tables, network files, annotation formats, a notes vault, the
 * project archive). (Placeholder until the dialog is built; App.tsx opens it from "Export…".)
 */
export interface ExportsDialogProps {
  /** The open source, offered as the "this source" scope; null when none is open. */
  sourceId: string | null;
  /** Tell the user something (info or error), through the app's one message path. */
  onMessage(kind: 'info' | 'error', text: string): void;
  onClose(): void;
}

export function ExportsDialog({ onClose }: ExportsDialogProps) {
  return (
    <Dialog title="Export" submitLabel="Close" onSubmit={onClose} onClose={onClose}>
      <p>Exports other than Markdown are not built yet.</p>
    </Dialog>
  );
}

import { useEffect, useId, useRef, type ReactNode, type SyntheticEvent } from 'react';

interface RegistryDialogProps {
  title: string;
  /** Shown beside the title, e.g. "42 actors". */
  subtitle?: string;
  className?: string;
  children: ReactNode;
  /** Escape, the close button or a cancel request: the owner decides (e.g. asks about unsaved edits). */
  onRequestClose(): void;
}

/**
 * A large modal browse-and-edit view on the native <dialog> (focus kept inside, the page
 * behind inert). Escape asks the owner to close rather than closing at once, and only when
 * it was pressed in this dialog, not in a confirmation stacked above it.
 */
export function RegistryDialog({ title, subtitle, className, children, onRequestClose }: RegistryDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  const ours = (e: SyntheticEvent) => (e.target as Element).closest?.('dialog') === ref.current;
  return (
    <dialog
      ref={ref}
      className={`registry-dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented || !ours(e)) return;
        e.preventDefault();
        onRequestClose();
      }}
      onCancel={(e) => {
        if (e.target !== e.currentTarget) return;
        e.preventDefault();
        onRequestClose();
      }}
      onClose={(e) => {
        // Closed by the browser despite the cancel being refused: ask the owner, then reopen.
        if (e.target !== e.currentTarget) return;
        const dialog = ref.current;
        if (dialog?.isConnected && !dialog.open) {
          dialog.showModal();
          onRequestClose();
        }
      }}
    >
      <header className="registry-head">
        <h2 id={titleId}>{title}</h2>
        {subtitle && <span className="registry-subtitle">{subtitle}</span>}
        <span className="spacer" />
        <button type="button" className="icon-button registry-close" aria-label={`Close ${title.toLowerCase()}`} title="Close (Esc)" onClick={onRequestClose}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

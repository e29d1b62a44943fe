import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  children: ReactNode;
  submitLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** Extra buttons at the start of the action row (e.g. "Delete tie"). */
  extraActions?: ReactNode;
  onSubmit(): void;
  onClose(): void;
}

/** A modal form on the native <dialog>: focus trapped, Escape cancels, Enter submits. */
export function Dialog({ title, children, submitLabel, danger, busy, extraActions, onSubmit, onClose }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      // A close request the page may not cancel (a repeated Escape) closes the element itself.
      onClose={onClose}
    >
      <form onSubmit={submit}>
        <h2>{title}</h2>
        {children}
        <div className="dialog-actions">
          {extraActions}
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

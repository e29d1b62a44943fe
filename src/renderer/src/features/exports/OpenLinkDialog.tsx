import { useState } from 'react';
import { parseTiemarkLink, type TiemarkLink } from '../../../../shared/links';
import { Dialog } from '../../ui/Dialog';

interface Props {
  onOpen(link: TiemarkLink): void;
  onClose(): void;
}

/**
 * "Open link…": goes to the passage a tiemark:// link names. The desktop app opens these links
 * from other programs itself; in the browser, where no program can hand one over, this dialog
 * (or pasting the link into the window) is the way back from an exported note or CSV row.
 */
export function OpenLinkDialog({ onOpen, onClose }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const link = parseTiemarkLink(text);
    if (link) onOpen(link);
    else setError('That is not a Tiemark link. Links look like tiemark://source/…#highlight=…, as in exported notes and CSV files.');
  };
  return (
    <Dialog title="Open link" submitLabel="Go to passage" busy={!text.trim()} onSubmit={submit} onClose={onClose}>
      <label>
        Tiemark link
        <input
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          placeholder="tiemark://source/…"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'open-link-error' : undefined}
          spellCheck={false}
          autoFocus
        />
      </label>
      {error && (
        <p className="form-error" id="open-link-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

import { useState } from 'react';
import { Dialog } from '../../ui/Dialog';

interface Props {
  title: string;
  accept: string;
  onSubmit(update: { file: File } | { text: string }): void;
  onClose(): void;
}

/**
 * "Update text…": a new version of the open source, from a file or pasted text. Highlights are
 * re-anchored; any that cannot be placed with certainty wait in the Review highlights list.
 */
export function UpdateTextDialog({ title, accept, onSubmit, onClose }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  return (
    <Dialog
      title="Update text"
      submitLabel="Update text"
      busy={!file && !text.trim()}
      onSubmit={() => onSubmit(file ? { file } : { text })}
      onClose={onClose}
    >
      <p className="hint">
        Replace the text of “{title}” with a newer version. The current text is kept as a version. Highlights found with
        certainty move with their words; any others wait for you under Review highlights. This can be undone.
      </p>
      <label>
        From a file
        <input type="file" accept={accept} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <label>
        Or paste the new text
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={8} disabled={!!file} />
      </label>
    </Dialog>
  );
}

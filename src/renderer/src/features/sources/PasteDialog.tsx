import { useState } from 'react';
import { Dialog } from '../../ui/Dialog';

interface Props {
  initialText: string;
  onSubmit(text: string, title: string): void;
  onClose(): void;
}

export function PasteDialog({ initialText, onSubmit, onClose }: Props) {
  const [text, setText] = useState(initialText);
  const [title, setTitle] = useState('');
  return (
    <Dialog title="New source from pasted text" submitLabel="Add source" busy={!text.trim()} onSubmit={() => onSubmit(text, title)} onClose={onClose}>
      <label>
        Title (optional; otherwise the first line)
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
      </label>
      <label>
        Text
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={12} autoFocus />
      </label>
    </Dialog>
  );
}

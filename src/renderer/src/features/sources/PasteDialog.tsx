import { useState } from 'react';
import { Dialog } from '../../ui/Dialog';

interface Props {
  initialText: string;
  /** The clipboard's HTML when the text was copied from a web page. */
  html?: string;
  onSubmit(text: string, title: string, html?: string): void;
  onClose(): void;
}

export function PasteDialog({ initialText, html, onSubmit, onClose }: Props) {
  const [text, setText] = useState(initialText);
  const [title, setTitle] = useState('');
  // Once the user edits the text, their text is what they want stored, not the page's HTML.
  const keepsPage = !!html && text === initialText;
  return (
    <Dialog
      title="New source from pasted text"
      submitLabel="Add source"
      busy={!text.trim()}
      onSubmit={() => onSubmit(text, title, keepsPage ? html : undefined)}
      onClose={onClose}
    >
      <label>
        Title (optional; otherwise the first line)
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
      </label>
      <label>
        Text
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={12} autoFocus />
      </label>
      {keepsPage && (
        <p className="hint" data-testid="paste-structure">
          Copied from a web page: headings, lists, tables and links are kept; menus and scripts are left out.
        </p>
      )}
    </Dialog>
  );
}

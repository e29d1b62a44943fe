import { useState } from 'react';

interface AliasChipsProps {
  /** Id of the text field that adds an alias, for a <label htmlFor>. */
  id: string;
  aliases: string[];
  onChange(aliases: string[]): void;
  /** A note about an alias (e.g. "also Hezbollah's"), or undefined. */
  noteFor?(alias: string): string | undefined;
  describedBy?: string;
}

/** Splits pasted or typed text into aliases: one per line (or per semicolon). */
function split(text: string): string[] {
  return text
    .split(/[\n;]/)
    .map((a) => a.trim())
    .filter(Boolean);
}

export function addAliases(aliases: string[], text: string): string[] {
  const next = [...aliases];
  for (const alias of split(text)) if (!next.includes(alias)) next.push(alias);
  return next;
}

/**
 * Aliases as chips, each in its own direction (any script), removable one by one; a field adds
 * more on Enter, and a pasted list of lines becomes several aliases.
 */
export function AliasChips({ id, aliases, onChange, noteFor, describedBy }: AliasChipsProps) {
  const [text, setText] = useState('');
  const commit = () => {
    if (!text.trim()) return;
    onChange(addAliases(aliases, text));
    setText('');
  };
  return (
    <div className="alias-chips">
      {aliases.length > 0 && (
        <ul className="chips" aria-label="Aliases">
          {aliases.map((alias) => {
            const note = noteFor?.(alias);
            return (
              <li key={alias} className={`chip${note ? ' chip-warn' : ''}`} title={note}>
                <bdi dir="auto">{alias}</bdi>
                {note && <span className="sr-only"> ({note})</span>}
                <button type="button" className="chip-remove" aria-label={`Remove alias ${alias}`} onClick={() => onChange(aliases.filter((a) => a !== alias))}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="alias-add">
        <input
          id={id}
          type="text"
          dir="auto"
          value={text}
          placeholder="Add an alias, then Enter"
          aria-describedby={describedBy}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && text.trim()) {
              e.preventDefault();
              commit();
            }
          }}
          onPaste={(e) => {
            const pasted = e.clipboardData.getData('text/plain');
            if (/[\n;]/.test(pasted)) {
              e.preventDefault();
              onChange(addAliases(aliases, `${text}${pasted}`));
              setText('');
            }
          }}
          onBlur={commit}
        />
        <button type="button" onClick={commit} disabled={!text.trim()}>
          Add
        </button>
      </div>
    </div>
  );
}

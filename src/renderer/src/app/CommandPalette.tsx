import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { searchCommands, showKey, type Command, type CommandGroup, type CommandRegistry } from './commands';

interface PaletteProps {
  registry: CommandRegistry;
  onClose(): void;
}

/** Opens a native <dialog> as a modal once mounted (focus kept inside, Escape cancels), as ui/Dialog.tsx. */
function useShowModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return ref;
}

/** Escape on a dialog: closed by us, not by the browser, so React's state stays the truth. */
const cancelWith = (onClose: () => void) => (e: React.SyntheticEvent) => {
  e.preventDefault();
  onClose();
};

const Keys = ({ command }: { command: Command }) =>
  command.keys?.length ? (
    <span className="command-keys">
      {command.keys.map((k) => (
        <kbd key={k}>{showKey(k)}</kbd>
      ))}
    </span>
  ) : null;

/**
 * Ctrl/Cmd+K: every command by name, with its key. ↑/↓ choose, Enter runs, Escape closes. A
 * command that does not apply now is listed, dimmed, with why.
 */
export function CommandPalette({ registry, onClose }: PaletteProps) {
  useSyncExternalStore(registry.subscribe, registry.snapshot);
  const ref = useShowModal();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  // Commands that apply now come first; the rest follow, dimmed, with why. Recomputed at every
  // render: whether a command applies depends on the app's state, which the registry reflects.
  const matches = searchCommands(registry.list().filter((c) => c.id !== 'palette'), query);
  const found = [...matches.filter((c) => registry.applies(c)), ...matches.filter((c) => !registry.applies(c))];
  const current = found[Math.min(active, found.length - 1)];

  const run = (command: Command | undefined) => {
    if (!command || !registry.applies(command)) return;
    onClose();
    // After the palette has closed, so a command that opens its own dialog or focuses a field can.
    window.setTimeout(() => void registry.run(command.id), 0);
  };

  return (
    <dialog ref={ref} className="dialog palette" aria-label="Commands" onCancel={cancelWith(onClose)} onClose={onClose}>
      <input
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
        aria-label="Command"
        placeholder="Type a command…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((i) => (found.length ? (Math.min(i, found.length - 1) + step + found.length) % found.length : 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(current);
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label="Commands" className="palette-list">
        {found.length === 0 && <li className="empty">No command matches “{query}”.</li>}
        {found.map((command) => {
          const applies = registry.applies(command);
          return (
            <li
              key={command.id}
              id={`${listId}-${command.id}`}
              role="option"
              aria-selected={command === current}
              aria-disabled={!applies}
              className={`palette-item${applies ? '' : ' disabled'}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => run(command)}
            >
              <span>
                {command.label}
                {!applies && command.whyNot && <span className="palette-why"> — {command.whyNot()}</span>}
              </span>
              <Keys command={command} />
            </li>
          );
        })}
      </ul>
    </dialog>
  );
}

const GROUPS: readonly CommandGroup[] = ['Annotate', 'Edit', 'Find', 'Sources', 'Project', 'View', 'Help'];

/** `?`: every command with a key, by group. */
export function KeyboardHelp({ registry, onClose }: PaletteProps) {
  useSyncExternalStore(registry.subscribe, registry.snapshot);
  const ref = useShowModal();
  const withKeys = registry.list().filter((c) => c.keys?.length);
  return (
    <dialog ref={ref} className="dialog keyboard-help" aria-label="Keyboard shortcuts" onCancel={cancelWith(onClose)} onClose={onClose}>
      <h2>Keyboard shortcuts</h2>
      <div className="help-groups">
        {GROUPS.map((group) => {
          const commands = withKeys.filter((c) => c.group === group);
          if (commands.length === 0) return null;
          return (
            <section key={group} aria-label={group}>
              <h3>{group}</h3>
              <dl>
                {commands.map((c) => (
                  <div key={c.id} className="help-row">
                    <dt>
                      <Keys command={c} />
                    </dt>
                    <dd>{c.label}</dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        })}
      </div>
      <div className="dialog-actions">
        <button type="button" className="primary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}

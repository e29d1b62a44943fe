/**
 * The command registry: every action a user can take by key, toolbar, menu or the command
 * palette is one Command here, so the four paths cannot drift apart (a key that works in the
 * reader works from the palette, with the same label and the same refusal when it does not
 * apply). Commands run through one error path: a failure, thrown or rejected, becomes one
 * message through `onError`; nothing is dropped.
 *
 * Plain TypeScript, no React: src/renderer/src/App.tsx registers the commands it can run, and
 * the keyboard handler, the selection toolbar, the palette and the help sheet read them here.
 */

export type CommandGroup = 'Annotate' | 'Edit' | 'Find' | 'Sources' | 'Project' | 'View' | 'Help';

export interface Command {
  id: string;
  label: string;
  group: CommandGroup;
  /** Keys as shown and matched: "H", ".", "Delete", "Mod+Z", "Shift+Mod+Z", "Mod+K", "?". */
  keys?: readonly string[];
  /** Whether it applies now; a command that does not apply is listed but disabled, and its key does nothing. */
  when?: () => boolean;
  /** Why it does not apply, for the palette ("Select some text first"). */
  whyNot?: () => string;
  /**
   * The command opens a field (a picker, the tie form, a note): keys typed between the command
   * key and the field taking focus are kept and given to the field (see KeyBuffer).
   */
  opensField?: boolean;
  /** Keys also act while focus is in a text field (Mod+K, Mod+Shift+F). Single keys never do. */
  inFields?: boolean;
  run: () => void | Promise<unknown>;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Mod+Shift+Z" → "Ctrl+Shift+Z" (or "⌘⇧Z" on a Mac), for labels and the help sheet. */
export function showKey(key: string): string {
  if (!isMac) return key.replace('Shift+Mod+', 'Ctrl+Shift+').replace('Mod', 'Ctrl');
  return key.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}

/** The key string an event stands for, in the form Command.keys uses. */
export function keyOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const parts: string[] = [];
  const mod = isMac ? event.metaKey : event.ctrlKey;
  // Shift is part of the key for letters and named keys; "?" and "." already carry it.
  const printable = event.key.length === 1 && !/[a-z]/i.test(event.key);
  if (event.shiftKey && !printable) parts.push('Shift');
  if (mod) parts.push('Mod');
  if (event.altKey) parts.push('Alt');
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  return [...parts, key].join('+');
}

export class CommandRegistry {
  private commands = new Map<string, Command>();
  private listeners = new Set<() => void>();
  private version = 0;

  constructor(private readonly onError: (error: unknown) => void) {}

  /**
   * Called as a command that opens a field runs, however it was started (its key, the palette,
   * a menu): the app starts keeping typed-ahead keys for that field here (KeyBuffer).
   */
  private onOpensField: (() => void) | null = null;

  /** Sets what runs as a field-opening command starts (null: nothing); returns a function that unsets it. */
  whenOpeningField(hook: () => void): () => void {
    this.onOpensField = hook;
    return () => {
      if (this.onOpensField === hook) this.onOpensField = null;
    };
  }

  /** Replaces the whole set (App re-registers each render, so `run` closes over current state). */
  setAll(commands: readonly Command[]): void {
    this.commands = new Map(commands.map((c) => [c.id, c]));
    this.version++;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever the set is replaced (for useSyncExternalStore). */
  snapshot = (): number => this.version;

  get(id: string): Command | undefined {
    return this.commands.get(id);
  }

  list(): Command[] {
    return [...this.commands.values()];
  }

  applies(command: Command): boolean {
    try {
      return command.when ? command.when() : true;
    } catch {
      return false;
    }
  }

  /** Runs a command by id if it applies; every failure goes to onError. Resolves when it is done. */
  async run(id: string): Promise<boolean> {
    const command = this.commands.get(id);
    if (!command || !this.applies(command)) return false;
    if (command.opensField) this.onOpensField?.();
    try {
      await command.run();
    } catch (error) {
      this.onError(error);
    }
    return true;
  }

  /** The command bound to this key event, if one applies (single keys only outside text fields). */
  forKey(event: KeyboardEvent, inField: boolean): Command | undefined {
    const key = keyOf(event);
    for (const command of this.commands.values()) {
      if (!command.keys?.includes(key)) continue;
      if (inField && !command.inFields) continue;
      if (this.applies(command)) return command;
    }
    return undefined;
  }
}

/** Ranks commands for the palette's query: label starts, then word starts, then anywhere. */
export function searchCommands(commands: readonly Command[], query: string): Command[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...commands];
  const scored: Array<{ command: Command; score: number }> = [];
  for (const command of commands) {
    const label = command.label.toLowerCase();
    const score = label.startsWith(q) ? 0 : label.split(/[\s/…-]+/).some((w) => w.startsWith(q)) ? 1 : label.includes(q) ? 2 : -1;
    if (score >= 0) scored.push({ command, score });
  }
  return scored.sort((a, b) => a.score - b.score || a.command.label.localeCompare(b.command.label)).map((s) => s.command);
}

/**
 * Keeps the keys typed right after a command that opens a field, until the field has focus,
 * then types them into it: a fast user presses T and types "Israel" before the tie form has
 * opened, and must find "Israel" in the field, not "srael". Printable keys only; any other key
 * (Escape, Enter, arrows) ends the capture and is left alone. Gives up after `timeoutMs`.
 */
export class KeyBuffer {
  private text = '';
  private active = false;
  private timer = 0;

  constructor(
    private readonly target: Pick<Window, 'addEventListener' | 'removeEventListener' | 'setTimeout' | 'clearTimeout'> = window,
    private readonly timeoutMs = 1500,
  ) {}

  /** Starts keeping keys; `isField` tells whether an element is the field they are meant for. */
  start(isField: (el: Element) => boolean): void {
    this.stop();
    this.active = true;
    this.text = '';
    // The field the command was given in (the palette's, about to close) is not the one opening:
    // a key that still reaches it is kept, not typed there.
    const origin = typeof document === 'undefined' ? null : document.activeElement;
    const opening = (el: Element) => el !== origin && isField(el);
    const onKey = (event: KeyboardEvent) => {
      if (!this.active) return;
      const target = event.target as Element | null;
      if (target && opening(target)) return finish(target);
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        event.stopImmediatePropagation();
        this.text += event.key;
      } else this.stop();
    };
    const onFocus = (event: FocusEvent) => {
      const target = event.target as Element | null;
      if (target && opening(target)) finish(target);
    };
    const finish = (field: Element) => {
      const text = this.text;
      this.stop();
      if (text) insertText(field, text);
    };
    this.target.addEventListener('keydown', onKey as EventListener, true);
    this.target.addEventListener('focusin', onFocus as EventListener, true);
    this.cleanup = () => {
      this.target.removeEventListener('keydown', onKey as EventListener, true);
      this.target.removeEventListener('focusin', onFocus as EventListener, true);
    };
    this.timer = this.target.setTimeout(() => this.stop(), this.timeoutMs);
  }

  stop(): void {
    this.active = false;
    this.target.clearTimeout(this.timer);
    this.cleanup?.();
    this.cleanup = undefined;
  }

  private cleanup?: () => void;
}

/** Types text into a field as typing would (so React and Lexical see ordinary input). */
function insertText(field: Element, text: string): void {
  if (field instanceof HTMLElement) field.focus();
  // insertText goes through the browser's editing path: `input` events for inputs, and
  // `beforeinput` for contenteditable editors such as Lexical.
  const inserted = typeof document.execCommand === 'function' && document.execCommand('insertText', false, text);
  if (!inserted && (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) {
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')?.set;
    setter?.call(field, field.value + text);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

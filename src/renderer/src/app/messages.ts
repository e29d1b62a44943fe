import type { Toast } from '../ui/Toasts';

/** How long a notice stays; errors stay until dismissed. */
export const NOTICE_MS = 6000;
/** At most this many messages at once; the oldest go first. */
export const MAX_MESSAGES = 5;

/**
 * The app's messages ("Highlight deleted", "The disk is full…"), outside React: anything may
 * say something (a command, the import queue, the error path), and the Toasts view subscribes.
 * Notices dismiss themselves; errors stack, newest last, until dismissed.
 */
export class Messages {
  private list: readonly Toast[] = [];
  private listeners = new Set<() => void>();
  private nextId = 1;

  constructor(
    initial: readonly Omit<Toast, 'id'>[] = [],
    private readonly timers: Pick<typeof globalThis, 'setTimeout'> = globalThis,
  ) {
    for (const m of initial) this.say(m.kind, m.text);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The messages shown, oldest first; a new array after every change. */
  snapshot = (): readonly Toast[] => this.list;

  say(kind: Toast['kind'], text: string): number {
    const id = this.nextId++;
    // The same error twice in a row (a key held down on a refused command) is shown once.
    const last = this.list[this.list.length - 1];
    if (last && last.kind === kind && last.text === text) this.dismiss(last.id);
    this.set([...this.list, { id, kind, text }].slice(-MAX_MESSAGES));
    if (kind === 'info') this.timers.setTimeout(() => this.dismiss(id), NOTICE_MS);
    return id;
  }

  dismiss(id: number): void {
    if (this.list.some((m) => m.id === id)) this.set(this.list.filter((m) => m.id !== id));
  }

  private set(list: readonly Toast[]): void {
    this.list = list;
    for (const listener of this.listeners) listener();
  }
}

import { $getRoot, type LexicalEditor } from 'lexical';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

type SaveFn = (content: string, plainText: string) => Promise<void>;

/** Quiet time after the last keystroke before saving, and the longest a change may wait. */
const DEBOUNCE_MS = 500;
const MAX_WAIT_MS = 2000;

/**
 * Saves a Lexical editor's content as the user types: debounced, at most one save in flight
 * (saves run in order, so the last one written is the newest), nothing sent when the content
 * equals what was last saved, and `flush()` to save at once (blur, close, page hide).
 */
export class NoteSaver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstChangeAt = 0;
  /** The serialized content last handed to onSave (or loaded); null until the baseline is taken. */
  private lastSaved: string | null = null;
  private chain: Promise<boolean> = Promise.resolve(true);
  private inFlight = 0;

  constructor(
    private readonly editor: LexicalEditor,
    private readonly save: () => SaveFn,
    private readonly report: (status: SaveStatus, error?: string) => void,
  ) {}

  private read(): { content: string; plainText: string } {
    return this.editor.read(() => ({
      content: JSON.stringify(this.editor.getEditorState().toJSON()),
      plainText: $getRoot().getTextContent(),
    }));
  }

  /** Records the loaded content as saved, so opening a note never writes it back. */
  baseline(): void {
    if (this.lastSaved === null) this.lastSaved = this.read().content;
  }

  /** The content changed: save after a pause in typing (or after MAX_WAIT_MS of typing). */
  changed(): void {
    const now = Date.now();
    if (this.timer === undefined) this.firstChangeAt = now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstChangeAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  /** Saves now if anything changed. Resolves true once everything so far is stored. */
  flush(): Promise<boolean> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { content, plainText } = this.read();
    if (this.lastSaved === null) this.lastSaved = content;
    if (content === this.lastSaved) return this.chain;
    this.lastSaved = content;
    this.inFlight++;
    this.report('saving');
    const save = this.save();
    this.chain = this.chain.then(() =>
      save(content, plainText).then(
        () => {
          this.inFlight--;
          if (this.inFlight === 0 && this.timer === undefined) this.report('saved');
          return true;
        },
        (error: unknown) => {
          this.inFlight--;
          // Unless newer content is already queued, let the next flush try again.
          if (this.lastSaved === content) this.lastSaved = '';
          this.report('error', error instanceof Error ? error.message : String(error));
          return false;
        },
      ),
    );
    return this.chain;
  }

  /** Stops the pending timer without saving (the caller flushes first when it should). */
  cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

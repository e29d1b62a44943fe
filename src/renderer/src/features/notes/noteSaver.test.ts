import { createHeadlessEditor } from '@lexical/headless';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NoteSaver, type SaveStatus } from './noteSaver';

/**
 * NoteSaver against a real Lexical editor (headless) with Vitest's fake clock: the debounce and
 * the longest wait are checked by moving the clock, never by waiting.
 */

const DEBOUNCE_MS = 500;
const MAX_WAIT_MS = 2000;

/** A save the test settles by hand, to hold a save in flight. */
interface PendingSave {
  content: string;
  plainText: string;
  resolve(): void;
  reject(error: Error): void;
}

function setup(initial = '') {
  const editor: LexicalEditor = createHeadlessEditor({
    namespace: 'note-saver-test',
    onError: (error) => {
      throw error;
    },
  });
  const write = (text: string) =>
    editor.update(
      () => {
        const root = $getRoot();
        root.clear();
        const paragraph = $createParagraphNode();
        if (text) paragraph.append($createTextNode(text));
        root.append(paragraph);
      },
      { discrete: true },
    );
  write(initial);
  const saves: PendingSave[] = [];
  const statuses: Array<[SaveStatus, string | undefined]> = [];
  /** Saves settle at once unless `hold` is set. */
  let hold = false;
  const onSave = vi.fn(
    (content: string, plainText: string) =>
      new Promise<void>((resolve, reject) => {
        saves.push({ content, plainText, resolve, reject });
        if (!hold) resolve();
      }),
  );
  let current: (content: string, plainText: string) => Promise<void> = onSave;
  const saver = new NoteSaver(
    editor,
    () => current,
    (status, error) => statuses.push([status, error]),
  );
  /** The user types: the editor changes and tells the saver, as NoteEditor's update listener does. */
  const type = (text: string) => {
    write(text);
    saver.changed();
  };
  return {
    editor,
    saver,
    saves,
    statuses,
    onSave,
    type,
    write,
    holdSaves: (on: boolean) => (hold = on),
    useSave: (fn: (content: string, plainText: string) => Promise<void>) => (current = fn),
    texts: () => saves.map((s) => s.plainText),
  };
}

/** Lets the promise callbacks queued so far run (a save starts when the one before it settles). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('NoteSaver', () => {
  it('never writes back the loaded note', async () => {
    const t = setup('Loaded from the store');
    t.saver.baseline();
    expect(await t.saver.flush()).toBe(true);
    await vi.advanceTimersByTimeAsync(MAX_WAIT_MS * 2);
    expect(t.onSave).not.toHaveBeenCalled();
    expect(t.statuses).toEqual([]);
  });

  it('takes the first flush without a baseline as the baseline, and saves nothing', async () => {
    const t = setup('Already there');
    expect(await t.saver.flush()).toBe(true);
    expect(t.onSave).not.toHaveBeenCalled();
    t.type('Already there, and more');
    await t.saver.flush();
    expect(t.texts()).toEqual(['Already there, and more']);
  });

  it('saves once, DEBOUNCE_MS after the last keystroke, with the editor JSON and its plain text', async () => {
    const t = setup();
    t.saver.baseline();
    t.type('C');
    await vi.advanceTimersByTimeAsync(300);
    t.type('Co');
    await vi.advanceTimersByTimeAsync(300);
    t.type('Cor');
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 1);
    expect(t.onSave).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(t.onSave).toHaveBeenCalledTimes(1);
    const [content, plainText] = t.onSave.mock.calls[0];
    expect(plainText).toBe('Cor');
    expect(content).toBe(JSON.stringify(t.editor.getEditorState().toJSON()));
    expect(JSON.parse(content)).toMatchObject({ root: { children: [{ type: 'paragraph', children: [{ type: 'text', text: 'Cor' }] }] } });
    expect(t.statuses.map(([s]) => s)).toEqual(['saving', 'saved']);
  });

  it('saves at least every MAX_WAIT_MS while the user keeps typing', async () => {
    const t = setup();
    t.saver.baseline();
    let text = '';
    // A key every 100 ms for 4.5 s: the debounce alone would never fire.
    for (let ms = 0; ms < 4500; ms += 100) {
      text += 'x';
      t.type(text);
      await vi.advanceTimersByTimeAsync(100);
    }
    // One save at 2 s (20 keys typed), one at 4 s (40 keys), each with what was there then.
    expect(t.texts()).toEqual(['x'.repeat(20), 'x'.repeat(40)]);
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(t.texts()).toEqual(['x'.repeat(20), 'x'.repeat(40), 'x'.repeat(45)]);
  });

  it('flush() saves at once and cancels the pending timer', async () => {
    const t = setup();
    t.saver.baseline();
    t.type('Typed, then the editor lost focus');
    expect(await t.saver.flush()).toBe(true);
    expect(t.texts()).toEqual(['Typed, then the editor lost focus']);
    await vi.advanceTimersByTimeAsync(MAX_WAIT_MS * 2);
    expect(t.onSave).toHaveBeenCalledTimes(1);
  });

  it('sends nothing when the content is back to what was last saved', async () => {
    const t = setup('Original');
    t.saver.baseline();
    t.type('Original plus a typo');
    t.type('Original');
    await vi.advanceTimersByTimeAsync(MAX_WAIT_MS);
    expect(t.onSave).not.toHaveBeenCalled();
    // And a second flush of saved content is a no-op too.
    t.type('Changed');
    await t.saver.flush();
    await t.saver.flush();
    expect(t.texts()).toEqual(['Changed']);
  });

  it('runs saves one at a time, in order, so the newest content is written last', async () => {
    const t = setup();
    t.saver.baseline();
    t.holdSaves(true);
    t.type('first');
    const first = t.saver.flush();
    t.type('second');
    const second = t.saver.flush();
    t.type('third');
    const third = t.saver.flush();
    await settle();
    // Only the first has been handed to the store; the others wait for it.
    expect(t.texts()).toEqual(['first']);
    t.saves[0].resolve();
    await settle();
    expect(t.texts()).toEqual(['first', 'second']);
    t.saves[1].resolve();
    await settle();
    expect(t.texts()).toEqual(['first', 'second', 'third']);
    t.saves[2].resolve();
    await expect(Promise.all([first, second, third])).resolves.toEqual([true, true, true]);
  });

  it('reports "saved" only when nothing is in flight or waiting', async () => {
    const t = setup();
    t.saver.baseline();
    t.holdSaves(true);
    t.type('one');
    void t.saver.flush();
    t.type('two');
    void t.saver.flush();
    await settle();
    t.saves[0].resolve();
    await settle();
    expect(t.statuses.map(([s]) => s)).toEqual(['saving', 'saving']);
    // The second save finishes while a new keystroke waits for its timer: still not "saved".
    t.type('three');
    t.saves[1].resolve();
    await settle();
    expect(t.statuses.map(([s]) => s)).toEqual(['saving', 'saving']);
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    t.saves[2].resolve();
    await settle();
    expect(t.statuses.map(([s]) => s)).toEqual(['saving', 'saving', 'saving', 'saved']);
  });

  it('reports a failed save, resolves false, and tries the same content again on the next flush', async () => {
    const t = setup();
    t.saver.baseline();
    t.holdSaves(true);
    t.type('Will fail once');
    const attempt = t.saver.flush();
    await settle();
    t.saves[0].reject(new Error('the change was not saved'));
    expect(await attempt).toBe(false);
    expect(t.statuses).toEqual([
      ['saving', undefined],
      ['error', 'the change was not saved'],
    ]);
    // Nothing was typed since, yet the content is sent again.
    t.holdSaves(false);
    expect(await t.saver.flush()).toBe(true);
    expect(t.texts()).toEqual(['Will fail once', 'Will fail once']);
    expect(t.statuses.at(-1)).toEqual(['saved', undefined]);
  });

  it('after a failure with newer content already queued, saves the newer content once, not the failed one again', async () => {
    const t = setup();
    t.saver.baseline();
    t.holdSaves(true);
    t.type('older');
    const older = t.saver.flush();
    t.type('newer');
    const newer = t.saver.flush();
    await settle();
    t.saves[0].reject(new Error('disk full'));
    expect(await older).toBe(false);
    await settle();
    t.saves[1].resolve();
    expect(await newer).toBe(true);
    t.holdSaves(false);
    await t.saver.flush();
    expect(t.texts()).toEqual(['older', 'newer']);
  });

  it('uses the save function current at flush time', async () => {
    const t = setup();
    t.saver.baseline();
    t.type('to the first highlight');
    await t.saver.flush();
    const other = vi.fn(() => Promise.resolve());
    t.useSave(other);
    t.type('to the replacement');
    await t.saver.flush();
    expect(t.texts()).toEqual(['to the first highlight']);
    expect(other).toHaveBeenCalledWith(expect.any(String), 'to the replacement');
  });

  it('cancelTimer() drops the pending save; a later flush still saves the content', async () => {
    const t = setup();
    t.saver.baseline();
    t.type('pending');
    t.saver.cancelTimer();
    await vi.advanceTimersByTimeAsync(MAX_WAIT_MS * 2);
    expect(t.onSave).not.toHaveBeenCalled();
    await t.saver.flush();
    expect(t.texts()).toEqual(['pending']);
  });

  it('keeps emoji, right-to-left text and line structure in the plain text it saves', async () => {
    const t = setup();
    t.saver.baseline();
    t.editor.update(
      () => {
        const root = $getRoot();
        root.clear();
        for (const line of ['Hezbollah (حزب الله) 🇱🇧', 'second paragraph']) root.append($createParagraphNode().append($createTextNode(line)));
      },
      { discrete: true },
    );
    t.saver.changed();
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(t.texts()).toEqual(['Hezbollah (حزب الله) 🇱🇧\n\nsecond paragraph']);
  });
});

/**
 * The note editors on screen, by highlight: an undo or redo first saves what is typed in them
 * (so the step it reverts is the one the buttons name), then compares what they show with the
 * store, and the app reopens an editor whose note the step changed (App.tsx). Kept apart from
 * the editor (NoteEditor.tsx), which loads with Lexical only when a note is first opened.
 */
export const openEditors = new Map<string, { flush(): Promise<boolean>; shown(): string }>();

/** Saves what every open note editor has not saved yet; resolves once it is stored (false if a save failed). */
export async function flushOpenNotes(): Promise<boolean> {
  const results = await Promise.all([...openEditors.values()].map((e) => e.flush()));
  return results.every(Boolean);
}

/** What the note editor of `highlightId` shows (serialized as saved), or undefined when none is open. */
export function shownNote(highlightId: string): string | undefined {
  return openEditors.get(highlightId)?.shown();
}

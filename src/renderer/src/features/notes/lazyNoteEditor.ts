import { lazy } from 'react';

// The note editor and Lexical are a third of the window's code: they load when the window is
// idle after it starts (prefetchNoteEditor, from App.tsx) or when a note is first opened,
// whichever comes first, instead of delaying the window's first paint. Keys typed before the
// editor is there wait for it (KeyBuffer, src/renderer/src/app/commands.ts).
const load = () => import('./NoteEditor');

export const NoteEditor = lazy(() => load().then((m) => ({ default: m.NoteEditor })));

export function prefetchNoteEditor(): void {
  load().catch(() => undefined); // a failed fetch is tried again, and reported, when a note opens
}

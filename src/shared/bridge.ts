import type { Result } from './errors';
import type { MethodName } from './api';

/** A file chosen in the desktop app's open dialog, read by the shell for the page to import. */
export type PickedFile = { name: string; dataBase64: string } | { name: string; error: string };

/**
 * The two channels between the Electron preload and main; the renderer never sees them. Every
 * request goes over `invoke` as a ShellRequest and is answered with a Result; `changed` carries
 * main's notifications (ChangeEvent) to the page.
 */
export const IPC = {
  invoke: 'tiemark:invoke',
  changed: 'tiemark:changed',
} as const;

/** What the preload asks of main, checked there by parseShellRequest (src/main/ipc.ts). */
export type ShellRequest =
  | { kind: 'api'; method: MethodName; args: unknown }
  /** The native open dialog: answers PickedFile[] | null. */
  | { kind: 'import-dialog' }
  /**
   * The native save dialog, then the content written: answers the saved path, or null if cancelled.
   * `encoding` 'base64' carries bytes (zip exports); text is the default.
   */
  | { kind: 'save-file'; fileName: string; content: string; encoding?: SaveEncoding };

/** How a saved file's content travels over the bridge: text as it is, bytes as base64. */
export type SaveEncoding = 'utf8' | 'base64';

/**
 * Commands the desktop menu sends to the page, each the id of a command in the page's one
 * registry (src/renderer/src/app/workspaceCommands.ts; a test checks that each is registered).
 */
export const SHELL_COMMANDS = [
  'undo',
  'redo',
  'import',
  'export-source',
  'export-project',
  'exports',
  'open-link',
  'backups',
  'find',
  'search',
  'actors',
  'relations',
  'network',
  'palette',
  'help',
] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];

/** Why the renderer should reload its data: the project was swapped or changed elsewhere. */
export type ChangeEvent =
  | { kind: 'project-opened' }
  | { kind: 'sources-changed' }
  /** A menu command for the page: undo/redo of annotations, import, export, the Backups dialog. */
  | { kind: 'command'; command: ShellCommand }
  /** A tiemark:// link was opened: show this passage. */
  | { kind: 'open-link'; sourceId: string; highlightId: string | null };

/** What the Electron preload exposes as `window.tiemark`; absent in the browser host. */
export interface ShellBridge {
  shell: 'electron';
  call(method: MethodName, args: unknown): Promise<Result<unknown>>;
  /** Native open dialog: the chosen files' contents (or why one could not be read); null if cancelled. */
  importDialog(): Promise<PickedFile[] | null>;
  onChanged(listener: (event: ChangeEvent) => void): () => void;
  /** Native save dialog, then write the content (text, or base64 bytes); resolves to the saved path, or null if cancelled. */
  saveFile(fileName: string, content: string, encoding?: SaveEncoding): Promise<string | null>;
}

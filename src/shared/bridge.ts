import type { Result } from './errors';
import type { MethodName } from './api';
import type { ImportReport } from './types';

/** Channel names between the Electron preload and main. The renderer never sees them. */
export const IPC = {
  api: 'tiemark:api',
  importDialog: 'tiemark:import-dialog',
  changed: 'tiemark:changed',
} as const;

/** Why the renderer should reload its data: the project was swapped or changed elsewhere. */
export type ChangeEvent = { kind: 'project-opened' } | { kind: 'sources-changed' };

/** What the Electron preload exposes as `window.tiemark`; absent in the browser host. */
export interface ShellBridge {
  shell: 'electron';
  call(method: MethodName, args: unknown): Promise<Result<unknown>>;
  /** Native open dialog, then import of the chosen files; null if the user cancelled. */
  importDialog(): Promise<ImportReport | null>;
  onChanged(listener: (event: ChangeEvent) => void): () => void;
}

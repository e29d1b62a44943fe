import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Workspace, WorkspaceState } from './workspace';

/** The window's one workspace (src/renderer/src/app/workspace.ts), provided by App.tsx. */
export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspaceController(): Workspace {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error('useWorkspace needs a WorkspaceContext provider (App.tsx gives one).');
  return ws;
}

/**
 * One slice of the workspace state; the component re-renders only when that slice changes.
 * `select` must return a field of the state (or a primitive), not a new object each time.
 */
export function useWorkspace<T>(select: (state: WorkspaceState) => T): T {
  const ws = useWorkspaceController();
  return useSyncExternalStore(ws.subscribe, () => select(ws.state));
}

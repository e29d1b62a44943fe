import { SearchBox } from '../features/search/SearchPanel';
import { showKey } from './commands';
import { useWorkspace, useWorkspaceController } from './useWorkspace';
import { describeStep } from './workspace';

/** The window's top bar: project, status badges, corpus search, undo and redo, and the project-wide commands. */
export function TopBar({ theme }: { theme: 'light' | 'dark' }) {
  const ws = useWorkspaceController();
  const project = useWorkspace((s) => s.project);
  const undoState = useWorkspace((s) => s.undoState);
  const view = useWorkspace((s) => s.view);
  const run = (id: string) => void ws.registry.run(id);
  return (
    <header className="topbar">
      <span className="brand">Tiemark</span>
      <span className="project-name" title={project?.path}>
        {project?.name ?? ''}
      </span>
      {project?.readOnly && (
        <span className="read-only-badge" role="status" title={project.readOnly}>
          Read-only
        </span>
      )}
      {project?.backupProblem && (
        <span className="backup-problem" role="alert" title={project.backupProblem}>
          Backup failed
        </span>
      )}
      <SearchBox store={ws.search} />
      <span className="spacer" />
      <button
        type="button"
        onClick={() => run('undo')}
        disabled={!undoState.canUndo}
        title={undoState.undo ? `Undo ${describeStep(undoState.undo)} (${showKey('Mod+Z')})` : 'Nothing to undo'}
      >
        Undo
      </button>
      <button
        type="button"
        onClick={() => run('redo')}
        disabled={!undoState.canRedo}
        title={undoState.redo ? `Redo ${describeStep(undoState.redo)} (${showKey('Shift+Mod+Z')})` : 'Nothing to redo'}
      >
        Redo
      </button>
      <button type="button" onClick={() => run('actors')}>
        Actors
      </button>
      <button type="button" onClick={() => run('relations')}>
        Relation types
      </button>
      <button type="button" onClick={() => run('backups')} title="See this project's backups, back up now, or restore one">
        Backups…
      </button>
      <button type="button" onClick={() => run('export-project')} title="Export all sources with their highlights, ties and notes as Markdown">
        Export project
      </button>
      <button type="button" onClick={() => run('exports')} title="Export tables, network files, annotations or the whole project">
        Export…
      </button>
      <button type="button" aria-pressed={view === 'network'} onClick={() => run('network')} title="Actors and their ties as a graph">
        Network
      </button>
      <button type="button" onClick={() => run('palette')} title={`Every command by name (${showKey('Mod+K')}); press ? for the keyboard shortcuts`}>
        Commands
      </button>
      <button
        type="button"
        onClick={() => run('theme')}
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
      >
        {/* A narrow window shows the sign alone (app.css). */}
        <span className="theme-icon" aria-hidden="true">
          {theme === 'dark' ? '☀' : '☾'}
        </span>
        <span className="theme-label">{theme === 'dark' ? 'Light theme' : 'Dark theme'}</span>
      </button>
    </header>
  );
}

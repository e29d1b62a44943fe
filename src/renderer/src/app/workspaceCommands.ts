import { describeStep, type Workspace } from './workspace';
import type { Command } from './commands';
import { toggleCaretMode } from '../reader/caret';

/** What the commands need from outside the workspace: the view preferences and the file picker. */
export interface ViewControls {
  theme: 'light' | 'dark';
  toggleTheme(): void;
  changeTextSize(step: -1 | 1): void;
  startImport(): void;
}

/**
 * Every command of the window, built from the workspace's current state (labels name what undo
 * would undo; `when` is read at the moment a key is pressed). The keyboard, the selection
 * toolbar, the side panel's buttons, the Electron menu, the palette and the help sheet all run
 * these through the workspace's registry (src/renderer/src/app/commands.ts).
 */
export function workspaceCommands(ws: Workspace, view: ViewControls): Command[] {
  const { undoState, view: shown } = ws.state;
  const needsTarget = () => 'Select some text or a highlight first.';
  const needsSource = () => 'Open a source first.';
  const hasSource = () => !!ws.state.source;
  return [
    { id: 'highlight', label: 'Highlight the selection', group: 'Annotate', keys: ['H'], when: () => !!ws.selection, whyNot: () => 'Select some text first.', run: () => ws.actOnTarget('highlight') },
    { id: 'tag', label: 'Tag an actor…', group: 'Annotate', keys: ['A'], when: ws.hasTarget, whyNot: needsTarget, opensField: true, run: () => ws.actOnTarget('tag') },
    { id: 'tie', label: 'Add a tie…', group: 'Annotate', keys: ['T'], when: ws.hasTarget, whyNot: needsTarget, opensField: true, run: () => ws.actOnTarget('tie') },
    { id: 'note', label: 'Write a note…', group: 'Annotate', keys: ['N'], when: ws.hasTarget, whyNot: needsTarget, opensField: true, run: () => ws.actOnTarget('note') },
    { id: 'caret-mode', label: 'Select text with the keyboard (caret mode)', group: 'Annotate', keys: ['F7'], when: hasSource, whyNot: needsSource, run: () => toggleCaretMode() },
    { id: 'repeat-tie', label: 'Repeat the last tie', group: 'Annotate', keys: ['.'], run: ws.repeatLastTie },
    {
      id: 'delete-highlight',
      label: 'Delete the selected highlight',
      group: 'Annotate',
      keys: ['Delete', 'Backspace'],
      when: () => !!ws.state.selectedId && !ws.selection,
      whyNot: () => 'Select a highlight first.',
      run: () => ws.deleteHighlight(ws.state.selectedId!),
    },
    {
      id: 'clear-selection',
      label: 'Clear the selection',
      group: 'Annotate',
      keys: ['Escape'],
      run: () => {
        window.getSelection()?.removeAllRanges();
        ws.selectHighlight(null);
      },
    },
    {
      id: 'undo',
      label: undoState.undo ? `Undo ${describeStep(undoState.undo)}` : 'Undo',
      group: 'Edit',
      keys: ['Mod+Z'],
      when: () => ws.state.undoState.canUndo,
      whyNot: () => 'Nothing to undo.',
      run: () => ws.undoOrRedo('undo'),
    },
    {
      id: 'redo',
      label: undoState.redo ? `Redo ${describeStep(undoState.redo)}` : 'Redo',
      group: 'Edit',
      keys: ['Shift+Mod+Z', 'Mod+Y'],
      when: () => ws.state.undoState.canRedo,
      whyNot: () => 'Nothing to redo.',
      run: () => ws.undoOrRedo('redo'),
    },
    { id: 'search', label: 'Search all sources', group: 'Find', keys: ['Shift+Mod+F'], inFields: true, opensField: true, run: ws.search.focus },
    {
      id: 'find',
      label: 'Find in this source',
      group: 'Find',
      keys: ['Mod+F'],
      inFields: true,
      opensField: true,
      when: () => !!ws.state.source && ws.state.view === 'reader',
      whyNot: needsSource,
      run: ws.find.open,
    },
    { id: 'import', label: 'Import files…', group: 'Sources', run: view.startImport },
    { id: 'paste', label: 'Paste text as a new source…', group: 'Sources', opensField: true, run: () => ws.setModal({ kind: 'paste', text: '' }) },
    { id: 'details', label: 'Edit this source’s details…', group: 'Sources', when: hasSource, whyNot: needsSource, run: () => ws.setModal({ kind: 'metadata' }) },
    { id: 'update-text', label: 'Update text…', group: 'Sources', when: hasSource, whyNot: needsSource, run: () => ws.setModal({ kind: 'update-text' }) },
    { id: 'delete-source', label: 'Delete this source…', group: 'Sources', when: hasSource, whyNot: needsSource, run: () => ws.setModal({ kind: 'delete-source' }) },
    { id: 'export-source', label: 'Export this source as Markdown', group: 'Sources', when: hasSource, whyNot: needsSource, run: () => ws.exportMarkdown('source') },
    { id: 'copy-notes', label: 'Copy this source’s notes as rich text', group: 'Sources', when: hasSource, whyNot: needsSource, run: ws.copyNotesAsRichText },
    { id: 'export-project', label: 'Export the project as Markdown', group: 'Project', run: () => ws.exportMarkdown('project') },
    { id: 'analyst', label: 'Analyst name…', group: 'Project', opensField: true, run: () => ws.setModal({ kind: 'analyst' }) },
    { id: 'open-link', label: 'Open link…', group: 'Project', opensField: true, run: () => ws.setModal({ kind: 'open-link' }) },
    { id: 'exports', label: 'Export…', group: 'Project', run: () => ws.setModal({ kind: 'exports' }) },
    { id: 'backups', label: 'Backups…', group: 'Project', run: () => ws.setModal({ kind: 'backups' }) },
    { id: 'actors', label: 'Actors…', group: 'Project', run: () => ws.setModal({ kind: 'actors' }) },
    { id: 'relations', label: 'Relation types…', group: 'Project', run: () => ws.setModal({ kind: 'relations' }) },
    { id: 'network', label: shown === 'network' ? 'Back to the reader' : 'Network view', group: 'View', run: () => ws.setView(ws.state.view === 'network' ? 'reader' : 'network') },
    { id: 'show-highlights', label: 'Show the highlights', group: 'View', run: () => ws.setTab('highlights') },
    { id: 'show-ties', label: 'Show the ties', group: 'View', run: () => ws.setTab('ties') },
    { id: 'show-mentions', label: 'Show the mentions', group: 'View', run: () => ws.setTab('mentions') },
    { id: 'text-smaller', label: 'Smaller text', group: 'View', run: () => view.changeTextSize(-1) },
    { id: 'text-larger', label: 'Larger text', group: 'View', run: () => view.changeTextSize(1) },
    { id: 'theme', label: view.theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme', group: 'View', run: view.toggleTheme },
    { id: 'palette', label: 'Command palette', group: 'Help', keys: ['Mod+K'], inFields: true, run: () => ws.setModal({ kind: 'palette' }) },
    { id: 'help', label: 'Keyboard shortcuts', group: 'Help', keys: ['?'], run: () => ws.setModal({ kind: 'help' }) },
  ];
}

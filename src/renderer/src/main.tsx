import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createWorkspace } from './App';
import { loadPreferences } from './ui/preferences';
import './styles/app.css';

// The stored theme, text size and pane widths apply from the first frame (never rejects: defaults
// then). The project is asked for at the same moment, not after the first render: the source it
// was left on arrives as soon as it can.
const preferences = loadPreferences();
const ws = createWorkspace();
void ws.loadProject(false);
void preferences.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App ws={ws} />
    </StrictMode>,
  ),
);

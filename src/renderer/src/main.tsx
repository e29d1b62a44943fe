import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadPreferences } from './ui/preferences';
import './styles/app.css';

// The stored theme, text size and pane widths apply from the first frame (never rejects: defaults then).
void loadPreferences().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

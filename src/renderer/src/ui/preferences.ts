import { useEffect, useState, useSyncExternalStore } from 'react';
import { DEFAULT_PREFERENCES, nearestTextSize, TEXT_SIZES, type Preferences, type PreferencesPatch } from '../../../shared/preferences';
import { api, errorMessage } from '../api';

/**
 * The preferences as this window uses them. They are stored by the backend in the data folder
 * (src/core/preferences.ts), not in the browser's storage, whose origin changes with the browser
 * host's port at every launch: read once before the first render (main.tsx), changed here at
 * once, and written a moment after the last change (a pane drag changes a width at every mouse
 * move), or at once when the page is hidden or closed.
 */
const WRITE_DELAY_MS = 400;

let current: Preferences = DEFAULT_PREFERENCES;
let loading: Promise<Preferences> | null = null;
let pending: PreferencesPatch = {};
let timer: number | undefined;
const listeners = new Set<() => void>();
const errorListeners = new Set<(message: string) => void>();

const notify = () => listeners.forEach((listener) => listener());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Reads the stored preferences (once, unless `fresh`); on failure the defaults apply. */
export function loadPreferences(fresh = false): Promise<Preferences> {
  if (!loading || fresh) {
    loading = api.getPreferences({}).then(
      (stored) => {
        // Changes made while reading win over what was read; they are still to be written.
        current = { ...stored, ...pending };
        notify();
        return current;
      },
      () => current,
    );
  }
  return loading;
}

/** Changes preferences now and stores them shortly. */
export function updatePreferences(patch: PreferencesPatch): void {
  const changed = (Object.keys(patch) as Array<keyof PreferencesPatch>).filter((key) => patch[key] !== undefined && patch[key] !== current[key]);
  if (changed.length === 0) return;
  current = { ...current, ...patch };
  pending = { ...pending, ...patch };
  notify();
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void flushPreferences(), WRITE_DELAY_MS);
}

/** Writes the changes not stored yet. */
export async function flushPreferences(): Promise<void> {
  window.clearTimeout(timer);
  timer = undefined;
  if (Object.keys(pending).length === 0) return;
  const patch = pending;
  pending = {};
  try {
    await api.setPreferences(patch);
  } catch (error) {
    errorListeners.forEach((listener) => listener(errorMessage(error)));
  }
}

/** Called with a sentence when preferences could not be stored (they still apply in this window). */
export function onPreferencesError(listener: (message: string) => void): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => void flushPreferences());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void flushPreferences();
  });
}

/** The current preferences; re-renders when they change. */
export function usePreferences(): Preferences {
  return useSyncExternalStore(subscribe, () => current);
}

type Theme = 'light' | 'dark';

const systemTheme = (): Theme => (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

/** Follows the system theme until the user picks one; the pick is remembered. */
export function useTheme() {
  const chosen = usePreferences().theme;
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onChange = () => setSystem(systemTheme());
    query?.addEventListener('change', onChange);
    return () => query?.removeEventListener('change', onChange);
  }, []);
  const theme = chosen === 'system' ? system : chosen;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const toggleTheme = () => updatePreferences({ theme: theme === 'dark' ? 'light' : 'dark' });
  return { theme, toggleTheme };
}

/** Reader text zoom, in steps, remembered across sessions; `textSize` is the scale (1 = 100 %). */
export function useTextSize() {
  const percent = nearestTextSize(usePreferences().textSize);
  const changeTextSize = (delta: number) => {
    const step = Math.min(TEXT_SIZES.length - 1, Math.max(0, TEXT_SIZES.indexOf(percent as (typeof TEXT_SIZES)[number]) + delta));
    updatePreferences({ textSize: TEXT_SIZES[step] });
  };
  return { textSize: percent / 100, changeTextSize };
}

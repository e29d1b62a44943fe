import { useEffect, useState } from 'react';

type Theme = 'light' | 'dark';

const systemTheme = (): Theme => (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

/** Follows the system theme until the user picks one; the pick is remembered. */
export function useTheme() {
  const [chosen, setChosen] = useState<Theme | null>(() => (localStorage.getItem('tiemark-theme') as Theme | null) ?? null);
  const [system, setSystem] = useState<Theme>(systemTheme);
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onChange = () => setSystem(systemTheme());
    query?.addEventListener('change', onChange);
    return () => query?.removeEventListener('change', onChange);
  }, []);
  const theme = chosen ?? system;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('tiemark-theme', next);
    setChosen(next);
  };
  return { theme, toggleTheme };
}

const SIZES = [0.85, 0.92, 1, 1.1, 1.2, 1.35, 1.5];

/** Reader text zoom, in steps, remembered across sessions. */
export function useTextSize() {
  const [step, setStep] = useState(() => {
    const saved = Number(localStorage.getItem('tiemark-text-size'));
    return Number.isInteger(saved) && saved >= 0 && saved < SIZES.length ? saved : 2;
  });
  useEffect(() => localStorage.setItem('tiemark-text-size', String(step)), [step]);
  const changeTextSize = (delta: number) => setStep((s) => Math.min(SIZES.length - 1, Math.max(0, s + delta)));
  return { textSize: SIZES[step], changeTextSize };
}

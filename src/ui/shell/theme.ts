import { useSyncExternalStore } from 'react';

/**
 * Light or dark. The person's choice is kept in localStorage; without one, the system's
 * prefers-color-scheme decides. Applied as data-theme on <html>, where the theme tokens live.
 */
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'mailpath.theme';

const listeners = new Set<() => void>();

function stored(): Theme | undefined {
  try {
    const v = window.localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : undefined;
  } catch {
    return undefined;
  }
}

function systemTheme(): Theme {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function currentTheme(): Theme {
  if (typeof window === 'undefined') return 'light';
  return stored() ?? systemTheme();
}

/** Puts the theme on <html>; called once before the first render so the page never flashes. */
export function applyTheme(theme: Theme = currentTheme()): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

export function setTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(THEME_KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyTheme(theme);
  for (const fn of listeners) fn();
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
  const onSystem = () => {
    if (!stored()) {
      applyTheme();
      fn();
    }
  };
  mq?.addEventListener('change', onSystem);
  return () => {
    listeners.delete(fn);
    mq?.removeEventListener('change', onSystem);
  };
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, currentTheme, () => 'light');
}

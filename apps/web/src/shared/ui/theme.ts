import { useSyncExternalStore } from 'react';

/**
 * Light and dark come from one token set in styles.css: `<html data-theme="dark">` swaps the
 * colour tokens. The preference (System follows the operating system) is kept in localStorage;
 * public/theme-init.js applies it before the first paint, this module keeps it applied after.
 */
export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];
export const THEME_STORAGE_KEY = 'mwr.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function isPreference(value: unknown): value is ThemePreference {
  return value === 'system' || value === 'light' || value === 'dark';
}

export function storedThemePreference(): ThemePreference {
  try {
    const saved = window.localStorage.getItem(THEME_STORAGE_KEY);
    return isPreference(saved) ? saved : 'system';
  } catch {
    return 'system';
  }
}

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

export function resolveTheme(preference: ThemePreference): Theme {
  if (preference === 'system') return systemPrefersDark() ? 'dark' : 'light';
  return preference;
}

const listeners = new Set<() => void>();
let current: ThemePreference | null = null;

function apply(preference: ThemePreference): void {
  const root = document.documentElement;
  root.setAttribute('data-theme', resolveTheme(preference));
  root.setAttribute('data-theme-preference', preference);
}

export function themePreference(): ThemePreference {
  current ??= storedThemePreference();
  return current;
}

/** Saves the choice, applies it at once and tells every `useThemePreference` subscriber. */
export function setThemePreference(preference: ThemePreference): void {
  current = preference;
  try {
    if (preference === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Storage blocked: the choice still holds for this tab.
  }
  apply(preference);
  for (const listener of listeners) listener();
}

/**
 * Applies the saved theme and follows the operating system while the preference is System.
 * Called once by main.tsx; returns a function that stops following.
 */
export function initTheme(): () => void {
  current = storedThemePreference();
  apply(current);
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const media = window.matchMedia(DARK_QUERY);
  const onSystemChange = () => {
    if (themePreference() === 'system') apply('system');
  };
  media.addEventListener('change', onSystemChange);
  return () => media.removeEventListener('change', onSystemChange);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useThemePreference(): [ThemePreference, (preference: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribe, themePreference, () => 'system' as const);
  return [preference, setThemePreference];
}

import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { initTheme, setThemePreference, THEME_STORAGE_KEY } from './theme';
import { ThemeSwitcher } from './ThemeSwitcher';

afterEach(() => {
  act(() => setThemePreference('system'));
  window.localStorage.clear();
});

describe('Theme switcher', () => {
  it('offers System, Light and Dark in a labelled group, and applies and remembers the choice', () => {
    render(<ThemeSwitcher />);
    const group = screen.getByRole('group', { name: 'Theme' });
    expect(group).toBeDefined();
    expect((screen.getByRole('radio', { name: 'System' }) as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));

    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect((screen.getByRole('radio', { name: 'Dark' }) as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
  });

  it('shows the saved choice and stays in step with a change made elsewhere', () => {
    act(() => setThemePreference('dark'));
    render(<ThemeSwitcher />);
    expect((screen.getByRole('radio', { name: 'Dark' }) as HTMLInputElement).checked).toBe(true);
    act(() => setThemePreference('light'));
    expect((screen.getByRole('radio', { name: 'Light' }) as HTMLInputElement).checked).toBe(true);
  });

  it('applies the saved theme at start-up; System forgets the saved one and follows the device', () => {
    window.localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    document.documentElement.removeAttribute('data-theme');
    const stop = initTheme();
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme-preference')).toBe('dark');

    act(() => setThemePreference('system'));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    // jsdom has no matchMedia: the device counts as light.
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
    stop();
  });
});

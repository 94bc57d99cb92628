import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ThemeMenu } from './ThemeMenu';
import { initTheme, setThemePreference, THEME_STORAGE_KEY } from './theme';

afterEach(() => {
  act(() => setThemePreference('system'));
  window.localStorage.clear();
});

function choose(name: string) {
  const trigger = screen.getByRole('button', { name: /^Theme:/ });
  fireEvent.keyDown(trigger, { key: 'Enter' });
  fireEvent.click(screen.getByRole('menuitemradio', { name }));
}

describe('Theme switcher', () => {
  it('offers System, Light and Dark, and applies and remembers the choice', () => {
    render(<ThemeMenu />);
    expect(screen.getByRole('button', { name: 'Theme: System' })).toBeDefined();

    choose('Dark');

    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(screen.getByRole('button', { name: 'Theme: Dark' })).toBeDefined();

    choose('Light');
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
  });

  it('marks the current choice in the menu', () => {
    act(() => setThemePreference('dark'));
    render(<ThemeMenu />);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Theme: Dark' }), { key: 'Enter' });
    expect(screen.getByRole('menuitemradio', { name: 'Dark' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('menuitemradio', { name: 'System' }).getAttribute('aria-checked')).toBe('false');
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

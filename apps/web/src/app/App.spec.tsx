import { createMemoryHistory } from '@tanstack/react-router';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiReadinessQueryOptions } from '../features/system-status/api/api-readiness';
import { systemInfoQueryOptions } from '../features/settings/api/system-info';
import { systemInfoFixture } from '../test/fixtures';
import { createTestQueryClient } from '../test/query-client';
import { App } from './App';
import { createAppRouter } from './router';

const SCREENS = ['Queue', 'Calendar', 'Bot Control', 'Account Health', 'Trends', 'Accounts', 'Settings'];

function renderApp(path = '/') {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(apiReadinessQueryOptions().queryKey, { ready: true, checkedAt: Date.now() });
  queryClient.setQueryData(systemInfoQueryOptions().queryKey, systemInfoFixture);
  const router = createAppRouter({ queryClient, history: createMemoryHistory({ initialEntries: [path] }) });
  render(<App queryClient={queryClient} router={router} />);
  return { router };
}

describe('App shell', () => {
  it('renders the main navigation with the seven screens, in order', async () => {
    renderApp('/');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(SCREENS);
    for (const name of SCREENS) {
      expect(within(nav).getByRole('link', { name })).toBeDefined();
    }
    expect(within(nav).getByRole('link', { name: 'Queue' }).getAttribute('href')).toBe('/');
    expect(within(nav).getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('/settings');
  });

  it('starts on the Queue with an empty state that says what to do first', async () => {
    renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Queue' })).toBeDefined();
    expect(screen.getByText(/No posts scheduled yet/)).toBeDefined();
    expect(screen.getByRole('link', { name: 'Connect an account' }).getAttribute('href')).toBe('/accounts');
    expect(screen.getByRole('status').textContent).toContain('API online');
  });

  it('navigates to every screen from the navigation and shows its heading', async () => {
    const { router } = renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });

    for (const name of [...SCREENS].reverse()) {
      fireEvent.click(within(nav).getByRole('link', { name }));
      expect(await screen.findByRole('heading', { level: 1, name })).toBeDefined();
      expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
      expect(within(nav).getByRole('link', { name }).getAttribute('aria-current')).toBe('page');
    }
    expect(router.state.location.pathname).toBe('/');
  });

  it('shows the installation details on Settings', async () => {
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });

    fireEvent.click(within(nav).getByRole('link', { name: 'Settings' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeDefined();
    const installation = screen.getByRole('region', { name: 'Installation' });
    expect(within(installation).getByText('pglite')).toBeDefined();
    expect(within(installation).getByText(systemInfoFixture.installationId)).toBeDefined();
  });

  it('shows a not-found page for unknown addresses, inside the layout', async () => {
    renderApp('/no-such-screen');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Back to start' }).getAttribute('href')).toBe('/');
  });
});

import { createMemoryHistory } from '@tanstack/react-router';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { notifySessionExpired } from '../shared/api/client';
import { meQueryOptions } from '../shared/session/me';
import { apiError, ok, stubApi } from '../test/api-stub';
import { meFixture, systemInfoFixture } from '../test/fixtures';
import { createTestQueryClient } from '../test/query-client';
import { seedSignedIn } from '../test/seed';
import { App } from './App';
import { createAppRouter } from './router';

const SCREENS = ['Queue', 'Calendar', 'Review', 'Library', 'Analytics', 'Experiments', 'Bot Control', 'Account Health', 'Trends', 'Accounts', 'Settings'];

function renderApp(path = '/', { signedIn = true } = {}) {
  const queryClient = createTestQueryClient();
  if (signedIn) seedSignedIn(queryClient);
  const router = createAppRouter({ queryClient, history: createMemoryHistory({ initialEntries: [path] }) });
  render(<App queryClient={queryClient} router={router} />);
  return { router, queryClient };
}

const UNAUTHENTICATED = apiError({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in' });

describe('App shell', () => {
  it('renders the main navigation with the eleven screens, in order', async () => {
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
      // Each screen is a lazily loaded chunk: its first import can take seconds on a busy machine
      // (findBy waits for it up to the ceiling set in src/test/setup.ts).
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

  it('shows who is signed in, their workspaces and a way to sign out', async () => {
    renderApp('/');

    await screen.findByRole('heading', { level: 1, name: 'Queue' });
    expect(screen.getByText('Camille Martin')).toBeDefined();
    const workspace = screen.getByRole('combobox', { name: 'Workspace' }) as HTMLSelectElement;
    expect(workspace.value).toBe(meFixture.workspace?.id);
    expect(
      within(workspace)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Acme Marketing', 'Side Project']);
    expect(screen.getByRole('button', { name: 'Create workspace' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeDefined();
  });
});

describe('Auth gate', () => {
  it('sends a signed-out visitor to /login, remembering where they were going', async () => {
    stubApi('GET', { '/api/auth/me': UNAUTHENTICATED, '/api/auth/status': ok({ setupRequired: false }) });
    const { router } = renderApp('/settings', { signedIn: false });

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toEqual({ redirect: '/settings' });
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.getByLabelText('Email')).toBeDefined();
    expect(screen.getByLabelText('Password')).toBeDefined();
  });

  it('sends the first visitor of a fresh installation to /setup', async () => {
    stubApi('GET', { '/api/auth/me': UNAUTHENTICATED, '/api/auth/status': ok({ setupRequired: true }) });
    const { router } = renderApp('/', { signedIn: false });

    expect(await screen.findByRole('heading', { level: 1, name: 'Create the owner account' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/setup');
    for (const label of ['Name', 'Email', 'Password', 'Workspace name', 'Time zone']) {
      expect(screen.getByLabelText(label)).toBeDefined();
    }
    expect(screen.getByRole('button', { name: 'Create owner account' })).toBeDefined();
  });

  it('returns to the remembered page after signing in', async () => {
    let signedIn = false;
    stubApi('GET', {
      '/api/auth/me': () => (signedIn ? ok(meFixture) : UNAUTHENTICATED),
      '/api/auth/status': ok({ setupRequired: false }),
      '/api/health/ready': ok({ status: 'ok' }),
    });
    const post = stubApi('POST', {
      '/api/auth/login': () => {
        signedIn = true;
        return ok(meFixture.user);
      },
    });
    const { router } = renderApp('/calendar', { signedIn: false });

    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'camille@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Calendar' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/calendar');
    expect(post).toHaveBeenCalledWith('/api/auth/login', {
      body: { email: 'camille@example.com', password: 'correct horse battery' },
    });
  });

  it('goes to /login when the session expires while signed in', async () => {
    stubApi('GET', { '/api/auth/status': ok({ setupRequired: false }) });
    const { router, queryClient } = renderApp('/trends');
    await screen.findByRole('heading', { level: 1, name: 'Trends' });

    act(() => notifySessionExpired());

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toEqual({ redirect: '/trends' });
    await waitFor(() => expect(queryClient.getQueryData(meQueryOptions().queryKey)).toBeUndefined());
  });

  it('opens an invitation link signed out: preview, then the account form, then the app', async () => {
    const token = 'tok_0123456789abcdefghijklmnop';
    let signedIn = false;
    stubApi('GET', {
      '/api/auth/invitations/{token}': ok({
        workspaceName: 'Acme Marketing',
        email: 'sam@example.com',
        role: 'editor',
        accountExists: false,
        expiresAt: '2030-01-01T00:00:00.000Z',
      }),
      '/api/auth/me': () => (signedIn ? ok(meFixture) : UNAUTHENTICATED),
      '/api/health/ready': ok({ status: 'ok' }),
    });
    const post = stubApi('POST', {
      '/api/auth/invitations/accept': () => {
        signedIn = true;
        return ok(meFixture.user);
      },
    });
    const { router } = renderApp(`/invite/${token}`, { signedIn: false });

    expect(await screen.findByRole('heading', { level: 1, name: 'Join Acme Marketing' })).toBeDefined();
    expect(screen.getByText('Editor')).toBeDefined();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Sam Lee' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'sam password 123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accept invitation' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Queue' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/');
    expect(post).toHaveBeenCalledWith('/api/auth/invitations/accept', {
      body: { token, name: 'Sam Lee', password: 'sam password 123' },
    });
  });
});

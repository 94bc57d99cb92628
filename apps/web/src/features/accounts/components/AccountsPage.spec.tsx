import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { i18n } from '../../../shared/i18n/i18n';
import { browserLocation } from '../../../shared/lib/browser-location';
import type { Role } from '../../../shared/session/me';
import { apiError, noContent, ok, stubApi } from '../../../test/api-stub';
import { instagramAccountFixture, meFixture, tiktokAccountFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import { accountsQueryOptions, type SocialAccount } from '../api/accounts';
import { displayStatus } from './AccountCard';
import { AccountsPage } from './AccountsPage';
import { validateAccountsSearch } from './connect-outcome';

const disabledAccount: SocialAccount = {
  ...tiktokAccountFixture,
  id: 'c3c3c3c3-0000-4000-8000-000000000003',
  handle: 'old.brand',
  displayName: 'Old Brand',
  avatarUrl: null,
  status: 'disabled',
  tokenExpiresAt: null,
};

/** The same route ids as the app (`/app/accounts` under the pathless gate), without the gate. */
function renderAccounts(path = '/accounts', { accounts = [tiktokAccountFixture], role = 'owner' as Role } = {}) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, { ...meFixture, role });
  queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, accounts);
  const rootRoute = createRootRoute({ component: Outlet });
  const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: Outlet });
  const accountsRoute = createRoute({
    getParentRoute: () => appRoute,
    path: '/accounts',
    validateSearch: validateAccountsSearch,
    component: AccountsPage,
  });
  const router = createRouter({
    routeTree: rootRoute.addChildren([appRoute.addChildren([accountsRoute])]),
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { router, queryClient };
}

const card = (name: string) => screen.getByRole('article', { name });

describe('AccountsPage', () => {
  it('lists each account with its avatar, handle, name, status, token expiry and refresh problem', async () => {
    renderAccounts('/accounts', { accounts: [tiktokAccountFixture, instagramAccountFixture, disabledAccount] });

    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeDefined();
    const list = screen.getByRole('list', { name: 'Connected accounts' });
    expect(within(list).getAllByRole('article')).toHaveLength(3);

    const tiktok = card('TikTok @acme.studio');
    expect(tiktok.textContent).toContain('Acme Studio');
    expect(tiktok.textContent).toContain('Connected');
    expect(tiktok.textContent).toMatch(/Expires (in|next)/);
    expect(tiktok.textContent).not.toContain('Last refresh failed');
    expect(within(tiktok).getByRole('button', { name: 'Test connection of @acme.studio on TikTok' })).toBeDefined();
    expect(within(tiktok).getByRole('button', { name: 'Disconnect @acme.studio on TikTok' })).toBeDefined();
    expect(within(tiktok).queryByRole('button', { name: /^Reconnect/ })).toBeNull();

    const instagram = card('Instagram @acme_shop');
    expect(instagram.textContent).toContain('Reconnect needed');
    expect(instagram.textContent).toMatch(/Expired (last|\d+ \w+ ago)/);
    expect(instagram.textContent).toContain('Last refresh failed: The platform revoked the authorization');
    expect(within(instagram).getByRole('button', { name: 'Reconnect @acme_shop on Instagram' })).toBeDefined();

    const disabled = card('TikTok @old.brand');
    expect(disabled.textContent).toContain('Disconnected');
    expect(within(disabled).getByRole('button', { name: 'Reconnect @old.brand on TikTok' })).toBeDefined();
    expect(within(disabled).queryByRole('button', { name: /^Disconnect/ })).toBeNull();
    expect(within(disabled).queryByRole('button', { name: /^Test connection/ })).toBeNull();

    // Connect buttons sit in the header once there are accounts; no other button's name contains theirs
    // (end-to-end tests find them by substring).
    expect(screen.getAllByRole('button', { name: /connect tiktok/i })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: /connect instagram/i })).toHaveLength(1);
  });

  it('shows a creator the platform refuses as restricted, with the reason, and offers a test rather than a reconnect', async () => {
    const banned: SocialAccount = {
      ...tiktokAccountFixture,
      status: 'restricted',
      restriction: { code: 'spam_risk_user_banned_from_posting', message: 'TikTok has banned this account from posting.', since: '2030-01-01T00:00:00.000Z' },
    };
    const post = stubApi('POST', {
      '/api/accounts/{id}/test': ok({ ok: false, handle: 'acme.studio', error: 'spam_risk_user_banned_from_posting', status: 'restricted' }),
    });
    stubApi('GET', { '/api/accounts': ok([banned]) });
    renderAccounts('/accounts', { accounts: [banned] });

    const tiktok = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    expect(tiktok.textContent).toContain('Restricted by the platform');
    expect(tiktok.textContent).toContain(
      'The platform refuses this account, so nothing can be posted to it: TikTok has banned this account from posting. The creator must resolve it with TikTok.',
    );
    expect(within(tiktok).queryByRole('button', { name: /^Reconnect/ })).toBeNull();
    fireEvent.click(within(tiktok).getByRole('button', { name: 'Test connection of @acme.studio on TikTok' }));
    await waitFor(() => expect(post).toHaveBeenCalled());
    expect(
      await within(tiktok).findByText('Connection failed: TikTok has banned this account from posting. The creator must resolve it with TikTok.'),
    ).toBeDefined();
  });

  it('shows a notice the platform reported (uploads locked private) on an active account, in en and fr, and none when cleared', async () => {
    const channel: SocialAccount = {
      ...tiktokAccountFixture,
      platform: 'youtube',
      handle: 'sandboxshorts',
      notices: [{ code: 'uploads_locked_private', since: '2030-01-01T00:00:00.000Z' }],
    };
    renderAccounts('/accounts', { accounts: [channel, tiktokAccountFixture] });
    const card = await screen.findByRole('article', { name: 'YouTube @sandboxshorts' });
    expect(within(card).getByTestId('account-notice').textContent).toBe(
      "Uploads locked private: YouTube keeps this channel's uploads private until the app's Google Cloud project passes YouTube's audit, whatever visibility was chosen. Posting goes on.",
    );
    // Still an active account: a notice never reads as a refusal.
    expect(card.textContent).not.toContain('Restricted by the platform');
    expect(within(screen.getByRole('article', { name: 'TikTok @acme.studio' })).queryByTestId('account-notice')).toBeNull();
    await i18n.changeLanguage('fr');
    try {
      await waitFor(() => expect(within(card).getByTestId('account-notice').textContent).toMatch(/^Envois verrouillés en privé : YouTube garde les vidéos/));
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('shows the code of a notice it has no words for', async () => {
    renderAccounts('/accounts', { accounts: [{ ...tiktokAccountFixture, notices: [{ code: 'something_new', since: '2030-01-01T00:00:00.000Z' }] }] });
    const card = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    expect(within(card).getByTestId('account-notice').textContent).toBe('something_new');
  });

  it('shows the API’s words for a restriction it has no translation for', async () => {
    renderAccounts('/accounts', {
      accounts: [
        {
          ...tiktokAccountFixture,
          status: 'restricted',
          restriction: { code: 'something_new', message: 'Refused for a new reason.', since: '2030-01-01T00:00:00.000Z' },
        },
      ],
    });
    expect((await screen.findByRole('article', { name: 'TikTok @acme.studio' })).textContent).toContain(
      'nothing can be posted to it: Refused for a new reason.',
    );
  });

  it('warns that a token is expiring when its renewal failed and it runs out within a day', async () => {
    const soon = new Date(Date.now() + 3 * 3600_000).toISOString();
    const failing = { ...tiktokAccountFixture, tokenExpiresAt: soon, lastRefreshError: 'network_error' };
    expect(displayStatus(failing)).toBe('expiring');
    expect(displayStatus({ ...failing, lastRefreshError: null })).toBe('active');
    expect(displayStatus({ ...failing, tokenExpiresAt: new Date(Date.now() + 3 * 24 * 3600_000).toISOString() })).toBe('active');
    expect(displayStatus({ ...failing, status: 'needs_reconnect' })).toBe('needs_reconnect');

    renderAccounts('/accounts', { accounts: [failing] });
    const tiktok = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    expect(tiktok.textContent).toContain('Token expiring');
  });

  it('shows initials when the avatar is missing or does not load', async () => {
    renderAccounts('/accounts', { accounts: [tiktokAccountFixture, instagramAccountFixture] });

    const tiktok = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    const image = tiktok.querySelector('img');
    expect(image?.getAttribute('src')).toBe(tiktokAccountFixture.avatarUrl);
    fireEvent.error(image as HTMLImageElement);
    expect(tiktok.querySelector('img')).toBeNull();
    expect(tiktok.querySelector('.avatar--initials')?.textContent).toBe('AS');
    const instagram = card('Instagram @acme_shop');
    expect(instagram.querySelector('img')).toBeNull();
    expect(instagram.querySelector('.avatar--initials')?.textContent).toBe('AS');
  });

  it('hides connecting and disconnecting from editors, and testing from viewers', async () => {
    renderAccounts('/accounts', { accounts: [tiktokAccountFixture, instagramAccountFixture], role: 'editor' });

    const tiktok = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    expect(within(tiktok).getByRole('button', { name: /^Test connection/ })).toBeDefined();
    expect(screen.queryByRole('button', { name: /^Connect / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Disconnect/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Reconnect/ })).toBeNull();
  });

  it('shows viewers the accounts without any action', async () => {
    renderAccounts('/accounts', { accounts: [tiktokAccountFixture], role: 'viewer' });

    const tiktok = await screen.findByRole('article', { name: 'TikTok @acme.studio' });
    expect(within(tiktok).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Connect / })).toBeNull();
  });

  it('explains why to connect when there are no accounts, and offers both platforms', async () => {
    renderAccounts('/accounts', { accounts: [] });

    const empty = await screen.findByRole('region', { name: 'No accounts connected' });
    expect(empty.textContent).toContain('official login');
    expect(within(empty).getByRole('button', { name: 'Connect TikTok' })).toBeDefined();
    expect(within(empty).getByRole('button', { name: 'Connect Instagram' })).toBeDefined();
  });

  it('asks the API for the consent page and sends the browser there', async () => {
    const authorizeUrl = 'https://www.tiktok.com/v2/auth/authorize/?client_key=abc&state=xyz';
    const post = stubApi('POST', { '/api/accounts/connect/{platform}': ok({ authorizeUrl, expiresAt: '2030-01-01T00:10:00.000Z' }) });
    const assign = vi.spyOn(browserLocation, 'assign').mockImplementation(() => undefined);
    renderAccounts('/accounts', { accounts: [] });

    fireEvent.click(await screen.findByRole('button', { name: 'Connect TikTok' }));

    await waitFor(() => expect(assign).toHaveBeenCalledWith(authorizeUrl));
    expect(post).toHaveBeenCalledWith('/api/accounts/connect/{platform}', { params: { path: { platform: 'tiktok' } } });
  });

  it('offers Instagram through Facebook (Pages) beside Instagram, which asks the API for that flavour, in en and fr', async () => {
    const authorizeUrl = 'https://www.facebook.com/v26.0/dialog/oauth?client_id=abc&state=xyz';
    const post = stubApi('POST', { '/api/accounts/connect/{platform}': ok({ authorizeUrl, expiresAt: '2030-01-01T00:10:00.000Z' }) });
    const assign = vi.spyOn(browserLocation, 'assign').mockImplementation(() => undefined);
    renderAccounts('/accounts', { accounts: [] });

    const viaFacebook = await screen.findByRole('button', { name: 'Connect with Facebook (Pages)' });
    expect(viaFacebook.getAttribute('aria-describedby')).toBe('connect-hint-facebook_login');
    expect(document.getElementById('connect-hint-facebook_login')?.textContent).toContain('Trend Radar');
    fireEvent.click(viaFacebook);

    await waitFor(() => expect(assign).toHaveBeenCalledWith(authorizeUrl));
    expect(post).toHaveBeenCalledWith('/api/accounts/connect/{platform}', {
      params: { path: { platform: 'instagram' }, query: { flavour: 'facebook_login' } },
    });
    await i18n.changeLanguage('fr');
    expect(await screen.findByRole('button', { name: 'Connecter avec Facebook (Pages)' })).toBeDefined();
    await i18n.changeLanguage('en');
  });

  it('says why connecting could not start', async () => {
    stubApi('POST', {
      '/api/accounts/connect/{platform}': apiError({
        statusCode: 503,
        code: 'PLATFORM_NOT_CONFIGURED',
        message: 'instagram is not configured on this installation',
      }),
    });
    const assign = vi.spyOn(browserLocation, 'assign').mockImplementation(() => undefined);
    renderAccounts('/accounts', { accounts: [] });

    fireEvent.click(await screen.findByRole('button', { name: 'Connect Instagram' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't start connecting Instagram");
    expect(alert.textContent).toContain('This platform is not set up on this installation yet: ask your administrator.');
    expect(alert.textContent).not.toContain('instagram is not configured');
    expect(assign).not.toHaveBeenCalled();
  });

  it('announces a connected account from the callback parameters, then cleans the address', async () => {
    const { router } = renderAccounts(`/accounts?platform=tiktok&connected=${tiktokAccountFixture.id}&new=true`);

    const banner = await screen.findByRole('status');
    expect(banner.textContent).toContain('TikTok account @acme.studio connected');
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(router.state.location.href).toBe('/accounts');
    expect(screen.getByRole('status').textContent).toContain('@acme.studio connected');

    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says "reconnected" when the account already existed', async () => {
    renderAccounts(`/accounts?platform=tiktok&connected=${tiktokAccountFixture.id}&new=false`);

    expect((await screen.findByRole('status')).textContent).toContain('TikTok account @acme.studio reconnected');
  });

  it("words the callback's error code as an alert (not its English message), then cleans the address", async () => {
    const message = 'You declined the permissions, so the account was not connected.';
    const { router } = renderAccounts(`/accounts?platform=instagram&error=access_denied&message=${encodeURIComponent('raw text from the callback')}`);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't connect the Instagram account");
    expect(alert.textContent).toContain(message);
    expect(alert.textContent).not.toContain('raw text');
    await waitFor(() => expect(router.state.location.search).toEqual({}));
    expect(screen.getByRole('alert').textContent).toContain(message);

    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('tests a connection and shows the result on the card', async () => {
    const post = stubApi('POST', { '/api/accounts/{id}/test': ok({ ok: false, error: 'reconnect_required' }) });
    stubApi('GET', { '/api/accounts': ok([{ ...tiktokAccountFixture, status: 'needs_reconnect' }]) });
    renderAccounts();

    fireEvent.click(await screen.findByRole('button', { name: 'Test connection of @acme.studio on TikTok' }));

    const tiktok = card('TikTok @acme.studio');
    await waitFor(() => expect(tiktok.textContent).toContain('Connection failed: The platform no longer accepts this connection'));
    expect(post).toHaveBeenCalledWith('/api/accounts/{id}/test', { params: { path: { id: tiktokAccountFixture.id } } });
    // The test may have flipped the account: the list is refetched.
    await waitFor(() => expect(tiktok.textContent).toContain('Reconnect needed'));
  });

  it('disconnects an account only after confirming in a dialog that counts its scheduled posts; keeping them waiting is the default', async () => {
    let accounts: SocialAccount[] = [tiktokAccountFixture];
    stubApi('GET', {
      '/api/accounts': () => ok(accounts),
      '/api/accounts/{id}/impact': ok({ scheduledPosts: 3, pausedPosts: 0, queuedPosts: 0, moveTargets: [] }),
    });
    const del = stubApi('DELETE', {
      '/api/accounts/{id}': () => {
        accounts = [{ ...tiktokAccountFixture, status: 'disabled', tokenExpiresAt: null }];
        return noContent();
      },
    });
    renderAccounts();

    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect @acme.studio on TikTok' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('@acme.studio');
    expect(await within(dialog).findByText('3 scheduled posts go to this account.')).toBeDefined();
    expect((within(dialog).getByRole('radio', { name: /^Keep them/ }) as HTMLInputElement).checked).toBe(true);
    // No other TikTok account: nothing to move them to.
    expect((within(dialog).getByRole('radio', { name: 'Move them to another TikTok account' }) as HTMLInputElement).disabled).toBe(true);
    expect(dialog.textContent).toContain('No other connected TikTok account to move them to.');
    expect(del).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect account' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(del).toHaveBeenCalledWith('/api/accounts/{id}', { params: { path: { id: tiktokAccountFixture.id }, query: { scheduledPosts: 'keep' } } });
    await waitFor(() => expect(card('TikTok @acme.studio').textContent).toContain('Disconnected'));
  });

  it('pauses or moves the scheduled posts to another connected account of the same platform, as chosen in the dialog', async () => {
    const other: SocialAccount = { ...tiktokAccountFixture, id: 'd4d4d4d4-0000-4000-8000-000000000004', handle: 'acme.backup' };
    stubApi('GET', {
      '/api/accounts': ok([tiktokAccountFixture, other, instagramAccountFixture]),
      '/api/accounts/{id}/impact': ok({ scheduledPosts: 2, pausedPosts: 1, queuedPosts: 1, moveTargets: [other.id] }),
    });
    const del = stubApi('DELETE', { '/api/accounts/{id}': noContent() });
    renderAccounts('/accounts', { accounts: [tiktokAccountFixture, other, instagramAccountFixture] });

    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect @acme.studio on TikTok' }));
    let dialog = screen.getByRole('dialog');
    expect((await within(dialog).findByTestId('disconnect-affects')).textContent).toBe(
      '3 scheduled posts go to this account. 1 more is already in the queue: it waits for you until the account is reconnected.',
    );
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Move them to another TikTok account' }));
    const target = within(dialog).getByRole('combobox', { name: 'Account to move them to' }) as HTMLSelectElement;
    expect([...target.options].map((option) => option.textContent)).toEqual(['@acme.backup on TikTok']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect account' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(del).toHaveBeenLastCalledWith('/api/accounts/{id}', {
      params: { path: { id: tiktokAccountFixture.id }, query: { scheduledPosts: 'move', moveToAccountId: other.id } },
    });

    fireEvent.click(screen.getByRole('button', { name: 'Disconnect @acme.backup on TikTok' }));
    dialog = screen.getByRole('dialog');
    fireEvent.click(await within(dialog).findByRole('radio', { name: /^Pause them/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect account' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(del).toHaveBeenLastCalledWith('/api/accounts/{id}', { params: { path: { id: other.id }, query: { scheduledPosts: 'pause' } } });
  });

  it('says how many posts wait for a disconnected account and offers to reconnect it', async () => {
    const post = stubApi('POST', {
      '/api/accounts/connect/{platform}': ok({ authorizeUrl: 'https://sandbox.example/authorize', expiresAt: '2030-01-01T00:10:00.000Z' }),
    });
    vi.spyOn(browserLocation, 'assign').mockImplementation(() => undefined);
    renderAccounts('/accounts', { accounts: [{ ...disabledAccount, waitingPosts: 3 }] });

    const old = await screen.findByRole('article', { name: 'TikTok @old.brand' });
    expect(within(old).getByTestId('account-waiting').textContent).toBe(
      '3 posts wait for this account. They go out by themselves once the account can post again.',
    );
    fireEvent.click(within(old).getByRole('button', { name: 'Reconnect @old.brand on TikTok' }));
    await waitFor(() => expect(post).toHaveBeenCalledWith('/api/accounts/connect/{platform}', { params: { path: { platform: 'tiktok' } } }));
  });
});

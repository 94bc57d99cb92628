import { createOwnerInBrowser, UI_CEILING_MS } from './browser';
import { apiFromBrowser, connectAccounts, expectNoAxeViolations, journeyFixture, mainNavLink } from './journey-steps';

interface Item {
  id: string;
  version: number;
}

interface Review {
  state: string;
  hash: string;
  clientStep?: string;
}

/**
 * Issue 25, part 2, in headless Chromium: an editor asks for a review and the owner's bell shows
 * it live (no reload); the editor shares the post for client review; a client without an account
 * (a fresh browser context) sees the preview and approves; with the team's approval too, the item
 * is approved on both steps. A tampered link is a 404 and says so.
 */
describe('notifications and client review links, in headless Chromium', () => {
  const journey = journeyFixture('client-review');
  const { artifacts } = journey;

  it('review requested → bell live → share link → client approves without an account → approved; a tampered token → 404', async () => {
    const ownerContext = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const owner = await ownerContext.newPage();
    const errors: string[] = [];
    owner.on('pageerror', (error) => errors.push(error.message));
    await owner.goto(`${journey.server.url}/`);
    await createOwnerInBrowser(owner);
    await owner.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    await connectAccounts(owner, ['TikTok']);
    await apiFromBrowser(owner, 'PATCH', '/api/review-settings', { policy: 'required_client' });

    // Settings → Notifications: one select per event.
    await mainNavLink(owner, 'Settings').click();
    const settings = owner.getByRole('region', { name: 'Notifications' });
    await settings.getByLabel('Review requested').waitFor();
    await expectNoAxeViolations(owner);
    await mainNavLink(owner, 'Queue').click();

    // The editor joins and writes a post.
    const invitation = await apiFromBrowser<{ acceptUrl: string }>(owner, 'POST', '/api/invitations', { email: 'eddie@example.com', role: 'editor' });
    const editorContext = await journey.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const accepted = await editorContext.request.post(`${journey.server.url}/api/auth/invitations/accept`, {
      data: { token: invitation.acceptUrl.split('/invite/')[1]!, name: 'Eddie', password: 'editor password 1' },
    });
    expect(accepted.status()).toBe(200);
    const editor = await editorContext.newPage();
    editor.on('pageerror', (error) => errors.push(error.message));
    await editor.goto(`${journey.server.url}/`);
    await editor.getByRole('heading', { level: 1, name: 'Queue', exact: true }).waitFor();
    const accounts = await apiFromBrowser<{ items?: { id: string }[] } | { id: string }[]>(editor, 'GET', '/api/accounts');
    const accountId = (Array.isArray(accounts) ? accounts : (accounts.items ?? []))[0]!.id;
    const item = await apiFromBrowser<Item>(editor, 'POST', '/api/content-items', {
      title: 'Client launch',
      caption: 'Our spring launch is here',
      scheduledAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      timeZone: 'UTC',
      targets: [{ accountId }],
    });

    // The owner's bell has nothing; the editor asks for a review; the bell counts it live.
    await owner.getByTestId('notification-bell').waitFor();
    expect(await owner.getByTestId('notification-count').count()).toBe(0);
    await editor.goto(`${journey.server.url}/posts/${item.id}`);
    await editor.getByRole('button', { name: 'Request review' }).click();
    await owner.getByTestId('notification-count').filter({ hasText: '1' }).waitFor({ timeout: UI_CEILING_MS });
    await owner.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const entry = owner.getByTestId('notification-item').filter({ hasText: 'Eddie asked for a review of “Client launch”' });
    await entry.waitFor();
    await expectNoAxeViolations(owner);
    await artifacts.screenshot(owner, 'bell');
    await entry.getByRole('link').click();
    await owner.waitForURL(new RegExp(`/posts/${item.id}$`));
    await owner.getByTestId('notification-count').waitFor({ state: 'detached' });

    // The owner approves internally; the client's step is still pending.
    await owner.getByRole('button', { name: 'Approve this version' }).click();
    await owner.getByText(/^Approved by Olive/).waitFor();

    // The editor shares the post for client review.
    await editor.reload();
    await editor.getByRole('button', { name: 'Share for client review' }).click();
    const url = await editor.getByTestId('review-link-url').first().inputValue();
    expect(url).toMatch(/\/review\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    await expectNoAxeViolations(editor);
    const path = new URL(url).pathname;

    // The client: a new browser context, no session.
    const clientContext = await journey.browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'en-US' });
    const client = await clientContext.newPage();
    client.on('pageerror', (error) => errors.push(error.message));
    await client.goto(`${journey.server.url}${path}`);
    const card = client.getByTestId('client-review-item');
    await card.getByRole('heading', { name: 'Client launch' }).waitFor();
    await card.getByText('Our spring launch is here').first().waitFor();
    await card.getByText('Waiting for your decision').waitFor();
    await expectNoAxeViolations(client);
    await artifacts.screenshot(client, 'client-review');
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByText('You approved this post').waitFor();
    const review = await apiFromBrowser<Review>(owner, 'GET', `/api/content-items/${item.id}/review`);
    expect({ state: review.state, clientStep: review.clientStep }).toEqual({ state: 'approved', clientStep: 'approved' });

    // Tampered: one character of the signature changed.
    const [id, mac] = path.split('/review/')[1]!.split('.');
    const tampered = `/review/${id}.${mac![0] === 'A' ? 'B' : 'A'}${mac!.slice(1)}`;
    const api = await clientContext.request.get(`${journey.server.url}/api${tampered.replace('/review/', '/public/review/')}`);
    expect(api.status()).toBe(404);
    await client.goto(`${journey.server.url}${tampered}`);
    await client.getByTestId('client-review-not-found').waitFor();
    await artifacts.screenshot(client, 'tampered');

    expect(errors).toEqual([]);
    await clientContext.close();
    await editorContext.close();
    await ownerContext.close();
  });
});

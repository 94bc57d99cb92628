import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { accountsQueryOptions } from '../../../shared/content/accounts';
import {
  publicationQueryOptions,
  queuePagesOf,
  queueQueryOptions,
  type ContentItem,
  type Publication,
  type PublicationDetail,
} from '../../../shared/content/content-items';
import { warRoomStateQueryOptions, type WarRoomAlert } from '../../../shared/war-room/war-room-state';
import { noContent, ok, stubApi } from '../../../test/api-stub';
import {
  contentItemFixture,
  instagramAccountFixture,
  publicationDetailFixture,
  publicationFixture,
  tiktokAccountFixture,
  warRoomStateFixture,
  workspaceId,
} from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import { QueuePage } from './QueuePage';

const publication = publicationFixture;
const item = (id: string, publications: Publication[]) => contentItemFixture(id, publications);
const detail = publicationDetailFixture;

function renderQueue(items: ContentItem[], details: Record<string, PublicationDetail> = {}, alerts: WarRoomAlert[] = []) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  queryClient.setQueryData(warRoomStateQueryOptions(workspaceId).queryKey, { ...warRoomStateFixture, alerts });
  queryClient.setQueryData(queueQueryOptions(workspaceId).queryKey, queuePagesOf(items));
  for (const [id, value] of Object.entries(details)) queryClient.setQueryData(publicationQueryOptions(workspaceId, id).queryKey, value);
  const rootRoute = createRootRoute({ component: Outlet });
  const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: Outlet });
  const queueRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: QueuePage });
  const router = createRouter({
    routeTree: rootRoute.addChildren([appRoute.addChildren([queueRoute])]),
    history: createMemoryHistory({ initialEntries: ['/'] }),
  });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

const lane = (who: string) => screen.getByRole('group', { name: `Lane of ${who}` });
const current = (group: HTMLElement) => group.querySelector('[aria-current="step"]')?.textContent;

describe('Queue lanes', () => {
  it('renders one lane per target platform at its stage: scheduled, uploading with %, processing, posted with permalink', async () => {
    const uploading = publication('p1', { status: 'uploading' });
    const processing = publication('p2', { status: 'processing', platform: 'instagram', accountId: instagramAccountFixture.id });
    const posted = publication('p3', { status: 'posted', permalink: 'https://www.tiktok.com/@acme.studio/video/1' });
    const pending = publication('p4', { status: 'pending', platform: 'instagram', accountId: instagramAccountFixture.id });
    renderQueue([item('a', [uploading, processing]), item('b', [posted, pending])], {
      p1: detail(uploading, { progressBytes: 42, totalBytes: 100 }),
      p2: detail(processing),
    });

    const lanes = await screen.findAllByRole('group', { name: /^Lane of/ });
    expect(lanes).toHaveLength(4);
    const [a, b] = screen.getAllByRole('article');
    expect(current(within(a!).getByRole('group', { name: 'Lane of @acme.studio on TikTok' }))).toBe('Uploading 42%');
    expect(current(within(a!).getByRole('group', { name: 'Lane of @acme_shop on Instagram' }))).toBe('Processing');
    const postedLane = within(b!).getByRole('group', { name: 'Lane of @acme.studio on TikTok' });
    expect(current(postedLane)).toBe('Posted');
    expect(within(postedLane).getByRole('link', { name: 'View on TikTok' }).getAttribute('href')).toBe('https://www.tiktok.com/@acme.studio/video/1');
    expect(current(within(b!).getByRole('group', { name: 'Lane of @acme_shop on Instagram' }))).toBe('Scheduled');
  });

  it("shows a failed lane with the platform's reason, and Retry calls the API", async () => {
    const failed = publication('p5', {
      status: 'failed',
      platform: 'instagram',
      accountId: instagramAccountFixture.id,
      errorMessage: 'The video is too short for Reels',
    });
    renderQueue([item('c', [failed])], { p5: detail(failed) });
    const post = stubApi('POST', { '/api/publications/{id}/retry': noContent() });
    stubApi('GET', {
      '/api/calendar/queue': ok({ items: [], nextCursor: null }),
      '/api/publications/{id}': ok(detail(failed, { status: 'pending', errorMessage: null })),
    });

    const failedLane = await screen.findByRole('group', { name: 'Lane of @acme_shop on Instagram' });
    expect(failedLane.textContent).toContain('Failed');
    expect(failedLane.textContent).toContain('The video is too short for Reels');
    fireEvent.click(within(failedLane).getByRole('button', { name: 'Retry @acme_shop on Instagram' }));
    await vi.waitFor(() => expect(post).toHaveBeenCalledWith('/api/publications/{id}/retry', { params: { path: { id: 'p5' } } }));
  });

  it('makes a needs-review publication stand out with its resolve actions', async () => {
    const review = publication('p6', { status: 'processing' });
    renderQueue([item('d', [review])], { p6: detail(review, { needsReview: true }) });
    const reviewLane = await screen.findByRole('group', { name: 'Lane of @acme.studio on TikTok' });
    expect(reviewLane.className).toContain('lane--review');
    expect(within(reviewLane).getByRole('button', { name: 'It was posted' })).toBeDefined();
    expect(within(reviewLane).getByRole('button', { name: 'It was not posted' })).toBeDefined();
    expect(lane('@acme.studio on TikTok').textContent).toContain('Needs review');
  });

  it('shows the needs-review and failing alerts of the war room at the top, not the others', async () => {
    const alert = (id: string, rule: WarRoomAlert['rule'], severity: WarRoomAlert['severity'], message: string): WarRoomAlert => ({
      id,
      rule,
      severity,
      message,
      subject: '',
      value: null,
      threshold: null,
      firedAt: '2030-01-01T10:00:00.000Z',
    });
    renderQueue([], {}, [
      alert('a1', 'needs_review', 'warning', '2 publications need review'),
      alert('a2', 'error_rate', 'critical', '40% of publications failed in the last hour'),
      alert('a3', 'token_expiring', 'warning', 'The token of @acme_shop expires tomorrow'),
    ]);
    const alerts = await screen.findByRole('list', { name: 'Queue alerts' });
    const items = within(alerts).getAllByRole('listitem');
    expect(items.map((entry) => entry.getAttribute('data-rule'))).toEqual(['error_rate', 'needs_review']);
    expect(alerts.textContent).toContain('40% of publications failed in the last hour');
    expect(alerts.textContent).toContain('2 publications need review');
    expect(alerts.textContent).not.toContain('expires tomorrow');
  });

  it('filters by account: the list is asked for that account only', async () => {
    const queryClient = createTestQueryClient();
    seedSignedIn(queryClient);
    queryClient.setQueryData(warRoomStateQueryOptions(workspaceId).queryKey, warRoomStateFixture);
    queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, [tiktokAccountFixture, instagramAccountFixture]);
    queryClient.setQueryData(queueQueryOptions(workspaceId).queryKey, queuePagesOf([item('e', [publication('p7', {})])]));
    const get = stubApi('GET', { '/api/calendar/queue': ok({ items: [], nextCursor: null }) });
    const rootRoute = createRootRoute({ component: Outlet });
    const queueRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: QueuePage });
    const router = createRouter({ routeTree: rootRoute.addChildren([queueRoute]), history: createMemoryHistory({ initialEntries: ['/'] }) });
    render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    const select = await screen.findByRole('combobox', { name: 'Account' });
    fireEvent.change(select, { target: { value: instagramAccountFixture.id } });
    await vi.waitFor(() =>
      expect(get).toHaveBeenCalledWith(
        '/api/calendar/queue',
        expect.objectContaining({ params: { query: expect.objectContaining({ accountId: instagramAccountFixture.id }) } }),
      ),
    );
    expect(await screen.findByText('No post matches these filters.')).toBeDefined();
  });
});

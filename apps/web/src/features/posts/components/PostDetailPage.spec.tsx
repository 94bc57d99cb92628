import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { contentItemQueryOptions, publicationQueryOptions, type ContentItem, type PublicationDetail } from '../../../shared/content/content-items';
import { noContent, ok, stubApi } from '../../../test/api-stub';
import { contentItemFixture, instagramAccountFixture, publicationDetailFixture, publicationFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import { PostDetailPage } from './PostDetailPage';

const ITEM_ID = 'c0c0c0c0-0000-4000-8000-00000000d001';
const TIKTOK_ID = 'd1d1d1d1-0000-4000-8000-000000000001';
const INSTAGRAM_ID = 'd1d1d1d1-0000-4000-8000-000000000002';

const posted = publicationFixture(TIKTOK_ID, {
  status: 'posted',
  permalink: 'https://www.tiktok.com/@acme.studio/video/7301',
  postedAt: '2030-01-01T10:02:00.000Z',
  remoteMediaId: '7301',
});
const failed = publicationFixture(INSTAGRAM_ID, {
  platform: 'instagram',
  accountId: instagramAccountFixture.id,
  status: 'failed',
  errorCode: 'instagram.media_too_short',
  errorMessage: 'The video is too short for Reels',
});

const item = contentItemFixture(ITEM_ID, [posted, failed], { title: 'Spring launch', caption: 'Spring is here #launch', status: 'failed' });

const postedDetail = publicationDetailFixture(posted, {
  contentItemId: ITEM_ID,
  remotePublishId: 'v_pub_url~v2.7301',
  job: { id: 'e1e1e1e1-0000-4000-8000-000000000001', attempts: 1, maxAttempts: 8, lastError: null, runAt: '2030-01-01T10:00:00.000Z', status: 'succeeded' },
  timeline: [
    { id: '11', at: '2030-01-01T10:00:00.000Z', type: 'job_started', fromStatus: 'pending', toStatus: 'uploading', message: null, data: {} },
    {
      id: '12',
      at: '2030-01-01T10:01:00.000Z',
      type: 'step_finished',
      fromStatus: 'uploading',
      toStatus: 'processing',
      message: 'Uploaded 3 of 3 chunks',
      data: {},
    },
    { id: '13', at: '2030-01-01T10:02:00.000Z', type: 'published', fromStatus: 'processing', toStatus: 'posted', message: null, data: {} },
  ],
});

const failedDetail = publicationDetailFixture(failed, {
  contentItemId: ITEM_ID,
  errorClass: 'invalid_content',
  job: {
    id: 'e1e1e1e1-0000-4000-8000-000000000002',
    attempts: 3,
    maxAttempts: 8,
    lastError: { code: 'instagram.media_too_short' },
    runAt: '2030-01-01T10:00:00.000Z',
    status: 'failed',
  },
  timeline: [
    { id: '21', at: '2030-01-01T10:00:00.000Z', type: 'job_started', fromStatus: 'pending', toStatus: 'uploading', message: null, data: {} },
    {
      id: '22',
      at: '2030-01-01T10:00:30.000Z',
      type: 'job_failed',
      fromStatus: 'processing',
      toStatus: 'failed',
      message: 'The video is too short for Reels',
      data: {},
    },
  ],
});

/** The post's page at /posts/<id> (route id `/app/posts/$id`, as in the app), with the post and both publications cached. */
function renderPost(post: ContentItem = item, details: PublicationDetail[] = [postedDetail, failedDetail]) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  queryClient.setQueryData(contentItemQueryOptions(workspaceId, post.id).queryKey, post);
  for (const detail of details) queryClient.setQueryData(publicationQueryOptions(workspaceId, detail.id).queryKey, detail);
  const rootRoute = createRootRoute({ component: Outlet });
  const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: Outlet });
  const postRoute = createRoute({ getParentRoute: () => appRoute, path: '/posts/$id', component: PostDetailPage });
  const router = createRouter({
    routeTree: rootRoute.addChildren([appRoute.addChildren([postRoute])]),
    history: createMemoryHistory({ initialEntries: [`/posts/${post.id}`] }),
  });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { queryClient };
}

const panelOf = (who: string) => screen.getByRole('region', { name: `Publication to ${who}` });
const timelineOf = (panel: HTMLElement) =>
  within(panel)
    .getAllByRole('listitem')
    .filter((entry) => entry.closest('ol.timeline'));
const currentStep = (lane: HTMLElement) => lane.querySelector('[aria-current="step"]')?.textContent;

describe('post detail page', () => {
  it('shows the post, then each publication with its lane, ids, attempts and full timeline in order', async () => {
    renderPost();

    expect(await screen.findByRole('heading', { level: 1, name: 'Spring launch' })).toBeDefined();
    expect(screen.getAllByText('Spring is here #launch').length).toBeGreaterThan(0);

    const tiktok = panelOf('@acme.studio');
    const tiktokLane = within(tiktok).getByRole('group', { name: 'Lane of @acme.studio on TikTok' });
    expect(currentStep(tiktokLane)).toBe('Posted');
    expect(tiktok.textContent).toContain('v_pub_url~v2.7301');
    expect(tiktok.textContent).toContain('1 / 8');
    const events = timelineOf(tiktok);
    expect(events.map((entry) => entry.querySelector('.mono')?.textContent)).toEqual(['job_started', 'step_finished', 'published']);
    expect(events[1]?.textContent).toContain('uploading → processing');
    expect(events[1]?.textContent).toContain('Uploaded 3 of 3 chunks');
    expect(events[2]?.querySelector('time')?.getAttribute('dateTime')).toBe('2030-01-01T10:02:00.000Z');
  });

  it("shows a failed publication with the platform's reason, its attempts and the failure in its timeline", async () => {
    renderPost();

    const instagram = await screen.findByRole('region', { name: 'Publication to @acme_shop' });
    const lane = within(instagram).getByRole('group', { name: 'Lane of @acme_shop on Instagram' });
    expect(lane.getAttribute('data-status')).toBe('failed');
    expect(lane.textContent).toContain('The video is too short for Reels');
    expect(instagram.textContent).toContain('3 / 8');
    const last = timelineOf(instagram).at(-1);
    expect(last?.textContent).toContain('job_failed');
    expect(last?.textContent).toContain('processing → failed');
    expect(last?.textContent).toContain('The video is too short for Reels');
  });

  it('retries the failed publication through the API, and the lane goes back to Scheduled once the post is refetched', async () => {
    const retried = publicationFixture(INSTAGRAM_ID, { platform: 'instagram', accountId: instagramAccountFixture.id, status: 'pending' });
    const post = stubApi('POST', { '/api/publications/{id}/retry': noContent() });
    stubApi('GET', {
      '/api/content-items/{id}': ok({ ...item, status: 'scheduled', publications: [posted, retried] }),
      '/api/publications/{id}': (init) =>
        ok(
          init.params.path.id === INSTAGRAM_ID
            ? publicationDetailFixture(retried, {
                contentItemId: ITEM_ID,
                timeline: [
                  ...failedDetail.timeline,
                  { id: '23', at: '2030-01-01T10:05:00.000Z', type: 'retry_requested', fromStatus: 'failed', toStatus: 'pending', message: null, data: {} },
                ],
              })
            : postedDetail,
        ),
    });
    renderPost();

    const instagram = await screen.findByRole('region', { name: 'Publication to @acme_shop' });
    fireEvent.click(within(instagram).getByRole('button', { name: 'Retry @acme_shop on Instagram' }));

    await waitFor(() => expect(post).toHaveBeenCalledWith('/api/publications/{id}/retry', { params: { path: { id: INSTAGRAM_ID } } }));
    const lane = within(instagram).getByRole('group', { name: 'Lane of @acme_shop on Instagram' });
    await waitFor(() => expect(currentStep(lane)).toBe('Scheduled'));
    expect(lane.textContent).not.toContain('The video is too short for Reels');
    await waitFor(() => expect(timelineOf(instagram).at(-1)?.textContent).toContain('retry_requested'));
    expect(post).toHaveBeenCalledTimes(1);
  });
});

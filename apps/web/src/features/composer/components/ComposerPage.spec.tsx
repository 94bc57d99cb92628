import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { accountsQueryOptions, type SocialAccount } from '../../../shared/content/accounts';
import { contentItemQueryOptions, type ContentItem } from '../../../shared/content/content-items';
import { apiError, ok, stubApi } from '../../../test/api-stub';
import { instagramAccountFixture, platformsFixture, tiktokAccountFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import { assetQueryOptions, assetsQueryOptions, type Asset } from '../api/assets';
import { platformsQueryOptions } from '../api/platforms';
import { validateComposeSearch } from './compose-search';
import { ComposerPage } from './ComposerPage';

const tiktok: SocialAccount = {
  ...tiktokAccountFixture,
  capabilities: { privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'], maxVideoPostDurationSec: 300 },
};
const instagram: SocialAccount = { ...instagramAccountFixture, status: 'active' };

const asset: Asset = {
  id: 'f1f1f1f1-0000-4000-8000-000000000001',
  filename: 'launch.mp4',
  mime: 'video/mp4',
  bytes: 4_000_000,
  sha256: 'ab'.repeat(32),
  status: 'ready',
  error: null,
  duplicateOf: null,
  thumbnailUrl: '/api/assets/f1f1f1f1-0000-4000-8000-000000000001/thumbnail',
  usageCount: 1,
  usedBy: [],
  tags: [],
  createdAt: '2029-12-30T10:00:00.000Z',
  probe: {
    container: 'mp4',
    durationMs: 30_000,
    width: 1080,
    height: 1920,
    rotation: 0,
    fps: 30,
    videoCodec: 'h264',
    videoProfile: 'High',
    audioCodec: 'aac',
    audioSampleRate: 44_100,
    bitrate: 1_000_000,
    faststart: true,
  },
};

const itemId = 'c0ffee00-0000-4000-8000-000000000001';
const savedItem: ContentItem = {
  id: itemId,
  title: 'Launch',
  caption: 'New drop',
  hashtags: ['launch'],
  assetId: asset.id,
  scheduledAt: '2030-01-02T09:00:00.000Z',
  scheduledAtLocal: '2030-01-02T10:00:00+01:00',
  timeZone: 'Europe/Paris',
  status: 'scheduled',
  options: {},
  targets: [
    {
      accountId: tiktok.id,
      platform: 'tiktok',
      handle: tiktok.handle,
      options: {
        privacyLevel: 'FOLLOWER_OF_CREATOR',
        disableComment: false,
        disableDuet: true,
        disableStitch: true,
        brandContentToggle: false,
        brandOrganicToggle: false,
        isAigc: true,
        caption: 'TikTok words',
      },
    },
    { accountId: instagram.id, platform: 'instagram', handle: instagram.handle, options: { shareToFeed: false } },
  ],
  publications: [],
  version: 3,
  duplicatedFrom: null,
  createdAt: '2029-12-30T10:00:00.000Z',
  updatedAt: '2029-12-31T10:00:00.000Z',
};

/** The composer at /compose?item=…, with the app's route id (`/app/compose`) and cache seeded as after loading. */
function renderEditor(item: ContentItem = savedItem) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, [tiktok, instagram]);
  queryClient.setQueryData(contentItemQueryOptions(workspaceId, item.id).queryKey, item);
  queryClient.setQueryData(assetQueryOptions(workspaceId, asset.id).queryKey, asset);
  queryClient.setQueryData(assetsQueryOptions(workspaceId).queryKey, [asset]);
  queryClient.setQueryData(platformsQueryOptions().queryKey, platformsFixture.items);
  stubApi('GET', {
    '/api/assets/{id}/checks': ok({ blocking: false, findings: [], platforms: ['instagram', 'tiktok'] }),
    '/api/platforms': ok(platformsFixture),
  });
  const rootRoute = createRootRoute({ component: Outlet });
  const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: Outlet });
  const composeRoute = createRoute({ getParentRoute: () => appRoute, path: '/compose', validateSearch: validateComposeSearch, component: ComposerPage });
  const postRoute = createRoute({ getParentRoute: () => appRoute, path: '/posts/$id', component: () => <p>post page</p> });
  const router = createRouter({
    routeTree: rootRoute.addChildren([appRoute.addChildren([composeRoute, postRoute])]),
    history: createMemoryHistory({ initialEntries: [`/compose?item=${item.id}`] }),
  });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { queryClient, router };
}

describe('composer, editing a saved post', () => {
  it('loads the item, its video and per-platform choices, previews it live, and saves with PATCH and its version', async () => {
    const patch = stubApi('PATCH', { '/api/content-items/{id}': ok({ ...savedItem, version: 4, warnings: [] }) });
    renderEditor();

    expect(await screen.findByRole('heading', { level: 1, name: 'Edit post' })).toBeDefined();
    const shared = screen.getByLabelText('Caption', { selector: 'textarea' }) as HTMLTextAreaElement;
    expect(shared.value).toBe('New drop\n\n#launch');
    // The item's hashtags follow its text into the TikTok override too, as the API posts them.
    expect((screen.getByLabelText('Caption for TikTok') as HTMLTextAreaElement).value).toBe('TikTok words\n\n#launch');
    expect(screen.queryByLabelText('Caption for Instagram')).toBeNull();
    expect((screen.getByLabelText('Who can view this video') as HTMLSelectElement).value).toBe('FOLLOWER_OF_CREATOR');
    expect((screen.getByLabelText('Comment') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Also share to the feed') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText('Chosen: launch.mp4')).toBeDefined();
    expect((screen.getByLabelText(/^Publish at/) as HTMLInputElement).value).toBe('2030-01-02T10:00');

    // The previews: each platform's handle and the caption it will post, updated as you type.
    const previews = screen.getByRole('complementary', { name: 'Previews' });
    const tiktokPreview = within(previews).getByRole('figure', { name: /TikTok/ });
    const instagramPreview = within(previews).getByRole('figure', { name: /Instagram/ });
    expect(within(tiktokPreview).getByText('@acme.studio')).toBeDefined();
    expect(within(tiktokPreview).getByText(/TikTok words/, { selector: '.phone-caption' })).toBeDefined();
    expect(within(instagramPreview).getByText('acme_shop', { selector: '.phone-handle' })).toBeDefined();
    expect(instagramPreview.querySelector('img.phone-media')?.getAttribute('src')).toBe(asset.thumbnailUrl);
    fireEvent.change(shared, { target: { value: 'Fresh words for everyone' } });
    expect(within(instagramPreview).getByText('Fresh words for everyone', { selector: '.phone-caption' })).toBeDefined();
    expect(within(tiktokPreview).queryByText(/Fresh words/, { selector: '.phone-caption' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch).toHaveBeenCalledWith('/api/content-items/{id}', {
      params: { path: { id: itemId }, header: { 'If-Match': '"3"' } },
      body: {
        caption: 'Fresh words for everyone',
        hashtags: [],
        assetId: asset.id,
        scheduledAt: '2030-01-02T10:00:00+01:00',
        targets: [
          {
            accountId: tiktok.id,
            options: {
              privacyLevel: 'FOLLOWER_OF_CREATOR',
              disableComment: false,
              disableDuet: true,
              disableStitch: true,
              brandContentToggle: false,
              brandOrganicToggle: false,
              isAigc: true,
              caption: 'TikTok words\n\n#launch',
            },
          },
          { accountId: instagram.id, options: { shareToFeed: false } },
        ],
      },
    });
    expect(await screen.findByText(/^Scheduled for/)).toBeDefined();
  });

  it('schedules a draft: the PATCH moves it to scheduled', async () => {
    const patch = stubApi('PATCH', { '/api/content-items/{id}': ok({ ...savedItem, version: 2, warnings: [] }) });
    renderEditor({ ...savedItem, status: 'draft', version: 1, scheduledAt: null, scheduledAtLocal: null });
    fireEvent.click(await screen.findByLabelText('Schedule'));
    fireEvent.change(screen.getByLabelText(/^Publish at/), { target: { value: '2030-02-01T08:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch.mock.calls[0]?.[1]).toMatchObject({
      params: { header: { 'If-Match': '"1"' } },
      body: { status: 'scheduled', scheduledAt: '2030-02-01T08:30:00+01:00' },
    });
  });

  it('says the post changed elsewhere on 412, and offers to reload it', async () => {
    stubApi('PATCH', {
      '/api/content-items/{id}': apiError({
        statusCode: 412,
        code: 'STALE_VERSION',
        message: 'Someone changed this item first (now at version 4)',
        details: { currentVersion: 4 },
      }),
    });
    renderEditor();
    fireEvent.click(await screen.findByRole('button', { name: 'Save changes' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Changed elsewhere')).toBeDefined();
    expect(within(alert).getByRole('button', { name: 'Reload the post' })).toBeDefined();
  });

  it('asks before saving a post without a caption, and saves only once confirmed', async () => {
    const patch = stubApi('PATCH', { '/api/content-items/{id}': ok({ ...savedItem, caption: '', version: 4, warnings: [] }) });
    renderEditor();
    fireEvent.change(await screen.findByLabelText('Caption', { selector: 'textarea' }), { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Save without a caption?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a caption' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(patch).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Save without a caption' }));
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
  });

  it('words a refused past time for people, in the workspace zone, without the API’s English', async () => {
    stubApi('PATCH', {
      '/api/content-items/{id}': apiError({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'scheduledAt 2029-12-01T08:00:00.000Z is in the past',
        params: { field: 'scheduledAt', constraint: 'SCHEDULE_IN_PAST', scheduledAt: '2029-12-01T08:00:00.000Z' },
        details: [
          {
            field: 'scheduledAt',
            messages: ['scheduledAt 2029-12-01T08:00:00.000Z is in the past'],
            code: 'SCHEDULE_IN_PAST',
            params: { field: 'scheduledAt', constraint: 'SCHEDULE_IN_PAST', scheduledAt: '2029-12-01T08:00:00.000Z' },
          },
        ],
      }),
    });
    renderEditor();
    fireEvent.click(await screen.findByRole('button', { name: 'Save changes' }));
    // Europe/Paris (the seeded workspace's zone): 09:00:00, to the second.
    expect(await screen.findByText('That time has already passed (Dec 1, 2029, 9:00:00 AM): pick a time in the future.')).toBeDefined();
    expect(document.body.textContent).not.toMatch(/scheduledAt|is in the past/);
  });

  it('does not offer to edit a post that is already publishing', async () => {
    renderEditor({ ...savedItem, status: 'publishing' });
    expect(await screen.findByText('This post can no longer be edited here (status: Publishing). Duplicate it from its page to post it again.')).toBeDefined();
    expect(screen.queryByLabelText('Caption', { selector: 'textarea' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open the post' }).getAttribute('href')).toBe(`/posts/${itemId}`);
  });
});

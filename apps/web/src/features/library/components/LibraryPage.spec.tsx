import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { apiError, noContent, ok, stubApi } from '../../../test/api-stub';
import { meFixture } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import type { LibraryAsset } from '../api/library';
import { aspectOf } from './asset-facts';
import { LibraryPage } from './LibraryPage';

const POST_ID = 'c0ffee00-0000-4000-8000-000000000001';

function asset(patch: Partial<LibraryAsset>): LibraryAsset {
  return {
    id: 'a0000000-0000-4000-8000-000000000001',
    filename: 'launch.mp4',
    mime: 'video/mp4',
    bytes: 12 * 1024 * 1024,
    sha256: 'ab'.repeat(32),
    status: 'ready',
    probe: {
      container: 'mp4',
      durationMs: 38_000,
      width: 1080,
      height: 1920,
      rotation: 0,
      fps: 30,
      videoCodec: 'h264',
      videoProfile: 'High',
      audioCodec: 'aac',
      audioSampleRate: 44100,
      bitrate: 2_000_000,
      faststart: true,
    },
    usageCount: 0,
    usedBy: [],
    tags: [],
    duplicateOf: null,
    thumbnailUrl: '/api/assets/a0000000-0000-4000-8000-000000000001/thumbnail',
    error: null,
    createdAt: '2030-01-01T09:00:00.000Z',
    ...patch,
  };
}

const used = asset({
  usageCount: 1,
  usedBy: [{ id: POST_ID, title: 'Black Friday launch', caption: 'Our biggest sale', status: 'scheduled', scheduledAt: '2030-01-02T09:00:00.000Z' }],
  tags: ['promo', 'summer sale'],
});
const spare = asset({ id: 'a0000000-0000-4000-8000-000000000002', filename: 'b-roll.mov', thumbnailUrl: null, probe: null, bytes: 2048 });

type Query = { q?: string; tag?: string; unused?: 'true' | 'false'; cursor?: string; limit?: number };

/** The library at /library over a stubbed GET /api/assets that filters like the API does. */
function renderLibrary(assets: LibraryAsset[] = [used, spare], role: 'owner' | 'viewer' = 'owner') {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, { ...meFixture, role });
  const get = stubApi('GET', {
    '/api/assets': (init) => {
      const query = (init as { params?: { query?: Query } } | undefined)?.params?.query ?? {};
      const items = assets.filter(
        (a) =>
          (!query.q || a.filename.includes(query.q) || a.tags.some((tag) => tag.includes(query.q!))) &&
          (!query.tag || a.tags.includes(query.tag)) &&
          (query.unused !== 'true' || a.usageCount === 0),
      );
      return ok({ items, nextCursor: null });
    },
  });
  renderPage(queryClient, LibraryPage, '/library');
  const lastQuery = (): Query => (get.mock.calls.at(-1)?.[1] as unknown as { params: { query: Query } }).params.query;
  return { get, lastQuery };
}

const card = async (name: string) => (await screen.findByRole('heading', { level: 2, name })).closest('article')!;

describe('media library', () => {
  it('shows each video with its poster, duration, size, aspect, the posts using it (linked) and its tags', async () => {
    renderLibrary();
    const launch = within(await card('launch.mp4'));
    expect(launch.getByRole('img', { name: 'Poster frame of launch.mp4' }).getAttribute('src')).toBe(used.thumbnailUrl);
    expect(launch.getByText('0:38')).toBeTruthy();
    expect(launch.getByText('12 MB')).toBeTruthy();
    expect(launch.getByText('9:16')).toBeTruthy();
    expect(launch.getByText('Used in 1 post')).toBeTruthy();
    expect(launch.getByRole('link', { name: 'Black Friday launch' }).getAttribute('href')).toBe(`/posts/${POST_ID}`);
    expect(within(launch.getByRole('list', { name: 'Tags of launch.mp4' })).getAllByRole('button', { name: /^Show videos tagged/ })).toHaveLength(2);

    const broll = within(await card('b-roll.mov'));
    expect(broll.getByRole('img', { name: 'No poster frame' })).toBeTruthy();
    expect(broll.getByText('Not used in any post')).toBeTruthy();
    expect(broll.getByText('No tags')).toBeTruthy();
  });

  it('searches by file name or tag, filters by a tag and by unused', async () => {
    const { lastQuery } = renderLibrary();
    await card('launch.mp4');
    fireEvent.change(screen.getByLabelText('Search by file name or tag'), { target: { value: 'summer' } });
    await waitFor(() => expect(lastQuery()).toMatchObject({ q: 'summer' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'launch.mp4' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('heading', { level: 2, name: 'b-roll.mov' })).toBeNull());

    fireEvent.change(screen.getByLabelText('Search by file name or tag'), { target: { value: '' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Show videos tagged promo' }));
    await waitFor(() => expect(lastQuery()).toMatchObject({ tag: 'promo' }));
    expect(screen.getByText('Tag: promo')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('heading', { level: 2, name: 'b-roll.mov' })).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Show all tags' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'b-roll.mov' })).toBeTruthy();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Unused only' }));
    await waitFor(() => expect(lastQuery()).toMatchObject({ unused: 'true' }));
    await waitFor(() => expect(screen.queryByRole('heading', { level: 2, name: 'launch.mp4' })).toBeNull());
    expect(screen.getByRole('heading', { level: 2, name: 'b-roll.mov' })).toBeTruthy();
  });

  it('adds a tag as the API stores it, removes one, and refuses an invalid tag without asking the API', async () => {
    renderLibrary();
    const patch = stubApi('PATCH', { '/api/assets/{id}': (init) => ok({ ...used, tags: init.body!.tags }) });
    const launch = within(await card('launch.mp4'));
    const input = launch.getByLabelText('New tag for launch.mp4');
    fireEvent.change(input, { target: { value: '  Black   Friday ' } });
    fireEvent.click(launch.getByRole('button', { name: 'Add tag' }));
    await waitFor(() =>
      expect(patch).toHaveBeenCalledWith('/api/assets/{id}', { params: { path: { id: used.id } }, body: { tags: ['promo', 'summer sale', 'black friday'] } }),
    );

    fireEvent.click(launch.getByRole('button', { name: 'Remove tag promo' }));
    await waitFor(() => expect(patch).toHaveBeenLastCalledWith('/api/assets/{id}', { params: { path: { id: used.id } }, body: { tags: ['summer sale'] } }));

    const calls = patch.mock.calls.length;
    fireEvent.change(input, { target: { value: 'a,b' } });
    fireEvent.click(launch.getByRole('button', { name: 'Add tag' }));
    expect((await launch.findByRole('alert')).textContent).toContain('A tag is 1–40 letters, digits, spaces, _, # or -.');
    expect(patch.mock.calls.length).toBe(calls);
  });

  it('explains a refused deletion by naming the posts that use the video, with links', async () => {
    renderLibrary();
    const remove = stubApi('DELETE', {
      '/api/assets/{id}': apiError({
        statusCode: 409,
        code: 'ASSET_IN_USE',
        message: 'This video is used by 1 planned item(s)',
        details: { items: [{ id: POST_ID, status: 'scheduled', title: 'Black Friday launch' }] },
      }),
    });
    fireEvent.click(within(await card('launch.mp4')).getByRole('button', { name: 'Delete launch.mp4' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete launch.mp4?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete video' }));
    const refused = await screen.findByRole('alertdialog', { name: "launch.mp4 can't be deleted" });
    expect(refused.textContent).toContain('It is used by 1 post that is not published or cancelled');
    expect(within(refused).getByRole('link', { name: 'Black Friday launch' }).getAttribute('href')).toBe(`/posts/${POST_ID}`);
    expect(within(refused).getByText('· Scheduled')).toBeTruthy();
    expect(remove).toHaveBeenCalledTimes(1);
    fireEvent.click(within(refused).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('deletes an unused video after confirmation and refreshes the grid', async () => {
    const assets = [used, spare];
    const { get } = renderLibrary(assets);
    const remove = stubApi('DELETE', {
      '/api/assets/{id}': () => {
        assets.splice(assets.indexOf(spare), 1);
        return noContent();
      },
    });
    fireEvent.click(within(await card('b-roll.mov')).getByRole('button', { name: 'Delete b-roll.mov' }));
    const before = get.mock.calls.length;
    await act(async () => fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete video' })));
    expect(remove).toHaveBeenCalledWith('/api/assets/{id}', { params: { path: { id: spare.id } } });
    await waitFor(() => expect(screen.queryByRole('heading', { level: 2, name: 'b-roll.mov' })).toBeNull());
    expect(get.mock.calls.length).toBeGreaterThan(before);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('lets a viewer look but not tag or delete', async () => {
    renderLibrary([used], 'viewer');
    const launch = within(await card('launch.mp4'));
    expect(launch.queryByRole('button', { name: /^Delete/ })).toBeNull();
    expect(launch.queryByLabelText('New tag for launch.mp4')).toBeNull();
  });

  it('says when nothing matches, and when the library is empty', async () => {
    renderLibrary([]);
    expect(await screen.findByText('No videos yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Unused only' }));
    expect(await screen.findByText('No video matches these filters.')).toBeTruthy();
  });
});

describe('aspectOf', () => {
  const probe = asset({}).probe!;
  it('names common ratios, applies rotation, and reduces the others', () => {
    expect(aspectOf(probe)).toBe('9:16');
    expect(aspectOf({ ...probe, rotation: 90 })).toBe('16:9');
    expect(aspectOf({ ...probe, width: 1080, height: 1080 })).toBe('1:1');
    expect(aspectOf({ ...probe, width: 1080, height: 1350 })).toBe('4:5');
    expect(aspectOf({ ...probe, width: 2560, height: 1080 })).toBe('64:27');
    expect(aspectOf(null)).toBeNull();
  });
});

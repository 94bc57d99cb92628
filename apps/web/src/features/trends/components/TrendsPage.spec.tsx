import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider, useSearch } from '@tanstack/react-router';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { apiError, inTurn, noContent, ok, stubApi } from '../../../test/api-stub';
import { meFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import { trendsQueryOptions, type TrendEntry } from '../api/trends';
import { parseTags } from './TrendFormDialog';
import { boardColumns, sortTrends, TrendsPage } from './TrendsPage';

function trend(patch: Partial<TrendEntry>): TrendEntry {
  return {
    id: 't1',
    platform: 'tiktok',
    kind: 'sound',
    label: 'Lo-fi piano loop',
    source: 'internal_analytics',
    status: 'new',
    tags: [],
    score: 8.5,
    notes: null,
    url: null,
    createdBy: null,
    contentItemId: null,
    observedAt: '2030-01-01T09:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    expired: false,
    createdAt: '2030-01-01T09:00:00.000Z',
    updatedAt: '2030-01-01T09:00:00.000Z',
    ...patch,
  };
}

function ComposeProbe() {
  const search = useSearch({ strict: false }) as { item?: string };
  return <h1>Composer for {search.item}</h1>;
}

/** The board at /trends, with a stand-in composer at /compose to land on. */
function renderTrends(trends: TrendEntry[], { role = 'owner' as 'owner' | 'viewer' } = {}) {
  const queryClient: QueryClient = createTestQueryClient();
  seedSignedIn(queryClient, { ...meFixture, role });
  queryClient.setQueryData(trendsQueryOptions(workspaceId).queryKey, trends);
  const rootRoute = createRootRoute({ component: Outlet });
  const router = createRouter({
    routeTree: rootRoute.addChildren([
      createRoute({ getParentRoute: () => rootRoute, path: '/trends', component: TrendsPage }),
      createRoute({ getParentRoute: () => rootRoute, path: '/compose', component: ComposeProbe }),
    ]),
    history: createMemoryHistory({ initialEntries: ['/trends'] }),
  });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { queryClient, router };
}

describe('Trend Radar board', () => {
  it('shows one column per status with each card: source, kind, platform, tags, link, notes and the draft made from it', async () => {
    renderTrends([
      trend({ status: 'testing', tags: ['piano'], contentItemId: 'c0ffee00-0000-4000-8000-000000000001' }),
      trend({
        id: 't2',
        label: '#BehindTheScenes',
        kind: 'hashtag',
        source: 'team_note',
        platform: null,
        score: null,
        notes: 'Works on Fridays',
        expiresAt: null,
      }),
      trend({ id: 't3', label: 'Green screen', kind: 'format', source: 'manual', url: 'https://example.com/brief', status: 'adopted' }),
    ]);
    const columns = await screen.findAllByRole('heading', { level: 2 });
    expect(columns.map((h) => h.textContent)).toEqual(['New (1)', 'Testing (1)', 'Adopted (1)', 'Dropped (0)']);

    const testing = screen.getByRole('list', { name: 'Testing' });
    const sound = within(testing).getByRole('article', { name: 'Lo-fi piano loop' });
    expect(sound.textContent).toContain('Internal analytics');
    expect(sound.textContent).toContain('Sound');
    expect(sound.textContent).toContain('TikTok');
    expect(sound.textContent).toContain('Score 8.5');
    expect(sound.textContent).toContain('#piano');
    expect(sound.textContent).toMatch(/Expires in/);
    expect(within(sound).getByRole('link', { name: 'Open the draft made from it' }).getAttribute('href')).toBe(
      '/compose?item=c0ffee00-0000-4000-8000-000000000001',
    );

    const note = within(screen.getByRole('list', { name: 'New' })).getByRole('article', { name: '#BehindTheScenes' });
    expect(note.textContent).toContain('Team note');
    expect(note.textContent).toContain('All platforms');
    expect(note.textContent).toContain('Works on Fridays');
    expect(note.textContent).toContain('No expiry');

    const adopted = within(screen.getByRole('list', { name: 'Adopted' })).getByRole('article', { name: 'Green screen' });
    expect(within(adopted).getByRole('link', { name: 'Green screen' }).getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.getByText('Nothing here yet.')).toBeDefined();
  });

  it('moves an entry to another column with its status select', async () => {
    const patch = stubApi('PATCH', { '/api/trends/{id}': ok(trend({ status: 'adopted' })) });
    stubApi('GET', { '/api/trends': ok({ items: [trend({ status: 'adopted' })] }) });
    renderTrends([trend({})]);

    fireEvent.change(await screen.findByLabelText('Status of Lo-fi piano loop'), { target: { value: 'adopted' } });

    await waitFor(() => expect(patch).toHaveBeenCalledWith('/api/trends/{id}', { params: { path: { id: 't1' } }, body: { status: 'adopted' } }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Adopted' })).getByRole('article', { name: 'Lo-fi piano loop' })).toBeDefined());
  });

  it('adds an entry through the dialog and shows the API’s validation messages under the fields', async () => {
    const post = stubApi('POST', {
      '/api/trends': inTurn(
        apiError({
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'Invalid input',
          details: [{ field: 'url', messages: ['url must be an http(s) URL'], code: 'isUrl', params: { field: 'url', constraint: 'isUrl' } }],
        }),
        ok(trend({ id: 'new', label: '#summerdrop', kind: 'hashtag' }), 201),
      ),
    });
    stubApi('GET', { '/api/trends': ok({ items: [trend({ id: 'new', label: '#summerdrop', kind: 'hashtag' })] }) });
    renderTrends([]);

    expect((await screen.findByRole('region', { name: 'No trends yet' })).textContent).toContain('Nothing is ever scraped');
    fireEvent.click(screen.getByRole('button', { name: 'Add a trend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a trend' });
    fireEvent.change(within(dialog).getByLabelText('Trend'), { target: { value: '#summerdrop' } });
    fireEvent.change(within(dialog).getByLabelText('Reference link'), { target: { value: 'javascript:alert(1)' } });
    fireEvent.change(within(dialog).getByLabelText('Tags'), { target: { value: 'summer, launch' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add trend' }));

    const link = within(dialog).getByLabelText('Reference link');
    await waitFor(() => expect(link.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('Link must be a web address.')).toBeDefined();
    expect(post).toHaveBeenLastCalledWith('/api/trends', {
      body: { label: '#summerdrop', kind: 'hashtag', platform: null, url: 'javascript:alert(1)', tags: ['summer', 'launch'], source: 'manual' },
    });

    fireEvent.change(link, { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add trend' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(post).toHaveBeenLastCalledWith('/api/trends', {
      body: { label: '#summerdrop', kind: 'hashtag', platform: null, url: null, tags: ['summer', 'launch'], source: 'manual' },
    });
    expect(await screen.findByRole('article', { name: '#summerdrop' })).toBeDefined();
  });

  it('edits an entry in the dialog, prefilled', async () => {
    const patch = stubApi('PATCH', { '/api/trends/{id}': ok(trend({ notes: 'Use the 15 s cut' })) });
    stubApi('GET', { '/api/trends': ok({ items: [trend({ notes: 'Use the 15 s cut' })] }) });
    renderTrends([trend({ tags: ['piano', 'calm'] })]);

    fireEvent.click(await screen.findByRole('button', { name: 'Edit Lo-fi piano loop' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit “Lo-fi piano loop”' });
    expect((within(dialog).getByLabelText('Tags') as HTMLInputElement).value).toBe('piano, calm');
    fireEvent.change(within(dialog).getByLabelText('Notes'), { target: { value: 'Use the 15 s cut' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(patch).toHaveBeenCalledWith('/api/trends/{id}', {
      params: { path: { id: 't1' } },
      body: { label: 'Lo-fi piano loop', kind: 'sound', platform: 'tiktok', url: null, tags: ['piano', 'calm'], notes: 'Use the 15 s cut' },
    });
  });

  it('deletes an entry only after confirming', async () => {
    const del = stubApi('DELETE', { '/api/trends/{id}': noContent() });
    stubApi('GET', { '/api/trends': ok({ items: [] }) });
    renderTrends([trend({})]);

    fireEvent.click(await screen.findByRole('button', { name: 'Delete Lo-fi piano loop' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete “Lo-fi piano loop”?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(del).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Delete Lo-fi piano loop' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete the entry' }));
    await waitFor(() => expect(del).toHaveBeenCalledWith('/api/trends/{id}', { params: { path: { id: 't1' } } }));
    expect(await screen.findByRole('region', { name: 'No trends yet' })).toBeDefined();
  });

  it('turns an entry into a draft and opens it in the composer', async () => {
    const post = stubApi('POST', {
      '/api/trends/{id}/draft': ok({ contentItemId: 'draft-1', trend: trend({ status: 'testing', contentItemId: 'draft-1' }) }, 201),
    });
    stubApi('GET', { '/api/trends': ok({ items: [] }) });
    const { router } = renderTrends([trend({})]);

    fireEvent.click(await screen.findByRole('button', { name: 'Create draft from Lo-fi piano loop' }));

    expect(await screen.findByRole('heading', { name: 'Composer for draft-1' })).toBeDefined();
    expect(post).toHaveBeenCalledWith('/api/trends/{id}/draft', { params: { path: { id: 't1' } } });
    expect(router.state.location.pathname).toBe('/compose');
  });

  it('lets viewers read the board without any write control', async () => {
    renderTrends([trend({})], { role: 'viewer' });
    expect(await screen.findByRole('article', { name: 'Lo-fi piano loop' })).toBeDefined();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});

describe('board helpers', () => {
  it('sorts current trends by score, expired ones last', () => {
    const now = Date.parse('2030-06-01T00:00:00.000Z');
    const sorted = sortTrends(
      [
        trend({ id: 'a', score: 1 }),
        trend({ id: 'b', score: 9, expiresAt: '2030-01-01T00:00:00.000Z' }),
        trend({ id: 'c', score: 5 }),
        trend({ id: 'd', score: null }),
      ],
      now,
    );
    expect(sorted.map((entry) => entry.id)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('puts each entry in its status column', () => {
    const columns = boardColumns([trend({ id: 'a', status: 'dropped' }), trend({ id: 'b' }), trend({ id: 'c', status: 'dropped', score: 9 })]);
    expect(Object.fromEntries(Object.entries(columns).map(([status, entries]) => [status, entries.map((e) => e.id)]))).toEqual({
      new: ['b'],
      testing: [],
      adopted: [],
      dropped: ['c', 'a'],
    });
  });

  it('reads tags separated by commas or spaces, once each', () => {
    expect(parseTags(' summer, #launch  bts,summer ')).toEqual(['summer', '#launch', 'bts']);
    expect(parseTags('')).toEqual([]);
  });
});

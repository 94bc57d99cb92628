import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { MetricValues, PostSnapshots, Snapshot } from '../../../shared/analytics/metrics';
import { ok, stubApi } from '../../../test/api-stub';
import { meFixture } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import type { AnalyticsPost, AnalyticsPostsPage, AnalyticsSummary, PostsQuery, SummaryQuery } from '../api/analytics';
import { presetRange, todayIn } from '../lib/range';
import { AnalyticsPage } from './AnalyticsPage';

const TIKTOK_ACCOUNT = 'a1000000-0000-4000-8000-000000000001';
const INSTAGRAM_ACCOUNT = 'a1000000-0000-4000-8000-000000000002';
const YOUTUBE_ACCOUNT = 'a1000000-0000-4000-8000-000000000003';

const empty: MetricValues = {
  views: null,
  likes: null,
  comments: null,
  shares: null,
  saves: null,
  watch_time: null,
  avg_watch_time: null,
  reach: null,
  engagement_rate: null,
};
const metrics = (patch: Partial<MetricValues>): MetricValues => ({ ...empty, ...patch });

const summaryFixture: AnalyticsSummary = {
  from: '2030-02-09',
  to: '2030-03-10',
  timeZone: 'Europe/Paris',
  age: 'latest',
  combined: { platforms: ['instagram', 'tiktok'], posts: 3, totals: metrics({ views: 12_400, likes: 800, engagement_rate: 0.0645 }) },
  separatePlatforms: ['youtube'],
  platforms: [
    { platform: 'instagram', displayName: 'Instagram', posts: 1, totals: metrics({ views: 2_400, likes: 300, saves: 12 }), trend: [] },
    {
      platform: 'tiktok',
      displayName: 'TikTok',
      posts: 2,
      totals: metrics({ views: 10_000, likes: 500 }),
      trend: [{ date: todayIn('Europe/Paris'), posts: 2, metrics: metrics({ views: 10_000, likes: 500 }) }],
    },
    { platform: 'youtube', displayName: 'YouTube', posts: 1, totals: metrics({ views: 70_000 }), trend: [] },
  ],
  accounts: [
    {
      accountId: TIKTOK_ACCOUNT,
      platform: 'tiktok',
      handle: 'acme',
      analytics: 'enabled',
      posts: 2,
      totals: metrics({ views: 10_000, likes: 500 }),
    },
    {
      accountId: INSTAGRAM_ACCOUNT,
      platform: 'instagram',
      handle: 'acme.ig',
      analytics: 'reconnect_required',
      posts: 1,
      totals: metrics({ views: 2_400 }),
    },
    { accountId: YOUTUBE_ACCOUNT, platform: 'youtube', handle: 'acmetube', analytics: 'enabled', posts: 1, totals: metrics({ views: 70_000 }) },
  ],
};

function post(n: number, patch: Partial<AnalyticsPost>): AnalyticsPost {
  return {
    publicationId: `b1000000-0000-4000-8000-00000000000${n}`,
    contentItemId: `c1000000-0000-4000-8000-00000000000${n}`,
    platform: 'tiktok',
    accountId: TIKTOK_ACCOUNT,
    handle: 'acme',
    caption: `Post ${n}`,
    permalink: null,
    postedAt: '2030-03-08T09:00:00.000Z',
    source: 'platform',
    readAt: '2030-03-09T09:00:00.000Z',
    metrics: metrics({}),
    ...patch,
  };
}

const launch = post(1, { caption: 'Spring launch', metrics: metrics({ views: 8_000, likes: 400, engagement_rate: 0.05 }) });
const teaser = post(2, { caption: 'Teaser', metrics: metrics({ views: 2_000, likes: 100 }) });

function snapshot(age: Snapshot['age'], views: number): Snapshot {
  return { age, source: 'platform', readAt: '2030-03-08T10:00:00.000Z', ageAtReadMs: 3_600_000, metrics: metrics({ views }), evidence: null };
}

const curves: Record<string, PostSnapshots> = {
  [launch.publicationId]: {
    publicationId: launch.publicationId,
    platform: 'tiktok',
    accountId: TIKTOK_ACCOUNT,
    postedAt: launch.postedAt,
    snapshots: [snapshot('1h', 500), snapshot('6h', 3_000), snapshot('24h', 8_000)],
  },
  [teaser.publicationId]: {
    publicationId: teaser.publicationId,
    platform: 'tiktok',
    accountId: TIKTOK_ACCOUNT,
    postedAt: teaser.postedAt,
    snapshots: [snapshot('1h', 700), snapshot('6h', 1_200)],
  },
};

type Init = { params?: { query?: PostsQuery & SummaryQuery; path?: { id: string } } } | undefined;

/** /analytics over a stubbed API: the posts table answers in the order asked (views or likes), 45 posts in all. */
function renderAnalytics() {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, meFixture);
  const get = stubApi('GET', {
    '/api/analytics/summary': (init) => ok({ ...summaryFixture, ...(init as Init)?.params?.query }),
    '/api/analytics/posts': (init) => {
      const query = (init as Init)?.params?.query ?? {};
      const metric = query.sort ?? 'views';
      const items = [launch, teaser].sort((a, b) => ((a.metrics[metric] ?? 0) - (b.metrics[metric] ?? 0)) * (query.order === 'asc' ? 1 : -1));
      const page: AnalyticsPostsPage = {
        age: query.age ?? 'latest',
        sort: metric,
        order: query.order ?? 'desc',
        total: 45,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
        items: items.slice(0, query.limit ?? 50),
      };
      return ok(page);
    },
    '/api/analytics/posts/{id}/snapshots': (init) => ok(curves[(init as Init)!.params!.path!.id]!),
    '/api/analytics/accounts/{id}': (init) => {
      const id = (init as Init)!.params!.path!.id;
      const account = summaryFixture.accounts.find((a) => a.accountId === id)!;
      return ok({
        ...account,
        missingScopes: [],
        from: '2030-03-04',
        to: '2030-03-10',
        timeZone: 'Europe/Paris',
        daily: [],
        trend: id === TIKTOK_ACCOUNT ? [{ date: todayIn('Europe/Paris'), posts: 1, metrics: metrics({ views: 321 }) }] : [],
      });
    },
  });
  renderPage(queryClient, AnalyticsPage, '/analytics');
  const queries = (path: string) =>
    (get.mock.calls as unknown as [string, Init][]).filter(([called]) => called === path).map(([, init]) => (init as Init)?.params?.query ?? {});
  /** The posts table's requests (the top posts list asks for 5). */
  const tableQueries = () => queries('/api/analytics/posts').filter((query) => query.limit === 20);
  return { get, queries, tableQueries };
}

const postsTable = async () => screen.findByRole('table', { name: /^Posts sorted by/ });
const rowNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole('rowheader')
    .map((cell) => within(cell).getByRole('link').textContent);

describe('Analytics page', () => {
  it('shows totals per platform, combined only over the platforms that may be summed, YouTube apart', async () => {
    renderAnalytics();
    await screen.findByRole('heading', { level: 1, name: 'Analytics' });
    const combined = await screen.findByRole('article', { name: 'Combined' });
    expect(within(combined).getByText('Summed over Instagram, TikTok')).toBeTruthy();
    expect(within(combined).getByText('12,400')).toBeTruthy();
    expect(within(combined).getByText('6.5%')).toBeTruthy();
    const youtube = screen.getByRole('article', { name: 'YouTube' });
    expect(within(youtube).getByText('Shown apart')).toBeTruthy();
    expect(within(youtube).getByText('70,000')).toBeTruthy();
    expect(screen.getByText(/^YouTube: the platform's terms forbid adding its figures/)).toBeTruthy();
    // Unknown figures are a dash, never 0.
    const instagram = screen.getByRole('article', { name: 'Instagram' });
    expect(within(within(instagram).getByText('Reach').closest('div')!).getByText('—')).toBeTruthy();
  });

  it('draws the trend per platform, or per account from each account’s own figures, with the same numbers in a table', async () => {
    const { get } = renderAnalytics();
    await screen.findByRole('article', { name: 'Combined' });
    fireEvent.change(screen.getByLabelText('Metric'), { target: { value: 'views' } });
    fireEvent.click(screen.getByRole('button', { name: '90 days' }));
    const byPlatform = await screen.findByRole('table', { name: 'Views at the latest reading per day' });
    expect(
      within(byPlatform)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['DayInstagramTikTokYouTube', expect.stringMatching(/^\S+ \S+—10,000—$/)]);
    expect(
      within(screen.getByRole('list', { name: 'Lines' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Instagram', 'TikTok', 'YouTube']);
    fireEvent.click(screen.getByRole('button', { name: 'Per account' }));
    const table = await screen.findByRole('table', { name: 'Views at the latest reading per day' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Day', 'TikTok @acme', 'Instagram @acme.ig', 'YouTube @acmetube']);
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) =>
          within(row)
            .getAllByRole('cell')
            .map((cell) => cell.textContent),
        ),
    ).toEqual([['321', '—', '—']]);
    const asked = (get.mock.calls as unknown as [string, Init][])
      .filter(([path]) => path === '/api/analytics/accounts/{id}')
      .map(([, init]) => init?.params?.path?.id);
    expect(new Set(asked)).toEqual(new Set([TIKTOK_ACCOUNT, INSTAGRAM_ACCOUNT, YOUTUBE_ACCOUNT]));
  });

  it('asks accounts connected without the analytics scope to reconnect', async () => {
    renderAnalytics();
    const notice = await screen.findByRole('region', { name: 'Some accounts need reconnecting' });
    expect(within(notice).getByText('Instagram @acme.ig: reconnect to enable analytics.')).toBeTruthy();
    expect(within(notice).getByRole('link', { name: 'Go to Accounts' }).getAttribute('href')).toBe('/accounts');
    expect(within(notice).queryByText(/TikTok/)).toBeNull();
    const accounts = screen.getByRole('table', { name: 'Totals per account' });
    expect(within(accounts).getByRole('row', { name: /Instagram @acme.ig/ }).textContent).toContain('Reconnect to enable analytics');
  });

  it("asks for the last 30 days of the workspace's time zone, then 7 days, and refuses a reversed custom range", async () => {
    const { queries } = renderAnalytics();
    await postsTable();
    const today = todayIn('Europe/Paris');
    // The main summary ends today; the period comparison asks for the period before.
    const main = () => queries('/api/analytics/summary').filter((query) => query.to === today);
    expect(main().at(-1)).toMatchObject({ ...presetRange(30, today), timeZone: 'Europe/Paris', age: 'latest' });
    fireEvent.click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() => expect(main().at(-1)).toMatchObject(presetRange(7, today)));
    fireEvent.click(screen.getByRole('button', { name: 'Custom' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2030-03-10' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2030-03-01' } });
    expect((await screen.findByRole('alert')).textContent).toBe('Choose a start on or before the end, at most 400 days apart.');
    expect(queries('/api/analytics/summary').filter((query) => query.from === '2030-03-10')).toEqual([]);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2030-03-12' } });
    await waitFor(() =>
      expect(queries('/api/analytics/summary')).toContainEqual(expect.objectContaining({ from: '2030-03-10', to: '2030-03-12', timeZone: 'Europe/Paris' })),
    );
    // And the period comparison: the three days before, at the same age.
    await waitFor(() =>
      expect(queries('/api/analytics/summary')).toContainEqual(expect.objectContaining({ from: '2030-03-07', to: '2030-03-09', age: 'latest' })),
    );
  });

  it('sorts the posts table by any metric at the chosen age, and pages through it', async () => {
    const { tableQueries } = renderAnalytics();
    let table = await postsTable();
    expect(tableQueries().at(-1)).toMatchObject({ age: 'latest', sort: 'views', order: 'desc', offset: 0 });
    expect(rowNames(table)).toEqual(['Spring launch', 'Teaser']);

    fireEvent.change(screen.getByLabelText('Read at'), { target: { value: '24h' } });
    table = await screen.findByRole('table', { name: 'Posts sorted by Views at 24 h, highest first' });
    expect(tableQueries().at(-1)).toMatchObject({ age: '24h', sort: 'views', order: 'desc' });
    expect(within(table).getByRole('columnheader', { name: /Views/ }).getAttribute('aria-sort')).toBe('descending');

    fireEvent.click(within(table).getByRole('button', { name: 'Views' }));
    table = await screen.findByRole('table', { name: 'Posts sorted by Views at 24 h, lowest first' });
    expect(tableQueries().at(-1)).toMatchObject({ age: '24h', sort: 'views', order: 'asc' });
    await waitFor(() => expect(rowNames(table)).toEqual(['Teaser', 'Spring launch']));

    fireEvent.click(within(table).getByRole('button', { name: 'Likes' }));
    table = await screen.findByRole('table', { name: 'Posts sorted by Likes at 24 h, highest first' });
    expect(tableQueries().at(-1)).toMatchObject({ sort: 'likes', order: 'desc' });
    expect(within(table).getByRole('columnheader', { name: /Views/ }).getAttribute('aria-sort')).toBe('none');

    expect(screen.getByText('1–2 of 45')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(tableQueries().at(-1)).toMatchObject({ sort: 'likes', offset: 20 }));
  });

  it("draws a post's curve and compares it with another post at the same ages", async () => {
    const { get } = renderAnalytics();
    const table = await postsTable();
    fireEvent.click(within(table).getByRole('button', { name: 'Show the curve of Spring launch' }));
    const curve = await screen.findByRole('region', { name: 'Curve of Spring launch' });
    const readings = await within(curve).findByRole('table', { name: 'Views at each age' });
    expect(
      within(readings)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['AgeSpring launch', '1 h500', '6 h3,000', '24 h8,000']);

    fireEvent.change(within(curve).getByLabelText('Compare at the same age with'), { target: { value: teaser.publicationId } });
    await waitFor(() =>
      expect(
        within(readings)
          .getAllByRole('row')
          .map((row) => row.textContent),
      ).toEqual(['AgeSpring launchTeaserDifference', '1 h500700+200', '6 h3,0001,200-1,800', '24 h8,000——']),
    );
    const asked = (get.mock.calls as unknown as [string, Init][])
      .filter(([path]) => path === '/api/analytics/posts/{id}/snapshots')
      .map(([, init]) => (init as Init)?.params?.path?.id);
    expect(new Set(asked)).toEqual(new Set([launch.publicationId, teaser.publicationId]));
  });

  it('offers the posts table and the readings as CSV and JSON files for the current period, age and order', async () => {
    renderAnalytics();
    await postsTable();
    const exports = screen.getByRole('group', { name: 'Export' });
    const href = (name: string) => new URL(within(exports).getByRole('link', { name }).getAttribute('href')!, 'http://localhost');
    const csv = href('Posts (CSV)');
    expect(csv.pathname).toBe('/api/analytics/export');
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      ...presetRange(30, todayIn('Europe/Paris')),
      timeZone: 'Europe/Paris',
      age: 'latest',
      sort: 'views',
      order: 'desc',
      dataset: 'posts',
      format: 'csv',
    });
    expect(href('Readings (JSON)').searchParams.get('dataset')).toBe('snapshots');
    expect(href('Readings (JSON)').searchParams.get('format')).toBe('json');
  });
});

import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider, useSearch } from '@tanstack/react-router';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { apiClient } from '../../../shared/api/client';
import { meFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import {
  platformChangesQueryOptions,
  radarSettingsQueryOptions,
  radarSourcesQueryOptions,
  sourceResultsQueryOptions,
  watchListQueryOptions,
  type PlatformChange,
  type RadarSource,
  type RadarTrend,
  type SourceResult,
  type WatchTerm,
} from '../api/radar';
import { trendsQueryOptions } from '../api/trends';
import { parseCsv } from '../lib/csv';
import { previewCsv } from './CsvImportDialog';
import { strengthSeries } from './radar-words';
import { sparklinePath } from './Sparkline';
import { applyFilters, rankTrends, TrendsPage } from './TrendsPage';

// TODO(lead): switch to stubApi after npm run openapi — the radar's routes are not in schema.gen yet,
// so these stand-ins answer any path (same shape as test/api-stub's replies).
type Reply = { data?: unknown; error?: unknown; response: Response };
type Init = { params?: { path?: Record<string, string> }; body?: unknown } | undefined;
type Answer = Reply | ((init: Init) => Reply);
const ok = (data: unknown, status = 200): Reply => ({ data, response: new Response(null, { status }) });
const noContent = (): Reply => ({ response: new Response(null, { status: 204 }) });
const apiError = (statusCode: number, code: string, message: string): Reply => ({
  error: { statusCode, code, message },
  response: new Response(null, { status: statusCode }),
});

function stubLoose(verb: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', routes: Record<string, Answer>) {
  const answer = async (path: string, init?: Init): Promise<Reply> => {
    const route = routes[path];
    if (route === undefined) return apiError(404, 'NOT_STUBBED', `${verb} ${path} is not stubbed in this test`);
    return typeof route === 'function' ? route(init) : route;
  };
  return vi.spyOn(apiClient, verb).mockImplementation(answer as never);
}

const EVIDENCE_NONE: RadarTrend['evidence'] = {
  strength: { score: null, growth24h: null, growth7d: null, latest: null, metric: null, platform: null, source: null, readings: [] },
  relevance: { score: null, topics: [], regionMatch: null, languageMatch: null, languageBasis: null, languages: [] },
  proof: { score: null, posts: 0, beatBaseline: 0, medianRatio: null, interval: null, items: [] },
  said: [],
  ownResults: [],
};

function trend(patch: Partial<RadarTrend>): RadarTrend {
  return {
    id: 't1',
    platform: 'youtube',
    kind: 'topic',
    label: 'Lo-fi study beats',
    source: 'youtube.charts',
    status: 'spotted',
    ownerId: null,
    region: 'FR',
    sourceDate: null,
    votes: 0,
    voted: false,
    linkedItems: 0,
    strength: 80,
    relevance: 60,
    proof: null,
    evidence: EVIDENCE_NONE,
    scoredAt: '2030-01-01T09:00:00.000Z',
    tags: [],
    score: null,
    notes: null,
    url: null,
    createdBy: null,
    contentItemId: null,
    observedAt: '2030-01-01T09:00:00.000Z',
    expiresAt: null,
    expired: false,
    createdAt: '2030-01-01T09:00:00.000Z',
    updatedAt: '2030-01-01T09:00:00.000Z',
    ...patch,
  };
}

/** A YouTube chart entry also counted on X: two sources, each with its own figures. */
const lofi = trend({
  evidence: {
    strength: {
      score: 80,
      growth24h: 0.5,
      growth7d: 2,
      latest: 90000,
      metric: 'view_count',
      platform: 'youtube',
      source: 'youtube.charts',
      readings: [
        { day: '2026-12-01', value: 30000 },
        { day: '2026-12-05', value: 60000 },
        { day: '2026-12-06', value: 90000 },
      ],
    },
    relevance: { score: 60, topics: ['music'], regionMatch: true, languageMatch: true, languageBasis: 'source', languages: ['en'] },
    proof: { score: 50, posts: 4, beatBaseline: 2, medianRatio: 1.25, interval: [0.15, 0.85], items: [] },
    said: [
      { source: 'youtube.charts', platform: 'youtube', region: 'FR', metric: 'view_count', value: 90000, observedAt: '2030-01-01T09:00:00.000Z' },
      { source: 'x.counts', platform: 'x', region: null, metric: 'tweet_count', value: 1200, observedAt: '2030-01-01T08:00:00.000Z' },
    ],
    ownResults: [],
  },
});
const dance = trend({
  id: 't2',
  label: '#dancechallenge',
  kind: 'hashtag',
  platform: 'tiktok',
  source: 'tiktok_creative_center',
  region: 'US',
  strength: 95,
  relevance: 70,
  proof: 40,
  votes: 2,
});
const old = trend({ id: 't3', label: 'Retired meme', status: 'retired', strength: 99, relevance: 99, proof: 99 });

function source(patch: Partial<RadarSource>): RadarSource {
  return {
    key: 'instagram.hashtag_search',
    platform: 'instagram',
    label: 'Instagram Hashtag Search',
    mode: 'fetched',
    officialEndpoints: ['GET /ig_hashtag_search'],
    access: 'Facebook Login',
    enabled: true,
    disabledReason: null,
    refreshEveryMinutes: 360,
    budget: {
      kind: 'unique_per_rolling_days',
      unit: 'hashtags',
      limit: 30,
      used: 27,
      left: 3,
      resetsAt: '2099-01-01T00:00:00.000Z',
      summary: '27 of 30 hashtags used',
    },
    runs: [
      { scope: 'acc', lastFetchAt: '2030-01-01T08:00:00.000Z', lastOkAt: '2030-01-01T08:00:00.000Z', nextFetchAt: '2099-01-01T00:00:00.000Z', lastError: null },
    ],
    counted: [{ accountId: 'acc', tag: 'summer', countedAt: '2030-01-01T08:00:00.000Z', freeAt: '2030-01-08T08:00:00.000Z' }],
    spend: [],
    terms: 'Instagram Platform Terms',
    ...patch,
  };
}

const SOURCES: RadarSource[] = [
  source({}),
  source({
    key: 'x.counts',
    platform: 'x',
    label: 'X counts',
    enabled: false,
    disabledReason: 'The monthly cap is 0: X reads are off.',
    budget: { kind: 'money_per_call', unit: 'cents', limit: 0, used: 0, left: 0, resetsAt: null, summary: 'Cap $0.00: off' },
    runs: [],
    counted: [],
  }),
];

interface Seed {
  trends?: RadarTrend[];
  sources?: RadarSource[];
  watchList?: WatchTerm[];
  changes?: PlatformChange[];
  results?: SourceResult[];
  role?: 'owner' | 'viewer';
}

function ComposeProbe() {
  const search = useSearch({ strict: false }) as { item?: string };
  return <h1>Composer for {search.item}</h1>;
}

function renderRadar({ trends = [lofi, dance, old], sources = SOURCES, watchList = [], changes = [], results = [], role = 'owner' }: Seed = {}) {
  const queryClient: QueryClient = createTestQueryClient();
  seedSignedIn(queryClient, { ...meFixture, role });
  queryClient.setQueryData(trendsQueryOptions(workspaceId).queryKey, trends);
  queryClient.setQueryData(radarSourcesQueryOptions(workspaceId).queryKey, sources);
  queryClient.setQueryData(watchListQueryOptions(workspaceId).queryKey, watchList);
  queryClient.setQueryData(radarSettingsQueryOptions(workspaceId).queryKey, {
    regions: ['FR'],
    languages: ['fr', 'en'],
    topics: ['music'],
    xMonthlyCapCents: 0,
    youtubeDailyUnits: 100,
    updatedAt: null,
  });
  queryClient.setQueryData(platformChangesQueryOptions(workspaceId).queryKey, changes);
  queryClient.setQueryData(sourceResultsQueryOptions(workspaceId).queryKey, results);
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

function cardNames(): string[] {
  return within(screen.getByRole('list', { name: 'Trends, best first' }))
    .getAllByRole('article')
    .map((card) => card.getAttribute('aria-label') ?? '');
}

describe('Trend Radar page', () => {
  it('ranks the cards by their scores (retired last) with source badges, the three scores and a sparkline', async () => {
    renderRadar();
    await screen.findByRole('article', { name: 'Lo-fi study beats' });
    expect(cardNames()).toEqual(['#dancechallenge', 'Lo-fi study beats', 'Retired meme']);

    const card = screen.getByRole('article', { name: 'Lo-fi study beats' });
    // Filed by YouTube's charts, and X counted it too: both named on the card.
    expect(card.textContent).toContain('YouTube charts');
    expect(card.textContent).toContain('X counts');
    expect(card.textContent).toMatch(/Strength\s*80/);
    expect(card.textContent).toMatch(/Relevance\s*60/);
    expect(card.textContent).toMatch(/Proof\s*n\/a/);
    // 7 days ago 30,000 → 24 h ago 60,000 → now 90,000, drawn and said in words.
    expect(within(card).getByRole('img').getAttribute('aria-labelledby')).toBeTruthy();
    expect(within(card).getByTitle('The last reading of each day: +200% over 7 days, +50% over 24 h')).toBeDefined();
    expect(screen.getByRole('article', { name: '#dancechallenge' }).textContent).toContain('TikTok Creative Center (by a person)');
  });

  it('filters by region and by the workspace’s languages', async () => {
    renderRadar();
    fireEvent.change(await screen.findByLabelText('Region'), { target: { value: 'US' } });
    expect(cardNames()).toEqual(['#dancechallenge']);
    fireEvent.change(screen.getByLabelText('Region'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'ours' } });
    expect(cardNames()).toEqual(['Lo-fi study beats']);
    expect(screen.getByRole('option', { name: 'Our languages (fr, en)' })).toBeDefined();
    fireEvent.change(screen.getByLabelText('Region'), { target: { value: 'US' } });
    expect(screen.getByText('No trend matches these filters.')).toBeDefined();
  });

  it('opens the evidence: how each score came out, and each source’s figures in its own table (never summed)', async () => {
    renderRadar();
    const card = await screen.findByRole('article', { name: 'Lo-fi study beats' });
    fireEvent.click(within(card).getByRole('button', { name: 'Show the evidence' }));
    const evidence = within(card).getByRole('region', { name: 'Evidence for Lo-fi study beats' });
    expect(evidence.textContent).toContain('90,000 view_count on YouTube now; +50% over 24 h, +200% over 7 days.');
    expect(evidence.textContent).toContain('Topics: music. In a region you target: yes. In your languages: yes (the source says en).');
    expect(evidence.textContent).toContain('2 of 4 posts that used it beat their account’s usual at the same age (median 1.25× the usual).');
    expect(evidence.textContent).toContain('95% interval: 15% to 85%.');
    const tables = within(evidence).getAllByRole('table');
    expect(tables.map((table) => table.querySelector('caption')?.textContent)).toEqual(['YouTube charts', 'X counts']);
    expect(within(tables[0]!).getAllByRole('row')).toHaveLength(2);
    expect(tables[1]!.textContent).toContain('1,200');
    expect(evidence.textContent).not.toContain('91,200');
    fireEvent.click(within(card).getByRole('button', { name: 'Hide the evidence' }));
    expect(within(card).queryByRole('region')).toBeNull();
  });

  it('votes, changes the status and the owner of a trend', async () => {
    // The server's copy: each write changes it and the refetch after it reads it.
    let stored = lofi;
    const put = stubLoose('PUT', { '/api/trends/{id}/vote': () => ok((stored = { ...stored, votes: 1, voted: true })) });
    const patch = stubLoose('PATCH', { '/api/trends/{id}': (init) => ok((stored = { ...stored, ...(init?.body as object) })) });
    stubLoose('GET', { '/api/trends': () => ok({ items: [stored] }) });
    renderRadar({ trends: [lofi] });

    fireEvent.click(await screen.findByRole('button', { name: '0 votes for Lo-fi study beats' }));
    await waitFor(() => expect(put).toHaveBeenCalledWith('/api/trends/{id}/vote', { params: { path: { id: 't1' } }, body: { vote: 'up' } }));
    const voted = await screen.findByRole('button', { name: '1 vote for Lo-fi study beats' });
    expect(voted.getAttribute('aria-pressed')).toBe('true');

    fireEvent.change(screen.getByLabelText('Status of Lo-fi study beats'), { target: { value: 'planned' } });
    await waitFor(() => expect(patch).toHaveBeenCalledWith('/api/trends/{id}', { params: { path: { id: 't1' } }, body: { status: 'planned' } }));
    fireEvent.change(screen.getByLabelText('Owner of Lo-fi study beats'), { target: { value: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' } });
    await waitFor(() =>
      expect(patch).toHaveBeenLastCalledWith('/api/trends/{id}', { params: { path: { id: 't1' } }, body: { ownerId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' } }),
    );
    fireEvent.change(screen.getByLabelText('Notes on Lo-fi study beats'), { target: { value: 'Good for the Sunday slot' } });
    fireEvent.blur(screen.getByLabelText('Notes on Lo-fi study beats'));
    await waitFor(() =>
      expect(patch).toHaveBeenLastCalledWith('/api/trends/{id}', { params: { path: { id: 't1' } }, body: { notes: 'Good for the Sunday slot' } }),
    );
  });

  it('“Use this trend” makes the linked draft and opens it in the composer', async () => {
    const post = stubLoose('POST', {
      '/api/trends/{id}/draft': ok(
        { contentItemId: 'draft-1', prefill: { hashtags: ['lofi'], audio: null, format: null }, trend: { ...lofi, status: 'planned' } },
        201,
      ),
    });
    stubLoose('GET', { '/api/trends': ok({ items: [] }) });
    const { router } = renderRadar({ trends: [lofi] });
    fireEvent.click(await screen.findByRole('button', { name: 'Use this trend: Lo-fi study beats' }));
    expect(await screen.findByRole('heading', { name: 'Composer for draft-1' })).toBeDefined();
    expect(post).toHaveBeenCalledWith('/api/trends/{id}/draft', { params: { path: { id: 't1' } } });
    expect(router.state.location.pathname).toBe('/compose');
  });

  it('shows each source with its budget as a meter, what it counted, and why one is off', async () => {
    renderRadar();
    const sources = await screen.findByRole('list', { name: 'Sources' });
    const meters = within(sources).getAllByRole('meter');
    // X's cap is 0: no meter for it, its reason instead.
    expect(meters).toHaveLength(1);
    expect(meters[0]!.getAttribute('aria-label')).toBe('Budget left for Instagram Hashtag Search');
    expect(meters[0]!.getAttribute('aria-valuenow')).toBe('3');
    expect(meters[0]!.getAttribute('aria-valuetext')).toBe('3 of 30 hashtags left this week');
    expect(meters[0]!.className).toContain('headroom-bar--warning');
    expect(sources.textContent).toContain('27 of 30 unique hashtags counted in the last 7 days');
    expect(sources.textContent).toContain('1 hashtag counted this week');
    expect(sources.textContent).toContain('#summer');
    expect(sources.textContent).toContain('The monthly cap is 0: X reads are off.');
    expect(sources.textContent).toContain('Monthly cap at 0: paid reads are off.');
  });

  it('adds a watch-list term (showing the API’s refusal) and removes one', async () => {
    const post = stubLoose('POST', {
      '/api/trends/watch-list': (init) =>
        (init?.body as { term: string }).term === 'summer'
          ? apiError(409, 'TREND_WATCH_TERM_TAKEN', 'Taken')
          : ok({ id: 'w2', term: 'backtoschool', kind: 'hashtag', createdAt: '2030-01-01T00:00:00.000Z' }, 201),
    });
    const del = stubLoose('DELETE', { '/api/trends/watch-list/{id}': noContent() });
    const summer: WatchTerm = { id: 'w1', term: 'summer', kind: 'hashtag', createdAt: '2030-01-01T00:00:00.000Z' };
    stubLoose('GET', {
      '/api/trends': ok({ items: [] }),
      '/api/trends/sources': ok({ items: SOURCES }),
      '/api/trends/watch-list': ok({ items: [summer] }),
      '/api/trends/settings': ok({ regions: [], languages: [], topics: [], xMonthlyCapCents: 0, youtubeDailyUnits: 100, updatedAt: null }),
    });
    renderRadar({ watchList: [summer] });

    const list = await screen.findByRole('list', { name: 'Watch-list' });
    expect(list.textContent).toContain('#summer');
    fireEvent.change(screen.getByLabelText('Term'), { target: { value: 'summer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to the watch-list' }));
    expect(await screen.findByText('This term is already on the watch-list.')).toBeDefined();
    expect(post).toHaveBeenLastCalledWith('/api/trends/watch-list', { body: { term: 'summer', kind: 'hashtag' } });

    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'topic' } });
    fireEvent.change(screen.getByLabelText('Term'), { target: { value: ' back to school ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to the watch-list' }));
    await waitFor(() => expect(post).toHaveBeenLastCalledWith('/api/trends/watch-list', { body: { term: 'back to school', kind: 'topic' } }));
    await waitFor(() => expect((screen.getByLabelText('Term') as HTMLInputElement).value).toBe(''));

    fireEvent.click(within(list).getByRole('button', { name: 'Remove summer from the watch-list' }));
    await waitFor(() => expect(del).toHaveBeenCalledWith('/api/trends/watch-list/{id}', { params: { path: { id: 'w1' } } }));
  });

  it('imports a CSV: previews it, shows the bad rows with their problem, keeps the good ones', async () => {
    const csv = ['label,kind,region,date', '#dance,hashtag,FR,2030-01-01', 'Bad row,hashtag,XX,2030-01-01', 'short,hashtag'].join('\n');
    const post = stubLoose('POST', {
      '/api/trends/import': ok({
        items: [trend({ id: 'n1', label: '#dance' })],
        errors: [
          { row: 3, column: 'region', message: 'region must be an ISO 3166-1 alpha-2 region code' },
          { row: 4, column: null, message: 'expected 4 cells' },
        ],
      }),
    });
    stubLoose('GET', { '/api/trends': ok({ items: [] }) });
    renderRadar();

    fireEvent.click(await screen.findByRole('button', { name: 'Import CSV' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import TikTok Creative Center entries' });
    fireEvent.change(within(dialog).getByLabelText('Or paste the CSV'), { target: { value: csv } });
    const preview = within(dialog).getByRole('table');
    expect(preview.querySelector('caption')?.textContent).toBe('3 of 3 rows');
    // The browser already sees the short row.
    expect(within(preview).getAllByRole('row')[3]!.textContent).toContain('2 cells, the header has 4');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Import 3 rows' }));
    await waitFor(() => expect(post).toHaveBeenCalledWith('/api/trends/import', { body: { csv } }));
    expect((await within(dialog).findByRole('status')).textContent).toBe(
      '1 row imported. 2 rows refused: see their problems below; fix them and import those rows again.',
    );
    const rows = within(within(dialog).getByRole('table')).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('Imported');
    expect(rows[2]!.textContent).toContain('region: region must be an ISO 3166-1 alpha-2 region code');
    expect(rows[2]!.className).toBe('radar-import-row--bad');
    expect(rows[3]!.textContent).toContain('expected 4 cells');
  });

  it('shows the platform changes, most urgent first', async () => {
    const change = (patch: Partial<PlatformChange>): PlatformChange => ({
      kind: 'api_version',
      platform: 'instagram',
      severity: 'info',
      message: 'In words',
      version: null,
      endOfLife: null,
      accountId: null,
      sourceKey: null,
      missing: [],
      metric: null,
      seenAt: null,
      ...patch,
    });
    renderRadar({
      changes: [
        change({ kind: 'retired_metric', platform: 'instagram', metric: 'plays', seenAt: '2030-01-01T00:00:00.000Z', message: 'Use views.' }),
        change({ kind: 'api_version', version: 'v22.0', endOfLife: '2030-03-01', severity: 'warning', message: 'Ends within 90 days.' }),
        change({
          kind: 'missing_access',
          sourceKey: 'instagram.hashtag_search',
          missing: ['instagram_basic', 'Instagram Public Content Access'],
          severity: 'critical',
        }),
      ],
    });
    fireEvent.mouseDown(await screen.findByRole('tab', { name: 'Platform changes' }));
    const list = await screen.findByRole('list', { name: 'Platform changes' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('h3')?.textContent)).toEqual([
      'Urgent Instagram: Instagram Hashtag Search needs access this account lacks',
      'Warning Instagram: API version v22.0 in use',
      ' Instagram retired the metric plays',
    ]);
    expect(items[0]!.textContent).toContain('Missing: instagram_basic, Instagram Public Content Access');
    expect(items[1]!.textContent).toMatch(/Ends on .*2030/);
  });

  it('shows how trend-linked posts did per source and platform, without a total', async () => {
    renderRadar({
      results: [
        { source: 'youtube.charts', platform: 'youtube', posts: 3, beatBaseline: 2, medianRatio: 1.4, interval: [0.2, 0.94] },
        { source: 'internal_analytics', platform: 'tiktok', posts: 5, beatBaseline: 1, medianRatio: 0.8, interval: null },
      ],
    });
    fireEvent.mouseDown(await screen.findByRole('tab', { name: 'Results by source' }));
    const table = await screen.findByRole('table', { name: /Trend-linked posts against/ });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toBe('YouTube chartsYouTube32 (95%: 20%–94%)1.4×');
    expect(rows[2]!.textContent).toBe('Our own resultsTikTok510.8×');
  });

  it('lets an admin set the regions, languages, topics and budgets (dollars in the form, cents to the API)', async () => {
    const put = stubLoose('PUT', {
      '/api/trends/settings': (init) => ok({ ...(init?.body as object), updatedAt: '2030-01-01T00:00:00.000Z' }),
    });
    stubLoose('GET', { '/api/trends': ok({ items: [] }), '/api/trends/sources': ok({ items: SOURCES }), '/api/trends/watch-list': ok({ items: [] }) });
    renderRadar();
    fireEvent.click(await screen.findByText('Regions, languages, topics and budgets'));
    expect((screen.getByLabelText('Regions') as HTMLInputElement).value).toBe('FR');
    fireEvent.change(screen.getByLabelText('Regions'), { target: { value: 'fr, be BE' } });
    fireEvent.change(screen.getByLabelText('Languages'), { target: { value: 'FR' } });
    fireEvent.change(screen.getByLabelText('Topics'), { target: { value: 'cuisine, rentrée scolaire' } });
    fireEvent.change(screen.getByLabelText('X monthly cap (US$)'), { target: { value: '10,50' } });
    fireEvent.change(screen.getByLabelText('YouTube units a day'), { target: { value: '200' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save the settings' }));
    await waitFor(() =>
      expect(put).toHaveBeenCalledWith('/api/trends/settings', {
        body: { regions: ['FR', 'BE'], languages: ['fr'], topics: ['cuisine', 'rentrée scolaire'], xMonthlyCapCents: 1050, youtubeDailyUnits: 200 },
      }),
    );
    expect(await screen.findByText('Settings saved.')).toBeDefined();
  });

  it('runs a fetched source from its row (the fetch, then the recompute) and says in words when a budget is spent', async () => {
    const post = stubLoose('POST', {
      '/api/trends/sources/instagram.hashtag_search/run': ok({ items: SOURCES.slice(0, 1) }),
      '/api/trends/recompute': ok({ scored: 1, ownResults: 0, alerts: 0, tookMs: 3 }),
    });
    const spent = source({ budget: { ...SOURCES[0]!.budget, used: 30, left: 0 } });
    stubLoose('GET', {
      '/api/trends': ok({ items: [] }),
      '/api/trends/sources': ok({ items: [spent, SOURCES[1]] }),
      '/api/trends/watch-list': ok({ items: [] }),
    });
    renderRadar({ sources: [spent, SOURCES[1]!] });
    const sources = await screen.findByRole('list', { name: 'Sources' });
    expect(sources.textContent).toContain('Budget reached: the source makes no more calls until');
    // X counts is off (cap 0): nothing to run.
    expect(within(sources).queryByRole('button', { name: 'Run now: X counts' })).toBeNull();
    fireEvent.click(within(sources).getByRole('button', { name: 'Run now: Instagram Hashtag Search' }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(2));
    expect(post.mock.calls.map((call) => (call as unknown[])[0])).toEqual(['/api/trends/sources/instagram.hashtag_search/run', '/api/trends/recompute']);
  });

  it('lets viewers read the radar without any write control', async () => {
    renderRadar({ role: 'viewer' });
    expect(await screen.findByRole('article', { name: 'Lo-fi study beats' })).toBeDefined();
    expect(screen.queryByRole('button', { name: /votes? for|Use this trend|Import CSV|Add a trend|Add to the watch-list|Run now/ })).toBeNull();
    expect(screen.queryByLabelText('Status of Lo-fi study beats')).toBeNull();
    expect(screen.queryByText('Radar settings')).toBeNull();
  });
});

describe('radar helpers', () => {
  it('ranks by the sum of known scores, then votes; retired and expired last', () => {
    const now = Date.parse('2030-06-01T00:00:00.000Z');
    const ranked = rankTrends(
      [
        trend({ id: 'a', strength: 10, relevance: null, proof: null }),
        trend({ id: 'b', strength: 90, relevance: 90, proof: 90, expiresAt: '2030-01-01T00:00:00.000Z' }),
        trend({ id: 'c', strength: 50, relevance: 50, proof: null }),
        trend({ id: 'd', strength: null, relevance: null, proof: null }),
        trend({ id: 'e', strength: 50, relevance: 50, proof: null, votes: 3 }),
      ],
      now,
    );
    expect(ranked.map((entry) => entry.id)).toEqual(['e', 'c', 'a', 'd', 'b']);
  });

  it('filters on region and language match', () => {
    expect(applyFilters([lofi, dance], { region: 'FR', language: '' }).map((entry) => entry.id)).toEqual(['t1']);
    expect(applyFilters([lofi, dance], { region: '', language: 'ours' }).map((entry) => entry.id)).toEqual(['t1']);
    expect(applyFilters([lofi, dance], { region: '', language: '' })).toHaveLength(2);
  });

  it('draws the sparkline from the series’ own daily readings, oldest at the left', () => {
    const readings = [
      { day: '2026-12-01', value: 10 },
      { day: '2026-12-02', value: 40 },
      { day: '2026-12-03', value: 25 },
      { day: '2026-12-04', value: 90 },
    ];
    expect(strengthSeries({ readings }).map((point) => point.value)).toEqual([10, 40, 25, 90]);
    expect(strengthSeries({ readings: [] })).toEqual([]);
    expect(sparklinePath([{ value: 30 }, { value: 60 }, { value: 90 }])).toBe('0.0,22.0 48.0,12.0 96.0,2.0');
    expect(sparklinePath([{ value: 5 }, { value: 5 }])).toBe('0.0,12.0 96.0,12.0');
  });

  it('reads CSV with quotes, semicolons and line breaks, keeping each row’s line', () => {
    expect(parseCsv('label;kind\r\n"Sur, la plage";hashtag\r\n\r\n"Dit ""oui""\nsur deux lignes";topic\n')).toEqual([
      { line: 1, cells: ['label', 'kind'] },
      { line: 2, cells: ['Sur, la plage', 'hashtag'] },
      { line: 4, cells: ['Dit "oui"\nsur deux lignes', 'topic'] },
    ]);
    expect(previewCsv('a,b\n1,2\n3').rows.map((row) => row.cellCount)).toEqual([null, 1]);
    expect(previewCsv('')).toEqual({ header: [], rows: [] });
  });
});

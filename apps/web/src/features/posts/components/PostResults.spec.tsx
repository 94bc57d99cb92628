import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { MetricValues, PostSnapshots, Snapshot } from '../../../shared/analytics/metrics';
import { apiError, ok, stubApi } from '../../../test/api-stub';
import { instagramAccountFixture, publicationFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { PostResults } from './PostResults';

const TIKTOK_ID = 'd2d2d2d2-0000-4000-8000-000000000001';
const INSTAGRAM_ID = 'd2d2d2d2-0000-4000-8000-000000000002';

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

function snapshot(age: Snapshot['age'], metrics: Partial<MetricValues>, source: Snapshot['source'] = 'platform'): Snapshot {
  return { age, source, readAt: '2030-01-02T10:00:00.000Z', ageAtReadMs: 3_600_000, metrics: { ...empty, ...metrics }, evidence: null };
}

const tiktokCurve: PostSnapshots = {
  publicationId: TIKTOK_ID,
  platform: 'tiktok',
  accountId: 'a0000000-0000-4000-8000-000000000001',
  postedAt: '2030-01-01T10:00:00.000Z',
  snapshots: [
    snapshot('1h', { views: 120, likes: 9, engagement_rate: 0.075 }),
    snapshot('24h', { views: 4_000, likes: 200 }),
    // A hand-entered reading of an age the platform also gave: the platform's wins.
    snapshot('24h', { views: 1 }, 'manual'),
  ],
};

function renderResults(publications: Parameters<typeof PostResults>[0]['publications']) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  const get = stubApi('GET', {
    '/api/analytics/posts/{id}/snapshots': (init) =>
      (init as { params: { path: { id: string } } }).params.path.id === TIKTOK_ID
        ? ok(tiktokCurve)
        : apiError({ statusCode: 404, code: 'NOT_FOUND', message: 'Publication not found' }),
  });
  renderPage(queryClient, () => (
    <PostResults workspaceId={workspaceId} publications={publications} handleOf={(p) => (p.platform === 'tiktok' ? 'acme' : 'acme.ig')} />
  ));
  return get;
}

describe('a post’s results on its page', () => {
  it('shows each live publication’s numbers at every age read, the platform’s reading first', async () => {
    renderResults([publicationFixture(TIKTOK_ID, { status: 'posted', postedAt: '2030-01-01T10:00:00.000Z' })]);
    const table = await screen.findByRole('table', { name: 'TikTok @acme' });
    expect(
      within(table)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['AgeViewsLikesCommentsSharesEngagement rate', '1 h1209——7.5%', '24 h4,000200———']);
    expect(screen.getByRole('link', { name: 'Open Analytics' }).getAttribute('href')).toBe('/analytics');
  });

  it('says results come once the post is live, and asks nothing before', async () => {
    const get = renderResults([publicationFixture(INSTAGRAM_ID, { platform: 'instagram', accountId: instagramAccountFixture.id, status: 'pending' })]);
    expect(await screen.findByText('Results appear once the post is live.')).toBeTruthy();
    expect(get).not.toHaveBeenCalled();
  });

  it('names a publication whose results could not be loaded', async () => {
    renderResults([publicationFixture(INSTAGRAM_ID, { platform: 'instagram', accountId: instagramAccountFixture.id, status: 'posted' })]);
    expect((await screen.findByText(/^Couldn't load the results/)).textContent).toContain('This no longer exists');
  });
});

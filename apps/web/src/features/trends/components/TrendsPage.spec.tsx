import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { warRoomStateQueryOptions, type Trend } from '../../../shared/war-room/war-room-state';
import { warRoomStateFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { sortTrends, TrendsPage } from './TrendsPage';

function trend(patch: Partial<Trend>): Trend {
  return {
    id: 't1',
    platform: 'tiktok',
    kind: 'sound',
    label: 'Lo-fi piano loop',
    source: 'internal_analytics',
    score: 8.5,
    notes: null,
    url: null,
    observedAt: '2030-01-01T09:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    ...patch,
  };
}

function renderTrends(trends: Trend[]) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  queryClient.setQueryData(warRoomStateQueryOptions(workspaceId).queryKey, { ...warRoomStateFixture, trends });
  renderPage(queryClient, TrendsPage, '/trends');
}

describe('Trend Radar', () => {
  it('lists each trend with its source badge, kind, platform, score and expiry', async () => {
    renderTrends([
      trend({ status: 'testing', tags: ['piano'] }),
      trend({ id: 't2', label: '#BehindTheScenes', kind: 'hashtag', source: 'team_note', platform: null, score: null, notes: 'Works on Fridays', expiresAt: null }),
      trend({ id: 't3', label: 'Old format', kind: 'format', source: 'manual', expiresAt: '2020-01-01T00:00:00.000Z', url: 'https://example.com/brief' }),
    ]);
    const list = await screen.findByRole('list', { name: 'Trends' });
    const rows = within(list).getAllByRole('article');
    expect(rows.map((row) => row.getAttribute('aria-label'))).toEqual(['Lo-fi piano loop', '#BehindTheScenes', 'Old format']);

    const [sound, note, old] = rows;
    expect(sound!.textContent).toContain('Internal analytics');
    expect(sound!.textContent).toContain('Sound');
    expect(sound!.textContent).toContain('TikTok');
    expect(sound!.textContent).toContain('Score 8.5');
    expect(sound!.textContent).toContain('Testing');
    expect(sound!.textContent).toContain('#piano');
    expect(sound!.textContent).toMatch(/Expires in/);
    expect(note!.textContent).toContain('Team note');
    expect(note!.textContent).toContain('All platforms');
    expect(note!.textContent).toContain('Works on Fridays');
    expect(note!.textContent).toContain('No expiry');
    expect(old!.className).toContain('trend--expired');
    expect(old!.textContent).toContain('Manual');
    expect(old!.textContent).toMatch(/Expired .*ago/);
    expect(within(old!).getByRole('link', { name: 'Old format' }).getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('explains where trends come from when there are none: the team, never scraping', async () => {
    renderTrends([]);
    const empty = await screen.findByRole('region', { name: 'No trends yet' });
    expect(empty.textContent).toContain("your team's own analytics and notes");
    expect(empty.textContent).toContain('Nothing is ever scraped');
  });

  it('sorts current trends by score, expired ones last', () => {
    const now = Date.parse('2030-06-01T00:00:00.000Z');
    const sorted = sortTrends(
      [trend({ id: 'a', score: 1 }), trend({ id: 'b', score: 9, expiresAt: '2030-01-01T00:00:00.000Z' }), trend({ id: 'c', score: 5 }), trend({ id: 'd', score: null })],
      now,
    );
    expect(sorted.map((entry) => entry.id)).toEqual(['c', 'a', 'd', 'b']);
  });
});

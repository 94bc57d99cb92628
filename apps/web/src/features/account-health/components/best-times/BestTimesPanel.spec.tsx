import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { BestTimes, QueueSlotList, SlotSuggestions } from '../../../../shared/best-times/best-times';
import { ok, stubApi } from '../../../../test/api-stub';
import { workspaceId } from '../../../../test/fixtures';
import { createTestQueryClient } from '../../../../test/query-client';
import { cellColour } from './BestTimesHeatmap';
import BestTimesPanel from './BestTimesPanel';

const accountId = '11111111-1111-4111-8111-111111111111';

function bestTimes(patch: Partial<BestTimes> = {}): BestTimes {
  const buckets = Array.from({ length: 168 }, (_, b) => {
    const weekday = Math.floor(b / 24);
    const hour = b % 24;
    const good = hour === 18;
    const n = good ? 4 : hour === 9 ? 3 : 0;
    const estimate = good ? 0.7 : hour === 9 ? -0.3 : 0;
    return {
      weekday,
      hour,
      n,
      estimate,
      multiplier: Math.exp(estimate),
      low: estimate - 0.4,
      high: estimate + 0.4,
      suggestable: n >= 3,
      morePostsNeeded: Math.max(0, 3 - n),
    };
  });
  return {
    scope: 'account',
    accountId,
    platform: 'tiktok',
    timeZone: 'Europe/Paris',
    posts: 49,
    morePostsNeeded: 0,
    minAccountPosts: 10,
    minBucketPosts: 3,
    prior: { mean: 0, tau2: 0.2, sigma2: 0.5 },
    method: 'm',
    buckets,
    best: buckets.filter((b) => b.hour === 18).slice(0, 3),
    seed: null,
    ...patch,
  };
}

const slots: QueueSlotList = { accountId, timeZone: 'Europe/Paris', items: [{ id: 's1', accountId, weekday: 1, time: '18:30', origin: 'manual' }] };
const suggestions: SlotSuggestions = {
  accountId,
  timeZone: 'Europe/Paris',
  explorePercent: 20,
  morePostsNeeded: 0,
  items: [
    { weekday: 0, time: '18:00', kind: 'best', estimate: 0.7, n: 4, alreadySlot: false },
    { weekday: 3, time: '03:00', kind: 'explore', estimate: 0, n: 0, alreadySlot: false },
  ],
};

function renderPanel(data: BestTimes) {
  stubApi('GET', {
    '/api/analytics/best-times': ok(data),
    '/api/queue-slots': ok(slots),
    '/api/queue-slots/suggestions': ok(suggestions),
  });
  const queryClient = createTestQueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <BestTimesPanel workspaceId={workspaceId} accounts={[{ accountId, handle: 'acme.studio', platform: 'tiktok' }]} />
    </QueryClientProvider>,
  );
}

describe('Best times on Account Health', () => {
  it('shows a weekday × hour heatmap: each cell names its estimate, sample size and interval; focus shows them', async () => {
    renderPanel(bestTimes());
    const grid = await screen.findByRole('table', { name: 'Best times heatmap, Europe/Paris' });
    expect(within(grid).getAllByRole('button')).toHaveLength(168);
    const tue18 = within(grid).getByRole('button', { name: 'Tuesday 18:00: ×2.01, 4 posts, from ×1.35 to ×3' });
    // Rows are weekdays (Monday first), columns the 24 hours: Tuesday's row, the 18:00 column.
    const tuesday = grid.querySelectorAll('tbody tr')[1]!;
    expect(tuesday.querySelector('th')?.textContent).toBe('Tue');
    expect(tuesday.querySelectorAll('td')[18]?.querySelector('button')).toBe(tue18);
    fireEvent.focus(tue18);
    expect(screen.getByTestId('best-times-detail').textContent).toBe('Tuesday 18:00 — ×2.01 of usual views (95 % interval ×1.35 to ×3), 4 posts');
    const empty = within(grid).getByRole('button', { name: /^Wednesday 03:00: no posts yet/ });
    fireEvent.mouseEnter(empty);
    expect(screen.getByTestId('best-times-detail').textContent).toContain('3 more posts needed in this hour');
    expect(screen.getByTestId('best-times-status').textContent).toContain('Best so far: Mon 18:00 (×2.01), Tue 18:00 (×2.01), Wed 18:00 (×2.01)');
  });

  it('says how many more posts are needed below the minimum', async () => {
    renderPanel(bestTimes({ posts: 7, morePostsNeeded: 3, best: [] }));
    expect((await screen.findByTestId('best-times-status')).textContent).toBe(
      'Based on 7 posts. 3 more posts with results are needed before we suggest times.',
    );
  });

  it("labels an Instagram account's online-followers seed as such", async () => {
    const seed = {
      source: 'online_followers' as const,
      days: 14,
      buckets: Array.from({ length: 168 }, (_, b) => ({ weekday: Math.floor(b / 24), hour: b % 24, weight: b % 24 === 20 ? 3 : 0.9 })),
    };
    renderPanel(bestTimes({ platform: 'instagram', posts: 0, morePostsNeeded: 10, best: [], seed }));
    expect(await screen.findByText('When your followers are online')).toBeTruthy();
    expect(screen.getByText('Instagram online followers')).toBeTruthy();
    expect(screen.getByText(/Instagram’s “online followers” \(14 days\)/)).toBeTruthy();
  });

  it('edits slots: takes a suggestion with its kind (explore labelled), removes a slot', async () => {
    renderPanel(bestTimes());
    const post = stubApi('POST', { '/api/queue-slots': ok({ id: 's2', accountId, weekday: 3, time: '03:00', origin: 'explore' }, 201) });
    const del = stubApi('DELETE', { '/api/queue-slots/{id}': ok(undefined as never, 204) });
    const suggestion = (await screen.findAllByTestId('slot-suggestion'))[1]!;
    expect(suggestion.textContent).toContain('Explore');
    fireEvent.click(within(suggestion).getByRole('button', { name: 'Add Thursday 03:00' }));
    await screen.findByText(/Thursday 03:00 — Already a slot/);
    expect(post).toHaveBeenCalledWith('/api/queue-slots', { body: { accountId, weekday: 3, time: '03:00', origin: 'explore' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove slot Tuesday 18:30' }));
    await waitFor(() => expect(del).toHaveBeenCalledWith('/api/queue-slots/{id}', { params: { path: { id: 's1' } } }));
    await waitFor(() => expect(screen.queryAllByTestId('queue-slot')).toHaveLength(0));
  });

  it('colours a better hour green and a worse one orange, paler without posts', () => {
    expect(cellColour({ estimate: 0.5, n: 3 }, 0)).toMatch(/^rgba\(22, 128, 61/);
    expect(cellColour({ estimate: -0.5, n: 3 }, 0)).toMatch(/^rgba\(194, 65, 12/);
    const alpha = (c: string) => Number(c.slice(c.lastIndexOf(',') + 1, -1));
    expect(alpha(cellColour({ estimate: 0.5, n: 0 }, 0))).toBeLessThan(alpha(cellColour({ estimate: 0.5, n: 3 }, 0)));
  });
});

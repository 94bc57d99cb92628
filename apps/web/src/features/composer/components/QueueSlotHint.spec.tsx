import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { BestTimes } from '../../../shared/best-times/best-times';
import { apiError, ok, stubApi } from '../../../test/api-stub';
import { workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { datetimeLocalOf, QueueSlotHint } from './QueueSlotHint';

const a = { id: '11111111-1111-4111-8111-111111111111', handle: 'acme.studio' };
const b = { id: '22222222-2222-4222-8222-222222222222', handle: 'acme_shop' };

function best(patch: Partial<BestTimes> = {}): BestTimes {
  const bucket = { weekday: 1, hour: 18, n: 5, estimate: Math.log(1.5), multiplier: 1.5, low: 0, high: 1, suggestable: true, morePostsNeeded: 0 };
  return {
    scope: 'account',
    accountId: a.id,
    platform: 'tiktok',
    timeZone: 'Europe/Paris',
    posts: 30,
    morePostsNeeded: 0,
    minAccountPosts: 10,
    minBucketPosts: 3,
    prior: { mean: 0, tau2: 0.1, sigma2: 1 },
    method: 'm',
    buckets: [bucket],
    best: [bucket],
    seed: null,
    ...patch,
  };
}

function renderHint(onQueued = vi.fn()) {
  render(
    <QueryClientProvider client={createTestQueryClient()}>
      <QueueSlotHint workspaceId={workspaceId} timeZone="America/New_York" targets={[a, b]} onQueued={onQueued} />
    </QueryClientProvider>,
  );
  return onQueued;
}

describe('composer: best time and Add to queue', () => {
  it("shows the first account's best time from its own results", async () => {
    stubApi('GET', { '/api/analytics/best-times': ok(best()) });
    renderHint();
    expect(await screen.findByText('Best time for @acme.studio: Tue 18:00 (×1.5)')).toBeTruthy();
  });

  it('says how many more posts are needed instead of a best time', async () => {
    stubApi('GET', { '/api/analytics/best-times': ok(best({ posts: 4, morePostsNeeded: 6, best: [] })) });
    renderHint();
    expect(await screen.findByText('Best time for @acme.studio: 6 more posts with results needed.')).toBeTruthy();
  });

  it("Add to queue asks for the next slot free for every chosen account and sets the publish time in the composer's zone", async () => {
    const get = stubApi('GET', {
      '/api/analytics/best-times': ok(best()),
      '/api/queue-slots/next': ok({
        scheduledAt: '2030-03-12T17:30:00.000Z',
        localTime: '2030-03-12T18:30:00+01:00',
        timeZone: 'Europe/Paris',
        slot: { id: 's', accountId: a.id, weekday: 1, time: '18:30', origin: 'best' },
        skipped: [{ at: '2030-03-11T17:30:00.000Z', reason: 'taken' }],
      }),
    });
    const onQueued = renderHint();
    fireEvent.click(screen.getByRole('button', { name: 'Add to queue' }));
    // 17:30 UTC is 13:30 in New York (EDT since 10 March 2030).
    await waitFor(() => expect(onQueued).toHaveBeenCalledWith('2030-03-12T13:30'));
    expect(get).toHaveBeenCalledWith('/api/queue-slots/next', { params: { query: { accountIds: `${a.id},${b.id}` } } });
    expect((await screen.findByTestId('queue-slot-result')).textContent).toContain('1 earlier slot was passed over');
  });

  it('shows why there is no slot, without changing the time', async () => {
    stubApi('GET', {
      '/api/analytics/best-times': ok(best()),
      '/api/queue-slots/next': apiError({ statusCode: 409, code: 'QUEUE_NO_FREE_SLOT', message: 'none', params: { reason: 'no_slots', horizonDays: 56 } }),
    });
    const onQueued = renderHint();
    fireEvent.click(screen.getByRole('button', { name: 'Add to queue' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No free slot: add posting slots to this account, or free up one of them.');
    expect(onQueued).not.toHaveBeenCalled();
  });

  it('turns an instant into the datetime-local value of a zone', () => {
    expect(datetimeLocalOf('2026-03-29T01:30:00.000Z', 'Europe/Paris')).toBe('2026-03-29T03:30');
  });
});

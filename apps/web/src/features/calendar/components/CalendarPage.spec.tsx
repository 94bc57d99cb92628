import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { calendarQueryOptions, type ContentItem } from '../../../shared/content/content-items';
import { apiError, ok, pending, stubApi } from '../../../test/api-stub';
import { tiktokAccountFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import { CalendarScreen, visibleDays } from './CalendarPage';

const post: ContentItem = {
  id: 'item-1',
  assetId: null,
  caption: 'Spring launch',
  createdAt: '2030-03-01T09:00:00.000Z',
  duplicatedFrom: null,
  hashtags: [],
  options: {},
  publications: [],
  // 18:30 in Paris (UTC+1 in early March).
  scheduledAt: '2030-03-12T17:30:00.000Z',
  scheduledAtLocal: '2030-03-12T18:30:00+01:00',
  status: 'scheduled',
  targets: [{ accountId: tiktokAccountFixture.id, handle: 'acme.studio', platform: 'tiktok', options: {} }],
  timeZone: 'Europe/Paris',
  title: 'Spring launch',
  updatedAt: '2030-03-01T09:00:00.000Z',
  version: 4,
};

function renderCalendar(items: ContentItem[] = [post]) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  const days = visibleDays('month', '2030-03-10');
  const key = calendarQueryOptions(workspaceId, days[0]!, days[days.length - 1]!).queryKey;
  queryClient.setQueryData(key, { from: '', to: '', timeZone: 'Europe/Paris', items });
  const rootRoute = createRootRoute({ component: Outlet });
  const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: Outlet });
  const calendarRoute = createRoute({
    getParentRoute: () => appRoute,
    path: '/calendar',
    component: () => <CalendarScreen workspaceId={workspaceId} timeZone="Europe/Paris" initialDay="2030-03-10" />,
  });
  const router = createRouter({
    routeTree: rootRoute.addChildren([appRoute.addChildren([calendarRoute])]),
    history: createMemoryHistory({ initialEntries: ['/calendar'] }),
  });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

function dataTransfer() {
  const data = new Map<string, string>();
  return {
    setData: (type: string, value: string) => data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    dropEffect: '',
    effectAllowed: '',
  };
}

/** The API's answer to a reschedule: the item at its new time, one version on. */
const rescheduled = (scheduledAt: string) => ({ ...post, scheduledAt, version: post.version + 1, warnings: [] });

/** The refetches after a move stay pending, so the screen shows only what the move itself did. */
function neverRefetch() {
  stubApi('GET', { '/api/calendar': pending(), '/api/content-items': pending(), '/api/content-items/{id}': pending() });
}

const cell = (day: string) => document.querySelector(`[data-day="${day}"]`) as HTMLElement;

function drag(from: HTMLElement, to: HTMLElement) {
  const transfer = dataTransfer();
  fireEvent.dragStart(from, { dataTransfer: transfer });
  fireEvent.dragOver(to, { dataTransfer: transfer });
  fireEvent.drop(to, { dataTransfer: transfer });
}

describe('Calendar', () => {
  it('shows the month from Monday with the post on its day, in the workspace time zone', async () => {
    renderCalendar();
    expect(await screen.findByText('Times in Europe/Paris')).toBeDefined();
    expect(within(cell('2030-03-12')).getByRole('button', { name: /6:30 PM.*Spring launch/ })).toBeDefined();
    expect(visibleDays('month', '2030-03-10')[0]).toBe('2030-02-25');
  });

  it('drags a post to another day: reschedules at the same time of day with its version, optimistically', async () => {
    renderCalendar();
    const post = stubApi('POST', { '/api/content-items/{id}/reschedule': ok(rescheduled('2030-03-14T17:30:00.000Z')) });
    neverRefetch();

    await screen.findByText('Times in Europe/Paris');
    drag(await within(cell('2030-03-12')).findByRole('button', { name: /Spring launch/ }), cell('2030-03-14'));

    expect(await within(cell('2030-03-14')).findByRole('button', { name: /6:30 PM.*Spring launch/ })).toBeDefined();
    expect(within(cell('2030-03-12')).queryByRole('button', { name: /Spring launch/ })).toBeNull();
    await vi.waitFor(() =>
      expect(post).toHaveBeenCalledWith('/api/content-items/{id}/reschedule', {
        params: { path: { id: 'item-1' }, header: { 'If-Match': '4' } },
        body: { scheduledAt: '2030-03-14T18:30:00+01:00', timeZone: 'Europe/Paris', version: 4 },
      }),
    );
  });

  it('puts the post back and says why on 412, worded for people', async () => {
    renderCalendar();
    const post = stubApi('POST', {
      '/api/content-items/{id}/reschedule': apiError({
        statusCode: 412,
        code: 'STALE_VERSION',
        message: 'Someone changed this item first (now at version 5): reload it and apply your change again',
      }),
    });
    neverRefetch();

    await screen.findByText('Times in Europe/Paris');
    drag(await within(cell('2030-03-12')).findByRole('button', { name: /Spring launch/ }), cell('2030-03-20'));

    await vi.waitFor(() => expect(post).toHaveBeenCalled());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't move the post");
    expect(alert.textContent).toContain('Someone changed this post meanwhile: reload it and apply your change again.');
    expect(within(cell('2030-03-12')).getByRole('button', { name: /Spring launch/ })).toBeDefined();
    expect(within(cell('2030-03-20')).queryByRole('button', { name: /Spring launch/ })).toBeNull();
  });

  it("shows each post with its video's poster frame, platform icons and status; a fixed placeholder without one", async () => {
    const withPoster: ContentItem = {
      ...post,
      id: 'item-2',
      title: 'With poster',
      thumbnailUrl: '/api/assets/a1/thumbnail',
      scheduledAt: '2030-03-13T09:00:00.000Z',
    };
    const published: ContentItem = { ...post, id: 'item-3', title: 'Done deal', status: 'published', scheduledAt: '2030-03-13T10:00:00.000Z' };
    renderCalendar([post, withPoster, published]);
    await screen.findByText('Times in Europe/Paris');

    const posterItem = await within(cell('2030-03-13')).findByRole('button', { name: /With poster/ });
    const image = posterItem.querySelector('img');
    expect(image?.getAttribute('src')).toBe('/api/assets/a1/thumbnail');
    // Decorative: the title names the post.
    expect(image?.getAttribute('alt')).toBe('');
    expect(image?.getAttribute('width')).toBe('28');
    expect(posterItem.textContent).toContain('TikTok');
    expect(posterItem.textContent).toContain('Status: Scheduled');
    expect(posterItem.className).toContain('calendar-item--scheduled');

    const plain = within(cell('2030-03-12')).getByRole('button', { name: /Spring launch/ });
    expect(plain.querySelector('img')).toBeNull();
    expect(plain.querySelector('.calendar-item-thumb--none')).not.toBeNull();

    const done = within(cell('2030-03-13')).getByRole('button', { name: /Done deal/ });
    expect(done.className).toContain('calendar-item--published');
    expect(done.getAttribute('draggable')).toBe('false');
    expect(done.textContent).toContain('Status: Published');
  });

  it('moves a post with the keyboard: Alt+Right a day later, focus following it', async () => {
    renderCalendar();
    const post = stubApi('POST', { '/api/content-items/{id}/reschedule': ok(rescheduled('2030-03-13T17:30:00.000Z')) });
    neverRefetch();
    await screen.findByText('Times in Europe/Paris');
    const item = await within(cell('2030-03-12')).findByRole('button', { name: /Spring launch/ });
    expect(document.getElementById(item.getAttribute('aria-describedby')!)?.textContent).toContain('Alt + arrow keys');
    item.focus();

    fireEvent.keyDown(item, { key: 'ArrowRight', altKey: true });

    const moved = await within(cell('2030-03-13')).findByRole('button', { name: /Spring launch/ });
    await vi.waitFor(() => expect(document.activeElement).toBe(moved));
    expect(post).toHaveBeenCalledWith('/api/content-items/{id}/reschedule', {
      params: { path: { id: 'item-1' }, header: { 'If-Match': '4' } },
      body: { scheduledAt: '2030-03-13T18:30:00+01:00', timeZone: 'Europe/Paris', version: 4 },
    });
  });

  it('ignores arrows without Alt, and items that already went out', async () => {
    const published: ContentItem = { ...post, status: 'published' };
    renderCalendar([published]);
    const post2 = stubApi('POST', {});
    await screen.findByText('Times in Europe/Paris');
    const item = await within(cell('2030-03-12')).findByRole('button', { name: /Spring launch/ });
    fireEvent.keyDown(item, { key: 'ArrowRight' });
    fireEvent.keyDown(item, { key: 'ArrowRight', altKey: true });
    expect(post2).not.toHaveBeenCalled();
    expect(within(cell('2030-03-12')).getByRole('button', { name: /Spring launch/ })).toBeDefined();
  });
});

import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { calendarQueryOptions, type ContentItem } from '../../../shared/content/content-items';
import { ok, pending, stubApi } from '../../../test/api-stub';
import { contentItemFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { seedSignedIn } from '../../../test/seed';
import { CalendarScreen, visibleDays } from './CalendarPage';

// 18:30 in Paris (UTC+1 in early March).
const post = contentItemFixture('item-1', [], {
  status: 'scheduled',
  title: 'Spring launch',
  scheduledAt: '2030-03-12T17:30:00.000Z',
  scheduledAtLocal: '2030-03-12T18:30:00+01:00',
  version: 4,
});
const draft = contentItemFixture('item-2', [], {
  status: 'draft',
  title: 'Idea for Friday',
  scheduledAt: '2030-03-15T09:00:00.000Z',
  scheduledAtLocal: '2030-03-15T10:00:00+01:00',
});

function renderCalendar(items: ContentItem[]) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  for (const view of ['month', 'week'] as const) {
    const days = visibleDays(view, '2030-03-12');
    queryClient.setQueryData(calendarQueryOptions(workspaceId, days[0]!, days[days.length - 1]!).queryKey, {
      from: '',
      to: '',
      timeZone: 'Europe/Paris',
      items,
    });
  }
  stubApi('GET', { '/api/calendar': pending(), '/api/content-items/{id}': pending(), '/api/calendar/queue': pending() });
  const rootRoute = createRootRoute({ component: Outlet });
  const calendarRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/calendar',
    component: () => <CalendarScreen workspaceId={workspaceId} timeZone="Europe/Paris" initialDay="2030-03-12" />,
  });
  const anyRoute = createRoute({ getParentRoute: () => rootRoute, path: '$', component: () => null });
  const router = createRouter({ routeTree: rootRoute.addChildren([calendarRoute, anyRoute]), history: createMemoryHistory({ initialEntries: ['/calendar'] }) });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

function drag(from: HTMLElement, to: HTMLElement) {
  const data = new Map<string, string>();
  const transfer = {
    setData: (type: string, value: string) => data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    dropEffect: '',
    effectAllowed: '',
  };
  fireEvent.dragStart(from, { dataTransfer: transfer });
  fireEvent.dragOver(to, { dataTransfer: transfer });
  fireEvent.drop(to, { dataTransfer: transfer });
}

const cell = (day: string, hour?: number) => document.querySelector(`[data-day="${day}"]${hour === undefined ? '' : `[data-hour="${hour}"]`}`) as HTMLElement;

describe('Calendar: managing posts', () => {
  afterEach(() => vi.useRealTimers());

  it('refuses a drop on a past day before calling the API, and says why', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-03-13T12:00:00Z'));
    renderCalendar([post]);
    const reschedule = stubApi('POST', { '/api/content-items/{id}/reschedule': ok({ ...post, warnings: [] }) });
    await screen.findByText('Times in Europe/Paris');

    drag(await within(cell('2030-03-12')).findByRole('button', { name: /Spring launch/ }), cell('2030-03-11'));

    expect(await screen.findByText('This time has already passed: pick a time in the future.')).toBeDefined();
    expect(reschedule).not.toHaveBeenCalled();
    expect(within(cell('2030-03-12')).getByRole('button', { name: /Spring launch/ })).toBeDefined();

    drag(within(cell('2030-03-12')).getByRole('button', { name: /Spring launch/ }), cell('2030-03-14'));
    await vi.waitFor(() => expect(reschedule).toHaveBeenCalledTimes(1));
  });

  it('shows hours in the week view, each post in its hour, and a drop on an hour moves it there', async () => {
    renderCalendar([post]);
    fireEvent.click(await screen.findByRole('button', { name: 'Week' }));
    const hours = await screen.findAllByRole('rowheader');
    expect(hours.map((hour) => hour.textContent)).toEqual(Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`));
    const reschedule = stubApi('POST', { '/api/content-items/{id}/reschedule': ok({ ...post, warnings: [] }) });
    const item = within(cell('2030-03-12', 18)).getByRole('button', { name: /Spring launch/ });

    drag(item, cell('2030-03-13', 9));

    await vi.waitFor(() =>
      expect(reschedule).toHaveBeenCalledWith(
        '/api/content-items/{id}/reschedule',
        expect.objectContaining({ body: expect.objectContaining({ scheduledAt: '2030-03-13T09:30:00+01:00' }) }),
      ),
    );
  });

  it('shows a draft at its planned time, styled as a draft', async () => {
    renderCalendar([post, draft]);
    await screen.findByText('Times in Europe/Paris');
    const shown = await within(cell('2030-03-15')).findByRole('button', { name: /Idea for Friday/ });
    expect(shown.className).toContain('calendar-item--draft');
    expect(shown.textContent).toContain('Draft');
  });

  it('opens a menu on a post with a link to it and the actions its state allows', async () => {
    renderCalendar([post]);
    await screen.findByText('Times in Europe/Paris');
    fireEvent.click(await within(cell('2030-03-12')).findByRole('button', { name: /Spring launch/ }));
    const menu = await screen.findByRole('dialog', { name: 'Details of Spring launch' });
    expect(within(menu).getByRole('link', { name: 'Open the post' }).getAttribute('href')).toBe('/posts/item-1');
    const pause = stubApi('POST', { '/api/content-items/{id}/pause': ok({ ...post, status: 'paused', version: 5 }) });
    expect(
      within(menu)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Edit', 'Duplicate', 'Pause', 'Cancel post']);
    fireEvent.click(within(menu).getByRole('button', { name: 'Pause' }));
    await vi.waitFor(() =>
      expect(pause).toHaveBeenCalledWith('/api/content-items/{id}/pause', { params: { path: { id: 'item-1' }, header: { 'If-Match': '"4"' } } }),
    );
    await vi.waitFor(() => expect(screen.queryByRole('dialog', { name: 'Details of Spring launch' })).toBeNull());
  });
});

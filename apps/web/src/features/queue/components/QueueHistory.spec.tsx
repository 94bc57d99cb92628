import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { queueQueryOptions, type ContentItem } from '../../../shared/content/content-items';
import { inTurn, ok, stubApi } from '../../../test/api-stub';
import { contentItemFixture, publicationFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { QueuePage } from './QueuePage';

function renderQueue(items: ContentItem[], nextCursor: string | null = null) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  queryClient.setQueryData(queueQueryOptions(workspaceId).queryKey, { pages: [{ items, nextCursor }], pageParams: [null] });
  renderPage(queryClient, QueuePage);
}

const titled = (id: string, patch: Partial<ContentItem> = {}) => contentItemFixture(id, [], { title: `Post ${id}`, status: 'scheduled', ...patch });

describe('Queue history and filters', () => {
  it('asks the queue for the chosen state and the caption typed in the search box', async () => {
    renderQueue([titled('a')]);
    const get = stubApi('GET', { '/api/calendar/queue': ok({ items: [], nextCursor: null }) });
    fireEvent.change(await screen.findByRole('combobox', { name: 'Show' }), { target: { value: 'published' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search captions' }), { target: { value: 'spring' } });
    await vi.waitFor(() =>
      expect(get).toHaveBeenCalledWith(
        '/api/calendar/queue',
        expect.objectContaining({ params: { query: expect.objectContaining({ state: 'published', q: 'spring' }) } }),
      ),
    );
    expect(await screen.findByText('No post matches these filters.')).toBeDefined();
  });

  it('pages back with the cursor the API gave, keeping the posts already shown', async () => {
    renderQueue([titled('a')], 'cursor-1');
    const get = stubApi('GET', { '/api/calendar/queue': inTurn(ok({ items: [titled('b')], nextCursor: null })) });
    fireEvent.click(await screen.findByRole('button', { name: 'Show older posts' }));
    await vi.waitFor(() =>
      expect(get).toHaveBeenCalledWith('/api/calendar/queue', expect.objectContaining({ params: { query: expect.objectContaining({ cursor: 'cursor-1' }) } })),
    );
    const list = screen.getByRole('list', { name: 'Posts by scheduled time' });
    await within(list).findByRole('article', { name: 'Post b' });
    expect(
      within(list)
        .getAllByRole('article')
        .map((article) => article.getAttribute('aria-label')),
    ).toEqual(['Post a', 'Post b']);
  });

  it('styles a draft as a draft, and shows "Scheduled" until a first target actually starts', async () => {
    renderQueue([
      titled('d', { status: 'draft', scheduledAt: null, scheduledAtLocal: null }),
      titled('p', { status: 'publishing', publications: [publicationFixture('p1', { status: 'pending' })] }),
    ]);
    const draft = await screen.findByRole('article', { name: 'Post d' });
    expect(draft.className).toContain('queue-item--draft');
    expect(draft.textContent).toContain('Draft · no time yet');
    const early = screen.getByRole('article', { name: 'Post p' });
    expect(early.getAttribute('data-status')).toBe('scheduled');
    expect(within(early).getByText('Scheduled', { selector: '.status-chip' })).toBeDefined();
  });

  it('offers each post its actions in a menu', async () => {
    renderQueue([titled('a')]);
    expect(await screen.findByRole('button', { name: 'Actions for Post a' })).toBeDefined();
  });
});

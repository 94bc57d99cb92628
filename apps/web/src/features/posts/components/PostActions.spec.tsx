import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ContentItem } from '../../../shared/content/content-items';
import { Toaster } from '../../../shared/ui/Toast';
import { toast } from '../../../shared/ui/toast-store';
import { noContent, ok, pending, stubApi } from '../../../test/api-stub';
import { contentItemFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { PostActions } from './PostActions';

const scheduled = contentItemFixture('post-1', [], { status: 'scheduled', title: 'Spring launch', version: 3 });

function renderActions(item: ContentItem, layout: 'menu' | 'buttons' = 'buttons') {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  // Refetches after an action stay pending: the screen shows only what the action did.
  stubApi('GET', { '/api/calendar/queue': pending(), '/api/content-items/{id}': pending() });
  renderPage(queryClient, () => (
    <>
      <PostActions item={item} workspaceId={workspaceId} layout={layout} />
      <Toaster />
    </>
  ));
}

const group = () => screen.getByRole('group', { name: 'Actions for Spring launch' });
const offered = () =>
  within(group())
    .getAllByRole('button')
    .map((button) => button.textContent);

describe('PostActions', () => {
  afterEach(() => toast.clear());

  it('offers what each state allows, from the domain rule book', async () => {
    renderActions(scheduled);
    await screen.findByRole('group', { name: 'Actions for Spring launch' });
    expect(offered()).toEqual(['Edit', 'Duplicate', 'Pause', 'Cancel post']);
  });

  it.each([
    ['draft', ['Edit', 'Duplicate', 'Delete']],
    ['paused', ['Edit', 'Duplicate', 'Resume', 'Cancel post']],
    ['published', ['Duplicate']],
    ['cancelled', ['Duplicate', 'Delete']],
  ] as const)('a %s post offers %j', async (status, actions) => {
    renderActions({ ...scheduled, status });
    await screen.findByRole('group', { name: 'Actions for Spring launch' });
    expect(offered()).toEqual(actions);
  });

  it('cancels with the version seen, and Undo in the toast puts it back (uncancel with the cancelled version)', async () => {
    renderActions(scheduled);
    const post = stubApi('POST', {
      '/api/content-items/{id}/cancel': ok({ ...scheduled, status: 'cancelled', version: 4 }),
      '/api/content-items/{id}/uncancel': ok({ ...scheduled, version: 5 }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel post' }));
    await vi.waitFor(() =>
      expect(post).toHaveBeenCalledWith('/api/content-items/{id}/cancel', { params: { path: { id: 'post-1' }, header: { 'If-Match': '"3"' } } }),
    );
    const toastRoot = (await screen.findByText('Post cancelled')).closest('[data-testid="toast"]') as HTMLElement;
    fireEvent.click(within(toastRoot).getByRole('button', { name: 'Undo' }));
    await vi.waitFor(() =>
      expect(post).toHaveBeenCalledWith('/api/content-items/{id}/uncancel', { params: { path: { id: 'post-1' }, header: { 'If-Match': '"4"' } } }),
    );
    expect(await screen.findByText('Cancel undone')).toBeDefined();
  });

  it('deletes a draft, and Undo in the toast restores it', async () => {
    renderActions({ ...scheduled, status: 'draft' });
    const remove = stubApi('DELETE', { '/api/content-items/{id}': noContent() });
    const post = stubApi('POST', { '/api/content-items/{id}/restore': ok({ ...scheduled, status: 'draft', version: 5 }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await vi.waitFor(() =>
      expect(remove).toHaveBeenCalledWith('/api/content-items/{id}', { params: { path: { id: 'post-1' }, header: { 'If-Match': '"3"' } } }),
    );
    const toastRoot = (await screen.findByText('Post deleted')).closest('[data-testid="toast"]') as HTMLElement;
    fireEvent.click(within(toastRoot).getByRole('button', { name: 'Undo' }));
    await vi.waitFor(() => expect(post).toHaveBeenCalledWith('/api/content-items/{id}/restore', { params: { path: { id: 'post-1' } } }));
    expect(await screen.findByText('Post restored')).toBeDefined();
  });

  it('pauses from the queue menu', async () => {
    renderActions(scheduled, 'menu');
    const post = stubApi('POST', { '/api/content-items/{id}/pause': ok({ ...scheduled, status: 'paused', version: 4 }) });
    const trigger = await screen.findByRole('button', { name: 'Actions for Spring launch' });
    fireEvent.pointerDown(trigger, { button: 0, pointerType: 'mouse' });
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Pause' }));
    await vi.waitFor(() =>
      expect(post).toHaveBeenCalledWith('/api/content-items/{id}/pause', { params: { path: { id: 'post-1' }, header: { 'If-Match': '"3"' } } }),
    );
  });
});

import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { ok, stubApi } from '../../test/api-stub';
import { workspaceId } from '../../test/fixtures';
import { createTestQueryClient } from '../../test/query-client';
import { seedSignedIn } from '../../test/seed';
import { ReviewPanel } from './ReviewPanel';
import type { ReviewState } from './reviews';

const ITEM_ID = 'c0c0c0c0-0000-4000-8000-00000000e001';
const HASH = 'ab'.repeat(32);

const awaiting: ReviewState = {
  contentItemId: ITEM_ID,
  policy: 'required_internal',
  state: 'in_review',
  awaitingApproval: true,
  hash: HASH,
  version: 4,
  voided: { userId: 'u-eddie', name: 'Eddie', at: '2030-01-01T09:30:00.000Z' },
  canDecide: true,
  selfApprovalBlocked: false,
};

function renderPanel() {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  return render(
    <QueryClientProvider client={queryClient}>
      <ReviewPanel workspaceId={workspaceId} itemId={ITEM_ID} timeZone="Europe/Paris" />
    </QueryClientProvider>,
  );
}

describe('ReviewPanel', () => {
  it('says the post awaits approval and whose edit voided the last one, and approves the exact version it shows', async () => {
    let current: ReviewState = awaiting;
    stubApi('GET', { '/api/content-items/{id}/review': () => ok(current) });
    const post = stubApi('POST', {
      '/api/content-items/{id}/approve': () => {
        current = {
          ...awaiting,
          state: 'approved',
          awaitingApproval: false,
          voided: undefined,
          approved: { userId: 'u-owner', name: 'Camille Martin', at: '2030-01-01T09:40:00.000Z' },
        };
        return ok(current);
      },
    });
    renderPanel();

    expect(await screen.findByText('Awaiting approval')).toBeDefined();
    expect(screen.getByText('This post will not be published until it is approved.')).toBeDefined();
    expect(screen.getByText(/^Approval voided by Eddie’s edit at /)).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Approve this version' }));

    await screen.findByText(/^Approved by Camille Martin at /);
    expect(post).toHaveBeenCalledWith('/api/content-items/{id}/approve', { params: { path: { id: ITEM_ID } }, body: { hash: HASH } });
  });

  it('sends the post back with the comment typed, and keeps Approve off for an author who may not approve their own post', async () => {
    let current: ReviewState = { ...awaiting, voided: undefined, selfApprovalBlocked: true };
    stubApi('GET', { '/api/content-items/{id}/review': () => ok(current) });
    const post = stubApi('POST', {
      '/api/content-items/{id}/request-changes': () => {
        current = {
          ...current,
          state: 'changes_requested',
          changesRequested: { userId: 'u-owner', name: 'Camille Martin', at: '2030-01-01T09:40:00.000Z' },
        };
        return ok(current);
      },
    });
    renderPanel();

    expect(await screen.findByText('You wrote this post: someone else has to approve it.')).toBeDefined();
    expect((screen.getByRole('button', { name: 'Approve this version' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Request changes' }));
    fireEvent.change(screen.getByLabelText('What should change?'), { target: { value: 'Shorter, please' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send back' }));

    await screen.findByText(/^Changes requested by Camille Martin at /);
    await waitFor(() =>
      expect(post).toHaveBeenCalledWith('/api/content-items/{id}/request-changes', { params: { path: { id: ITEM_ID } }, body: { comment: 'Shorter, please' } }),
    );
  });
});

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { meFixture, warRoomStateFixture, workspaceId } from '../../test/fixtures';
import { createTestQueryClient } from '../../test/query-client';
import { renderPage } from '../../test/render-page';
import { seedSignedIn } from '../../test/seed';
import { WaitingOnPersonCount } from './WaitingOnPersonCount';
import { warRoomStateQueryOptions } from './war-room-state';

function renderCount(waitingPerson: number) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, meFixture);
  queryClient.setQueryData(warRoomStateQueryOptions(workspaceId).queryKey, {
    ...warRoomStateFixture,
    queue: { ...warRoomStateFixture.queue, counts: { ...warRoomStateFixture.queue.counts, waitingPerson } },
  });
  renderPage(queryClient, () => <WaitingOnPersonCount workspaceId={workspaceId} />);
}

describe('WaitingOnPersonCount', () => {
  it('shows how many posts wait on a person and leads to Accounts', async () => {
    renderCount(3);
    const link = await screen.findByRole('link', { name: '3 waiting for you' });
    expect(link.getAttribute('title')).toBe('3 posts wait for you');
    expect(link.getAttribute('href')).toBe('/accounts');
  });

  it('shows nothing when none wait', () => {
    renderCount(0);
    expect(screen.queryByTestId('queue-waiting-count')).toBeNull();
  });
});

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { instagramAccountFixture, meFixture, tiktokAccountFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { accountsQueryOptions, type SocialAccount } from '../api/accounts';
import { WaitingPostsBadge } from './WaitingPostsBadge';

function renderBadge(accounts: SocialAccount[]) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, meFixture);
  queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, accounts);
  renderPage(queryClient, () => (
    <a href="/accounts">
      Accounts <WaitingPostsBadge workspaceId={workspaceId} />
    </a>
  ));
}

describe('WaitingPostsBadge', () => {
  it('adds up the posts waiting on a person over every account, with the count spoken in words', async () => {
    renderBadge([
      { ...tiktokAccountFixture, waitingPosts: 2 },
      { ...instagramAccountFixture, waitingPosts: 1 },
    ]);
    const badge = await screen.findByTestId('nav-waiting-badge');
    expect(badge.textContent).toBe('33 posts wait for you');
    expect(screen.getByRole('link', { name: 'Accounts 3 posts wait for you' })).toBeDefined();
  });

  it('shows nothing when no post waits', async () => {
    renderBadge([tiktokAccountFixture]);
    expect(await screen.findByRole('link', { name: 'Accounts' })).toBeDefined();
    expect(screen.queryByTestId('nav-waiting-badge')).toBeNull();
  });
});

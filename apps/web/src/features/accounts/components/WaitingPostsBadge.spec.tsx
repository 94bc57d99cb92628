import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { instagramAccountFixture, meFixture, tiktokAccountFixture, workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import { accountsQueryOptions, type SocialAccount } from '../api/accounts';
import { WAITING_POSTS_DESCRIPTION_ID, WaitingPostsBadge } from './WaitingPostsBadge';

function renderBadge(accounts: SocialAccount[]) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, meFixture);
  queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, accounts);
  renderPage(queryClient, () => (
    <a href="/accounts" aria-describedby={WAITING_POSTS_DESCRIPTION_ID}>
      Accounts <WaitingPostsBadge workspaceId={workspaceId} />
    </a>
  ));
}

describe('WaitingPostsBadge', () => {
  it('adds up the posts waiting on a person over every account, with the count as the link’s description (its name stays the title)', async () => {
    renderBadge([
      { ...tiktokAccountFixture, waitingPosts: 2 },
      { ...instagramAccountFixture, waitingPosts: 1 },
    ]);
    const badge = await screen.findByTestId('nav-waiting-badge');
    expect(badge.textContent).toBe('3');
    const link = screen.getByRole('link', { name: 'Accounts' });
    expect(document.getElementById(link.getAttribute('aria-describedby')!)?.textContent).toBe('3 posts wait for you');
  });

  it('shows nothing when no post waits', async () => {
    renderBadge([tiktokAccountFixture]);
    expect(await screen.findByRole('link', { name: 'Accounts' })).toBeDefined();
    expect(screen.queryByTestId('nav-waiting-badge')).toBeNull();
  });
});

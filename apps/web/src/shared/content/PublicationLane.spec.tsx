import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { ok, stubApi } from '../../test/api-stub';
import { meFixture, tiktokAccountFixture, workspaceId } from '../../test/fixtures';
import { createTestQueryClient } from '../../test/query-client';
import { renderPage } from '../../test/render-page';
import { seedSignedIn } from '../../test/seed';
import { browserLocation } from '../lib/browser-location';
import { publicationQueryOptions, type Publication, type PublicationDetail } from './content-items';
import { PublicationLane } from './PublicationLane';

const ITEM_ID = 'c0c0c0c0-0000-4000-8000-000000000001';

function failed(errorCode: string, errorClass: string, errorMessage: string): { publication: Publication; detail: PublicationDetail } {
  const publication: Publication = {
    id: 'p1',
    accountId: tiktokAccountFixture.id,
    platform: 'tiktok',
    status: 'failed',
    errorCode,
    errorMessage,
    waitingOn: null,
    permalink: null,
    postedAt: null,
    remoteMediaId: null,
    updatedAt: '2030-01-01T10:00:00.000Z',
  };
  const detail: PublicationDetail = {
    ...publication,
    contentItemId: ITEM_ID,
    errorClass,
    job: null,
    linkReason: null,
    linkStatus: null,
    needsReview: false,
    progressBytes: null,
    remotePublishId: null,
    step: null,
    timeline: [],
    totalBytes: null,
  };
  return { publication, detail };
}

function renderLane(lane: ReturnType<typeof failed>, role: 'owner' | 'editor' = 'owner') {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient, { ...meFixture, role });
  queryClient.setQueryData(publicationQueryOptions(workspaceId, lane.publication.id).queryKey, lane.detail);
  renderPage(queryClient, () => <PublicationLane workspaceId={workspaceId} publication={lane.publication} handle="acme.studio" />);
  return screen.findByRole('group', { name: 'Lane of @acme.studio on TikTok' });
}

describe('Failed lane actions', () => {
  it("says the platform's reason and offers Reconnect account first when the sign-in is gone", async () => {
    const lane = await renderLane(failed('tiktok.access_token_invalid', 'auth_expired', 'The TikTok connection has expired or was revoked.'));
    expect(lane.textContent).toContain('The TikTok connection has expired or was revoked.');
    const buttons = within(lane)
      .getAllByRole('button')
      .map((button) => button.textContent);
    expect(buttons).toEqual(['Reconnect account', 'Retry']);
  });

  it("starts the platform's reconnect flow from the lane for an admin", async () => {
    const assign = vi.spyOn(browserLocation, 'assign').mockImplementation(() => undefined);
    const post = stubApi('POST', {
      '/api/accounts/connect/{platform}': ok({ authorizeUrl: 'https://sandbox.example/authorize?state=1', expiresAt: '2030-01-01T10:10:00.000Z' }),
    });
    const lane = await renderLane(failed('tiktok.access_token_invalid', 'auth_expired', 'Expired'));

    fireEvent.click(within(lane).getByRole('button', { name: 'Reconnect account @acme.studio on TikTok' }));

    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://sandbox.example/authorize?state=1'));
    expect(post).toHaveBeenCalledWith('/api/accounts/connect/{platform}', { params: { path: { platform: 'tiktok' } } });
  });

  it('sends an editor, who may not reconnect, to the Accounts page', async () => {
    const lane = await renderLane(failed('tiktok.access_token_invalid', 'auth_expired', 'Expired'), 'editor');
    expect(within(lane).getByRole('link', { name: 'Reconnect account @acme.studio on TikTok' }).getAttribute('href')).toBe('/accounts');
  });

  it('offers Edit video, to the composer with the item, when the video was refused', async () => {
    const lane = await renderLane(failed('tiktok.fail.file_format_check_failed', 'invalid_content', 'TikTok could not read the video format.'));
    const edit = within(lane).getByRole('link', { name: 'Edit video for @acme.studio on TikTok' });
    expect(edit.getAttribute('href')).toBe(`/compose?item=${ITEM_ID}`);
    expect(within(lane).getByRole('button', { name: 'Retry @acme.studio on TikTok' })).toBeDefined();
  });

  it('offers only Retry for a temporary failure', async () => {
    const lane = await renderLane(failed('tiktok.internal_error', 'temporary', 'TikTok had a temporary error.'));
    expect(
      within(lane)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Retry']);
    expect(within(lane).queryByRole('link')).toBeNull();
  });
});

describe('Posted lane and its link', () => {
  function posted(link: { linkStatus: 'pending' | 'none'; linkReason: string | null }) {
    const { publication, detail } = failed('', 'temporary', '');
    const p: Publication = {
      ...publication,
      status: 'posted',
      errorCode: null,
      errorMessage: null,
      postedAt: '2030-01-01T10:00:00.000Z',
      remoteMediaId: 'v_pub_file~v2-1.1',
    };
    // linkStatus / linkReason come with the regenerated client; the lane reads them defensively.
    const d = { ...detail, ...p, errorClass: null, ...link } as PublicationDetail;
    return { publication: p, detail: d };
  }

  it('says "Posted · link pending" until the link arrives, then shows the link', async () => {
    const lane = posted({ linkStatus: 'pending', linkReason: null });
    const queryClient = createTestQueryClient();
    seedSignedIn(queryClient, meFixture);
    const key = publicationQueryOptions(workspaceId, lane.publication.id).queryKey;
    queryClient.setQueryData(key, lane.detail);
    renderPage(queryClient, () => <PublicationLane workspaceId={workspaceId} publication={lane.publication} handle="acme.studio" />);
    const group = await screen.findByRole('group', { name: 'Lane of @acme.studio on TikTok' });
    expect(group.textContent).toContain('Posted · link pending');
    expect(within(group).queryByRole('link')).toBeNull();

    // The backfill's link_ready event refetches the detail: the permalink replaces the note.
    queryClient.setQueryData(key, {
      ...lane.detail,
      permalink: 'https://www.tiktok.com/@acme.studio/video/7300000000000000001',
      linkStatus: 'ready',
    } as PublicationDetail);
    const link = await within(group).findByRole('link', { name: 'View on TikTok' });
    expect(link.getAttribute('href')).toBe('https://www.tiktok.com/@acme.studio/video/7300000000000000001');
    expect(group.textContent).not.toContain('link pending');
  });

  it('says there is no public link, with the reason, for a post that will never have one', async () => {
    const lane = posted({ linkStatus: 'none', linkReason: 'Posted as "only me" (SELF_ONLY): TikTok never gives a private post a public id or link.' });
    const group = await renderLane(lane);
    const note = within(group).getByText('Posted · no public link');
    expect(note.getAttribute('title')).toContain('SELF_ONLY');
  });
});

describe('A lane waiting on a person (#20)', () => {
  const waiting = (code: NonNullable<Publication['waitingOn']>['code']) => {
    const lane = failed('x', 'temporary', 'x');
    const publication: Publication = {
      ...lane.publication,
      status: 'pending',
      errorCode: null,
      errorMessage: null,
      waitingOn: { code, accountId: tiktokAccountFixture.id, handle: 'acme.studio', platform: 'tiktok', detail: null, since: '2030-01-01T10:00:00.000Z' },
    };
    return { publication, detail: { ...lane.detail, ...publication } };
  };

  it('says what a person must do, naming the account and the platform, and offers Reconnect', async () => {
    const lane = await renderLane(waiting('account_disconnected'));
    expect(lane.getAttribute('data-waiting')).toBe('account_disconnected');
    expect(lane.textContent).toContain('Waiting for you · @acme.studio on TikTok was disconnected. Reconnect it and this post goes out.');
    expect(
      within(lane)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Reconnect account']);
    expect(within(lane).queryByText('Failed')).toBeNull();
  });

  it('offers no reconnect for a restriction only the platform can lift', async () => {
    const lane = await renderLane(waiting('account_restricted'));
    expect(lane.textContent).toContain('TikTok restricts @acme.studio: this post waits until the restriction is lifted.');
    expect(within(lane).queryAllByRole('button')).toEqual([]);
  });
});

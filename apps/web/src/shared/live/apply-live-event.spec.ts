import { describe, expect, it, vi } from 'vitest';

import {
  accountHealthFixture,
  publicationDetailFixture,
  publicationFixture,
  queueLaneFixture,
  statePatchOps,
  warRoomStateFixture,
  workspaceId,
} from '../../test/fixtures';
import { createTestQueryClient } from '../../test/query-client';
import { calendarQueryOptions, contentItemQueryOptions, publicationQueryOptions, queueQueryOptions, type ContentItem } from '../content/content-items';
import { warRoomStateQueryOptions } from '../war-room/war-room-state';
import { applyLiveEvent } from './apply-live-event';

const pages = (items: ContentItem[]) => ({ pages: [{ items, nextCursor: null }], pageParams: [null] });

function item(status: ContentItem['status'], publicationStatus: ContentItem['publications'][number]['status']): ContentItem {
  return {
    id: 'c1',
    assetId: null,
    caption: 'Launch',
    createdAt: '2030-01-01T09:00:00.000Z',
    duplicatedFrom: null,
    hashtags: [],
    options: {},
    publications: [
      {
        id: 'p1',
        accountId: 'a',
        platform: 'tiktok',
        status: publicationStatus,
        errorCode: null,
        errorMessage: null,
        waitingOn: null,
        permalink: null,
        postedAt: null,
        remoteMediaId: null,
        updatedAt: '2030-01-01T09:00:00.000Z',
      },
    ],
    scheduledAt: '2030-01-01T10:00:00.000Z',
    scheduledAtLocal: '2030-01-01T11:00:00+01:00',
    status,
    targets: [],
    timeZone: 'Europe/Paris',
    title: 'Launch',
    updatedAt: '2030-01-01T09:00:00.000Z',
    version: 1,
  };
}

const stateKey = warRoomStateQueryOptions(workspaceId).queryKey;

function setup() {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(stateKey, warRoomStateFixture);
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
  return { queryClient, invalidate };
}

describe('applyLiveEvent', () => {
  it('STATE_PATCH replaces the automation in the cached state', () => {
    const { queryClient, invalidate } = setup();
    const value = { ...warRoomStateFixture.automations[0]!, enabled: true };
    applyLiveEvent(queryClient, workspaceId, {
      type: 'STATE_PATCH',
      id: '5',
      data: statePatchOps([{ op: 'replace', path: '/automations/ig_welcome_dm', value }]),
    });
    expect(queryClient.getQueryData(stateKey)?.automations[0]?.enabled).toBe(true);
    expect(invalidate).not.toHaveBeenCalled();
  });

  it('STATE_PATCH that does not fit the document refetches the state instead', () => {
    const { queryClient, invalidate } = setup();
    applyLiveEvent(queryClient, workspaceId, { type: 'STATE_PATCH', id: '5', data: statePatchOps([{ op: 'replace', path: '/unknown/x', value: 1 }]) });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: stateKey, exact: true });
  });

  it('HEALTH_UPDATED updates the state document', () => {
    const { queryClient } = setup();
    applyLiveEvent(queryClient, workspaceId, { type: 'HEALTH_UPDATED', id: '6', data: accountHealthFixture() });
    expect(queryClient.getQueryData(stateKey)?.health).toEqual([accountHealthFixture()]);
  });

  it('QUEUE_UPDATED progress ticks patch the queue, calendar, item and publication caches without any refetch', () => {
    const { queryClient, invalidate } = setup();
    queryClient.setQueryData(queueQueryOptions(workspaceId).queryKey, pages([item('publishing', 'uploading')]));
    queryClient.setQueryData(queueQueryOptions(workspaceId, { platform: 'tiktok' }).queryKey, pages([item('publishing', 'uploading')]));
    queryClient.setQueryData(calendarQueryOptions(workspaceId, '2030-01-01', '2030-01-07').queryKey, {
      from: '2030-01-01T00:00:00.000Z',
      to: '2030-01-07T00:00:00.000Z',
      timeZone: 'UTC',
      items: [item('publishing', 'uploading')],
    });
    queryClient.setQueryData(contentItemQueryOptions(workspaceId, 'c1').queryKey, item('publishing', 'uploading'));
    queryClient.setQueryData(
      publicationQueryOptions(workspaceId, 'p1').queryKey,
      publicationDetailFixture(publicationFixture('p1', { accountId: 'a', status: 'uploading' }), {
        contentItemId: 'c1',
        step: 'upload',
        progressBytes: 1,
        totalBytes: 100,
      }),
    );

    applyLiveEvent(queryClient, workspaceId, { type: 'QUEUE_UPDATED', id: '6.1', data: { ...queueLaneFixture({ progressBytes: 70 }), eventType: null } });

    expect(queryClient.getQueryData(publicationQueryOptions(workspaceId, 'p1').queryKey)?.progressBytes).toBe(70);
    expect(queryClient.getQueryData(stateKey)?.queue.inFlight[0]?.progressBytes).toBe(70);
    expect(queryClient.getQueryData(queueQueryOptions(workspaceId).queryKey)?.pages[0]?.items[0]?.publications[0]?.updatedAt).toBe('2030-01-01T10:00:00.000Z');
    expect(invalidate).not.toHaveBeenCalled();
  });

  it('QUEUE_UPDATED for a finished publication patches it and refetches only the queries holding its item', () => {
    const { queryClient, invalidate } = setup();
    const queueKey = queueQueryOptions(workspaceId).queryKey;
    const otherKey = queueQueryOptions(workspaceId, { platform: 'instagram' }).queryKey;
    queryClient.setQueryData(queueKey, pages([item('publishing', 'processing')]));
    queryClient.setQueryData(otherKey, pages([]));

    applyLiveEvent(queryClient, workspaceId, {
      type: 'QUEUE_UPDATED',
      id: '7',
      data: {
        ...queueLaneFixture({ status: 'posted', jobStatus: 'succeeded', permalink: 'https://t.example/1', updatedAt: '2030-01-01T10:05:00.000Z' }),
        eventType: 'succeeded',
      },
    });

    expect(queryClient.getQueryData(queueKey)?.pages[0]?.items[0]?.publications[0]).toMatchObject({ status: 'posted', permalink: 'https://t.example/1' });
    expect(queryClient.getQueryData(stateKey)?.queue.recent.items[0]?.publicationId).toBe('p1');
    expect(invalidate).toHaveBeenCalledWith({ queryKey: publicationQueryOptions(workspaceId, 'p1').queryKey, exact: true });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: queueKey, exact: true });
    expect(invalidate).not.toHaveBeenCalledWith({ queryKey: otherKey, exact: true });
  });

  it('QUEUE_UPDATED for a post no open queue holds refetches the queue lists, so a new post shows at once', () => {
    const { queryClient, invalidate } = setup();
    const queueKey = queueQueryOptions(workspaceId).queryKey;
    queryClient.setQueryData(queueKey, pages([{ ...item('scheduled', 'pending'), id: 'older' }]));

    applyLiveEvent(queryClient, workspaceId, { type: 'QUEUE_UPDATED', id: '8', data: { ...queueLaneFixture({ status: 'pending' }), eventType: 'queued' } });

    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['workspaces', workspaceId, 'content', 'queue'] });
  });

  it('RESYNC refetches the state and the content of the workspace', () => {
    const { queryClient, invalidate } = setup();
    applyLiveEvent(queryClient, workspaceId, { type: 'RESYNC', id: '9', data: { reason: 'replay_window_exceeded' } });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['workspaces', workspaceId, 'war-room'] });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['workspaces', workspaceId, 'content'] });
  });
});

import { describe, expect, it } from 'vitest';

import {
  accountHealthFixture,
  instagramAccountFixture,
  publicationDetailFixture,
  publicationFixture,
  queueLaneFixture,
  statePatchOps,
  warRoomStateFixture,
} from '../../test/fixtures';
import type { ContentItem, PublicationDetail } from '../content/content-items';
import type { WarRoomAlert, WarRoomState } from '../war-room/war-room-state';
import {
  applyHealthUpdate,
  applyQueueUpdate,
  applyStatePatch,
  changesItemStatus,
  parseLiveEvent,
  patchContentItem,
  patchPublicationDetail,
  type QueueUpdatedEvent,
} from './live-events';

const event = (patch: Partial<QueueUpdatedEvent> = {}): QueueUpdatedEvent => ({ ...queueLaneFixture(), eventType: 'step_finished', ...patch });

function stateWith(patch: Partial<WarRoomState['queue']>): WarRoomState {
  return { ...warRoomStateFixture, queue: { ...warRoomStateFixture.queue, ...patch } };
}

function contentItem(patch: Partial<ContentItem> = {}): ContentItem {
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
        status: 'pending',
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
    status: 'publishing',
    targets: [],
    timeZone: 'Europe/Paris',
    title: 'Launch',
    updatedAt: '2030-01-01T09:00:00.000Z',
    version: 1,
    ...patch,
  };
}

describe('parseLiveEvent', () => {
  it('types each documented event and drops malformed ones', () => {
    expect(parseLiveEvent('RESYNC', '{"reason":"replay_window_exceeded"}', '7')).toEqual({
      type: 'RESYNC',
      id: '7',
      data: { reason: 'replay_window_exceeded' },
    });
    expect(parseLiveEvent('STATE_PATCH', '[{"op":"replace","path":"/alerts","value":[]}]', '8')?.type).toBe('STATE_PATCH');
    expect(parseLiveEvent('QUEUE_UPDATED', JSON.stringify(event()), '9')?.type).toBe('QUEUE_UPDATED');
    expect(parseLiveEvent('HEALTH_UPDATED', JSON.stringify(accountHealthFixture()), '9')?.type).toBe('HEALTH_UPDATED');
    expect(parseLiveEvent('QUEUE_UPDATED', '{"nope":1}', '9')).toBeNull();
    expect(parseLiveEvent('STATE_PATCH', 'not json', '9')).toBeNull();
    expect(parseLiveEvent('SOMETHING_ELSE', '{}', '9')).toBeNull();
  });
});

describe('applyStatePatch', () => {
  it('replaces an automation addressed by its key, without touching the others', () => {
    const value = { ...warRoomStateFixture.automations[0]!, enabled: true };
    const next = applyStatePatch(warRoomStateFixture, statePatchOps([{ op: 'replace', path: '/automations/ig_welcome_dm', value }]));
    expect(next?.automations[0]?.enabled).toBe(true);
    expect(next?.automations[1]).toBe(warRoomStateFixture.automations[1]);
    expect(warRoomStateFixture.automations[0]?.enabled).toBe(false); // not mutated
  });

  it('replaces the whole alert list, adds and removes keyed entries, and patches nested fields', () => {
    const alert: WarRoomAlert = {
      id: 'al1',
      rule: 'needs_review',
      subject: 'p1',
      severity: 'warning',
      message: '1 post needs review',
      value: 1,
      threshold: 0,
      firedAt: '2030-01-01T10:00:00.000Z',
    };
    let next = applyStatePatch(warRoomStateFixture, statePatchOps([{ op: 'replace', path: '/alerts', value: [alert] }]));
    expect(next?.alerts).toEqual([alert]);
    next = applyStatePatch(next!, [{ op: 'remove', path: '/alerts/al1' }]);
    expect(next?.alerts).toEqual([]);
    next = applyStatePatch(next!, statePatchOps([{ op: 'add', path: '/health/-', value: accountHealthFixture() }]));
    expect(next?.health).toHaveLength(1);
    next = applyStatePatch(next!, statePatchOps([{ op: 'replace', path: '/queue/counts/needsReview', value: 3 }]));
    expect(next?.queue.counts.needsReview).toBe(3);
  });

  it('says it cannot apply an op on a path the document does not have (the caller refetches)', () => {
    expect(applyStatePatch(warRoomStateFixture, statePatchOps([{ op: 'replace', path: '/automations/unknown/enabled', value: true }]))).toBeNull();
    expect(applyStatePatch(warRoomStateFixture, statePatchOps([{ op: 'replace', path: '/nothing/here', value: 1 }]))).toBeNull();
    expect(applyStatePatch(warRoomStateFixture, statePatchOps([{ op: 'replace', path: '', value: {} }]))).toBeNull();
  });
});

describe('applyHealthUpdate', () => {
  it('replaces the account entry, or adds a new account', () => {
    const state = { ...warRoomStateFixture, health: [accountHealthFixture()] };
    const worse = accountHealthFixture({ failures24h: { finished: 4, failed: 2, rate: 0.5 } });
    expect(applyHealthUpdate(state, worse).health).toEqual([worse]);
    const other = accountHealthFixture({ accountId: instagramAccountFixture.id, platform: 'instagram', handle: 'acme_shop' });
    expect(applyHealthUpdate(state, other).health).toHaveLength(2);
  });
});

describe('applyQueueUpdate', () => {
  it('adds a started lane to inFlight, takes its item out of upcoming, and counts the job', () => {
    const state = stateWith({ upcoming: [{ contentItemId: 'c1', title: 'Launch', scheduledAt: '2030-01-01T10:00:00.000Z', accountIds: [] }] });
    const next = applyQueueUpdate(state, event());
    expect(next.queue.inFlight.map((lane) => lane.publicationId)).toEqual(['p1']);
    expect(next.queue.inFlight[0]).not.toHaveProperty('eventType');
    expect(next.queue.upcoming).toEqual([]);
    expect(next.queue.counts.active).toBe(1);
  });

  it('moves a finished lane from inFlight to the head of recent and updates the counts', () => {
    const state = stateWith({
      counts: { queued: 0, active: 1, waitingRetry: 0, waitingPerson: 0, needsReview: 0 },
      inFlight: [queueLaneFixture()],
      recent: { items: [queueLaneFixture({ publicationId: 'old', status: 'posted', jobStatus: 'succeeded' })], nextCursor: null },
    });
    const next = applyQueueUpdate(
      state,
      event({ status: 'posted', jobStatus: 'succeeded', permalink: 'https://t.example/1', updatedAt: '2030-01-01T10:05:00.000Z', eventType: 'succeeded' }),
    );
    expect(next.queue.inFlight).toEqual([]);
    expect(next.queue.recent.items.map((lane) => lane.publicationId)).toEqual(['p1', 'old']);
    expect(next.queue.recent.items[0]?.permalink).toBe('https://t.example/1');
    expect(next.queue.counts.active).toBe(0);
  });

  it('counts a lane whose job waits on a person, and keeps it in flight with its reason (#20)', () => {
    const state = stateWith({ counts: { queued: 0, active: 1, waitingRetry: 0, waitingPerson: 0, needsReview: 0 }, inFlight: [queueLaneFixture()] });
    const waitingOn = {
      code: 'account_disconnected' as const,
      accountId: 'a',
      handle: 'acme.studio',
      platform: 'tiktok' as const,
      detail: null,
      since: '2030-01-01T10:05:00.000Z',
    };
    const next = applyQueueUpdate(state, event({ status: 'pending', jobStatus: 'waiting_person', waitingOn, updatedAt: '2030-01-01T10:05:00.000Z' }));
    expect(next.queue.inFlight[0]?.waitingOn).toEqual(waitingOn);
    expect(next.queue.counts).toMatchObject({ active: 0, waitingPerson: 1 });
  });

  it('keeps a failed lane that needs review in flight and counts it under review', () => {
    const state = stateWith({ counts: { queued: 0, active: 1, waitingRetry: 0, waitingPerson: 0, needsReview: 0 }, inFlight: [queueLaneFixture()] });
    const next = applyQueueUpdate(state, event({ status: 'processing', needsReview: true, jobStatus: 'needs_review', updatedAt: '2030-01-01T10:05:00.000Z' }));
    expect(next.queue.inFlight[0]?.needsReview).toBe(true);
    expect(next.queue.counts).toEqual({ queued: 0, active: 0, waitingRetry: 0, waitingPerson: 0, needsReview: 1 });
  });

  it('ignores an update older than the lane it has (a late progress tick)', () => {
    const state = stateWith({ inFlight: [queueLaneFixture({ status: 'processing', updatedAt: '2030-01-01T10:05:00.000Z' })] });
    expect(applyQueueUpdate(state, event({ status: 'uploading', updatedAt: '2030-01-01T10:00:00.000Z', eventType: null }))).toBe(state);
  });
});

describe('content cache patches', () => {
  it('patches the publication inside its content item, and leaves other items as they are', () => {
    const item = contentItem();
    const next = patchContentItem(
      item,
      event({ status: 'posted', permalink: 'https://t.example/1', postedAt: '2030-01-01T10:05:00.000Z', updatedAt: '2030-01-01T10:05:00.000Z' }),
    );
    expect(next.publications[0]).toMatchObject({ status: 'posted', permalink: 'https://t.example/1' });
    const other = contentItem({ id: 'c2' });
    expect(patchContentItem(other, event())).toBe(other);
  });

  it('patches a publication detail with progress and the job status', () => {
    const detail: PublicationDetail = publicationDetailFixture(publicationFixture('p1', { accountId: 'a', status: 'uploading' }), {
      contentItemId: 'c1',
      step: 'upload',
      progressBytes: 1,
      totalBytes: 100,
      job: { id: 'j1', status: 'active', attempts: 1, maxAttempts: 5, runAt: '2030-01-01T10:00:00.000Z', lastError: null },
    });
    const next = patchPublicationDetail(detail, event({ progressBytes: 60, jobStatus: 'waiting_retry', attempts: 2, eventType: null }));
    expect(next.progressBytes).toBe(60);
    expect(next.job).toMatchObject({ status: 'waiting_retry', attempts: 2 });
  });

  it('flags only the events that can change the item status the API derives', () => {
    const item = contentItem({ publications: [{ ...contentItem().publications[0]!, status: 'uploading' }] });
    expect(changesItemStatus(item, event({ status: 'uploading', eventType: null }))).toBe(false);
    expect(changesItemStatus(item, event({ status: 'processing', eventType: 'step_finished' }))).toBe(false);
    expect(changesItemStatus(item, event({ status: 'posted', eventType: 'succeeded' }))).toBe(true);
    expect(changesItemStatus(contentItem({ status: 'scheduled' }), event({ status: 'uploading', eventType: 'claimed' }))).toBe(true);
  });
});

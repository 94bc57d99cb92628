import { describe, expect, it } from 'vitest';

import { LIVE_POLL_MS, liveRefetchInterval, SAFETY_POLL_MS, type ContentItem } from './content-items';

const soon = new Date(Date.now() + 60_000).toISOString();
const later = new Date(Date.now() + 24 * 3600_000).toISOString();

function item(patch: Partial<ContentItem>): ContentItem {
  return {
    id: 'c1',
    assetId: null,
    caption: '',
    createdAt: soon,
    duplicatedFrom: null,
    hashtags: [],
    options: {},
    publications: [],
    scheduledAt: soon,
    scheduledAtLocal: soon,
    status: 'scheduled',
    targets: [],
    timeZone: 'UTC',
    title: '',
    updatedAt: soon,
    version: 1,
    ...patch,
  };
}

const publication: ContentItem['publications'][number] = {
  id: 'p1',
  accountId: 'a',
  platform: 'tiktok',
  status: 'uploading',
  errorCode: null,
  errorMessage: null,
  waitingOn: null,
  permalink: null,
  postedAt: null,
  remoteMediaId: null,
  updatedAt: soon,
};

describe('liveRefetchInterval', () => {
  it('polls fast without the live stream while something moves or is due soon', () => {
    expect(liveRefetchInterval([item({ status: 'publishing', publications: [publication] })], false)).toBe(LIVE_POLL_MS);
    expect(liveRefetchInterval([item({ scheduledAt: later })], false)).toBe(30_000);
  });

  it('only keeps a slow safety poll while live: events carry every change, new lanes included', () => {
    expect(liveRefetchInterval([item({ status: 'publishing', publications: [publication] })], true)).toBe(SAFETY_POLL_MS);
    expect(liveRefetchInterval([item({ scheduledAt: later })], true)).toBe(SAFETY_POLL_MS);
    expect(liveRefetchInterval([item({})], true)).toBe(SAFETY_POLL_MS);
    expect(liveRefetchInterval([item({})], false)).toBe(LIVE_POLL_MS);
  });
});

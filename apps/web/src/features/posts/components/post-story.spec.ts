import { describe, expect, it } from 'vitest';

import type { Publication, PublicationDetail } from '../../../shared/content/content-items';
import { i18n } from '../../../shared/i18n/i18n';
import { publicationDetailFixture } from '../../../test/fixtures';
import { buildPostStory, formatSeconds, storyLine, type StoryStep } from './post-story';

const t = i18n.t.bind(i18n);
const NOW = new Date('2026-12-06T21:00:00.000Z');

const publication = (platform: Publication['platform'], patch: Partial<Publication> = {}): Publication =>
  ({
    id: 'p1',
    accountId: 'a1',
    platform,
    status: 'posted',
    errorCode: null,
    errorMessage: null,
    permalink: null,
    remoteMediaId: null,
    postedAt: null,
    ...patch,
  }) as Publication;

let nextId = 0;
const event = (type: string, at: string, patch: Partial<PublicationDetail['timeline'][number]> = {}): PublicationDetail['timeline'][number] => ({
  id: String((nextId += 1)),
  type,
  at,
  fromStatus: null,
  toStatus: null,
  message: null,
  data: {},
  ...patch,
});
const lane = (from: string, to: string, at: string) => event('publication_status', at, { fromStatus: from, toStatus: to });

/** A TikTok post as the worker writes it: queued, claimed, upload (12 MB in 4 s), processing (38 s), posted. */
const tiktokPosted = publicationDetailFixture(
  publication('tiktok', { permalink: 'https://www.tiktok.com/@acme/video/1', postedAt: '2026-12-06T19:47:12.400Z' }),
  {
    totalBytes: 12 * 1024 * 1024,
    timeline: [
      event('queued', '2026-12-06T19:46:00.000Z', { toStatus: 'queued', message: 'Scheduled', data: { runAt: '2026-12-06T19:46:00.000Z' } }),
      event('claimed', '2026-12-06T19:46:25.100Z', { toStatus: 'active' }),
      lane('pending', 'uploading', '2026-12-06T19:46:30.000Z'),
      event('step_finished', '2026-12-06T19:46:32.000Z', { message: 'step upload', data: { step: 'upload' } }),
      lane('uploading', 'processing', '2026-12-06T19:46:34.200Z'),
      event('poll_later', '2026-12-06T19:46:50.000Z'),
      event('succeeded', '2026-12-06T19:47:12.400Z', {
        fromStatus: 'processing',
        toStatus: 'posted',
        data: { permalink: 'https://www.tiktok.com/@acme/video/1', linkStatus: 'ready' },
      }),
    ],
  },
);

/** Instagram busy twice (temporary), then a rate limit, then posted: four attempts in all. */
const instagramRetried = publicationDetailFixture(publication('instagram', { postedAt: '2026-12-06T19:59:59.000Z', permalink: null }), {
  timeline: [
    event('queued', '2026-12-06T19:40:00.000Z', { toStatus: 'queued', data: { runAt: '2026-12-06T19:40:00.000Z' } }),
    event('retry_scheduled', '2026-12-06T19:41:00.000Z', { toStatus: 'waiting_retry', data: { attempt: 1, class: 'temporary', code: 'http_503' } }),
    event('retry_scheduled', '2026-12-06T19:43:00.000Z', { toStatus: 'waiting_retry', data: { attempt: 2, class: 'temporary', code: 'http_503' } }),
    event('retry_scheduled', '2026-12-06T19:47:00.000Z', { toStatus: 'waiting_retry', data: { attempt: 3, class: 'rate_limited', code: 'rate_limit' } }),
    event('succeeded', '2026-12-06T19:59:59.000Z', { fromStatus: 'pending', toStatus: 'posted', data: { permalink: null } }),
  ],
});

const words = (steps: StoryStep[], platform: string) => steps.map((step) => storyLine(step, t, { platform, timeZone: 'Europe/Paris', now: NOW }));

describe('buildPostStory', () => {
  it('tells an upload, the processing and the post with sizes, seconds and the time to the second in the workspace zone', () => {
    const steps = buildPostStory(tiktokPosted);
    expect(steps).toEqual([
      { kind: 'uploaded', at: '2026-12-06T19:46:34.200Z', bytes: 12 * 1024 * 1024, durationMs: 4200 },
      { kind: 'processed', at: '2026-12-06T19:47:12.400Z', durationMs: 38_200 },
      { kind: 'posted', at: '2026-12-06T19:47:12.400Z', permalink: 'https://www.tiktok.com/@acme/video/1' },
    ]);
    expect(words(steps, 'TikTok')).toEqual(['Uploaded 12 MB in 4 s', 'TikTok processed it in 38 s', 'Posted at 8:47:12 PM']);
  });

  it('groups retries into one line with their reasons, counting the attempt that worked', async () => {
    const steps = buildPostStory(instagramRetried);
    expect(steps).toEqual([
      { kind: 'retried', attempts: 4, reasons: ['temporary', 'rate_limited'], settled: true },
      { kind: 'posted', at: '2026-12-06T19:59:59.000Z', permalink: null },
    ]);
    expect(words(steps, 'Instagram')).toEqual(['4 attempts: Instagram was busy; Instagram asked us to slow down, retried', 'Posted at 8:59:59 PM']);
    await i18n.changeLanguage('fr');
    expect(words(steps, 'Instagram')[0]).toBe('4 tentatives : Instagram était occupé ; Instagram nous a demandé de ralentir, nouvel essai');
  });

  it('says a retry is still pending, and a failure with its reason in the UI language', async () => {
    const waiting = publicationDetailFixture(publication('instagram', { status: 'pending' }), {
      timeline: instagramRetried.timeline.slice(0, 2),
    });
    expect(words(buildPostStory(waiting), 'Instagram')).toEqual(['1 attempt so far: Instagram was busy; trying again']);
    const failed = publicationDetailFixture(publication('tiktok', { status: 'failed' }), {
      timeline: [
        event('failed', '2026-12-06T19:50:03.000Z', {
          fromStatus: 'pending',
          toStatus: 'failed',
          data: { explanation: { en: 'TikTok refused the video: it is too short', fr: 'TikTok a refusé la vidéo : elle est trop courte' } },
        }),
      ],
    });
    await i18n.changeLanguage('fr');
    expect(words(buildPostStory(failed), 'TikTok')).toEqual(['Échec à 20:50:03 : TikTok a refusé la vidéo : elle est trop courte']);
  });

  it('gives the date too when it is not today, and says when a post not started yet goes out', () => {
    const queued = publicationDetailFixture(publication('tiktok', { status: 'pending' }), {
      timeline: [event('queued', '2026-12-09T08:00:05.000Z', { toStatus: 'queued', data: { runAt: '2026-12-09T08:00:05.000Z' } })],
    });
    expect(words(buildPostStory(queued), 'TikTok')).toEqual(['Goes out at Dec 9, 2026, 9:00:05 AM.']);
  });

  it('says the platform fetched the video when it pulled it (no bytes counted)', () => {
    const pulled = publicationDetailFixture(publication('instagram'), {
      timeline: [lane('pending', 'uploading', '2026-12-06T19:46:30.000Z'), lane('uploading', 'processing', '2026-12-06T19:46:31.600Z')],
    });
    expect(words(buildPostStory(pulled), 'Instagram')).toEqual(['Instagram fetched the video in 2 s', 'Instagram is processing it (since 8:46:31 PM)…']);
  });

  it('words durations in seconds, and minutes past one', () => {
    expect(formatSeconds(4_400, t)).toBe('4 s');
    expect(formatSeconds(125_000, t)).toBe('2 min 5 s');
  });
});

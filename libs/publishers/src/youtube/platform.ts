import { CAPTION_LIMITS } from '@mwr/domain';

import type { AccountOptionProblem, PlatformDescriptor } from '../platform.js';
import { createYouTubeAnalyticsClient, YOUTUBE_ANALYTICS_BATCH, YOUTUBE_METRIC_NAMES } from './analytics.js';
import { YOUTUBE_API_ERRORS, YOUTUBE_LOCAL_ERRORS, YOUTUBE_PROCESSING_ERRORS } from './errors.js';
import { YouTubeOAuth } from './oauth.js';
import { YOUTUBE_COMPOSER_OPTIONS, YOUTUBE_MADE_FOR_KIDS, type YouTubePostOptions } from './options.js';
import { YOUTUBE_QUOTA_TIME_ZONE } from './pacific.js';
import { createYouTubePublisher, type YouTubeCheckpoint, type YouTubeStep } from './publisher.js';
import { checkYouTubeCaption, checkYouTubeMedia, defaultYouTubeTitle, YOUTUBE_MAX_BYTES, YOUTUBE_MAX_DURATION_SEC } from './rules.js';
import { YOUTUBE_SETTINGS } from './settings.js';
import { youtubeChartsSource } from './trends.js';

const DAY = 24 * 3_600_000;
const OAUTH_SCOPES = ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.readonly'] as const;

/** YouTube Data API v3, Shorts through the resumable upload (docs/platform-apis.md §6, §10, §11; docs/youtube-contract.md). */
export const youtubePlatform: PlatformDescriptor<YouTubeStep, YouTubeCheckpoint, typeof YOUTUBE_SETTINGS, typeof YOUTUBE_COMPOSER_OPTIONS, YouTubePostOptions> =
  {
    id: 'youtube',
    displayName: 'YouTube',
    settings: YOUTUBE_SETTINGS,
    steps: {
      init_session: 'pending',
      upload: 'uploading',
      resync: 'uploading',
      poll: 'processing',
    },
    mediaSteps: ['upload'],
    limits: [
      // Both budgets belong to the whole Google Cloud project and reset at midnight Pacific (§10):
      // the limiter counts per Pacific calendar day and waits until that midnight.
      {
        key: 'youtube:insert',
        scope: 'app',
        limit: YOUTUBE_SETTINGS.insertCallsPerDay.default,
        setting: 'insertCallsPerDay',
        windowMs: DAY,
        resetsAt: { daily: YOUTUBE_QUOTA_TIME_ZONE },
        steps: ['init_session'],
        source: 'platform-apis.md §10 (videos.insert: its own bucket of 100 calls a day, reset midnight Pacific)',
        waitMessage: 'YouTube upload quota for today is used up (resets at midnight Pacific)',
      },
      {
        key: 'youtube:units',
        scope: 'app',
        limit: YOUTUBE_SETTINGS.dailyUnits.default,
        setting: 'dailyUnits',
        windowMs: DAY,
        resetsAt: { daily: YOUTUBE_QUOTA_TIME_ZONE },
        steps: ['poll'],
        source: 'platform-apis.md §10 (10,000 units a day, videos.list 1 unit, reset midnight Pacific)',
        waitMessage: 'YouTube API quota for today is used up (resets at midnight Pacific)',
      },
    ],
    composer: {
      options: YOUTUBE_COMPOSER_OPTIONS,
      /** The made-for-kids choice is required: YouTube would otherwise take the channel's default. */
      checkAccount(options) {
        return madeForKidsProblem(options);
      },
      checkUnattended(options) {
        return madeForKidsProblem(options);
      },
    },
    caption: {
      maxLength: CAPTION_LIMITS.youtube.maxLength,
      counting: CAPTION_LIMITS.youtube.counting,
      check: checkYouTubeCaption,
    },
    media: {
      containers: ['mp4', 'mov', 'webm'],
      maxDurationSec: YOUTUBE_MAX_DURATION_SEC,
      maxBytes: YOUTUBE_MAX_BYTES,
      // Vertical or square (≤ 1): a Short. Landscape is accepted and published as a regular video (a warning).
      aspect: { min: 9 / 16, max: 16 / 9, recommended: 9 / 16 },
      check: (probe) => checkYouTubeMedia(probe),
    },
    oauth: {
      flavour: 'Google OAuth 2.0 web server flow (offline access, PKCE S256)',
      scopes: OAUTH_SCOPES,
      refresh: 'refresh_token',
      recheckProfile: false,
      source: 'platform-apis.md §6, §10; docs/youtube-contract.md',
      createProvider: (deps) => new YouTubeOAuth(deps, OAUTH_SCOPES),
    },
    errors: { api: YOUTUBE_API_ERRORS, processing: YOUTUBE_PROCESSING_ERRORS, local: YOUTUBE_LOCAL_ERRORS },
    links: { deadlineReason: 'YouTube did not finish processing the video within 72 h, so it has no public link.' },
    publishInput: ({ caption, media, options }) => ({
      caption,
      media,
      options: {
        title: options.title?.trim() ? options.title : defaultYouTubeTitle(caption) || 'Short',
        privacyStatus: options.privacyStatus ?? 'public',
        // Absent only on posts saved before the choice was required: the publisher's validate refuses them.
        selfDeclaredMadeForKids:
          options.selfDeclaredMadeForKids === 'made_for_kids'
            ? true
            : options.selfDeclaredMadeForKids === 'not_made_for_kids'
              ? false
              : (undefined as unknown as boolean),
        ...(typeof options.containsSyntheticMedia === 'boolean' ? { containsSyntheticMedia: options.containsSyntheticMedia } : {}),
        ...(typeof options.notifySubscribers === 'boolean' ? { notifySubscribers: options.notifySubscribers } : {}),
        ...(typeof options.categoryId === 'string' ? { categoryId: options.categoryId } : {}),
        ...(Array.isArray(options.tags) ? { tags: options.tags.filter((t): t is string => typeof t === 'string') } : {}),
      },
    }),
    createPublisher: ({ tokenProvider, settings }) => createYouTubePublisher({ tokenProvider, apiBaseUrl: settings.apiBaseUrl }),
    trendSources: [youtubeChartsSource],
    analytics: {
      requiredScopes: ['https://www.googleapis.com/auth/youtube.readonly'],
      batchSize: YOUTUBE_ANALYTICS_BATCH,
      metricNames: YOUTUBE_METRIC_NAMES,
      // YouTube API Services policy (§11): never inside a total with other platforms.
      separateTotals: true,
      // A share of the project's 10,000 daily units per channel (videos.list: 1 unit per 50 videos).
      budget: { key: 'youtube:analytics', scope: 'account', limit: 200, windowMs: DAY, steps: [], source: 'platform-apis.md §10, §11' },
      source: 'platform-apis.md §10 (videos.list?part=statistics)',
      createClient: ({ tokenProvider, settings, clock, requestTimeoutMs }) =>
        createYouTubeAnalyticsClient({
          tokenProvider,
          apiBaseUrl: settings.apiBaseUrl,
          ...(clock ? { clock } : {}),
          ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
        }),
    },
  };

function madeForKidsProblem(options: Readonly<Record<string, unknown>>): AccountOptionProblem[] {
  const value = options.selfDeclaredMadeForKids;
  if (typeof value === 'string' && (YOUTUBE_MADE_FOR_KIDS as readonly string[]).includes(value)) return [];
  return [{ option: 'selfDeclaredMadeForKids', message: 'YouTube: say whether the video is made for kids', allowed: [...YOUTUBE_MADE_FOR_KIDS] }];
}

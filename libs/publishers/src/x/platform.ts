import { CAPTION_LIMITS } from '@mwr/domain';

import type { PlatformDescriptor } from '../platform.js';
import { createXAnalyticsClient, X_ANALYTICS_BATCH, X_METRIC_NAMES } from './analytics.js';
import { X_CODE_ERRORS, X_LOCAL_ERRORS, X_PROBLEM_ERRORS, X_PROCESSING_ERRORS } from './errors.js';
import { XOAuth } from './oauth.js';
import { X_COMPOSER_OPTIONS, type XPostOptions } from './options.js';
import { createXPublisher, type XCheckpoint, type XStep } from './publisher.js';
import { checkXCaption, checkXMedia, X_MAX_BYTES, X_MAX_DURATION_SEC, X_MAX_WEIGHTED_LENGTH, X_MIN_DURATION_SEC } from './rules.js';
import { X_SETTINGS } from './settings.js';
import { xCountsSource, xTrendsSource } from './trends.js';

const QUARTER = 15 * 60_000;
const DAY = 24 * 3_600_000;
export const X_OAUTH_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'] as const;

const MEDIA_STEPS = ['initialize', 'append', 'finalize'] as const;

/** X API v2: a video post through the v2 media upload (docs/platform-apis.md §7, §10; issue #23). */
export const xPlatform: PlatformDescriptor<XStep, XCheckpoint, typeof X_SETTINGS, typeof X_COMPOSER_OPTIONS, XPostOptions> = {
  id: 'x',
  displayName: 'X',
  settings: X_SETTINGS,
  steps: {
    initialize: 'pending',
    append: 'uploading',
    finalize: 'processing',
    status: 'processing',
    post: 'processing',
    create_post: 'processing',
    verify_post: 'processing',
  },
  mediaSteps: ['append'],
  limits: [
    // §10: initialize/append/finalize share 1,875 calls per 15 min per user and 180k per 24 h per app.
    { key: 'x:media', scope: 'token', limit: 1875, windowMs: QUARTER, steps: MEDIA_STEPS, source: 'platform-apis.md §10 (media upload, per user, 15 min)' },
    { key: 'x:media-app', scope: 'app', limit: 180_000, windowMs: DAY, steps: MEDIA_STEPS, source: 'platform-apis.md §10 (media upload, per app, 24 h)' },
    { key: 'x:status', scope: 'token', limit: 1000, windowMs: QUARTER, steps: ['status'], source: 'platform-apis.md §10 (media STATUS, per user, 15 min)' },
    // The create's budget is spent when it is armed (`post`), so nothing waits between arming and sending.
    {
      key: 'x:posts',
      scope: 'token',
      limit: 100,
      windowMs: QUARTER,
      steps: ['post'],
      source: 'platform-apis.md §10 (POST /2/tweets, per user, 15 min)',
      waitMessage: 'Waiting for the X posting limit (100 posts per 15 minutes for this account)',
    },
    {
      key: 'x:posts-app',
      scope: 'app',
      limit: 10_000,
      windowMs: DAY,
      steps: ['post'],
      source: 'platform-apis.md §10 (POST /2/tweets, per app, 24 h)',
      waitMessage: 'Waiting for the X app’s daily posting limit (10,000 posts per 24 hours)',
    },
    {
      key: 'x:reads',
      scope: 'token',
      limit: 900,
      windowMs: QUARTER,
      steps: ['verify_post'],
      source: 'docs/x-contract.md "Rate limits" (platform-apis.md §10 sandbox reading: GET /2/users/:id/tweets, per user, 15 min)',
    },
  ],
  composer: { options: X_COMPOSER_OPTIONS },
  caption: {
    maxLength: X_MAX_WEIGHTED_LENGTH,
    counting: CAPTION_LIMITS.x.counting,
    check: checkXCaption,
  },
  media: {
    containers: ['mp4', 'mov'],
    minDurationSec: X_MIN_DURATION_SEC,
    maxDurationSec: X_MAX_DURATION_SEC,
    maxBytes: X_MAX_BYTES,
    aspect: { min: 1 / 3, max: 3, recommended: 16 / 9 },
    check: (probe) => checkXMedia(probe),
  },
  oauth: {
    flavour: 'X OAuth 2.0 authorization code with PKCE (confidential client, rotating refresh tokens)',
    scopes: X_OAUTH_SCOPES,
    refresh: 'refresh_token',
    refreshTokenRotates: true,
    recheckProfile: false,
    source: 'platform-apis.md §7, §10; issue #23',
    createProvider: (deps) => new XOAuth(deps, X_OAUTH_SCOPES),
  },
  errors: { problem: X_PROBLEM_ERRORS, code: X_CODE_ERRORS, processing: X_PROCESSING_ERRORS, local: X_LOCAL_ERRORS },
  links: { deadlineReason: 'X did not confirm the post, so it has no link.' },
  publishInput: ({ caption, media, options, account }) => ({
    caption,
    media,
    options: {
      userId: account.remoteAccountId,
      ...(options.reply_settings ? { replySettings: options.reply_settings } : {}),
      ...(options.made_with_ai ? { madeWithAi: true } : {}),
      ...(options.paid_partnership ? { paidPartnership: true } : {}),
    },
  }),
  createPublisher: ({ tokenProvider, settings }) => createXPublisher({ tokenProvider, apiBaseUrl: settings.apiBaseUrl }),
  trendSources: [xTrendsSource, xCountsSource],
  analytics: {
    requiredScopes: ['tweet.read', 'users.read'],
    batchSize: X_ANALYTICS_BATCH,
    metricNames: X_METRIC_NAMES,
    // X bills every read on the pay-per-use plan: a modest share of the 15-minute lookup window.
    budget: { key: 'x:analytics', scope: 'account', limit: 100, windowMs: QUARTER, steps: [], source: 'platform-apis.md §10 (GET /2/tweets)' },
    source: 'platform-apis.md §10 (GET /2/tweets?tweet.fields=public_metrics,non_public_metrics,organic_metrics)',
    createClient: ({ tokenProvider, settings, clock, requestTimeoutMs }) =>
      createXAnalyticsClient({
        tokenProvider,
        apiBaseUrl: settings.apiBaseUrl,
        ...(clock ? { clock } : {}),
        ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
      }),
  },
};

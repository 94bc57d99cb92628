import { CAPTION_LIMITS, checkCaption, checkMediaQuality, TIKTOK_MEDIA_RULES } from '@mwr/domain';

import type { AccountOptionProblem, PlatformDescriptor } from '../platform.js';
import { createTikTokAnalyticsClient, TIKTOK_ANALYTICS_BATCH, TIKTOK_METRIC_NAMES } from './analytics.js';
import { TIKTOK_API_ERRORS, TIKTOK_FAIL_REASONS, TIKTOK_LOCAL_ERRORS } from './errors.js';
import { TikTokOAuth } from './oauth.js';
import { TIKTOK_COMPOSER_OPTIONS, type TikTokPostOptions, type TikTokPrivacyLevel } from './options.js';
import { createTikTokPublisher, type TikTokCheckpoint, type TikTokStep } from './publisher.js';
import { TIKTOK_SETTINGS } from './settings.js';

/** Interactions a creator can turn off: the option, creator_info's flag, and what it is called. */
const INTERACTIONS = [
  ['disableComment', 'commentDisabled', 'comments'],
  ['disableDuet', 'duetDisabled', 'duets'],
  ['disableStitch', 'stitchDisabled', 'stitches'],
] as const;

const caption = CAPTION_LIMITS.tiktok;

/** What the connect flow asks for (platform-apis.md §2). */
// video.list reads our posts' results, user.info.stats the followers (issue 21, platform-apis.md §10).
const OAUTH_SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.publish', 'video.upload', 'video.list'] as const;

/** TikTok Content Posting API, Direct Post (platform-apis.md §1, §2). */
export const tiktokPlatform: PlatformDescriptor<TikTokStep, TikTokCheckpoint, typeof TIKTOK_SETTINGS, typeof TIKTOK_COMPOSER_OPTIONS, TikTokPostOptions> = {
  id: 'tiktok',
  displayName: 'TikTok',
  settings: TIKTOK_SETTINGS,
  steps: {
    creator_info: 'pending',
    init: 'uploading',
    pull_init: 'uploading',
    upload: 'uploading',
    verify_upload: 'uploading',
    poll: 'processing',
    needs_review: 'processing',
  },
  mediaSteps: ['init', 'upload', 'verify_upload'],
  limits: [
    { key: 'tiktok:creator_info', scope: 'token', limit: 20, windowMs: 60_000, steps: ['creator_info'], source: 'platform-apis.md §1.10' },
    { key: 'tiktok:init', scope: 'token', limit: 6, windowMs: 60_000, steps: ['init'], source: 'platform-apis.md §1.10' },
    // Status reads: the job's polls and the link backfill's lookups share this budget.
    { key: 'tiktok:status', scope: 'token', limit: 30, windowMs: 60_000, steps: ['poll'], source: 'platform-apis.md §1.10' },
  ],
  composer: {
    options: TIKTOK_COMPOSER_OPTIONS,
    /**
     * Options against the account's last creator_info (its capabilities at connect, refresh and
     * test): a privacy level it does not offer, or an interaction it turned off. No creator_info
     * stored yet: nothing to judge (the job's creator_info step checks before sending).
     */
    checkAccount(options, caps, handle) {
      const problems: AccountOptionProblem[] = [];
      const offered = Array.isArray(caps.privacyLevelOptions) ? caps.privacyLevelOptions.filter((o): o is string => typeof o === 'string') : [];
      const privacy = options.privacyLevel;
      if (typeof privacy === 'string' && offered.length > 0 && !offered.includes(privacy)) {
        problems.push({
          option: 'privacyLevel',
          message: `TikTok: @${handle} does not allow ${privacy}; choose one of ${offered.join(', ')}`,
          allowed: offered,
        });
      }
      for (const [option, flag, what] of INTERACTIONS) {
        if (caps[flag] === true && options[option] === false)
          problems.push({ option, message: `TikTok: @${handle} has turned ${what} off; ${option} must be true`, allowed: [true] });
      }
      return problems;
    },
    /** A re-post has nobody to pick who can see it: the privacy level must be given, and allowed. */
    checkUnattended(options, caps, handle) {
      const allowed = Array.isArray(caps.privacyLevelOptions) ? caps.privacyLevelOptions.filter((o): o is string => typeof o === 'string') : [];
      const level = options.privacyLevel;
      if (typeof level !== 'string' || !level)
        return [
          {
            option: 'privacyLevel',
            message: `TikTok targets need a privacy level${allowed.length ? ` (@${handle} allows ${allowed.join(', ')})` : ''}`,
            allowed,
          },
        ];
      if (allowed.length && !allowed.includes(level))
        return [{ option: 'privacyLevel', message: `@${handle} allows ${allowed.join(', ')}, not ${level}`, allowed }];
      return [];
    },
  },
  caption: { maxLength: caption.maxLength, counting: caption.counting, check: (text) => checkCaption('tiktok', text) },
  media: {
    containers: TIKTOK_MEDIA_RULES.containers,
    maxDurationSec: TIKTOK_MEDIA_RULES.maxDurationSec,
    maxBytes: TIKTOK_MEDIA_RULES.maxBytes,
    check: (probe, limits) => checkMediaQuality(probe, 'tiktok', limits),
  },
  oauth: {
    flavour: 'TikTok Login Kit v2 (authorization code)',
    scopes: OAUTH_SCOPES,
    refresh: 'refresh_token',
    recheckProfile: true,
    source: 'platform-apis.md §2',
    createProvider: (deps) => new TikTokOAuth(deps, OAUTH_SCOPES),
  },
  errors: { api: TIKTOK_API_ERRORS, failReasons: TIKTOK_FAIL_REASONS, local: TIKTOK_LOCAL_ERRORS },
  links: {
    lookupLimitKey: 'tiktok:status',
    deadlineReason: 'TikTok did not make the post public within 72 h (moderation, or the post is not public), so it has no public link.',
  },
  publishInput({ caption, media, options, account, settings, mediaUrlUnder }) {
    const allowed = Array.isArray(account.capabilities.privacyLevelOptions) ? (account.capabilities.privacyLevelOptions as TikTokPrivacyLevel[]) : [];
    const privacyLevel = options.privacyLevel ?? (allowed.includes('PUBLIC_TO_EVERYONE') ? 'PUBLIC_TO_EVERYONE' : (allowed[0] ?? 'SELF_ONLY'));
    return {
      caption,
      media,
      options: {
        privacyLevel,
        disableComment: options.disableComment,
        disableDuet: options.disableDuet,
        disableStitch: options.disableStitch,
        brandContentToggle: options.brandContentToggle ?? false,
        brandOrganicToggle: options.brandOrganicToggle,
        isAigc: options.isAigc,
        videoCoverTimestampMs: options.videoCoverTimestampMs,
        // PULL_FROM_URL only when the link the app resolved (never a URL from the user) is under a
        // prefix the operator verified with TikTok (§1.5); otherwise TikTok would refuse it.
        source: mediaUrlUnder(settings.pullVerifiedPrefixes) ? 'PULL_FROM_URL' : 'FILE_UPLOAD',
      },
    };
  },
  createPublisher: ({ tokenProvider, settings }) => createTikTokPublisher({ tokenProvider, tiktokApiBaseUrl: settings.apiBaseUrl }),
  analytics: {
    requiredScopes: ['video.list'],
    batchSize: TIKTOK_ANALYTICS_BATCH,
    metricNames: TIKTOK_METRIC_NAMES,
    // Display API: 600 requests/min; one unit per video/query or video/list call.
    budget: { key: 'tiktok:analytics', scope: 'token', limit: 600, windowMs: 60_000, steps: [], source: 'platform-apis.md §10' },
    source: 'platform-apis.md §10 (video/query, video/list)',
    createClient: ({ tokenProvider, settings, clock, requestTimeoutMs }) =>
      createTikTokAnalyticsClient({
        tokenProvider,
        apiBaseUrl: settings.apiBaseUrl,
        ...(clock ? { clock } : {}),
        ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
      }),
  },
};

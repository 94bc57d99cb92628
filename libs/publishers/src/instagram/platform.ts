import { CAPTION_LIMITS, checkCaption, checkMediaQuality, REELS_MEDIA_RULES } from '@mwr/domain';

import type { PlatformDescriptor } from '../platform.js';
import { createInstagramAnalyticsClient, INSTAGRAM_METRIC_NAMES } from './analytics.js';
import { INSTAGRAM_AUTH_SUBCODES, INSTAGRAM_CODES, INSTAGRAM_LOCAL_ERRORS, INSTAGRAM_SUBCODES } from './errors.js';
import { InstagramFacebookOAuth } from './oauth-facebook.js';
import { InstagramOAuth } from './oauth.js';
import { INSTAGRAM_COMPOSER_OPTIONS, type InstagramPostOptions } from './options.js';
import { createInstagramPublisher, type InstagramCheckpoint, type InstagramStep } from './publisher.js';
import { INSTAGRAM_SETTINGS } from './settings.js';
import { FACEBOOK_LOGIN, instagramHashtagSource } from './trends.js';

const caption = CAPTION_LIMITS.instagram;

/** What the connect flow asks for (Instagram API with Instagram Login, platform-apis.md §4.2). */
const OAUTH_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_messages',
  'instagram_business_manage_comments',
  // Our own media's insights (issue 21, platform-apis.md §10).
  'instagram_business_manage_insights',
] as const;

/** Facebook Login (platform-apis.md §4.1): the business account through the user's Pages; unlocks Hashtag Search (§11). */
const FACEBOOK_LOGIN_SCOPES = [
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_insights',
  'pages_show_list',
  'pages_read_engagement',
] as const;

/** Instagram Graph API, Reels through the Instagram Login flavour (platform-apis.md §3, §4.2). */
export const instagramPlatform: PlatformDescriptor<
  InstagramStep,
  InstagramCheckpoint,
  typeof INSTAGRAM_SETTINGS,
  typeof INSTAGRAM_COMPOSER_OPTIONS,
  InstagramPostOptions
> = {
  id: 'instagram',
  displayName: 'Instagram',
  settings: INSTAGRAM_SETTINGS,
  steps: {
    quota: 'pending',
    create_container: 'uploading',
    poll: 'processing',
    publish: 'processing',
    verify_publish: 'processing',
    permalink: 'processing',
  },
  mediaSteps: [],
  limits: [
    // The default; the operator may set INSTAGRAM_PUBLISH_QUOTA (the publishQuota setting).
    {
      key: 'instagram:publish',
      scope: 'account',
      limit: INSTAGRAM_SETTINGS.publishQuota.default,
      setting: 'publishQuota',
      windowMs: 24 * 3600_000,
      steps: ['publish'],
      source: 'platform-apis.md §3.7',
      waitMessage: 'Instagram publishing quota for the last 24 h is used up',
    },
  ],
  composer: {
    options: INSTAGRAM_COMPOSER_OPTIONS,
  },
  caption: {
    maxLength: caption.maxLength,
    counting: caption.counting,
    maxHashtags: caption.maxHashtags,
    maxMentions: caption.maxMentions,
    check: (text) => checkCaption('instagram', text),
  },
  media: {
    containers: REELS_MEDIA_RULES.containers,
    minDurationSec: REELS_MEDIA_RULES.minDurationSec,
    maxDurationSec: REELS_MEDIA_RULES.maxDurationSec,
    maxBytes: REELS_MEDIA_RULES.maxBytes,
    aspect: { min: REELS_MEDIA_RULES.minAspect, max: REELS_MEDIA_RULES.maxAspect, recommended: REELS_MEDIA_RULES.recommendedAspect },
    check: (probe) => checkMediaQuality(probe, 'instagram'),
  },
  oauth: {
    flavour: 'Business Login for Instagram (graph.instagram.com)',
    scopes: OAUTH_SCOPES,
    refresh: 'long_lived_exchange',
    recheckProfile: false,
    source: 'platform-apis.md §4.2',
    createProvider: (deps) => new InstagramOAuth(deps, OAUTH_SCOPES),
  },
  oauthFlavours: {
    [FACEBOOK_LOGIN]: {
      flavour: 'Facebook Login for Business (graph.facebook.com, through a Page)',
      scopes: FACEBOOK_LOGIN_SCOPES,
      refresh: 'long_lived_exchange',
      recheckProfile: false,
      source: 'platform-apis.md §3.1, §4.1',
      analyticsScopes: ['instagram_manage_insights'],
      createProvider: (deps) => new InstagramFacebookOAuth(deps, FACEBOOK_LOGIN_SCOPES),
    },
  },
  errors: { codes: INSTAGRAM_CODES, subcodes: INSTAGRAM_SUBCODES, authSubcodes: INSTAGRAM_AUTH_SUBCODES, local: INSTAGRAM_LOCAL_ERRORS },
  links: { deadlineReason: 'The platform gave no link for this post within 72 h.' },
  publishInput: ({ caption, media, options, account }) => ({
    caption,
    media,
    options: {
      igUserId: account.remoteAccountId,
      shareToFeed: options.shareToFeed,
      thumbOffsetMs: options.thumbOffsetMs,
      coverUrl: options.coverUrl,
      collaborators: options.collaborators,
      audioName: options.audioName,
    },
  }),
  createPublisher: ({ tokenProvider, settings, account }) =>
    createInstagramPublisher({
      tokenProvider,
      instagramGraphBaseUrl: settings.graphBaseUrl,
      facebookGraphBaseUrl: settings.facebookGraphBaseUrl,
      graphApiVersion: settings.graphApiVersion,
      // A Facebook Login account's token is a Facebook user token: only graph.facebook.com takes it (§3.1).
      flavour: account?.capabilities['loginFlavour'] === FACEBOOK_LOGIN ? 'facebook' : 'instagram',
    }),
  trendSources: [instagramHashtagSource],
  analytics: {
    requiredScopes: ['instagram_business_manage_insights'],
    // One media per insights call.
    batchSize: 1,
    metricNames: INSTAGRAM_METRIC_NAMES,
    // The Business Use Case budget is 4800 × impressions per 24 h (§3.10): a modest fixed share per account.
    budget: { key: 'instagram:analytics', scope: 'account', limit: 200, windowMs: 3_600_000, steps: [], source: 'platform-apis.md §3.10, §10' },
    source: 'platform-apis.md §10 (GET /{media-id}/insights)',
    createClient: ({ tokenProvider, settings, account, clock, requestTimeoutMs }) =>
      createInstagramAnalyticsClient({
        tokenProvider,
        // A Facebook Login account's token is a Facebook user token: only graph.facebook.com takes it (§3.1, §10).
        graphBaseUrl: account?.capabilities['loginFlavour'] === FACEBOOK_LOGIN ? settings.facebookGraphBaseUrl : settings.graphBaseUrl,
        graphApiVersion: settings.graphApiVersion,
        ...(clock ? { clock } : {}),
        ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
      }),
  },
};

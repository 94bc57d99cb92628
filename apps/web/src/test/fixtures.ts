import type { components } from '../shared/api/client';
import { parseLiveEvent } from '../shared/live/live-events';

export const systemInfoFixture: components['schemas']['SystemInfoDto'] = {
  name: 'Marketing War Room',
  version: '0.1.0',
  installationId: '3f0c2a4e-9b1d-4c7e-8a55-2d6f1b0e7c91',
  database: 'pglite',
  databaseVersion: 'PostgreSQL 17.4 on x86_64-pc-linux-gnu, compiled by emcc',
  migrations: 4,
  queueDriver: 'postgres',
  roles: ['api', 'worker', 'scheduler'],
  startedAt: '2025-11-25T20:00:00.000Z',
};

type Schemas = components['schemas'];

export const ownerId = '0b7f3c1e-5d2a-4e8b-9c61-7a3e2f1d4b50';
export const workspaceId = '6a1d9e2f-3b4c-4d5e-8f70-1a2b3c4d5e6f';

export const meFixture: Schemas['MeDto'] = {
  user: { id: ownerId, email: 'camille@example.com', name: 'Camille Martin', locale: 'en' },
  workspace: {
    id: workspaceId,
    name: 'Acme Marketing',
    slug: 'acme-marketing',
    timeZone: 'Europe/Paris',
    createdAt: '2025-11-25T20:00:00.000Z',
  },
  role: 'owner',
  workspaces: [
    {
      id: workspaceId,
      name: 'Acme Marketing',
      slug: 'acme-marketing',
      timeZone: 'Europe/Paris',
      createdAt: '2025-11-25T20:00:00.000Z',
      role: 'owner',
    },
    {
      id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      name: 'Side Project',
      slug: 'side-project',
      timeZone: 'UTC',
      createdAt: '2025-11-26T09:00:00.000Z',
      role: 'editor',
    },
  ],
};

export const membersFixture: Schemas['MemberDto'][] = [
  { userId: ownerId, email: 'camille@example.com', name: 'Camille Martin', role: 'owner', joinedAt: '2025-11-25T20:00:00.000Z', accountIds: null },
  {
    userId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    email: 'sam@example.com',
    name: 'Sam Lee',
    role: 'editor',
    joinedAt: '2025-11-26T10:00:00.000Z',
    accountIds: null,
  },
];

export const apiKeyFixture: Schemas['ApiKeyDto'] = {
  id: 'c0ffee00-1234-4abc-8def-0123456789ab',
  name: 'Zapier',
  prefix: 'mwr_a1B2c3D4',
  scopes: ['content:read'],
  createdAt: '2025-11-26T10:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  rateLimitPerMinute: null,
  effectiveRateLimitPerMinute: 600,
};

export const auditPageFixture: Schemas['AuditPageDto'] = {
  items: [
    {
      id: '2',
      workspaceId,
      action: 'api_key.created',
      actorUserId: ownerId,
      actorApiKeyId: null,
      targetType: 'api_key',
      targetId: apiKeyFixture.id,
      metadata: { name: 'Zapier' },
      at: '2025-11-26T10:00:00.000Z',
    },
    {
      id: '1',
      workspaceId,
      action: 'auth.setup',
      actorUserId: ownerId,
      actorApiKeyId: null,
      targetType: 'user',
      targetId: ownerId,
      metadata: {},
      at: '2025-11-25T20:00:00.000Z',
    },
  ],
  nextCursor: null,
};

export const tiktokAccountFixture: Schemas['SocialAccountDto'] = {
  id: 'a1a1a1a1-0000-4000-8000-000000000001',
  platform: 'tiktok',
  handle: 'acme.studio',
  displayName: 'Acme Studio',
  avatarUrl: 'https://cdn.example.com/avatars/acme.jpg',
  status: 'active',
  restriction: null,
  notices: [],
  accountType: 'BUSINESS',
  scopes: ['user.info.basic', 'video.publish'],
  capabilities: {},
  tokenExpiresAt: '2030-01-01T00:00:00.000Z',
  lastRefreshAt: '2025-11-26T08:00:00.000Z',
  lastRefreshError: null,
  waitingPosts: 0,
  createdAt: '2025-11-25T21:00:00.000Z',
};

export const instagramAccountFixture: Schemas['SocialAccountDto'] = {
  id: 'b2b2b2b2-0000-4000-8000-000000000002',
  platform: 'instagram',
  handle: 'acme_shop',
  displayName: null,
  avatarUrl: null,
  status: 'needs_reconnect',
  restriction: null,
  notices: [],
  accountType: 'BUSINESS',
  scopes: ['instagram_business_basic'],
  capabilities: {},
  tokenExpiresAt: '2025-11-20T00:00:00.000Z',
  lastRefreshAt: '2025-11-19T00:00:00.000Z',
  lastRefreshError: 'invalid_grant',
  waitingPosts: 0,
  createdAt: '2025-11-10T09:00:00.000Z',
};

export const warRoomStateFixture: Schemas['WarRoomStateDto'] = {
  generatedAt: '2030-01-01T10:00:00.000Z',
  eventId: '1042',
  queue: {
    counts: { queued: 0, active: 0, waitingRetry: 0, waitingPerson: 0, needsReview: 0 },
    upcoming: [],
    inFlight: [],
    recent: { items: [], nextCursor: null },
  },
  automations: [
    {
      key: 'ig_welcome_dm',
      enabled: false,
      config: { message: 'Thanks for reaching out!', requireOptIn: true, replyWithinHours: 24 },
      lastRunAt: null,
      updatedAt: null,
      updatedBy: null,
    },
    {
      key: 'tiktok_warmup',
      enabled: true,
      config: { postsPerDayByWeek: [2, 3, 4, 5], autoSpread: false, accountIds: [] },
      lastRunAt: '2030-01-01T09:00:00.000Z',
      updatedAt: '2029-12-31T09:00:00.000Z',
      updatedBy: ownerId,
    },
    {
      key: 'auto_reposter',
      enabled: false,
      config: { rules: [], maxPerDay: 1, lookbackDays: 30 },
      lastRunAt: null,
      updatedAt: null,
      updatedBy: null,
    },
  ],
  health: [],
  trends: [],
  alerts: [],
};

export function queueLaneFixture(patch: Partial<Schemas['QueueItemDto']> = {}): Schemas['QueueItemDto'] {
  return {
    publicationId: 'p1',
    contentItemId: 'c1',
    title: 'Launch video',
    accountId: tiktokAccountFixture.id,
    accountHandle: 'acme.studio',
    platform: 'tiktok',
    status: 'uploading',
    step: 'upload',
    progressBytes: 10,
    totalBytes: 100,
    needsReview: false,
    jobStatus: 'active',
    waitingOn: null,
    attempts: 1,
    runAt: '2030-01-01T10:00:00.000Z',
    errorCode: null,
    errorMessage: null,
    errorClass: null,
    permalink: null,
    postedAt: null,
    updatedAt: '2030-01-01T10:00:00.000Z',
    ...patch,
  };
}

export function accountHealthFixture(patch: Partial<Schemas['AccountHealthDto']> = {}): Schemas['AccountHealthDto'] {
  return {
    accountId: tiktokAccountFixture.id,
    platform: 'tiktok',
    handle: 'acme.studio',
    status: 'active',
    restriction: null,
    notices: [],
    token: {
      valid: true,
      expiresAt: '2099-01-01T00:00:00.000Z',
      expiresInSeconds: 10_000_000,
      refreshable: true,
      lastRefreshAt: '2030-01-01T08:00:00.000Z',
      lastRefreshError: null,
    },
    rateLimits: [{ name: 'tiktok:init', limit: 6, used: 1, remaining: 5, windowSeconds: 60 }],
    platformUsage: null,
    failures24h: { finished: 10, failed: 0, rate: 0 },
    cadence: { postsLast7Days: 5, targetPerWeek: 5, status: 'on_track' },
    lastError: null,
    ...patch,
  };
}

/** One target's publication as a content item lists it (`status: 'pending'` on TikTok unless patched). */
export function publicationFixture(id: string, patch: Partial<Schemas['PublicationDto']> = {}): Schemas['PublicationDto'] {
  return {
    id,
    accountId: tiktokAccountFixture.id,
    platform: 'tiktok',
    status: 'pending',
    errorCode: null,
    errorMessage: null,
    waitingOn: null,
    permalink: null,
    postedAt: null,
    remoteMediaId: null,
    updatedAt: '2030-01-01T10:00:00.000Z',
    ...patch,
  };
}

/** A content item posting to @acme.studio (TikTok) and @acme_shop (Instagram), with these publications. */
export function contentItemFixture(
  id: string,
  publications: Schemas['PublicationDto'][],
  patch: Partial<Schemas['ContentItemDto']> = {},
): Schemas['ContentItemDto'] {
  return {
    id,
    assetId: null,
    caption: `Post ${id}`,
    createdAt: '2030-01-01T09:00:00.000Z',
    duplicatedFrom: null,
    hashtags: [],
    options: {},
    publications,
    scheduledAt: '2030-01-01T10:00:00.000Z',
    scheduledAtLocal: '2030-01-01T11:00:00+01:00',
    status: 'publishing',
    targets: [
      { accountId: tiktokAccountFixture.id, handle: 'acme.studio', platform: 'tiktok', options: {} },
      { accountId: instagramAccountFixture.id, handle: 'acme_shop', platform: 'instagram', options: {} },
    ],
    timeZone: 'Europe/Paris',
    title: '',
    updatedAt: '2030-01-01T09:00:00.000Z',
    version: 1,
    ...patch,
  };
}

/** `GET /api/publications/{id}` for a publication: no job, no timeline unless patched. */
export function publicationDetailFixture(
  publication: Schemas['PublicationDto'],
  patch: Partial<Schemas['PublicationDetailDto']> = {},
): Schemas['PublicationDetailDto'] {
  return {
    ...publication,
    contentItemId: 'x',
    errorClass: null,
    job: null,
    linkReason: null,
    linkStatus: null,
    needsReview: false,
    progressBytes: null,
    remotePublishId: null,
    step: null,
    timeline: [],
    totalBytes: null,
    ...patch,
  };
}

/**
 * STATE_PATCH ops as the live stream delivers them: JSON text through `parseLiveEvent`. The spec
 * types an op's `value` as an empty object (`Record<string, never>`), so a real value can only
 * arrive this way, as it does in the browser.
 */
export function statePatchOps(ops: { op: Schemas['StatePatchOpDto']['op']; path: string; value?: unknown }[]): Schemas['StatePatchOpDto'][] {
  const event = parseLiveEvent('STATE_PATCH', JSON.stringify(ops), '1');
  if (event?.type !== 'STATE_PATCH') throw new Error(`not valid STATE_PATCH ops: ${JSON.stringify(ops)}`);
  return event.data;
}

/** GET /api/platforms as the API answers it (the registry's descriptors). */
export const platformsFixture: Schemas['PlatformListDto'] = {
  items: [
    {
      id: 'tiktok',
      displayName: 'TikTok',
      composer: {
        fields: [
          {
            name: 'privacyLevel',
            type: 'enum',
            labelKey: 'composer.tiktok.privacy',
            hidden: false,
            values: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'],
            capability: { name: 'privacyLevelOptions', effect: 'allowed_values' },
            valueLabelKeyPrefix: 'composer.tiktok.privacyLevels',
            unattended: {
              labelKey: 'botControl.reposter.privacyOf',
              placeholderKey: 'composer.tiktok.choosePrivacy',
              problemKey: 'botControl.reposter.problems.privacyLevel',
            },
          },
          {
            name: 'disableComment',
            type: 'boolean',
            labelKey: 'composer.options.disableComment',
            hidden: false,
            capability: { name: 'commentDisabled', effect: 'forces_true' },
          },
          {
            name: 'disableDuet',
            type: 'boolean',
            labelKey: 'composer.options.disableDuet',
            hidden: false,
            capability: { name: 'duetDisabled', effect: 'forces_true' },
          },
          {
            name: 'disableStitch',
            type: 'boolean',
            labelKey: 'composer.options.disableStitch',
            hidden: false,
            capability: { name: 'stitchDisabled', effect: 'forces_true' },
          },
          { name: 'brandContentToggle', type: 'boolean', labelKey: 'composer.tiktok.brandedContent', hidden: false, default: false },
          { name: 'brandOrganicToggle', type: 'boolean', labelKey: 'composer.tiktok.yourBrand', hidden: false },
          { name: 'isAigc', type: 'boolean', labelKey: 'composer.options.isAigc', hidden: true },
          { name: 'videoCoverTimestampMs', type: 'integer', labelKey: 'composer.options.coverFrame', hidden: true, min: 0, unit: 'ms' },
        ],
        rules: [
          {
            if: { field: 'brandContentToggle', equals: true },
            then: { field: 'privacyLevel', notIn: ['SELF_ONLY'] },
            message: 'TikTok: branded content cannot be private (SELF_ONLY)',
          },
        ],
      },
      caption: { maxLength: 2200, counting: 'utf16_units' },
      media: { containers: ['mp4', 'mov', 'webm'], maxDurationSec: 600, maxBytes: 4_294_967_296 },
    },
    {
      id: 'instagram',
      displayName: 'Instagram',
      composer: {
        fields: [
          { name: 'shareToFeed', type: 'boolean', labelKey: 'composer.instagram.shareToFeed', hidden: false, default: true },
          { name: 'thumbOffsetMs', type: 'integer', labelKey: 'composer.options.coverFrame', hidden: true, min: 0, unit: 'ms' },
          { name: 'coverUrl', type: 'url', labelKey: 'composer.options.coverUrl', hidden: true, protocols: ['https'] },
          {
            name: 'collaborators',
            type: 'list',
            labelKey: 'composer.options.collaborators',
            hidden: true,
            maxItems: 3,
            unique: true,
            itemPattern: '^[A-Za-z0-9._]{1,30}$',
            itemMessage: 'each collaborator must be a username without @',
          },
        ],
        rules: [],
      },
      caption: { maxLength: 2200, counting: 'characters', maxHashtags: 5, maxMentions: 20 },
      media: { containers: ['mp4', 'mov'], minDurationSec: 3, maxDurationSec: 900, maxBytes: 314_572_800, aspect: { min: 0.01, max: 10, recommended: 0.5625 } },
    },
  ],
};

/** One platform of `platformsFixture`. */
export function platformFixture(id: Schemas['PlatformDto']['id']): Schemas['PlatformDto'] {
  const platform = platformsFixture.items.find((p) => p.id === id);
  if (!platform) throw new Error(`no platform fixture for ${id}`);
  return platform;
}

import { guardedFetch } from '@mwr/net';

import type { Core, Ctx } from '../core/context.js';
import { randomDigits, sha256Hex } from '../core/ids.js';
import { windowed } from '../core/state.js';
import { json, type Reply } from '../http/reply.js';
import type { HostName, Route } from '../http/router.js';
import { sandboxAvatarUrl } from '../inspection/avatars.js';
import { probeMedia } from '../media/probe.js';
import { gfail, graphParams, objectMissing, ownAccount, requireGraphToken, selectFields, withUsage } from './common.js';
import { instagramFollowers } from './insights.js';
import { type InstagramContainer, type InstagramMedia } from './state.js';

const DAY = 86_400_000;

function publishScopes(host: HostName): string[] {
  return host === 'instagram-graph' ? ['instagram_business_content_publish'] : ['instagram_content_publish'];
}
function basicScopes(host: HostName): string[] {
  return host === 'instagram-graph' ? ['instagram_business_basic'] : ['instagram_basic'];
}

interface RangeResult {
  chunk: Buffer;
  total: number | undefined;
  complete: boolean;
}

/**
 * Simulated Meta crawler: downloads video_url with Range requests, through the SSRF guard (only
 * public addresses, or the exact origins the sandbox was told to allow).
 */
async function fetchRange(core: Core, url: string, start: number, size: number): Promise<RangeResult> {
  const res = await guardedFetch(url, {
    headers: { range: `bytes=${start}-${start + size - 1}`, 'user-agent': 'facebookexternalhit/1.1 (sandbox)' },
    timeoutMs: 30_000,
    maxBodyBytes: core.opts.instagram.maxDownloadBytes,
    allowedOrigins: core.opts.allowedFetchOrigins,
  });
  if (res.status !== 200 && res.status !== 206) {
    res.discard();
    throw new Error(`HTTP ${res.status}`);
  }
  const chunk = await res.buffer();
  if (res.status === 200) return { chunk, total: chunk.length, complete: true };
  const m = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
  const total = m?.[1] ? Number(m[1]) : undefined;
  return { chunk, total, complete: total !== undefined ? start + chunk.length >= total : chunk.length < size };
}

function countCaption(caption: string): { hashtags: number; mentions: number } {
  return { hashtags: (caption.match(/#[\p{L}\p{N}_]+/gu) ?? []).length, mentions: (caption.match(/@[\w.]+/g) ?? []).length };
}

/**
 * `trial_params` (platform-apis.md §3): JSON `{"graduation_strategy": "MANUAL" | "SS_PERFORMANCE"}`
 * makes the Reel a trial Reel (shown to non-followers first; MANUAL graduates from the app only,
 * SS_PERFORMANCE when it does well). An account without trial Reels gets subcode 2207081 (as
 * Postiz reports it; the official table does not list it).
 */
function trialParams(raw: string, allowed: boolean): 'MANUAL' | 'SS_PERFORMANCE' {
  let strategy: unknown;
  try {
    strategy = (JSON.parse(raw) as { graduation_strategy?: unknown } | null)?.graduation_strategy;
  } catch {
    strategy = undefined;
  }
  if (strategy !== 'MANUAL' && strategy !== 'SS_PERFORMANCE')
    gfail(100, 'Param trial_params must be a JSON object with graduation_strategy MANUAL or SS_PERFORMANCE');
  if (!allowed) gfail(100, 'Trial reels are not available for this account.', { subcode: 2207081 });
  return strategy;
}

async function createContainer(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, publishScopes(ctx.host));
  ownAccount(ctx, auth, ctx.params['id'] ?? '');
  const p = await graphParams(ctx);
  const o = ctx.core.opts.instagram;
  const mediaType = p['media_type'];
  if (mediaType === 'VIDEO') gfail(100, 'The media type VIDEO is no longer supported for feed videos. Use REELS.', { subcode: 2207023 });
  if (mediaType !== 'REELS')
    gfail(100, `The media type ${mediaType ?? '(missing)'} is not supported by this sandbox: only media_type=REELS is simulated.`, { subcode: 2207023 });
  if (p['upload_type'] === 'resumable') {
    if (ctx.host === 'instagram-graph') gfail(100, 'The parameter video_url is required');
    gfail(100, 'upload_type=resumable is not simulated by this sandbox; use video_url.');
  }
  const videoUrl = p['video_url'];
  if (!videoUrl) gfail(100, 'The parameter video_url is required');
  const caption = p['caption'] ?? '';
  const counts = countCaption(caption);
  // platform-apis.md §11: at most 5 hashtags per Reel since 2025-12-18 (the refusal's shape is undocumented; this one is the caption refusal's).
  if (caption.length > 2200 || counts.hashtags > 5)
    gfail(36004, 'The caption is too long or has too many hashtags.', {
      subcode: 2207010,
      userTitle: 'Caption too long',
      userMsg: 'The caption must be at most 2200 characters with at most 5 hashtags.',
    });
  if (counts.mentions > 20) gfail(100, 'The caption has more than 20 @mentions.', { subcode: 2207040 });
  let thumbOffsetMs: number | undefined;
  if (p['thumb_offset'] !== undefined) {
    thumbOffsetMs = Number(p['thumb_offset']);
    if (!Number.isInteger(thumbOffsetMs) || thumbOffsetMs < 0) gfail(1, 'The thumbnail offset is out of range.', { subcode: 2207057 });
  }
  if (p['share_to_feed'] !== undefined && !['true', 'false'].includes(p['share_to_feed'])) gfail(100, 'Param share_to_feed must be a boolean');
  const audioName = p['audio_name'];
  const trialGraduationStrategy = p['trial_params'] !== undefined ? trialParams(p['trial_params'], auth.account.trialReels !== false) : undefined;
  const now = ctx.core.clock.now();
  const created = windowed(ctx.core.state.instagram.containerTimes, auth.account.igUserId, now, DAY);
  if (created.length >= o.containerCap24h) gfail(4, `(#4) Too many media containers: at most ${o.containerCap24h} per rolling 24 hours.`, { transient: true });
  let parsed: URL;
  try {
    parsed = new URL(videoUrl);
  } catch {
    gfail(9004, 'The media could not be fetched from this uri', {
      subcode: 2207052,
      userTitle: 'Media download has failed',
      userMsg: "The media URI doesn't meet our requirements.",
    });
  }
  // The first range is fetched synchronously: an unreachable URL fails container creation (9004/2207052).
  let first: RangeResult;
  try {
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('bad scheme');
    first = await fetchRange(ctx.core, videoUrl, 0, o.downloadRangeBytes);
  } catch {
    gfail(9004, 'The media could not be fetched from this uri', {
      subcode: 2207052,
      userTitle: 'Media download has failed',
      userMsg: "The media URI doesn't meet our requirements.",
    });
  }
  created.push(now);
  const container: InstagramContainer = {
    id: `17${randomDigits(15, false)}`,
    igUserId: auth.account.igUserId,
    appId: auth.token.appId,
    mediaType: 'REELS',
    videoUrl,
    caption,
    shareToFeed: p['share_to_feed'] !== 'false',
    ...(trialGraduationStrategy ? { trialGraduationStrategy } : {}),
    ...(thumbOffsetMs !== undefined ? { thumbOffsetMs } : {}),
    ...(audioName !== undefined ? { audioName } : {}),
    createdAt: now,
    statusCode: 'IN_PROGRESS',
    downloadDone: false,
    resumable: false,
    stuck: ctx.flags.stuck,
  };
  ctx.core.state.instagram.containers.set(container.id, container);
  const parts = [first.chunk];
  let received = first.chunk.length;
  const finish = (): void => {
    container.bytes = Buffer.concat(parts);
    container.downloadDone = true;
    container.readyAt = ctx.core.clock.now() + o.processingMs;
  };
  if (first.complete) finish();
  else {
    const rest = (async () => {
      try {
        for (;;) {
          if (received > o.maxDownloadBytes) throw new Error('too large');
          const next = await fetchRange(ctx.core, videoUrl, received, o.downloadRangeBytes);
          parts.push(next.chunk);
          received += next.chunk.length;
          if (next.complete || next.chunk.length === 0) break;
        }
        finish();
      } catch {
        container.statusCode = 'ERROR';
        container.errorSubcode = 2207052;
      }
    })();
    ctx.core.track(rest);
  }
  return json(200, { id: container.id });
}

export function tickInstagram(core: Core): void {
  const now = core.clock.now();
  const o = core.opts.instagram;
  for (const c of core.state.instagram.containers.values()) {
    if (c.statusCode !== 'PUBLISHED' && c.statusCode !== 'EXPIRED' && now >= c.createdAt + o.containerTtlMs) {
      c.statusCode = 'EXPIRED';
      delete c.bytes;
      continue;
    }
    if (c.statusCode !== 'IN_PROGRESS' || c.stuck || !c.downloadDone || c.readyAt === undefined || now < c.readyAt) continue;
    const bytes = c.bytes ?? Buffer.alloc(0);
    delete c.bytes;
    const probe = probeMedia(bytes);
    if (!probe.ok || probe.container === 'webm') {
      c.statusCode = 'ERROR';
      c.errorSubcode = 2207026;
      continue;
    }
    if (probe.durationSec < o.minDurationSec || probe.durationSec > o.maxDurationSec) {
      c.statusCode = 'ERROR';
      c.errorSubcode = 2207026;
      continue;
    }
    if (c.thumbOffsetMs !== undefined && c.thumbOffsetMs >= probe.durationSec * 1000) {
      c.statusCode = 'ERROR';
      c.errorSubcode = 2207057;
      continue;
    }
    c.sha256 = sha256Hex(bytes);
    c.statusCode = 'FINISHED';
  }
}

const STATUS_TEXT: Record<string, string> = {
  IN_PROGRESS: 'In Progress: Media is still being processed.',
  FINISHED: 'Finished: Media has been uploaded and it is ready to be published.',
  PUBLISHED: 'Published: Media has been successfully published.',
  EXPIRED: 'Expired: Media was not published within 24 hours.',
};

function shortcode(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let s = 'D';
  for (let i = 0; i < 10; i++) s += abc[Math.floor(Math.random() * abc.length)] ?? 'x';
  return s;
}

async function publish(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, publishScopes(ctx.host));
  ownAccount(ctx, auth, ctx.params['id'] ?? '');
  const p = await graphParams(ctx);
  const id = p['creation_id'];
  if (!id) gfail(100, 'The parameter creation_id is required');
  const ig = ctx.core.state.instagram;
  const c = ig.containers.get(id);
  if (!c || c.igUserId !== auth.account.igUserId) gfail(24, 'The media with the given id was not found.', { subcode: 2207006, userTitle: 'Media not found' });
  if (c.statusCode === 'PUBLISHED') gfail(506, '(#506) This media container has already been published.', { userTitle: 'Duplicate post' });
  if (c.statusCode === 'EXPIRED') gfail(-2, 'The media container has expired.', { subcode: 2207020, userTitle: 'Media expired' });
  if (c.statusCode === 'ERROR') gfail(-1, 'The media container failed processing; create a new container.', { subcode: 2207053 });
  if (c.statusCode === 'IN_PROGRESS')
    gfail(9007, 'Media ID is not available', {
      subcode: 2207027,
      userTitle: 'Media not ready',
      userMsg: 'The media is not ready for publishing, please wait for a moment.',
    });
  const now = ctx.core.clock.now();
  const published = windowed(ig.publishTimes, auth.account.igUserId, now, DAY);
  if (published.length >= ctx.core.opts.instagram.publishQuota) {
    gfail(9, 'Application request limit reached', {
      subcode: 2207042,
      userTitle: 'Publishing limit reached',
      userMsg: 'The account has reached its daily publishing limit.',
    });
  }
  published.push(now);
  const media: InstagramMedia = {
    id: `18${randomDigits(15, false)}`,
    igUserId: c.igUserId,
    containerId: c.id,
    caption: c.caption,
    shortcode: shortcode(),
    publishedAt: now,
    sha256: c.sha256 ?? '',
    ...(c.audioName !== undefined ? { audioName: c.audioName } : {}),
  };
  ig.media.set(media.id, media);
  c.statusCode = 'PUBLISHED';
  c.mediaId = media.id;
  ctx.core.state.publicPosts.push({
    platform: 'instagram',
    accountId: c.igUserId,
    postId: media.id,
    sourceId: c.id,
    sha256: media.sha256,
    caption: c.caption,
    publishedAt: now,
  });
  return json(200, { id: media.id });
}

async function publishingLimit(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, basicScopes(ctx.host));
  ownAccount(ctx, auth, ctx.params['id'] ?? '');
  const p = await graphParams(ctx);
  const now = ctx.core.clock.now();
  let since = now - DAY;
  if (p['since'] !== undefined) {
    const s = Number(p['since']) * 1000;
    if (!Number.isFinite(s) || s < now - DAY) gfail(100, 'The since parameter must be a unix timestamp no older than 24 hours.');
    since = s;
  }
  const fields = (p['fields'] ?? 'quota_usage').split(',').map((f) => f.trim());
  const unknown = fields.filter((f) => !['quota_usage', 'config', 'rate_limit_settings'].includes(f));
  if (unknown.length) gfail(100, `(#100) Tried accessing nonexisting field (${unknown.join(',')}) on node type (ContentPublishingLimit)`);
  const usage = windowed(ctx.core.state.instagram.publishTimes, auth.account.igUserId, now, DAY).filter((t) => t >= since).length;
  const row: Record<string, unknown> = {};
  if (fields.includes('quota_usage')) row['quota_usage'] = usage;
  if (fields.includes('config') || fields.includes('rate_limit_settings'))
    row['config'] = { quota_total: ctx.core.opts.instagram.publishQuota, quota_duration: 86400 };
  return json(200, { data: [row] });
}

function userValues(
  ctx: Ctx,
  account: { igUserId: string; appScopedUserId: string; username: string; name: string; accountType: string },
): Record<string, unknown> {
  const media = [...ctx.core.state.instagram.media.values()].filter((m) => m.igUserId === account.igUserId);
  return {
    id: ctx.host === 'instagram-graph' ? account.appScopedUserId : account.igUserId,
    user_id: account.igUserId,
    username: account.username,
    name: account.name,
    account_type: account.accountType,
    profile_picture_url: sandboxAvatarUrl(ctx, account.username),
    // Grows daily from 1200 at the sandbox start (insights.ts, issue 21).
    followers_count: instagramFollowers(ctx.core, account.igUserId),
    follows_count: 80,
    media_count: media.length,
    biography: '',
    website: '',
  };
}

async function me(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, basicScopes(ctx.host));
  const p = await graphParams(ctx);
  if (ctx.host === 'facebook-graph') {
    return json(200, selectFields(ctx, p, 'User', { id: `fbuser_${auth.account.pageId}`, name: auth.account.name }, ['id', 'name']));
  }
  return json(200, selectFields(ctx, p, 'User', userValues(ctx, auth.account), ['id']));
}

async function meAccounts(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, ['pages_show_list', 'pages_read_engagement']);
  const a = auth.account;
  const page = {
    id: a.pageId,
    name: a.pageName,
    access_token: auth.token.token,
    tasks: ['MANAGE', 'CREATE_CONTENT', 'MESSAGING'],
    instagram_business_account: { id: a.igUserId },
  };
  return json(200, { data: [page], paging: { cursors: { before: 'QVFIU', after: 'QVFIU' } } });
}

async function getNode(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, basicScopes(ctx.host));
  const p = await graphParams(ctx);
  const id = ctx.params['id'] ?? '';
  const ig = ctx.core.state.instagram;
  const c = ig.containers.get(id);
  if (c) {
    if (c.igUserId !== auth.account.igUserId) objectMissing(id, ctx.method);
    const status = c.statusCode === 'ERROR' ? String(c.errorSubcode ?? 2207001) : STATUS_TEXT[c.statusCode];
    return json(
      200,
      selectFields(ctx, p, 'ShadowIGMediaBuilder', { id: c.id, status_code: c.statusCode, status, copyright_check_status: undefined, video_status: undefined }),
    );
  }
  const m = ig.media.get(id);
  if (m) {
    if (m.igUserId !== auth.account.igUserId) objectMissing(id, ctx.method);
    const account = ig.accounts.get(m.igUserId);
    const comments = [...ig.comments.values()].filter((x) => x.mediaId === m.id).length;
    return json(
      200,
      selectFields(ctx, p, 'IGMedia', {
        id: m.id,
        permalink: `https://www.instagram.com/reel/${m.shortcode}/`,
        shortcode: m.shortcode,
        caption: m.caption,
        media_type: 'VIDEO',
        media_product_type: 'REELS',
        media_url: `https://scontent.cdninstagram.com/sandbox/${m.id}.mp4`,
        thumbnail_url: `https://scontent.cdninstagram.com/sandbox/${m.id}.jpg`,
        timestamp: new Date(m.publishedAt).toISOString().replace(/\.\d{3}Z$/, '+0000'),
        username: account?.username,
        owner: { id: m.igUserId },
        like_count: 0,
        comments_count: comments,
        is_shared_to_feed: true,
      }),
    );
  }
  const a = auth.account;
  if (id === a.igUserId || id === a.appScopedUserId) return json(200, selectFields(ctx, p, 'User', userValues(ctx, a)));
  if (id === a.pageId && ctx.host === 'facebook-graph')
    return json(200, selectFields(ctx, p, 'Page', { id: a.pageId, name: a.pageName, instagram_business_account: { id: a.igUserId } }, ['id', 'name']));
  return objectMissing(id, ctx.method);
}

async function listMedia(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, basicScopes(ctx.host));
  ownAccount(ctx, auth, ctx.params['id'] ?? '');
  const data = [...ctx.core.state.instagram.media.values()]
    .filter((m) => m.igUserId === auth.account.igUserId)
    .reverse()
    .map((m) => ({ id: m.id }));
  return json(200, { data });
}

export function instagramPublishingRoutes(): Route[] {
  const routes: Route[] = [];
  for (const host of ['instagram-graph', 'facebook-graph'] as const) {
    const prefix = host === 'instagram-graph' ? 'instagram' : 'facebook';
    routes.push(
      { host, method: 'GET', path: '/me', endpoint: `${prefix}.me`, handler: withUsage(me) },
      { host, method: 'POST', path: '/:id/media', endpoint: `${prefix}.media.create`, handler: withUsage(createContainer) },
      { host, method: 'GET', path: '/:id/media', endpoint: `${prefix}.media.list`, handler: withUsage(listMedia) },
      { host, method: 'POST', path: '/:id/media_publish', endpoint: `${prefix}.media_publish`, handler: withUsage(publish) },
      { host, method: 'GET', path: '/:id/content_publishing_limit', endpoint: `${prefix}.content_publishing_limit`, handler: withUsage(publishingLimit) },
    );
    if (host === 'facebook-graph') routes.push({ host, method: 'GET', path: '/me/accounts', endpoint: 'facebook.me.accounts', handler: withUsage(meAccounts) });
  }
  return routes;
}

export function instagramNodeRoutes(): Route[] {
  return (['instagram-graph', 'facebook-graph'] as const).map((host) => ({
    host,
    method: 'GET',
    path: '/:id',
    endpoint: `${host === 'instagram-graph' ? 'instagram' : 'facebook'}.node`,
    handler: withUsage(getNode),
  }));
}

import type { Ctx } from '../core/context.js';
import { randomDigits, randomToken } from '../core/ids.js';
import { windowed } from '../core/state.js';
import { Int64, json, stringifyWithInt64, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { sandboxAvatarUrl } from '../inspection/avatars.js';
import { postIdWithheld } from './analytics.js';
import { fail, jsonBody, privacyOptions, rateLimit, requireToken, type TikTokAuth } from './common.js';
import { tiktokOk } from './envelope.js';
import { failPublish, startPull } from './processing.js';
import { type TikTokPublish } from './state.js';

const DAY = 86_400_000;
const PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'];

function dailyPosts(ctx: Ctx, openId: string): number[] {
  return windowed(ctx.core.state.tiktok.postTimes, openId, ctx.core.clock.now(), DAY);
}

function activeUsers(ctx: Ctx, clientKey: string): Map<string, number> {
  const all = ctx.core.state.tiktok.activeUsers;
  const m = all.get(clientKey) ?? new Map<string, number>();
  for (const [k, t] of m) if (t <= ctx.core.clock.now() - DAY) m.delete(k);
  all.set(clientKey, m);
  return m;
}

/** Business blocks shared by creator_info (HTTP 200) and init (HTTP 403). */
function businessBlock(ctx: Ctx, auth: TikTokAuth): { code: string; message: string } | undefined {
  if (auth.creator.bannedFromPosting) return { code: 'spam_risk_user_banned_from_posting', message: 'This user is banned from posting.' };
  if (dailyPosts(ctx, auth.creator.openId).length >= ctx.core.opts.tiktok.dailyPostCap) {
    return { code: 'spam_risk_too_many_posts', message: 'The daily post cap from the API has been reached for this user.' };
  }
  if (!auth.client.audited) {
    const users = activeUsers(ctx, auth.client.clientKey);
    if (!users.has(auth.creator.openId) && users.size >= ctx.core.opts.tiktok.unauditedActiveUserCap) {
      return { code: 'reached_active_user_cap', message: 'The daily quota of active publishing users for this client has been reached.' };
    }
  }
  return undefined;
}

function creatorInfo(ctx: Ctx): Reply {
  const auth = requireToken(ctx, ['video.publish']);
  rateLimit(ctx, auth, 'creatorInfo');
  const block = businessBlock(ctx, auth);
  if (block) fail(200, block.code, block.message);
  const c = auth.creator;
  const avatar = c.avatarUrl ?? sandboxAvatarUrl(ctx, c.username);
  return json(
    200,
    tiktokOk({
      creator_avatar_url: avatar,
      creator_username: c.username,
      creator_nickname: c.displayName,
      privacy_level_options: privacyOptions(c, auth.client, ctx.core.opts.tiktok.unauditedCreatorInfo),
      comment_disabled: c.commentDisabled,
      duet_disabled: c.privateAccount || c.duetDisabled,
      stitch_disabled: c.privateAccount || c.stitchDisabled,
      max_video_post_duration_sec: c.maxVideoPostDurationSec,
    }),
  );
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

interface FileSource {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

/** §1.4 chunk rules. Returns an error message or undefined. */
export function checkChunkPlan(o: Ctx['core']['opts']['tiktok'], s: FileSource): string | undefined {
  const { videoSize, chunkSize, totalChunkCount } = s;
  if (videoSize <= 0 || chunkSize <= 0 || totalChunkCount <= 0) return 'video_size, chunk_size and total_chunk_count must be positive integers.';
  if (videoSize > o.maxVideoBytes) return `video_size exceeds ${o.maxVideoBytes} bytes.`;
  if (chunkSize > videoSize) return 'chunk_size must not exceed video_size.';
  if (totalChunkCount !== Math.floor(videoSize / chunkSize))
    return `total_chunk_count must be floor(video_size / chunk_size) = ${Math.floor(videoSize / chunkSize)}.`;
  if (totalChunkCount > o.maxChunkCount) return `total_chunk_count must be between 1 and ${o.maxChunkCount}.`;
  if (totalChunkCount === 1) {
    if (chunkSize !== videoSize) return 'A single-chunk upload must have chunk_size equal to video_size.';
    if (videoSize > o.maxChunkBytes) return `A video over ${o.maxChunkBytes} bytes must be uploaded in several chunks.`;
    return undefined;
  }
  if (chunkSize < o.minChunkBytes || chunkSize > o.maxChunkBytes) return `chunk_size must be between ${o.minChunkBytes} and ${o.maxChunkBytes} bytes.`;
  const last = videoSize - chunkSize * (totalChunkCount - 1);
  if (last > o.maxLastChunkBytes) return `The last chunk (${last} bytes) exceeds ${o.maxLastChunkBytes} bytes.`;
  return undefined;
}

function urlVerified(client: TikTokAuth['client'], raw: string, requireHttps: boolean): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && (requireHttps || u.protocol !== 'http:')) return false;
  if (client.verifiedUrlPrefixes.some((p) => raw.startsWith(p))) return true;
  return client.verifiedDomains.some((d) => u.hostname === d || u.hostname.endsWith(`.${d}`));
}

async function init(ctx: Ctx, mode: 'direct' | 'inbox'): Promise<Reply> {
  const auth = requireToken(ctx, [mode === 'direct' ? 'video.publish' : 'video.upload']);
  rateLimit(ctx, auth, 'init');
  const body = await jsonBody(ctx);
  const o = ctx.core.opts.tiktok;
  const postInfo = body['post_info'];
  const sourceInfo = body['source_info'];
  if (!sourceInfo || typeof sourceInfo !== 'object' || Array.isArray(sourceInfo)) fail(400, 'invalid_param', 'source_info is required.');
  const src = sourceInfo as Record<string, unknown>;
  let title = '';
  let privacyLevel: string | undefined;
  if (mode === 'direct') {
    if (!postInfo || typeof postInfo !== 'object' || Array.isArray(postInfo)) fail(400, 'invalid_param', 'post_info is required.');
    const pi = postInfo as Record<string, unknown>;
    if (pi['title'] !== undefined && typeof pi['title'] !== 'string') fail(400, 'invalid_param', 'post_info.title must be a string.');
    title = (pi['title'] as string | undefined) ?? '';
    if (title.length > 2200) fail(400, 'invalid_param', 'post_info.title must be at most 2200 UTF-16 code units.');
    for (const k of ['disable_duet', 'disable_stitch', 'disable_comment', 'brand_content_toggle', 'brand_organic_toggle', 'is_aigc']) {
      if (pi[k] !== undefined && typeof pi[k] !== 'boolean') fail(400, 'invalid_param', `post_info.${k} must be a boolean.`);
    }
    if (o.requireBrandContentToggle && pi['brand_content_toggle'] === undefined) fail(400, 'invalid_param', 'post_info.brand_content_toggle is required.');
    if (pi['video_cover_timestamp_ms'] !== undefined && !isInt(pi['video_cover_timestamp_ms']))
      fail(400, 'invalid_param', 'post_info.video_cover_timestamp_ms must be an integer.');
    const pl = pi['privacy_level'];
    if (pl !== undefined && (typeof pl !== 'string' || !PRIVACY_LEVELS.includes(pl)))
      fail(400, 'invalid_param', `post_info.privacy_level must be one of ${PRIVACY_LEVELS.join(', ')}.`);
    if (!auth.client.audited && !auth.creator.privateAccount) {
      fail(403, 'unaudited_client_can_only_post_to_private_accounts', 'Unaudited clients can only post to a private account.');
    }
    const options = privacyOptions(auth.creator, auth.client, 'self_only');
    const effective = auth.client.audited ? privacyOptions(auth.creator, auth.client, 'all') : options;
    if (typeof pl !== 'string' || !effective.includes(pl)) {
      fail(403, 'privacy_level_option_mismatch', `privacy_level must be one of the creator's privacy_level_options: ${effective.join(', ')}.`);
    }
    privacyLevel = pl;
    if (o.rejectPrivateBrandedContent && pi['brand_content_toggle'] === true && pl === 'SELF_ONLY')
      fail(400, 'invalid_param', 'Branded content cannot be private.');
  }
  const source = src['source'];
  if (source !== 'FILE_UPLOAD' && source !== 'PULL_FROM_URL') fail(400, 'invalid_param', 'source_info.source must be FILE_UPLOAD or PULL_FROM_URL.');
  let file: FileSource | undefined;
  if (source === 'FILE_UPLOAD') {
    const videoSize = src['video_size'];
    const chunkSize = src['chunk_size'];
    const totalChunkCount = src['total_chunk_count'];
    if (!isInt(videoSize) || !isInt(chunkSize) || !isInt(totalChunkCount))
      fail(400, 'invalid_param', 'source_info.video_size, chunk_size and total_chunk_count are required integers for FILE_UPLOAD.');
    file = { videoSize, chunkSize, totalChunkCount };
    const problem = checkChunkPlan(o, file);
    if (problem) fail(400, 'invalid_param', problem);
  } else {
    const videoUrl = src['video_url'];
    if (typeof videoUrl !== 'string' || !videoUrl) fail(400, 'invalid_param', 'source_info.video_url is required for PULL_FROM_URL.');
    if (!urlVerified(auth.client, videoUrl, o.requireHttpsPullUrls)) {
      fail(403, 'url_ownership_unverified', 'The video_url is not under a verified domain or URL prefix of this client.');
    }
  }
  const block = businessBlock(ctx, auth);
  if (block) fail(403, block.code, block.message);
  if (mode === 'inbox') {
    const pending = [...ctx.core.state.tiktok.publishes.values()].filter(
      (p) =>
        p.mode === 'inbox' &&
        p.openId === auth.creator.openId &&
        p.status !== 'PUBLISH_COMPLETE' &&
        p.status !== 'FAILED' &&
        p.createdAt > ctx.core.clock.now() - DAY,
    );
    if (pending.length >= o.pendingShareCap) fail(403, 'spam_risk_too_many_pending_share', 'Too many pending shares for this user.');
  }

  const now = ctx.core.clock.now();
  const isFile = source === 'FILE_UPLOAD';
  const publishId = isFile ? `v_inbox_file~v2.${randomDigits(19)}` : `v_inbox_url~v2.${randomDigits(19)}`;
  const publish: TikTokPublish = {
    publishId: mode === 'direct' ? (isFile ? `v_pub_file~v2-1.${randomDigits(19)}` : `v_pub_url~v2.${randomDigits(19)}`) : publishId,
    grantId: auth.grant.id,
    clientKey: auth.client.clientKey,
    openId: auth.creator.openId,
    mode,
    source,
    ...(privacyLevel ? { privacyLevel } : {}),
    title,
    status: isFile ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
    createdAt: now,
    videoSize: file?.videoSize ?? 0,
    chunkSize: file?.chunkSize ?? 0,
    totalChunkCount: file?.totalChunkCount ?? 0,
    uploadedBytes: 0,
    chunks: [],
    downloadedBytes: 0,
    downloadDone: false,
    stuck: ctx.flags.stuck,
    cancelled: false,
  };
  ctx.core.state.tiktok.publishes.set(publish.publishId, publish);
  if (mode === 'direct') dailyPosts(ctx, auth.creator.openId).push(now);
  activeUsers(ctx, auth.client.clientKey).set(auth.creator.openId, now);
  if (!isFile) {
    publish.videoUrl = src['video_url'] as string;
    startPull(ctx.core, publish);
    return json(200, tiktokOk({ publish_id: publish.publishId }));
  }
  publish.uploadId = randomDigits(19);
  publish.uploadToken = randomToken('', 24);
  publish.uploadUrlExpiresAt = now + o.uploadUrlTtlMs;
  ctx.core.state.tiktok.uploads.set(publish.uploadId, publish.publishId);
  const uploadUrl = `${ctx.core.urls(ctx.origin).tiktokUploadBaseUrl}/video/?upload_id=${publish.uploadId}&upload_token=${publish.uploadToken}`;
  return json(200, tiktokOk({ publish_id: publish.publishId, upload_url: uploadUrl }));
}

async function ownedPublish(ctx: Ctx, auth: TikTokAuth): Promise<TikTokPublish> {
  const body = await jsonBody(ctx);
  const id = body['publish_id'];
  if (typeof id !== 'string' || !id) fail(400, 'invalid_param', 'publish_id is required.');
  const p = ctx.core.state.tiktok.publishes.get(id);
  if (!p) fail(400, 'invalid_publish_id', 'The publish_id does not exist.');
  if (p.openId !== auth.creator.openId || p.clientKey !== auth.client.clientKey)
    fail(400, 'token_not_authorized_for_specified_publish_id', 'The access token is not authorized for this publish_id.');
  return p;
}

async function status(ctx: Ctx): Promise<Reply> {
  const auth = requireToken(ctx, ['video.upload', 'video.publish']);
  rateLimit(ctx, auth, 'status');
  const p = await ownedPublish(ctx, auth);
  const data: Record<string, unknown> = { status: p.status };
  if (p.status === 'FAILED') data['fail_reason'] = p.failReason ?? 'internal';
  // Late-id mode (analytics.ts): some public posts never get their id here, as on the real API.
  data['publicaly_available_post_id'] = p.publicAt !== undefined && p.postId && !postIdWithheld(ctx.core, p) ? [new Int64(p.postId)] : [];
  if (p.source === 'FILE_UPLOAD') data['uploaded_bytes'] = p.uploadedBytes;
  else data['downloaded_bytes'] = p.downloadedBytes;
  return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: stringifyWithInt64(tiktokOk(data)) };
}

async function cancel(ctx: Ctx): Promise<Reply> {
  const auth = requireToken(ctx, ['video.upload', 'video.publish']);
  const p = await ownedPublish(ctx, auth);
  if (p.source !== 'PULL_FROM_URL' || p.status !== 'PROCESSING_DOWNLOAD' || p.downloadDone) {
    fail(400, 'publish_not_cancellable', 'This publish can no longer be cancelled.');
  }
  p.cancelled = true;
  failPublish(ctx.core, p, 'publish_cancelled');
  const ok = tiktokOk({});
  return json(200, { error: ok.error });
}

export function tiktokPostingRoutes(): Route[] {
  return [
    { host: 'tiktok', method: 'POST', path: '/v2/post/publish/creator_info/query/', endpoint: 'tiktok.creator_info', handler: creatorInfo },
    { host: 'tiktok', method: 'POST', path: '/v2/post/publish/video/init/', endpoint: 'tiktok.video.init', handler: (ctx) => init(ctx, 'direct') },
    { host: 'tiktok', method: 'POST', path: '/v2/post/publish/inbox/video/init/', endpoint: 'tiktok.inbox.init', handler: (ctx) => init(ctx, 'inbox') },
    { host: 'tiktok', method: 'POST', path: '/v2/post/publish/status/fetch/', endpoint: 'tiktok.status', handler: status },
    { host: 'tiktok', method: 'POST', path: '/v2/post/publish/cancel/', endpoint: 'tiktok.cancel', handler: cancel },
  ];
}

/**
 * TikTok Display API for our own posts' analytics (issue 21, platform-apis.md §10):
 * `POST /v2/video/list/` and `POST /v2/video/query/`, scope `video.list`, the token's own public
 * posts only, counted in the Display API's 600 requests/min per token (§1.10, the bucket
 * `/v2/user/info/` uses). Each video's counts grow with the simulated clock (metrics-growth.ts).
 *
 * Also the "late post id" mode (status/fetch says PUBLISH_COMPLETE but never fills
 * `publicaly_available_post_id`, as the real API does for some posts, §1.6) and bulk seeding of
 * live posts for the analytics benchmark.
 */
import type { Core, Ctx } from '../core/context.js';
import type { SandboxState } from '../core/state.js';
import { json, ReplyError, type Reply } from '../http/reply.js';
import type { HostName, Route } from '../http/router.js';
import { guard, jsonBody as inspectionBody, inspectionRoute as r } from '../inspection/helpers.js';
import { redact } from '../inspection/redact.js';
import { digitsFromHash, growthProfile, numbersAtAge, unitHash } from '../metrics-growth.js';
import { rateLimit, requireToken } from './common.js';
import { tiktokOk, tiktokReply } from './envelope.js';
import { issueTokens, TIKTOK_SCOPES } from './oauth.js';
import type { TikTokCreatorSeed } from './options.js';
import type { TikTokGrant, TikTokPublish } from './state.js';

const DAY = 86_400_000;
const MAX_COUNT = 20;
const DEFAULT_COUNT = 10;

/** The fields platform-apis.md §10 documents, plus the caption (issue 21 matches a late post by create time and caption). */
const DOCUMENTED_FIELDS = ['id', 'create_time', 'view_count', 'like_count', 'comment_count', 'share_count', 'duration', 'title', 'video_description'];
/** Fields of the real Video object the contract does not list: served in lenient mode, refused in strict mode. */
const LENIENT_FIELDS = ['cover_image_url', 'share_url', 'embed_link', 'width', 'height'];
const ALL_FIELDS = new Set([...DOCUMENTED_FIELDS, ...LENIENT_FIELDS]);

export type PostIdWithholding = 'none' | 'all' | number;

interface TikTokAnalyticsConfig {
  /** 'all', 'none', or the share (0–1) of public posts whose id status/fetch never returns (picked per publish_id from the seed). */
  withholdPostIds: PostIdWithholding;
  seededAccounts: number;
}

// Keyed by the state object, so sandbox.reset() (a new state) resets the mode too.
const configs = new WeakMap<SandboxState, TikTokAnalyticsConfig>();

function config(core: Core): TikTokAnalyticsConfig {
  let c = configs.get(core.state);
  if (!c) {
    c = { withholdPostIds: 'none', seededAccounts: 0 };
    configs.set(core.state, c);
  }
  return c;
}

export function setTikTokAnalytics(core: Core, input: { withholdPostIds?: unknown }): { withholdPostIds: PostIdWithholding } {
  const c = config(core);
  const w = input.withholdPostIds;
  if (w !== undefined) {
    if (w !== 'none' && w !== 'all' && !(typeof w === 'number' && w >= 0 && w <= 1))
      throw new Error("withholdPostIds must be 'none', 'all' or a share between 0 and 1");
    c.withholdPostIds = w;
  }
  return { withholdPostIds: c.withholdPostIds };
}

/** Late-id mode: whether status/fetch keeps `publicaly_available_post_id` empty for this publish. */
export function postIdWithheld(core: Core, p: TikTokPublish): boolean {
  const w = config(core).withholdPostIds;
  if (w === 'none') return false;
  if (w === 'all') return true;
  return unitHash(`${core.opts.seed}|${p.publishId}|withhold`) < w;
}

export interface TikTokVideo {
  postId: string;
  publishId: string;
  openId: string;
  caption: string;
  /** Unique per creator (ms), the list's order and cursor. */
  createMs: number;
  /** When the post became public (moderation passed): its numbers grow from here. */
  liveAt: number;
}

/**
 * The creator's public, live videos, newest first. Two posts published in the same millisecond
 * (a manual clock) get distinct create times (+1 ms each) so the time cursor never skips one.
 */
export function publicVideos(core: Core, openId: string): TikTokVideo[] {
  const posts = core.state.publicPosts.filter((p) => p.platform === 'tiktok' && p.accountId === openId && p.privacyLevel === 'PUBLIC_TO_EVERYONE');
  posts.sort((a, b) => a.publishedAt - b.publishedAt);
  const out: TikTokVideo[] = [];
  let last = -Infinity;
  for (const post of posts) {
    const createMs = Math.max(post.publishedAt, last + 1);
    last = createMs;
    const liveAt = core.state.tiktok.publishes.get(post.sourceId)?.publicAt;
    if (liveAt === undefined) continue;
    out.push({ postId: post.postId, publishId: post.sourceId, openId, caption: post.caption, createMs, liveAt });
  }
  return out.reverse();
}

function invalid(message: string): never {
  throw new ReplyError(tiktokReply(400, 'invalid_params', message));
}

function requestedFields(ctx: Ctx): string[] {
  const fields = (ctx.query.get('fields') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (fields.length === 0) invalid('fields is required.');
  const unknown = fields.filter((f) => !ALL_FIELDS.has(f));
  if (unknown.length) invalid(`Invalid fields: ${unknown.join(',')}. Allowed: ${[...ALL_FIELDS].join(',')}.`);
  return fields;
}

/** Display API bodies are JSON objects; anything else is 400 invalid_params (the generic v2 spelling, §1.1). */
async function displayBody(ctx: Ctx): Promise<Record<string, unknown>> {
  const raw = await ctx.body();
  if (raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    invalid('The request body is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) invalid('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

export function videoNumbers(core: Core, v: Pick<TikTokVideo, 'postId' | 'liveAt'>): ReturnType<typeof numbersAtAge> & { durationSec: number } {
  const profile = growthProfile(core.opts.seed, v.postId);
  return { ...numbersAtAge(profile, core.clock.now() - v.liveAt), durationSec: profile.durationSec };
}

function videoObject(core: Core, v: TikTokVideo, username: string, fields: readonly string[]): Record<string, unknown> {
  const n = videoNumbers(core, v);
  const all: Record<string, unknown> = {
    // A string: TikTok video ids exceed 2^53 (§1.6).
    id: v.postId,
    create_time: Math.floor(v.createMs / 1000),
    view_count: n.views,
    like_count: n.likes,
    comment_count: n.comments,
    share_count: n.shares,
    duration: n.durationSec,
    title: v.caption,
    video_description: v.caption,
    cover_image_url: `https://p16-sign.tiktokcdn.com/sandbox/${v.postId}.jpeg`,
    share_url: `https://www.tiktok.com/@${username}/video/${v.postId}`,
    embed_link: `https://www.tiktok.com/player/v1/${v.postId}`,
    width: 1080,
    height: 1920,
  };
  return Object.fromEntries(fields.map((f) => [f, all[f]]));
}

async function listVideos(ctx: Ctx): Promise<Reply> {
  const auth = requireToken(ctx, ['video.list']);
  rateLimit(ctx, auth, 'userInfo');
  const fields = requestedFields(ctx);
  const body = await displayBody(ctx);
  const rawCursor = body['cursor'];
  let cursor = Number.POSITIVE_INFINITY;
  if (rawCursor !== undefined && rawCursor !== null && rawCursor !== 0) {
    if (typeof rawCursor !== 'number' || !Number.isSafeInteger(rawCursor) || rawCursor < 0)
      invalid('cursor must be a non-negative integer (a UTC Unix timestamp in milliseconds from a previous response).');
    cursor = rawCursor;
  }
  const rawCount = body['max_count'] ?? DEFAULT_COUNT;
  if (typeof rawCount !== 'number' || !Number.isInteger(rawCount) || rawCount < 1 || rawCount > MAX_COUNT)
    invalid(`max_count must be an integer from 1 to ${MAX_COUNT}.`);
  const older = publicVideos(ctx.core, auth.creator.openId).filter((v) => v.createMs < cursor);
  const page = older.slice(0, rawCount);
  const lastVideo = page[page.length - 1];
  return json(
    200,
    tiktokOk({
      videos: page.map((v) => videoObject(ctx.core, v, auth.creator.username, fields)),
      // The next page's cursor: the create time (ms) of the last video returned.
      cursor: lastVideo ? lastVideo.createMs : Number.isFinite(cursor) ? cursor : 0,
      has_more: older.length > page.length,
    }),
  );
}

async function queryVideos(ctx: Ctx): Promise<Reply> {
  const auth = requireToken(ctx, ['video.list']);
  rateLimit(ctx, auth, 'userInfo');
  const fields = requestedFields(ctx);
  const body = await displayBody(ctx);
  const filters = body['filters'];
  const ids = filters && typeof filters === 'object' && !Array.isArray(filters) ? (filters as Record<string, unknown>)['video_ids'] : undefined;
  if (!Array.isArray(ids) || ids.length === 0) invalid('filters.video_ids is required: a list of 1 to 20 video ids.');
  if (ids.length > MAX_COUNT) invalid(`filters.video_ids accepts at most ${MAX_COUNT} ids.`);
  if (ids.some((id) => typeof id !== 'string' || !/^\d{1,20}$/.test(id))) invalid('filters.video_ids must be video ids as strings.');
  const own = new Map(publicVideos(ctx.core, auth.creator.openId).map((v) => [v.postId, v]));
  // Ids that are not this creator's public posts are left out, not an error.
  const videos = [...new Set(ids as string[])].flatMap((id) => {
    const v = own.get(id);
    return v ? [videoObject(ctx.core, v, auth.creator.username, fields)] : [];
  });
  return json(200, tiktokOk({ videos }));
}

/** Strict mode: only the documented fields (§10, plus the caption) are served. */
export function tiktokAnalyticsStrictRefusal(
  _core: Core,
  _host: HostName,
  endpoint: string,
  _method: string,
  _params: Record<string, string>,
  query: URLSearchParams,
): Reply | undefined {
  if (endpoint !== 'tiktok.video.list' && endpoint !== 'tiktok.video.query') return undefined;
  const extra = (query.get('fields') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((f) => f && !DOCUMENTED_FIELDS.includes(f));
  return extra.length ? tiktokReply(400, 'invalid_params', `Invalid fields: ${extra.join(',')}. Allowed: ${DOCUMENTED_FIELDS.join(',')}.`) : undefined;
}

export function tiktokAnalyticsRoutes(): Route[] {
  return [
    { host: 'tiktok', method: 'POST', path: '/v2/video/list/', endpoint: 'tiktok.video.list', handler: listVideos },
    { host: 'tiktok', method: 'POST', path: '/v2/video/query/', endpoint: 'tiktok.video.query', handler: queryVideos },
  ];
}

export interface SeedTikTokInput {
  /** New creators to add (public accounts), or … */
  accounts?: number;
  /** … existing creators (open_id) to add posts to. */
  openIds?: string[];
  postsPerAccount: number;
  /** Posts go live evenly over this span before now (default 30 days), oldest first. */
  spreadMs?: number;
  clientKey?: string;
  scopes?: string[];
  captionPrefix?: string;
}

export interface SeededTikTokPost {
  publishId: string;
  postId: string;
  caption: string;
  publishedAt: number;
}

export interface SeededTikTokAccount {
  openId: string;
  username: string;
  posts: SeededTikTokPost[];
  /** In-process only (sandbox.actions): a token pair as from the consent flow. Never over HTTP. */
  tokens?: Record<string, unknown>;
}

/**
 * Bulk seeding (the analytics benchmark): creators with public posts that went live in the past,
 * ids deterministic from the sandbox seed. In process it also issues each creator a token pair.
 */
export function seedTikTokAnalytics(core: Core, input: SeedTikTokInput, withTokens: boolean): SeededTikTokAccount[] {
  const tt = core.state.tiktok;
  const c = config(core);
  const perAccount = input.postsPerAccount;
  if (!Number.isInteger(perAccount) || perAccount < 0 || perAccount > 10_000) throw new Error('postsPerAccount must be an integer from 0 to 10000');
  const newAccounts = input.accounts ?? 0;
  if (!Number.isInteger(newAccounts) || newAccounts < 0 || newAccounts > 1000) throw new Error('accounts must be an integer from 0 to 1000');
  const spread = input.spreadMs ?? 30 * DAY;
  if (!Number.isFinite(spread) || spread < perAccount) throw new Error('spreadMs must be at least one millisecond per post');
  const clientKey = input.clientKey ?? [...tt.clients.keys()][0] ?? '';
  if (!tt.clients.has(clientKey)) throw new Error(`unknown TikTok client ${clientKey}`);
  const creators: TikTokCreatorSeed[] = [];
  for (const openId of input.openIds ?? []) {
    const creator = tt.creators.get(openId);
    if (!creator) throw new Error(`unknown TikTok creator ${openId}`);
    creators.push(creator);
  }
  for (let i = 0; i < newAccounts; i++) {
    c.seededAccounts += 1;
    const n = String(c.seededAccounts).padStart(4, '0');
    const creator: TikTokCreatorSeed = {
      openId: `tt-open-seed-${n}`,
      unionId: `tt-union-seed-${n}`,
      username: `seed.creator.${n}`,
      displayName: `Seeded Creator ${n}`,
      avatarUrl: `https://p16-sign.tiktokcdn.com/sandbox/seed-${n}.jpeg`,
      privateAccount: false,
      maxVideoPostDurationSec: 600,
      commentDisabled: false,
      duetDisabled: false,
      stitchDisabled: false,
      bannedFromPosting: false,
      followerCount: 500 + Math.floor(unitHash(`${core.opts.seed}|seed-followers|${n}`) * 20_000),
    };
    tt.creators.set(creator.openId, creator);
    creators.push(creator);
  }
  const now = core.clock.now();
  return creators.map((creator) => {
    const posts: SeededTikTokPost[] = [];
    for (let i = 0; i < perAccount; i++) {
      const publishedAt = now - spread + Math.floor((spread * i) / perAccount);
      const key = `${core.opts.seed}|${creator.openId}|${publishedAt}|${i}`;
      const postId = digitsFromHash(`${key}|post`, 19, '7');
      const publishId = `v_pub_file~v2-1.${digitsFromHash(`${key}|publish`, 19, '7')}`;
      const caption = `${input.captionPrefix ?? 'Seeded post'} ${i + 1} by @${creator.username}`;
      const publish: TikTokPublish = {
        publishId,
        grantId: '',
        clientKey,
        openId: creator.openId,
        mode: 'direct',
        source: 'FILE_UPLOAD',
        privacyLevel: 'PUBLIC_TO_EVERYONE',
        title: caption,
        status: 'PUBLISH_COMPLETE',
        createdAt: publishedAt,
        videoSize: 0,
        chunkSize: 0,
        totalChunkCount: 0,
        uploadedBytes: 0,
        chunks: [],
        downloadedBytes: 0,
        downloadDone: true,
        moderationDoneAt: publishedAt,
        postId,
        publicAt: publishedAt,
        stuck: false,
        cancelled: false,
      };
      tt.publishes.set(publishId, publish);
      core.state.publicPosts.push({
        platform: 'tiktok',
        accountId: creator.openId,
        postId,
        sourceId: publishId,
        sha256: '',
        caption,
        privacyLevel: 'PUBLIC_TO_EVERYONE',
        publishedAt,
      });
      posts.push({ publishId, postId, caption, publishedAt });
    }
    const account: SeededTikTokAccount = { openId: creator.openId, username: creator.username, posts };
    if (withTokens) {
      const grant: TikTokGrant = {
        id: `grant_seed_${creator.openId}_${tt.grants.size}`,
        clientKey,
        openId: creator.openId,
        scopes: input.scopes ?? [...TIKTOK_SCOPES],
        revoked: false,
      };
      tt.grants.set(grant.id, grant);
      for (const p of posts) {
        const publish = tt.publishes.get(p.publishId);
        if (publish) publish.grantId = grant.id;
      }
      account.tokens = issueTokens(core, grant);
    }
    return account;
  });
}

/** The true numbers of one of our videos now (tests compare what a client stored with these). */
export function tiktokVideoNumbers(core: Core, postId: string): Record<string, unknown> | undefined {
  const post = core.state.publicPosts.find((p) => p.platform === 'tiktok' && p.postId === postId);
  const video = post ? publicVideos(core, post.accountId).find((v) => v.postId === postId) : undefined;
  if (!video) return undefined;
  const n = videoNumbers(core, video);
  return { postId, openId: video.openId, liveAt: video.liveAt, createTime: Math.floor(video.createMs / 1000), ...n };
}

function parseSeedInput(b: Record<string, unknown>): SeedTikTokInput {
  const input: SeedTikTokInput = { postsPerAccount: typeof b['postsPerAccount'] === 'number' ? b['postsPerAccount'] : Number.NaN };
  if (b['accounts'] !== undefined) input.accounts = typeof b['accounts'] === 'number' ? b['accounts'] : Number.NaN;
  if (b['openIds'] !== undefined) {
    if (!Array.isArray(b['openIds']) || b['openIds'].some((x) => typeof x !== 'string')) throw new Error('openIds must be a list of open_id strings');
    input.openIds = b['openIds'] as string[];
  }
  if (b['spreadMs'] !== undefined) input.spreadMs = typeof b['spreadMs'] === 'number' ? b['spreadMs'] : Number.NaN;
  if (typeof b['captionPrefix'] === 'string') input.captionPrefix = b['captionPrefix'];
  if (typeof b['clientKey'] === 'string') input.clientKey = b['clientKey'];
  return input;
}

/** /__sandbox/tiktok/analytics/…: the late-id mode, bulk seeding (no tokens over HTTP) and a video's true numbers. */
export function tiktokAnalyticsInspectionRoutes(core: Core): Route[] {
  return [
    r('GET', '/tiktok/analytics/config', 'tiktok.analytics.config', () => json(200, setTikTokAnalytics(core, {}))),
    r('PUT', '/tiktok/analytics/config', 'tiktok.analytics.config.set', async (ctx) => {
      const b = await inspectionBody(ctx);
      return json(
        200,
        guard(() => setTikTokAnalytics(core, b)),
      );
    }),
    r('POST', '/tiktok/analytics/seed', 'tiktok.analytics.seed', async (ctx) => {
      const b = await inspectionBody(ctx);
      const accounts = guard(() => seedTikTokAnalytics(core, parseSeedInput(b), false));
      return json(201, redact({ data: accounts }));
    }),
    r('GET', '/tiktok/analytics/videos/:id', 'tiktok.analytics.video', (ctx) => {
      const numbers = tiktokVideoNumbers(core, ctx.params['id'] ?? '');
      return numbers ? json(200, numbers) : json(404, { error: { code: 'not_found', message: 'no live public TikTok video with this id' } });
    }),
  ];
}

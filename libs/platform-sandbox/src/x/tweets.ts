import { createHash } from 'node:crypto';

import twitterText from 'twitter-text';

import type { Core, Ctx } from '../core/context.js';
import { contentTypeOf } from '../http/body.js';
import { json } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { growthProfile, numbersAtAge } from '../metrics-growth.js';
import { limited, snowflake, xState, type XAuth } from './common.js';
import { failInvalid, failProblem } from './errors.js';
import { mediaFor } from './media.js';
import type { XPost } from './state.js';

const REPLY_SETTINGS = ['following', 'mentionedUsers', 'subscribers', 'verified'];
const MAX_WEIGHTED = 280;
const DAY = 86_400_000;
/** non_public_metrics and organic_metrics: own posts under 30 days only (platform-apis.md §10). */
const PRIVATE_METRICS_MS = 30 * DAY;

/** X's weighted length (URLs as 23, CJK and most emoji as 2), counted by the twitter-text package. */
export function weightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

function readBody(raw: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // below
  }
  failInvalid('body', null, 'The body must be a JSON object.');
}

/**
 * POST /2/tweets: text ≤ 280 weighted characters, media ids of this account whose processing
 * succeeded, reply_settings, made_with_ai, paid_partnership. 201 {data:{id,text}}. A text the
 * account posted in the last duplicateWindowMs is refused 403 as duplicate content.
 */
const createPost = limited('tweets.create', ['tweet.read', 'tweet.write', 'users.read'], async (ctx, auth) => {
  if (contentTypeOf(ctx.req) !== 'application/json') failInvalid('body', null, 'Content-Type must be application/json.');
  const b = readBody(await ctx.body());
  const x = xState(ctx);
  const text = b['text'] ?? '';
  if (typeof text !== 'string') failInvalid('text', b['text'], 'text must be a string.');
  const mediaBlock = b['media'];
  let mediaIds: string[] = [];
  if (mediaBlock !== undefined) {
    const ids = mediaBlock && typeof mediaBlock === 'object' && !Array.isArray(mediaBlock) ? (mediaBlock as Record<string, unknown>)['media_ids'] : undefined;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 4 || ids.some((i) => typeof i !== 'string' || !/^\d{1,19}$/.test(i)))
      failInvalid('media.media_ids', ids, 'media.media_ids must be 1 to 4 numeric id strings.');
    mediaIds = ids as string[];
  }
  if (text.trim() === '' && mediaIds.length === 0) failInvalid('text', text, 'A post needs text or media.');
  if (!auth.user.longPosts && weightedLength(text) > MAX_WEIGHTED)
    failProblem(403, 'Forbidden', `Tweet needs to be a bit shorter. The text is ${weightedLength(text)} weighted characters; the limit is ${MAX_WEIGHTED}.`);
  const replySettings = b['reply_settings'];
  if (replySettings !== undefined && (typeof replySettings !== 'string' || !REPLY_SETTINGS.includes(replySettings)))
    failInvalid('reply_settings', replySettings, `reply_settings must be one of ${REPLY_SETTINGS.join(', ')}.`);
  for (const key of ['made_with_ai', 'paid_partnership'])
    if (b[key] !== undefined && typeof b[key] !== 'boolean') failInvalid(key, b[key], `${key} must be a boolean.`);
  const media = mediaIds.map((id) => mediaFor(ctx, auth, id, 'media.media_ids'));
  if (media.length > 1) failInvalid('media.media_ids', mediaIds, 'A post may carry one video only.');
  for (const m of media)
    if (m.state !== 'succeeded')
      failInvalid(
        'media.media_ids',
        m.id,
        m.state === 'failed'
          ? `Media ${m.id} failed processing and cannot be posted.`
          : `Media ${m.id} is not ready: processing is ${m.state ?? 'not finalized'}.`,
      );
  const now = ctx.core.clock.now();
  const normalized = text.trim();
  if (
    normalized !== '' &&
    [...x.posts.values()].some((p) => p.userId === auth.user.id && p.text.trim() === normalized && now - p.createdAt < ctx.core.opts.x.duplicateWindowMs)
  )
    failProblem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
  const post: XPost = {
    id: snowflake(ctx),
    userId: auth.user.id,
    clientId: auth.app.clientId,
    text,
    mediaIds,
    mediaKeys: media.map((m) => m.mediaKey),
    // A post without media: the sha256 of its text, so two text-only posts are not one duplicate.
    sha256: media[0]?.sha256 ?? createHash('sha256').update(text, 'utf8').digest('hex'),
    createdAt: now,
    ...(typeof replySettings === 'string' ? { replySettings } : {}),
    madeWithAi: b['made_with_ai'] === true,
    paidPartnership: b['paid_partnership'] === true,
  };
  x.posts.set(post.id, post);
  ctx.core.state.publicPosts.push({
    platform: 'x',
    accountId: post.userId,
    postId: post.id,
    sourceId: mediaIds[0] ?? '',
    sha256: post.sha256,
    caption: post.text,
    publishedAt: now,
  });
  return json(201, { data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } });
});

function fieldsOf(ctx: Ctx, name: string): string[] {
  return (ctx.query.get(name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The post's numbers now, grown like the other platforms' (metrics-growth.ts). */
export function postNumbers(core: Core, p: XPost): Record<string, Record<string, number>> {
  const n = numbersAtAge(growthProfile(core.opts.seed, p.id), core.clock.now() - p.createdAt);
  const impressions = Math.floor(n.views * 1.6);
  const profileClicks = Math.floor(n.views * 0.012);
  const links: Record<string, number> = /https?:\/\//.test(p.text) ? { url_link_clicks: Math.floor(n.views * 0.02) } : {};
  const video = p.mediaIds.length > 0;
  const playback: Record<string, number> = video
    ? {
        playback_0_count: n.views,
        playback_25_count: Math.floor(n.views * 0.7),
        playback_50_count: Math.floor(n.views * 0.45),
        playback_75_count: Math.floor(n.views * 0.3),
        playback_100_count: Math.floor(n.views * 0.18),
      }
    : {};
  return {
    public_metrics: {
      retweet_count: n.shares,
      reply_count: n.comments,
      like_count: n.likes,
      quote_count: n.reposts,
      bookmark_count: n.saves,
      impression_count: impressions,
    },
    non_public_metrics: { impression_count: impressions, user_profile_clicks: profileClicks, ...links, ...playback },
    organic_metrics: {
      impression_count: impressions,
      like_count: n.likes,
      reply_count: n.comments,
      retweet_count: n.shares,
      user_profile_clicks: profileClicks,
      ...links,
      ...playback,
    },
  };
}

const TWEET_FIELDS = [
  'attachments',
  'author_id',
  'created_at',
  'edit_history_tweet_ids',
  'id',
  'text',
  'public_metrics',
  'non_public_metrics',
  'organic_metrics',
  'reply_settings',
  'lang',
  'possibly_sensitive',
];

function tweetFields(ctx: Ctx): string[] {
  const fields = fieldsOf(ctx, 'tweet.fields');
  const unknown = fields.find((f) => !TWEET_FIELDS.includes(f));
  if (unknown) failInvalid('tweet.fields', unknown, `The \`tweet.fields\` query parameter value [${unknown}] is not one of [${TWEET_FIELDS.join(',')}]`);
  return fields;
}

interface FieldError {
  value: string;
  detail: string;
  title: string;
  resource_type: string;
  parameter: string;
  resource_id: string;
  type: string;
}

/** A post as the API shows it: id, text, edit_history_tweet_ids, and the fields asked for. */
function tweetObject(core: Core, p: XPost, fields: string[], viewer: XAuth, errors: FieldError[]): Record<string, unknown> {
  const out: Record<string, unknown> = { id: p.id, text: p.text, edit_history_tweet_ids: [p.id] };
  if (fields.includes('created_at')) out['created_at'] = new Date(p.createdAt).toISOString();
  if (fields.includes('author_id')) out['author_id'] = p.userId;
  if (fields.includes('attachments') && p.mediaKeys.length > 0) out['attachments'] = { media_keys: p.mediaKeys };
  if (fields.includes('reply_settings')) out['reply_settings'] = p.replySettings ?? 'everyone';
  if (fields.includes('lang')) out['lang'] = 'en';
  if (fields.includes('possibly_sensitive')) out['possibly_sensitive'] = false;
  const numbers = ['public_metrics', 'non_public_metrics', 'organic_metrics'].some((f) => fields.includes(f)) ? postNumbers(core, p) : undefined;
  if (numbers && fields.includes('public_metrics')) out['public_metrics'] = numbers['public_metrics'];
  for (const privateField of ['non_public_metrics', 'organic_metrics']) {
    if (!numbers || !fields.includes(privateField)) continue;
    const own = p.userId === viewer.user.id;
    const recent = core.clock.now() - p.createdAt < PRIVATE_METRICS_MS;
    if (own && recent) out[privateField] = numbers[privateField];
    else
      errors.push({
        value: p.id,
        detail: `Sorry, you are not authorized to access '${privateField}' on the Tweet with ids: ${p.id}.${own ? ' These metrics are available for 30 days after posting.' : ''}`,
        title: 'Field Authorization Error',
        resource_type: 'tweet',
        parameter: privateField,
        resource_id: p.id,
        type: 'https://api.twitter.com/2/problems/not-authorized-for-field',
      });
  }
  return out;
}

/** includes.media for expansions=attachments.media_keys. */
function includesFor(core: Core, posts: XPost[], ctx: Ctx): Record<string, unknown> | undefined {
  if (!fieldsOf(ctx, 'expansions').includes('attachments.media_keys')) return undefined;
  const media = posts
    .flatMap((p) => p.mediaIds)
    .map((id) => core.state.x.media.get(id))
    .filter((m) => m !== undefined)
    .map((m) => ({ media_key: m.mediaKey, type: 'video', ...(m.durationSec !== undefined ? { duration_ms: Math.round(m.durationSec * 1000) } : {}) }));
  return media.length > 0 ? { media } : undefined;
}

/**
 * GET /2/tweets?ids=…: up to 100 posts; non_public_metrics / organic_metrics only for the
 * caller's own posts under 30 days, else a field authorization error per post (200 with `errors`).
 */
const lookup = limited('tweets.lookup', ['tweet.read', 'users.read'], (ctx, auth) => {
  const ids = fieldsOf(ctx, 'ids');
  if (ids.length === 0 || ids.length > 100 || ids.some((i) => !/^\d{1,19}$/.test(i)))
    failInvalid('ids', ctx.query.get('ids') ?? '', 'ids must be 1 to 100 comma-separated numeric post ids.');
  const fields = tweetFields(ctx);
  const errors: FieldError[] = [];
  const found: XPost[] = [];
  const data: Record<string, unknown>[] = [];
  for (const id of ids) {
    const p = xState(ctx).posts.get(id);
    if (!p) {
      errors.push({
        value: id,
        detail: `Could not find tweet with ids: [${id}].`,
        title: 'Not Found Error',
        resource_type: 'tweet',
        parameter: 'ids',
        resource_id: id,
        type: 'https://api.twitter.com/2/problems/resource-not-found',
      });
      continue;
    }
    found.push(p);
    data.push(tweetObject(ctx.core, p, fields, auth, errors));
  }
  const includes = includesFor(ctx.core, found, ctx);
  return json(200, { ...(data.length > 0 ? { data } : {}), ...(includes ? { includes } : {}), ...(errors.length > 0 ? { errors } : {}) });
});

/**
 * GET /2/users/:id/tweets: the account's recent posts, newest first (max_results 5–100,
 * pagination_token, since_id), with the fields asked for — a publisher reads it to find a post
 * whose create answer was lost.
 */
const userTweets = limited('users.tweets', ['tweet.read', 'users.read'], (ctx, auth) => {
  const userId = ctx.params['id'] ?? '';
  if (!xState(ctx).users.has(userId)) failInvalid('id', userId, `Could not find user with id: [${userId}].`);
  const maxRaw = ctx.query.get('max_results') ?? '10';
  const max = Number(maxRaw);
  if (!/^\d+$/.test(maxRaw) || max < 5 || max > 100) failInvalid('max_results', maxRaw, 'The `max_results` query parameter value is not between 5 and 100.');
  const fields = tweetFields(ctx);
  const sinceId = ctx.query.get('since_id');
  const token = ctx.query.get('pagination_token');
  let posts = [...xState(ctx).posts.values()]
    .filter((p) => p.userId === userId)
    .filter((p) => !sinceId || BigInt(p.id) > BigInt(sinceId))
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  if (token) posts = posts.filter((p) => BigInt(p.id) < BigInt(token));
  const page = posts.slice(0, max);
  const errors: FieldError[] = [];
  const data = page.map((p) => tweetObject(ctx.core, p, fields, auth, errors));
  const last = page[page.length - 1];
  const meta: Record<string, unknown> = { result_count: page.length };
  if (page.length > 0) {
    meta['newest_id'] = page[0]?.id;
    meta['oldest_id'] = last?.id;
  }
  if (posts.length > page.length && last) meta['next_token'] = last.id;
  const includes = includesFor(ctx.core, page, ctx);
  return json(200, { ...(data.length > 0 ? { data } : {}), ...(includes ? { includes } : {}), meta, ...(errors.length > 0 ? { errors } : {}) });
});

export function xTweetRoutes(): Route[] {
  return [
    { host: 'x-api', method: 'POST', path: '/2/tweets', endpoint: 'x.tweets.create', handler: createPost },
    { host: 'x-api', method: 'GET', path: '/2/tweets', endpoint: 'x.tweets.lookup', handler: lookup },
    { host: 'x-api', method: 'GET', path: '/2/users/:id/tweets', endpoint: 'x.users.tweets', handler: userTweets },
  ];
}

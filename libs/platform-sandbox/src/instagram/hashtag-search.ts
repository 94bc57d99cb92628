/**
 * Instagram Hashtag Search (issue 33, docs/platform-apis.md §11, docs/trend-sources.md), on the
 * Facebook Login host only (graph.facebook.com; an Instagram Login token is refused there with a
 * Graph 190 like any other token of the wrong flavour):
 * - `GET /ig_hashtag_search?user_id&q` → `{"data":[{"id"}]}`; counts the tag against the account's
 *   30 unique hashtags per rolling 7 days (re-querying a counted tag is free).
 * - `GET /{hashtag-id}/top_media` and `/recent_media` with `user_id` and `fields` from the listed
 *   ones only (no usernames, no view counts); recent_media covers the last 24 h; ≤ 50 per page,
 *   `after` cursor.
 * - `GET /{ig-user-id}/recently_searched_hashtags?limit=30`: the counted ones.
 * The app needs `instagram_basic` and the "Instagram Public Content Access" feature (PATCH
 * /__sandbox/instagram/hashtags `{publicContentAccess:false}` takes it away).
 *
 * The 31st unique tag: UNDOCUMENTED UPSTREAM (the real error is not documented). The sandbox
 * answers Graph error code 24 with subcode 2207051 — its own choice; clients must keep their own
 * count and never send the 31st.
 *
 * Media are deterministic: a pure function of (sandbox seed, tag, simulated time). Each tag
 * posts at a rate that drifts day by day (some tags rise, some fade), so the media count over
 * 24 h and 7 d can be compared between reads.
 */
import type { Core, Ctx } from '../core/context.js';
import { sandboxError } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { inspectionRoute, jsonBody } from '../inspection/helpers.js';
import { digitsFromHash, unitHash } from '../metrics-growth.js';
import { gfail, graphParams, ownAccount, requireGraphToken, withUsage } from './common.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Unique hashtags per Instagram account per rolling window (§11). */
export const HASHTAG_SEARCH_LIMIT = 30;
export const HASHTAG_SEARCH_WINDOW_MS = 7 * DAY;
/** The fields hashtag media may be read with (§11). */
export const HASHTAG_MEDIA_FIELDS = ['caption', 'comments_count', 'id', 'like_count', 'media_type', 'media_url', 'permalink', 'timestamp'] as const;
/** The sandbox's own answer to the 31st unique tag (undocumented upstream). */
export const HASHTAG_LIMIT_ERROR = { code: 24, subcode: 2207051 } as const;

interface HashtagState {
  /** Per IG user id: tag -> when it was first counted in the current window. */
  searches: Map<string, Map<string, number>>;
  /** Hashtag id -> tag. */
  ids: Map<string, string>;
  publicContentAccess: boolean;
}

const STATES = new WeakMap<object, HashtagState>();

function hashtagState(core: Core): HashtagState {
  let s = STATES.get(core.state.instagram);
  if (!s) {
    s = { searches: new Map(), ids: new Map(), publicContentAccess: true };
    STATES.set(core.state.instagram, s);
  }
  return s;
}

/** The tags counted for an account in the rolling window at `now`, oldest first (expired ones dropped). */
function countedTags(core: Core, igUserId: string): [string, number][] {
  const s = hashtagState(core);
  const mine = s.searches.get(igUserId) ?? new Map<string, number>();
  s.searches.set(igUserId, mine);
  const now = core.clock.now();
  for (const [tag, at] of mine) if (at <= now - HASHTAG_SEARCH_WINDOW_MS) mine.delete(tag);
  return [...mine].sort((a, b) => a[1] - b[1]);
}

export function hashtagId(seed: number, tag: string): string {
  return digitsFromHash(`${seed}:ig-hashtag:${tag}`, 17, '1');
}

/** Posts per hour for a tag on a day: a base rate drifting by a per-tag factor each day. */
function ratePerHour(seed: number, tag: string, dayIndex: number): number {
  const base = 0.5 + unitHash(`${seed}:${tag}:rate`) ** 2 * 40;
  const drift = -0.08 + unitHash(`${seed}:${tag}:drift`) * 0.3;
  return Math.max(0.2, base * Math.exp(drift * ((dayIndex % 60) - 30) * 0.1));
}

interface HashtagMedia {
  id: string;
  at: number;
  index: number;
  key: string;
}

/** The tag's media published in [from, to), newest first. */
function mediaBetween(seed: number, tag: string, from: number, to: number): HashtagMedia[] {
  const out: HashtagMedia[] = [];
  for (let day = Math.floor(from / DAY); day * DAY < to; day++) {
    const perDay = Math.round(ratePerHour(seed, tag, day) * 24);
    for (let i = 0; i < perDay; i++) {
      const key = `${seed}:${tag}:${day}:${i}`;
      const at = day * DAY + Math.floor(((i + unitHash(`${key}:j`)) / perDay) * DAY);
      if (at >= from && at < to) out.push({ id: digitsFromHash(key, 17, '1'), at, index: i, key });
    }
  }
  return out.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
}

function mediaValues(tag: string, m: HashtagMedia, now: number): Record<string, unknown> {
  const ageH = Math.max(0, (now - m.at) / HOUR);
  const potential = 20 + unitHash(`${m.key}:p`) ** 3 * 30_000;
  const likes = Math.floor(potential * (1 - Math.exp(-ageH / 12)));
  const video = unitHash(`${m.key}:t`) < 0.6;
  const code = digitsFromHash(`${m.key}:code`, 11, 'C');
  return {
    caption: `#${tag} sandbox post ${m.index + 1}`,
    comments_count: Math.floor(likes * 0.04),
    id: m.id,
    like_count: likes,
    media_type: video ? 'VIDEO' : unitHash(`${m.key}:c`) < 0.3 ? 'CAROUSEL_ALBUM' : 'IMAGE',
    media_url: `https://scontent.cdninstagram.com/sandbox/${m.id}.${video ? 'mp4' : 'jpg'}`,
    permalink: `https://www.instagram.com/${video ? 'reel' : 'p'}/${code}/`,
    timestamp: new Date(m.at).toISOString().replace(/\.\d{3}Z$/, '+0000'),
  };
}

function fieldsOf(ctx: Ctx, params: Record<string, string>): string[] {
  const fields = (params['fields'] ?? 'id')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const bad = fields.filter((f) => !(HASHTAG_MEDIA_FIELDS as readonly string[]).includes(f));
  if (bad.length) gfail(100, `(#100) Tried accessing nonexisting field (${bad.join(',')}) on node type (ShadowIGHashtagMedia)`);
  void ctx;
  return fields;
}

function requireFeature(core: Core): void {
  if (!hashtagState(core).publicContentAccess)
    gfail(10, "(#10) To use 'Instagram Public Content Access', your use of this endpoint must be reviewed and approved by Facebook.", {
      type: 'OAuthException',
      status: 403,
    });
}

/** Auth (Facebook Login token with instagram_basic), the feature, and `user_id` = the token's account. */
async function hashtagAuth(ctx: Ctx): Promise<{ igUserId: string; params: Record<string, string> }> {
  const auth = await requireGraphToken(ctx, ['instagram_basic']);
  requireFeature(ctx.core);
  const params = await graphParams(ctx);
  const userId = params['user_id'];
  if (!userId) gfail(100, 'The parameter user_id is required');
  ownAccount(ctx, auth, userId);
  return { igUserId: auth.account.igUserId, params };
}

async function search(ctx: Ctx): Promise<Reply> {
  const { igUserId, params } = await hashtagAuth(ctx);
  const q = (params['q'] ?? '').replace(/^#/, '').toLowerCase();
  if (!q) gfail(100, 'The parameter q is required');
  if (!/^[\p{L}\p{N}_]{1,100}$/u.test(q)) gfail(100, '(#100) Invalid parameter: q must be a single hashtag without spaces or punctuation');
  const counted = countedTags(ctx.core, igUserId);
  const known = counted.some(([tag]) => tag === q);
  if (!known && counted.length >= HASHTAG_SEARCH_LIMIT)
    // Undocumented upstream: the sandbox's own answer (see the file comment).
    gfail(HASHTAG_LIMIT_ERROR.code, '(#24) The user has reached the maximum number of unique hashtag searches for a 7 day period.', {
      subcode: HASHTAG_LIMIT_ERROR.subcode,
    });
  const s = hashtagState(ctx.core);
  if (!known) s.searches.get(igUserId)?.set(q, ctx.core.clock.now());
  const id = hashtagId(ctx.core.opts.seed, q);
  s.ids.set(id, q);
  return json(200, { data: [{ id }] });
}

function page(ctx: Ctx, params: Record<string, string>, all: HashtagMedia[], tag: string): Reply {
  const fields = fieldsOf(ctx, params);
  const limit = Math.min(50, Math.max(1, Number(params['limit'] ?? '25') || 25));
  let start = 0;
  if (params['after']) {
    const m = /^o(\d+)$/.exec(Buffer.from(params['after'], 'base64url').toString('utf8'));
    if (!m) gfail(100, '(#100) The after cursor is invalid');
    start = Number(m[1]);
  }
  const now = ctx.core.clock.now();
  const slice = all.slice(start, start + limit);
  const data = slice.map((m) => {
    const values = mediaValues(tag, m, now);
    return Object.fromEntries(fields.map((f) => [f, values[f]]));
  });
  const cursor = (n: number): string => Buffer.from(`o${n}`).toString('base64url');
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + slice.length) } };
  if (start + limit < all.length)
    paging['next'] = `${ctx.origin}${ctx.url.pathname}?${new URLSearchParams({ ...params, after: cursor(start + limit) }).toString()}`;
  return json(200, { data, paging });
}

function tagOf(ctx: Ctx): string {
  const id = ctx.params['id'] ?? '';
  const tag = hashtagState(ctx.core).ids.get(id);
  if (!tag)
    gfail(
      100,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      { subcode: 33, type: 'GraphMethodException' },
    );
  return tag;
}

/** The last 24 h, newest first. */
async function recentMedia(ctx: Ctx): Promise<Reply> {
  const { params } = await hashtagAuth(ctx);
  const tag = tagOf(ctx);
  const now = ctx.core.clock.now();
  return page(ctx, params, mediaBetween(ctx.core.opts.seed, tag, now - DAY, now + 1), tag);
}

/** The most liked of the last 7 days. */
async function topMedia(ctx: Ctx): Promise<Reply> {
  const { params } = await hashtagAuth(ctx);
  const tag = tagOf(ctx);
  const now = ctx.core.clock.now();
  const all = mediaBetween(ctx.core.opts.seed, tag, now - 7 * DAY, now + 1);
  const likes = new Map(all.map((m) => [m.id, mediaValues(tag, m, now)['like_count'] as number]));
  const top = all.sort((a, b) => (likes.get(b.id) ?? 0) - (likes.get(a.id) ?? 0)).slice(0, 50);
  return page(ctx, params, top, tag);
}

async function recentlySearched(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, ['instagram_basic']);
  ownAccount(ctx, auth, ctx.params['id'] ?? '');
  const params = await graphParams(ctx);
  const limit = Math.min(HASHTAG_SEARCH_LIMIT, Math.max(1, Number(params['limit'] ?? '25') || 25));
  const counted = countedTags(ctx.core, auth.account.igUserId);
  const data = counted
    .slice()
    .reverse()
    .slice(0, limit)
    .map(([tag]) => ({ id: hashtagId(ctx.core.opts.seed, tag), name: tag }));
  return json(200, { data });
}

/** Listed before the node routes (`/:id`): `/ig_hashtag_search` is not a node. */
export function instagramHashtagRoutes(): Route[] {
  const host = 'facebook-graph' as const;
  return [
    { host, method: 'GET', path: '/ig_hashtag_search', endpoint: 'facebook.ig_hashtag_search', handler: withUsage(search) },
    { host, method: 'GET', path: '/:id/top_media', endpoint: 'facebook.hashtag.top_media', handler: withUsage(topMedia) },
    { host, method: 'GET', path: '/:id/recent_media', endpoint: 'facebook.hashtag.recent_media', handler: withUsage(recentMedia) },
    { host, method: 'GET', path: '/:id/recently_searched_hashtags', endpoint: 'facebook.recently_searched_hashtags', handler: withUsage(recentlySearched) },
  ];
}

export function describeHashtagSearches(core: Core): Record<string, unknown> {
  const s = hashtagState(core);
  const accounts = Object.fromEntries(
    [...s.searches.keys()].map((igUserId) => {
      const counted = countedTags(core, igUserId);
      return [
        igUserId,
        { counted: counted.map(([tag, at]) => ({ tag, countedAt: new Date(at).toISOString() })), left: Math.max(0, HASHTAG_SEARCH_LIMIT - counted.length) },
      ];
    }),
  );
  return {
    limit: HASHTAG_SEARCH_LIMIT,
    windowDays: HASHTAG_SEARCH_WINDOW_MS / DAY,
    publicContentAccess: s.publicContentAccess,
    limitError: { ...HASHTAG_LIMIT_ERROR, note: 'undocumented upstream: the sandbox’s own choice' },
    accounts,
  };
}

/** /__sandbox/instagram/hashtags: GET the ledger per account; PATCH `{publicContentAccess}`. */
export function instagramHashtagInspectionRoutes(core: Core): Route[] {
  return [
    inspectionRoute('GET', '/instagram/hashtags', 'instagram.hashtags', () => json(200, describeHashtagSearches(core))),
    inspectionRoute('PATCH', '/instagram/hashtags', 'instagram.hashtags.settings', async (ctx) => {
      const b = await jsonBody(ctx);
      if (b['publicContentAccess'] !== undefined) {
        if (typeof b['publicContentAccess'] !== 'boolean') return sandboxError(400, 'invalid_request', 'publicContentAccess must be a boolean');
        hashtagState(core).publicContentAccess = b['publicContentAccess'];
      }
      return json(200, describeHashtagSearches(core));
    }),
  ];
}

/**
 * Instagram insights of our own media and account (issue 21, platform-apis.md §10):
 * `GET /{media-id}/insights?metric=…` and `GET /{ig-user-id}/insights?metric=…`, on both Graph
 * hosts, scope `instagram_business_manage_insights` (Instagram Login) or
 * `instagram_manage_insights` (Facebook Login), counted in the Business Use Case budget with the
 * usage headers like every Graph call (§3.10).
 *
 * Numbers grow with the simulated clock (metrics-growth.ts) and lag: each media's insights show
 * its state up to 48 h earlier (per media), so right after publishing they are zero. Asking for
 * a retired or unknown metric fails the whole request, naming its position (`metric[1]`).
 */
import type { Core, Ctx } from '../core/context.js';
import type { SandboxState } from '../core/state.js';
import { json, type Reply } from '../http/reply.js';
import type { HostName, Route } from '../http/router.js';
import { guard, jsonBody as inspectionBody, inspectionRoute as r } from '../inspection/helpers.js';
import { redact } from '../inspection/redact.js';
import { dailyFollowerGain, digitsFromHash, followersAt, growthProfile, laggedNumbers, numbersAtAge, unitHash, type PostNumbers } from '../metrics-growth.js';
import { gfail, graphParams, objectMissing, requireGraphToken, withUsage, type GraphAuth } from './common.js';
import { IG_LOGIN_SCOPES, issueInstagramToken } from './oauth.js';
import type { InstagramAccountSeed } from './options.js';
import type { InstagramMedia } from './state.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_RANGE_SEC = 30 * 86_400;
/** Followers the simulator shows for an account at the sandbox start (it had a fixed 1200 before issue 21). */
const BASE_FOLLOWERS = 1200;

interface MetricSpec {
  title: string;
  description: string;
  value(n: PostNumbers): number;
}

/** Media metrics of the current Graph version (§10), in the order the error message lists them. */
const MEDIA_METRICS: Record<string, MetricSpec> = {
  views: { title: 'Views', description: 'The number of times your reel was played or displayed.', value: (n) => n.views },
  reach: { title: 'Accounts reached', description: 'The number of unique accounts that have seen this reel at least once.', value: (n) => n.reach },
  likes: { title: 'Likes', description: 'The number of likes on your reel.', value: (n) => n.likes },
  comments: { title: 'Comments', description: 'The number of comments on your reel.', value: (n) => n.comments },
  shares: { title: 'Shares', description: 'The number of shares of your reel.', value: (n) => n.shares },
  saved: { title: 'Saved', description: 'The number of saves of your reel.', value: (n) => n.saves },
  total_interactions: {
    title: 'Interactions',
    description: 'The number of likes, saves, comments and shares on the reel, minus the number of unlikes, unsaves and deleted comments.',
    value: (n) => n.totalInteractions,
  },
  ig_reels_avg_watch_time: { title: 'Average watch time', description: 'The average amount of time spent playing the reel (ms).', value: (n) => n.avgWatchMs },
  ig_reels_video_view_total_time: {
    title: 'Watch time',
    description: 'The total amount of time the reel was played, including replays (ms).',
    value: (n) => n.watchTimeTotalMs,
  },
  reels_skip_rate: { title: 'Skip rate', description: 'The percentage of views that skipped the reel in its first 3 seconds.', value: (n) => n.skipRatePct },
  reposts: { title: 'Reposts', description: 'The number of times the reel was reposted.', value: (n) => n.reposts },
  crossposted_views: { title: 'Crossposted views', description: 'Views of the reel crossposted to Facebook.', value: (n) => n.crosspostedViews },
};

/** Retired metrics (§10): asking for any of them fails the whole request, like an unknown one. */
export const RETIRED_MEDIA_METRICS = ['plays', 'clips_replays_count', 'ig_reels_aggregated_all_plays_count', 'impressions', 'video_views'];

/** Account metrics that need metric_type=total_value (§10). */
const ACCOUNT_TOTALS: Record<string, MetricSpec> = {
  views: { title: 'Views', description: 'The number of times your content was played or displayed.', value: (n) => n.views },
  reach: { title: 'Accounts reached', description: 'The number of unique accounts that have seen your content.', value: (n) => n.reach },
  accounts_engaged: {
    title: 'Accounts engaged',
    description: 'The number of accounts that have interacted with your content.',
    value: (n) => Math.floor(n.totalInteractions * 0.8),
  },
  total_interactions: { title: 'Interactions', description: 'The total number of interactions with your content.', value: (n) => n.totalInteractions },
  likes: { title: 'Likes', description: 'The number of likes on your content.', value: (n) => n.likes },
  comments: { title: 'Comments', description: 'The number of comments on your content.', value: (n) => n.comments },
  shares: { title: 'Shares', description: 'The number of shares of your content.', value: (n) => n.shares },
  saves: { title: 'Saves', description: 'The number of saves of your content.', value: (n) => n.saves },
};
const ACCOUNT_METRICS = [...Object.keys(ACCOUNT_TOTALS), 'follower_count', 'online_followers'];

interface InstagramAnalyticsConfig {
  /** The longest insights lag (a media's own lag is between 0 and this). */
  maxInsightsLagMs: number;
  seededAccounts: number;
}

// Keyed by the state object, so sandbox.reset() (a new state) resets the settings too.
const configs = new WeakMap<SandboxState, InstagramAnalyticsConfig>();

function config(core: Core): InstagramAnalyticsConfig {
  let c = configs.get(core.state);
  if (!c) {
    c = { maxInsightsLagMs: 48 * HOUR, seededAccounts: 0 };
    configs.set(core.state, c);
  }
  return c;
}

export function setInstagramAnalytics(core: Core, input: { maxInsightsLagMs?: unknown }): { maxInsightsLagMs: number } {
  const c = config(core);
  const lag = input.maxInsightsLagMs;
  if (lag !== undefined) {
    if (typeof lag !== 'number' || !Number.isFinite(lag) || lag < 0 || lag > 7 * DAY)
      throw new Error('maxInsightsLagMs must be a number of ms from 0 to 7 days');
    c.maxInsightsLagMs = lag;
  }
  return { maxInsightsLagMs: c.maxInsightsLagMs };
}

/** followers_count of the account node: grows daily from 1200 at the sandbox start. */
export function instagramFollowers(core: Core, igUserId: string): number {
  return followersAt(core.opts.seed, igUserId, BASE_FOLLOWERS, core.opts.startTime, core.clock.now());
}

function profileOf(core: Core, media: InstagramMedia): ReturnType<typeof growthProfile> {
  return growthProfile(core.opts.seed, media.id, config(core).maxInsightsLagMs);
}

/** What the insights endpoint shows for a media at `at` (lagging behind its live numbers). */
function insightsAt(core: Core, media: InstagramMedia, at: number): PostNumbers {
  return laggedNumbers(profileOf(core, media), media.publishedAt, at);
}

function scopesFor(host: HostName): string[] {
  return host === 'instagram-graph' ? ['instagram_business_manage_insights'] : ['instagram_manage_insights'];
}

/** The `metric` list, each checked against `allowed`; the first bad one fails the request by its position. */
function metricList(params: Record<string, string>, allowed: readonly string[]): string[] {
  const raw = params['metric'];
  if (!raw) gfail(100, '(#100) The parameter metric is required');
  const metrics = raw.split(',').map((m) => m.trim());
  const bad = metrics.findIndex((m) => !allowed.includes(m));
  if (bad >= 0) gfail(100, `(#100) metric[${bad}] must be one of the following values: ${allowed.join(', ')}`);
  return [...new Set(metrics)];
}

function mediaInsights(ctx: Ctx, media: InstagramMedia, params: Record<string, string>): Reply {
  const metrics = metricList(params, Object.keys(MEDIA_METRICS));
  const numbers = insightsAt(ctx.core, media, ctx.core.clock.now());
  const data = metrics.map((name) => {
    const spec = MEDIA_METRICS[name] as MetricSpec;
    return {
      name,
      period: 'lifetime',
      values: [{ value: spec.value(numbers) }],
      title: spec.title,
      description: spec.description,
      id: `${media.id}/insights/${name}/lifetime`,
    };
  });
  return json(200, { data });
}

function unixParam(params: Record<string, string>, name: 'since' | 'until'): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,12}$/.test(raw)) gfail(100, `(#100) Param ${name} must be a unix timestamp in seconds`);
  return Number(raw) * 1000;
}

function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function accountInsights(ctx: Ctx, account: InstagramAccountSeed, params: Record<string, string>): Reply {
  const core = ctx.core;
  const now = core.clock.now();
  const metrics = metricList(params, ACCOUNT_METRICS);
  const period = params['period'];
  if (period !== undefined && period !== 'day' && period !== 'lifetime') gfail(100, '(#100) period must be one of the following values: day, lifetime');
  const totals = metrics.filter((m) => m in ACCOUNT_TOTALS);
  if (totals.length && params['metric_type'] !== 'total_value')
    gfail(100, `(#100) The following metrics (${totals.join(', ')}) should be specified with parameter metric_type=total_value`);
  if (params['metric_type'] !== undefined && params['metric_type'] !== 'total_value' && params['metric_type'] !== 'time_series')
    gfail(100, '(#100) metric_type must be one of the following values: total_value, time_series');
  const until = Math.min(unixParam(params, 'until') ?? now, now);
  const since = unixParam(params, 'since') ?? until - DAY;
  if (since > until) gfail(100, '(#100) The since parameter must be before the until parameter');
  if (until - since > MAX_RANGE_SEC * 1000) gfail(100, `(#100) There cannot be more than 30 days (${MAX_RANGE_SEC} s) between since and until`);
  if (metrics.includes('follower_count') && since < now - 30 * DAY)
    gfail(100, '(#100) follower_count metric only supports querying data for the last 30 days excluding the current day');

  const media = [...core.state.instagram.media.values()].filter((m) => m.igUserId === account.igUserId);
  const sumAt = (at: number): PostNumbers => {
    const sum: PostNumbers = {
      views: 0,
      reach: 0,
      likes: 0,
      comments: 0,
      shares: 0,
      saves: 0,
      reposts: 0,
      crosspostedViews: 0,
      totalInteractions: 0,
      watchTimeTotalMs: 0,
      avgWatchMs: 0,
      skipRatePct: 0,
    };
    for (const m of media) {
      const n = insightsAt(core, m, at);
      for (const k of Object.keys(sum) as (keyof PostNumbers)[]) sum[k] += n[k];
    }
    return sum;
  };
  const data: Record<string, unknown>[] = [];
  if (totals.length) {
    const before = sumAt(since);
    const after = sumAt(until);
    for (const name of totals) {
      const spec = ACCOUNT_TOTALS[name] as MetricSpec;
      const value = Math.max(0, spec.value(after) - spec.value(before));
      data.push({
        name,
        period: 'day',
        title: spec.title,
        description: spec.description,
        total_value: { value },
        id: `${account.igUserId}/insights/${name}/day`,
      });
    }
  }
  // Days run from the sandbox start (as followers_count does); only completed days are reported.
  const start = core.opts.startTime;
  const completedDays = (): number[] => {
    const days: number[] = [];
    const first = Math.floor((since - start) / DAY);
    for (let d = first; start + (d + 1) * DAY <= until; d++) if (start + (d + 1) * DAY > since) days.push(d);
    return days;
  };
  if (metrics.includes('follower_count')) {
    data.push({
      name: 'follower_count',
      period: 'day',
      values: completedDays().map((d) => ({ value: dailyFollowerGain(core.opts.seed, account.igUserId, d), end_time: graphTime(start + (d + 1) * DAY) })),
      title: 'Follower count',
      description: 'The number of new followers of the account on each day.',
      id: `${account.igUserId}/insights/follower_count/day`,
    });
  }
  const followers = instagramFollowers(core, account.igUserId);
  // Absent under 100 followers (§10).
  if (metrics.includes('online_followers') && followers >= 100) {
    data.push({
      name: 'online_followers',
      period: 'lifetime',
      values: completedDays().map((d) => ({
        value: Object.fromEntries(
          Array.from({ length: 24 }, (_, h) => [
            String(h),
            Math.floor(followers * 0.05 * (0.3 + unitHash(`${core.opts.seed}|${account.igUserId}|online|${d}|${h}`))),
          ]),
        ),
        end_time: graphTime(start + (d + 1) * DAY),
      })),
      title: 'Online followers',
      description: 'The number of followers who were online during each hour of the day.',
      id: `${account.igUserId}/insights/online_followers/lifetime`,
    });
  }
  return json(200, { data });
}

async function insights(ctx: Ctx): Promise<Reply> {
  const auth: GraphAuth = await requireGraphToken(ctx, scopesFor(ctx.host));
  const params = await graphParams(ctx);
  const id = ctx.params['id'] ?? '';
  const media = ctx.core.state.instagram.media.get(id);
  if (media) {
    if (media.igUserId !== auth.account.igUserId) objectMissing(id, ctx.method);
    return mediaInsights(ctx, media, params);
  }
  const a = auth.account;
  if (id === 'me' || id === a.igUserId || id === a.appScopedUserId) return accountInsights(ctx, a, params);
  return objectMissing(id, ctx.method);
}

export function instagramInsightsRoutes(): Route[] {
  return [
    { host: 'instagram-graph', method: 'GET', path: '/:id/insights', endpoint: 'instagram.insights', handler: withUsage(insights) },
    { host: 'facebook-graph', method: 'GET', path: '/:id/insights', endpoint: 'facebook.insights', handler: withUsage(insights) },
  ];
}

export interface SeedInstagramInput {
  /** New Business accounts to add, or … */
  accounts?: number;
  /** … existing accounts (ig-user-id) to add Reels to. */
  igUserIds?: string[];
  postsPerAccount: number;
  /** Reels go live evenly over this span before now (default 30 days), oldest first. */
  spreadMs?: number;
  /** Impressions of new accounts (their call budget is 4800 × impressions per 24 h, §3.10); default 1000. */
  impressions?: number;
  captionPrefix?: string;
}

export interface SeededInstagramPost {
  mediaId: string;
  caption: string;
  publishedAt: number;
}

export interface SeededInstagramAccount {
  igUserId: string;
  username: string;
  posts: SeededInstagramPost[];
  /** In-process only (sandbox.actions): a long-lived Instagram Login token with every scope. Never over HTTP. */
  tokens?: Record<string, unknown>;
}

/** Bulk seeding (the analytics benchmark): accounts with Reels that went live in the past, ids deterministic from the seed. */
export function seedInstagramAnalytics(core: Core, input: SeedInstagramInput, withTokens: boolean): SeededInstagramAccount[] {
  const ig = core.state.instagram;
  const c = config(core);
  const perAccount = input.postsPerAccount;
  if (!Number.isInteger(perAccount) || perAccount < 0 || perAccount > 10_000) throw new Error('postsPerAccount must be an integer from 0 to 10000');
  const newAccounts = input.accounts ?? 0;
  if (!Number.isInteger(newAccounts) || newAccounts < 0 || newAccounts > 1000) throw new Error('accounts must be an integer from 0 to 1000');
  const spread = input.spreadMs ?? 30 * DAY;
  if (!Number.isFinite(spread) || spread < perAccount) throw new Error('spreadMs must be at least one millisecond per post');
  const impressions = input.impressions ?? 1000;
  if (!Number.isInteger(impressions) || impressions < 1) throw new Error('impressions must be a positive integer');
  const accounts: InstagramAccountSeed[] = [];
  for (const igUserId of input.igUserIds ?? []) {
    const account = ig.accounts.get(igUserId);
    if (!account) throw new Error(`unknown Instagram account ${igUserId}`);
    accounts.push(account);
  }
  for (let i = 0; i < newAccounts; i++) {
    c.seededAccounts += 1;
    const n = String(c.seededAccounts).padStart(5, '0');
    const account: InstagramAccountSeed = {
      igUserId: `178414999${n.padStart(8, '0')}`,
      appScopedUserId: `260000999${n.padStart(8, '0')}`,
      username: `seed.business.${n}`,
      name: `Seeded Business ${n}`,
      accountType: 'BUSINESS',
      pageId: `100000999${n.padStart(6, '0')}`,
      pageName: `Seeded Page ${n}`,
      impressions,
      messagingEnabled: false,
      humanAgentEnabled: false,
    };
    ig.accounts.set(account.igUserId, account);
    accounts.push(account);
  }
  const now = core.clock.now();
  return accounts.map((account) => {
    const posts: SeededInstagramPost[] = [];
    for (let i = 0; i < perAccount; i++) {
      const publishedAt = now - spread + Math.floor((spread * i) / perAccount);
      const key = `${core.opts.seed}|${account.igUserId}|${publishedAt}|${i}`;
      const media: InstagramMedia = {
        id: digitsFromHash(`${key}|media`, 17, '18'),
        igUserId: account.igUserId,
        containerId: digitsFromHash(`${key}|container`, 17, '17'),
        caption: `${input.captionPrefix ?? 'Seeded reel'} ${i + 1} by @${account.username}`,
        shortcode: `D${digitsFromHash(`${key}|shortcode`, 10, 'S')}`,
        publishedAt,
        sha256: '',
      };
      ig.media.set(media.id, media);
      core.state.publicPosts.push({
        platform: 'instagram',
        accountId: account.igUserId,
        postId: media.id,
        sourceId: media.containerId,
        sha256: '',
        caption: media.caption,
        publishedAt,
      });
      posts.push({ mediaId: media.id, caption: media.caption, publishedAt });
    }
    const seeded: SeededInstagramAccount = { igUserId: account.igUserId, username: account.username, posts };
    if (withTokens) {
      const appId = [...ig.apps.keys()][0] ?? '';
      const t = issueInstagramToken(core, { kind: 'ig_long', appId, igUserId: account.igUserId, scopes: [...IG_LOGIN_SCOPES] });
      seeded.tokens = {
        access_token: t.token,
        token_type: 'bearer',
        expires_in: t.expiresAt === undefined ? undefined : Math.floor((t.expiresAt - now) / 1000),
        user_id: account.igUserId,
      };
    }
    return seeded;
  });
}

/** A media's true numbers now and what its insights show (lagging); tests compare a client's readings with these. */
export function instagramMediaNumbers(core: Core, mediaId: string): Record<string, unknown> | undefined {
  const media = core.state.instagram.media.get(mediaId);
  if (!media) return undefined;
  const profile = profileOf(core, media);
  const now = core.clock.now();
  return {
    mediaId,
    igUserId: media.igUserId,
    liveAt: media.publishedAt,
    insightsLagMs: profile.insightsLagMs,
    durationSec: profile.durationSec,
    live: numbersAtAge(profile, now - media.publishedAt),
    insights: laggedNumbers(profile, media.publishedAt, now),
  };
}

function parseSeedInput(b: Record<string, unknown>): SeedInstagramInput {
  const num = (k: string): number => (typeof b[k] === 'number' ? b[k] : Number.NaN);
  const input: SeedInstagramInput = { postsPerAccount: num('postsPerAccount') };
  if (b['accounts'] !== undefined) input.accounts = num('accounts');
  if (b['igUserIds'] !== undefined) {
    if (!Array.isArray(b['igUserIds']) || b['igUserIds'].some((x) => typeof x !== 'string')) throw new Error('igUserIds must be a list of ig-user-id strings');
    input.igUserIds = b['igUserIds'] as string[];
  }
  if (b['spreadMs'] !== undefined) input.spreadMs = num('spreadMs');
  if (b['impressions'] !== undefined) input.impressions = num('impressions');
  if (typeof b['captionPrefix'] === 'string') input.captionPrefix = b['captionPrefix'];
  return input;
}

/** /__sandbox/instagram/analytics/…: the insights lag, bulk seeding (no tokens over HTTP) and a media's true numbers. */
export function instagramAnalyticsInspectionRoutes(core: Core): Route[] {
  return [
    r('GET', '/instagram/analytics/config', 'instagram.analytics.config', () => json(200, setInstagramAnalytics(core, {}))),
    r('PUT', '/instagram/analytics/config', 'instagram.analytics.config.set', async (ctx) => {
      const b = await inspectionBody(ctx);
      return json(
        200,
        guard(() => setInstagramAnalytics(core, b)),
      );
    }),
    r('POST', '/instagram/analytics/seed', 'instagram.analytics.seed', async (ctx) => {
      const b = await inspectionBody(ctx);
      const accounts = guard(() => seedInstagramAnalytics(core, parseSeedInput(b), false));
      return json(201, redact({ data: accounts }));
    }),
    r('GET', '/instagram/analytics/media/:id', 'instagram.analytics.media', (ctx) => {
      const numbers = instagramMediaNumbers(core, ctx.params['id'] ?? '');
      return numbers ? json(200, numbers) : json(404, { error: { code: 'not_found', message: 'no published Instagram media with this id' } });
    }),
  ];
}

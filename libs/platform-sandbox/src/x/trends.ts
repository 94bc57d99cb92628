/**
 * X trends and counts (issue 33, docs/platform-apis.md §11, docs/trend-sources.md), app-only:
 * - `GET /2/trends/by/woeid/:woeid?max_trends≤50` (75 requests per 15 min per app) →
 *   `{"data":[{"trend_name","tweet_count"}]}`, `tweet_count` absent for some trends (as §11 warns).
 * - `GET /2/tweets/counts/recent?query&granularity=minute|hour|day[&start_time&end_time]`
 *   (300 requests per 15 min per app, the last 7 days only) →
 *   `{"data":[{"start","end","tweet_count"}],"meta":{"total_tweet_count"}}`.
 * Every answer carries `x-rate-limit-limit/-remaining/-reset`; past the window, 429.
 *
 * Auth: the app-only Bearer token. The sandbox's app-only token of an app is
 * `sbx_x_app_bearer_<clientId>` (what `POST /oauth2/token` with client credentials would give; the
 * sandbox skips that exchange). A user-context token is refused (403 Unsupported Authentication).
 *
 * Billing: X bills reads per call (pay-per-use credits, §11). The sandbox keeps a per-app bill of
 * successful calls at $0.010 per trends call and $0.005 per counts call (GET
 * /__sandbox/x/trends/billing); with a credit limit set (PATCH, `creditLimitUsd`), a call that
 * would pass it answers 402 `credits-depleted` — the sandbox's own shape (the real answer is not
 * in our contract). Failed calls (4xx/5xx, 429) are not billed.
 *
 * Data are deterministic: a pure function of (sandbox seed, woeid or query, simulated time):
 * trends rise and fall by the hour; counts drift per term day by day.
 */
import type { Core, Ctx } from '../core/context.js';
import { sandboxError } from '../http/errors.js';
import { json, ReplyError, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { inspectionRoute, jsonBody } from '../inspection/helpers.js';
import { unitHash } from '../metrics-growth.js';
import { failInvalid, problem, tooManyRequests } from './errors.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The WOEIDs the sandbox has trends for (Yahoo! Where On Earth ids: 1 = worldwide, then countries). */
export const X_TREND_WOEIDS: Readonly<Record<string, string>> = {
  '1': 'Worldwide',
  '23424977': 'United States',
  '23424975': 'United Kingdom',
  '23424819': 'France',
  '23424829': 'Germany',
  '23424950': 'Spain',
  '23424853': 'Italy',
  '23424775': 'Canada',
  '23424856': 'Japan',
  '23424768': 'Brazil',
  '23424900': 'Mexico',
  '23424748': 'Australia',
  '23424848': 'India',
  '23424757': 'Belgium',
  '23424957': 'Switzerland',
};

export type XTrendEndpoint = 'trends' | 'counts';

export interface XTrendSettings {
  limits: Record<XTrendEndpoint, { limit: number; windowMs: number }>;
  /** Price per successful call, in micro-dollars. */
  priceMicros: Record<XTrendEndpoint, number>;
  /** Credit limit per app in dollars; null: none. */
  creditLimitUsd: number | null;
}

const DEFAULT_SETTINGS = (): XTrendSettings => ({
  limits: { trends: { limit: 75, windowMs: 15 * MINUTE }, counts: { limit: 300, windowMs: 15 * MINUTE } },
  priceMicros: { trends: 10_000, counts: 5_000 },
  creditLimitUsd: null,
});

interface AppBill {
  calls: Record<XTrendEndpoint, number>;
  micros: number;
}

interface TrendState {
  settings: XTrendSettings;
  windows: Map<string, { startedAt: number; used: number }>;
  bills: Map<string, AppBill>;
}

const STATES = new WeakMap<object, TrendState>();

function trendState(core: Core): TrendState {
  let s = STATES.get(core.state.x);
  if (!s) {
    s = { settings: DEFAULT_SETTINGS(), windows: new Map(), bills: new Map() };
    STATES.set(core.state.x, s);
  }
  return s;
}

export const X_APP_BEARER_PREFIX = 'sbx_x_app_bearer_';

/** The app-only Bearer token the sandbox accepts for an X app. */
export function xAppBearer(clientId: string): string {
  return `${X_APP_BEARER_PREFIX}${clientId}`;
}

/** The app behind an app-only Bearer; 401 for none or unknown, 403 for a user-context token. */
function requireAppOnly(ctx: Ctx): string {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  const token = m?.[1] ?? '';
  if (token.startsWith(X_APP_BEARER_PREFIX)) {
    const clientId = token.slice(X_APP_BEARER_PREFIX.length);
    if (ctx.core.state.x.apps.has(clientId)) return clientId;
  }
  if (token && ctx.core.state.x.accessTokens.has(token))
    throw new ReplyError(
      problem(
        403,
        'Unsupported Authentication',
        'Authenticating with OAuth 2.0 User Context is forbidden for this endpoint.  Supported authentication types are [OAuth 2.0 Application-Only].',
        'https://api.twitter.com/2/problems/unsupported-authentication',
      ),
    );
  throw new ReplyError(problem(401, 'Unauthorized', 'Unauthorized'));
}

function bill(s: TrendState, clientId: string): AppBill {
  let b = s.bills.get(clientId);
  if (!b) {
    b = { calls: { trends: 0, counts: 0 }, micros: 0 };
    s.bills.set(clientId, b);
  }
  return b;
}

/**
 * App-only auth, the endpoint's 15-minute window (429 past it, not counted) and the credit limit
 * (402 when this call would pass it); the handler's answer gets the rate-limit headers, and a
 * successful answer is billed.
 */
function appOnly(endpoint: XTrendEndpoint, handler: (ctx: Ctx) => Reply) {
  return (ctx: Ctx): Reply => {
    const clientId = requireAppOnly(ctx);
    const s = trendState(ctx.core);
    const now = ctx.core.clock.now();
    const spec = s.settings.limits[endpoint];
    const key = `${endpoint}|${clientId}`;
    let w = s.windows.get(key);
    if (!w || now >= w.startedAt + spec.windowMs) {
      w = { startedAt: now, used: 0 };
      s.windows.set(key, w);
    }
    const exhausted = w.used >= spec.limit;
    if (!exhausted) w.used += 1;
    const headers = {
      'x-rate-limit-limit': spec.limit,
      'x-rate-limit-remaining': Math.max(0, spec.limit - w.used),
      'x-rate-limit-reset': Math.ceil((w.startedAt + spec.windowMs) / 1000),
    };
    if (exhausted) return tooManyRequests(headers);
    const b = bill(s, clientId);
    const price = s.settings.priceMicros[endpoint];
    if (s.settings.creditLimitUsd !== null && b.micros + price > Math.round(s.settings.creditLimitUsd * 1_000_000))
      return problem(
        402,
        'Payment Required',
        'Your account has run out of credits for this billing period. Add credits or raise the spending limit in the developer console.',
        'https://api.x.com/2/problems/credits-depleted',
        {},
        headers,
      );
    let reply: Reply;
    try {
      reply = handler(ctx);
    } catch (error) {
      if (error instanceof ReplyError) return { ...error.reply, headers: { ...error.reply.headers, ...headers } };
      throw error;
    }
    if (reply.status < 300) {
      b.calls[endpoint] += 1;
      b.micros += price;
    }
    return { ...reply, headers: { ...reply.headers, ...headers } };
  };
}

const TOPICS = [
  'AI',
  'WorldCup',
  'Grammys',
  'BlackFriday',
  'ClimateAction',
  'Crypto',
  'NBA',
  'F1',
  'Eurovision',
  'Oscars',
  'TechNews',
  'GameDay',
  'NewMusicFriday',
  'Marketing',
  'Startup',
  'Election',
  'Football',
  'Netflix',
  'Skincare',
  'Recipe',
  'Fashion',
  'Travel',
  'Fitness',
  'Gaming',
  'Anime',
  'KPop',
  'Cinema',
  'Science',
  'SpaceX',
  'Weather',
];

/** A trend's strength at `hour`: a per-trend wave (rise, peak, fade) over a few hours. */
function strength(seed: number, woeid: string, name: string, hour: number): number {
  const key = `${seed}:x-trend:${woeid}:${name}`;
  const period = 12 + Math.floor(unitHash(`${key}:p`) * 60);
  const phase = Math.floor(unitHash(`${key}:ph`) * period);
  const pos = (hour + phase) % period;
  const wave = Math.exp(-(((pos - period / 2) / (period / 6)) ** 2));
  return (0.2 + unitHash(`${key}:base`) ** 2) * (0.05 + wave);
}

export function trendsAt(seed: number, woeid: string, now: number, max: number): { trend_name: string; tweet_count?: number }[] {
  const hour = Math.floor(now / HOUR);
  const local = (X_TREND_WOEIDS[woeid] ?? 'Local').replace(/\s+/g, '');
  const names = [...TOPICS.map((t) => `#${t}`), ...TOPICS.slice(0, 10).map((t) => `${t} ${local}`), `#${local}Today`, `${local} news`];
  return names
    .map((name) => ({ name, score: strength(seed, woeid, name, hour) }))
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1))
    .slice(0, max)
    .map(({ name, score }) => {
      // §11: tweet_count may be absent; the sandbox leaves it out for about one trend in four.
      const hidden = unitHash(`${seed}:x-trend-hidden:${woeid}:${name}:${hour}`) < 0.25;
      return hidden ? { trend_name: name } : { trend_name: name, tweet_count: Math.floor(score * 400_000) + 1_000 };
    });
}

function trendsByWoeid(ctx: Ctx): Reply {
  const woeid = ctx.params['woeid'] ?? '';
  if (!/^\d+$/.test(woeid)) failInvalid('woeid', woeid, 'The `woeid` path parameter must be a number');
  const raw = ctx.query.get('max_trends');
  const max = raw === null ? 20 : Number(raw);
  if (!Number.isInteger(max) || max < 1 || max > 50)
    failInvalid('max_trends', raw, 'The `max_trends` query parameter value [' + String(raw) + '] is not between 1 and 50');
  if (!(woeid in X_TREND_WOEIDS))
    return json(200, {
      errors: [
        {
          detail: `Could not find trends for woeid: [${woeid}].`,
          title: 'Not Found Error',
          resource_type: 'woeid',
          parameter: 'woeid',
          value: woeid,
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    });
  return json(200, { data: trendsAt(ctx.core.opts.seed, woeid, ctx.core.clock.now(), max) });
}

/** Posts per minute matching a query on a day: a per-term base rate drifting day by day, with a daily cycle. */
function perMinute(seed: number, query: string, minute: number): number {
  const key = `${seed}:x-count:${query.toLowerCase()}`;
  const base = 0.05 + unitHash(`${key}:base`) ** 2 * 80;
  const drift = -0.05 + unitHash(`${key}:drift`) * 0.2;
  const day = Math.floor(minute / 1440);
  const hourOfDay = (minute % 1440) / 60;
  const cycle = 0.6 + 0.4 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
  return base * Math.exp(drift * ((day % 40) - 20) * 0.25) * cycle;
}

function countIn(seed: number, query: string, from: number, to: number): number {
  let total = 0;
  for (let m = Math.floor(from / MINUTE); m < Math.ceil(to / MINUTE); m++) {
    const rate = perMinute(seed, query, m);
    // Deterministic integer per minute: the rate plus hashed noise, floored.
    total += Math.floor(rate + unitHash(`${seed}:${query}:${m}`));
  }
  return total;
}

const GRANULARITY_MS: Readonly<Record<string, number>> = { minute: MINUTE, hour: HOUR, day: DAY };

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');
}

function countsRecent(ctx: Ctx): Reply {
  const query = ctx.query.get('query') ?? '';
  if (!query.trim()) failInvalid('query', query, 'The `query` query parameter can not be empty');
  if (query.length > 512) failInvalid('query', query, 'The `query` query parameter must be at most 512 characters');
  const granularity = ctx.query.get('granularity') ?? 'hour';
  const step = GRANULARITY_MS[granularity];
  if (!step) failInvalid('granularity', granularity, 'The `granularity` query parameter value [' + granularity + '] is not one of [minute,hour,day]');
  const now = ctx.core.clock.now();
  // X asks end_time to be at least 10 s before the request; the default end is now - 30 s.
  const parse = (name: string, fallback: number): number => {
    const v = ctx.query.get(name);
    if (v === null) return fallback;
    const t = Date.parse(v);
    if (!Number.isFinite(t)) failInvalid(name, v, `Invalid date format for the \`${name}\` query parameter: ${v}`);
    return t;
  };
  const end = parse('end_time', now - 30_000);
  const start = parse('start_time', now - 7 * DAY);
  if (start < now - 7 * DAY - MINUTE)
    failInvalid(
      'start_time',
      ctx.query.get('start_time'),
      "Invalid 'start_time':'" + String(ctx.query.get('start_time')) + "'. 'start_time' must be on or after " + isoSeconds(now - 7 * DAY),
    );
  if (end > now - 10_000) failInvalid('end_time', ctx.query.get('end_time'), "Invalid 'end_time': must be a minimum of 10 seconds prior to the request time.");
  if (end <= start) failInvalid('start_time', ctx.query.get('start_time'), "Invalid 'start_time': must be before 'end_time'.");
  const seed = ctx.core.opts.seed;
  const data: { start: string; end: string; tweet_count: number }[] = [];
  // Buckets aligned to the granularity, the first and last cut at start/end.
  for (let b = Math.floor(start / step) * step; b < end; b += step) {
    const from = Math.max(start, b);
    const to = Math.min(end, b + step);
    data.push({ start: isoSeconds(from), end: isoSeconds(to), tweet_count: countIn(seed, query, from, to) });
  }
  return json(200, { data, meta: { total_tweet_count: data.reduce((sum, d) => sum + d.tweet_count, 0) } });
}

export function xTrendRoutes(): Route[] {
  return [
    { host: 'x-api', method: 'GET', path: '/2/trends/by/woeid/:woeid', endpoint: 'x.trends.by_woeid', handler: appOnly('trends', trendsByWoeid) },
    { host: 'x-api', method: 'GET', path: '/2/tweets/counts/recent', endpoint: 'x.tweets.counts.recent', handler: appOnly('counts', countsRecent) },
  ];
}

export function describeXBilling(core: Core): Record<string, unknown> {
  const s = trendState(core);
  const apps = Object.fromEntries([...s.bills].map(([clientId, b]) => [clientId, { calls: b.calls, spentUsd: b.micros / 1_000_000, spentMicros: b.micros }]));
  return {
    priceUsd: { trends: s.settings.priceMicros.trends / 1_000_000, counts: s.settings.priceMicros.counts / 1_000_000 },
    creditLimitUsd: s.settings.creditLimitUsd,
    limits: s.settings.limits,
    apps,
  };
}

/**
 * /__sandbox/x/trends/billing (GET: money spent per app); PATCH /__sandbox/x/trends/settings
 * `{creditLimitUsd: number|null, trendsLimit, countsLimit, reset}`.
 */
export function xTrendInspectionRoutes(core: Core): Route[] {
  return [
    inspectionRoute('GET', '/x/trends/billing', 'x.trends.billing', () => json(200, describeXBilling(core))),
    inspectionRoute('PATCH', '/x/trends/settings', 'x.trends.settings', async (ctx) => {
      const b = await jsonBody(ctx);
      const s = trendState(core);
      if (b['reset'] === true) s.settings = DEFAULT_SETTINGS();
      if (b['creditLimitUsd'] !== undefined) {
        const v = b['creditLimitUsd'];
        if (v !== null && (typeof v !== 'number' || !(v >= 0)))
          return sandboxError(400, 'invalid_request', 'creditLimitUsd must be a non-negative number or null');
        s.settings.creditLimitUsd = v;
      }
      for (const endpoint of ['trends', 'counts'] as const) {
        const v = b[`${endpoint}Limit`];
        if (v === undefined) continue;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
          return sandboxError(400, 'invalid_request', `${endpoint}Limit must be a non-negative integer`);
        s.settings.limits[endpoint].limit = v;
      }
      return json(200, describeXBilling(core));
    }),
  ];
}

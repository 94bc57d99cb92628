/**
 * X analytics of our own posts (docs/platform-apis.md §10; issue #23): `GET /2/tweets?ids=…`
 * (≤ 100 ids) with `public_metrics`, and for our own posts under 30 days also
 * `non_public_metrics` and `organic_metrics` (X refuses them for older posts, so those are read
 * apart). Followers from `GET /2/users/me?user.fields=public_metrics`. A 429 moves the read to the
 * window's reset (`x-rate-limit-reset`).
 */
import {
  AnalyticsReadError,
  AnalyticsRetryAfter,
  normaliseReading,
  type AccountReading,
  type AnalyticsClient,
  type AnalyticsClientBase,
  type AnalyticsMetric,
  type AnalyticsPostRef,
  type PostsRead,
} from '../analytics.js';
import { systemClock, type Clock } from '../contract.js';
import { parseJson, send } from '../http.js';
import { readXError } from './errors.js';
import { readXRateHeaders } from './publisher.js';

export const X_ANALYTICS_BATCH = 100;
/** Own posts younger than this also get their non-public and organic metrics. */
export const X_PRIVATE_METRICS_MAX_AGE_MS = 30 * 24 * 3_600_000;

/** X's `public_metrics` fields → ours; `non_public_metrics`/`organic_metrics` refine views (impressions). */
export const X_METRIC_NAMES: Readonly<Record<string, AnalyticsMetric>> = {
  impression_count: 'views',
  like_count: 'likes',
  reply_count: 'comments',
  retweet_count: 'shares',
  bookmark_count: 'saves',
};

export interface XAnalyticsDeps extends AnalyticsClientBase {
  apiBaseUrl: string;
}

type Answer = { ok: true; body: Record<string, unknown> } | { ok: false; retryAfter: AnalyticsRetryAfter };

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export class XAnalyticsClient implements AnalyticsClient {
  private readonly base: string;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(private readonly deps: XAnalyticsDeps) {
    this.base = deps.apiBaseUrl.replace(/\/+$/, '');
    this.clock = deps.clock ?? systemClock;
    this.timeoutMs = deps.requestTimeoutMs ?? 15_000;
  }

  async readPosts(posts: readonly AnalyticsPostRef[], signal?: AbortSignal): Promise<PostsRead> {
    const out: PostsRead = { readings: [], missing: [], deferred: [], calls: 0 };
    out.missing.push(...posts.filter((p) => !p.remoteId).map((p) => p.key));
    const now = this.clock.now();
    const young = posts.filter((p) => p.remoteId && now - Date.parse(p.postedAt) < X_PRIVATE_METRICS_MAX_AGE_MS);
    const old = posts.filter((p) => p.remoteId && !(now - Date.parse(p.postedAt) < X_PRIVATE_METRICS_MAX_AGE_MS));
    const groups: [AnalyticsPostRef[], string][] = [
      [young, 'public_metrics,non_public_metrics,organic_metrics'],
      [old, 'public_metrics'],
    ];
    const pending = groups.flatMap(([list, fields]) => chunk(list, X_ANALYTICS_BATCH).map((batch) => ({ batch, fields })));
    for (let i = 0; i < pending.length; i++) {
      const { batch, fields } = pending[i]!;
      const answer = await this.call('/2/tweets', { ids: batch.map((p) => p.remoteId).join(','), 'tweet.fields': fields }, signal);
      out.calls += 1;
      if (!answer.ok) {
        out.retryAfter = answer.retryAfter;
        out.deferred.push(...pending.slice(i).flatMap((p) => p.batch.map((post) => post.key)));
        return out;
      }
      const data = Array.isArray(answer.body.data) ? answer.body.data.map(asRecord) : [];
      const byId = new Map(data.map((post) => [String(post.id), post]));
      for (const post of batch) {
        const found = byId.get(post.remoteId!);
        if (!found) {
          out.missing.push(post.key);
          continue;
        }
        const values: Partial<Record<AnalyticsMetric, number>> = {};
        const pub = asRecord(found.public_metrics);
        for (const [theirs, ours] of Object.entries(X_METRIC_NAMES)) {
          const value = count(pub[theirs]);
          if (value !== undefined) values[ours] = value;
        }
        // Own posts: the non-public figures (impressions, video views) are the owner's truth.
        const priv = asRecord(found.non_public_metrics);
        const views = count(priv.impression_count) ?? count(asRecord(found.organic_metrics).impression_count);
        if (views !== undefined) values.views = Math.max(values.views ?? 0, views);
        out.readings.push({ key: post.key, remoteId: post.remoteId!, metrics: normaliseReading(values), refused: [] });
      }
    }
    return out;
  }

  async readAccount(_remoteAccountId: string, _grantedScopes: readonly string[], signal?: AbortSignal): Promise<AccountReading> {
    const answer = await this.call('/2/users/me', { 'user.fields': 'public_metrics' }, signal);
    if (!answer.ok) throw answer.retryAfter;
    const followers = count(asRecord(asRecord(asRecord(answer.body.data).public_metrics)).followers_count);
    return { metrics: { followers: followers ?? null, account_views: null }, calls: 1 };
  }

  private async call(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<Answer> {
    let token: string;
    try {
      token = await this.deps.tokenProvider();
    } catch (error) {
      throw new AnalyticsReadError('auth', 'x.token_unavailable', (error as Error).message);
    }
    const res = await send(
      `${this.base}${path}?${new URLSearchParams(params)}`,
      { method: 'GET', headers: { authorization: `Bearer ${token}` } },
      { timeoutMs: this.timeoutMs, ...(signal ? { signal } : {}) },
    );
    if (!res.ok) throw new AnalyticsReadError('failed', `x.${res.reason}`, res.message);
    const parsed = parseJson(res.text.replace(/"(id)"\s*:\s*(\d{16,})/g, '"$1":"$2"'));
    if (res.status === 200 && parsed.ok) return { ok: true, body: asRecord(parsed.value) };
    const error = readXError(res.text);
    const key = error.problem ?? error.code ?? `http_${res.status}`;
    const now = this.clock.now();
    if (res.status === 429 || key === 'usage-capped') {
      const window = readXRateHeaders(res.headers);
      return { ok: false, retryAfter: new AnalyticsRetryAfter(window ? Math.max(1000, window.resetAt - now) : 15 * 60_000, `x.${key}`) };
    }
    if (res.status === 403) throw new AnalyticsReadError('scope', `x.${key}`, 'reconnect to enable analytics (scopes tweet.read, users.read)');
    if (res.status === 401) throw new AnalyticsReadError('auth', `x.${key}`, error.message ?? 'token refused');
    throw new AnalyticsReadError('failed', `x.${key}`, error.message ?? res.text.slice(0, 120));
  }
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export function createXAnalyticsClient(deps: XAnalyticsDeps): XAnalyticsClient {
  return new XAnalyticsClient(deps);
}

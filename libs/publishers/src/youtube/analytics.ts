/**
 * YouTube analytics of our own videos (docs/platform-apis.md §10, §11): `videos.list?part=statistics`
 * with at most 50 ids a call (1 unit each), counts sent as strings. Subscribers from
 * `channels.list?part=statistics&mine=true`. Never summed with other platforms (§11: the
 * descriptor marks `separateTotals`). `quotaExceeded` moves the read to the next Pacific midnight.
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
import { parseJson, retryAfterFromHeader, send } from '../http.js';
import { msUntilNextPacificMidnight } from './pacific.js';

export const YOUTUBE_ANALYTICS_BATCH = 50;
/** YouTube's statistics fields → ours (favoriteCount is always 0 and has no equivalent). */
export const YOUTUBE_METRIC_NAMES: Readonly<Record<string, AnalyticsMetric>> = { viewCount: 'views', likeCount: 'likes', commentCount: 'comments' };
const RATE_REASONS = new Set(['quotaExceeded', 'rateLimitExceeded', 'userRateLimitExceeded']);

export interface YouTubeAnalyticsDeps extends AnalyticsClientBase {
  apiBaseUrl: string;
}

type Answer = { ok: true; items: Record<string, unknown>[] } | { ok: false; retryAfter: AnalyticsRetryAfter };

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Counts arrive as decimal strings ("123"); anything else is unknown (null), never 0. */
function count(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

export class YouTubeAnalyticsClient implements AnalyticsClient {
  private readonly base: string;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(private readonly deps: YouTubeAnalyticsDeps) {
    this.base = deps.apiBaseUrl.replace(/\/+$/, '');
    this.clock = deps.clock ?? systemClock;
    this.timeoutMs = deps.requestTimeoutMs ?? 15_000;
  }

  async readPosts(posts: readonly AnalyticsPostRef[], signal?: AbortSignal): Promise<PostsRead> {
    const out: PostsRead = { readings: [], missing: [], deferred: [], calls: 0 };
    const withId = posts.filter((p) => p.remoteId);
    // No late-id matching: the upload answer names the video, so a post without one has none.
    out.missing.push(...posts.filter((p) => !p.remoteId).map((p) => p.key));
    for (let i = 0; i < withId.length; i += YOUTUBE_ANALYTICS_BATCH) {
      const batch = withId.slice(i, i + YOUTUBE_ANALYTICS_BATCH);
      const answer = await this.call('/youtube/v3/videos', { part: 'statistics', id: batch.map((p) => p.remoteId).join(',') }, signal);
      out.calls += 1;
      if (!answer.ok) {
        out.retryAfter = answer.retryAfter;
        out.deferred.push(...withId.slice(i).map((p) => p.key));
        return out;
      }
      const byId = new Map(answer.items.map((item) => [String(item.id), asRecord(item.statistics)]));
      for (const post of batch) {
        const stats = byId.get(post.remoteId ?? '');
        if (!stats) {
          out.missing.push(post.key);
          continue;
        }
        const values: Partial<Record<AnalyticsMetric, number>> = {};
        for (const [theirs, ours] of Object.entries(YOUTUBE_METRIC_NAMES)) {
          const value = count(stats[theirs]);
          if (value !== undefined) values[ours] = value;
        }
        out.readings.push({ key: post.key, remoteId: post.remoteId!, metrics: normaliseReading(values), refused: [] });
      }
    }
    return out;
  }

  async readAccount(_remoteAccountId: string, _grantedScopes: readonly string[], signal?: AbortSignal): Promise<AccountReading> {
    const answer = await this.call('/youtube/v3/channels', { part: 'statistics', mine: 'true' }, signal);
    if (!answer.ok) throw answer.retryAfter;
    const stats = asRecord(answer.items[0]?.statistics);
    // hiddenSubscriberCount: the channel hides it; the figure is then not ours to show.
    const followers = stats.hiddenSubscriberCount === true ? undefined : count(stats.subscriberCount);
    return { metrics: { followers: followers ?? null, account_views: null }, calls: 1 };
  }

  private async call(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<Answer> {
    let token: string;
    try {
      token = await this.deps.tokenProvider();
    } catch (error) {
      throw new AnalyticsReadError('auth', 'youtube.authError', (error as Error).message);
    }
    const res = await send(
      `${this.base}${path}?${new URLSearchParams(params)}`,
      { method: 'GET', headers: { authorization: `Bearer ${token}` } },
      { timeoutMs: this.timeoutMs, ...(signal ? { signal } : {}) },
    );
    if (!res.ok) throw new AnalyticsReadError('failed', `youtube.${res.reason}`, res.message);
    const parsed = parseJson(res.text);
    const body = asRecord(parsed.ok ? parsed.value : undefined);
    if (res.status === 200 && parsed.ok) return { ok: true, items: (Array.isArray(body.items) ? body.items : []).map(asRecord) };
    const error = asRecord(body.error);
    const reason = String(asRecord(Array.isArray(error.errors) ? error.errors[0] : undefined).reason ?? `http_${res.status}`);
    const now = this.clock.now();
    if (RATE_REASONS.has(reason) || res.status === 429) {
      const wait = reason === 'quotaExceeded' ? msUntilNextPacificMidnight(now) : (retryAfterFromHeader(res.headers, now) ?? 60_000);
      return { ok: false, retryAfter: new AnalyticsRetryAfter(wait, `youtube.${reason}`) };
    }
    if (reason === 'insufficientPermissions')
      throw new AnalyticsReadError('scope', `youtube.${reason}`, 'reconnect to enable analytics (scope youtube.readonly)');
    if (res.status === 401) throw new AnalyticsReadError('auth', `youtube.${reason}`, String(error.message ?? 'token refused'));
    throw new AnalyticsReadError('failed', `youtube.${reason}`, String(error.message ?? res.text.slice(0, 120)));
  }
}

export function createYouTubeAnalyticsClient(deps: YouTubeAnalyticsDeps): YouTubeAnalyticsClient {
  return new YouTubeAnalyticsClient(deps);
}

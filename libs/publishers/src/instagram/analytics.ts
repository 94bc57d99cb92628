/**
 * Instagram analytics of our own media (docs/platform-apis.md §10): `GET /{media-id}/insights`
 * with the metric list of the configured Graph API version, scope
 * `instagram_business_manage_insights`. Asking for one retired metric fails the whole request and
 * the error names the position (`metric[1]`), not the name: the refused metric is dropped and the
 * rest asked again, so a retirement costs one metric, never the pull. Insights can lag up to 48 h.
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
import { parseJson, retryAfterFromBusinessUseCase, retryAfterFromHeader, send } from '../http.js';

/**
 * The media metrics to ask for, per Graph API version (the newest entry whose `from` is at most the
 * configured version applies). `plays` gave way to `views` in v22.0; v22.0 onwards is §10's list.
 */
export const INSTAGRAM_MEDIA_METRICS_BY_VERSION: readonly { from: string; metrics: readonly string[] }[] = [
  {
    from: 'v18.0',
    metrics: ['plays', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions', 'ig_reels_avg_watch_time', 'ig_reels_video_view_total_time'],
  },
  {
    from: 'v22.0',
    metrics: ['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions', 'ig_reels_avg_watch_time', 'ig_reels_video_view_total_time'],
  },
];
/** Instagram's metric names → ours (times in milliseconds, as Graph gives them). */
export const INSTAGRAM_METRIC_NAMES: Readonly<Record<string, AnalyticsMetric>> = {
  views: 'views',
  plays: 'views',
  reach: 'reach',
  likes: 'likes',
  comments: 'comments',
  shares: 'shares',
  saved: 'saves',
  ig_reels_video_view_total_time: 'watch_time',
  ig_reels_avg_watch_time: 'avg_watch_time',
};
/** Graph codes that mean "call budget used up" (§3.8, §3.10). */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80002]);
const DEFAULT_RETRY_AFTER_MS = 5 * 60_000;
/** online_followers' days and hours are Pacific (its day ends at 07:00/08:00 UTC). */
const PACIFIC_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });

function versionNumber(version: string): number {
  return Number(/^v?(\d+(?:\.\d+)?)/.exec(version)?.[1] ?? 0);
}

/** The metric list for a Graph API version. */
export function instagramMediaMetrics(graphApiVersion: string): readonly string[] {
  const wanted = versionNumber(graphApiVersion);
  const applicable = INSTAGRAM_MEDIA_METRICS_BY_VERSION.filter((entry) => versionNumber(entry.from) <= wanted);
  return (applicable.at(-1) ?? INSTAGRAM_MEDIA_METRICS_BY_VERSION[0])?.metrics ?? [];
}

export interface InstagramAnalyticsDeps extends AnalyticsClientBase {
  /** graph.instagram.com (Instagram Login), graph.facebook.com (Facebook Login) or the sandbox's. */
  graphBaseUrl: string;
  /** e.g. v26.0: picks the metric list (INSTAGRAM_MEDIA_METRICS_BY_VERSION). */
  graphApiVersion: string;
}

interface GraphError {
  code?: number;
  error_subcode?: number;
  message?: string;
}
interface InsightEntry {
  name?: string;
  values?: { value?: unknown; end_time?: string }[];
  total_value?: { value?: unknown };
}
type GraphAnswer = { ok: true; body: Record<string, unknown> } | { ok: false; error: GraphError; status: number };

/** The metric a "(#100) … metric[i] …" refusal names, by position or by name. */
function refusedMetric(error: GraphError, asked: readonly string[]): string | undefined {
  const message = error.message ?? '';
  const position = /metric\[(\d+)\]/.exec(message);
  if (position) return asked[Number(position[1])];
  return asked.find((m) => new RegExp(`\\b${m}\\b`).test(message));
}

export class InstagramAnalyticsClient implements AnalyticsClient {
  private readonly base: string;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  /** Metrics this version refused during this client's life: not asked again. */
  private readonly refused = new Set<string>();

  constructor(private readonly deps: InstagramAnalyticsDeps) {
    this.base = `${deps.graphBaseUrl.replace(/\/+$/, '')}/${deps.graphApiVersion}`;
    this.clock = deps.clock ?? systemClock;
    this.timeoutMs = deps.requestTimeoutMs ?? 15_000;
  }

  async readPosts(posts: readonly AnalyticsPostRef[], signal?: AbortSignal): Promise<PostsRead> {
    const out: PostsRead = { readings: [], missing: [], deferred: [], calls: 0 };
    for (const [index, post] of posts.entries()) {
      if (!post.remoteId) {
        out.missing.push(post.key);
        continue;
      }
      try {
        const media = await this.readMedia(post.remoteId, out, signal);
        if (media === 'missing') out.missing.push(post.key);
        else out.readings.push({ key: post.key, remoteId: post.remoteId, metrics: normaliseReading(media.values), refused: media.refused });
      } catch (error) {
        if (!(error instanceof AnalyticsRetryAfter)) throw error;
        out.retryAfter = error;
        out.deferred.push(...posts.slice(index).map((p) => p.key));
        break;
      }
    }
    return out;
  }

  /** One media's insights, dropping each refused metric and asking again for the rest. */
  private async readMedia(
    mediaId: string,
    out: PostsRead,
    signal?: AbortSignal,
  ): Promise<{ values: Partial<Record<AnalyticsMetric, number>>; refused: string[] } | 'missing'> {
    const all = instagramMediaMetrics(this.deps.graphApiVersion);
    let asked = all.filter((m) => !this.refused.has(m));
    while (asked.length > 0) {
      const answer = await this.get(`/${encodeURIComponent(mediaId)}/insights`, { metric: asked.join(',') }, signal);
      out.calls += 1;
      if (answer.ok) {
        const values: Partial<Record<AnalyticsMetric, number>> = {};
        for (const entry of (answer.body.data ?? []) as InsightEntry[]) {
          const ours = entry.name ? INSTAGRAM_METRIC_NAMES[entry.name] : undefined;
          const value = entry.total_value?.value ?? entry.values?.[0]?.value;
          if (ours && typeof value === 'number' && Number.isFinite(value)) values[ours] = value;
        }
        return { values, refused: all.filter((m) => this.refused.has(m)) };
      }
      const { error } = answer;
      if (error.code === 100 && (error.error_subcode === 33 || /does not exist|cannot be loaded/i.test(error.message ?? ''))) return 'missing';
      const metric = error.code === 100 ? refusedMetric(error, asked) : undefined;
      if (!metric) this.fail(answer);
      this.refused.add(metric);
      asked = asked.filter((m) => m !== metric);
    }
    return { values: {}, refused: all.filter((m) => this.refused.has(m)) };
  }

  async readAccount(remoteAccountId: string, _grantedScopes: readonly string[], signal?: AbortSignal): Promise<AccountReading> {
    const reading: AccountReading = { metrics: { followers: null, account_views: null }, calls: 0 };
    const profile = await this.get(`/${encodeURIComponent(remoteAccountId)}`, { fields: 'followers_count' }, signal);
    reading.calls += 1;
    if (profile.ok && typeof profile.body.followers_count === 'number') reading.metrics.followers = profile.body.followers_count;
    else if (!profile.ok && profile.error.code !== 100) this.fail(profile);
    // Account views need metric_type=total_value (§10); the last full day.
    const until = Math.floor(this.clock.now() / 1000);
    const views = await this.get(
      `/${encodeURIComponent(remoteAccountId)}/insights`,
      { metric: 'views', metric_type: 'total_value', period: 'day', since: String(until - 86_400), until: String(until) },
      signal,
    );
    reading.calls += 1;
    if (views.ok) {
      const entry = ((views.body.data ?? []) as InsightEntry[]).find((e) => e.name === 'views');
      const value = entry?.total_value?.value ?? entry?.values?.[0]?.value;
      if (typeof value === 'number') reading.metrics.account_views = value;
    } else if (views.error.code !== 100) this.fail(views);
    // Followers online per Pacific hour (lifetime metric, absent under 100 followers): the
    // best-times seed of an account without results yet. Its absence never fails the read.
    const online = await this.get(
      `/${encodeURIComponent(remoteAccountId)}/insights`,
      { metric: 'online_followers', period: 'lifetime', since: String(until - 2 * 86_400), until: String(until) },
      signal,
    );
    reading.calls += 1;
    if (online.ok) {
      const entry = ((online.body.data ?? []) as InsightEntry[]).find((e) => e.name === 'online_followers');
      const days = (entry?.values ?? []).flatMap((v) => {
        const value = v.value as unknown;
        if (!value || typeof value !== 'object' || typeof v.end_time !== 'string') return [];
        const byHour = value as Record<string, unknown>;
        // end_time is the end of the Pacific day the values are for.
        const date = PACIFIC_DATE.format(new Date(Date.parse(v.end_time) - 3_600_000));
        return [{ date, hours: Array.from({ length: 24 }, (_, h) => (typeof byHour[String(h)] === 'number' ? (byHour[String(h)] as number) : null)) }];
      });
      if (days.length > 0) reading.onlineFollowers = days;
    }
    return reading;
  }

  private fail(answer: Extract<GraphAnswer, { ok: false }>): never {
    const { error, status } = answer;
    const code = `instagram.${error.code ?? `http_${status}`}`;
    if (error.code === 190) throw new AnalyticsReadError('auth', code, error.message ?? 'token refused');
    if (error.code === 10 || (error.code !== undefined && error.code >= 200 && error.code <= 299))
      throw new AnalyticsReadError('scope', code, 'reconnect to enable analytics (scope instagram_business_manage_insights)');
    throw new AnalyticsReadError('failed', code, error.message ?? `HTTP ${status}`);
  }

  private async get(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<GraphAnswer> {
    let token: string;
    try {
      token = await this.deps.tokenProvider();
    } catch (error) {
      throw new AnalyticsReadError('auth', 'instagram.190', (error as Error).message);
    }
    const url = `${this.base}${path}?${new URLSearchParams(query).toString()}`;
    const res = await send(url, { method: 'GET', headers: { authorization: `Bearer ${token}` } }, { timeoutMs: this.timeoutMs, ...(signal ? { signal } : {}) });
    if (!res.ok) throw new AnalyticsReadError('failed', `instagram.${res.reason}`, res.message);
    const parsed = parseJson(res.text);
    const body = parsed.ok && parsed.value && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>) : undefined;
    const error = body?.error as GraphError | undefined;
    if (res.status === 429 || (error?.code !== undefined && THROTTLE_CODES.has(error.code))) {
      const wait = retryAfterFromBusinessUseCase(res.headers) ?? retryAfterFromHeader(res.headers, this.clock.now()) ?? DEFAULT_RETRY_AFTER_MS;
      throw new AnalyticsRetryAfter(wait, `instagram.${error?.code ?? 'http_429'}`);
    }
    if (res.status >= 200 && res.status < 300 && body && !error) return { ok: true, body };
    return { ok: false, status: res.status, error: error ?? { message: res.text.slice(0, 120) } };
  }
}

export function createInstagramAnalyticsClient(deps: InstagramAnalyticsDeps): InstagramAnalyticsClient {
  return new InstagramAnalyticsClient(deps);
}

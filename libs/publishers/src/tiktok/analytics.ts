/**
 * TikTok analytics of our own posts (docs/platform-apis.md §10): `POST /v2/video/query/` with at
 * most 20 ids a call, and `POST /v2/video/list/` to find a post whose id never reached us (matched
 * by create time and caption, with the evidence). Scope `video.list`; public posts only; 600
 * requests/min. Followers come from `/v2/user/info/` when `user.info.stats` was granted.
 */
import {
  AnalyticsReadError,
  AnalyticsRetryAfter,
  captionSimilarity,
  normaliseReading,
  type AccountReading,
  type AnalyticsClient,
  type AnalyticsClientBase,
  type AnalyticsMetric,
  type AnalyticsPostRef,
  type LateIdEvidence,
  type PostReading,
  type PostsRead,
} from '../analytics.js';
import { systemClock, type Clock } from '../contract.js';
import { parseJson, retryAfterFromHeader, send } from '../http.js';

/** video/query and video/list take at most 20 ids / items per call. */
export const TIKTOK_ANALYTICS_BATCH = 20;
/** TikTok's field names → ours. Watch time, saves and reach are not in the Display API: null. */
export const TIKTOK_METRIC_NAMES: Readonly<Record<string, AnalyticsMetric>> = {
  view_count: 'views',
  like_count: 'likes',
  comment_count: 'comments',
  share_count: 'shares',
};
/** The documented fields (§10) plus the caption fields a late-id match compares. */
export const TIKTOK_VIDEO_FIELDS = ['id', 'create_time', 'view_count', 'like_count', 'comment_count', 'share_count', 'duration', 'title', 'video_description'];
/** How far a post's create_time may be from when we saw it go live, for a late-id match. */
export const TIKTOK_MATCH_WINDOW_SEC = 30 * 60;
/** The least caption overlap that counts as the same post (high: templated captions of neighbouring posts differ by a word or two). */
export const TIKTOK_MATCH_MIN_SIMILARITY = 0.8;
/** video/list pages read at most per pull when matching (newest first; 20 a page). */
const MAX_LIST_PAGES = 10;
const DEFAULT_RETRY_AFTER_MS = 60_000;

interface TikTokVideo {
  id: string;
  create_time?: number;
  title?: string;
  video_description?: string;
  [field: string]: unknown;
}

export interface TikTokAnalyticsDeps extends AnalyticsClientBase {
  /** open.tiktokapis.com or the sandbox's TikTok host. */
  apiBaseUrl: string;
}

type Answer<T> = { ok: true; data: T } | { ok: false; retryAfter: AnalyticsRetryAfter };

/** Post ids are int64 and may exceed 2^53: quote a bare numeric id before JSON.parse reads it as a double. */
function quoteBigIds(text: string): string {
  return text.replace(/"id"\s*:\s*(\d{16,})/g, '"id":"$1"');
}

function readingOf(video: TikTokVideo): Partial<Record<AnalyticsMetric, number>> {
  const values: Partial<Record<AnalyticsMetric, number>> = {};
  for (const [theirs, ours] of Object.entries(TIKTOK_METRIC_NAMES)) {
    const value = video[theirs];
    if (typeof value === 'number' && Number.isFinite(value)) values[ours] = value;
  }
  return values;
}

export class TikTokAnalyticsClient implements AnalyticsClient {
  private readonly base: string;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(private readonly deps: TikTokAnalyticsDeps) {
    this.base = deps.apiBaseUrl.replace(/\/+$/, '');
    this.clock = deps.clock ?? systemClock;
    this.timeoutMs = deps.requestTimeoutMs ?? 15_000;
  }

  async readPosts(posts: readonly AnalyticsPostRef[], signal?: AbortSignal): Promise<PostsRead> {
    const out: PostsRead = { readings: [], missing: [], deferred: [], calls: 0 };
    const withId = posts.filter((p) => p.remoteId && /^\d+$/.test(p.remoteId));
    const toMatch: AnalyticsPostRef[] = posts.filter((p) => !withId.includes(p));
    for (let i = 0; i < withId.length; i += TIKTOK_ANALYTICS_BATCH) {
      const batch = withId.slice(i, i + TIKTOK_ANALYTICS_BATCH);
      const answer = await this.call<{ videos?: TikTokVideo[] }>('/v2/video/query/', { filters: { video_ids: batch.map((p) => p.remoteId) } }, signal);
      out.calls += 1;
      if (!answer.ok) {
        out.retryAfter = answer.retryAfter;
        out.deferred.push(...withId.slice(i).map((p) => p.key), ...toMatch.map((p) => p.key));
        return out;
      }
      const byId = new Map((answer.data.videos ?? []).map((v) => [String(v.id), v]));
      for (const post of batch) {
        const video = byId.get(post.remoteId ?? '');
        if (video) out.readings.push({ key: post.key, remoteId: String(video.id), metrics: normaliseReading(readingOf(video)), refused: [] });
        // An id TikTok does not return (private, deleted, not yet public): try the list too.
        else toMatch.push(post);
      }
    }
    if (toMatch.length > 0) await this.matchLate(toMatch, new Set(out.readings.map((r) => r.remoteId)), out, signal);
    return out;
  }

  /**
   * Posts whose id never arrived: page through video/list (newest first) until past the oldest
   * post's window, then pick, per post, the video created within the window whose caption is the
   * closest (at least TIKTOK_MATCH_MIN_SIMILARITY); each video matches one post at most.
   */
  private async matchLate(posts: AnalyticsPostRef[], taken: Set<string>, out: PostsRead, signal?: AbortSignal): Promise<void> {
    const oldest = Math.min(...posts.map((p) => Date.parse(p.postedAt) / 1000)) - TIKTOK_MATCH_WINDOW_SEC;
    const videos: TikTokVideo[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const answer = await this.call<{ videos?: TikTokVideo[]; cursor?: number; has_more?: boolean }>(
        '/v2/video/list/',
        { max_count: TIKTOK_ANALYTICS_BATCH, ...(cursor !== undefined ? { cursor } : {}) },
        signal,
      );
      out.calls += 1;
      if (!answer.ok) {
        out.retryAfter = answer.retryAfter;
        out.deferred.push(...posts.map((p) => p.key));
        return;
      }
      const pageVideos = answer.data.videos ?? [];
      videos.push(...pageVideos);
      const last = pageVideos.at(-1)?.create_time;
      if (!answer.data.has_more || answer.data.cursor === undefined || (last !== undefined && last < oldest)) break;
      cursor = answer.data.cursor;
    }
    for (const post of [...posts].sort((a, b) => a.postedAt.localeCompare(b.postedAt))) {
      const match = this.bestMatch(post, videos, taken);
      if (!match) {
        out.missing.push(post.key);
        continue;
      }
      taken.add(match.evidence.remoteId);
      const reading: PostReading = {
        key: post.key,
        remoteId: match.evidence.remoteId,
        metrics: normaliseReading(readingOf(match.video)),
        refused: [],
        match: match.evidence,
      };
      out.readings.push(reading);
    }
  }

  private bestMatch(post: AnalyticsPostRef, videos: TikTokVideo[], taken: Set<string>): { video: TikTokVideo; evidence: LateIdEvidence } | undefined {
    const postedSec = Date.parse(post.postedAt) / 1000;
    const inWindow = videos.filter(
      (v) => typeof v.create_time === 'number' && Math.abs(v.create_time - postedSec) <= TIKTOK_MATCH_WINDOW_SEC && !taken.has(String(v.id)),
    );
    let best: { video: TikTokVideo; similarity: number; delta: number } | undefined;
    for (const video of inWindow) {
      const text = [video.title, video.video_description].filter((t): t is string => typeof t === 'string' && t.length > 0).join(' ');
      const similarity = captionSimilarity(post.caption, text);
      const delta = Math.abs((video.create_time ?? 0) - postedSec);
      if (!best || similarity > best.similarity || (similarity === best.similarity && delta < best.delta)) best = { video, similarity, delta };
    }
    if (!best || best.similarity < TIKTOK_MATCH_MIN_SIMILARITY) return undefined;
    return {
      video: best.video,
      evidence: {
        method: 'create_time_and_caption',
        remoteId: String(best.video.id),
        remoteCreateTime: new Date((best.video.create_time ?? 0) * 1000).toISOString(),
        ourPostedAt: new Date(post.postedAt).toISOString(),
        deltaSec: Math.round(best.delta),
        captionSimilarity: best.similarity,
        windowSec: TIKTOK_MATCH_WINDOW_SEC,
        candidatesInWindow: inWindow.length,
      },
    };
  }

  async readAccount(_remoteAccountId: string, grantedScopes: readonly string[], signal?: AbortSignal): Promise<AccountReading> {
    // follower_count needs user.info.stats; TikTok gives no account-level views.
    if (!grantedScopes.includes('user.info.stats')) return { metrics: { followers: null, account_views: null }, calls: 0 };
    const answer = await this.call<{ user?: { follower_count?: number } }>('/v2/user/info/?fields=follower_count', undefined, signal, 'GET');
    if (!answer.ok) throw answer.retryAfter;
    const followers = answer.data.user?.follower_count;
    return { metrics: { followers: typeof followers === 'number' ? followers : null, account_views: null }, calls: 1 };
  }

  private async call<T>(path: string, body: unknown, signal?: AbortSignal, method: 'GET' | 'POST' = 'POST'): Promise<Answer<T>> {
    let token: string;
    try {
      token = await this.deps.tokenProvider();
    } catch (error) {
      throw new AnalyticsReadError('auth', 'tiktok.access_token_invalid', (error as Error).message);
    }
    const url = path.startsWith('/v2/video/') ? `${this.base}${path}?fields=${TIKTOK_VIDEO_FIELDS.join(',')}` : `${this.base}${path}`;
    const res = await send(
      url,
      {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json; charset=UTF-8' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      },
      { timeoutMs: this.timeoutMs, ...(signal ? { signal } : {}) },
    );
    if (!res.ok) throw new AnalyticsReadError('failed', `tiktok.${res.reason}`, res.message);
    const parsed = parseJson(quoteBigIds(res.text));
    const envelope = parsed.ok ? (parsed.value as { data?: T; error?: { code?: string; message?: string } } | null) : null;
    const code = envelope?.error?.code;
    const retryAfterMs = retryAfterFromHeader(res.headers, this.clock.now());
    if (res.status === 429 || code === 'rate_limit_exceeded')
      return { ok: false, retryAfter: new AnalyticsRetryAfter(retryAfterMs ?? DEFAULT_RETRY_AFTER_MS, `tiktok.${code ?? 'http_429'}`) };
    if (code === 'scope_not_authorized' || code === 'scope_permission_missed')
      throw new AnalyticsReadError('scope', `tiktok.${code}`, 'reconnect to enable analytics (scope video.list)');
    if (code === 'access_token_invalid' || code === 'access_token_expired' || res.status === 401)
      throw new AnalyticsReadError('auth', `tiktok.${code ?? 'http_401'}`, envelope?.error?.message ?? 'token refused');
    if (res.status >= 500 || !envelope || code !== 'ok')
      throw new AnalyticsReadError('failed', `tiktok.${code ?? `http_${res.status}`}`, envelope?.error?.message ?? res.text.slice(0, 120));
    return { ok: true, data: (envelope.data ?? {}) as T };
  }
}

export function createTikTokAnalyticsClient(deps: TikTokAnalyticsDeps): TikTokAnalyticsClient {
  return new TikTokAnalyticsClient(deps);
}

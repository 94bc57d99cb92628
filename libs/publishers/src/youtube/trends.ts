/**
 * YouTube's official trend source (issue 33, docs/platform-apis.md §11): the trending charts,
 * `videos.list?chart=mostPopular&regionCode&videoCategoryId`, read with the project's API key —
 * only Music (10), Movies (30) and Gaming (20) since 2025-07-21. 1 unit per page of ≤ 50. A
 * category without a chart answers `videoChartNotFound` (400, some servers 404): that chart is
 * skipped as `not_available`. Others' statistics may be kept 30 days (`expiresAt`), and never
 * summed with other platforms' figures.
 */
import { TrendSourceError, type TrendFetchContext, type TrendFetchRequest, type TrendFetchResult, type TrendSourceDescriptor } from '../trend-source.js';
import { asArray, asRecord, countOf, getJson, nowOf, refuseWhenNothingCovered, skip, startResult, type TrendAnswer } from '../trend-support.js';
import { nextPacificMidnight, YOUTUBE_QUOTA_TIME_ZONE } from './pacific.js';
import type { YouTubeSettings } from './settings.js';

const DAY = 86_400_000;
export const YOUTUBE_CHARTS_KEY = 'youtube.charts';
/** The charts that still exist (§11), by category id. */
export const YOUTUBE_CHART_CATEGORIES: Readonly<Record<string, string>> = { '10': 'Music', '30': 'Movies', '20': 'Gaming' };
/** §11 (YouTube API Services policy): others' statistics at most 30 days, then refreshed or deleted. */
export const YOUTUBE_OTHERS_STATS_TTL_MS = 30 * DAY;
/** The charts' share of the project's 10,000 daily units (1 unit per page). */
export const YOUTUBE_CHART_DAILY_UNITS = 300;

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const KEY_REASONS = new Set(['keyInvalid', 'keyExpired', 'forbidden', 'accessNotConfigured', 'ipRefererBlocked']);

function googleReason(body: Record<string, unknown>): { reason?: string; message?: string } {
  const error = asRecord(body['error']);
  const first = asRecord(asArray(error['errors'])[0]);
  const reason = typeof first['reason'] === 'string' ? first['reason'] : typeof error['status'] === 'string' ? error['status'] : undefined;
  const message = typeof error['message'] === 'string' ? error['message'] : undefined;
  return { ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

/** Why a chart call failed, as the contract's error; undefined for videoChartNotFound (skip that chart). */
function chartError(answer: TrendAnswer, now: number, partial: TrendFetchResult): TrendSourceError | undefined {
  const { reason, message } = googleReason(answer.body);
  const vendor = { httpStatus: answer.status, ...(reason ? { code: reason } : {}), ...(message ? { message } : {}) };
  // §11: 400 videoChartNotFound; some servers 404 (with or without the reason).
  if (reason === 'videoChartNotFound' || answer.status === 404) return undefined;
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded')
    return new TrendSourceError('rate_limited', 'YouTube: the project’s daily quota is spent; it resets at midnight Pacific time', {
      retryAt: new Date(nextPacificMidnight(now)).toISOString(),
      vendor,
      partial,
    });
  if (answer.status === 429 || (reason && RATE_REASONS.has(reason))) {
    const seconds = Number(answer.headers.get('retry-after'));
    return new TrendSourceError('rate_limited', 'YouTube asks to slow down', {
      retryAt: new Date(now + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000)).toISOString(),
      vendor,
      partial,
    });
  }
  if (answer.status === 401 || answer.status === 403 || (reason && KEY_REASONS.has(reason)) || /API key/i.test(message ?? ''))
    return new TrendSourceError('access_missing', 'YouTube refused the API key: check YOUTUBE_API_KEY and that the Data API is enabled for its project', {
      vendor,
      partial,
    });
  if (answer.status >= 500) return new TrendSourceError('unavailable', `YouTube failed (${answer.status})`, { vendor, partial });
  return new TrendSourceError('invalid_request', `YouTube refused the chart request (${reason ?? answer.status})`, { vendor, partial });
}

async function fetchCharts(ctx: TrendFetchContext<YouTubeSettings>, request: TrendFetchRequest): Promise<TrendFetchResult> {
  const result = startResult();
  const key = await ctx.credential();
  if (!key) throw new TrendSourceError('access_missing', 'YouTube charts need an API key (YOUTUBE_API_KEY)', { partial: result });
  const base = ctx.settings.apiBaseUrl.replace(/\/+$/, '');
  const maxPages = Math.max(1, request.maxPages ?? 1);
  let unitsLeft = request.budget.units ?? 0;
  for (const region of (request.regions ?? []).map((r) => r.trim().toUpperCase())) {
    if (!/^[A-Z]{2}$/.test(region)) {
      skip(result, region, 'not_available', 'YouTube charts are per country (ISO 3166-1 alpha-2); there is no worldwide chart');
      continue;
    }
    for (const [category, name] of Object.entries(YOUTUBE_CHART_CATEGORIES)) {
      const input = `${region}/${category}`;
      let pageToken: string | undefined;
      let rank = 0;
      for (let page = 0; page < maxPages; page++) {
        if (unitsLeft < 1) {
          skip(result, input, 'budget_exhausted', 'no YouTube units left today for the charts');
          break;
        }
        const params = new URLSearchParams({
          part: 'snippet,contentDetails,statistics',
          chart: 'mostPopular',
          regionCode: region,
          videoCategoryId: category,
          maxResults: '50',
          key,
        });
        if (pageToken) params.set('pageToken', pageToken);
        const answer = await getJson(ctx, `${base}/youtube/v3/videos?${params.toString()}`, {}, result);
        // Every call costs its unit, whatever the answer (Google charges invalid requests too).
        unitsLeft -= 1;
        result.spent.calls += 1;
        result.spent.units += 1;
        const now = nowOf(ctx);
        if (answer.status >= 300) {
          const error = chartError(answer, now, result);
          if (error) throw error;
          skip(result, input, 'not_available', `YouTube has no ${name} chart for ${region} (videoChartNotFound)`);
          break;
        }
        const observedAt = new Date(now).toISOString();
        const expiresAt = new Date(now + YOUTUBE_OTHERS_STATS_TTL_MS).toISOString();
        for (const raw of asArray(answer.body['items'])) {
          const item = asRecord(raw);
          const id = typeof item['id'] === 'string' ? item['id'] : undefined;
          if (!id) continue;
          rank += 1;
          const snippet = asRecord(item['snippet']);
          const statistics = asRecord(item['statistics']);
          const metrics = [{ name: 'rank', value: rank }];
          for (const [field, metric] of [
            ['viewCount', 'view_count'],
            ['likeCount', 'like_count'],
            ['commentCount', 'comment_count'],
          ] as const) {
            const value = countOf(statistics[field]);
            if (value !== undefined) metrics.push({ name: metric, value });
          }
          // What the uploader declared (spoken, else metadata language); absent when they set none.
          const language = [snippet['defaultAudioLanguage'], snippet['defaultLanguage']].find(
            (l): l is string => typeof l === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(l),
          );
          result.observations.push({
            sourceKey: YOUTUBE_CHARTS_KEY,
            kind: 'video',
            ...(language ? { language } : {}),
            label: typeof snippet['title'] === 'string' ? snippet['title'] : id,
            externalId: id,
            region,
            context: category,
            metrics,
            observedAt,
            externalUrl: `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`,
            expiresAt,
          });
        }
        pageToken = typeof answer.body['nextPageToken'] === 'string' ? answer.body['nextPageToken'] : undefined;
        if (!pageToken) break;
      }
    }
  }
  return refuseWhenNothingCovered(result, 'chart');
}

export const youtubeChartsSource: TrendSourceDescriptor<YouTubeSettings> = {
  key: YOUTUBE_CHARTS_KEY,
  platform: 'youtube',
  label: 'YouTube trending charts (Music, Movies, Gaming)',
  officialEndpoints: [
    'GET https://www.googleapis.com/youtube/v3/videos?chart=mostPopular&regionCode&videoCategoryId&part=snippet,contentDetails,statistics&maxResults≤50',
    'GET https://www.googleapis.com/youtube/v3/videoCategories?part=snippet&regionCode',
  ],
  access: { auth: 'api_key', credentialSetting: 'apiKey' },
  budget: { kind: 'units_per_day', scope: 'app', limit: YOUTUBE_CHART_DAILY_UNITS, perCall: 1, resetsAt: { daily: YOUTUBE_QUOTA_TIME_ZONE } },
  rateWindows: [],
  refresh: { everyMinutes: 360 },
  inputs: ['regions'],
  kinds: ['video'],
  terms:
    'YouTube API Services Terms and Developer Policies: charts read with an API key; statistics of videos we do not own are kept at most 30 days, then refreshed or deleted; never combined with other platforms’ figures into one metric; since 2025-07-21 only the Music, Movies and Gaming charts exist.',
  source: 'platform-apis.md §11 (YouTube)',
  fetch: fetchCharts,
};

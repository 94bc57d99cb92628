/**
 * Instagram's official trend source (issue 33, docs/platform-apis.md §11): Hashtag Search for
 * the team's watch-list, on an account connected through Facebook Login (graph.facebook.com)
 * with `instagram_basic` and the "Instagram Public Content Access" feature.
 *
 * Budget: 30 unique hashtags per Instagram account per rolling 7 days; re-querying a counted tag
 * is free. The error for the 31st is undocumented, so the caller keeps the ledger and hands the
 * tags counted in the window (`budget.counted`); this client never sends a search that would be
 * the 31st (skipped `budget_exhausted`) and reports the tags it counted (`spent.newlyCounted`).
 *
 * Per tag: `ig_hashtag_search` (counts the tag), then `recent_media` (last 24 h, ≤ 50 per page,
 * `after` cursor) with listed fields only — no usernames, no view counts.
 */
import { retryAfterFromBusinessUseCase } from '../http.js';
import { TrendSourceError, type TrendFetchContext, type TrendFetchRequest, type TrendFetchResult, type TrendSourceDescriptor } from '../trend-source.js';
import { asArray, asRecord, countOf, getJson, nowOf, refuseWhenNothingCovered, skip, startResult, type TrendAnswer } from '../trend-support.js';
import type { InstagramSettings } from './settings.js';

export const INSTAGRAM_HASHTAG_SEARCH_KEY = 'instagram.hashtag_search';
/** Unique hashtags per account per rolling 7 days (§11). */
export const INSTAGRAM_HASHTAG_LIMIT = 30;
export const INSTAGRAM_HASHTAG_WINDOW_DAYS = 7;
/** The login flavour Hashtag Search needs (the contract's `access.loginFlavour`). */
export const FACEBOOK_LOGIN = 'facebook_login';
const MEDIA_FIELDS = 'id,timestamp,like_count,comments_count,media_type';
const RATE_CODES = new Set([4, 17, 32, 613, 80002]);
const ACCESS_CODES = new Set([10, 102, 190, 200, 3, 298]);

/** A hashtag as Instagram searches it: without `#`, lower case, trimmed. */
export function normaliseHashtag(tag: string): string {
  return tag.trim().replace(/^#+/, '').toLowerCase();
}

function graphError(answer: TrendAnswer, now: number, partial: TrendFetchResult, what: string): TrendSourceError {
  const error = asRecord(answer.body['error']);
  const code = typeof error['code'] === 'number' ? error['code'] : undefined;
  const message = typeof error['message'] === 'string' ? error['message'] : undefined;
  const vendor = { httpStatus: answer.status, ...(code !== undefined ? { code: String(code) } : {}), ...(message ? { message } : {}) };
  if (answer.status === 429 || (code !== undefined && RATE_CODES.has(code))) {
    const wait = retryAfterFromBusinessUseCase(answer.headers) ?? 3_600_000;
    return new TrendSourceError('rate_limited', `Instagram limits the app’s calls (${what})`, { retryAt: new Date(now + wait).toISOString(), vendor, partial });
  }
  if (answer.status === 401 || answer.status === 403 || (code !== undefined && ACCESS_CODES.has(code)))
    return new TrendSourceError(
      'access_missing',
      'Instagram refused Hashtag Search: reconnect the account through Facebook Login with instagram_basic; the app needs the Instagram Public Content Access feature',
      { vendor, partial },
    );
  if (answer.status >= 500 || error['is_transient'] === true) return new TrendSourceError('unavailable', `Instagram failed (${what})`, { vendor, partial });
  return new TrendSourceError('invalid_request', `Instagram refused ${what}${message ? `: ${message}` : ''}`, { vendor, partial });
}

async function fetchHashtags(ctx: TrendFetchContext<InstagramSettings>, request: TrendFetchRequest): Promise<TrendFetchResult> {
  const result = startResult();
  const account = request.account;
  if (!account || account.loginFlavour !== FACEBOOK_LOGIN)
    throw new TrendSourceError('access_missing', 'Hashtag Search works only for an Instagram account connected through Facebook Login', { partial: result });
  const token = await ctx.credential();
  const base = `${ctx.settings.facebookGraphBaseUrl.replace(/\/+$/, '')}/${ctx.settings.graphApiVersion}`;
  const auth = { authorization: `Bearer ${token}` };
  const counted = new Set((request.budget.counted ?? []).map(normaliseHashtag));
  const maxPages = Math.max(1, request.maxPages ?? 1);
  const tags = [...new Set((request.terms ?? []).map(normaliseHashtag))];
  for (const tag of tags) {
    if (!/^[\p{L}\p{N}_]{1,100}$/u.test(tag)) {
      skip(result, tag, 'invalid_request', 'a hashtag is letters, digits and underscores only');
      continue;
    }
    // Our own count (§11: the 31st's error is undocumented): never send a search past the budget.
    if (!counted.has(tag) && counted.size >= INSTAGRAM_HASHTAG_LIMIT) {
      skip(
        result,
        tag,
        'budget_exhausted',
        `${INSTAGRAM_HASHTAG_LIMIT} hashtags already searched for this account in the last ${INSTAGRAM_HASHTAG_WINDOW_DAYS} days`,
      );
      continue;
    }
    const search = await getJson(
      ctx,
      `${base}/ig_hashtag_search?${new URLSearchParams({ user_id: account.remoteAccountId, q: tag }).toString()}`,
      auth,
      result,
    );
    result.spent.calls += 1;
    if (search.status >= 300) {
      const error = graphError(search, nowOf(ctx), result, `the search for #${tag}`);
      if (error.reason !== 'invalid_request') throw error;
      skip(result, tag, 'not_available', error.message);
      continue;
    }
    if (!counted.has(tag)) {
      counted.add(tag);
      result.spent.units += 1;
      result.spent.newlyCounted.push(tag);
    }
    const hashtagId = asRecord(asArray(search.body['data'])[0])['id'];
    if (typeof hashtagId !== 'string' || !hashtagId) {
      skip(result, tag, 'not_available', `Instagram has no hashtag #${tag}`);
      continue;
    }
    let media = 0;
    let likes = 0;
    let comments = 0;
    let videos = 0;
    let after: string | undefined;
    let more = false;
    for (let page = 0; page < maxPages; page++) {
      const params = new URLSearchParams({ user_id: account.remoteAccountId, fields: MEDIA_FIELDS, limit: '50' });
      if (after) params.set('after', after);
      const answer = await getJson(ctx, `${base}/${encodeURIComponent(hashtagId)}/recent_media?${params.toString()}`, auth, result);
      result.spent.calls += 1;
      if (answer.status >= 300) throw graphError(answer, nowOf(ctx), result, `the recent media of #${tag}`);
      for (const raw of asArray(answer.body['data'])) {
        const item = asRecord(raw);
        media += 1;
        likes += countOf(item['like_count']) ?? 0;
        comments += countOf(item['comments_count']) ?? 0;
        if (item['media_type'] === 'VIDEO') videos += 1;
      }
      const paging = asRecord(answer.body['paging']);
      const cursor = asRecord(paging['cursors'])['after'];
      more = typeof paging['next'] === 'string' && typeof cursor === 'string';
      if (!more) break;
      after = cursor as string;
    }
    result.observations.push({
      sourceKey: INSTAGRAM_HASHTAG_SEARCH_KEY,
      kind: 'hashtag',
      label: `#${tag}`,
      externalId: hashtagId,
      context: tag,
      metrics: [
        { name: 'recent_media_24h', value: media },
        // 1 when more media were there than the pages read (the count is then a floor).
        { name: 'recent_media_capped', value: more ? 1 : 0 },
        { name: 'recent_likes_24h', value: likes },
        { name: 'recent_comments_24h', value: comments },
        { name: 'recent_videos_24h', value: videos },
      ],
      observedAt: new Date(nowOf(ctx)).toISOString(),
      externalUrl: `https://www.instagram.com/explore/tags/${encodeURIComponent(tag)}/`,
    });
  }
  return refuseWhenNothingCovered(result, 'hashtag');
}

export const instagramHashtagSource: TrendSourceDescriptor<InstagramSettings> = {
  key: INSTAGRAM_HASHTAG_SEARCH_KEY,
  platform: 'instagram',
  label: 'Instagram Hashtag Search (watch-list)',
  officialEndpoints: [
    'GET https://graph.facebook.com/{version}/ig_hashtag_search?user_id&q',
    'GET https://graph.facebook.com/{version}/{hashtag-id}/recent_media?user_id&fields&limit≤50&after',
    'GET https://graph.facebook.com/{version}/{hashtag-id}/top_media?user_id&fields',
    'GET https://graph.facebook.com/{version}/{ig-user-id}/recently_searched_hashtags?limit=30',
  ],
  access: {
    auth: 'user_token',
    loginFlavour: FACEBOOK_LOGIN,
    scopes: ['instagram_basic'],
    appReview: 'App Review for instagram_basic and the “Instagram Public Content Access” feature',
  },
  budget: { kind: 'unique_per_rolling_days', scope: 'account', limit: INSTAGRAM_HASHTAG_LIMIT, days: INSTAGRAM_HASHTAG_WINDOW_DAYS },
  rateWindows: [],
  refresh: { everyMinutes: 180 },
  inputs: ['terms'],
  kinds: ['hashtag'],
  terms:
    'Meta Platform Terms and Instagram Platform Policy: Hashtag Search only through an account connected with Facebook Login, after App Review (instagram_basic + Instagram Public Content Access); at most 30 unique hashtags per account per rolling 7 days, counted by us (the platform’s refusal is undocumented); public media only, without usernames or view counts.',
  source: 'platform-apis.md §11 (Instagram Hashtag Search)',
  fetch: fetchHashtags,
};

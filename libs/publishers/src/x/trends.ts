/**
 * X's official trend sources (issue 33, docs/platform-apis.md §11), with the app-only Bearer:
 * - `x.trends`: `GET /2/trends/by/woeid/:woeid?max_trends=50` for the workspace's regions
 *   (75 requests per 15 min per app); `tweet_count` may be absent (then no metric, never 0).
 * - `x.counts`: `GET /2/tweets/counts/recent?query&granularity=hour` for the watch-list (last 7
 *   days; 300 requests per 15 min per app).
 * X bills every read (pay-per-use): the caller hands the dollars left under the admin's monthly
 * cap (`budget.usd`, default cap 0: off) and bills `spent.usd`. A call the money left cannot pay
 * is not sent. A 429 stops the fetch as `rate_limited` with `retryAt` from `x-rate-limit-reset`.
 */
import { TrendSourceError, type TrendFetchContext, type TrendFetchRequest, type TrendFetchResult, type TrendSourceDescriptor } from '../trend-source.js';
import { asArray, asRecord, countOf, getJson, nowOf, refuseWhenNothingCovered, skip, startResult, type TrendAnswer } from '../trend-support.js';
import type { XSettings } from './settings.js';

export const X_TRENDS_KEY = 'x.trends';
export const X_COUNTS_KEY = 'x.counts';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Dollars per call (§11: about $0.010 per trends call, $0.005 per counts call). */
export const X_PRICE_PER_CALL_USD = { trends: 0.01, counts: 0.005 } as const;

/** Regions (ISO 3166-1 alpha-2, `WORLD`) → Yahoo! WOEIDs, for the regions X has trends for. */
export const X_REGION_WOEIDS: Readonly<Record<string, number>> = {
  WORLD: 1,
  US: 23424977,
  GB: 23424975,
  FR: 23424819,
  DE: 23424829,
  ES: 23424950,
  IT: 23424853,
  CA: 23424775,
  JP: 23424856,
  BR: 23424768,
  MX: 23424900,
  AU: 23424748,
  IN: 23424848,
  BE: 23424757,
  CH: 23424957,
  NL: 23424909,
  IE: 23424803,
};

/** Micro-dollars as integers: 0.1 + 0.2 must not fail a budget check. */
const micros = (usd: number): number => Math.round(usd * 1_000_000);

function xError(answer: TrendAnswer, now: number, partial: TrendFetchResult, what: string): TrendSourceError {
  const body = answer.body;
  const detail = typeof body['detail'] === 'string' ? body['detail'] : typeof body['title'] === 'string' ? body['title'] : undefined;
  const vendor = { httpStatus: answer.status, ...(typeof body['type'] === 'string' ? { code: body['type'] } : {}), ...(detail ? { message: detail } : {}) };
  if (answer.status === 429) {
    const reset = Number(answer.headers.get('x-rate-limit-reset'));
    const retryAt = Number.isFinite(reset) && reset > 0 ? reset * 1000 : now + 15 * MINUTE;
    return new TrendSourceError('rate_limited', `X limits ${what} (15-minute window)`, {
      retryAt: new Date(Math.max(now, retryAt)).toISOString(),
      vendor,
      partial,
    });
  }
  if (answer.status === 402)
    return new TrendSourceError('budget_exhausted', 'X refused the call: the X account has no credits left for this billing period', { vendor, partial });
  if (answer.status === 401 || answer.status === 403)
    return new TrendSourceError('access_missing', 'X refused the app-only Bearer token (X_APP_BEARER_TOKEN): check it and the app’s access level', {
      vendor,
      partial,
    });
  if (answer.status >= 500) return new TrendSourceError('unavailable', `X failed (${answer.status})`, { vendor, partial });
  return new TrendSourceError('invalid_request', `X refused ${what}${detail ? `: ${detail}` : ''}`, { vendor, partial });
}

interface Spender {
  result: TrendFetchResult;
  leftMicros: number;
  priceMicros: number;
}

/** Whether the money left pays one more call. */
const canPay = (s: Spender): boolean => s.leftMicros - micros(s.result.spent.usd) >= s.priceMicros;

/** A call X answered is billed (X bills requests, §11), a refused one too — except 429, 402 and 5xx, which X does not serve. Counting high keeps the cap safe. */
function bill(s: Spender, answer: TrendAnswer): void {
  s.result.spent.calls += 1;
  if (answer.status === 429 || answer.status === 402 || answer.status >= 500) return;
  s.result.spent.usd = (micros(s.result.spent.usd) + s.priceMicros) / 1_000_000;
}

async function bearer(ctx: TrendFetchContext<XSettings>, result: TrendFetchResult): Promise<Record<string, string>> {
  const token = await ctx.credential();
  if (!token) throw new TrendSourceError('access_missing', 'X trends need the app-only Bearer token (X_APP_BEARER_TOKEN)', { partial: result });
  return { authorization: `Bearer ${token}` };
}

async function fetchTrends(ctx: TrendFetchContext<XSettings>, request: TrendFetchRequest): Promise<TrendFetchResult> {
  const result = startResult();
  const auth = await bearer(ctx, result);
  const base = ctx.settings.apiBaseUrl.replace(/\/+$/, '');
  const spender: Spender = { result, leftMicros: micros(request.budget.usd ?? 0), priceMicros: micros(X_PRICE_PER_CALL_USD.trends) };
  for (const region of request.regions ?? []) {
    const woeid = X_REGION_WOEIDS[region.toUpperCase()];
    if (woeid === undefined) {
      skip(result, region, 'not_available', `X has no trends for ${region}`);
      continue;
    }
    if (!canPay(spender)) {
      skip(result, region, 'budget_exhausted', 'the monthly X spending cap leaves nothing for this call');
      continue;
    }
    const answer = await getJson(ctx, `${base}/2/trends/by/woeid/${woeid}?max_trends=50`, auth, result);
    bill(spender, answer);
    const now = nowOf(ctx);
    if (answer.status >= 300) throw xError(answer, now, result, 'the trends call');
    const data = asArray(answer.body['data']);
    if (data.length === 0) {
      skip(result, region, 'not_available', `X answered no trends for ${region}`);
      continue;
    }
    const observedAt = new Date(now).toISOString();
    data.forEach((raw, index) => {
      const item = asRecord(raw);
      const name = typeof item['trend_name'] === 'string' ? item['trend_name'] : undefined;
      if (!name) return;
      const count = countOf(item['tweet_count']);
      result.observations.push({
        sourceKey: X_TRENDS_KEY,
        kind: name.startsWith('#') ? 'hashtag' : 'topic',
        label: name,
        region: region.toUpperCase(),
        context: String(woeid),
        // §11: tweet_count may be absent — then the metric is left out, never 0.
        metrics: [{ name: 'rank', value: index + 1 }, ...(count !== undefined ? [{ name: 'tweet_count', value: count }] : [])],
        observedAt,
        externalUrl: `https://x.com/search?q=${encodeURIComponent(name)}`,
      });
    });
  }
  return refuseWhenNothingCovered(result, 'region');
}

async function fetchCounts(ctx: TrendFetchContext<XSettings>, request: TrendFetchRequest): Promise<TrendFetchResult> {
  const result = startResult();
  const auth = await bearer(ctx, result);
  const base = ctx.settings.apiBaseUrl.replace(/\/+$/, '');
  const spender: Spender = { result, leftMicros: micros(request.budget.usd ?? 0), priceMicros: micros(X_PRICE_PER_CALL_USD.counts) };
  for (const term of [...new Set((request.terms ?? []).map((t) => t.trim()).filter(Boolean))]) {
    if (!canPay(spender)) {
      skip(result, term, 'budget_exhausted', 'the monthly X spending cap leaves nothing for this call');
      continue;
    }
    // A term with spaces is one exact phrase.
    const query = /\s/.test(term) ? `"${term.replace(/"/g, '')}"` : term;
    const answer = await getJson(ctx, `${base}/2/tweets/counts/recent?${new URLSearchParams({ query, granularity: 'hour' }).toString()}`, auth, result);
    bill(spender, answer);
    const now = nowOf(ctx);
    if (answer.status >= 300) {
      const error = xError(answer, now, result, `the counts for “${term}”`);
      if (error.reason !== 'invalid_request') throw error;
      skip(result, term, 'invalid_request', error.message);
      continue;
    }
    const buckets = asArray(answer.body['data']).map(asRecord);
    let last24h = 0;
    let previous24h = 0;
    let total = 0;
    for (const b of buckets) {
      const count = countOf(b['tweet_count']);
      const end = typeof b['end'] === 'string' ? Date.parse(b['end']) : NaN;
      if (count === undefined || !Number.isFinite(end)) continue;
      total += count;
      if (end > now - 24 * HOUR) last24h += count;
      else if (end > now - 48 * HOUR) previous24h += count;
    }
    const reported = countOf(asRecord(answer.body['meta'])['total_tweet_count']);
    result.observations.push({
      sourceKey: X_COUNTS_KEY,
      kind: term.startsWith('#') ? 'hashtag' : 'term',
      label: term,
      context: query,
      metrics: [
        { name: 'tweet_count_24h', value: last24h },
        { name: 'tweet_count_prev_24h', value: previous24h },
        { name: 'tweet_count_7d', value: reported ?? total },
      ],
      observedAt: new Date(now).toISOString(),
      externalUrl: `https://x.com/search?q=${encodeURIComponent(query)}`,
    });
  }
  return refuseWhenNothingCovered(result, 'term');
}

const X_TERMS =
  'X Developer Agreement and Policy: official API v2 only, app-only Bearer; every read is billed per call (pay-per-use), so the admin sets a monthly spending cap (default 0: off) and each call is counted against it; no redistribution of post content — trends and counts only.';

export const xTrendsSource: TrendSourceDescriptor<XSettings> = {
  key: X_TRENDS_KEY,
  platform: 'x',
  label: 'X trends by region',
  officialEndpoints: ['GET https://api.x.com/2/trends/by/woeid/{woeid}?max_trends≤50'],
  access: { auth: 'app_bearer', credentialSetting: 'appBearerToken' },
  budget: { kind: 'money_per_call', scope: 'app', pricePerCallUsd: { trends: X_PRICE_PER_CALL_USD.trends }, defaultMonthlyCapUsd: 0 },
  rateWindows: [{ endpoint: 'GET /2/trends/by/woeid/:woeid', limit: 75, windowMs: 15 * MINUTE, scope: 'app' }],
  refresh: { everyMinutes: 60 },
  inputs: ['regions'],
  kinds: ['hashtag', 'topic'],
  terms: X_TERMS,
  source: 'platform-apis.md §11 (X)',
  fetch: fetchTrends,
};

export const xCountsSource: TrendSourceDescriptor<XSettings> = {
  key: X_COUNTS_KEY,
  platform: 'x',
  label: 'X post counts for the watch-list',
  officialEndpoints: ['GET https://api.x.com/2/tweets/counts/recent?query&granularity=minute|hour|day'],
  access: { auth: 'app_bearer', credentialSetting: 'appBearerToken' },
  budget: { kind: 'money_per_call', scope: 'app', pricePerCallUsd: { counts: X_PRICE_PER_CALL_USD.counts }, defaultMonthlyCapUsd: 0 },
  rateWindows: [{ endpoint: 'GET /2/tweets/counts/recent', limit: 300, windowMs: 15 * MINUTE, scope: 'app' }],
  refresh: { everyMinutes: 180 },
  inputs: ['terms'],
  kinds: ['term', 'hashtag'],
  terms: X_TERMS,
  source: 'platform-apis.md §11 (X)',
  fetch: fetchCounts,
};

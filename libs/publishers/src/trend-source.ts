/**
 * The trend-source contract (issue 33): the OFFICIAL trend endpoints of docs/platform-apis.md §11
 * as plug-ins, like platforms. Each platform folder declares its sources (`<platform>/trends.ts`)
 * and its descriptor lists them as `trendSources`; the app reads the declarations (endpoints,
 * access, budget, refresh, terms) and never branches on a platform's name.
 *
 * Division of work: the caller keeps the ledgers (units spent today, hashtags counted in the
 * rolling 7 days, money spent this month) and hands what is left in `TrendFetchRequest.budget`;
 * the source refuses to go past it and reports what it spent in `TrendFetchResult.spent` (also on
 * the error when it stops part-way, so nothing spent goes unbilled).
 */
import type { Platform } from '@mwr/domain';

import type { Clock, TokenProvider } from './contract.js';
import type { PlatformSettingValues } from './settings.js';

export const TREND_OBSERVATION_KINDS = ['hashtag', 'audio', 'term', 'video', 'topic'] as const;
export type TrendObservationKind = (typeof TREND_OBSERVATION_KINDS)[number];

/** One figure the source reported. A figure the source did not give is absent, never 0. */
export interface TrendMetric {
  /** The source's own name: `view_count`, `like_count`, `tweet_count`, `media_count_24h`, `rank`… */
  name: string;
  value: number;
}

export interface TrendObservation {
  /** The source's `TrendSourceDescriptor.key`. */
  sourceKey: string;
  kind: TrendObservationKind;
  /** What the trend is: a hashtag with its `#`, a video title, a search term. */
  label: string;
  /** The source's id of it (YouTube video id, Instagram hashtag id), when it has one. */
  externalId?: string;
  /** ISO 3166-1 alpha-2 region it was observed in (`WORLD` for worldwide); absent when not regional. */
  region?: string;
  /** The chart/category/term it came from (`10` Music, a watch-list term…), when it has one. */
  context?: string;
  metrics: TrendMetric[];
  /** ISO 8601: when the source was read. */
  observedAt: string;
  externalUrl?: string;
  /** BCP 47 language the source itself gives for it (YouTube `snippet.defaultAudioLanguage`), when it says. */
  language?: string;
  /**
   * ISO 8601: when it must be refreshed or deleted (YouTube: others' statistics at most 30 days,
   * §11). Absent: no such rule.
   */
  expiresAt?: string;
}

export type TrendAuth = 'api_key' | 'app_bearer' | 'user_token';

export interface TrendAccess {
  /**
   * What `TrendFetchContext.credential` must give: the project's API key, the app's app-only
   * Bearer token, or the connected account's user access token.
   */
  auth: TrendAuth;
  /**
   * For `api_key`/`app_bearer`: the platform setting (its `settings` key) the credential is read
   * from; absent/unset, the source is not configured (`access_missing`).
   */
  credentialSetting?: string;
  /** For `user_token`: the login flavour the account must be connected through (e.g. `facebook_login`). */
  loginFlavour?: string;
  /** For `user_token`: scopes the account must have granted. */
  scopes?: readonly string[];
  /** What the app needs from the platform's review, in words, or absent when none. */
  appReview?: string;
}

/**
 * The budget a source spends, which the caller's ledger keeps:
 * - `units_per_day`: quota units per calendar day (reset at midnight in `resetsAt.daily`), `perCall` each.
 * - `unique_per_rolling_days`: `limit` distinct terms per `scope` per rolling `days` (re-using a counted one is free).
 * - `money_per_call`: every call costs `pricePerCallUsd[endpoint]`; the admin's monthly cap (default
 *   `defaultMonthlyCapUsd`, 0 = off) bounds it.
 */
export type TrendBudget =
  | { kind: 'units_per_day'; scope: 'app'; limit: number; perCall: number; resetsAt: { daily: string } }
  | { kind: 'unique_per_rolling_days'; scope: 'account'; limit: number; days: number }
  | { kind: 'money_per_call'; scope: 'app'; pricePerCallUsd: Readonly<Record<string, number>>; defaultMonthlyCapUsd: number };

/** A request window the platform enforces (X: 75 per 15 min per app), for display and pacing. */
export interface TrendRateWindow {
  endpoint: string;
  limit: number;
  windowMs: number;
  scope: 'app' | 'account' | 'key';
}

/** What the source needs from the workspace to fetch anything. */
export type TrendInput = 'regions' | 'terms';

export interface TrendSourceDescriptor<Settings = PlatformSettingValues> {
  /** Stable key, e.g. `youtube.charts`; stored with every observation. */
  key: string;
  platform: Platform | null;
  label: string;
  /** Its official endpoints, as documented (method and path). */
  officialEndpoints: readonly string[];
  access: TrendAccess;
  budget: TrendBudget;
  rateWindows: readonly TrendRateWindow[];
  /** How often the app refreshes it. */
  refresh: { everyMinutes: number };
  /** `regions`: the workspace's target regions; `terms`: its watch-list. */
  inputs: readonly TrendInput[];
  kinds: readonly TrendObservationKind[];
  /** The policy text that binds it (README compliance section, the source's state page). */
  terms: string;
  /** Where the figures come from (docs/platform-apis.md section). */
  source: string;
  fetch(ctx: TrendFetchContext<Settings>, request: TrendFetchRequest): Promise<TrendFetchResult>;
}

export interface TrendFetchContext<Settings = PlatformSettingValues> {
  /** The platform's resolved settings (its hosts). */
  settings: Settings;
  /** The credential `access.auth` names. */
  credential: TokenProvider;
  clock?: Clock;
  signal?: AbortSignal;
  requestTimeoutMs?: number;
}

/** What is left in the caller's ledger for this fetch (the field the source's budget kind uses). */
export interface TrendBudgetLeft {
  /** `units_per_day`: units left today. */
  units?: number;
  /** `unique_per_rolling_days`: the terms already counted in the window (re-using them is free). */
  counted?: readonly string[];
  /** `money_per_call`: dollars left under this month's cap (0: off). */
  usd?: number;
}

export interface TrendFetchRequest {
  /** ISO 3166-1 alpha-2 codes the workspace targets (`WORLD` for worldwide where the source has it). */
  regions?: readonly string[];
  /** The watch-list (hashtags without `#`, or search terms). */
  terms?: readonly string[];
  /** For `user_token` sources: the connected account's id on the platform. */
  account?: { remoteAccountId: string; loginFlavour?: string };
  budget: TrendBudgetLeft;
  /** Pages per chart/term at most (default 1). */
  maxPages?: number;
}

export interface TrendSpend {
  calls: number;
  /** In the budget's unit: quota units, or terms newly counted. */
  units: number;
  usd: number;
  /** `unique_per_rolling_days`: the terms this fetch counted for the first time (add them to the ledger). */
  newlyCounted: string[];
}

export interface TrendFetchResult {
  observations: TrendObservation[];
  spent: TrendSpend;
  /** Inputs skipped without a call, each with why (a region without a chart, a term over budget…). */
  skipped: { input: string; reason: TrendSourceErrorReason; message: string }[];
}

export const TREND_SOURCE_ERROR_REASONS = [
  /** The caller's budget is spent (units today, unique tags this week, money this month). */
  'budget_exhausted',
  /** The platform said 429 or quota: try again at `retryAt`. */
  'rate_limited',
  /** Nothing to read there (YouTube videoChartNotFound, an unknown hashtag, a region without trends). */
  'not_available',
  /** Missing or refused credential, wrong login flavour, missing scope or app review. */
  'access_missing',
  /** The request itself was refused (bad parameters). */
  'invalid_request',
  /** The platform failed or did not answer; try later. */
  'unavailable',
] as const;
export type TrendSourceErrorReason = (typeof TREND_SOURCE_ERROR_REASONS)[number];

/** Why a fetch stopped, in words; `partial` holds what was read and spent before it stopped. */
export class TrendSourceError extends Error {
  constructor(
    readonly reason: TrendSourceErrorReason,
    message: string,
    readonly details: {
      /** `rate_limited`: when to try again (ISO 8601). */
      retryAt?: string;
      vendor?: { httpStatus?: number; code?: string; message?: string };
      partial?: TrendFetchResult;
    } = {},
  ) {
    super(message);
    this.name = 'TrendSourceError';
  }
  get retryAt(): string | undefined {
    return this.details.retryAt;
  }
  get partial(): TrendFetchResult | undefined {
    return this.details.partial;
  }
}

/** An empty spend, for sources to start from. */
export function noSpend(): TrendSpend {
  return { calls: 0, units: 0, usd: 0, newlyCounted: [] };
}

import type { StatusTone } from '../../../shared/ui/StatusDot';
import type { AccountHealth } from '../api/account-health';

/** A token that expires within this long and cannot refresh itself needs a person soon. */
export const EXPIRY_WARNING_SECONDS = 3 * 24 * 3600;
/** Failure rates over 24 h from which an account is flagged. */
export const FAILURE_WARNING_RATE = 0.2;
export const FAILURE_DANGER_RATE = 0.5;
/** Rate-limit headroom under this share of the limit is flagged. */
export const HEADROOM_WARNING_SHARE = 0.2;

export interface HealthAssessment {
  overall: StatusTone;
  token: StatusTone;
  rateLimits: StatusTone;
  failures: StatusTone;
  cadence: StatusTone;
}

const RANK: Record<StatusTone, number> = { neutral: 0, ok: 1, warning: 2, danger: 3 };

function worst(tones: readonly StatusTone[]): StatusTone {
  return tones.reduce<StatusTone>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

/** One budget the platform itself reports (Meta's usage headers): the share used, 0–100. */
export interface PlatformBudget {
  kind: 'businessUseCase' | 'app';
  usedPercent: number;
  /** Meta's estimate of when calls are allowed again, once throttled. */
  regainMinutes: number | null;
}

const percentOf = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : 0);

/**
 * Meta reports usage as percentages of a budget (`call_count`, `total_cputime`, `total_time`):
 * the largest is what throttles first. `X-Business-Use-Case-Usage` has one entry list per
 * business id; `X-App-Usage` one object.
 */
export function platformBudgets(usage: AccountHealth['platformUsage']): PlatformBudget[] {
  if (!usage || typeof usage !== 'object') return [];
  const budgets: PlatformBudget[] = [];
  const used = (entry: Record<string, unknown>) =>
    Math.min(100, Math.max(percentOf(entry.call_count), percentOf(entry.total_cputime), percentOf(entry.total_time)));
  const buc = usage.businessUseCase;
  if (buc && typeof buc === 'object') {
    const entries = Object.values(buc as Record<string, unknown>)
      .flatMap((list) => (Array.isArray(list) ? list : [list]))
      .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
    if (entries.length > 0) {
      const regain = Math.max(0, ...entries.map((e) => percentOf(e.estimated_time_to_regain_access)));
      budgets.push({ kind: 'businessUseCase', usedPercent: Math.max(...entries.map(used)), regainMinutes: regain > 0 ? regain : null });
    }
  }
  const app = usage.app;
  if (app && typeof app === 'object') budgets.push({ kind: 'app', usedPercent: used(app as Record<string, unknown>), regainMinutes: null });
  return budgets;
}

/** The colour of each figure of an account's health, and of the account as a whole (the worst of them). */
export function assessHealth(health: AccountHealth): HealthAssessment {
  const { token, failures24h, cadence, rateLimits } = health;

  let tokenTone: StatusTone = 'ok';
  if (health.status !== 'active' || !token.valid) tokenTone = 'danger';
  else if (token.lastRefreshError) tokenTone = 'warning';
  else if (!token.refreshable && token.expiresInSeconds !== null && token.expiresInSeconds < EXPIRY_WARNING_SECONDS) tokenTone = 'warning';

  // Our own limiter's windows and the budgets the platform reports, as shares left.
  const shares = [
    ...rateLimits.map((limit) => ({ remaining: limit.remaining, limit: limit.limit })),
    ...platformBudgets(health.platformUsage).map((b) => ({ remaining: 100 - b.usedPercent, limit: 100 })),
  ];
  let rateTone: StatusTone = shares.length === 0 ? 'neutral' : 'ok';
  if (shares.some((limit) => limit.remaining <= 0)) rateTone = 'danger';
  else if (shares.some((limit) => limit.limit > 0 && limit.remaining / limit.limit < HEADROOM_WARNING_SHARE)) rateTone = 'warning';

  let failureTone: StatusTone = failures24h.rate === null ? 'neutral' : 'ok';
  if (failures24h.rate !== null && failures24h.rate >= FAILURE_DANGER_RATE) failureTone = 'danger';
  else if (failures24h.rate !== null && failures24h.rate >= FAILURE_WARNING_RATE) failureTone = 'warning';

  let cadenceTone: StatusTone = cadence.status === 'no_target' ? 'neutral' : cadence.status === 'on_track' ? 'ok' : 'warning';
  // A TikTok account warming up: more planned today than the ramp allows needs a look.
  if (cadence.warmup) {
    if (cadence.warmup.plannedToday > cadence.warmup.allowedPerDay) cadenceTone = 'warning';
    else if (cadenceTone === 'neutral') cadenceTone = 'ok';
  }

  return {
    overall: worst([tokenTone, rateTone, failureTone, cadenceTone]),
    token: tokenTone,
    rateLimits: rateTone,
    failures: failureTone,
    cadence: cadenceTone,
  };
}

/** 60 → { unit: 'minute', value: 1 }; 86 400 → { unit: 'day', value: 1 }: the largest whole unit of a window. */
export function windowUnit(seconds: number): { unit: 'day' | 'hour' | 'minute' | 'second'; value: number } {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return { unit: 'day', value: seconds / 86_400 };
  if (seconds >= 3_600 && seconds % 3_600 === 0) return { unit: 'hour', value: seconds / 3_600 };
  if (seconds >= 60 && seconds % 60 === 0) return { unit: 'minute', value: seconds / 60 };
  return { unit: 'second', value: seconds };
}

/**
 * What the platforms' trend sources share (issue 33): one JSON GET through the platform HTTP
 * client, the running result, and the budget rule of trend-source.ts — an input the caller's
 * budget cannot cover is skipped (`budget_exhausted`); when it covers none, fetch throws
 * `budget_exhausted` without a call.
 */
import { systemClock } from './contract.js';
import { parseJson, send } from './http.js';
import { noSpend, TrendSourceError, type TrendFetchContext, type TrendFetchResult, type TrendSourceErrorReason } from './trend-source.js';

export interface TrendAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body ({} when absent or unreadable). */
  body: Record<string, unknown>;
}

export const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A count sent as a number or a decimal string; anything else is unknown (undefined, never 0). */
export function countOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The running result of one fetch. */
export function startResult(): TrendFetchResult {
  return { observations: [], spent: noSpend(), skipped: [] };
}

export function nowOf(ctx: Pick<TrendFetchContext, 'clock'>): number {
  return (ctx.clock ?? systemClock).now();
}

/** GET a JSON answer; no answer at all (timeout, reset) stops the fetch as `unavailable`, keeping `partial`. */
export async function getJson(
  ctx: Pick<TrendFetchContext, 'signal' | 'requestTimeoutMs'>,
  url: string,
  headers: Record<string, string>,
  partial: TrendFetchResult,
): Promise<TrendAnswer> {
  const res = await send(
    url,
    { method: 'GET', headers: { accept: 'application/json', ...headers } },
    {
      timeoutMs: ctx.requestTimeoutMs ?? 15_000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
  if (!res.ok) throw new TrendSourceError('unavailable', `the platform did not answer (${res.message})`, { partial });
  const parsed = parseJson(res.text);
  return { status: res.status, headers: res.headers, body: parsed.ok ? asRecord(parsed.value) : {} };
}

/** Throws `budget_exhausted` when every input was skipped for the budget and nothing was read. */
export function refuseWhenNothingCovered(result: TrendFetchResult, what: string): TrendFetchResult {
  const byBudget = result.skipped.filter((s) => s.reason === 'budget_exhausted');
  if (result.spent.calls === 0 && byBudget.length > 0 && byBudget.length === result.skipped.length)
    throw new TrendSourceError('budget_exhausted', `the budget left covers no ${what}: nothing was fetched`, { partial: result });
  return result;
}

export function skip(result: TrendFetchResult, input: string, reason: TrendSourceErrorReason, message: string): void {
  result.skipped.push({ input, reason, message });
}

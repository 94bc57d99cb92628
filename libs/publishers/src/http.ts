import type { PlatformUsage } from './contract.js';

/**
 * The one place the product talks HTTP to the configured platform hosts (publishers and their
 * OAuth providers, and the API's Instagram messaging client as `sendToPlatform`): Node's fetch (undici), a
 * per-request timeout, no redirects followed, and a result that separates "the server answered"
 * from "no usable answer" (timeout, reset, abort). A transport failure on a request that may
 * change remote state is what the ambiguity rule is about. URLs from anyone else go through
 * @mwr/net's guarded client instead (a lint rule keeps raw fetch out of everything else).
 */

export type HttpResult =
  { ok: true; status: number; headers: Headers; text: string } | { ok: false; reason: 'timeout' | 'network' | 'aborted'; message: string; status?: number };

export interface SendOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function send(url: string, init: RequestInit, options: SendOptions): Promise<HttpResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let status: number | undefined;
  try {
    const res = await fetch(url, { ...init, redirect: 'manual', signal });
    status = res.status;
    const text = await res.text();
    return { ok: true, status: res.status, headers: res.headers, text };
  } catch (error) {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    const reason = timeout.aborted ? 'timeout' : options.signal?.aborted ? 'aborted' : 'network';
    const detail = err.cause?.code ?? err.cause?.message ?? err.message;
    return { ok: false, reason, message: `${reason}: ${detail}`, ...(status !== undefined ? { status } : {}) };
  }
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`. */
export function retryAfterFromHeader(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Meta's `X-Business-Use-Case-Usage`: `{"<id>": [{"type": "instagram", "call_count": 100,
 * "estimated_time_to_regain_access": <minutes>}]}`. Returns the largest wait in ms, if any.
 */
export function retryAfterFromBusinessUseCase(headers: Headers): number | undefined {
  const raw = headers.get('x-business-use-case-usage');
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  let best: number | undefined;
  if (parsed && typeof parsed === 'object') {
    for (const entries of Object.values(parsed as Record<string, unknown>)) {
      for (const entry of Array.isArray(entries) ? entries : [entries]) {
        const minutes = (entry as { estimated_time_to_regain_access?: unknown } | null)?.estimated_time_to_regain_access;
        if (typeof minutes === 'number' && minutes > 0) best = Math.max(best ?? 0, minutes * 60_000);
      }
    }
  }
  return best;
}

/** Meta's usage headers of one answer, when it carries any (malformed JSON is ignored). */
export function usageFromHeaders(headers: Headers, now: number): PlatformUsage | undefined {
  const object = (name: string): Record<string, unknown> | undefined => {
    const parsed = parseJson(headers.get(name) ?? '');
    return parsed.ok && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
      ? (parsed.value as Record<string, unknown>)
      : undefined;
  };
  const businessUseCase = object('x-business-use-case-usage');
  const app = object('x-app-usage');
  if (!businessUseCase && !app) return undefined;
  return { ...(businessUseCase ? { businessUseCase } : {}), ...(app ? { app } : {}), reportedAt: new Date(now).toISOString() };
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

import { OAuthError } from './oauth-provider.js';

const TIMEOUT_MS = 15_000;

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * One HTTP call to a platform. Network failures and unparseable bodies become "temporary"
 * OAuthErrors; nothing about the request (which may carry a token) goes into the message.
 */
export async function platformFetch(url: string, init: RequestInit, what: string, parse: (text: string) => unknown = JSON.parse): Promise<HttpResult> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    throw new OAuthError('temporary', 'network_error', `${what}: the platform ${reason}`);
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? parse(text) : {};
  } catch {
    if (res.status >= 500 || res.status === 429) throw new OAuthError('temporary', `http_${res.status}`, `${what}: the platform answered ${res.status}`);
    throw new OAuthError('temporary', 'bad_response', `${what}: the platform sent an unreadable answer (HTTP ${res.status})`);
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** JSON.parse that keeps big integer ids (user_id, post ids beyond 2^53) as strings. */
export function parseKeepingBigIds(text: string): unknown {
  return JSON.parse(text.replace(/"(user_id|id|ig_id)"\s*:\s*(\d{16,})/g, '"$1":"$2"'));
}

export const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);
export const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);

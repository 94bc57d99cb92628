import { send } from './http.js';
import { OAuthError } from './oauth.js';

export const OAUTH_TIMEOUT_MS = 15_000;

export interface OAuthHttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * One OAuth call to a configured platform host, through the platform client (`send`, exported
 * as sendToPlatform). Network failures and unparseable bodies become "temporary" OAuthErrors;
 * nothing about the request (which may carry a token) goes into the message.
 */
export async function oauthFetch(
  url: string,
  init: RequestInit,
  what: string,
  options: { timeoutMs?: number; parse?: (text: string) => unknown } = {},
): Promise<OAuthHttpResult> {
  const parse = options.parse ?? JSON.parse;
  const res = await send(url, init, { timeoutMs: options.timeoutMs ?? OAUTH_TIMEOUT_MS });
  if (!res.ok) throw new OAuthError('temporary', 'network_error', `${what}: the platform ${res.reason === 'timeout' ? 'timed out' : 'could not be reached'}`);
  const text = res.text;
  let json: unknown;
  try {
    json = text ? parse(text) : {};
  } catch {
    if (res.status >= 500 || res.status === 429) throw new OAuthError('temporary', `http_${res.status}`, `${what}: the platform answered ${res.status}`);
    throw new OAuthError('temporary', 'bad_response', `${what}: the platform sent an unreadable answer (HTTP ${res.status})`);
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** JSON.parse that keeps big integer ids (user_id, post ids beyond 2^53) as strings. */
export function parseKeepingBigIds(text: string): unknown {
  return JSON.parse(text.replace(/"(user_id|id|ig_id)"\s*:\s*(\d{16,})/g, '"$1":"$2"'));
}

export const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);
export const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;

import { createHash, createHmac } from 'node:crypto';

import { send } from './http.js';
import { OAuthError, type TokenSet } from './oauth.js';

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

/**
 * PKCE without storing anything beside the state: the verifier is an HMAC of the connect flow's
 * single-use state under the client secret (43 base64url characters, RFC 7636's minimum length).
 * The state travels through the browser, the verifier never does. `label` keeps platforms apart.
 */
export function pkceVerifier(clientSecret: string, label: string, state: string): string {
  return createHmac('sha256', clientSecret).update(`${label}:${state}`).digest('base64url');
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/**
 * An RFC 6749 token-endpoint answer (code exchange or refresh) as a TokenSet. 5xx and 429 are
 * temporary; an error code in `authErrors` means the grant is dead (reconnect); any other error is
 * a refused request. A refresh token absent from the answer stays undefined: the caller keeps the
 * stored one unless the platform rotates it.
 */
export function readTokenAnswer(res: OAuthHttpResult, what: string, who: string, authErrors: ReadonlySet<string>): TokenSet {
  const body = asRecord(res.json);
  const error = asString(body.error);
  if (error || res.status >= 400 || !asString(body.access_token)) {
    if (res.status >= 500 || res.status === 429) throw new OAuthError('temporary', `http_${res.status}`, `${what}: ${who} answered ${res.status}`);
    const code = error ?? 'bad_response';
    const detail = asString(body.error_description);
    throw new OAuthError(
      authErrors.has(code) ? 'auth' : code === 'bad_response' ? 'temporary' : 'invalid',
      code,
      `${what}: ${code}${detail ? ` (${detail})` : ''}`,
    );
  }
  return {
    accessToken: asString(body.access_token)!,
    refreshToken: asString(body.refresh_token) || undefined,
    expiresInSec: asNumber(body.expires_in),
    scopes: (asString(body.scope) ?? '').split(/\s+/).filter(Boolean),
  };
}

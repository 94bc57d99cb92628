/**
 * The inspection API over HTTP never hands out a credential: access and refresh tokens, OAuth
 * codes, client and app secrets, upload tokens and webhook secrets are masked in every response
 * (their first characters stay, so a reader can still tell an `act.` from an `rft.`). The
 * in-process API (`sandbox.inspect`, `sandbox.actions`) is for tests and keeps the real values.
 */

/** Keys whose string values are credentials wherever they appear. */
const SECRET_KEYS = new Set([
  'access_token',
  'refresh_token',
  'client_secret',
  'app_secret',
  'code_verifier',
  'fb_exchange_token',
  'input_token',
  'upload_token',
  'verify_token',
  'hub.verify_token',
  'token',
  'secret',
  'password',
  'clientSecret',
  'appSecret',
  'uploadToken',
  'accessToken',
  'refreshToken',
]);

/** `code` is an OAuth authorization code at the top of a request body or query; nested (an error envelope) it is an error code. */
const TOP_LEVEL_SECRET_KEYS = new Set(['code']);

const SECRET_PARAMS = new Set([...SECRET_KEYS, ...TOP_LEVEL_SECRET_KEYS]);

export function mask(value: string): string {
  return value.length >= 12 ? `${value.slice(0, 4)}…` : '…';
}

/** Masks secret query parameters inside a URL or a query string (`?a=1&access_token=…`). */
export function redactQuery(text: string): string {
  return text.replace(/([?&])([^=&#\s"]+)=([^&#\s"]*)/g, (all, sep: string, rawKey: string, rawValue: string) => {
    let key = rawKey;
    let value = rawValue;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      // keep the raw text
    }
    return SECRET_PARAMS.has(key) && value ? `${sep}${rawKey}=${encodeURIComponent(mask(value))}` : all;
  });
}

function redactString(value: string): string {
  return value.includes('=') ? redactQuery(value) : value;
}

/** A deep copy of `value` with every credential masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Map) return redact(Object.fromEntries(value), depth);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const secret = SECRET_KEYS.has(k) || (depth === 0 && TOP_LEVEL_SECRET_KEYS.has(k));
      out[k] = secret && typeof v === 'string' ? mask(v) : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

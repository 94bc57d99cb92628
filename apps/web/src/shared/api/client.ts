import createClient, { type Middleware } from 'openapi-fetch';

import type { paths } from './schema.gen';

/** The double-submit CSRF cookie the API sets next to the (HttpOnly) session cookie. */
export const CSRF_COOKIE = 'mwr_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Reads a cookie from `document.cookie` at call time (the token changes when the session rotates). */
export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

/**
 * Every unsafe request authenticated by the session cookie must echo the `mwr_csrf` cookie in the
 * `X-CSRF-Token` header; safe methods never carry it.
 */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
    const token = readCookie(CSRF_COOKIE);
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

/**
 * Endpoints whose 401 means "wrong password", not "your session ended": their forms show the
 * message instead of sending the user to the sign-in page.
 */
const CREDENTIAL_CHECKS = new Set(['/api/auth/login', '/api/auth/setup', '/api/auth/password', '/api/auth/invitations/accept']);

type SessionExpiredListener = () => void;
const sessionExpiredListeners = new Set<SessionExpiredListener>();

/** Subscribes to "the API answered 401": the session expired or was ended elsewhere. Returns the unsubscribe. */
export function onSessionExpired(listener: SessionExpiredListener): () => void {
  sessionExpiredListeners.add(listener);
  return () => {
    sessionExpiredListeners.delete(listener);
  };
}

export function notifySessionExpired(): void {
  for (const listener of [...sessionExpiredListeners]) listener();
}

export const sessionExpiryMiddleware: Middleware = {
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !CREDENTIAL_CHECKS.has(schemaPath)) notifySessionExpired();
    return undefined;
  },
};

/**
 * The one HTTP client of the SPA. Same origin (the API serves the SPA, Vite proxies /api in dev),
 * so no base URL, no CORS; every path in the spec already starts with /api. The session cookie
 * travels by itself (same origin).
 */
export const apiClient = createClient<paths>({ baseUrl: '' });
apiClient.use(csrfMiddleware, sessionExpiryMiddleware);

export type { paths, components } from './schema.gen';

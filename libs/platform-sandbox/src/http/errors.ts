import { randomBytes } from 'node:crypto';

import { escapeHtml, html, json, text, type Reply } from './reply.js';
import type { HostName } from './router.js';

/** TikTok v2 response envelope (platform-apis.md §1.1): success only when error.code is "ok". */
export interface TikTokEnvelope<T> {
  data: T | Record<string, never>;
  error: { code: string; message: string; log_id: string };
}

let logCounter = 0;

export function tiktokLogId(now = new Date()): string {
  logCounter = (logCounter + 1) % 0x100000;
  const stamp = now
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  return `${stamp}${randomBytes(8).toString('hex').toUpperCase().slice(0, 15)}${logCounter.toString(16).toUpperCase().padStart(5, '0')}`;
}

export function tiktokOk<T>(data: T): TikTokEnvelope<T> {
  return { data, error: { code: 'ok', message: '', log_id: tiktokLogId() } };
}

export function tiktokError(code: string, message: string): TikTokEnvelope<never> {
  return { data: {}, error: { code, message, log_id: tiktokLogId() } };
}

export function tiktokReply(status: number, code: string, message: string, headers: Record<string, string | number> = {}): Reply {
  return json(status, tiktokError(code, message), headers);
}

/** Flat OAuth error body of the TikTok token endpoint (§2.2). */
export function tiktokOauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description, log_id: tiktokLogId() });
}

export interface GraphErrorExtra {
  subcode?: number;
  type?: string;
  userTitle?: string;
  userMsg?: string;
  transient?: boolean;
  status?: number;
  headers?: Record<string, string | number>;
}

export function fbtraceId(): string {
  return randomBytes(16).toString('base64url').slice(0, 23);
}

/** Graph error envelope (§3.8). */
export function graphError(code: number, message: string, extra: GraphErrorExtra = {}): Reply {
  const error: Record<string, unknown> = { message, type: extra.type ?? (code === 190 || code === 102 ? 'OAuthException' : 'OAuthException'), code };
  if (extra.subcode !== undefined) error['error_subcode'] = extra.subcode;
  error['is_transient'] = extra.transient ?? false;
  if (extra.userTitle) error['error_user_title'] = extra.userTitle;
  if (extra.userMsg) error['error_user_msg'] = extra.userMsg;
  error['fbtrace_id'] = fbtraceId();
  return json(extra.status ?? 400, { error }, extra.headers);
}

export function sandboxError(status: number, code: string, message: string): Reply {
  return json(status, { error: { code, message } });
}

function htmlPage(status: number, title: string, message: string, headers: Record<string, string | number> = {}): Reply {
  return html(
    status,
    `<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    headers,
  );
}

export type ErrorKind = 'not_found' | 'method_not_allowed' | 'internal' | 'bad_gateway' | 'unavailable' | 'rate_limited' | 'too_large';

/** The platform's own error shape for a host-level failure (unknown path, crash, injected fault). */
export function hostError(host: HostName, kind: ErrorKind, message: string, opts: { html?: boolean; retryAfterSec?: number } = {}): Reply {
  const headers: Record<string, string | number> = {};
  if (opts.retryAfterSec !== undefined) headers['retry-after'] = opts.retryAfterSec;
  const status = { not_found: 404, method_not_allowed: 405, internal: 500, bad_gateway: 502, unavailable: 503, rate_limited: 429, too_large: 413 }[kind];
  if (kind === 'bad_gateway' || opts.html) {
    const title =
      {
        404: 'Not Found',
        405: 'Method Not Allowed',
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
        429: 'Too Many Requests',
        413: 'Payload Too Large',
      }[status] ?? 'Error';
    return htmlPage(status, `${status} ${title}`, message, headers);
  }
  switch (host) {
    case 'tiktok': {
      const code = {
        not_found: 'not_found',
        method_not_allowed: 'invalid_params',
        internal: 'internal_error',
        bad_gateway: 'internal_error',
        unavailable: 'internal_error',
        rate_limited: 'rate_limit_exceeded',
        too_large: 'invalid_param',
      }[kind];
      return tiktokReply(status, code, message, headers);
    }
    case 'instagram-graph':
    case 'facebook-graph': {
      if (kind === 'not_found' || kind === 'method_not_allowed') return graphError(2500, message, { headers });
      if (kind === 'rate_limited') return graphError(4, '(#4) Application request limit reached', { status: 429, transient: true, headers });
      if (kind === 'too_large') return graphError(100, message, { headers });
      return graphError(kind === 'unavailable' ? 2 : 1, kind === 'unavailable' ? 'Service temporarily unavailable' : 'An unknown error occurred', {
        status,
        transient: true,
        headers,
      });
    }
    case 'instagram-auth':
      return json(status, { error_type: 'OAuthException', code: status, error_message: message }, headers);
    case 'tiktok-upload':
      return text(status, message, headers);
    case 'tiktok-auth':
      return htmlPage(status, `${status}`, message, headers);
    case '__sandbox':
      return sandboxError(status, kind, message);
  }
}

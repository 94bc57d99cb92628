import { randomBytes } from 'node:crypto';

import { htmlPage, type HostErrorReply } from '../http/errors.js';
import { json, text, type Reply } from '../http/reply.js';

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

/** TikTok's shape of a host-level failure on each of its hosts (the mount's `hostError`). */
export const tiktokHostError: HostErrorReply = (host, kind, status, message, headers) => {
  if (host === 'tiktok-upload') return text(status, message, headers);
  if (host === 'tiktok-auth') return htmlPage(status, `${status}`, message, headers);
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
};

import { randomBytes } from 'node:crypto';

import type { HostErrorReply } from '../http/errors.js';
import { json, type Reply } from '../http/reply.js';

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

/** Instagram's shape of a host-level failure: Instagram Login's flat OAuthException, or a Graph error envelope. */
export const instagramHostError: HostErrorReply = (host, kind, status, message, headers) => {
  if (host === 'instagram-auth') return json(status, { error_type: 'OAuthException', code: status, error_message: message }, headers);
  if (kind === 'not_found' || kind === 'method_not_allowed') return graphError(2500, message, { headers });
  if (kind === 'rate_limited') return graphError(4, '(#4) Application request limit reached', { status: 429, transient: true, headers });
  if (kind === 'too_large') return graphError(100, message, { headers });
  return graphError(kind === 'unavailable' ? 2 : 1, kind === 'unavailable' ? 'Service temporarily unavailable' : 'An unknown error occurred', {
    status,
    transient: true,
    headers,
  });
};

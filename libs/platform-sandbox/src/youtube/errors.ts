import { htmlPage, type HostErrorReply } from '../http/errors.js';
import { json, ReplyError, type Reply } from '../http/reply.js';

/** The Google API error statuses by HTTP code (the `status` member of the error body). */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'ABORTED',
  413: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface GoogleErrorItem {
  domain: string;
  reason: string;
  message?: string;
  location?: string;
  locationType?: string;
}

/** `{"error":{"code","message","errors":[{"message","domain","reason"}],"status"}}` (platform-apis.md §6, docs/youtube-contract.md). */
export function googleError(code: number, message: string, item: GoogleErrorItem, headers: Record<string, string | number> = {}): Reply {
  return json(
    code,
    {
      error: {
        code,
        message,
        errors: [{ message: item.message ?? message, domain: item.domain, reason: item.reason, ...locationOf(item) }],
        status: STATUS_NAMES[code] ?? 'UNKNOWN',
      },
    },
    headers,
  );
}

function locationOf(item: GoogleErrorItem): Record<string, string> {
  return item.location ? { location: item.location, locationType: item.locationType ?? 'parameter' } : {};
}

export function failGoogle(code: number, reason: string, message: string, domain = 'global', extra: Partial<GoogleErrorItem> = {}): never {
  throw new ReplyError(googleError(code, message, { domain, reason, ...extra }));
}

/** The token and revoke endpoints' flat OAuth error (`{"error","error_description"}`). */
export function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

/** Google's shape of a host-level failure on each YouTube host (the mount's `hostError`). */
export const youtubeHostError: HostErrorReply = (host, kind, status, message, headers) => {
  if (host === 'youtube-auth') return htmlPage(status, `Error ${status}`, message, headers);
  if (host === 'youtube-oauth')
    return oauthError(status, kind === 'rate_limited' ? 'rate_limit_exceeded' : kind === 'not_found' ? 'not_found' : 'internal_failure', message);
  const reason = {
    not_found: 'notFound',
    method_not_allowed: 'httpMethodNotAllowed',
    internal: 'backendError',
    bad_gateway: 'backendError',
    unavailable: 'backendError',
    rate_limited: 'rateLimitExceeded',
    too_large: 'uploadTooLarge',
  }[kind];
  return googleError(status, message, { domain: 'global', reason }, headers);
};

import { htmlPage, type HostErrorReply } from '../http/errors.js';
import { json, ReplyError, type Reply } from '../http/reply.js';

/**
 * X's error shapes (docs/x-contract.md): the v2 API answers `application/problem+json`
 * (`type, title, detail, status`, and for a bad parameter the `invalid-request` problem with its
 * `errors[].parameters`); a few answers keep the v1.1 `{"errors":[{"code","message"}]}` shape
 * (unknown path, internal error, the single-endpoint upload); the token endpoint answers the flat
 * OAuth `{"error","error_description"}`.
 */
const PROBLEMS = 'https://api.twitter.com/2/problems/';

export function problem(
  status: number,
  title: string,
  detail: string,
  type = 'about:blank',
  extra: Record<string, unknown> = {},
  headers: Record<string, string | number> = {},
): Reply {
  return json(status, { title, detail, type, status, ...extra }, { ...headers, 'content-type': 'application/problem+json' });
}

export function failProblem(status: number, title: string, detail: string, type = 'about:blank', extra: Record<string, unknown> = {}): never {
  throw new ReplyError(problem(status, title, detail, type, extra));
}

/** 400 invalid-request: one or more parameters were invalid (each named under `errors[].parameters`). */
export function invalidRequest(parameter: string, value: unknown, message: string): Reply {
  return problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.', `${PROBLEMS}invalid-request`, {
    errors: [{ parameters: { [parameter]: [typeof value === 'string' ? value : JSON.stringify(value ?? null)] }, message }],
  });
}

export function failInvalid(parameter: string, value: unknown, message: string): never {
  throw new ReplyError(invalidRequest(parameter, value, message));
}

export const UNAUTHORIZED = (): Reply => problem(401, 'Unauthorized', 'Unauthorized');

export function forbidden(detail: string): never {
  failProblem(403, 'Forbidden', detail);
}

export function tooManyRequests(headers: Record<string, string | number>): Reply {
  return problem(429, 'Too Many Requests', 'Too Many Requests', 'about:blank', {}, headers);
}

/** The v1.1 shape X still sends for some failures: `{"errors":[{"code","message"}]}`. */
export function codeMessage(status: number, code: number, message: string, headers: Record<string, string | number> = {}): Reply {
  return json(status, { errors: [{ code, message }] }, headers);
}

/** The token and revoke endpoints' flat OAuth error. */
export function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

/** X's shape of a host-level failure on each X host (the mount's `hostError`). */
export const xHostError: HostErrorReply = (host, kind, status, message, headers) => {
  if (host === 'x-web') return htmlPage(status, `Error ${status}`, message, headers);
  switch (kind) {
    case 'not_found':
      return codeMessage(404, 34, 'Sorry, that page does not exist', headers);
    case 'internal':
      return codeMessage(500, 131, 'Internal error', headers);
    case 'rate_limited':
      return tooManyRequests(headers);
    case 'unavailable':
      return problem(503, 'Service Unavailable', 'Service Unavailable', 'about:blank', {}, headers);
    case 'too_large':
      return problem(413, 'Payload Too Large', message, 'about:blank', {}, headers);
    case 'method_not_allowed':
      return problem(405, 'Method Not Allowed', message, 'about:blank', {}, headers);
    default:
      return problem(status, 'Bad Gateway', message, 'about:blank', {}, headers);
  }
};

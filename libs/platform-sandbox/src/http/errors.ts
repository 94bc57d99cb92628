import { escapeHtml, html, json, type Reply } from './reply.js';
import type { HostName } from './router.js';

export function sandboxError(status: number, code: string, message: string): Reply {
  return json(status, { error: { code, message } });
}

export function htmlPage(status: number, title: string, message: string, headers: Record<string, string | number> = {}): Reply {
  return html(
    status,
    `<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    headers,
  );
}

export type ErrorKind = 'not_found' | 'method_not_allowed' | 'internal' | 'bad_gateway' | 'unavailable' | 'rate_limited' | 'too_large';

/** Replies a mount gives for a host-level failure on one of its hosts, in the platform's own shape. */
export type HostErrorReply = (host: HostName, kind: ErrorKind, status: number, message: string, headers: Record<string, string | number>) => Reply;

/**
 * The error shape of a host-level failure (unknown path, crash, injected fault): an HTML page for
 * a bad gateway or when asked, else the platform's own (its mount's `hostError`), else ours.
 */
export function hostError(
  platformError: HostErrorReply | undefined,
  host: HostName,
  kind: ErrorKind,
  message: string,
  opts: { html?: boolean; retryAfterSec?: number } = {},
): Reply {
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
  return platformError ? platformError(host, kind, status, message, headers) : sandboxError(status, kind, message);
}

import type { ServerResponse } from 'node:http';

/** A fully materialised response. Handlers return replies so faults can rewrite or drop them. */
export interface Reply {
  status: number;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}

/** Thrown by handlers to answer early with a platform-shaped error. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`reply ${reply.status}`);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string | number> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=UTF-8', ...headers }, body: JSON.stringify(body) };
}

export function html(status: number, body: string, headers: Record<string, string | number> = {}): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body };
}

export function text(status: number, body: string, headers: Record<string, string | number> = {}): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location, 'content-type': 'text/html; charset=utf-8' }, body: `<a href="${escapeHtml(location)}">Redirecting</a>` };
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const body = reply.body ?? '';
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': Buffer.byteLength(body) };
  res.writeHead(reply.status, headers);
  res.end(body);
}

/** Legacy helper kept for callers that write straight to a ServerResponse. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  writeReply(res, json(status, body, headers));
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * JSON.stringify that can emit int64 values losslessly: pass them as `Int64` instances and they
 * are written as bare digits (TikTok post ids exceed 2^53).
 */
export class Int64 {
  constructor(readonly digits: string) {}
}

export function stringifyWithInt64(value: unknown): string {
  const marks: string[] = [];
  const s = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Int64) {
      marks.push(v.digits);
      return `__INT64_${marks.length - 1}__`;
    }
    return v;
  });
  return s.replace(/"__INT64_(\d+)__"/g, (_m, i: string) => marks[Number(i)] ?? '0');
}

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import type { PlatformUsage } from './contract.js';

/**
 * The one place the product talks HTTP to the configured platform hosts (publishers and their
 * OAuth providers, and the API's Instagram messaging client as `sendToPlatform`): Node's fetch (undici), a
 * per-request timeout, no redirects followed, and a result that separates "the server answered"
 * from "no usable answer" (timeout, reset, abort). A transport failure on a request that may
 * change remote state is what the ambiguity rule is about. URLs from anyone else go through
 * @mwr/net's guarded client instead (a lint rule keeps raw fetch out of everything else).
 */

export type HttpResult =
  { ok: true; status: number; headers: Headers; text: string } | { ok: false; reason: 'timeout' | 'network' | 'aborted'; message: string; status?: number };

export interface SendOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function send(url: string, init: RequestInit, options: SendOptions): Promise<HttpResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let status: number | undefined;
  try {
    const res = await fetch(url, { ...init, redirect: 'manual', signal });
    status = res.status;
    const text = await res.text();
    return { ok: true, status: res.status, headers: res.headers, text };
  } catch (error) {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    const reason = timeout.aborted ? 'timeout' : options.signal?.aborted ? 'aborted' : 'network';
    const detail = err.cause?.code ?? err.cause?.message ?? err.message;
    return { ok: false, reason, message: `${reason}: ${detail}`, ...(status !== undefined ? { status } : {}) };
  }
}

/**
 * Kept-alive connections for uploads: consecutive chunk PUTs to one upload host reuse a socket
 * (no new TCP/TLS handshake per chunk). Idle sockets do not keep the process alive (Node unrefs them).
 */
const UPLOAD_AGENTS = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

export interface StreamedRequest {
  method: 'PUT' | 'POST';
  headers: Record<string, string>;
  /**
   * The body, pulled one part at a time: the next part is asked for only once the previous one
   * was handed to the kernel, so a source may reuse its buffers and memory stays at one part or two.
   */
  body: AsyncIterable<Uint8Array>;
}

/**
 * A large upload body (a video chunk) to a configured platform host, streamed from its source with
 * backpressure over node:http(s) rather than fetch: fetch wraps an iterable body in a web stream
 * that buffers ahead of the socket (bench:publish-upload: +140 MB RSS per 64 MB chunk, 0.46x curl;
 * issue #32). Same result shape, timeout and abort rules as `send`.
 */
export function sendStreamed(url: string, init: StreamedRequest, options: SendOptions): Promise<HttpResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const target = new URL(url);
  const agent = target.protocol === 'https:' ? UPLOAD_AGENTS['https:'] : UPLOAD_AGENTS['http:'];
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<HttpResult>((resolve) => {
    let settled = false;
    let status: number | undefined;
    const settle = (result: HttpResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const fail = (error: unknown) => {
      const err = error as Error & { code?: string };
      const reason = timeout.aborted ? 'timeout' : options.signal?.aborted ? 'aborted' : 'network';
      settle({ ok: false, reason, message: `${reason}: ${err.code ?? err.message}`, ...(status !== undefined ? { status } : {}) });
    };
    // No redirect is followed: node:http never follows one (like `redirect: 'manual'` in send).
    const req = request(target, { method: init.method, headers: init.headers, agent, signal });
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      status = res.statusCode ?? 0;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('error', fail);
      res.on('end', () => {
        settle({ ok: true, status: status ?? 0, headers: headersOf(res), text });
        // An early answer (e.g. 416 before the whole body was sent): the rest is not sent.
        if (!req.writableFinished) req.destroy();
      });
    });
    void (async () => {
      for await (const part of init.body) {
        if (settled || req.destroyed) return;
        await new Promise<void>((written, failed) => req.write(part, (error) => (error ? failed(error) : written())));
      }
      req.end();
    })().catch((error: unknown) => {
      if (!req.destroyed) req.destroy(error as Error);
      fail(error);
    });
  });
}

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`. */
export function retryAfterFromHeader(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Meta's `X-Business-Use-Case-Usage`: `{"<id>": [{"type": "instagram", "call_count": 100,
 * "estimated_time_to_regain_access": <minutes>}]}`. Returns the largest wait in ms, if any.
 */
export function retryAfterFromBusinessUseCase(headers: Headers): number | undefined {
  const raw = headers.get('x-business-use-case-usage');
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  let best: number | undefined;
  if (parsed && typeof parsed === 'object') {
    for (const entries of Object.values(parsed as Record<string, unknown>)) {
      for (const entry of Array.isArray(entries) ? entries : [entries]) {
        const minutes = (entry as { estimated_time_to_regain_access?: unknown } | null)?.estimated_time_to_regain_access;
        if (typeof minutes === 'number' && minutes > 0) best = Math.max(best ?? 0, minutes * 60_000);
      }
    }
  }
  return best;
}

/** Meta's usage headers of one answer, when it carries any (malformed JSON is ignored). */
export function usageFromHeaders(headers: Headers, now: number): PlatformUsage | undefined {
  const object = (name: string): Record<string, unknown> | undefined => {
    const parsed = parseJson(headers.get(name) ?? '');
    return parsed.ok && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)
      ? (parsed.value as Record<string, unknown>)
      : undefined;
  };
  const businessUseCase = object('x-business-use-case-usage');
  const app = object('x-app-usage');
  if (!businessUseCase && !app) return undefined;
  return { ...(businessUseCase ? { businessUseCase } : {}), ...(app ? { app } : {}), reportedAt: new Date(now).toISOString() };
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

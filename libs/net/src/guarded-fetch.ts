import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

import { classifyAddress } from './address.js';

/**
 * The one HTTP client for URLs that come from someone else (webhook targets, media URLs handed to
 * a crawler). For every hop — the first URL and each redirect — it:
 *  - accepts http(s) only, without credentials in the URL;
 *  - resolves the host ONCE and refuses unless every address is public unicast;
 *  - connects to exactly the addresses it checked (the socket's lookup is pinned to them, so DNS
 *    cannot answer differently the second time), with Host and TLS SNI still the original name;
 *  - bounds the redirects, the time of the whole exchange and the size of the body.
 *
 * Local development may reach its own servers only through `allowedOrigins`: an explicit list of
 * exact origins (`http://127.0.0.1:3000`) the caller passes per call. There is no global switch.
 */

export type Resolver = (hostname: string) => Promise<string[]>;

export type OutboundErrorCode = 'URL_NOT_ALLOWED' | 'TIMEOUT' | 'ABORTED' | 'NETWORK' | 'BODY_TOO_LARGE' | 'TOO_MANY_REDIRECTS';

export class OutboundFetchError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboundFetchError';
  }
}

/** The URL (or a redirect, or what its host resolves to) is not somewhere the server may go. */
export class BlockedUrlError extends OutboundFetchError {
  constructor(message: string) {
    super('URL_NOT_ALLOWED', message);
    this.name = 'BlockedUrlError';
  }
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Deadline for the whole exchange: resolution, connection, redirects and reading the body. Default 10 s. */
  timeoutMs?: number;
  /** Largest body read by buffer()/text()/json()/chunks(). Default 10 MiB. */
  maxBodyBytes?: number;
  /** 'follow' (default) follows up to maxRedirects, re-checking each hop; 'manual' returns the 3xx. */
  redirect?: 'follow' | 'manual';
  maxRedirects?: number;
  /**
   * Exact origins (scheme://host[:port]) that may resolve to a non-public address: local
   * development servers. Compared with the URL's origin as written, before resolution.
   */
  allowedOrigins?: readonly string[];
  signal?: AbortSignal;
  /** Name resolution (tests inject one); default: the system resolver, every address. */
  resolve?: Resolver;
}

export interface OutboundResponse {
  /** The final URL (after redirects). */
  readonly url: string;
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /** The address the connection went to. */
  readonly address: string;
  readonly redirects: number;
  /** The body in chunks, bounded by maxBodyBytes. */
  chunks(): AsyncIterable<Buffer>;
  buffer(): Promise<Buffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Drops the body and the connection. */
  discard(): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY = 10 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemResolve: Resolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Normalises an allow-list entry; anything but a bare http(s) origin is a programming error. */
export function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`allowed origin ${origin} is not a URL`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  ) {
    throw new TypeError(`allowed origin ${origin} must be a bare http(s) origin such as http://127.0.0.1:3000`);
  }
  return url.origin;
}

function checkUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedUrlError('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BlockedUrlError(`scheme ${url.protocol} is not allowed`);
  if (url.username || url.password) throw new BlockedUrlError('credentials in URLs are not allowed');
  return url;
}

interface Target {
  host: string;
  addresses: { address: string; family: 4 | 6 }[];
}

/** Resolves once and checks every address; what it returns is what the socket will use. */
async function resolveTarget(url: URL, allowed: ReadonlySet<string>, resolve: Resolver): Promise<Target> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let found: string[];
  if (isIP(host)) found = [host];
  else {
    try {
      found = await resolve(host);
    } catch {
      throw new BlockedUrlError(`host ${host} does not resolve`);
    }
  }
  if (found.length === 0) throw new BlockedUrlError(`host ${host} does not resolve`);
  const addresses: Target['addresses'] = [];
  for (const address of found) {
    const family = isIP(address);
    if (family !== 4 && family !== 6) throw new BlockedUrlError(`host ${host} resolved to something that is not an address`);
    if (!allowed.has(url.origin)) {
      const verdict = classifyAddress(address);
      if (!verdict.public) throw new BlockedUrlError(`host ${host} points to a non-public address (${verdict.reason})`);
    }
    addresses.push({ address, family });
  }
  return { host, addresses };
}

function pinnedLookup(target: Target): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, target.addresses);
    else callback(null, target.addresses[0]!.address, target.addresses[0]!.family);
  };
}

function exchange(
  url: URL,
  target: Target,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  signal: AbortSignal,
): Promise<{ res: IncomingMessage; address: string }> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      protocol: url.protocol,
      hostname: target.host,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method,
      headers: { ...headers, host: url.host },
      agent: false, // no pooled socket from an earlier resolution
      lookup: pinnedLookup(target),
      signal,
      ...(secure && !isIP(target.host) ? { servername: target.host } : {}),
    };
    const req = (secure ? https : http).request(options, (res) => resolve({ res, address: res.socket?.remoteAddress ?? target.addresses[0]!.address }));
    req.on('error', reject);
    req.end(body);
  });
}

function toHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    try {
      headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
    } catch {
      // A header value fetch's Headers will not hold is dropped rather than failing the call.
    }
  }
  return headers;
}

function failure(error: unknown, deadline: AbortSignal, callerSignal: AbortSignal | undefined, timeoutMs: number): OutboundFetchError {
  if (error instanceof OutboundFetchError) return error;
  if (deadline.aborted && !callerSignal?.aborted) return new OutboundFetchError('TIMEOUT', `no complete answer within ${timeoutMs} ms`, { cause: error });
  if (callerSignal?.aborted) return new OutboundFetchError('ABORTED', 'the request was aborted', { cause: error });
  const err = error as Error & { code?: string };
  return new OutboundFetchError('NETWORK', `network error: ${err.code ?? err.message}`, { cause: error });
}

class Response implements OutboundResponse {
  readonly ok: boolean;
  private consumed = false;

  constructor(
    private readonly res: IncomingMessage,
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    readonly address: string,
    readonly redirects: number,
    private readonly maxBodyBytes: number,
    private readonly fail: (error: unknown) => OutboundFetchError,
    private readonly done: () => void,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async *chunks(): AsyncIterable<Buffer> {
    if (this.consumed) throw new TypeError('the body was already read');
    this.consumed = true;
    let size = 0;
    try {
      for await (const chunk of this.res as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBodyBytes) throw new OutboundFetchError('BODY_TOO_LARGE', `the body exceeds ${this.maxBodyBytes} bytes`);
        yield chunk;
      }
    } catch (error) {
      throw this.fail(error);
    } finally {
      this.discard();
    }
  }

  async buffer(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks()) parts.push(chunk);
    return Buffer.concat(parts);
  }

  async text(): Promise<string> {
    return (await this.buffer()).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  discard(): void {
    this.consumed = true;
    if (!this.res.complete) this.res.destroy();
    this.done();
  }
}

/** Fetches `raw` through the SSRF guard (see the file comment). Errors are OutboundFetchErrors. */
export async function guardedFetch(raw: string | URL, request: OutboundRequest = {}): Promise<OutboundResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = request.redirect === 'manual' ? 0 : (request.maxRedirects ?? DEFAULT_MAX_REDIRECTS);
  const allowed = new Set((request.allowedOrigins ?? []).map(normalizeOrigin));
  const resolve = request.resolve ?? systemResolve;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
  const fail = (error: unknown) => failure(error, deadline, request.signal, timeoutMs);

  let url = checkUrl(raw);
  let method = (request.method ?? 'GET').toUpperCase();
  let headers: Record<string, string> = { ...request.headers };
  let body = request.body;
  for (let hop = 0; ; hop++) {
    let res: IncomingMessage;
    let address: string;
    try {
      signal.throwIfAborted();
      const target = await resolveTarget(url, allowed, resolve);
      signal.throwIfAborted();
      ({ res, address } = await exchange(url, target, method, headers, body, signal));
    } catch (error) {
      throw fail(error);
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!REDIRECTS.has(status) || !location || request.redirect === 'manual') {
      const onAbort = () => res.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      return new Response(res, url.toString(), status, toHeaders(res), address, hop, request.maxBodyBytes ?? DEFAULT_MAX_BODY, fail, () =>
        signal.removeEventListener('abort', onAbort),
      );
    }
    res.destroy();
    if (hop >= maxRedirects) throw new OutboundFetchError('TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects`);
    const next = checkUrl(new URL(location, url));
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length|encoding)$/i.test(k)));
    }
    if (next.origin !== url.origin)
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)));
    url = next;
  }
}

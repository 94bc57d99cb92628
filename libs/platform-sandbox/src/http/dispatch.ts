import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import type { Core, Ctx } from '../core/context.js';
import type { PlatformMount } from '../core/mount.js';
import type { RequestLogEntry } from '../core/state.js';
import { parseFaultHeader, pickFault, type ActiveFault } from '../faults/faults.js';
import { BodyTooLargeError, contentTypeOf, readBody } from './body.js';
import { hostError, sandboxError } from './errors.js';
import { ReplyError, writeReply, type Reply } from './reply.js';
import { matchRoute, type HostName, type Route } from './router.js';

/**
 * The request pipeline of the sandbox core: which mount's host a URL is under, the request log,
 * faults (header or rules), strict mode's refusals, the route's handler, and the reply.
 */
export interface Dispatcher {
  dispatch(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void>;
  /** True when the URL path is under basePath and a mounted host (or the inspection host). */
  owns(url: string): boolean;
  /** Destroys the connections a timeout fault is holding open. */
  closeHanging(): void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function bodySummary(contentType: string, raw: Buffer | undefined): unknown {
  if (!raw || raw.length === 0) return undefined;
  if (contentType === 'application/json' || contentType === 'application/x-www-form-urlencoded') {
    const s = raw.toString('utf8');
    if (contentType === 'application/json') {
      try {
        return JSON.parse(s.length > 20_000 ? '"<too large>"' : s) as unknown;
      } catch {
        return s.slice(0, 500);
      }
    }
    return Object.fromEntries(new URLSearchParams(s));
  }
  return { bytes: raw.length, contentType };
}

function responseSummary(reply: Reply): unknown {
  const ct = String(reply.headers?.['content-type'] ?? '');
  if (typeof reply.body === 'string' && ct.startsWith('application/json') && reply.body.length < 20_000) {
    try {
      return JSON.parse(reply.body) as unknown;
    } catch {
      return reply.body.slice(0, 500);
    }
  }
  return reply.body === undefined ? undefined : { bytes: Buffer.byteLength(reply.body), contentType: ct };
}

function tokenOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth);
    if (m?.[1]) return m[1].trim();
  }
  return query.get('access_token') ?? undefined;
}

export function createDispatcher(core: Core, routes: readonly Route[], isStrict: () => boolean): Dispatcher {
  const { opts, clock } = core;
  const mountOfHost = new Map<string, PlatformMount>(core.mounts.flatMap((m) => m.hosts.map((h) => [h, m] as const)));
  const hosts: readonly string[] = [...mountOfHost.keys(), '__sandbox'];
  const versionedHosts = new Set<string>(core.mounts.flatMap((m) => m.versionedHosts ?? []));
  const hanging = new Set<{ timer: NodeJS.Timeout; socket: Socket }>();
  let requestSeq = 0;

  function splitPath(rawUrl: string): { host: HostName; path: string; version: string | undefined; url: URL } | undefined {
    let url: URL;
    try {
      url = new URL(rawUrl, 'http://sandbox.invalid');
    } catch {
      return undefined;
    }
    const pathname = url.pathname;
    if (opts.basePath && !(pathname === opts.basePath || pathname.startsWith(`${opts.basePath}/`))) return undefined;
    const rest = pathname.slice(opts.basePath.length);
    const m = /^\/([^/]+)(\/.*)?$/.exec(rest);
    const hostKey = m?.[1];
    if (!hostKey || !hosts.includes(hostKey)) return undefined;
    const host = hostKey as HostName;
    let path = m?.[2] ?? '/';
    let version: string | undefined;
    if (versionedHosts.has(host)) {
      const v = /^\/(v\d+\.\d+)(\/.*|)$/.exec(path);
      if (v) {
        version = v[1];
        path = v[2] || '/';
      }
    }
    return { host, path, version, url };
  }

  function hang(socket: Socket, ms: number): void {
    const entry = {
      socket,
      timer: setTimeout(() => {
        hanging.delete(entry);
        socket.destroy();
      }, ms),
    };
    hanging.add(entry);
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> {
    const split = splitPath(req.url ?? '/');
    if (!split) {
      if (next) return next();
      writeReply(res, sandboxError(404, 'not_found', `no sandbox host at ${req.url ?? ''}; expected ${opts.basePath}/{${hosts.join('|')}}/…`));
      return;
    }
    const { host, path, version, url } = split;
    core.tick();
    const method = (req.method ?? 'GET').toUpperCase();
    const match = matchRoute(routes, host, method, path);
    const route = match && 'route' in match ? match.route : undefined;
    const endpoint = route?.endpoint ?? `${host}.unknown`;
    requestSeq += 1;
    const log: RequestLogEntry = { id: requestSeq, at: clock.now(), host, endpoint, method, path, query: url.search };
    const token = tokenOf(req, url.searchParams);
    if (token) log.token = token;
    if (host !== '__sandbox') {
      core.state.requests.push(log);
      if (core.state.requests.length > opts.requestLogLimit) core.state.requests.splice(0, core.state.requests.length - opts.requestLogLimit);
    }

    let cachedBody: Buffer | undefined;
    let bodyPromise: Promise<Buffer> | undefined;
    const ctx: Ctx = {
      core,
      req,
      host,
      method,
      path,
      url,
      query: url.searchParams,
      params: match && 'route' in match ? match.params : {},
      origin: opts.publicBaseUrl ?? `http://${req.headers.host ?? '127.0.0.1'}`,
      graphVersion: version,
      flags: { stuck: false, rejected: false },
      log,
      body(limit = opts.jsonBodyLimit) {
        bodyPromise ??= readBody(req, limit).then((b) => (cachedBody = b));
        return bodyPromise;
      },
    };

    let fault: ActiveFault | undefined;
    if (host !== '__sandbox') {
      const header = req.headers['x-sandbox-fault'];
      if (typeof header === 'string' && header) {
        const parsed = parseFaultHeader(header);
        if (typeof parsed === 'string') {
          writeReply(res, sandboxError(400, 'invalid_fault', parsed));
          return;
        }
        fault = parsed;
      } else {
        fault = pickFault(core.faultRules, core.rng, host, endpoint, method, path);
      }
    }
    if (fault) log.fault = fault.kind;

    let reply: Reply | undefined;
    if (fault) {
      switch (fault.kind) {
        case 'http_500':
          reply = hostError(mountOfHost.get(host)?.hostError, host, 'internal', 'injected internal error', { html: fault.html === true });
          break;
        case 'http_502':
          reply = hostError(mountOfHost.get(host)?.hostError, host, 'bad_gateway', 'The upstream server returned an invalid response.');
          break;
        case 'http_503':
          reply = hostError(mountOfHost.get(host)?.hostError, host, 'unavailable', 'Service temporarily unavailable', {
            html: fault.html === true,
            ...(fault.retryAfterSec !== undefined ? { retryAfterSec: fault.retryAfterSec } : {}),
          });
          break;
        case 'rate_limit_429':
          reply = hostError(mountOfHost.get(host)?.hostError, host, 'rate_limited', 'Too many requests, please retry later.', {
            retryAfterSec: fault.retryAfterSec ?? 30,
          });
          break;
        case 'connection_reset':
          log.status = 0;
          req.socket.resetAndDestroy();
          return;
        case 'timeout_before':
          log.status = 0;
          hang(req.socket, fault.delayMs ?? opts.hangMs);
          return;
        case 'slow':
          await sleep(fault.delayMs ?? 2000);
          break;
        case 'stuck_processing':
          ctx.flags.stuck = true;
          break;
        case 'content_rejected':
          ctx.flags.rejected = true;
          break;
        case 'token_revoked':
          mountOfHost.get(host)?.revokeForRequest(ctx, token);
          break;
        default:
          break;
      }
    }

    if (!reply) {
      try {
        if (!match) reply = hostError(mountOfHost.get(host)?.hostError, host, 'not_found', `Unknown path components: ${path}`);
        else if ('methodNotAllowed' in match)
          reply = hostError(mountOfHost.get(host)?.hostError, host, 'method_not_allowed', `Unsupported ${method} request for ${path}`);
        else
          reply =
            (isStrict() ? mountOfHost.get(host)?.strictRefusal?.(core, host, endpoint, method, ctx.params, ctx.query) : undefined) ??
            (await match.route.handler(ctx));
      } catch (error) {
        if (error instanceof ReplyError) reply = error.reply;
        else if (error instanceof BodyTooLargeError) reply = hostError(mountOfHost.get(host)?.hostError, host, 'too_large', error.message);
        else {
          log.response = { internalError: (error as Error).message };
          reply = hostError(mountOfHost.get(host)?.hostError, host, 'internal', 'An unexpected error has occurred. Please retry your request later.');
        }
      }
    }
    log.body = bodySummary(contentTypeOf(req), cachedBody);
    log.status = reply.status;
    if (log.response === undefined) log.response = responseSummary(reply);

    if (fault?.kind === 'timeout_after') {
      // The action was applied; the client never hears about it.
      log.status = 0;
      if (!req.complete) req.resume();
      hang(req.socket, fault.delayMs ?? opts.hangMs);
      return;
    }
    if (fault?.kind === 'truncated_json') {
      const body = Buffer.from(reply.body ?? '');
      reply = { ...reply, body: body.subarray(0, Math.max(1, Math.floor(body.length / 2))) };
    }
    if (!req.complete) {
      // Drain unread request bytes so the client sees our answer rather than a reset.
      req.resume();
    }
    if (res.writableEnded || res.destroyed) return;
    writeReply(res, reply);
  }

  return {
    dispatch,
    owns: (url) => splitPath(url) !== undefined,
    closeHanging() {
      for (const h of hanging) {
        clearTimeout(h.timer);
        h.socket.destroy();
      }
      hanging.clear();
    },
  };
}

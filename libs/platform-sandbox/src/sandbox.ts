import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createClock } from './core/clock.js';
import type { BaseUrls, Core, Ctx } from './core/context.js';
import { Sequence } from './core/ids.js';
import { mountedStates, type MountedActions, type MountedUrls, type PlatformMount, type UnmountedPlatforms } from './core/mount.js';
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from './core/options.js';
import { createRng } from './core/rng.js';
import { createState, type RequestLogEntry } from './core/state.js';
import { parseFaultHeader, pickFault, validateRule, type ActiveFault, type FaultRule, type FaultRuleInput } from './faults/faults.js';
import { BodyTooLargeError, contentTypeOf, readBody } from './http/body.js';
import { hostError, sandboxError } from './http/errors.js';
import { ReplyError, writeReply, type Reply } from './http/reply.js';
import { matchRoute, type HostName, type Route } from './http/router.js';
import { inspectionRoutes } from './inspection/inspection.js';
import { tickWebhooks } from './webhooks/delivery.js';
import * as inspect from './inspection/queries.js';
// Each platform's simulator is one folder exporting its mount; adding a platform is its folder plus its entry in MOUNTS.
import { instagramMount } from './instagram/index.js';
import { tiktokMount } from './tiktok/index.js';

const MOUNTS = [tiktokMount, instagramMount] as const;
const PLATFORM_MOUNTS: readonly PlatformMount[] = MOUNTS;

/** Endpoints the sandbox serves that are not part of the documented contract (platform-apis.md); strict mode refuses them. */
export const UNDOCUMENTED_ENDPOINTS: ReadonlySet<string> = new Set(PLATFORM_MOUNTS.flatMap((m) => m.undocumentedEndpoints ?? []));

/** Compile-time: every platform of the state has a mount, and the mounts' URLs are exactly BaseUrls. */
const everyPlatformMounted: [UnmountedPlatforms<typeof MOUNTS>] extends [never] ? true : never = true;
type ComposedUrls = MountedUrls<typeof MOUNTS> & Pick<BaseUrls, 'inspectionUrl'>;
const urlsAreBaseUrls: [ComposedUrls, BaseUrls] extends [BaseUrls, ComposedUrls] ? true : never = true;
void everyPlatformMounted;
void urlsAreBaseUrls;

/** The in-process test helpers of every mount (minting tokens, inbound messages…). */
export type SandboxActions = MountedActions<typeof MOUNTS>;

export interface ListenOptions {
  port?: number;
  host?: string;
}

export interface RunningSandbox {
  /** Origin the server listens on, e.g. http://127.0.0.1:4010 */
  readonly origin: string;
  readonly urls: BaseUrls;
  close(): Promise<void>;
}

export interface Sandbox {
  readonly options: ResolvedOptions;
  readonly clock: { now(): number; advance(ms: number): number; readonly mode: 'manual' | 'real' };
  /** Node request handler; with `next` it passes on requests outside basePath (Express/Connect style). */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): void;
  /** True when the URL path belongs to this sandbox (is under basePath and a known host). */
  owns(url: string): boolean;
  listen(options?: ListenOptions): Promise<RunningSandbox>;
  urls(origin: string): BaseUrls;
  reset(): void;
  /** Waits for background work (downloads, webhook deliveries) to finish. */
  settle(): Promise<void>;
  tick(): void;
  addFault(rule: FaultRuleInput): FaultRule;
  clearFaults(): void;
  /** Strict mode on or off at run time (see SandboxOptions.strict). */
  setStrict(on: boolean): void;
  readonly strict: boolean;
  readonly inspect: {
    requests(filter?: inspect.RequestFilter): RequestLogEntry[];
    publicPosts(filter?: { platform?: string; accountId?: string }): ReturnType<typeof inspect.publicPosts>;
    duplicates(accountId?: string): ReturnType<typeof inspect.duplicates>;
    quotas(): ReturnType<typeof inspect.quotas>;
    webhooks(): ReturnType<typeof inspect.webhooks>;
  };
  readonly actions: SandboxActions;
  /** Stops timers and hanging connections (servers from listen() are closed by their own close()). */
  close(): Promise<void>;
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

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const mounts = PLATFORM_MOUNTS;
  const mountOfHost = new Map<string, PlatformMount>(mounts.flatMap((m) => m.hosts.map((h) => [h, m] as const)));
  const hosts: readonly string[] = [...mountOfHost.keys(), '__sandbox'];
  const versionedHosts = new Set<string>(mounts.flatMap((m) => m.versionedHosts ?? []));
  const opts = resolveOptions(options);
  const clock = createClock(opts.clock, opts.startTime);
  const background = new Set<Promise<unknown>>();
  const hanging = new Set<{ timer: NodeJS.Timeout; socket: Socket }>();
  let ruleSeq = 0;
  let requestSeq = 0;
  let realTimer: NodeJS.Timeout | undefined;

  const core: Core = {
    opts,
    clock,
    state: createState(mountedStates(mounts, opts.seedData)),
    rng: createRng(opts.seed),
    seq: new Sequence(),
    faultRules: [],
    mounts,
    tick() {
      for (const m of mounts) m.tick(core);
      tickWebhooks(core);
    },
    track(work) {
      const p = work.catch(() => undefined).finally(() => background.delete(p));
      background.add(p);
    },
    urls(origin) {
      const root = `${origin}${opts.basePath}`;
      const platformUrls = Object.assign({}, ...mounts.map((m) => m.urls(root))) as MountedUrls<typeof MOUNTS>;
      return { ...platformUrls, inspectionUrl: `${root}/__sandbox` };
    },
  };

  const routes: Route[] = [];
  let strict = options.strict === true;

  function addFault(input: FaultRuleInput): FaultRule {
    ruleSeq += 1;
    const rule = validateRule(input, `fault-${ruleSeq}`);
    if (typeof rule === 'string') throw new Error(rule);
    core.faultRules.push(rule);
    return rule;
  }

  function reset(): void {
    core.state = createState(mountedStates(mounts, opts.seedData));
    core.faultRules = [];
    core.rng = createRng(opts.seed);
  }

  const sandbox: Sandbox = {
    options: opts,
    clock: {
      get mode() {
        return clock.mode;
      },
      now: () => clock.now(),
      advance(ms: number) {
        const now = clock.advance(ms);
        core.tick();
        return now;
      },
    },
    handle(req, res, next) {
      void dispatch(req, res, next);
    },
    owns(url) {
      return splitPath(url) !== undefined;
    },
    async listen(listenOptions = {}) {
      const server: Server = createServer((req, res) => sandbox.handle(req, res));
      const host = listenOptions.host ?? '127.0.0.1';
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(listenOptions.port ?? 0, host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const origin = `http://${shownHost}:${port}`;
      if (opts.clock === 'real' && !realTimer) {
        realTimer = setInterval(() => core.tick(), 1000);
        realTimer.unref();
      }
      return {
        origin,
        urls: core.urls(opts.publicBaseUrl ?? origin),
        close: async () => {
          await sandbox.close();
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        },
      };
    },
    urls: (origin) => core.urls(origin),
    reset,
    async settle() {
      for (let i = 0; i < 20 && background.size > 0; i++) {
        await Promise.all([...background]);
        core.tick();
      }
    },
    tick: () => core.tick(),
    addFault,
    clearFaults() {
      core.faultRules = [];
    },
    setStrict(on) {
      strict = on;
    },
    get strict() {
      return strict;
    },
    inspect: {
      requests: (filter) => inspect.requests(core, filter),
      publicPosts: (filter) => inspect.publicPosts(core, filter),
      duplicates: (accountId) => inspect.duplicates(core, accountId),
      quotas: () => inspect.quotas(core),
      webhooks: () => inspect.webhooks(core),
    },
    actions: Object.assign({}, ...mounts.map((m) => m.actions(core))) as SandboxActions,
    async close() {
      if (realTimer) clearInterval(realTimer);
      realTimer = undefined;
      for (const h of hanging) {
        clearTimeout(h.timer);
        h.socket.destroy();
      }
      hanging.clear();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all([...background]), new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
      if (timer) clearTimeout(timer);
    },
  };

  routes.push(...mounts.flatMap((m) => m.routes()), ...inspectionRoutes(sandbox, core, { addFault, reset }));

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
      flags: { stuck: false },
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
          reply = hostError(host, 'internal', 'injected internal error', { html: fault.html === true });
          break;
        case 'http_502':
          reply = hostError(host, 'bad_gateway', 'The upstream server returned an invalid response.');
          break;
        case 'http_503':
          reply = hostError(host, 'unavailable', 'Service temporarily unavailable', { html: fault.html === true, ...(fault.retryAfterSec !== undefined ? { retryAfterSec: fault.retryAfterSec } : {}) });
          break;
        case 'rate_limit_429':
          reply = hostError(host, 'rate_limited', 'Too many requests, please retry later.', { retryAfterSec: fault.retryAfterSec ?? 30 });
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
        case 'token_revoked':
          mountOfHost.get(host)?.revokeForRequest(ctx, token);
          break;
        default:
          break;
      }
    }

    if (!reply) {
      try {
        if (!match) reply = hostError(host, 'not_found', `Unknown path components: ${path}`);
        else if ('methodNotAllowed' in match) reply = hostError(host, 'method_not_allowed', `Unsupported ${method} request for ${path}`);
        else reply = (strict ? mountOfHost.get(host)?.strictRefusal?.(core, host, endpoint, method, ctx.params, ctx.query) : undefined) ?? (await match.route.handler(ctx));
      } catch (error) {
        if (error instanceof ReplyError) reply = error.reply;
        else if (error instanceof BodyTooLargeError) reply = hostError(host, 'too_large', error.message);
        else {
          log.response = { internalError: (error as Error).message };
          reply = hostError(host, 'internal', 'An unexpected error has occurred. Please retry your request later.');
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

  return sandbox;
}

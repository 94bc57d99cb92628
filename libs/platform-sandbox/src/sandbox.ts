import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createClock } from './core/clock.js';
import type { Core } from './core/context.js';
import { Sequence } from './core/ids.js';
import { mountedStates, type MountedActions, type MountedUrls, type UnmountedPlatforms } from './core/mount.js';
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from './core/options.js';
import { createRng } from './core/rng.js';
import { createState, type RequestLogEntry } from './core/state.js';
import { validateRule, type FaultRule, type FaultRuleInput } from './faults/faults.js';
import { createDispatcher } from './http/dispatch.js';
import type { Route } from './http/router.js';
import { inspectionRoutes } from './inspection/inspection.js';
import * as inspect from './inspection/queries.js';
import { MOUNTS, PLATFORM_MOUNTS, type BaseUrls } from './mounts.js';
import { tickWebhooks } from './webhooks/delivery.js';

/** Endpoints the sandbox serves that are not part of the documented contract (platform-apis.md); strict mode refuses them. */
export const UNDOCUMENTED_ENDPOINTS: ReadonlySet<string> = new Set(PLATFORM_MOUNTS.flatMap((m) => m.undocumentedEndpoints ?? []));

/** Compile-time: every platform of the state has a mount (mounts.ts). */
const everyPlatformMounted: [UnmountedPlatforms<typeof MOUNTS>] extends [never] ? true : never = true;
void everyPlatformMounted;

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
    /** Every upload each platform holds, published or not (GET /__sandbox/received). */
    received(filter?: { platform?: string; accountId?: string }): ReturnType<typeof inspect.received>;
    /** The platforms the sandbox simulates (its mounts), in mount order. */
    platforms(): string[];
    duplicates(accountId?: string): ReturnType<typeof inspect.duplicates>;
    quotas(): ReturnType<typeof inspect.quotas>;
    webhooks(): ReturnType<typeof inspect.webhooks>;
  };
  readonly actions: SandboxActions;
  /** Stops timers and hanging connections (servers from listen() are closed by their own close()). */
  close(): Promise<void>;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const mounts = PLATFORM_MOUNTS;
  const opts = resolveOptions(options, mounts);
  const clock = createClock(opts.clock, opts.startTime);
  const background = new Set<Promise<unknown>>();
  let ruleSeq = 0;
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
      void dispatcher.dispatch(req, res, next);
    },
    owns(url) {
      return dispatcher.owns(url);
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
      received: (filter) => inspect.received(core, filter),
      platforms: () => mounts.map((m) => m.platform),
      duplicates: (accountId) => inspect.duplicates(core, accountId),
      quotas: () => inspect.quotas(core),
      webhooks: () => inspect.webhooks(core),
    },
    actions: Object.assign({}, ...mounts.map((m) => m.actions(core))) as SandboxActions,
    async close() {
      if (realTimer) clearInterval(realTimer);
      realTimer = undefined;
      dispatcher.closeHanging();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all([...background]), new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
      if (timer) clearTimeout(timer);
    },
  };

  const routes: Route[] = [...mounts.flatMap((m) => m.routes()), ...inspectionRoutes(sandbox, core, { addFault, reset })];
  const dispatcher = createDispatcher(core, routes, () => strict);

  return sandbox;
}

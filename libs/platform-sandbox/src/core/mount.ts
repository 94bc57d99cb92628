import type { HostErrorReply } from '../http/errors.js';
import type { Reply } from '../http/reply.js';
import type { HostName, Route } from '../http/router.js';
import type { Core, Ctx } from './context.js';
import type { PlatformOptions, SandboxSeedData } from './options.js';
import type { Platform, PublicPost, SandboxState } from './state.js';

/**
 * Everything one platform's simulator adds to the sandbox (issue 19). A platform is one folder,
 * `src/<platform>/`, whose index exports its mount; createSandbox composes the core (state,
 * clock, rng, faults, limits, options, guarded outbound fetch, inspection router) with the list
 * of mounts and names no platform itself.
 */
export interface PlatformMount<
  P extends Platform = Platform,
  U extends Readonly<Record<string, string>> = Readonly<Record<string, string>>,
  A extends object = object,
> {
  readonly platform: P;
  /** The hosts it serves under basePath (`/<host>/…`), as its folder declares them in SandboxHosts (http/router.ts). */
  readonly hosts: readonly HostName[];
  /** Hosts whose paths start with an API version (`/v21.0/…`), stripped before routing. */
  readonly versionedHosts?: readonly HostName[];
  /** Its tunables' defaults (its entry of PlatformOptions); SandboxOptions.<platform> overrides them, one level deep. */
  readonly defaultOptions?: P extends keyof PlatformOptions ? PlatformOptions[P] : never;
  /** Its demo data (its lists of SandboxSeedData): clients, accounts…; SandboxOptions.seedData replaces a list. */
  defaultSeedData?(): Partial<SandboxSeedData>;
  /** Its slice of the state, built from the seed data (again on every reset). */
  initialState(seed: SandboxSeedData): StateSlice<P>;
  /** Its base URLs under the sandbox root (`${origin}${basePath}`); BaseUrls is every mount's. */
  urls(root: string): U;
  /** The variables the CLI prints to point a product at it (name -> its key in `urls`), as the product's config names them. */
  readonly env: Readonly<Record<string, keyof U & string>>;
  /** How long after an event the platform stops redelivering its webhook (ms); without it, webhooks are tried once. */
  readonly webhookGiveUpMs?: number;
  /** Its API routes (what the product calls). */
  routes(): Route[];
  /** Its inspection routes under /__sandbox/<platform>/… (tests and the admin API). */
  inspectionRoutes(core: Core): Route[];
  /** Its part of GET /__sandbox/accounts (masked by the inspection router). */
  accounts(core: Core): unknown;
  /** Its part of the quotas report (sandbox.inspect.quotas, GET /__sandbox/quotas). */
  quotas(core: Core): unknown;
  /**
   * Every upload it holds on an account, published or not (a video still processing, rejected or
   * private), with the sha256 of the bytes: what the chaos checker matches duplicates on. Without
   * it, its public posts.
   */
  received?(core: Core): PublicPost[];
  /** Advances its state machines to the current simulated time. */
  tick(core: Core): void;
  /** A host-level failure on one of its hosts (unknown path, crash, injected fault) in the platform's own error shape. */
  readonly hostError: HostErrorReply;
  /** The token_revoked fault on one of its hosts: what revoking the caller's access means here. */
  revokeForRequest(ctx: Ctx, token: string | undefined): void;
  /** Endpoints it serves that its documented contract (platform-apis.md) does not list (UNDOCUMENTED_ENDPOINTS). */
  readonly undocumentedEndpoints?: readonly string[];
  /** Strict mode: the refusal an independent implementation of its documented contract gives this call, or undefined to serve it. */
  strictRefusal?(core: Core, host: HostName, endpoint: string, method: string, params: Record<string, string>, query: URLSearchParams): Reply | undefined;
  /** Its part of sandbox.actions (in-process test helpers), bound to the core. */
  actions(core: Core): A;
}

/** One platform's part of SandboxState (for the default, any one platform's). */
export type StateSlice<P extends Platform> = P extends Platform ? Pick<SandboxState, P> : never;

export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** sandbox.actions: every mount's actions in one object. */
export type MountedActions<M extends readonly PlatformMount[]> = UnionToIntersection<ReturnType<M[number]['actions']>>;

/** Every mount's base URLs in one object. */
export type MountedUrls<M extends readonly PlatformMount[]> = UnionToIntersection<ReturnType<M[number]['urls']>>;

/** Platforms (state.ts `Platform`) that no mount in M serves; `never` when all are mounted. */
export type UnmountedPlatforms<M extends readonly PlatformMount[]> = Exclude<Platform, M[number]['platform']>;

/** The platform slices of the state, one per mount (the type check in sandbox.ts makes sure every platform has one). */
export function mountedStates(mounts: readonly PlatformMount[], seed: SandboxSeedData): Pick<SandboxState, Platform> {
  return Object.assign({}, ...mounts.map((m) => m.initialState(seed))) as Pick<SandboxState, Platform>;
}

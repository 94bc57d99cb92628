export interface PublicPost {
  platform: Platform;
  accountId: string;
  postId: string;
  /** The platform's id of the upload it came from (a publish id, a container id). */
  sourceId: string;
  sha256: string;
  caption: string;
  privacyLevel?: string;
  publishedAt: number;
}

export interface RequestLogEntry {
  id: number;
  at: number;
  host: string;
  endpoint: string;
  method: string;
  path: string;
  query: string;
  token?: string;
  body?: unknown;
  status?: number;
  response?: unknown;
  fault?: string;
}

export interface WebhookDelivery {
  id: number;
  platform: Platform;
  url: string;
  body: string;
  headers: Record<string, string>;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  delivered: boolean;
  lastStatus?: number;
  lastError?: string;
}

/**
 * Each platform's slice of the state, keyed by its id: its folder adds it to this interface
 * (`declare module '../core/state.js'`, in `<platform>/state.ts`), so the core names none.
 */
export interface PlatformStates {}

/** The platforms the sandbox simulates (every slice of PlatformStates; sandbox.ts checks each has a mount). */
export type Platform = keyof PlatformStates & string;

export interface SandboxState extends PlatformStates {
  /** Sliding-window rate limiter buckets: key → timestamps. */
  rate: Map<string, number[]>;
  publicPosts: PublicPost[];
  requests: RequestLogEntry[];
  webhooks: WebhookDelivery[];
}

/** The whole state: the platform slices (each mount builds its own from the seed data) and the shared logs. */
export function createState(platforms: PlatformStates): SandboxState {
  return { ...platforms, rate: new Map(), publicPosts: [], requests: [], webhooks: [] };
}

/** Sliding window helper: prunes entries older than windowMs and returns the live ones. */
export function windowed(map: Map<string, number[]>, key: string, now: number, windowMs: number): number[] {
  const live = (map.get(key) ?? []).filter((t) => t > now - windowMs);
  map.set(key, live);
  return live;
}

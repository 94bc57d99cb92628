import { normalizeOrigin } from '@mwr/net';

/**
 * Sandbox options: the core's own, and each platform's part, which its folder declares
 * (`declare module '../core/options.js'` in `<platform>/options.ts`: its tunables in
 * PlatformOptions, its demo data in SandboxSeedData) and its mount supplies (`defaultOptions`,
 * `defaultSeedData`), so this file names no platform (issue 19).
 */
import type { PlatformMount } from './mount.js';
import type { Platform } from './state.js';

/** Each platform's tunables, resolved (its folder declares its entry; SandboxOptions.<platform> overrides them). */
export interface PlatformOptions {}

/** Each platform's demo data (clients, accounts…): its folder declares its lists; SandboxOptions.seedData replaces a list. */
export interface SandboxSeedData {}

/** A caller's override of one platform's tunables: any field, and any part of a field that is itself a record. */
export type OptionsPatch<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K] };

/** Every platform's overrides (`tiktok: { processingMs: 200 }`). */
export type PlatformOptionsInput = { [P in keyof PlatformOptions]?: OptionsPatch<PlatformOptions[P]> };

export interface WebhookTarget {
  callbackUrl: string;
  /** HMAC key: the Meta/Instagram app secret or the TikTok client secret. */
  secret: string;
}

export interface SandboxOptions extends PlatformOptionsInput {
  /** Mount prefix, e.g. '/sandbox'. Every host lives under `${basePath}/<host>/…`. */
  basePath?: string;
  /** Absolute origin used in URLs the sandbox hands out (upload_url, permalinks); default: the request's Host. */
  publicBaseUrl?: string;
  /** 'manual' (default): time moves only via advance(); 'real': follows the wall clock too. */
  clock?: 'manual' | 'real';
  startTime?: number;
  /** Seed for probabilistic faults. */
  seed?: number;
  /** Where each platform delivers its webhooks (the product's callback), by platform. */
  webhooks?: Partial<Record<Platform, WebhookTarget>>;
  faults?: { hangMs?: number };
  seedData?: Partial<SandboxSeedData>;
  /** Max request log entries kept. */
  requestLogLimit?: number;
  /** Max request body for JSON/form endpoints. */
  jsonBodyLimit?: number;
  /**
   * Strict mode: refuse what platform-apis.md does not document (e.g. `GET /{ig-user-id}/media` →
   * 400 code 100 subcode 33, undocumented node fields → code 100), as an independent implementation
   * of the contract does (core/strict.ts). Default false; also `sandbox.setStrict()` at run time.
   */
  strict?: boolean;
  /**
   * Exact origins (`http://127.0.0.1:4000`) the sandbox may fetch from although they are not
   * public addresses: video_url / PULL_FROM_URL media and webhook callbacks on a developer's
   * machine. Every other URL goes through the SSRF guard like a real platform's crawler.
   */
  allowedFetchOrigins?: string[];
}

export interface ResolvedOptions extends PlatformOptions {
  basePath: string;
  publicBaseUrl: string | undefined;
  clock: 'manual' | 'real';
  startTime: number;
  seed: number;
  webhooks: Partial<Record<Platform, WebhookTarget>>;
  hangMs: number;
  seedData: SandboxSeedData;
  requestLogLimit: number;
  jsonBodyLimit: number;
  allowedFetchOrigins: string[];
}

export const DEFAULT_LOCAL_REDIRECTS = ['http://localhost:*/**', 'http://127.0.0.1:*/**'];

/** Every mount's demo data, in one object. */
export function mountedSeedData(mounts: readonly PlatformMount[]): SandboxSeedData {
  return Object.assign({}, ...mounts.map((m) => m.defaultSeedData?.() ?? {})) as SandboxSeedData;
}

/** A platform's defaults with a caller's overrides, merged one level deep (a record field keeps the defaults it does not override). */
function patched<T extends object>(defaults: T, patch: Readonly<Record<string, unknown>> | undefined): T {
  const merged: Record<string, unknown> = { ...(defaults as Readonly<Record<string, unknown>>) };
  for (const [key, value] of Object.entries(patch ?? {})) {
    const base = merged[key];
    const nested = value !== null && typeof value === 'object' && !Array.isArray(value) && base !== null && typeof base === 'object' && !Array.isArray(base);
    merged[key] = nested ? { ...base, ...value } : value;
  }
  return merged as T;
}

export function resolveOptions(options: SandboxOptions, mounts: readonly PlatformMount[]): ResolvedOptions {
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  if (base && !base.startsWith('/')) throw new Error(`basePath must start with '/': ${base}`);
  const input: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>> = options as never;
  const platforms = Object.fromEntries(mounts.flatMap((m) => (m.defaultOptions ? [[m.platform, patched(m.defaultOptions, input[m.platform])]] : [])));
  return {
    ...(platforms as unknown as PlatformOptions),
    basePath: base,
    publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, ''),
    clock: options.clock ?? 'manual',
    startTime: options.startTime ?? Date.now(),
    seed: options.seed ?? 1,
    webhooks: { ...options.webhooks },
    hangMs: options.faults?.hangMs ?? 30_000,
    seedData: { ...mountedSeedData(mounts), ...options.seedData },
    requestLogLimit: options.requestLogLimit ?? 5000,
    jsonBodyLimit: options.jsonBodyLimit ?? 1024 * 1024,
    allowedFetchOrigins: (options.allowedFetchOrigins ?? []).map(normalizeOrigin),
  };
}

/**
 * The sandbox's platform list (issue 19): each platform's simulator is one folder exporting its
 * mount; adding a platform is its folder plus its entry in MOUNTS. Everything the core names per
 * platform — hosts, base URLs, the variables the CLI prints, webhook redelivery — comes from here.
 */
import type { MountedUrls, PlatformMount } from './core/mount.js';
import { mountedSeedData, type SandboxSeedData } from './core/options.js';
import type { HostName } from './http/router.js';
import { instagramMount } from './instagram/index.js';
import { tiktokMount } from './tiktok/index.js';
import { xMount } from './x/index.js';
import { youtubeMount } from './youtube/index.js';

export const MOUNTS = [tiktokMount, instagramMount, youtubeMount, xMount] as const;
export const PLATFORM_MOUNTS: readonly PlatformMount[] = MOUNTS;

/** The demo data every mount seeds by default (its clients and accounts), e.g. to extend in a test's seedData. */
export function defaultSeedData(): SandboxSeedData {
  return mountedSeedData(PLATFORM_MOUNTS);
}

/** A host one of the mounts serves under basePath (`/<host>/…`). */
type MountHost = (typeof MOUNTS)[number]['hosts'][number];
/** Compile-time: the mounts serve exactly the hosts the platforms' folders declare (HostName). */
const hostsDeclared: [MountHost | '__sandbox', HostName] extends [HostName, MountHost | '__sandbox'] ? true : never = true;
void hostsDeclared;

/** Every host the sandbox serves: the mounts', in their order, then the inspection API. */
export const HOSTS: readonly HostName[] = [...PLATFORM_MOUNTS.flatMap((m) => m.hosts), '__sandbox'];

/** Where each simulated host is (every mount's `urls`), and the inspection/admin API. */
export type BaseUrls = MountedUrls<typeof MOUNTS> & {
  /** The sandbox inspection/admin API. */
  inspectionUrl: string;
};

/** The variables pointing a product at these URLs (each mount's `env`: name -> its URL), in mount order. */
export function sandboxEnv(urls: BaseUrls): [name: string, value: string][] {
  const byKey: Readonly<Record<string, string>> = urls;
  return PLATFORM_MOUNTS.flatMap((m) => Object.entries(m.env).map(([name, key]): [string, string] => [name, byKey[key] ?? '']));
}

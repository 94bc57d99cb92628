/**
 * The platform registry: one line per platform. Adding a platform is its folder here (publisher,
 * errors, descriptor), its folder in libs/platform-sandbox, and one line below.
 */
import type { Platform } from '@mwr/domain';

import { instagramPlatform } from './instagram/platform.js';
import type { AnyPlatformDescriptor } from './platform.js';
import { tiktokPlatform } from './tiktok/platform.js';
import type { TrendSourceDescriptor } from './trend-source.js';
import { xPlatform } from './x/platform.js';
import { youtubePlatform } from './youtube/platform.js';

export const PLATFORM_DESCRIPTORS: readonly AnyPlatformDescriptor[] = [tiktokPlatform, instagramPlatform, youtubePlatform, xPlatform];

const BY_ID = new Map<string, AnyPlatformDescriptor>(PLATFORM_DESCRIPTORS.map((d) => [d.id, d]));

/** The descriptor of a platform we publish to, or undefined for one not available yet. */
export function findPlatformDescriptor(id: Platform | string): AnyPlatformDescriptor | undefined {
  return BY_ID.get(id);
}

/** The descriptor of a platform we publish to; throws for one not available yet. */
export function platformDescriptor(id: Platform | string): AnyPlatformDescriptor {
  const descriptor = BY_ID.get(id);
  if (!descriptor) throw new Error(`publishing to ${id} is not available yet`);
  return descriptor;
}

/** The descriptor whose composer declares this option (`caption`/`hashtags` belong to every platform). */
export function optionOwner(option: string): AnyPlatformDescriptor | undefined {
  return PLATFORM_DESCRIPTORS.find((d) => option in d.composer.options.fields);
}

/** Every official trend source (issue 33), with the platform it belongs to. */
export function trendSources(): { descriptor: AnyPlatformDescriptor; source: TrendSourceDescriptor }[] {
  return PLATFORM_DESCRIPTORS.flatMap((descriptor) => (descriptor.trendSources ?? []).map((source) => ({ descriptor, source })));
}

/** The trend source with this key, or undefined. */
export function findTrendSource(key: string): { descriptor: AnyPlatformDescriptor; source: TrendSourceDescriptor } | undefined {
  return trendSources().find((entry) => entry.source.key === key);
}

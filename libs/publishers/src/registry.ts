/**
 * The platform registry: one line per platform. Adding a platform is its folder here (publisher,
 * errors, descriptor), its folder in libs/platform-sandbox, and one line below.
 */
import type { Platform } from '@mwr/domain';

import { instagramPlatform } from './instagram/platform.js';
import type { AnyPlatformDescriptor } from './platform.js';
import { tiktokPlatform } from './tiktok/platform.js';
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

/** Platforms we publish to, through their official APIs only. */
export const PLATFORMS = ['tiktok', 'instagram', 'youtube', 'x'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}

/** How each platform names itself, for messages and labels (one list: API, SPA and the domain's rules use it). */
export const PLATFORM_DISPLAY_NAMES: Readonly<Record<Platform, string>> = { tiktok: 'TikTok', instagram: 'Instagram', youtube: 'YouTube', x: 'X' };

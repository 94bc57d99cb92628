import { formatInZone } from '@mwr/domain';

import type { ContentItem } from './calendar.repository.js';
import type { ContentItemDto, TargetOptionsDto } from './dto/content-item.dto.js';

const iso = (value: string | Date | null) => (value ? new Date(value).toISOString() : null);

export function toContentItemDto(item: ContentItem): ContentItemDto {
  return {
    id: item.id,
    title: item.title,
    caption: item.caption,
    hashtags: item.hashtags,
    assetId: item.assetId,
    // Same-origin and behind the session like every /api route: an <img> loads it with the cookie.
    thumbnailUrl: item.assetId && item.hasThumbnail ? `/api/assets/${item.assetId}/thumbnail` : null,
    scheduledAt: iso(item.scheduledAt),
    scheduledAtLocal: item.scheduledAt ? formatInZone(new Date(item.scheduledAt), item.timeZone) : null,
    timeZone: item.timeZone,
    status: item.status,
    options: item.options,
    targets: item.targets.map((t) => ({ accountId: t.accountId, platform: t.platform, handle: t.handle, options: t.options as TargetOptionsDto })),
    publications: item.publications.map((p) => ({ ...p, postedAt: iso(p.postedAt), updatedAt: iso(p.updatedAt)! })),
    version: item.version,
    duplicatedFrom: item.duplicatedFrom,
    createdAt: iso(item.createdAt)!,
    updatedAt: iso(item.updatedAt)!,
  };
}

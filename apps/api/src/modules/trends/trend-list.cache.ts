import { Injectable } from '@nestjs/common';

import type { JsonBytes } from '../../common/http/json-bytes.js';

/** How long a computed board is served as is (writes through this process drop it at once). */
export const TREND_LIST_TTL_MS = 3_000;
const MAX_KEYS = 5_000;

/**
 * GET /api/trends is the page a team opens every morning, many people at once: one computation per
 * workspace, caller and query — serialized and gzipped once — is shared for a few seconds. Every write of this process (entries,
 * votes, imports, a recompute, a source's readings) drops the workspace's copies; another process's
 * write shows within TREND_LIST_TTL_MS.
 */
@Injectable()
export class TrendListCache {
  private readonly copies = new Map<string, { at: number; value: Promise<JsonBytes> }>();

  get(workspaceId: string, key: string, compute: () => Promise<JsonBytes>, now = Date.now()): Promise<JsonBytes> {
    const full = `${workspaceId}|${key}`;
    const cached = this.copies.get(full);
    if (cached && now - cached.at < TREND_LIST_TTL_MS) return cached.value;
    if (this.copies.size >= MAX_KEYS) this.copies.clear();
    const value = compute();
    this.copies.set(full, { at: now, value });
    // A failed computation is not kept.
    value.catch(() => this.copies.get(full)?.value === value && this.copies.delete(full));
    return value;
  }

  drop(workspaceId: string): void {
    for (const key of this.copies.keys()) if (key.startsWith(`${workspaceId}|`)) this.copies.delete(key);
  }
}

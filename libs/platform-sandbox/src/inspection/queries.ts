import type { Core } from '../core/context.js';
import type { PublicPost, RequestLogEntry } from '../core/state.js';

export interface RequestFilter {
  host?: string;
  endpoint?: string;
  limit?: number;
}

export function requests(core: Core, filter: RequestFilter = {}): RequestLogEntry[] {
  let list = core.state.requests.filter((r) => (!filter.host || r.host === filter.host) && (!filter.endpoint || r.endpoint === filter.endpoint));
  if (filter.limit !== undefined) list = list.slice(-filter.limit);
  return list;
}

export function publicPosts(core: Core, filter: { platform?: string; accountId?: string } = {}): PublicPost[] {
  return core.state.publicPosts.filter((p) => (!filter.platform || p.platform === filter.platform) && (!filter.accountId || p.accountId === filter.accountId));
}

/** What each platform received on an account (each mount's `received`, or its public posts), for duplicate checks. */
export function received(core: Core, filter: { platform?: string; accountId?: string } = {}): PublicPost[] {
  return core.mounts
    .filter((m) => !filter.platform || m.platform === filter.platform)
    .flatMap((m) => m.received?.(core) ?? core.state.publicPosts.filter((p) => p.platform === m.platform))
    .filter((p) => !filter.accountId || p.accountId === filter.accountId);
}

export interface DuplicateReport {
  accountId: string;
  platform: string;
  posts: number;
  duplicates: { sha256: string; postIds: string[] }[];
}

/** Same content (sha256 of the bytes) posted more than once on one account. */
export function duplicates(core: Core, accountId?: string): DuplicateReport[] {
  const byAccount = new Map<string, PublicPost[]>();
  for (const p of core.state.publicPosts) {
    if (accountId && p.accountId !== accountId) continue;
    const key = `${p.platform}:${p.accountId}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), p]);
  }
  if (accountId && byAccount.size === 0) return [{ accountId, platform: '', posts: 0, duplicates: [] }];
  return [...byAccount.values()].map((posts) => {
    const bySha = new Map<string, string[]>();
    for (const p of posts) bySha.set(p.sha256, [...(bySha.get(p.sha256) ?? []), p.postId]);
    const first = posts[0];
    return {
      accountId: first?.accountId ?? '',
      platform: first?.platform ?? '',
      posts: posts.length,
      duplicates: [...bySha.entries()].filter(([, ids]) => ids.length > 1).map(([sha256, postIds]) => ({ sha256, postIds })),
    };
  });
}

/** Rate limits and quotas in use: each mount reports its own under its platform's name. */
export function quotas(core: Core): Record<string, unknown> {
  const now = core.clock.now();
  return { now, ...Object.fromEntries(core.mounts.map((m) => [m.platform, m.quotas(core)])) };
}

export function webhooks(core: Core): Array<Record<string, unknown>> {
  return core.state.webhooks.map((d) => ({
    id: d.id,
    platform: d.platform,
    url: d.url,
    body: d.body,
    headers: d.headers,
    attempts: d.attempts,
    delivered: d.delivered,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
  }));
}

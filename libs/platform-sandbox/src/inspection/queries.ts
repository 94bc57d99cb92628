import type { Core } from '../core/context.js';
import { usage } from '../core/limits.js';
import { windowed, type PublicPost, type RequestLogEntry } from '../core/state.js';

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

const DAY = 86_400_000;

export function quotas(core: Core): Record<string, unknown> {
  const now = core.clock.now();
  const tt = core.state.tiktok;
  const o = core.opts;
  const tokens = [...tt.accessTokens.values()].filter((t) => !t.revoked && t.expiresAt > now);
  return {
    now,
    tiktok: {
      creators: [...tt.creators.values()].map((c) => ({
        openId: c.openId,
        username: c.username,
        postsLast24h: windowed(tt.postTimes, c.openId, now, DAY).length,
        dailyPostCap: o.tiktok.dailyPostCap,
      })),
      tokens: tokens.map((t) => ({
        token: t.token,
        openId: tt.grants.get(t.grantId)?.openId,
        initLastMinute: usage(core, `tiktok:init:${t.token}`, 60_000),
        statusLastMinute: usage(core, `tiktok:status:${t.token}`, 60_000),
        creatorInfoLastMinute: usage(core, `tiktok:creatorInfo:${t.token}`, 60_000),
        limits: o.tiktok.rateLimitPerMinute,
      })),
    },
    instagram: {
      accounts: [...core.state.instagram.accounts.values()].map((a) => ({
        igUserId: a.igUserId,
        username: a.username,
        publishesLast24h: windowed(core.state.instagram.publishTimes, a.igUserId, now, DAY).length,
        publishQuota: o.instagram.publishQuota,
        containersLast24h: windowed(core.state.instagram.containerTimes, a.igUserId, now, DAY).length,
        containerCap24h: o.instagram.containerCap24h,
        callsLast24h: windowed(core.state.instagram.callTimes, a.igUserId, now, DAY).length,
        callBudget24h: a.impressions * o.instagram.bucCallsPerImpression,
      })),
    },
  };
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

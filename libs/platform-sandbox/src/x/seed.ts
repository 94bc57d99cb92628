import { createHash } from 'node:crypto';

import type { Core } from '../core/context.js';
import { digitsFromHash, unitHash } from '../metrics-growth.js';
import { snowflakeAt } from './common.js';
import { grantFor, issueTokens, X_SCOPES } from './oauth.js';
import type { XUserSeed } from './options.js';
import type { XPost } from './state.js';

const DAY = 86_400_000;

export interface SeedXInput {
  /** New accounts to add, or … */
  accounts?: number;
  /** … existing accounts (user ids) to add posts to. */
  userIds?: string[];
  postsPerAccount: number;
  /** Posts went out evenly over this span before now (default 30 days), oldest first. */
  spreadMs?: number;
  clientId?: string;
  scopes?: string[];
  textPrefix?: string;
}

export interface SeededXAccount {
  userId: string;
  username: string;
  posts: { id: string; text: string; createdAt: number; mediaKey: string }[];
  /** In-process only (sandbox.actions): a token pair as from the consent flow. Never over HTTP. */
  tokens?: Record<string, unknown>;
}

/**
 * Bulk seeding, as TikTok's and Instagram's analytics seeds: accounts with video posts made in the
 * past (ids deterministic from the sandbox seed), so analytics ingestion and best times have data.
 * In process it also issues each account a token pair.
 */
export function seedXAnalytics(core: Core, input: SeedXInput, withTokens: boolean): SeededXAccount[] {
  const x = core.state.x;
  const perAccount = input.postsPerAccount;
  if (!Number.isInteger(perAccount) || perAccount < 0 || perAccount > 10_000) throw new Error('postsPerAccount must be an integer from 0 to 10000');
  const newAccounts = input.accounts ?? 0;
  if (!Number.isInteger(newAccounts) || newAccounts < 0 || newAccounts > 1000) throw new Error('accounts must be an integer from 0 to 1000');
  const spread = input.spreadMs ?? 30 * DAY;
  if (!Number.isFinite(spread) || spread < perAccount) throw new Error('spreadMs must be at least one millisecond per post');
  const clientId = input.clientId ?? [...x.apps.keys()][0] ?? '';
  if (!x.apps.has(clientId)) throw new Error(`unknown X app ${clientId}`);
  const scopes = input.scopes ?? [...X_SCOPES];
  const users: XUserSeed[] = [];
  for (const id of input.userIds ?? []) {
    const user = x.users.get(id);
    if (!user) throw new Error(`unknown X user ${id}`);
    users.push(user);
  }
  const seeded = [...x.users.keys()].filter((id) => id.startsWith('17999')).length;
  for (let i = 0; i < newAccounts; i++) {
    const n = String(seeded + i + 1).padStart(4, '0');
    const user: XUserSeed = {
      id: `17999${digitsFromHash(`${core.opts.seed}|x-seed-user|${n}`, 14, '0')}`,
      name: `Seeded Account ${n}`,
      username: `seed_account_${n}`,
      followersCount: 300 + Math.floor(unitHash(`${core.opts.seed}|x-seed-followers|${n}`) * 15_000),
      longPosts: false,
    };
    x.users.set(user.id, user);
    users.push(user);
  }
  const now = core.clock.now();
  return users.map((user) => {
    const posts: SeededXAccount['posts'] = [];
    for (let i = 0; i < perAccount; i++) {
      const createdAt = now - spread + Math.floor((spread * i) / perAccount);
      const key = `${core.opts.seed}|${user.id}|${createdAt}|${i}`;
      const id = snowflakeAt(createdAt, Math.floor(unitHash(`${key}|post`) * 4_194_304));
      const mediaId = snowflakeAt(createdAt - 60_000, Math.floor(unitHash(`${key}|media`) * 4_194_304));
      const text = `${input.textPrefix ?? 'Seeded post'} ${i + 1} by @${user.username}`;
      const post: XPost = {
        id,
        userId: user.id,
        clientId,
        text,
        mediaIds: [mediaId],
        mediaKeys: [`13_${mediaId}`],
        sha256: createHash('sha256').update(key).digest('hex'),
        createdAt,
        madeWithAi: false,
        paidPartnership: false,
      };
      x.posts.set(id, post);
      core.state.publicPosts.push({
        platform: 'x',
        accountId: user.id,
        postId: id,
        sourceId: mediaId,
        sha256: post.sha256,
        caption: text,
        publishedAt: createdAt,
      });
      posts.push({ id, text, createdAt, mediaKey: post.mediaKeys[0] ?? '' });
    }
    return {
      userId: user.id,
      username: user.username,
      posts,
      ...(withTokens ? { tokens: issueTokens(core, grantFor(core, clientId, user.id, scopes)) } : {}),
    };
  });
}

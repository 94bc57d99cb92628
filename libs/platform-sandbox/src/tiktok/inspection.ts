import type { Core } from '../core/context.js';
import { usage } from '../core/limits.js';
import { windowed } from '../core/state.js';
import { sandboxError } from '../http/errors.js';
import { json } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { jsonBody as body, inspectionRoute as r } from '../inspection/helpers.js';
import { redact } from '../inspection/redact.js';
import { markPublished } from './processing.js';

const DAY = 86_400_000;

export function tiktokAccounts(core: Core): unknown {
  return { clients: [...core.state.tiktok.clients.values()], creators: [...core.state.tiktok.creators.values()] };
}

export function tiktokQuotas(core: Core): unknown {
  const now = core.clock.now();
  const tt = core.state.tiktok;
  const o = core.opts;
  const tokens = [...tt.accessTokens.values()].filter((t) => !t.revoked && t.expiresAt > now);
  return {
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
  };
}

/** /__sandbox/tiktok/…: what the developer portal, the creator's app or TikTok itself would change. */
export function tiktokInspectionRoutes(core: Core): Route[] {
  return [
    // No token minting over HTTP: a token comes from the real OAuth flow (consent page + code
    // exchange), or in-process from sandbox.actions in tests.
    r('POST', '/tiktok/verified-urls', 'tiktok.verified', async (ctx) => {
      const b = await body(ctx);
      const client = core.state.tiktok.clients.get(typeof b['clientKey'] === 'string' ? b['clientKey'] : ([...core.state.tiktok.clients.keys()][0] ?? ''));
      if (!client) return sandboxError(404, 'not_found', 'unknown client');
      if (typeof b['prefix'] === 'string') client.verifiedUrlPrefixes.push(b['prefix']);
      if (typeof b['domain'] === 'string') client.verifiedDomains.push(b['domain']);
      return json(200, { prefixes: client.verifiedUrlPrefixes, domains: client.verifiedDomains });
    }),
    // What a creator changes in the TikTok app (or TikTok decides): a ban lifted, duets turned off…
    // creator_info answers from here on. Only these settings; identity and tokens stay.
    r('PATCH', '/tiktok/creators/:openId', 'tiktok.creator', async (ctx) => {
      const creator = core.state.tiktok.creators.get(ctx.params['openId'] ?? '');
      if (!creator) return sandboxError(404, 'not_found', 'unknown creator open_id');
      const b = await body(ctx);
      const flags = ['privateAccount', 'commentDisabled', 'duetDisabled', 'stitchDisabled', 'bannedFromPosting'] as const;
      for (const key of Object.keys(b)) {
        if (!(flags as readonly string[]).includes(key) && key !== 'maxVideoPostDurationSec')
          return sandboxError(400, 'invalid_request', `unknown creator setting ${key}; settings: ${flags.join(', ')}, maxVideoPostDurationSec`);
      }
      for (const key of flags) {
        if (b[key] === undefined) continue;
        if (typeof b[key] !== 'boolean') return sandboxError(400, 'invalid_request', `${key} must be a boolean`);
        creator[key] = b[key];
      }
      const max = b['maxVideoPostDurationSec'];
      if (max !== undefined) {
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 600)
          return sandboxError(400, 'invalid_request', 'maxVideoPostDurationSec must be an integer from 1 to 600');
        creator.maxVideoPostDurationSec = max;
      }
      return json(200, redact(creator));
    }),
    r('GET', '/tiktok/publishes/:id', 'tiktok.publish', (ctx) => {
      const p = core.state.tiktok.publishes.get(ctx.params['id'] ?? '');
      if (!p) return sandboxError(404, 'not_found', 'unknown publish_id');
      const { chunks: _chunks, uploadToken: _t, ...rest } = p;
      return json(200, redact(rest));
    }),
    r('POST', '/tiktok/publishes/:id/inbox-complete', 'tiktok.inbox.complete', async (ctx) => {
      const p = core.state.tiktok.publishes.get(ctx.params['id'] ?? '');
      if (!p || p.status !== 'SEND_TO_USER_INBOX') return sandboxError(409, 'conflict', 'publish is not waiting in the inbox');
      const b = await body(ctx);
      p.privacyLevel = typeof b['privacyLevel'] === 'string' ? b['privacyLevel'] : 'SELF_ONLY';
      if (typeof b['title'] === 'string') p.title = b['title'];
      markPublished(core, p);
      return json(200, { status: p.status, postId: p.postId });
    }),
  ];
}

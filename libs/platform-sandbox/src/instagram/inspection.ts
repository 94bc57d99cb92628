import type { Core } from '../core/context.js';
import { windowed } from '../core/state.js';
import { json } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { jsonBody as body, guard, inspectionRoute as r, str } from '../inspection/helpers.js';
import { redact } from '../inspection/redact.js';
import { receiveInstagramComment, receiveInstagramMessage, type InboundCommentInput, type InboundMessageInput } from './actions.js';

const DAY = 86_400_000;

export function instagramAccounts(core: Core): unknown {
  return { apps: [...core.state.instagram.apps.values()], accounts: [...core.state.instagram.accounts.values()] };
}

export function instagramQuotas(core: Core): unknown {
  const now = core.clock.now();
  const o = core.opts;
  return {
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
  };
}

/** /__sandbox/instagram/…: what people do on Instagram (DMs, comments), delivered as webhooks. */
export function instagramInspectionRoutes(core: Core): Route[] {
  return [
    r('POST', '/instagram/:igUserId/messages', 'instagram.inbound.message', async (ctx) => {
      const b = await body(ctx);
      const from = (b['from'] ?? {}) as Record<string, unknown>;
      const input: InboundMessageInput = { igUserId: ctx.params['igUserId'] ?? '', text: str(b['text'], 'text') };
      if (typeof from['id'] === 'string') input.fromId = from['id'];
      if (typeof from['username'] === 'string') input.fromUsername = from['username'];
      return json(201, redact(guard(() => receiveInstagramMessage(core, input))));
    }),
    r('POST', '/instagram/:igUserId/comments', 'instagram.inbound.comment', async (ctx) => {
      const b = await body(ctx);
      const from = (b['from'] ?? {}) as Record<string, unknown>;
      const input: InboundCommentInput = { igUserId: ctx.params['igUserId'] ?? '', text: str(b['text'], 'text') };
      if (typeof b['mediaId'] === 'string') input.mediaId = b['mediaId'];
      if (typeof from['id'] === 'string') input.fromId = from['id'];
      if (typeof from['username'] === 'string') input.fromUsername = from['username'];
      return json(201, redact(guard(() => receiveInstagramComment(core, input))));
    }),
  ];
}

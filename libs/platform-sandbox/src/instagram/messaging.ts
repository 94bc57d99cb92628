import { randomBytes } from 'node:crypto';

import type { Core, Ctx } from '../core/context.js';
import { randomDigits } from '../core/ids.js';
import { allowCall } from '../core/limits.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { gfail, graphParams, ownAccount, requireGraphToken, withUsage } from './common.js';
import type { InstagramComment } from './state.js';
import { sendInstagramWebhook } from './webhooks.js';

function mid(): string {
  return `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx${randomBytes(18).toString('base64url')}`;
}

function igsidFor(core: Core, igUserId: string, username: string | undefined, fromId: string | undefined): string {
  const contacts = core.state.instagram.contacts.get(igUserId) ?? new Map<string, string>();
  core.state.instagram.contacts.set(igUserId, contacts);
  if (fromId) {
    if (!contacts.has(fromId)) contacts.set(fromId, username ?? `user_${fromId.slice(-6)}`);
    return fromId;
  }
  for (const [id, name] of contacts) if (username && name === username) return id;
  const id = randomDigits(16);
  contacts.set(id, username ?? `user_${id.slice(-6)}`);
  return id;
}

function subscribed(core: Core, igUserId: string, field: string): boolean {
  if (!core.opts.instagram.requireSubscription) return true;
  return (core.state.instagram.subscriptions.get(igUserId) ?? []).includes(field);
}

export interface InboundMessageInput {
  igUserId: string;
  text: string;
  fromId?: string;
  fromUsername?: string;
}

/** A person DMs the business: opens the 24 h window and delivers a `messages` webhook. */
export function receiveMessage(core: Core, input: InboundMessageInput): Record<string, unknown> {
  const ig = core.state.instagram;
  if (!ig.accounts.has(input.igUserId)) throw new Error(`unknown Instagram account ${input.igUserId}`);
  const sender = igsidFor(core, input.igUserId, input.fromUsername, input.fromId);
  const now = core.clock.now();
  const m = { mid: mid(), igUserId: input.igUserId, igsid: sender, direction: 'inbound' as const, text: input.text, at: now };
  ig.messages.push(m);
  if (subscribed(core, input.igUserId, 'messages')) {
    sendInstagramWebhook(core, {
      object: 'instagram',
      entry: [
        {
          id: input.igUserId,
          time: now,
          messaging: [{ sender: { id: sender }, recipient: { id: input.igUserId }, timestamp: now, message: { mid: m.mid, text: input.text } }],
        },
      ],
    });
  }
  return { mid: m.mid, senderId: sender, timestamp: now };
}

export interface InboundCommentInput {
  igUserId: string;
  text: string;
  mediaId?: string;
  fromId?: string;
  fromUsername?: string;
}

/** A person comments on a post: delivers a `comments` change webhook. */
export function receiveComment(core: Core, input: InboundCommentInput): Record<string, unknown> {
  const ig = core.state.instagram;
  if (!ig.accounts.has(input.igUserId)) throw new Error(`unknown Instagram account ${input.igUserId}`);
  const mediaId = input.mediaId ?? [...ig.media.values()].filter((m) => m.igUserId === input.igUserId).pop()?.id;
  if (!mediaId) throw new Error('mediaId is required when the account has no published media');
  const from = igsidFor(core, input.igUserId, input.fromUsername, input.fromId);
  const username = ig.contacts.get(input.igUserId)?.get(from) ?? '';
  const now = core.clock.now();
  const comment: InstagramComment = {
    id: `17${randomDigits(16, false)}`,
    igUserId: input.igUserId,
    mediaId,
    fromId: from,
    fromUsername: username,
    text: input.text,
    createdAt: now,
    privateReplied: false,
  };
  ig.comments.set(comment.id, comment);
  if (subscribed(core, input.igUserId, 'comments')) {
    sendInstagramWebhook(core, {
      object: 'instagram',
      entry: [
        {
          id: input.igUserId,
          time: now,
          changes: [
            {
              field: 'comments',
              value: { id: comment.id, from: { id: from, username }, text: input.text, media: { id: mediaId, media_product_type: 'REELS' } },
            },
          ],
        },
      ],
    });
  }
  return { id: comment.id, fromId: from, mediaId, timestamp: now };
}

function parseJsonParam(raw: string | undefined, name: string): Record<string, unknown> {
  if (!raw) gfail(100, `(#100) The parameter ${name} is required`);
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  return gfail(100, `(#100) Param ${name} must be a JSON object`);
}

const DEPRECATED_TAGS = ['CONFIRMED_EVENT_UPDATE', 'ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE'];

async function sendMessage(ctx: Ctx): Promise<Reply> {
  const scopes = ctx.host === 'instagram-graph' ? ['instagram_business_manage_messages'] : ['instagram_manage_messages'];
  const auth = await requireGraphToken(ctx, [], false);
  ownAccount(ctx, auth, ctx.params['id'] ?? 'me');
  if (!scopes.some((s) => auth.token.scopes.includes(s))) gfail(200, `(#200) Requires ${scopes.join(' or ')} permission to manage the object`);
  const a = auth.account;
  const o = ctx.core.opts.instagram.messaging;
  const p = await graphParams(ctx);
  if (!a.messagingEnabled) gfail(200, 'The account owner has disabled access to instagram direct messages', { subcode: 2534041 });
  if (!allowCall(ctx.core, `ig:send:${a.igUserId}`, o.sendPerSecond, 1000))
    gfail(613, 'Calls to this api have exceeded the rate limit.', { subcode: 2534040, transient: true });
  const recipient = parseJsonParam(p['recipient'], 'recipient');
  const message = parseJsonParam(p['message'], 'message');
  const textValue = message['text'];
  if (typeof textValue !== 'string' || !textValue) gfail(100, '(#100) The parameter message.text is required');
  if (Buffer.byteLength(textValue, 'utf8') > o.maxTextBytes) gfail(100, `(#100) Message text must be at most ${o.maxTextBytes} bytes (UTF-8).`);
  const tag = p['tag'];
  if (tag && DEPRECATED_TAGS.includes(tag)) gfail(100, `(#100) The tag ${tag} is no longer supported.`);
  const now = ctx.core.clock.now();
  const ig = ctx.core.state.instagram;
  let igsid: string;
  let viaCommentId: string | undefined;
  if (typeof recipient['comment_id'] === 'string') {
    const comment = ig.comments.get(recipient['comment_id']);
    if (!comment || comment.igUserId !== a.igUserId)
      gfail(100, '(#100) Invalid comment_id: the comment does not exist or does not belong to this account.', { subcode: 33, type: 'GraphMethodException' });
    if (comment.privateReplied) gfail(10, '(#10) A private reply has already been sent for this comment.', { subcode: 2534023 });
    if (now - comment.createdAt > o.privateReplyWindowMs) gfail(10, '(#10) This message is sent outside of allowed window.', { subcode: 2534022 });
    if (!allowCall(ctx.core, `ig:private-reply:${a.igUserId}`, o.privateRepliesPerHour, 3_600_000))
      gfail(613, 'Calls to this api have exceeded the rate limit.', { subcode: 2534040, transient: true });
    comment.privateReplied = true;
    igsid = comment.fromId;
    viaCommentId = comment.id;
  } else if (typeof recipient['id'] === 'string') {
    igsid = recipient['id'];
    if (!ig.contacts.get(a.igUserId)?.has(igsid)) gfail(100, 'No matching user found', { subcode: 2534014 });
    const lastInbound = ig.messages.filter((m) => m.igUserId === a.igUserId && m.igsid === igsid && m.direction === 'inbound').pop();
    const age = lastInbound ? now - lastInbound.at : Number.POSITIVE_INFINITY;
    const humanAgent = tag === 'HUMAN_AGENT';
    if (humanAgent && !a.humanAgentEnabled) gfail(10, '(#10) The HUMAN_AGENT tag requires approved access for this app.');
    const window = humanAgent ? o.humanAgentWindowMs : o.windowMs;
    if (age > window) gfail(10, '(#10) This message is sent outside of allowed window.', { subcode: 2534022 });
  } else {
    return gfail(100, '(#100) The parameter recipient.id or recipient.comment_id is required');
  }
  const m = { mid: mid(), igUserId: a.igUserId, igsid, direction: 'outbound' as const, text: textValue, at: now, ...(viaCommentId ? { viaCommentId } : {}) };
  ig.messages.push(m);
  if (subscribed(ctx.core, a.igUserId, 'messages')) {
    sendInstagramWebhook(ctx.core, {
      object: 'instagram',
      entry: [
        {
          id: a.igUserId,
          time: now,
          messaging: [{ sender: { id: a.igUserId }, recipient: { id: igsid }, timestamp: now, message: { mid: m.mid, text: textValue, is_echo: true } }],
        },
      ],
    });
  }
  return json(200, { recipient_id: igsid, message_id: m.mid });
}

async function subscribedApps(ctx: Ctx): Promise<Reply> {
  const auth = await requireGraphToken(ctx, []);
  ownAccount(ctx, auth, ctx.params['id'] ?? '');
  const ig = ctx.core.state.instagram;
  const id = auth.account.igUserId;
  if (ctx.method === 'GET') {
    const fields = ig.subscriptions.get(id) ?? [];
    return json(200, { data: fields.length ? [{ id: auth.token.appId, subscribed_fields: fields }] : [] });
  }
  if (ctx.method === 'DELETE') {
    ig.subscriptions.delete(id);
    return json(200, { success: true });
  }
  const p = await graphParams(ctx);
  const fields = (p['subscribed_fields'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (fields.length === 0) gfail(100, '(#100) The parameter subscribed_fields is required');
  ig.subscriptions.set(id, [...new Set([...(ig.subscriptions.get(id) ?? []), ...fields])]);
  return json(200, { success: true });
}

export function instagramMessagingRoutes(): Route[] {
  const routes: Route[] = [];
  for (const host of ['instagram-graph', 'facebook-graph'] as const) {
    const prefix = host === 'instagram-graph' ? 'instagram' : 'facebook';
    routes.push(
      { host, method: 'POST', path: '/me/messages', endpoint: `${prefix}.messages`, handler: withUsage(sendMessage) },
      { host, method: 'POST', path: '/:id/messages', endpoint: `${prefix}.messages`, handler: withUsage(sendMessage) },
      { host, method: 'GET', path: '/:id/subscribed_apps', endpoint: `${prefix}.subscribed_apps`, handler: withUsage(subscribedApps) },
      { host, method: 'POST', path: '/:id/subscribed_apps', endpoint: `${prefix}.subscribed_apps`, handler: withUsage(subscribedApps) },
      { host, method: 'DELETE', path: '/:id/subscribed_apps', endpoint: `${prefix}.subscribed_apps`, handler: withUsage(subscribedApps) },
    );
  }
  return routes;
}

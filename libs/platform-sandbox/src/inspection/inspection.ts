import type { Core, Ctx } from '../core/context.js';
import { contentTypeOf } from '../http/body.js';
import { sandboxError } from '../http/errors.js';
import { json, ReplyError, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import type { FaultRule, FaultRuleInput } from '../faults/faults.js';
import type { Sandbox } from '../sandbox.js';
import * as q from './queries.js';
import * as actions from './actions.js';
import { redact } from './redact.js';
import { markPublished } from '../tiktok/processing.js';

async function body(ctx: Ctx): Promise<Record<string, unknown>> {
  const raw = await ctx.body();
  if (raw.length === 0) return {};
  if (contentTypeOf(ctx.req) !== 'application/json') throw new ReplyError(sandboxError(400, 'invalid_request', 'Content-Type must be application/json.'));
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ReplyError(sandboxError(400, 'invalid_request', 'Body must be a JSON object.'));
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ReplyError) throw error;
    throw new ReplyError(sandboxError(400, 'invalid_request', (error as Error).message));
  }
}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || !v) throw new ReplyError(sandboxError(400, 'invalid_request', `${name} is required`));
  return v;
}

function publicRule(r: FaultRule): Record<string, unknown> {
  return { ...r };
}

export function inspectionRoutes(sandbox: Sandbox, core: Core, admin: { addFault(r: FaultRuleInput): FaultRule; reset(): void }): Route[] {
  const r = (method: string, path: string, name: string, handler: (ctx: Ctx) => Reply | Promise<Reply>): Route => ({ host: '__sandbox', method, path, endpoint: `sandbox.${name}`, handler });
  return [
    r('GET', '/', 'index', (ctx) => json(200, { urls: core.urls(ctx.origin), now: core.clock.now(), clock: core.clock.mode })),
    r('GET', '/requests', 'requests', (ctx) => {
      const limit = ctx.query.get('limit');
      const filter: q.RequestFilter = {};
      const host = ctx.query.get('host');
      const endpoint = ctx.query.get('endpoint');
      if (host) filter.host = host;
      if (endpoint) filter.endpoint = endpoint;
      if (limit) filter.limit = Number(limit);
      // A body or query is read as a request's top level (an OAuth `code` there is a credential).
      return json(200, { data: q.requests(core, filter).map((e) => ({ ...(redact(e) as object), body: redact(e.body), response: redact(e.response) })) });
    }),
    r('GET', '/posts', 'posts', (ctx) => {
      const filter: { platform?: string; accountId?: string } = {};
      const platform = ctx.query.get('platform');
      const account = ctx.query.get('account');
      if (platform) filter.platform = platform;
      if (account) filter.accountId = account;
      return json(200, { data: q.publicPosts(core, filter) });
    }),
    r('GET', '/duplicates', 'duplicates', (ctx) => json(200, { data: q.duplicates(core, ctx.query.get('account') ?? undefined) })),
    r('GET', '/quotas', 'quotas', () => json(200, redact(q.quotas(core)))),
    r('GET', '/webhooks', 'webhooks', () => json(200, { data: redact(q.webhooks(core)) })),
    r('PUT', '/webhooks/config', 'webhooks.config', async (ctx) => {
      const b = await body(ctx);
      for (const platform of ['instagram', 'tiktok'] as const) {
        const t = b[platform];
        if (t === null) delete core.opts.webhooks[platform];
        else if (t && typeof t === 'object') {
          const o = t as Record<string, unknown>;
          core.opts.webhooks[platform] = { callbackUrl: str(o['callbackUrl'], `${platform}.callbackUrl`), secret: str(o['secret'], `${platform}.secret`) };
        }
      }
      return json(200, { instagram: core.opts.webhooks.instagram?.callbackUrl ?? null, tiktok: core.opts.webhooks.tiktok?.callbackUrl ?? null });
    }),
    r('GET', '/clock', 'clock', () => json(200, { now: core.clock.now(), iso: new Date(core.clock.now()).toISOString(), mode: core.clock.mode })),
    r('POST', '/clock/advance', 'clock.advance', async (ctx) => {
      const b = await body(ctx);
      const ms = b['ms'];
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return sandboxError(400, 'invalid_request', 'ms must be a non-negative number');
      const now = sandbox.clock.advance(ms);
      return json(200, { now, iso: new Date(now).toISOString() });
    }),
    r('POST', '/reset', 'reset', () => {
      admin.reset();
      return json(200, { ok: true });
    }),
    r('GET', '/faults', 'faults.list', () => json(200, { data: core.faultRules.map(publicRule) })),
    r('POST', '/faults', 'faults.add', async (ctx) => {
      const b = await body(ctx);
      const inputs = Array.isArray(b['rules']) ? (b['rules'] as unknown[]) : [b];
      const added = inputs.map((input) => guard(() => admin.addFault(input as FaultRuleInput)));
      return json(201, { data: added.map(publicRule) });
    }),
    r('DELETE', '/faults', 'faults.clear', () => {
      core.faultRules = [];
      return json(200, { ok: true });
    }),
    r('DELETE', '/faults/:id', 'faults.delete', (ctx) => {
      const before = core.faultRules.length;
      core.faultRules = core.faultRules.filter((f) => f.id !== ctx.params['id']);
      return before === core.faultRules.length ? sandboxError(404, 'not_found', 'no such fault rule') : json(200, { ok: true });
    }),
    r('GET', '/accounts', 'accounts', () =>
      json(
        200,
        redact({
          tiktok: { clients: [...core.state.tiktok.clients.values()], creators: [...core.state.tiktok.creators.values()] },
          instagram: { apps: [...core.state.instagram.apps.values()], accounts: [...core.state.instagram.accounts.values()] },
        }),
      ),
    ),
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
        if (!(flags as readonly string[]).includes(key) && key !== 'maxVideoPostDurationSec') return sandboxError(400, 'invalid_request', `unknown creator setting ${key}; settings: ${flags.join(', ')}, maxVideoPostDurationSec`);
      }
      for (const key of flags) {
        if (b[key] === undefined) continue;
        if (typeof b[key] !== 'boolean') return sandboxError(400, 'invalid_request', `${key} must be a boolean`);
        creator[key] = b[key];
      }
      const max = b['maxVideoPostDurationSec'];
      if (max !== undefined) {
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 600) return sandboxError(400, 'invalid_request', 'maxVideoPostDurationSec must be an integer from 1 to 600');
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
    r('POST', '/instagram/:igUserId/messages', 'instagram.inbound.message', async (ctx) => {
      const b = await body(ctx);
      const from = (b['from'] ?? {}) as Record<string, unknown>;
      const input: actions.InboundMessageInput = { igUserId: ctx.params['igUserId'] ?? '', text: str(b['text'], 'text') };
      if (typeof from['id'] === 'string') input.fromId = from['id'];
      if (typeof from['username'] === 'string') input.fromUsername = from['username'];
      return json(201, redact(guard(() => actions.receiveInstagramMessage(core, input))));
    }),
    r('POST', '/instagram/:igUserId/comments', 'instagram.inbound.comment', async (ctx) => {
      const b = await body(ctx);
      const from = (b['from'] ?? {}) as Record<string, unknown>;
      const input: actions.InboundCommentInput = { igUserId: ctx.params['igUserId'] ?? '', text: str(b['text'], 'text') };
      if (typeof b['mediaId'] === 'string') input.mediaId = b['mediaId'];
      if (typeof from['id'] === 'string') input.fromId = from['id'];
      if (typeof from['username'] === 'string') input.fromUsername = from['username'];
      return json(201, redact(guard(() => actions.receiveInstagramComment(core, input))));
    }),
  ];
}

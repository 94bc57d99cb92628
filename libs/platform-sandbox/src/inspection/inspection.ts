import type { Core } from '../core/context.js';
import type { FaultRule, FaultRuleInput } from '../faults/faults.js';
import { sandboxError } from '../http/errors.js';
import { json } from '../http/reply.js';
import type { Route } from '../http/router.js';
import type { Sandbox } from '../sandbox.js';
import { avatarRoutes } from './avatars.js';
import { jsonBody as body, guard, inspectionRoute as r, str } from './helpers.js';
import * as q from './queries.js';
import { redact } from './redact.js';

function publicRule(r: FaultRule): Record<string, unknown> {
  return { ...r };
}

export function inspectionRoutes(sandbox: Sandbox, core: Core, admin: { addFault(r: FaultRuleInput): FaultRule; reset(): void }): Route[] {
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
    // Every upload each platform holds (not only the published ones): duplicates are matched here.
    r('GET', '/received', 'received', (ctx) => {
      const filter: { platform?: string; accountId?: string } = {};
      const platform = ctx.query.get('platform');
      const account = ctx.query.get('account');
      if (platform) filter.platform = platform;
      if (account) filter.accountId = account;
      return json(200, { data: q.received(core, filter) });
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
    // Account pictures, served here so a page shows no broken image offline.
    ...avatarRoutes(),
    r('GET', '/accounts', 'accounts', () => json(200, redact(Object.fromEntries(core.mounts.map((m) => [m.platform, m.accounts(core)]))))),
    // Each platform's own /__sandbox/<platform>/… routes.
    ...core.mounts.flatMap((m) => m.inspectionRoutes(core)),
  ];
}

import type { Ctx } from '../core/context.js';
import { windowed } from '../core/state.js';
import { contentTypeOf, parseParams, type Params } from '../http/body.js';
import { ReplyError, type Reply } from '../http/reply.js';
import type { Handler } from '../http/router.js';
import { graphError } from './graph-errors.js';
import type { InstagramAccountSeed } from './options.js';
import { type InstagramToken } from './state.js';

export interface GraphAuth {
  token: InstagramToken;
  account: InstagramAccountSeed;
}

const DAY = 86_400_000;
const paramCache = new WeakMap<Ctx, Params>();
const authCache = new WeakMap<Ctx, GraphAuth>();

export function gfail(code: number, message: string, extra: Parameters<typeof graphError>[2] = {}): never {
  throw new ReplyError(graphError(code, message, extra));
}

/** Graph parameters: query string merged with a form or JSON body. */
export async function graphParams(ctx: Ctx): Promise<Params> {
  const cached = paramCache.get(ctx);
  if (cached) return cached;
  const raw = ctx.method === 'GET' || ctx.method === 'DELETE' ? Buffer.alloc(0) : await ctx.body();
  const parsed = parseParams(contentTypeOf(ctx.req), raw);
  if (!parsed) gfail(100, 'Invalid request body: could not parse parameters.');
  const merged: Params = { ...Object.fromEntries(ctx.query), ...parsed };
  paramCache.set(ctx, merged);
  return merged;
}

function objectMissing(id: string, method: string): never {
  gfail(
    100,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { subcode: 33, type: 'GraphMethodException' },
  );
}

/** Access token from `Authorization: Bearer|OAuth` or `access_token=` (§3.3). */
export async function requireGraphToken(ctx: Ctx, scopes: string[] = [], countBuc = true): Promise<GraphAuth> {
  const params = await graphParams(ctx);
  const header = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  const raw = header?.[1] ?? params['access_token'];
  if (!raw) gfail(104, 'An access token is required to request this resource.');
  const ig = ctx.core.state.instagram;
  const token = ig.tokens.get(raw);
  const hostOk = token && (ctx.host === 'instagram-graph' ? token.kind.startsWith('ig') : token.kind.startsWith('fb'));
  if (!token || !hostOk) gfail(190, 'Invalid OAuth access token - Cannot parse access token');
  if (token.revoked)
    gfail(
      190,
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      { subcode: 460 },
    );
  const now = ctx.core.clock.now();
  if (token.expiresAt !== undefined && token.expiresAt <= now) {
    gfail(190, `Error validating access token: Session has expired on ${new Date(token.expiresAt).toUTCString()}.`, { subcode: 463 });
  }
  const account = ig.accounts.get(token.igUserId);
  if (!account) gfail(190, 'Invalid OAuth access token - Cannot parse access token');
  const auth = { token, account };
  authCache.set(ctx, auth);
  // Business Use Case budget: 4800 × impressions calls per rolling 24 h (§3.10).
  const calls = windowed(ig.callTimes, account.igUserId, now, DAY);
  const budget = Math.max(1, account.impressions * ctx.core.opts.instagram.bucCallsPerImpression);
  if (countBuc && calls.length >= budget) {
    gfail(ctx.core.opts.instagram.bucThrottleCode, 'Application request limit reached', { transient: true, type: 'OAuthException' });
  }
  if (countBuc) calls.push(now);
  const missing = scopes.filter((s) => !token.scopes.includes(s));
  if (scopes.length > 0 && missing.length === scopes.length)
    gfail(10, `(#10) Application does not have permission for this action (requires ${scopes.join(' or ')}).`);
  return auth;
}

/** Resolves a path account id (IG user id or app-scoped id or 'me') against the token's account. */
export function ownAccount(ctx: Ctx, auth: GraphAuth, id: string): void {
  const a = auth.account;
  if (id !== 'me' && id !== a.igUserId && id !== a.appScopedUserId && id !== a.pageId) objectMissing(id, ctx.method);
}

export { objectMissing };

function usageHeaders(ctx: Ctx, auth: GraphAuth): Record<string, string> {
  const now = ctx.core.clock.now();
  const calls = windowed(ctx.core.state.instagram.callTimes, auth.account.igUserId, now, DAY).length;
  const budget = Math.max(1, auth.account.impressions * ctx.core.opts.instagram.bucCallsPerImpression);
  const pct = Math.min(100, Math.round((calls / budget) * 100));
  const regain = pct >= 100 ? 60 : 0;
  return {
    'x-business-use-case-usage': JSON.stringify({
      [auth.account.igUserId]: [
        { type: 'instagram', call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2), estimated_time_to_regain_access: regain },
      ],
    }),
    'x-app-usage': JSON.stringify({ call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2) }),
  };
}

/** Wraps a Graph handler so every answer (success or error) carries the usage headers. */
export function withUsage(handler: Handler): Handler {
  return async (ctx) => {
    let reply: Reply;
    try {
      reply = await handler(ctx);
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      reply = error.reply;
    }
    const auth = authCache.get(ctx);
    if (auth) reply = { ...reply, headers: { ...reply.headers, ...usageHeaders(ctx, auth) } };
    return reply;
  };
}

export function selectFields(
  ctx: Ctx,
  params: Params,
  nodeType: string,
  values: Record<string, unknown>,
  defaults: string[] = ['id'],
): Record<string, unknown> {
  const fields = (params['fields'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wanted = fields.length ? fields : defaults;
  const out: Record<string, unknown> = {};
  for (const f of wanted) {
    if (!(f in values)) gfail(100, `(#100) Tried accessing nonexisting field (${f}) on node type (${nodeType})`);
    if (values[f] !== undefined) out[f] = values[f];
  }
  if (!('id' in out) && 'id' in values) out['id'] = values['id'];
  void ctx;
  return out;
}

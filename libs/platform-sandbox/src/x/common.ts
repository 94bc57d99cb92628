import type { Ctx } from '../core/context.js';
import { ReplyError, type Reply } from '../http/reply.js';
import { problem, tooManyRequests, UNAUTHORIZED } from './errors.js';
import type { XAppSeed, XLimitedEndpoint, XUserSeed, XWindow } from './options.js';
import type { XGrant, XState, XToken, XWindowCount } from './state.js';

export interface XAuth {
  token: XToken;
  grant: XGrant;
  user: XUserSeed;
  app: XAppSeed;
}

export function xState(ctx: { core: Ctx['core'] }): XState {
  return ctx.core.state.x;
}

/** Bearer user token check: 401 (none, unknown, expired, revoked), 403 when a scope the endpoint needs was not granted. */
export function requireUser(ctx: Ctx, scopes: readonly string[]): XAuth {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  const x = xState(ctx);
  const token = m?.[1] ? x.accessTokens.get(m[1]) : undefined;
  const grant = token ? x.grants.get(token.grantId) : undefined;
  if (!token || !grant || token.revoked || grant.revoked || token.expiresAt <= ctx.core.clock.now()) throw new ReplyError(UNAUTHORIZED());
  const user = x.users.get(grant.userId);
  const app = x.apps.get(grant.clientId);
  if (!user || !app) throw new ReplyError(UNAUTHORIZED());
  const missing = scopes.filter((s) => !grant.scopes.includes(s));
  if (missing.length > 0)
    throw new ReplyError(
      problem(
        403,
        'Forbidden',
        `Missing required OAuth 2.0 scope(s): ${missing.join(', ')}. The token was granted: ${grant.scopes.join(' ')}.`,
        'https://api.twitter.com/2/problems/client-forbidden',
        {
          reason: 'missing-scopes',
        },
      ),
    );
  return { token, grant, user, app };
}

function windowOf(x: XState, key: string, w: XWindow, now: number): XWindowCount {
  let c = x.windows.get(key);
  if (!c || now >= c.startedAt + c.windowMs || c.windowMs !== w.windowMs) {
    c = { startedAt: now, windowMs: w.windowMs, used: 0 };
    x.windows.set(key, c);
  }
  return c;
}

const DAY = 86_400_000;

/**
 * Charges one call to the endpoint's per-user and per-app windows (platform-apis.md §10) and
 * returns the `x-rate-limit-limit/-remaining/-reset` headers (the tighter 15-minute window) and,
 * for a 24-hour window, `x-app-limit-24hour-*` / `x-user-limit-24hour-*`. When a window is spent
 * the call is not counted and the answer is 429 with the same headers.
 */
export function chargeLimits(ctx: Ctx, endpoint: XLimitedEndpoint, auth: XAuth): Record<string, string | number> {
  const x = xState(ctx);
  const now = ctx.core.clock.now();
  const spec = ctx.core.opts.x.limits[endpoint];
  const windows: { who: 'user' | 'app'; w: XWindow; c: XWindowCount }[] = [];
  if (spec.user) windows.push({ who: 'user', w: spec.user, c: windowOf(x, `${endpoint}|user|${auth.user.id}`, spec.user, now) });
  if (spec.app) windows.push({ who: 'app', w: spec.app, c: windowOf(x, `${endpoint}|app|${auth.app.clientId}`, spec.app, now) });
  const exhausted = windows.some(({ w, c }) => c.used >= w.limit);
  if (!exhausted) for (const { c } of windows) c.used += 1;
  const headers: Record<string, string | number> = {};
  const reset = (c: XWindowCount): number => Math.ceil((c.startedAt + c.windowMs) / 1000);
  const short = windows.filter(({ w }) => w.windowMs < DAY).sort((a, b) => a.w.limit - a.c.used - (b.w.limit - b.c.used));
  const tight = short[0];
  if (tight) {
    headers['x-rate-limit-limit'] = tight.w.limit;
    headers['x-rate-limit-remaining'] = Math.max(0, tight.w.limit - tight.c.used);
    headers['x-rate-limit-reset'] = reset(tight.c);
  }
  for (const { who, w, c } of windows.filter(({ w }) => w.windowMs >= DAY)) {
    headers[`x-${who}-limit-24hour-limit`] = w.limit;
    headers[`x-${who}-limit-24hour-remaining`] = Math.max(0, w.limit - c.used);
    headers[`x-${who}-limit-24hour-reset`] = reset(c);
  }
  if (exhausted) throw new ReplyError(tooManyRequests(headers));
  return headers;
}

/** Adds the rate-limit headers to the handler's answer, its error answers included. */
export async function withHeaders(headers: Record<string, string | number>, run: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    const reply = await run();
    return { ...reply, headers: { ...reply.headers, ...headers } };
  } catch (error) {
    if (error instanceof ReplyError) throw new ReplyError({ ...error.reply, headers: { ...error.reply.headers, ...headers } });
    throw error;
  }
}

/** An authenticated, rate-limited X endpoint: bearer + scopes, the endpoint's windows, then the handler. */
export function limited(endpoint: XLimitedEndpoint, scopes: readonly string[], handler: (ctx: Ctx, auth: XAuth) => Reply | Promise<Reply>) {
  return (ctx: Ctx): Promise<Reply> => {
    const auth = requireUser(ctx, scopes);
    const headers = chargeLimits(ctx, endpoint, auth);
    return withHeaders(headers, () => handler(ctx, auth));
  };
}

/** A 19-digit snowflake-like id for `ms`: X's ids are time-ordered (a later post has a larger id). */
export function snowflakeAt(ms: number, sequence: number): string {
  const base = BigInt(Math.max(0, Math.floor(ms))) * 4_194_304n + BigInt(sequence % 4_194_304);
  return (base + 1_000_000_000_000_000_000n).toString().slice(0, 19);
}

/** A new id now (the sandbox's sequence keeps ids of one millisecond apart). */
export function snowflake(ctx: { core: Ctx['core'] }): string {
  return snowflakeAt(ctx.core.clock.now(), ctx.core.seq.next());
}

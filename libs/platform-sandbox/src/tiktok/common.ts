import type { Ctx } from '../core/context.js';
import { allowCall } from '../core/limits.js';
import { contentTypeOf } from '../http/body.js';
import { ReplyError } from '../http/reply.js';
import { tiktokReply } from './envelope.js';
import type { TikTokClientSeed, TikTokCreatorSeed } from './options.js';
import type { TikTokAccessToken, TikTokGrant } from './state.js';

export interface TikTokAuth {
  token: TikTokAccessToken;
  grant: TikTokGrant;
  creator: TikTokCreatorSeed;
  client: TikTokClientSeed;
}

export function fail(status: number, code: string, message: string): never {
  throw new ReplyError(tiktokReply(status, code, message));
}

/** Bearer token check (§1.1): 401 access_token_invalid, 401 scope_not_authorized. */
export function requireToken(ctx: Ctx, anyOfScopes: string[]): TikTokAuth {
  const header = ctx.req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) fail(401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
  const tt = ctx.core.state.tiktok;
  const token = tt.accessTokens.get(m[1]);
  const grant = token ? tt.grants.get(token.grantId) : undefined;
  if (!token || !grant || token.revoked || grant.revoked) fail(401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
  if (token.expiresAt <= ctx.core.clock.now()) fail(401, 'access_token_invalid', 'The access token has expired.');
  const creator = tt.creators.get(grant.openId);
  const client = tt.clients.get(grant.clientKey);
  if (!creator || !client) fail(401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
  if (anyOfScopes.length > 0 && !anyOfScopes.some((s) => grant.scopes.includes(s))) {
    fail(401, 'scope_not_authorized', `The user did not authorize the scope required for this endpoint (${anyOfScopes.join(' or ')}).`);
  }
  return { token, grant, creator, client };
}

export function rateLimit(ctx: Ctx, auth: TikTokAuth, bucket: 'init' | 'status' | 'creatorInfo' | 'userInfo'): void {
  const limit = ctx.core.opts.tiktok.rateLimitPerMinute[bucket];
  if (!allowCall(ctx.core, `tiktok:${bucket}:${auth.token.token}`, limit, 60_000)) {
    fail(429, 'rate_limit_exceeded', `Rate limit of ${limit} requests per minute exceeded for this access token.`);
  }
}

/** Reads a JSON object body; Content Posting endpoints answer 400 invalid_param otherwise. */
export async function jsonBody(ctx: Ctx, allowEmpty = false): Promise<Record<string, unknown>> {
  const raw = await ctx.body();
  if (raw.length === 0 && allowEmpty) return {};
  if (contentTypeOf(ctx.req) !== 'application/json') fail(400, 'invalid_param', 'Content-Type must be application/json; charset=UTF-8.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    fail(400, 'invalid_param', 'The request body is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) fail(400, 'invalid_param', 'The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

export function privacyOptions(creator: TikTokCreatorSeed, client: TikTokClientSeed, unauditedMode: 'self_only' | 'all'): string[] {
  if (!client.audited && unauditedMode === 'self_only') return ['SELF_ONLY'];
  return creator.privateAccount ? ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'] : ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
}

import { createHash } from 'node:crypto';

import type { Core, Ctx } from '../core/context.js';
import { randomToken } from '../core/ids.js';
import { redirectUriAllowed } from '../core/limits.js';
import { contentTypeOf } from '../http/body.js';
import { escapeHtml, html, json, redirect, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { sandboxAvatarUrl } from '../inspection/avatars.js';
import { followersAt } from '../metrics-growth.js';
import { fail, rateLimit, requireToken } from './common.js';
import { tiktokOauthError, tiktokOk } from './envelope.js';
import { failPublish } from './processing.js';
import type { TikTokGrant } from './state.js';
import { sendTikTokWebhook } from './webhooks.js';

export const TIKTOK_SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.publish', 'video.upload', 'video.list'];

function errorPage(status: number, message: string): Reply {
  return html(
    status,
    `<!doctype html><html><head><title>TikTok</title></head><body><h1>Something went wrong</h1><p id="error">${escapeHtml(message)}</p></body></html>`,
  );
}

function withParams(uri: string, params: Record<string, string>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

interface AuthorizeRequest {
  clientKey: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge?: string;
}

/** Validates the authorize query; errors that cannot be sent to the redirect URI are shown as a page. */
function validateAuthorize(ctx: Ctx, p: URLSearchParams): AuthorizeRequest | Reply {
  const clientKey = p.get('client_key') ?? '';
  const client = ctx.core.state.tiktok.clients.get(clientKey);
  if (!client) return errorPage(400, 'client_key is invalid.');
  const redirectUri = p.get('redirect_uri') ?? '';
  if (!redirectUri || !redirectUriAllowed(client.redirectUris, redirectUri)) return errorPage(400, 'redirect_uri is not registered for this client_key.');
  const state = p.get('state') ?? '';
  const back = (error: string, description: string): Reply =>
    redirect(withParams(redirectUri, { error, error_description: description, ...(state ? { state } : {}) }));
  if (p.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be code.');
  const scopes = (p.get('scope') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !TIKTOK_SCOPES.includes(s)))
    return back('invalid_scope', 'scope is missing or contains an unknown scope (scopes are comma-separated).');
  const challenge = p.get('code_challenge');
  if (challenge !== null) {
    if (p.get('code_challenge_method') !== 'S256') return back('invalid_request', 'code_challenge_method must be S256.');
    if (!challenge) return back('invalid_request', 'Code verifier or code challenge is invalid.');
  }
  return { clientKey, redirectUri, scopes, state, ...(challenge ? { codeChallenge: challenge } : {}) };
}

function authorizePage(ctx: Ctx): Reply {
  const v = validateAuthorize(ctx, ctx.query);
  if ('status' in v) return v;
  const creators = [...ctx.core.state.tiktok.creators.values()];
  const hidden = [...ctx.query.entries()].map(([k, val]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(val)}">`).join('');
  const options = creators
    .map(
      (c, i) =>
        `<label><input type="radio" name="open_id" value="${escapeHtml(c.openId)}"${i === 0 ? ' checked' : ''}> @${escapeHtml(c.username)} · ${escapeHtml(c.displayName)} (${c.privateAccount ? 'private' : 'public'} account)</label><br>`,
    )
    .join('');
  return html(
    200,
    `<!doctype html><html><head><meta charset="utf-8"><title>Log in to TikTok (sandbox)</title></head><body>
<h1>Authorize ${escapeHtml(v.clientKey)}</h1>
<p>This app would like to: ${v.scopes.map(escapeHtml).join(', ')}</p>
<form method="post" action="">${hidden}
<fieldset><legend>Choose an account</legend>${options}</fieldset>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`,
  );
}

async function authorizeDecision(ctx: Ctx): Promise<Reply> {
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const v = validateAuthorize(ctx, form);
  if ('status' in v) return v;
  const stateParam: Record<string, string> = v.state ? { state: v.state } : {};
  if (form.get('decision') !== 'approve') {
    return redirect(withParams(v.redirectUri, { error: 'access_denied', error_description: 'The user denied the request.', ...stateParam }));
  }
  const openId = form.get('open_id') ?? '';
  if (!ctx.core.state.tiktok.creators.has(openId)) return errorPage(400, 'Choose an account.');
  const code = randomToken('', 32);
  ctx.core.state.tiktok.codes.set(code, {
    code,
    clientKey: v.clientKey,
    openId,
    scopes: v.scopes,
    redirectUri: v.redirectUri,
    ...(v.codeChallenge ? { codeChallenge: v.codeChallenge } : {}),
    expiresAt: ctx.core.clock.now() + ctx.core.opts.tiktok.authCodeTtlMs,
    used: false,
  });
  return redirect(withParams(v.redirectUri, { code, scopes: v.scopes.join(','), ...stateParam }));
}

export function issueTokens(core: Core, grant: TikTokGrant, existingRefresh?: string): Record<string, unknown> {
  const o = core.opts.tiktok;
  const now = core.clock.now();
  const access = randomToken('act.', 36);
  core.state.tiktok.accessTokens.set(access, { token: access, grantId: grant.id, expiresAt: now + o.accessTokenTtlSec * 1000, revoked: false });
  let refresh = existingRefresh;
  let refreshExpiresIn = o.refreshTokenTtlSec;
  if (!refresh) {
    refresh = randomToken('rft.', 36);
    core.state.tiktok.refreshTokens.set(refresh, { token: refresh, grantId: grant.id, expiresAt: now + o.refreshTokenTtlSec * 1000, revoked: false });
  } else {
    const rec = core.state.tiktok.refreshTokens.get(refresh);
    refreshExpiresIn = rec ? Math.max(0, Math.floor((rec.expiresAt - now) / 1000)) : 0;
  }
  return {
    access_token: access,
    expires_in: o.accessTokenTtlSec,
    open_id: grant.openId,
    refresh_expires_in: refreshExpiresIn,
    refresh_token: refresh,
    scope: grant.scopes.join(','),
    token_type: 'Bearer',
  };
}

function verifyPkce(encoding: 'base64url' | 'hex' | 'either', challenge: string, verifier: string): boolean {
  const digest = createHash('sha256').update(verifier).digest();
  const b64 = digest.toString('base64url');
  const hex = digest.toString('hex');
  if (encoding === 'base64url') return challenge === b64;
  if (encoding === 'hex') return challenge === hex;
  return challenge === b64 || challenge === hex;
}

async function token(ctx: Ctx): Promise<Reply> {
  if (contentTypeOf(ctx.req) !== 'application/x-www-form-urlencoded')
    return tiktokOauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const tt = ctx.core.state.tiktok;
  const client = tt.clients.get(form.get('client_key') ?? '');
  const grantType = form.get('grant_type') ?? '';
  if (!client || client.clientSecret !== form.get('client_secret')) return tiktokOauthError(401, 'invalid_client', 'Client key or secret is invalid.');
  const now = ctx.core.clock.now();
  if (grantType === 'authorization_code') {
    const code = tt.codes.get(form.get('code') ?? '');
    if (!code || code.clientKey !== client.clientKey) return tiktokOauthError(400, 'invalid_grant', 'Authorization code is invalid.');
    if (code.used) return tiktokOauthError(400, 'invalid_grant', 'Authorization code has already been used.');
    if (code.expiresAt <= now) return tiktokOauthError(400, 'invalid_grant', 'Authorization code is expired.');
    if (form.get('redirect_uri') !== code.redirectUri)
      return tiktokOauthError(400, 'invalid_grant', 'redirect_uri does not match the one used to obtain the code.');
    if (code.codeChallenge) {
      const verifier = form.get('code_verifier') ?? '';
      if (!verifier || !verifyPkce(ctx.core.opts.tiktok.pkceEncoding, code.codeChallenge, verifier))
        return tiktokOauthError(400, 'invalid_request', 'Code verifier or code challenge is invalid.');
    }
    code.used = true;
    const grant: TikTokGrant = { id: randomToken('grant_', 8), clientKey: client.clientKey, openId: code.openId, scopes: code.scopes, revoked: false };
    tt.grants.set(grant.id, grant);
    return json(200, issueTokens(ctx.core, grant));
  }
  if (grantType === 'refresh_token') {
    const rec = tt.refreshTokens.get(form.get('refresh_token') ?? '');
    const grant = rec ? tt.grants.get(rec.grantId) : undefined;
    if (!rec || !grant || grant.clientKey !== client.clientKey) return tiktokOauthError(400, 'invalid_grant', 'Refresh token is invalid.');
    if (rec.revoked || grant.revoked) return tiktokOauthError(400, 'invalid_grant', 'Refresh token is invalid or has been revoked.');
    if (rec.expiresAt <= now) return tiktokOauthError(400, 'invalid_grant', 'Refresh token is expired.');
    if (ctx.core.opts.tiktok.rotateRefreshTokens) {
      rec.revoked = true;
      return json(200, issueTokens(ctx.core, grant));
    }
    return json(200, issueTokens(ctx.core, grant, rec.token));
  }
  if (grantType === 'client_credentials') {
    return json(200, { access_token: randomToken('clt.', 36), expires_in: 7200, token_type: 'Bearer' });
  }
  return tiktokOauthError(400, 'unsupported_grant_type', 'grant_type is not supported.');
}

/** Revokes a grant and everything hanging off it; in-flight posts fail with auth_removed. */
export function revokeGrant(core: Core, grant: TikTokGrant, reason: number): void {
  if (grant.revoked) return;
  grant.revoked = true;
  for (const t of core.state.tiktok.accessTokens.values()) if (t.grantId === grant.id) t.revoked = true;
  for (const t of core.state.tiktok.refreshTokens.values()) if (t.grantId === grant.id) t.revoked = true;
  for (const p of core.state.tiktok.publishes.values()) {
    if (p.grantId === grant.id && p.status !== 'PUBLISH_COMPLETE' && p.status !== 'FAILED') failPublish(core, p, 'auth_removed');
  }
  sendTikTokWebhook(core, 'authorization.removed', grant.clientKey, grant.openId, { reason });
}

async function revoke(ctx: Ctx): Promise<Reply> {
  if (contentTypeOf(ctx.req) !== 'application/x-www-form-urlencoded')
    return tiktokOauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const tt = ctx.core.state.tiktok;
  const client = tt.clients.get(form.get('client_key') ?? '');
  if (!client || client.clientSecret !== form.get('client_secret')) return tiktokOauthError(401, 'invalid_client', 'Client key or secret is invalid.');
  const rec = tt.accessTokens.get(form.get('token') ?? '');
  const grant = rec ? tt.grants.get(rec.grantId) : undefined;
  if (grant && grant.clientKey === client.clientKey) revokeGrant(ctx.core, grant, 5);
  return json(200, {});
}

const USER_FIELDS: Record<string, string> = {
  open_id: 'user.info.basic',
  union_id: 'user.info.basic',
  avatar_url: 'user.info.basic',
  avatar_url_100: 'user.info.basic',
  avatar_large_url: 'user.info.basic',
  display_name: 'user.info.basic',
  bio_description: 'user.info.profile',
  profile_deep_link: 'user.info.profile',
  is_verified: 'user.info.profile',
  username: 'user.info.profile',
  follower_count: 'user.info.stats',
  following_count: 'user.info.stats',
  likes_count: 'user.info.stats',
  video_count: 'user.info.stats',
};

function userInfo(ctx: Ctx): Reply {
  const auth = requireToken(ctx, []);
  rateLimit(ctx, auth, 'userInfo');
  const fields = (ctx.query.get('fields') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (fields.length === 0) fail(400, 'invalid_params', 'fields is required.');
  const unknown = fields.filter((f) => !(f in USER_FIELDS));
  if (unknown.length) fail(400, 'invalid_params', `Unknown fields: ${unknown.join(',')}`);
  const c = auth.creator;
  const avatar = c.avatarUrl ?? sandboxAvatarUrl(ctx, c.username);
  const values: Record<string, unknown> = {
    open_id: c.openId,
    union_id: c.unionId,
    avatar_url: avatar,
    avatar_url_100: avatar,
    avatar_large_url: avatar,
    display_name: c.displayName,
    bio_description: '',
    profile_deep_link: `https://vm.tiktok.com/sandbox-${c.username}/`,
    is_verified: false,
    username: c.username,
    // Grows daily from the seeded count (metrics-growth.ts, issue 21).
    follower_count: followersAt(ctx.core.opts.seed, c.openId, c.followerCount, ctx.core.opts.startTime, ctx.core.clock.now()),
    following_count: 12,
    likes_count: 100,
    video_count: ctx.core.state.publicPosts.filter((p) => p.platform === 'tiktok' && p.accountId === c.openId).length,
  };
  const user: Record<string, unknown> = {};
  for (const f of fields) {
    const scope = USER_FIELDS[f] ?? '';
    if (!auth.grant.scopes.includes(scope)) {
      if (ctx.core.opts.tiktok.userInfoMissingScope === 'error') fail(401, 'scope_not_authorized', `Field ${f} needs scope ${scope}.`);
      continue;
    }
    user[f] = values[f];
  }
  return json(200, tiktokOk({ user }));
}

export function tiktokOauthRoutes(): Route[] {
  return [
    { host: 'tiktok-auth', method: 'GET', path: '/v2/auth/authorize/', endpoint: 'tiktok.authorize', handler: authorizePage },
    { host: 'tiktok-auth', method: 'POST', path: '/v2/auth/authorize/', endpoint: 'tiktok.authorize.decision', handler: authorizeDecision },
    { host: 'tiktok', method: 'POST', path: '/v2/oauth/token/', endpoint: 'tiktok.oauth.token', handler: token },
    { host: 'tiktok', method: 'POST', path: '/v2/oauth/revoke/', endpoint: 'tiktok.oauth.revoke', handler: revoke },
    { host: 'tiktok', method: 'GET', path: '/v2/user/info/', endpoint: 'tiktok.user.info', handler: userInfo },
  ];
}

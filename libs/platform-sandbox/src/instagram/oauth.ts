import type { Core, Ctx } from '../core/context.js';
import { randomToken } from '../core/ids.js';
import { redirectUriAllowed } from '../core/limits.js';
import { contentTypeOf } from '../http/body.js';
import { escapeHtml, html, Int64, json, redirect, stringifyWithInt64, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { gfail, graphParams } from './common.js';
import type { InstagramToken } from './state.js';

export const IG_LOGIN_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_messages',
  'instagram_business_manage_comments',
  'instagram_business_manage_insights',
];

export function issueInstagramToken(
  core: Core,
  input: { kind: InstagramToken['kind']; appId: string; igUserId: string; scopes: string[]; ttlSec?: number },
): InstagramToken {
  const o = core.opts.instagram;
  const now = core.clock.now();
  const ttl =
    input.ttlSec !== undefined
      ? input.ttlSec
      : input.kind === 'ig_short'
        ? o.shortLivedTokenTtlSec
        : input.kind === 'fb_page'
          ? undefined
          : input.kind === 'fb_user'
            ? o.longLivedTokenTtlSec
            : o.longLivedTokenTtlSec;
  const prefix = input.kind.startsWith('ig') ? 'IGAA' : 'EAA';
  const token: InstagramToken = {
    token: randomToken(prefix, 48),
    kind: input.kind,
    appId: input.appId,
    igUserId: input.igUserId,
    scopes: input.scopes,
    issuedAt: now,
    expiresAt: ttl === undefined ? undefined : now + ttl * 1000,
    revoked: false,
  };
  core.state.instagram.tokens.set(token.token, token);
  return token;
}

function oauthError(message: string, status = 400): Reply {
  return json(status, { error_type: 'OAuthException', code: status, error_message: message });
}

function page(status: number, message: string): Reply {
  return html(status, `<!doctype html><html><head><title>Instagram</title></head><body><h1>Error</h1><p id="error">${escapeHtml(message)}</p></body></html>`);
}

interface AuthorizeRequest {
  appId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
}

function validate(ctx: Ctx, p: URLSearchParams): AuthorizeRequest | Reply {
  const appId = p.get('client_id') ?? '';
  const app = ctx.core.state.instagram.apps.get(appId);
  if (!app) return page(400, 'Invalid app ID');
  const redirectUri = p.get('redirect_uri') ?? '';
  if (!redirectUriAllowed(app.redirectUris, redirectUri)) return page(400, 'Invalid redirect_uri: it is not whitelisted in the app settings.');
  const state = p.get('state') ?? '';
  const scopes = (p.get('scope') ?? '').split(/[,\s]+/).filter(Boolean);
  if (p.get('response_type') !== 'code') return page(400, 'response_type must be code');
  if (!scopes.includes('instagram_business_basic') || scopes.some((s) => !IG_LOGIN_SCOPES.includes(s))) {
    const u = new URL(redirectUri);
    u.searchParams.set('error', 'invalid_scope');
    u.searchParams.set('error_reason', 'invalid_scope');
    u.searchParams.set('error_description', 'Invalid Scopes: scope must include instagram_business_basic and only current instagram_business_* values');
    if (state) u.searchParams.set('state', state);
    return redirect(u.toString());
  }
  return { appId, redirectUri, scopes, state };
}

function authorizePage(ctx: Ctx): Reply {
  const v = validate(ctx, ctx.query);
  if ('status' in v) return v;
  const hidden = [...ctx.query.entries()].map(([k, val]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(val)}">`).join('');
  const accounts = [...ctx.core.state.instagram.accounts.values()]
    .map(
      (a, i) =>
        `<label><input type="radio" name="ig_user_id" value="${escapeHtml(a.igUserId)}"${i === 0 ? ' checked' : ''}> @${escapeHtml(a.username)} · ${escapeHtml(a.name)} (${a.accountType === 'BUSINESS' ? 'business' : 'creator'} account)</label><br>`,
    )
    .join('');
  return html(
    200,
    `<!doctype html><html><head><meta charset="utf-8"><title>Log in with Instagram (sandbox)</title></head><body>
<h1>Allow app ${escapeHtml(v.appId)} to access your account?</h1><p>Permissions: ${v.scopes.map(escapeHtml).join(', ')}</p>
<form method="post" action="">${hidden}<fieldset><legend>Choose an account</legend>${accounts}</fieldset>
<button type="submit" name="decision" value="approve">Allow</button>
<button type="submit" name="decision" value="deny">Cancel</button></form></body></html>`,
  );
}

async function authorizeDecision(ctx: Ctx): Promise<Reply> {
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const v = validate(ctx, form);
  if ('status' in v) return v;
  const u = new URL(v.redirectUri);
  if (form.get('decision') !== 'approve') {
    u.searchParams.set('error', 'access_denied');
    u.searchParams.set('error_reason', 'user_denied');
    u.searchParams.set('error_description', 'Permissions error');
    if (v.state) u.searchParams.set('state', v.state);
    return redirect(u.toString());
  }
  const igUserId = form.get('ig_user_id') ?? '';
  if (!ctx.core.state.instagram.accounts.has(igUserId)) return page(400, 'Choose an account');
  const code = randomToken('AQ', 48);
  ctx.core.state.instagram.codes.set(code, {
    code,
    appId: v.appId,
    igUserId,
    scopes: v.scopes,
    redirectUri: v.redirectUri,
    expiresAt: ctx.core.clock.now() + ctx.core.opts.instagram.authCodeTtlMs,
    used: false,
  });
  u.searchParams.set('code', code);
  if (v.state) u.searchParams.set('state', v.state);
  // Instagram appends "#_" to the redirect (§4.2); clients must strip it.
  return redirect(`${u.toString()}#_`);
}

async function codeExchange(ctx: Ctx): Promise<Reply> {
  if (contentTypeOf(ctx.req) !== 'application/x-www-form-urlencoded' && contentTypeOf(ctx.req) !== 'multipart/form-data')
    return oauthError('Content-Type must be application/x-www-form-urlencoded');
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const ig = ctx.core.state.instagram;
  const app = ig.apps.get(form.get('client_id') ?? '');
  if (!app || app.appSecret !== form.get('client_secret')) return oauthError('Invalid client_secret or client_id');
  if (form.get('grant_type') !== 'authorization_code') return oauthError('Invalid grant_type: only authorization_code is supported');
  const code = ig.codes.get((form.get('code') ?? '').replace(/#_$/, ''));
  if (!code || code.appId !== app.appId || code.used || code.expiresAt <= ctx.core.clock.now())
    return oauthError('This authorization code has been used or has expired');
  if (form.get('redirect_uri') !== code.redirectUri)
    return oauthError('Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request');
  code.used = true;
  const token = issueInstagramToken(ctx.core, { kind: 'ig_short', appId: app.appId, igUserId: code.igUserId, scopes: code.scopes });
  const account = ig.accounts.get(code.igUserId);
  const userId = account?.appScopedUserId ?? code.igUserId;
  const body =
    ctx.core.opts.instagram.codeExchangeShape === 'wrapped'
      ? { data: [{ access_token: token.token, user_id: userId, permissions: code.scopes.join(',') }] }
      : { access_token: token.token, user_id: new Int64(userId), permissions: code.scopes };
  return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: stringifyWithInt64(body) };
}

async function exchangeLongLived(ctx: Ctx): Promise<Reply> {
  const p = await graphParams(ctx);
  const ig = ctx.core.state.instagram;
  if (p['grant_type'] !== 'ig_exchange_token') gfail(100, 'Invalid grant_type: expected ig_exchange_token');
  const short = ig.tokens.get(p['access_token'] ?? '');
  if (!short || short.revoked || !short.kind.startsWith('ig')) gfail(190, 'Invalid OAuth access token - Cannot parse access token');
  const app = ig.apps.get(short.appId);
  if (!app || app.appSecret !== p['client_secret']) gfail(101, 'Error validating client secret.');
  if (short.expiresAt !== undefined && short.expiresAt <= ctx.core.clock.now())
    gfail(190, 'Error validating access token: Session has expired.', { subcode: 463 });
  const t = issueInstagramToken(ctx.core, { kind: 'ig_long', appId: short.appId, igUserId: short.igUserId, scopes: short.scopes });
  return json(200, { access_token: t.token, token_type: 'bearer', expires_in: ctx.core.opts.instagram.longLivedTokenTtlSec });
}

async function refresh(ctx: Ctx): Promise<Reply> {
  const p = await graphParams(ctx);
  const ig = ctx.core.state.instagram;
  if (p['grant_type'] !== 'ig_refresh_token') gfail(100, 'Invalid grant_type: expected ig_refresh_token');
  const old = ig.tokens.get(p['access_token'] ?? '');
  const now = ctx.core.clock.now();
  if (!old || old.revoked || old.kind !== 'ig_long') gfail(190, 'Invalid OAuth access token - Cannot parse access token');
  if (old.expiresAt !== undefined && old.expiresAt <= now) gfail(190, 'Error validating access token: Session has expired.', { subcode: 463 });
  if (!old.scopes.includes('instagram_business_basic'))
    gfail(10, '(#10) Application does not have permission for this action (requires instagram_business_basic).');
  if (now - old.issuedAt < ctx.core.opts.instagram.minRefreshAgeMs) gfail(100, 'The access token must be at least 24 hours old to be refreshed.');
  const t = issueInstagramToken(ctx.core, { kind: 'ig_long', appId: old.appId, igUserId: old.igUserId, scopes: old.scopes });
  return json(200, { access_token: t.token, token_type: 'bearer', expires_in: ctx.core.opts.instagram.longLivedTokenTtlSec });
}

export function instagramOauthRoutes(): Route[] {
  return [
    { host: 'instagram-auth', method: 'GET', path: '/oauth/authorize', endpoint: 'instagram.authorize', handler: authorizePage },
    { host: 'instagram-auth', method: 'POST', path: '/oauth/authorize', endpoint: 'instagram.authorize.decision', handler: authorizeDecision },
    { host: 'instagram-auth', method: 'POST', path: '/oauth/access_token', endpoint: 'instagram.oauth.code', handler: codeExchange },
    { host: 'instagram-graph', method: 'GET', path: '/access_token', endpoint: 'instagram.oauth.exchange', handler: exchangeLongLived },
    { host: 'instagram-graph', method: 'GET', path: '/refresh_access_token', endpoint: 'instagram.oauth.refresh', handler: refresh },
  ];
}

import { createHash } from 'node:crypto';

import type { Core, Ctx } from '../core/context.js';
import { randomToken } from '../core/ids.js';
import { redirectUriAllowed } from '../core/limits.js';
import { contentTypeOf } from '../http/body.js';
import { escapeHtml, html, json, redirect, ReplyError, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { limited, xState } from './common.js';
import { oauthError } from './errors.js';
import type { XAppSeed } from './options.js';
import { X_SCOPE_LIST, type XGrant } from './state.js';

export const X_SCOPES: readonly string[] = X_SCOPE_LIST;

/** X's authorize-side error page: a bad client or redirect URI never reaches the redirect URI. */
function errorPage(status: number, message: string): Reply {
  return html(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>X (sandbox)</title></head><body><h1>Something went wrong</h1><p id="error">${escapeHtml(message)}</p><p>You weren’t able to give access to the App. Go back and try logging in again.</p></body></html>`,
  );
}

function withParams(uri: string, params: Record<string, string>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

interface AuthorizeRequest {
  app: XAppSeed;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
}

/** The authorize request's checks (response_type=code, state and the PKCE challenge are required). */
function validateAuthorize(ctx: Ctx, p: URLSearchParams): AuthorizeRequest | Reply {
  const app = xState(ctx).apps.get(p.get('client_id') ?? '');
  if (!app) return errorPage(400, 'invalid_client: the client_id is not an X app.');
  const redirectUri = p.get('redirect_uri') ?? '';
  if (!redirectUri || !redirectUriAllowed(app.redirectUris, redirectUri)) return errorPage(400, `redirect_uri is not registered for this app: ${redirectUri}`);
  if (p.get('response_type') !== 'code') return errorPage(400, 'response_type must be code.');
  const scopes = (p.get('scope') ?? '').split(/[ +]/).filter(Boolean);
  if (scopes.length === 0) return errorPage(400, 'scope is required.');
  const unknown = scopes.find((s) => !X_SCOPES.includes(s));
  if (unknown) return errorPage(400, `invalid scope: ${unknown}`);
  const state = p.get('state') ?? '';
  if (!state) return errorPage(400, 'state is required.');
  const challenge = p.get('code_challenge') ?? '';
  const method = p.get('code_challenge_method') ?? 'plain';
  if (!challenge) return errorPage(400, 'code_challenge is required (OAuth 2.0 with PKCE).');
  if (method !== 'S256' && method !== 'plain') return errorPage(400, 'code_challenge_method must be S256 or plain.');
  return { app, redirectUri, scopes, state, codeChallenge: challenge, codeChallengeMethod: method };
}

const SCOPE_LABELS: Record<string, string> = {
  'tweet.read': 'Read posts you can see',
  'tweet.write': 'Create and delete posts for you',
  'users.read': 'Read your profile information',
  'media.write': 'Upload media for you',
  'offline.access': 'Stay connected until you revoke access',
};

/** The consent page: which account, what the app may do, Authorize app / Cancel. */
function authorizePage(ctx: Ctx): Reply {
  const v = validateAuthorize(ctx, ctx.query);
  if ('status' in v) return v;
  const hidden = [...ctx.query.entries()].map(([k, val]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(val)}">`).join('');
  const accounts = [...xState(ctx).users.values()]
    .map(
      (u, i) =>
        `<label><input type="radio" name="user_id" value="${escapeHtml(u.id)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(u.name)} @${escapeHtml(u.username)}</label><br>`,
    )
    .join('');
  const scopes = v.scopes.map((s) => `<li>${escapeHtml(SCOPE_LABELS[s] ?? s)}</li>`).join('');
  return html(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorize app · X (sandbox)</title></head><body>
<h1>${escapeHtml(v.app.clientId)} wants to access your X account</h1>
<form method="post" action="">${hidden}
<fieldset><legend>Account</legend>${accounts}</fieldset>
<p>It will be able to:</p><ul>${scopes}</ul>
<button type="submit" name="decision" value="approve">Authorize app</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>`,
  );
}

async function authorizeDecision(ctx: Ctx): Promise<Reply> {
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const v = validateAuthorize(ctx, form);
  if ('status' in v) return v;
  if (form.get('decision') !== 'approve') return redirect(withParams(v.redirectUri, { error: 'access_denied', state: v.state }));
  const userId = form.get('user_id') ?? '';
  if (!xState(ctx).users.has(userId)) return errorPage(400, 'Choose an account.');
  const code = randomToken('', 48);
  xState(ctx).codes.set(code, {
    code,
    clientId: v.app.clientId,
    userId,
    scopes: v.scopes,
    redirectUri: v.redirectUri,
    codeChallenge: v.codeChallenge,
    codeChallengeMethod: v.codeChallengeMethod,
    expiresAt: ctx.core.clock.now() + ctx.core.opts.x.authCodeTtlMs,
    used: false,
  });
  return redirect(withParams(v.redirectUri, { state: v.state, code }));
}

/** A new access token on the grant, and (offline.access) a new refresh token. */
export function issueTokens(core: Core, grant: XGrant): Record<string, unknown> {
  const x = core.state.x;
  const now = core.clock.now();
  const access = randomToken('', 60);
  x.accessTokens.set(access, { token: access, grantId: grant.id, expiresAt: now + core.opts.x.accessTokenTtlSec * 1000, revoked: false });
  const out: Record<string, unknown> = { token_type: 'bearer', expires_in: core.opts.x.accessTokenTtlSec, access_token: access, scope: grant.scopes.join(' ') };
  if (grant.scopes.includes('offline.access')) {
    const refresh = randomToken('', 60);
    x.refreshTokens.set(refresh, { token: refresh, grantId: grant.id, expiresAt: now + core.opts.x.refreshTokenTtlSec * 1000, revoked: false });
    out['refresh_token'] = refresh;
  }
  return out;
}

/** A new consent: one grant per app and account; a reconnect replaces the previous grant's scopes. */
export function grantFor(core: Core, clientId: string, userId: string, scopes: string[]): XGrant {
  const existing = [...core.state.x.grants.values()].find((g) => g.clientId === clientId && g.userId === userId && !g.revoked);
  if (existing) {
    existing.scopes = scopes;
    return existing;
  }
  const grant: XGrant = { id: randomToken('xgrant_', 8), clientId, userId, scopes, revoked: false };
  core.state.x.grants.set(grant.id, grant);
  return grant;
}

function verifyPkce(method: 'S256' | 'plain', challenge: string, verifier: string): boolean {
  return method === 'plain' ? challenge === verifier : createHash('sha256').update(verifier).digest('base64url') === challenge;
}

/**
 * The app's credentials: a confidential client must authenticate with HTTP Basic
 * (client_id:client_secret); a public client sends client_id in the body.
 */
function appOf(ctx: Ctx, form: URLSearchParams): XAppSeed {
  const x = xState(ctx);
  const basic = /^Basic\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    const id = decodeURIComponent(at >= 0 ? decoded.slice(0, at) : decoded);
    const secret = decodeURIComponent(at >= 0 ? decoded.slice(at + 1) : '');
    const app = x.apps.get(id);
    if (!app || !app.confidential || app.clientSecret !== secret)
      throw new ReplyError(oauthError(401, 'unauthorized_client', 'Missing valid authorization header'));
    return app;
  }
  const app = x.apps.get(form.get('client_id') ?? '');
  if (!app || app.confidential) throw new ReplyError(oauthError(401, 'unauthorized_client', 'Missing valid authorization header'));
  return app;
}

async function token(ctx: Ctx): Promise<Reply> {
  if (contentTypeOf(ctx.req) !== 'application/x-www-form-urlencoded')
    return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const app = appOf(ctx, form);
  const x = xState(ctx);
  const now = ctx.core.clock.now();
  const grantType = form.get('grant_type') ?? '';
  if (grantType === 'authorization_code') {
    const code = x.codes.get(form.get('code') ?? '');
    // X answers invalid_request for a code that is unknown, used, expired (30 s) or another app's.
    if (!code || code.used || code.expiresAt <= now || code.clientId !== app.clientId)
      return oauthError(400, 'invalid_request', 'Value passed for the authorization code was invalid.');
    if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'invalid_request', 'Value passed for the redirect uri was invalid.');
    if (!verifyPkce(code.codeChallengeMethod, code.codeChallenge, form.get('code_verifier') ?? ''))
      return oauthError(400, 'invalid_request', 'Value passed for the code verifier was invalid.');
    code.used = true;
    return json(200, issueTokens(ctx.core, grantFor(ctx.core, app.clientId, code.userId, code.scopes)));
  }
  if (grantType === 'refresh_token') {
    const rec = x.refreshTokens.get(form.get('refresh_token') ?? '');
    const grant = rec ? x.grants.get(rec.grantId) : undefined;
    // Rotation: a refresh token works once. The second use (a concurrent refresh, a replay) is refused like an unknown one.
    if (!rec || !grant || rec.revoked || grant.revoked || rec.usedAt !== undefined || rec.expiresAt <= now || grant.clientId !== app.clientId)
      return oauthError(400, 'invalid_request', 'Value passed for the token was invalid.');
    rec.usedAt = now;
    return json(200, issueTokens(ctx.core, grant));
  }
  return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType || '(none)'} is not supported.`);
}

/** Revokes the consent and every token hanging off it. */
export function revokeGrant(core: Core, grant: XGrant): void {
  grant.revoked = true;
  for (const t of core.state.x.accessTokens.values()) if (t.grantId === grant.id) t.revoked = true;
  for (const t of core.state.x.refreshTokens.values()) if (t.grantId === grant.id) t.revoked = true;
}

async function revoke(ctx: Ctx): Promise<Reply> {
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  appOf(ctx, form);
  const x = xState(ctx);
  const value = form.get('token') ?? '';
  const rec = x.accessTokens.get(value) ?? x.refreshTokens.get(value);
  const grant = rec ? x.grants.get(rec.grantId) : undefined;
  if (grant) revokeGrant(ctx.core, grant);
  return json(200, { revoked: true });
}

/** GET /2/users/me: id, name, username by default; profile_image_url and public_metrics when asked in user.fields. */
const me = limited('users.me', ['users.read', 'tweet.read'], (ctx, auth) => {
  const fields = (ctx.query.get('user.fields') ?? '').split(',').filter(Boolean);
  const u = auth.user;
  const data: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
  if (fields.includes('profile_image_url'))
    data['profile_image_url'] = u.profileImageUrl ?? `${ctx.core.urls(ctx.origin).inspectionUrl}/avatars/${encodeURIComponent(u.username)}.svg`;
  if (fields.includes('public_metrics'))
    data['public_metrics'] = {
      followers_count: u.followersCount,
      following_count: 120,
      tweet_count: [...xState(ctx).posts.values()].filter((p) => p.userId === u.id).length,
      listed_count: 3,
    };
  if (fields.includes('created_at')) data['created_at'] = new Date(ctx.core.opts.startTime - 900 * 86_400_000).toISOString();
  return json(200, { data });
});

export function xOauthRoutes(): Route[] {
  return [
    { host: 'x-web', method: 'GET', path: '/i/oauth2/authorize', endpoint: 'x.authorize', handler: authorizePage },
    { host: 'x-web', method: 'POST', path: '/i/oauth2/authorize', endpoint: 'x.authorize.decision', handler: authorizeDecision },
    { host: 'x-api', method: 'POST', path: '/2/oauth2/token', endpoint: 'x.oauth.token', handler: token },
    { host: 'x-api', method: 'POST', path: '/2/oauth2/revoke', endpoint: 'x.oauth.revoke', handler: revoke },
    { host: 'x-api', method: 'GET', path: '/2/users/me', endpoint: 'x.users.me', handler: me },
  ];
}

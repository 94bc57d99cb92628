import { createHash } from 'node:crypto';

import type { Core, Ctx } from '../core/context.js';
import { randomToken } from '../core/ids.js';
import { redirectUriAllowed } from '../core/limits.js';
import { contentTypeOf } from '../http/body.js';
import { escapeHtml, html, json, redirect, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { YOUTUBE_SCOPES } from './common.js';
import { oauthError } from './errors.js';
import type { YouTubeClientSeed } from './options.js';
import type { YouTubeGrant } from './state.js';

/** Google's consent-side error page ("Error 400: redirect_uri_mismatch"): these never reach the redirect URI. */
function errorPage(status: number, error: string, message: string): Reply {
  return html(
    status,
    `<!doctype html><html><head><meta charset="utf-8"><title>Error ${status}: ${escapeHtml(error)}</title></head><body><h1>Access blocked: this request is invalid</h1><p id="error">Error ${status}: ${escapeHtml(error)}</p><p>${escapeHtml(message)}</p></body></html>`,
  );
}

function withParams(uri: string, params: Record<string, string>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

interface AuthorizeRequest {
  client: YouTubeClientSeed;
  redirectUri: string;
  scopes: string[];
  state: string;
  offline: boolean;
  forcedConsent: boolean;
  includeGrantedScopes: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

/** The authorize request's checks; Google shows each failure on its own page (docs/youtube-contract.md). */
function validateAuthorize(ctx: Ctx, p: URLSearchParams): AuthorizeRequest | Reply {
  const client = ctx.core.state.youtube.clients.get(p.get('client_id') ?? '');
  if (!client) return errorPage(401, 'invalid_client', 'The OAuth client was not found.');
  const redirectUri = p.get('redirect_uri') ?? '';
  if (!redirectUri || !redirectUriAllowed(client.redirectUris, redirectUri))
    return errorPage(
      400,
      'redirect_uri_mismatch',
      `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri}`,
    );
  if (p.get('response_type') !== 'code') return errorPage(400, 'invalid_request', 'response_type must be code.');
  const scopes = (p.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0) return errorPage(400, 'invalid_request', 'Missing required parameter: scope');
  const unknown = scopes.find((s) => !YOUTUBE_SCOPES.includes(s));
  if (unknown) return errorPage(400, 'invalid_scope', `Some requested scopes were invalid. {invalid=[${unknown}]}`);
  const accessType = p.get('access_type') ?? 'online';
  if (accessType !== 'online' && accessType !== 'offline') return errorPage(400, 'invalid_request', `Invalid access_type: ${accessType}`);
  const prompt = (p.get('prompt') ?? '').split(' ').filter(Boolean);
  if (prompt.some((x) => !['none', 'consent', 'select_account'].includes(x))) return errorPage(400, 'invalid_request', 'Invalid prompt.');
  const challenge = p.get('code_challenge') ?? '';
  const method = p.get('code_challenge_method') ?? (challenge ? 'plain' : '');
  if (challenge && method !== 'S256' && method !== 'plain') return errorPage(400, 'invalid_request', 'Invalid code_challenge_method.');
  if (challenge && !/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) return errorPage(400, 'invalid_request', 'Invalid code_challenge.');
  if (ctx.core.opts.youtube.requirePkce && (!challenge || method !== 'S256'))
    return errorPage(400, 'invalid_request', 'This sandbox client requires PKCE: code_challenge with code_challenge_method=S256.');
  return {
    client,
    redirectUri,
    scopes,
    state: p.get('state') ?? '',
    offline: accessType === 'offline',
    forcedConsent: prompt.includes('consent'),
    includeGrantedScopes: p.get('include_granted_scopes') === 'true',
    ...(challenge ? { codeChallenge: challenge, codeChallengeMethod: method as 'S256' | 'plain' } : {}),
  };
}

const SCOPE_LABELS: Record<string, string> = {
  'https://www.googleapis.com/auth/youtube.upload': 'Manage your YouTube videos',
  'https://www.googleapis.com/auth/youtube.readonly': 'View your YouTube account',
  'https://www.googleapis.com/auth/youtube': 'Manage your YouTube account',
  'https://www.googleapis.com/auth/youtube.force-ssl': 'See, edit, and permanently delete your YouTube videos, ratings, comments and captions',
};

/** Account chooser and granular consent: each scope is a checkbox the person may untick, as on Google's page. */
function authorizePage(ctx: Ctx): Reply {
  const v = validateAuthorize(ctx, ctx.query);
  if ('status' in v) return v;
  const hidden = [...ctx.query.entries()].map(([k, val]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(val)}">`).join('');
  const accounts = [...ctx.core.state.youtube.channels.values()]
    .map(
      (c, i) =>
        `<label><input type="radio" name="channel_id" value="${escapeHtml(c.channelId)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(c.email)} · ${escapeHtml(c.title)}</label><br>`,
    )
    .join('');
  const scopes = v.scopes
    .map((s) => `<label><input type="checkbox" name="granted_scope" value="${escapeHtml(s)}" checked> ${escapeHtml(SCOPE_LABELS[s] ?? s)}</label><br>`)
    .join('');
  return html(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in with Google (sandbox)</title></head><body>
<h1>Sign in to continue to ${escapeHtml(v.client.clientId)}</h1>
<form method="post" action="">${hidden}
<fieldset><legend>Choose an account</legend>${accounts}</fieldset>
<fieldset><legend>Select what ${escapeHtml(v.client.clientId)} can access</legend>${scopes}</fieldset>
<button type="submit" name="decision" value="approve">Continue</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>`,
  );
}

async function authorizeDecision(ctx: Ctx): Promise<Reply> {
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const v = validateAuthorize(ctx, form);
  if ('status' in v) return v;
  const stateParam: Record<string, string> = v.state ? { state: v.state } : {};
  const granted = form.getAll('granted_scope').filter((s) => v.scopes.includes(s));
  if (form.get('decision') !== 'approve' || granted.length === 0) return redirect(withParams(v.redirectUri, { error: 'access_denied', ...stateParam }));
  const channelId = form.get('channel_id') ?? '';
  if (!ctx.core.state.youtube.channels.has(channelId)) return errorPage(400, 'invalid_request', 'Choose an account.');
  const code = `4/0${randomToken('', 32)}`;
  ctx.core.state.youtube.codes.set(code, {
    code,
    clientId: v.client.clientId,
    channelId,
    scopes: v.includeGrantedScopes ? [...new Set([...grantedBefore(ctx.core, v.client.clientId, channelId), ...granted])] : granted,
    redirectUri: v.redirectUri,
    ...(v.codeChallenge ? { codeChallenge: v.codeChallenge } : {}),
    ...(v.codeChallengeMethod ? { codeChallengeMethod: v.codeChallengeMethod } : {}),
    offline: v.offline,
    forcedConsent: v.forcedConsent,
    expiresAt: ctx.core.clock.now() + ctx.core.opts.youtube.authCodeTtlMs,
    used: false,
  });
  return redirect(withParams(v.redirectUri, { ...stateParam, code, scope: granted.join(' ') }));
}

function liveGrant(core: Core, clientId: string, channelId: string): YouTubeGrant | undefined {
  return [...core.state.youtube.grants.values()].find((g) => g.clientId === clientId && g.channelId === channelId && !g.revoked);
}

function grantedBefore(core: Core, clientId: string, channelId: string): string[] {
  return liveGrant(core, clientId, channelId)?.scopes ?? [];
}

function hasLiveRefreshToken(core: Core, grant: YouTubeGrant): boolean {
  const now = core.clock.now();
  return [...core.state.youtube.refreshTokens.values()].some((t) => t.grantId === grant.id && !t.revoked && (t.expiresAt ?? Infinity) > now);
}

/** A new access token on the grant, and a refresh token when asked for (the caller applies Google's rule). */
export function issueTokens(core: Core, grant: YouTubeGrant, withRefreshToken: boolean): Record<string, unknown> {
  const o = core.opts.youtube;
  const now = core.clock.now();
  const access = randomToken('ya29.', 48);
  core.state.youtube.accessTokens.set(access, { token: access, grantId: grant.id, expiresAt: now + o.accessTokenTtlSec * 1000, revoked: false });
  const out: Record<string, unknown> = { access_token: access, expires_in: o.accessTokenTtlSec, scope: grant.scopes.join(' '), token_type: 'Bearer' };
  if (withRefreshToken) {
    const refresh = randomToken('1//0', 48);
    const expiresAt = o.refreshTokenTtlSec === undefined ? undefined : now + o.refreshTokenTtlSec * 1000;
    core.state.youtube.refreshTokens.set(refresh, { token: refresh, grantId: grant.id, expiresAt, revoked: false });
    out['refresh_token'] = refresh;
    if (o.refreshTokenTtlSec !== undefined) out['refresh_token_expires_in'] = o.refreshTokenTtlSec;
  }
  return out;
}

/**
 * The consent's grant (one per client and Google account, as Google keeps it), and whether this
 * exchange carries a refresh token: offline access on the first consent, or again only with
 * prompt=consent (platform-apis.md §10). A reconnect without it gets an access token only.
 */
export function grantFor(core: Core, clientId: string, channelId: string, scopes: string[]): { grant: YouTubeGrant; firstConsent: boolean } {
  const existing = liveGrant(core, clientId, channelId);
  if (existing) {
    existing.scopes = scopes;
    return { grant: existing, firstConsent: !hasLiveRefreshToken(core, existing) };
  }
  const grant: YouTubeGrant = { id: randomToken('grant_', 8), clientId, channelId, scopes, revoked: false };
  core.state.youtube.grants.set(grant.id, grant);
  return { grant, firstConsent: true };
}

function verifyPkce(method: 'S256' | 'plain', challenge: string, verifier: string): boolean {
  return method === 'plain' ? challenge === verifier : createHash('sha256').update(verifier).digest('base64url') === challenge;
}

async function tokenParams(ctx: Ctx): Promise<URLSearchParams | undefined> {
  const raw = (await ctx.body()).toString('utf8');
  const type = contentTypeOf(ctx.req);
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(raw);
  if (type === 'application/json') {
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(parsed).map(([k, val]): [string, string] => [k, String(val)]));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Client credentials from the body or HTTP Basic. */
function clientOf(ctx: Ctx, form: URLSearchParams): YouTubeClientSeed | undefined {
  let id = form.get('client_id') ?? '';
  let secret = form.get('client_secret') ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  if (basic?.[1]) {
    const [u, s] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    id = decodeURIComponent(u ?? '');
    secret = decodeURIComponent(s ?? '');
  }
  const client = ctx.core.state.youtube.clients.get(id);
  return client && client.clientSecret === secret ? client : undefined;
}

async function token(ctx: Ctx): Promise<Reply> {
  const form = await tokenParams(ctx);
  if (!form) return oauthError(400, 'invalid_request', 'Invalid request body: send application/x-www-form-urlencoded.');
  const client = clientOf(ctx, form);
  if (!client) return oauthError(401, 'invalid_client', 'Unauthorized');
  const yt = ctx.core.state.youtube;
  const now = ctx.core.clock.now();
  const grantType = form.get('grant_type') ?? '';
  if (grantType === 'authorization_code') {
    const code = yt.codes.get(form.get('code') ?? '');
    if (!code || code.clientId !== client.clientId || code.used || code.expiresAt <= now) return oauthError(400, 'invalid_grant', 'Bad Request');
    if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
    if (code.codeChallenge) {
      const verifier = form.get('code_verifier') ?? '';
      if (!verifier) return oauthError(400, 'invalid_grant', 'Missing code verifier.');
      if (!verifyPkce(code.codeChallengeMethod ?? 'plain', code.codeChallenge, verifier)) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
    }
    code.used = true;
    const { grant, firstConsent } = grantFor(ctx.core, client.clientId, code.channelId, code.scopes);
    return json(200, issueTokens(ctx.core, grant, code.offline && (firstConsent || code.forcedConsent)));
  }
  if (grantType === 'refresh_token') {
    const rec = yt.refreshTokens.get(form.get('refresh_token') ?? '');
    const grant = rec ? yt.grants.get(rec.grantId) : undefined;
    if (!rec || !grant) return oauthError(400, 'invalid_grant', 'Bad Request');
    if (grant.clientId !== client.clientId) return oauthError(401, 'unauthorized_client', 'Unauthorized');
    if (rec.revoked || grant.revoked || (rec.expiresAt ?? Infinity) <= now) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    return json(200, issueTokens(ctx.core, grant, false));
  }
  return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
}

/** Revokes a consent and every token hanging off it (Google revokes the grant, not one token). */
export function revokeGrant(core: Core, grant: YouTubeGrant): void {
  grant.revoked = true;
  for (const t of core.state.youtube.accessTokens.values()) if (t.grantId === grant.id) t.revoked = true;
  for (const t of core.state.youtube.refreshTokens.values()) if (t.grantId === grant.id) t.revoked = true;
}

async function revoke(ctx: Ctx): Promise<Reply> {
  const form = (await tokenParams(ctx)) ?? new URLSearchParams();
  const value = ctx.query.get('token') ?? form.get('token') ?? '';
  const yt = ctx.core.state.youtube;
  const rec = yt.accessTokens.get(value) ?? yt.refreshTokens.get(value);
  const grant = rec ? yt.grants.get(rec.grantId) : undefined;
  if (!rec || !grant || rec.revoked || grant.revoked) return oauthError(400, 'invalid_token', 'Token expired or revoked');
  revokeGrant(ctx.core, grant);
  return json(200, {});
}

export function youtubeOauthRoutes(): Route[] {
  return [
    { host: 'youtube-auth', method: 'GET', path: '/o/oauth2/v2/auth', endpoint: 'youtube.authorize', handler: authorizePage },
    { host: 'youtube-auth', method: 'POST', path: '/o/oauth2/v2/auth', endpoint: 'youtube.authorize.decision', handler: authorizeDecision },
    { host: 'youtube-oauth', method: 'POST', path: '/token', endpoint: 'youtube.oauth.token', handler: token },
    { host: 'youtube-oauth', method: 'POST', path: '/revoke', endpoint: 'youtube.oauth.revoke', handler: revoke },
  ];
}

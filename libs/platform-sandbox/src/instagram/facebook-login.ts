/**
 * Facebook Login for the Instagram Graph API (platform-apis.md §4.1): the dialog
 * (www.facebook.com/{v}/dialog/oauth, simulated on the facebook-graph host), the code exchange
 * (GET /{v}/oauth/access_token) and the long-lived exchange (grant_type=fb_exchange_token). It issues
 * `fb_user` tokens, the ones graph.facebook.com's publishing, insights and Hashtag Search accept.
 */
import type { Ctx } from '../core/context.js';
import { randomToken } from '../core/ids.js';
import { redirectUriAllowed } from '../core/limits.js';
import { escapeHtml, html, json, redirect, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { gfail, graphParams } from './common.js';
import { issueInstagramToken } from './oauth.js';

/** What an app may ask the Facebook Login dialog for, for Instagram business accounts (§4.1). */
export const FB_LOGIN_SCOPES = [
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_insights',
  'instagram_manage_messages',
  'pages_show_list',
  'pages_read_engagement',
  'business_management',
];

/** A short-lived Facebook user token lasts about an hour or two; the long-lived one 60 days. */
const SHORT_LIVED_FB_TTL_SEC = 2 * 3600;

function page(status: number, message: string): Reply {
  return html(status, `<!doctype html><html><head><title>Facebook</title></head><body><h1>Error</h1><p id="error">${escapeHtml(message)}</p></body></html>`);
}

interface DialogRequest {
  appId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
}

function validate(ctx: Ctx, p: URLSearchParams): DialogRequest | Reply {
  const appId = p.get('client_id') ?? '';
  const app = ctx.core.state.instagram.apps.get(appId);
  if (!app) return page(400, 'Invalid App ID');
  const redirectUri = p.get('redirect_uri') ?? '';
  if (!redirectUriAllowed(app.redirectUris, redirectUri))
    return page(400, "URL blocked: this redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.");
  const state = p.get('state') ?? '';
  const scopes = (p.get('scope') ?? '').split(/[,\s]+/).filter(Boolean);
  const responseType = p.get('response_type') ?? 'code';
  if (responseType !== 'code') return page(400, 'response_type must be code');
  if (!scopes.includes('instagram_basic') || scopes.some((s) => !FB_LOGIN_SCOPES.includes(s)))
    return page(400, 'Invalid Scopes: ' + scopes.filter((s) => !FB_LOGIN_SCOPES.includes(s)).join(', '));
  return { appId, redirectUri, scopes, state };
}

function dialogPage(ctx: Ctx): Reply {
  const v = validate(ctx, ctx.query);
  if ('status' in v) return v;
  const hidden = [...ctx.query.entries()].map(([k, val]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(val)}">`).join('');
  // Facebook Login reaches Instagram business accounts through the user's Pages.
  const pages = [...ctx.core.state.instagram.accounts.values()]
    .map(
      (a, i) =>
        `<label><input type="radio" name="ig_user_id" value="${escapeHtml(a.igUserId)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(a.pageName)} · @${escapeHtml(a.username)}</label><br>`,
    )
    .join('');
  return html(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in with Facebook (sandbox)</title></head><body><main>
<h1>Allow app ${escapeHtml(v.appId)} to access your Pages and their Instagram accounts?</h1><p>Permissions: ${v.scopes.map(escapeHtml).join(', ')}</p>
<form method="post" action="">${hidden}<fieldset><legend>Choose a Page</legend>${pages}</fieldset>
<button type="submit" name="decision" value="approve">Continue</button>
<button type="submit" name="decision" value="deny">Cancel</button></form></main></body></html>`,
  );
}

async function dialogDecision(ctx: Ctx): Promise<Reply> {
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  const v = validate(ctx, form);
  if ('status' in v) return v;
  const u = new URL(v.redirectUri);
  if (form.get('decision') !== 'approve') {
    u.searchParams.set('error', 'access_denied');
    u.searchParams.set('error_code', '200');
    u.searchParams.set('error_reason', 'user_denied');
    u.searchParams.set('error_description', 'Permissions error');
    if (v.state) u.searchParams.set('state', v.state);
    return redirect(u.toString());
  }
  const igUserId = form.get('ig_user_id') ?? '';
  if (!ctx.core.state.instagram.accounts.has(igUserId)) return page(400, 'Choose a Page');
  const code = randomToken('AQ', 48);
  ctx.core.state.instagram.codes.set(code, {
    code,
    appId: v.appId,
    igUserId,
    scopes: v.scopes,
    redirectUri: v.redirectUri,
    expiresAt: ctx.core.clock.now() + ctx.core.opts.instagram.authCodeTtlMs,
    used: false,
    login: 'facebook',
  });
  u.searchParams.set('code', code);
  if (v.state) u.searchParams.set('state', v.state);
  // Facebook also appends "#_=_" to the redirect; clients ignore the fragment.
  return redirect(`${u.toString()}#_=_`);
}

/** GET /{v}/oauth/access_token: a code (with redirect_uri) or, with grant_type=fb_exchange_token, a long-lived exchange. */
async function accessToken(ctx: Ctx): Promise<Reply> {
  const p = await graphParams(ctx);
  const ig = ctx.core.state.instagram;
  const app = ig.apps.get(p['client_id'] ?? '');
  if (!app || app.appSecret !== p['client_secret']) gfail(101, 'Error validating client secret.');
  if (p['grant_type'] === 'fb_exchange_token') {
    const short = ig.tokens.get(p['fb_exchange_token'] ?? '');
    if (!short || short.revoked || short.kind !== 'fb_user' || short.appId !== app.appId) gfail(190, 'Invalid OAuth access token - Cannot parse access token');
    if (short.expiresAt !== undefined && short.expiresAt <= ctx.core.clock.now())
      gfail(190, 'Error validating access token: Session has expired.', { subcode: 463 });
    const t = issueInstagramToken(ctx.core, { kind: 'fb_user', appId: app.appId, igUserId: short.igUserId, scopes: short.scopes });
    return json(200, { access_token: t.token, token_type: 'bearer', expires_in: ctx.core.opts.instagram.longLivedTokenTtlSec });
  }
  if (p['grant_type'] !== undefined && p['grant_type'] !== 'authorization_code') gfail(100, 'Invalid grant_type');
  const code = ig.codes.get(p['code'] ?? '');
  if (!code || code.login !== 'facebook' || code.appId !== app.appId || code.used || code.expiresAt <= ctx.core.clock.now())
    gfail(100, 'This authorization code has been used or has expired.', { subcode: 36009 });
  if (p['redirect_uri'] !== code.redirectUri)
    gfail(100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', {
      subcode: 36008,
    });
  code.used = true;
  const t = issueInstagramToken(ctx.core, { kind: 'fb_user', appId: app.appId, igUserId: code.igUserId, scopes: code.scopes, ttlSec: SHORT_LIVED_FB_TTL_SEC });
  return json(200, { access_token: t.token, token_type: 'bearer', expires_in: SHORT_LIVED_FB_TTL_SEC });
}

export function facebookLoginRoutes(): Route[] {
  return [
    { host: 'facebook-graph', method: 'GET', path: '/dialog/oauth', endpoint: 'facebook.dialog.oauth', handler: dialogPage },
    { host: 'facebook-graph', method: 'POST', path: '/dialog/oauth', endpoint: 'facebook.dialog.oauth.decision', handler: dialogDecision },
    { host: 'facebook-graph', method: 'GET', path: '/oauth/access_token', endpoint: 'facebook.oauth.access_token', handler: accessToken },
  ];
}

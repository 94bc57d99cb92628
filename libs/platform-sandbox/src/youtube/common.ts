import type { Ctx } from '../core/context.js';
import { ReplyError } from '../http/reply.js';
import { failGoogle, googleError } from './errors.js';
import type { YouTubeChannelSeed, YouTubeClientSeed } from './options.js';
import type { YouTubeGrant, YouTubeQuotaDay, YouTubeToken } from './state.js';

const SCOPE = 'https://www.googleapis.com/auth/';
export const YT_UPLOAD = `${SCOPE}youtube.upload`;
export const YT_READONLY = `${SCOPE}youtube.readonly`;
export const YT_MANAGE = `${SCOPE}youtube`;
export const YT_FORCE_SSL = `${SCOPE}youtube.force-ssl`;
export const YOUTUBE_SCOPES = [YT_UPLOAD, YT_READONLY, YT_MANAGE, YT_FORCE_SSL];
/** channels.list / videos.list do not accept youtube.upload alone (platform-apis.md §10). */
export const READ_SCOPES = [YT_READONLY, YT_MANAGE, YT_FORCE_SSL];
export const UPLOAD_SCOPES = [YT_UPLOAD, YT_MANAGE, YT_FORCE_SSL];

export interface YouTubeAuth {
  token: YouTubeToken;
  grant: YouTubeGrant;
  channel: YouTubeChannelSeed;
  client: YouTubeClientSeed;
}

const INVALID_CREDENTIALS =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

function unauthenticated(reason: 'required' | 'authError', message: string): never {
  throw new ReplyError(
    googleError(
      401,
      message,
      {
        domain: 'global',
        reason,
        message: reason === 'required' ? 'Login Required.' : 'Invalid Credentials',
        location: 'Authorization',
        locationType: 'header',
      },
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    ),
  );
}

/** Bearer check: 401 (no, unknown, expired or revoked token), 403 insufficientPermissions (none of the scopes). */
export function requireToken(ctx: Ctx, anyOfScopes: string[]): YouTubeAuth {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  if (!m?.[1])
    unauthenticated(
      'required',
      'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
  const yt = ctx.core.state.youtube;
  const token = yt.accessTokens.get(m[1]);
  const grant = token ? yt.grants.get(token.grantId) : undefined;
  if (!token || !grant || token.revoked || grant.revoked || (token.expiresAt ?? Infinity) <= ctx.core.clock.now())
    unauthenticated('authError', INVALID_CREDENTIALS);
  const channel = yt.channels.get(grant.channelId);
  const client = yt.clients.get(grant.clientId);
  if (!channel || !client) unauthenticated('authError', INVALID_CREDENTIALS);
  if (!anyOfScopes.some((s) => grant.scopes.includes(s))) {
    throw new ReplyError(
      googleError(
        403,
        'Request had insufficient authentication scopes.',
        { domain: 'global', reason: 'insufficientPermissions', message: 'Insufficient Permission' },
        { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${anyOfScopes.join(' ')}"` },
      ),
    );
  }
  return { token, grant, channel, client };
}

const PACIFIC = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function pacificParts(ms: number): { day: string; secondsIntoDay: number } {
  const p = Object.fromEntries(PACIFIC.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { day: `${p['year']}-${p['month']}-${p['day']}`, secondsIntoDay: Number(p['hour']) * 3600 + Number(p['minute']) * 60 + Number(p['second']) };
}

/** The Pacific calendar day of a sandbox time: quotas reset at midnight Pacific (platform-apis.md §6). */
export function pacificDay(ms: number): string {
  return pacificParts(ms).day;
}

/** The next midnight Pacific after `ms` (a DST day is 23 or 25 hours long). */
export function nextPacificMidnight(ms: number): number {
  const { day, secondsIntoDay } = pacificParts(ms);
  let t = ms - (ms % 1000) + (86_400 - secondsIntoDay) * 1000;
  while (pacificDay(t) === day) t += 3_600_000;
  while (pacificDay(t - 3_600_000) !== day) t -= 3_600_000;
  return t;
}

export function quotaDay(ctx: Ctx | { core: Ctx['core'] }, clientId: string): YouTubeQuotaDay {
  const today = pacificDay(ctx.core.clock.now());
  const yt = ctx.core.state.youtube;
  let q = yt.quota.get(clientId);
  if (!q || q.day !== today) {
    q = { day: today, units: 0, inserts: 0 };
    yt.quota.set(clientId, q);
  }
  return q;
}

const QUOTA_MESSAGE = 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.';

/**
 * Charges one call to the project's quota before the call is looked at (invalid requests cost
 * too): videos.insert from its own bucket of calls, everything else in units from the shared
 * budget (platform-apis.md §10). 403 quotaExceeded once the day's budget is spent.
 */
export function chargeQuota(ctx: Ctx, auth: YouTubeAuth, method: string): void {
  const o = ctx.core.opts.youtube;
  const q = quotaDay(ctx, auth.client.clientId);
  if (method === 'videos.insert') {
    if (q.inserts >= o.insertCallsPerDay) failGoogle(403, 'quotaExceeded', QUOTA_MESSAGE, 'youtube.quota');
    q.inserts += 1;
    return;
  }
  const cost = o.unitCosts[method] ?? 1;
  if (q.units + cost > o.unitsPerDay) failGoogle(403, 'quotaExceeded', QUOTA_MESSAGE, 'youtube.quota');
  q.units += cost;
}

/** The comma list of `part`, required on every Data API call; unknown parts are refused. */
export function parts(ctx: Ctx, allowed: readonly string[]): string[] {
  const raw = ctx.query.get('part');
  if (!raw) failGoogle(400, 'required', 'Required parameter: part', 'global', { location: 'part', locationType: 'parameter' });
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = list.find((p) => !allowed.includes(p));
  if (unknown !== undefined || list.length === 0)
    failGoogle(400, 'unknownPart', `'${unknown ?? raw}'`, 'youtube.part', { location: 'part', locationType: 'parameter' });
  return list;
}

export function etag(): string {
  return Math.random().toString(36).slice(2, 14);
}

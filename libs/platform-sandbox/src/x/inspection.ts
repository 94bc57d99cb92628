import type { Core } from '../core/context.js';
import { sandboxError } from '../http/errors.js';
import { json } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { jsonBody as body, guard, inspectionRoute as r } from '../inspection/helpers.js';
import { redact } from '../inspection/redact.js';
import { failXMedia } from './media.js';
import { grantFor, issueTokens, X_SCOPES } from './oauth.js';
import { defaultXOptions, type XOptions, type XUserSeed } from './options.js';
import { seedXAnalytics, type SeedXInput } from './seed.js';
import type { XMedia, XPost } from './state.js';
import { postNumbers } from './tweets.js';

export function xAccounts(core: Core): unknown {
  return { apps: [...core.state.x.apps.values()], users: [...core.state.x.users.values()] };
}

/** Every rate-limit window in use: endpoint, who (user / app), used of limit, and when it resets. */
export function xQuotas(core: Core): unknown {
  const x = core.state.x;
  const now = core.clock.now();
  return {
    windows: [...x.windows.entries()]
      .filter(([, c]) => now < c.startedAt + c.windowMs)
      .map(([key, c]) => {
        const [endpoint = '', who = '', id = ''] = key.split('|');
        const spec = core.opts.x.limits[endpoint as keyof XOptions['limits']];
        const limit = (who === 'user' ? spec?.user : spec?.app)?.limit;
        return { endpoint, who, id, used: c.used, limit, resetsAt: new Date(c.startedAt + c.windowMs).toISOString() };
      }),
  };
}

/** A media id as the sandbox knows it: segments, the file's sha256, processing, and how often the client polled too early. */
export function describeMedia(m: XMedia): Record<string, unknown> {
  return {
    id: m.id,
    mediaKey: m.mediaKey,
    userId: m.userId,
    mediaType: m.mediaType,
    mediaCategory: m.mediaCategory,
    totalBytes: m.totalBytes,
    receivedBytes: m.receivedBytes,
    segments: [...m.segments.entries()].sort(([a], [b]) => a - b).map(([index, s]) => ({ index, ...s })),
    outOfOrder: m.outOfOrder,
    createdAt: m.createdAt,
    expiresAt: m.expiresAt,
    finalizedAt: m.finalizedAt ?? null,
    state: m.state ?? 'uploading',
    sha256: m.sha256 ?? null,
    durationSec: m.durationSec ?? null,
    error: m.error ?? null,
    statusPolls: m.statusPolls,
    earlyPolls: m.earlyPolls,
  };
}

export function describePost(core: Core, p: XPost): Record<string, unknown> {
  return { ...p, permalink: `https://x.com/i/status/${p.id}`, metrics: postNumbers(core, p) };
}

export interface MintXInput {
  userId: string;
  clientId?: string;
  /** Default: every scope the product asks for (offline.access included: a refresh token comes back). */
  scopes?: string[];
}

/** Skips the consent page: a token pair as if the person had authorized the app. */
export function mintXToken(core: Core, input: MintXInput): Record<string, unknown> {
  const x = core.state.x;
  if (!x.users.has(input.userId)) throw new Error(`unknown X user ${input.userId}`);
  const clientId = input.clientId ?? [...x.apps.keys()][0] ?? '';
  if (!x.apps.has(clientId)) throw new Error(`unknown X app ${clientId}`);
  const scopes = input.scopes ?? [...X_SCOPES];
  const unknown = scopes.find((s) => !X_SCOPES.includes(s));
  if (unknown) throw new Error(`unknown X scope ${unknown}`);
  return issueTokens(core, grantFor(core, clientId, input.userId, scopes));
}

/** Adds (or replaces) an X account the consent page offers. */
export function addXUser(core: Core, input: Partial<XUserSeed> & { id: string; username: string }): XUserSeed {
  if (!/^\d{1,19}$/.test(input.id)) throw new Error('id must be a numeric X user id');
  if (!/^\w{1,15}$/.test(input.username)) throw new Error('username must be 1 to 15 letters, digits or _');
  const user: XUserSeed = {
    id: input.id,
    username: input.username,
    name: input.name ?? input.username,
    followersCount: input.followersCount ?? 0,
    longPosts: input.longPosts ?? false,
    ...(input.profileImageUrl ? { profileImageUrl: input.profileImageUrl } : {}),
  };
  core.state.x.users.set(user.id, user);
  return user;
}

/** Changes X's options for what happens from now on (processing time, limits, early-poll allowance…). */
/** A change to X's options: any of them, and any endpoint's limits (the others keep theirs). */
export type XOptionsPatch = Partial<Omit<XOptions, 'limits'>> & { limits?: Partial<XOptions['limits']> };

export function setXOptions(core: Core, patch: XOptionsPatch): XOptions {
  const limits = { ...core.opts.x.limits };
  for (const [endpoint, spec] of Object.entries(patch.limits ?? {})) if (spec) limits[endpoint as keyof XOptions['limits']] = spec;
  const next: XOptions = { ...core.opts.x, ...patch, limits };
  for (const [k, v] of Object.entries(next))
    if (k !== 'limits' && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new Error(`${k} must be a non-negative number`);
  for (const [endpoint, spec] of Object.entries(next.limits))
    for (const w of [spec.user, spec.app])
      if (w && (!Number.isInteger(w.limit) || w.limit < 0 || !Number.isFinite(w.windowMs) || w.windowMs <= 0))
        throw new Error(`limits.${endpoint}: limit must be a non-negative integer and windowMs positive`);
  core.opts.x = next;
  return next;
}

function mediaOr404(core: Core, id: string | undefined): XMedia | undefined {
  return core.state.x.media.get(id ?? '');
}

/** /__sandbox/x/…: what X's developer portal, its review or its infrastructure would change. */
export function xInspectionRoutes(core: Core): Route[] {
  return [
    // Posts made per account, with the video's sha256 (the chaos checker's duplicate key with the account).
    r('GET', '/x/posts', 'x.posts', (ctx) => {
      const account = ctx.query.get('account');
      const posts = [...core.state.x.posts.values()].filter((p) => !account || p.userId === account).sort((a, b) => a.createdAt - b.createdAt);
      return json(200, { data: posts.map((p) => describePost(core, p)) });
    }),
    r('GET', '/x/media/:id', 'x.media', (ctx) => {
      const m = mediaOr404(core, ctx.params['id']);
      return m ? json(200, describeMedia(m)) : sandboxError(404, 'not_found', 'unknown media id');
    }),
    // The media id expires now (its expires_after_secs ran out): every later use of it is refused.
    r('POST', '/x/media/:id/expire', 'x.media.expire', (ctx) => {
      const m = mediaOr404(core, ctx.params['id']);
      if (!m) return sandboxError(404, 'not_found', 'unknown media id');
      m.expiresAt = core.clock.now();
      return json(200, { id: m.id, expired: true });
    }),
    // Processing fails (X's transcoder or review refuses the video).
    r('POST', '/x/media/:id/fail', 'x.media.fail', async (ctx) => {
      const m = mediaOr404(core, ctx.params['id']);
      if (!m) return sandboxError(404, 'not_found', 'unknown media id');
      const b = await body(ctx);
      failXMedia(core, m, typeof b['message'] === 'string' ? b['message'] : 'Media rejected by review.');
      return json(200, describeMedia(m));
    }),
    r('POST', '/x/users', 'x.users.add', async (ctx) => {
      const b = await body(ctx);
      return json(
        201,
        guard(() => addXUser(core, b as Partial<XUserSeed> & { id: string; username: string })),
      );
    }),
    // Slow processing, limits, early polls…: options for what happens from now on; {"reset":true} restores the defaults.
    r('PATCH', '/x/settings', 'x.settings', async (ctx) => {
      const b = await body(ctx);
      if (b['reset'] === true) {
        core.opts.x = defaultXOptions();
        return json(200, core.opts.x);
      }
      return json(
        200,
        guard(() => setXOptions(core, b as Partial<XOptions>)),
      );
    }),
    // Accounts with past posts for analytics (as /tiktok/analytics/seed): no tokens over HTTP.
    r('POST', '/x/analytics/seed', 'x.analytics.seed', async (ctx) => {
      const b = await body(ctx);
      return json(201, { data: guard(() => seedXAnalytics(core, b as unknown as SeedXInput, false)) });
    }),
    r('GET', '/x/grants', 'x.grants', () => json(200, { data: redact([...core.state.x.grants.values()]) })),
  ];
}

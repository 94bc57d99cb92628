import type { Core } from '../core/context.js';
import { randomToken } from '../core/ids.js';
import { windowed } from '../core/state.js';
import { sandboxError } from '../http/errors.js';
import { json } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { jsonBody as body, inspectionRoute as r } from '../inspection/helpers.js';
import { redact } from '../inspection/redact.js';
import { nextPacificMidnight, quotaDay, YOUTUBE_SCOPES } from './common.js';
import { grantFor, issueTokens } from './oauth.js';
import type { YouTubeVideo } from './state.js';
import { rejectVideo } from './upload.js';
import { permalink, videoNumbers } from './videos.js';

const DAY = 86_400_000;

export function youtubeAccounts(core: Core): unknown {
  return { clients: [...core.state.youtube.clients.values()], channels: [...core.state.youtube.channels.values()] };
}

/** Each project's quota today (units and insert calls) and when it resets; each channel's uploads in 24 h. */
export function youtubeQuotas(core: Core): unknown {
  const now = core.clock.now();
  const o = core.opts.youtube;
  const yt = core.state.youtube;
  return {
    resetsAt: new Date(nextPacificMidnight(now)).toISOString(),
    projects: [...yt.clients.values()].map((c) => {
      const q = quotaDay({ core }, c.clientId);
      return {
        clientId: c.clientId,
        day: q.day,
        unitsUsed: q.units,
        unitsPerDay: o.unitsPerDay,
        insertsUsed: q.inserts,
        insertCallsPerDay: o.insertCallsPerDay,
      };
    }),
    channels: [...yt.channels.values()].map((c) => ({
      channelId: c.channelId,
      uploadsLast24h: windowed(yt.uploadTimes, c.channelId, now, DAY).length,
      dailyUploadLimit: c.dailyUploadLimit,
    })),
  };
}

/** A video as the sandbox knows it: the API's fields plus the Shorts reading and the permalink. */
export function describeVideo(core: Core, v: YouTubeVideo): Record<string, unknown> {
  return { ...v, permalink: permalink(v), statistics: videoNumbers(core, v) };
}

export interface MintYouTubeInput {
  channelId: string;
  clientId?: string;
  scopes?: string[];
  /** Offline access: with a refresh token (default true). */
  offline?: boolean;
}

/** Skips the consent page: a token pair as if the person had consented (offline, first consent). */
export function mintYouTubeToken(core: Core, input: MintYouTubeInput): Record<string, unknown> {
  const yt = core.state.youtube;
  if (!yt.channels.has(input.channelId)) throw new Error(`unknown YouTube channel ${input.channelId}`);
  const clientId = input.clientId ?? [...yt.clients.keys()][0] ?? '';
  if (!yt.clients.has(clientId)) throw new Error(`unknown YouTube client ${clientId}`);
  const { grant } = grantFor(core, clientId, input.channelId, input.scopes ?? [...YOUTUBE_SCOPES.slice(0, 2)]);
  return issueTokens(core, grant, input.offline !== false);
}

/** /__sandbox/youtube/…: what Google's console, YouTube Studio or YouTube's review would change. */
export function youtubeInspectionRoutes(core: Core): Route[] {
  return [
    r('GET', '/youtube/videos/:id', 'youtube.video', (ctx) => {
      const v = core.state.youtube.videos.get(ctx.params['id'] ?? '');
      return v ? json(200, redact(describeVideo(core, v))) : sandboxError(404, 'not_found', 'unknown video id');
    }),
    // YouTube's review rejects a video (before or after processing); it leaves the public posts.
    r('POST', '/youtube/videos/:id/reject', 'youtube.video.reject', async (ctx) => {
      const v = core.state.youtube.videos.get(ctx.params['id'] ?? '');
      if (!v) return sandboxError(404, 'not_found', 'unknown video id');
      const b = await body(ctx);
      const reason = typeof b['reason'] === 'string' ? b['reason'] : 'inappropriate';
      if (v.uploadStatus === 'uploaded') v.rejectWith = reason;
      else rejectVideo(core, v, reason);
      return json(200, { id: v.id, uploadStatus: v.uploadStatus, rejectionReason: v.rejectionReason ?? reason });
    }),
    r('GET', '/youtube/sessions/:uploadId', 'youtube.session', (ctx) => {
      const s = core.state.youtube.sessions.get(ctx.params['uploadId'] ?? '');
      if (!s) return sandboxError(404, 'not_found', 'unknown upload session');
      return json(200, {
        uploadId: s.uploadId,
        channelId: s.channelId,
        totalBytes: s.totalBytes,
        receivedBytes: s.receivedBytes,
        expiresAt: s.expiresAt,
        videoId: s.videoId ?? null,
      });
    }),
    // The session URI stops working (Google's sessions last about a week): PUTs answer 404 from now on.
    r('POST', '/youtube/sessions/:uploadId/expire', 'youtube.session.expire', (ctx) => {
      const s = core.state.youtube.sessions.get(ctx.params['uploadId'] ?? '');
      if (!s) return sandboxError(404, 'not_found', 'unknown upload session');
      s.expiresAt = core.clock.now();
      return json(200, { uploadId: s.uploadId, expired: true });
    }),
    // The project passes (or loses) Google's audit: unaudited projects' uploads are locked private.
    r('PATCH', '/youtube/clients/:clientId', 'youtube.client', async (ctx) => {
      const c = core.state.youtube.clients.get(ctx.params['clientId'] ?? '');
      if (!c) return sandboxError(404, 'not_found', 'unknown client_id');
      const b = await body(ctx);
      if (typeof b['audited'] !== 'boolean') return sandboxError(400, 'invalid_request', 'audited must be a boolean');
      c.audited = b['audited'];
      return json(200, redact(c));
    }),
    r('PATCH', '/youtube/channels/:channelId', 'youtube.channel', async (ctx) => {
      const c = core.state.youtube.channels.get(ctx.params['channelId'] ?? '');
      if (!c) return sandboxError(404, 'not_found', 'unknown channel id');
      const b = await body(ctx);
      const limit = b['dailyUploadLimit'];
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)
        return sandboxError(400, 'invalid_request', 'dailyUploadLimit must be a non-negative integer');
      c.dailyUploadLimit = limit;
      return json(200, c);
    }),
    // Slow processing: how long from the last byte to processed, for uploads finished from now on.
    r('PATCH', '/youtube/settings', 'youtube.settings', async (ctx) => {
      const b = await body(ctx);
      const ms = b['processingMs'];
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return sandboxError(400, 'invalid_request', 'processingMs must be a non-negative number');
      core.opts.youtube.processingMs = ms;
      return json(200, { processingMs: ms, requestId: randomToken('', 4) });
    }),
  ];
}

import { createHash } from 'node:crypto';

import type { Core, Ctx } from '../core/context.js';
import { randomToken } from '../core/ids.js';
import { windowed } from '../core/state.js';
import { contentTypeOf } from '../http/body.js';
import { json, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { MediaKeeper } from '../media/media-keeper.js';
import { chargeQuota, parts, requireToken, UPLOAD_SCOPES } from './common.js';
import { failGoogle, googleError } from './errors.js';
import type { YouTubeSnippet, YouTubeStatusInput, YouTubeUploadSession, YouTubeVideo } from './state.js';
import { isShort, videoResource } from './videos.js';

const DAY = 86_400_000;
/** Chunks other than the last must be multiples of 256 KiB ([YT-RU], docs/youtube-contract.md). */
export const CHUNK_GRANULE = 256 * 1024;
const PRIVACY = ['private', 'public', 'unlisted'] as const;
const CATEGORIES = ['1', '2', '10', '15', '17', '19', '20', '22', '23', '24', '25', '26', '27', '28', '29'];
const INSERT_PARTS = ['snippet', 'status', 'contentDetails', 'recordingDetails', 'localizations'];

function invalid(reason: string, message: string): never {
  failGoogle(400, reason, message, 'youtube.video');
}

/** YouTube counts a tag with a space as quoted (+2) and a comma between tags (docs/youtube-contract.md). */
export function tagsLength(tags: readonly string[]): number {
  return tags.reduce((sum, t) => sum + [...t].length + (t.includes(' ') ? 2 : 0), 0) + Math.max(0, tags.length - 1);
}

function readSnippet(raw: unknown): YouTubeSnippet {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) invalid('invalidTitle', 'The request metadata specifies an invalid or empty video title.');
  const s = raw as Record<string, unknown>;
  const title = s['title'];
  if (typeof title !== 'string' || title.trim() === '' || [...title].length > 100 || /[<>]/.test(title))
    invalid('invalidTitle', 'The request metadata specifies an invalid or empty video title.');
  const description = s['description'] ?? '';
  if (typeof description !== 'string' || Buffer.byteLength(description, 'utf8') > 5000 || /[<>]/.test(description))
    invalid('invalidDescription', 'The request metadata specifies an invalid video description.');
  const tags = s['tags'] ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || /[<>]/.test(t)) || tagsLength(tags as string[]) > 500)
    invalid('invalidTags', 'The request metadata specifies invalid video keywords.');
  const categoryId = s['categoryId'] ?? '22';
  if (typeof categoryId !== 'string' || !CATEGORIES.includes(categoryId))
    invalid('invalidCategoryId', 'The snippet.categoryId property specifies an invalid category ID.');
  return { title, description, tags: tags as string[], categoryId };
}

function readStatus(ctx: Ctx, raw: unknown): YouTubeStatusInput {
  const st = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const privacy = st['privacyStatus'] ?? 'public';
  if (typeof privacy !== 'string' || !(PRIVACY as readonly string[]).includes(privacy))
    invalid('invalidVideoMetadata', `The request metadata is invalid: status.privacyStatus must be one of ${PRIVACY.join(', ')}.`);
  const kids = st['selfDeclaredMadeForKids'];
  if (kids === undefined && ctx.core.opts.youtube.requireMadeForKids)
    failGoogle(400, 'required', 'status.selfDeclaredMadeForKids is required: say whether the video is made for kids.', 'global', {
      location: 'status.selfDeclaredMadeForKids',
      locationType: 'other',
    });
  for (const key of ['selfDeclaredMadeForKids', 'containsSyntheticMedia', 'embeddable', 'publicStatsViewable'])
    if (st[key] !== undefined && typeof st[key] !== 'boolean')
      invalid('invalidVideoMetadata', `The request metadata is invalid: status.${key} must be a boolean.`);
  const publishAt = st['publishAt'];
  if (publishAt !== undefined) {
    if (typeof publishAt !== 'string' || Number.isNaN(Date.parse(publishAt)) || Date.parse(publishAt) <= ctx.core.clock.now())
      invalid('invalidPublishAt', 'The request metadata specifies an invalid scheduled publishing time.');
    if (privacy !== 'private') invalid('invalidVideoMetadata', 'status.publishAt can be set only on a private video.');
  }
  const license = st['license'] ?? 'youtube';
  if (license !== 'youtube' && license !== 'creativeCommon') invalid('invalidVideoMetadata', 'status.license must be youtube or creativeCommon.');
  return {
    privacyStatus: privacy as YouTubeStatusInput['privacyStatus'],
    selfDeclaredMadeForKids: kids === true,
    ...(typeof st['containsSyntheticMedia'] === 'boolean' ? { containsSyntheticMedia: st['containsSyntheticMedia'] } : {}),
    ...(typeof publishAt === 'string' ? { publishAt } : {}),
    license,
    embeddable: st['embeddable'] !== false,
    publicStatsViewable: st['publicStatsViewable'] !== false,
  };
}

/**
 * videos.insert, resumable: `POST /upload/youtube/v3/videos?uploadType=resumable&part=…` with the
 * video resource and X-Upload-Content-Length / -Type → 200 and the session URI in Location
 * (platform-apis.md §6). One call from the insert bucket, charged before the checks.
 */
async function startSession(ctx: Ctx): Promise<Reply> {
  const auth = requireToken(ctx, UPLOAD_SCOPES);
  chargeQuota(ctx, auth, 'videos.insert');
  const o = ctx.core.opts.youtube;
  if (ctx.query.get('uploadType') !== 'resumable')
    failGoogle(400, 'invalidParameter', 'The sandbox simulates uploadType=resumable only.', 'global', { location: 'uploadType', locationType: 'parameter' });
  const wanted = parts(ctx, INSERT_PARTS);
  const lengthHeader = ctx.req.headers['x-upload-content-length'];
  if (typeof lengthHeader !== 'string' || !/^\d+$/.test(lengthHeader))
    failGoogle(400, 'required', 'X-Upload-Content-Length is required (the size of the video in bytes).', 'global', {
      location: 'X-Upload-Content-Length',
      locationType: 'header',
    });
  const totalBytes = Number(lengthHeader);
  if (totalBytes === 0) invalid('mediaBodyRequired', 'The request does not include the video content.');
  if (totalBytes > o.maxVideoBytes) failGoogle(413, 'uploadTooLarge', `The video is larger than ${o.maxVideoBytes} bytes.`);
  const mediaType = String(ctx.req.headers['x-upload-content-type'] ?? 'application/octet-stream')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (!mediaType || !(mediaType.startsWith('video/') || mediaType === 'application/octet-stream'))
    failGoogle(400, 'badContent', `Media type '${mediaType ?? ''}' is not supported. Valid media types: [video/*, application/octet-stream]`);
  const raw = await ctx.body();
  if (raw.length > 0 && contentTypeOf(ctx.req) !== 'application/json') failGoogle(400, 'parseError', 'Content-Type of the metadata must be application/json.');
  let resource: Record<string, unknown> = {};
  if (raw.length > 0) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      resource = parsed as Record<string, unknown>;
    } catch {
      failGoogle(400, 'parseError', 'Parse Error');
    }
  }
  if (!wanted.includes('snippet')) invalid('invalidTitle', 'The request metadata specifies an invalid or empty video title (part must include snippet).');
  const snippet = readSnippet(resource['snippet']);
  const status = readStatus(ctx, wanted.includes('status') ? resource['status'] : undefined);
  const notify = ctx.query.get('notifySubscribers');
  if (notify !== null && notify !== 'true' && notify !== 'false') failGoogle(400, 'invalidParameter', 'notifySubscribers must be true or false.');
  const now = ctx.core.clock.now();
  const uploads = windowed(ctx.core.state.youtube.uploadTimes, auth.channel.channelId, now, DAY);
  if (uploads.length >= auth.channel.dailyUploadLimit) invalid('uploadLimitExceeded', 'The user has exceeded the number of videos they may upload.');
  uploads.push(now);

  const session: YouTubeUploadSession = {
    uploadId: randomToken('AHVAdNO', 36).replace(/[-_]/g, 'x'),
    grantId: auth.grant.id,
    clientId: auth.client.clientId,
    channelId: auth.channel.channelId,
    createdAt: now,
    expiresAt: now + o.uploadSessionTtlMs,
    totalBytes,
    contentType: mediaType,
    receivedBytes: 0,
    hash: createHash('sha256'),
    media: new MediaKeeper(),
    snippet,
    status,
    notifySubscribers: notify !== 'false',
    stuck: ctx.flags.stuck,
    rejected: ctx.flags.rejected,
  };
  ctx.core.state.youtube.sessions.set(session.uploadId, session);
  const location = `${ctx.core.urls(ctx.origin).youtubeApiBaseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=${encodeURIComponent(wanted.join(','))}&upload_id=${session.uploadId}`;
  return { status: 200, headers: { location, 'x-guploader-uploadid': session.uploadId, 'content-type': 'text/html; charset=UTF-8' }, body: '' };
}

function sessionGone(): Reply {
  return googleError(404, 'Not Found', { domain: 'global', reason: 'notFound', message: 'The upload session does not exist or has expired.' });
}

function progress(s: YouTubeUploadSession): Record<string, string> {
  return s.receivedBytes > 0 ? { range: `bytes=0-${s.receivedBytes - 1}` } : {};
}

function incomplete(s: YouTubeUploadSession): Reply {
  return { status: 308, headers: { ...progress(s), 'x-guploader-uploadid': s.uploadId, 'content-type': 'text/plain; charset=utf-8' }, body: '' };
}

function finished(ctx: Ctx, s: YouTubeUploadSession, created: boolean): Reply {
  const v = ctx.core.state.youtube.videos.get(s.videoId ?? '');
  if (!v) return sessionGone();
  const wanted = (ctx.query.get('part') ?? 'snippet,status').split(',');
  return json(created ? 201 : 200, videoResource(ctx.core, v, [...wanted, 'id'], true));
}

/** Streams the request body into the session; what arrives before a dropped connection is kept. */
async function receive(ctx: Ctx, s: YouTubeUploadSession, expected: number): Promise<number> {
  let got = 0;
  try {
    for await (const piece of ctx.req as AsyncIterable<Buffer>) {
      const take = piece.subarray(0, Math.max(0, expected - got));
      if (take.length > 0) {
        s.hash.update(take);
        s.media.push(take);
        s.receivedBytes += take.length;
        got += take.length;
      }
    }
  } catch {
    // The client went away mid-chunk: the bytes that arrived stay, as Google keeps them.
  }
  return got;
}

/**
 * PUT to the session URI: the whole file, a chunk (`Content-Range: bytes a-b/TOTAL`, 308 with
 * `Range: bytes=0-N` until the last), or the offset query (`Content-Range: bytes *\/TOTAL`).
 * An unknown or expired session is 404; a finished one answers its video again.
 */
async function putBytes(ctx: Ctx): Promise<Reply> {
  const s = ctx.core.state.youtube.sessions.get(ctx.query.get('upload_id') ?? '');
  if (!s || s.expiresAt <= ctx.core.clock.now()) return sessionGone();
  const rangeHeader = ctx.req.headers['content-range'];
  const declared = Number(ctx.req.headers['content-length'] ?? '0');
  if (s.videoId) return finished(ctx, s, false);
  if (rangeHeader !== undefined) {
    const query = /^bytes \*\/(\d+|\*)$/.exec(rangeHeader);
    if (query) {
      if (query[1] !== '*' && Number(query[1]) !== s.totalBytes)
        failGoogle(400, 'badRequest', `Content-Range total ${query[1]} does not match X-Upload-Content-Length ${s.totalBytes}.`);
      return incomplete(s);
    }
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(rangeHeader);
    if (!m) failGoogle(400, 'badRequest', 'Content-Range must be "bytes first-last/total" or "bytes */total".');
    const first = Number(m[1]);
    const last = Number(m[2]);
    const total = m[3] === '*' ? s.totalBytes : Number(m[3]);
    if (total !== s.totalBytes) failGoogle(400, 'badRequest', `Content-Range total ${total} does not match X-Upload-Content-Length ${s.totalBytes}.`);
    if (last < first || last >= total || declared !== last - first + 1) failGoogle(400, 'badRequest', 'Content-Range does not match Content-Length.');
    // A chunk that does not start where the session is: nothing is taken; the answer says where it is.
    if (first !== s.receivedBytes) return incomplete(s);
    const isLast = last === total - 1;
    if (!isLast && declared % CHUNK_GRANULE !== 0)
      failGoogle(
        400,
        'badRequest',
        `Invalid request. The number of bytes uploaded is required to be a multiple of ${CHUNK_GRANULE}, except for the final request. The received request contained ${declared} bytes.`,
      );
  } else {
    if (s.receivedBytes !== 0 || declared !== s.totalBytes)
      failGoogle(400, 'badRequest', `A request without Content-Range must carry the whole video (${s.totalBytes} bytes).`);
  }
  const got = await receive(ctx, s, declared);
  if (got < declared) return incomplete(s);
  if (ctx.flags.stuck) s.stuck = true;
  if (ctx.flags.rejected) s.rejected = true;
  if (s.receivedBytes < s.totalBytes) return incomplete(s);
  createVideo(ctx.core, s);
  return finished(ctx, s, true);
}

function videoId(): string {
  return randomToken('', 8).slice(0, 11).replace(/^[-_]/, 'x');
}

/** Every byte is in: the video exists (uploadStatus uploaded) and processing starts. */
function createVideo(core: Core, s: YouTubeUploadSession): YouTubeVideo {
  const probe = s.media.probe();
  const client = core.state.youtube.clients.get(s.clientId);
  const locked = client?.audited === false && s.status.privacyStatus !== 'private';
  const now = core.clock.now();
  const v: YouTubeVideo = {
    id: videoId(),
    uploadId: s.uploadId,
    clientId: s.clientId,
    channelId: s.channelId,
    createdAt: now,
    snippet: s.snippet,
    // An unaudited API project's uploads are locked private (platform-apis.md §6): the resource says private.
    status: locked ? { ...s.status, privacyStatus: 'private' } : s.status,
    requestedPrivacyStatus: s.status.privacyStatus,
    lockedPrivate: client?.audited === false,
    uploadStatus: 'uploaded',
    processingDoneAt: now + core.opts.youtube.processingMs,
    sha256: s.hash.digest('hex'),
    sizeBytes: s.totalBytes,
    ...(probe.ok ? { durationSec: probe.durationSec } : {}),
    ...(probe.ok && probe.width !== undefined ? { width: probe.width } : {}),
    ...(probe.ok && probe.height !== undefined ? { height: probe.height } : {}),
    isShort: probe.ok && isShort(probe.durationSec, probe.width, probe.height),
    stuck: s.stuck,
    ...(s.rejected ? { rejectWith: 'inappropriate' } : {}),
  };
  if (!probe.ok) v.failureReason = 'invalidFile';
  core.state.youtube.videos.set(v.id, v);
  s.videoId = v.id;
  return v;
}

/** Processing ends: failed (not a video), rejected (too long, or the content_rejected fault) or processed (public post). */
export function tickYouTube(core: Core): void {
  const now = core.clock.now();
  for (const v of core.state.youtube.videos.values()) {
    if (v.uploadStatus !== 'uploaded' || v.stuck || now < v.processingDoneAt) continue;
    if (v.failureReason) v.uploadStatus = 'failed';
    else if ((v.durationSec ?? 0) > core.opts.youtube.maxDurationSec) rejectVideo(core, v, 'length');
    else if (v.rejectWith) rejectVideo(core, v, v.rejectWith);
    else markProcessed(core, v);
  }
}

export function rejectVideo(core: Core, v: YouTubeVideo, reason: string): void {
  v.uploadStatus = 'rejected';
  v.rejectionReason = reason;
  core.state.publicPosts = core.state.publicPosts.filter((p) => !(p.platform === 'youtube' && p.postId === v.id));
}

function markProcessed(core: Core, v: YouTubeVideo): void {
  v.uploadStatus = 'processed';
  // When processing ended on the simulated clock, even if nothing looked until much later.
  v.processedAt = Math.min(core.clock.now(), v.processingDoneAt);
  core.state.publicPosts.push({
    platform: 'youtube',
    accountId: v.channelId,
    postId: v.id,
    sourceId: v.uploadId,
    sha256: v.sha256,
    caption: v.snippet.title,
    privacyLevel: v.status.privacyStatus,
    publishedAt: v.processedAt,
  });
}

export function youtubeUploadRoutes(): Route[] {
  return [
    { host: 'youtube', method: 'POST', path: '/upload/youtube/v3/videos', endpoint: 'youtube.videos.insert', handler: startSession },
    { host: 'youtube', method: 'PUT', path: '/upload/youtube/v3/videos', endpoint: 'youtube.upload', handler: putBytes },
  ];
}

import { createHash } from 'node:crypto';

import type { Core, Ctx } from '../core/context.js';
import { BodyTooLargeError, contentTypeOf } from '../http/body.js';
import { json, ReplyError, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { MediaKeeper } from '../media/media-keeper.js';
import { chargeLimits, limited, requireUser, snowflake, withHeaders, xState, type XAuth } from './common.js';
import { codeMessage, failInvalid, failProblem, tooManyRequests } from './errors.js';
import { boundaryOf, parseMultipart, type FormPart } from './multipart.js';
import type { XMedia } from './state.js';

/** Video categories and types the sandbox simulates (platform-apis.md §7, §10: amplify_video, MP4/MOV). */
const CATEGORIES: Record<string, string> = { amplify_video: '13', tweet_video: '7' };
const VIDEO_TYPES = ['video/mp4', 'video/quicktime'];
const MAX_SEGMENT_INDEX = 999;
const MEDIA_SCOPES = ['media.write'];

function readJson(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The media id of a call, or 400: unknown, another account's, or expired ("Any attempt to use mediaId after this time … results in a 4xx"). */
export function mediaFor(ctx: Ctx | { core: Core }, auth: XAuth, id: string, parameter = 'id'): XMedia {
  const m = xState(ctx).media.get(id);
  if (!m || m.userId !== auth.user.id) failInvalid(parameter, id, `The media_id ${id} was not found for this account.`);
  if (m.expiresAt <= ctx.core.clock.now()) failInvalid(parameter, id, `The media_id ${id} has expired (expires_after_secs passed); upload the file again.`);
  return m;
}

function expiresAfterSecs(core: Core, m: XMedia): number {
  return Math.max(0, Math.floor((m.expiresAt - core.clock.now()) / 1000));
}

interface InitInput {
  media_type?: unknown;
  total_bytes?: unknown;
  media_category?: unknown;
}

function initialize(ctx: Ctx, auth: XAuth, input: InitInput): XMedia {
  const x = xState(ctx);
  const category = input.media_category ?? 'tweet_video';
  if (typeof category !== 'string' || !(category in CATEGORIES))
    failInvalid(
      'media_category',
      category,
      `media_category must be one of ${Object.keys(CATEGORIES).join(', ')} for a video (the sandbox simulates video only).`,
    );
  const type = input.media_type;
  if (typeof type !== 'string' || !VIDEO_TYPES.includes(type.toLowerCase()))
    failInvalid('media_type', type, `media_type ${String(type)} is not supported for ${category}: use one of ${VIDEO_TYPES.join(', ')}.`);
  const total = typeof input.total_bytes === 'string' && /^\d+$/.test(input.total_bytes) ? Number(input.total_bytes) : input.total_bytes;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total <= 0)
    failInvalid('total_bytes', input.total_bytes, 'total_bytes must be a positive integer.');
  if (total > ctx.core.opts.x.maxVideoBytes)
    failInvalid('total_bytes', total, `File size exceeds ${ctx.core.opts.x.maxVideoBytes} bytes (512 MB) for ${category}.`);
  const now = ctx.core.clock.now();
  const id = snowflake(ctx);
  const m: XMedia = {
    id,
    mediaKey: `${CATEGORIES[category] ?? '7'}_${id}`,
    userId: auth.user.id,
    clientId: auth.app.clientId,
    mediaType: type.toLowerCase(),
    mediaCategory: category,
    totalBytes: total,
    createdAt: now,
    expiresAt: now + ctx.core.opts.x.mediaTtlSec * 1000,
    segments: new Map(),
    hash: createHash('sha256'),
    media: new MediaKeeper(),
    nextInOrder: 0,
    outOfOrder: false,
    receivedBytes: 0,
    earlyPolls: 0,
    statusPolls: 0,
    stuck: ctx.flags.stuck,
    rejected: ctx.flags.rejected,
  };
  x.media.set(id, m);
  return m;
}

function initAnswer(core: Core, m: XMedia): Record<string, unknown> {
  return { data: { id: m.id, media_key: m.mediaKey, expires_after_secs: expiresAfterSecs(core, m) } };
}

/** POST /2/media/upload/initialize (JSON): a media id for a chunked video upload. */
const initializeRoute = limited('media.initialize', MEDIA_SCOPES, async (ctx, auth) => {
  const body = contentTypeOf(ctx.req) === 'application/json' ? readJson(await ctx.body()) : undefined;
  if (!body) failInvalid('body', null, 'The body must be a JSON object {media_type, total_bytes, media_category}.');
  return json(200, initAnswer(ctx.core, initialize(ctx, auth, body)));
});

/**
 * One segment: multipart `segment_index` (0–999) and `media` (≤ maxSegmentBytes). Segments are
 * hashed in order into the file's sha256 and only their structure boxes are kept for the probe;
 * the bytes are not kept. A segment sent again with the same bytes is accepted and changes nothing.
 */
function append(ctx: Ctx, m: XMedia, indexRaw: string | undefined, media: Buffer | undefined): Reply {
  const o = ctx.core.opts.x;
  if (m.finalizedAt !== undefined) failInvalid('id', m.id, 'This media id was already finalized.');
  if (indexRaw === undefined || !/^\d+$/.test(indexRaw) || Number(indexRaw) > MAX_SEGMENT_INDEX)
    failInvalid('segment_index', indexRaw ?? null, `segment_index must be an integer from 0 to ${MAX_SEGMENT_INDEX}.`);
  const index = Number(indexRaw);
  if (!media || media.length === 0) failInvalid('media', null, 'The media part (the segment bytes) is required.');
  if (media.length > o.maxSegmentBytes)
    failProblem(413, 'Payload Too Large', `A segment may carry at most ${o.maxSegmentBytes} bytes; this one carries ${media.length}.`);
  const sha256 = createHash('sha256').update(media).digest('hex');
  const before = m.segments.get(index);
  if (before) {
    if (before.sha256 !== sha256) failInvalid('segment_index', index, `Segment ${index} was already received with different bytes.`);
    return json(200, { data: { expires_at: Math.floor(m.expiresAt / 1000) } });
  }
  if (m.receivedBytes + media.length > m.totalBytes)
    failInvalid('media', null, `The segments add up to more than total_bytes (${m.totalBytes}): ${m.receivedBytes + media.length}.`);
  m.segments.set(index, { bytes: media.length, sha256 });
  m.receivedBytes += media.length;
  if (index === m.nextInOrder && !m.outOfOrder) {
    m.hash.update(media);
    m.media.push(media);
    m.nextInOrder += 1;
  } else m.outOfOrder = true;
  return json(200, { data: { expires_at: Math.floor(m.expiresAt / 1000) } });
}

async function readAppendBody(ctx: Ctx): Promise<FormPart[]> {
  const o = ctx.core.opts.x;
  const boundary = contentTypeOf(ctx.req) === 'multipart/form-data' ? boundaryOf(ctx.req.headers['content-type']) : undefined;
  if (!boundary) failInvalid('body', null, 'append takes multipart/form-data with segment_index and media.');
  let raw: Buffer;
  try {
    raw = await ctx.body(o.maxSegmentBytes + 64 * 1024);
  } catch (error) {
    if (error instanceof BodyTooLargeError) failProblem(413, 'Payload Too Large', `A segment may carry at most ${o.maxSegmentBytes} bytes.`);
    throw error;
  }
  const parts = parseMultipart(raw, boundary);
  if (!parts) failInvalid('body', null, 'The multipart body is not well formed.');
  return parts;
}

const fieldOf = (parts: FormPart[], name: string): FormPart | undefined => parts.find((p) => p.name === name);

/** POST /2/media/upload/{id}/append. */
const appendRoute = limited('media.append', MEDIA_SCOPES, async (ctx, auth) => {
  const m = mediaFor(ctx, auth, ctx.params['id'] ?? '');
  const parts = await readAppendBody(ctx);
  return append(ctx, m, fieldOf(parts, 'segment_index')?.data.toString('utf8').trim(), fieldOf(parts, 'media')?.data);
});

/** The answer's processing_info: state, check_after_secs while it is not over, progress, error. */
function processingInfo(core: Core, m: XMedia): Record<string, unknown> | undefined {
  if (m.state === undefined) return undefined;
  const o = core.opts.x;
  const now = core.clock.now();
  const info: Record<string, unknown> = { state: m.state };
  if (m.state === 'pending') info['check_after_secs'] = o.checkAfterSecs;
  if (m.state === 'in_progress') {
    const left = m.stuck ? o.processingMs : Math.max(0, (m.processingDoneAt ?? now) - now);
    info['check_after_secs'] = Math.max(1, Math.min(o.checkAfterSecs, Math.ceil(left / 1000)));
    const span = Math.max(1, (m.processingDoneAt ?? now) - (m.inProgressAt ?? now));
    info['progress_percent'] = m.stuck ? 50 : Math.max(1, Math.min(99, Math.floor((100 * (now - (m.inProgressAt ?? now))) / span)));
  }
  if (m.state === 'succeeded') info['progress_percent'] = 100;
  if (m.state === 'failed' && m.error) info['error'] = m.error;
  return info;
}

function mediaAnswer(core: Core, m: XMedia): Record<string, unknown> {
  const info = processingInfo(core, m);
  if (info && typeof info['check_after_secs'] === 'number') m.nextCheckAt = core.clock.now() + info['check_after_secs'] * 1000;
  return {
    data: {
      id: m.id,
      media_key: m.mediaKey,
      size: m.totalBytes,
      expires_after_secs: expiresAfterSecs(core, m),
      ...(info ? { processing_info: info } : {}),
    },
  };
}

/**
 * finalize: every segment 0…n-1 in order and exactly total_bytes, or 400. Then processing starts
 * (pending, in_progress, succeeded | failed). A second finalize answers the current state.
 */
function finalize(ctx: Ctx, m: XMedia): Reply {
  const core = ctx.core;
  if (m.finalizedAt !== undefined) return json(200, mediaAnswer(core, m));
  const indexes = [...m.segments.keys()].sort((a, b) => a - b);
  const missing = indexes.length === 0 ? 0 : indexes.findIndex((v, i) => v !== i);
  if (indexes.length === 0) failInvalid('id', m.id, 'No segment was appended to this media id.');
  if (missing >= 0) failInvalid('id', m.id, `Segments are missing: segment ${missing} was never appended (segments must be 0, 1, 2… with no gap).`);
  if (m.outOfOrder) failInvalid('id', m.id, 'Segments arrived out of order: append segment 0, then 1, then 2… (upload the file again).');
  if (m.receivedBytes !== m.totalBytes)
    failInvalid('id', m.id, `File size mismatch: total_bytes was ${m.totalBytes} and the segments carry ${m.receivedBytes} bytes.`);
  const o = core.opts.x;
  const now = core.clock.now();
  if (ctx.flags.stuck) m.stuck = true;
  if (ctx.flags.rejected) m.rejected = true;
  m.finalizedAt = now;
  m.sha256 = m.hash.digest('hex');
  m.state = 'pending';
  m.inProgressAt = now + Math.min(o.pendingMs, o.processingMs);
  m.processingDoneAt = now + o.processingMs;
  const probe = m.media.probe();
  if (probe.ok) {
    m.durationSec = probe.durationSec;
    if (probe.width !== undefined) m.width = probe.width;
    if (probe.height !== undefined) m.height = probe.height;
  }
  m.error = !probe.ok
    ? { code: 1, name: 'InvalidMedia', message: `Invalid or Unsupported media, Reason: ${probe.reason}.` }
    : probe.durationSec > o.maxDurationSec
      ? {
          code: 1,
          name: 'InvalidMedia',
          message: `Invalid or Unsupported media, Reason: Duration too long, maximum:${o.maxDurationSec}, actual:${probe.durationSec}.`,
        }
      : probe.durationSec < o.minDurationSec
        ? {
            code: 1,
            name: 'InvalidMedia',
            message: `Invalid or Unsupported media, Reason: Duration too short, minimum:${o.minDurationSec}, actual:${probe.durationSec}.`,
          }
        : m.rejected
          ? { code: 3, name: 'InvalidContent', message: 'Media rejected by review.' }
          : undefined;
  return json(200, mediaAnswer(core, m));
}

/** POST /2/media/upload/{id}/finalize. */
const finalizeRoute = limited('media.finalize', MEDIA_SCOPES, (ctx, auth) => finalize(ctx, mediaFor(ctx, auth, ctx.params['id'] ?? '')));

/**
 * GET /2/media/upload?media_id=…&command=STATUS. A poll before the last answer's
 * check_after_secs is counted (inspection: earlyPolls); past earlyPollAllowance it is refused 429.
 */
function status(ctx: Ctx, auth: XAuth, headers: Record<string, string | number>): Reply {
  const command = ctx.query.get('command') ?? 'STATUS';
  if (command !== 'STATUS') failInvalid('command', command, 'GET /2/media/upload takes command=STATUS.');
  const id = ctx.query.get('media_id') ?? '';
  if (!id) failInvalid('media_id', null, 'media_id is required.');
  const m = mediaFor(ctx, auth, id, 'media_id');
  if (m.finalizedAt === undefined) failInvalid('media_id', id, 'This media id was not finalized yet: there is no processing to report.');
  const now = ctx.core.clock.now();
  m.statusPolls += 1;
  if (m.nextCheckAt !== undefined && now < m.nextCheckAt) {
    m.earlyPolls += 1;
    if (m.earlyPolls > ctx.core.opts.x.earlyPollAllowance) throw new ReplyError(tooManyRequests(headers));
  }
  return json(200, mediaAnswer(ctx.core, m));
}

const statusRoute = (ctx: Ctx): Promise<Reply> => {
  const auth = requireUser(ctx, MEDIA_SCOPES);
  const headers = chargeLimits(ctx, 'media.status', auth);
  return withHeaders(headers, () => status(ctx, auth, headers));
};

/**
 * The docs.x.com quickstart's single endpoint (§7 reading a): POST /2/media/upload with
 * command=INIT|APPEND|FINALIZE as multipart (or a form for INIT/FINALIZE). Same state, same limits.
 */
async function singleEndpoint(ctx: Ctx): Promise<Reply> {
  const auth = requireUser(ctx, MEDIA_SCOPES);
  const type = contentTypeOf(ctx.req);
  let fields: Record<string, string> = {};
  let media: Buffer | undefined;
  if (type === 'multipart/form-data') {
    const parts = await readAppendBody(ctx);
    for (const p of parts) if (p.name !== 'media') fields[p.name] = p.data.toString('utf8').trim();
    media = fieldOf(parts, 'media')?.data;
  } else if (type === 'application/x-www-form-urlencoded') fields = Object.fromEntries(new URLSearchParams((await ctx.body()).toString('utf8')));
  else if (type === 'application/json') fields = Object.fromEntries(Object.entries(readJson(await ctx.body()) ?? {}).map(([k, v]) => [k, String(v)]));
  for (const [k, v] of ctx.query.entries()) fields[k] ??= v;
  const command = fields['command'];
  if (command === 'INIT') {
    const headers = chargeLimits(ctx, 'media.initialize', auth);
    return withHeaders(headers, () => json(200, initAnswer(ctx.core, initialize(ctx, auth, fields))));
  }
  if (command === 'APPEND' || command === 'FINALIZE') {
    const headers = chargeLimits(ctx, command === 'APPEND' ? 'media.append' : 'media.finalize', auth);
    return withHeaders(headers, () => {
      const m = mediaFor(ctx, auth, fields['media_id'] ?? '', 'media_id');
      return command === 'APPEND' ? append(ctx, m, fields['segment_index'], media) : finalize(ctx, m);
    });
  }
  return codeMessage(400, 38, 'command parameter is missing or not one of INIT, APPEND, FINALIZE.');
}

/** Moves processing on: pending → in_progress → succeeded | failed, on the simulated clock. */
export function tickXMedia(core: Core): void {
  const now = core.clock.now();
  for (const m of core.state.x.media.values()) {
    if (m.state === 'pending' && now >= (m.inProgressAt ?? now)) m.state = 'in_progress';
    if (m.state === 'in_progress' && !m.stuck && now >= (m.processingDoneAt ?? now)) m.state = m.error ? 'failed' : 'succeeded';
  }
}

/** Processing fails now (the inspection's processing-failure switch), or at its end if it has not started. */
export function failXMedia(core: Core, m: XMedia, message: string): void {
  m.error = { code: 3, name: 'InvalidContent', message };
  m.rejected = true;
  if (m.state === 'succeeded' || m.state === 'in_progress' || m.state === 'pending') m.state = 'failed';
}

export function xMediaRoutes(): Route[] {
  return [
    { host: 'x-api', method: 'POST', path: '/2/media/upload/initialize', endpoint: 'x.media.initialize', handler: initializeRoute },
    { host: 'x-api', method: 'POST', path: '/2/media/upload/:id/append', endpoint: 'x.media.append', handler: appendRoute },
    { host: 'x-api', method: 'POST', path: '/2/media/upload/:id/finalize', endpoint: 'x.media.finalize', handler: finalizeRoute },
    { host: 'x-api', method: 'GET', path: '/2/media/upload', endpoint: 'x.media.status', handler: statusRoute },
    { host: 'x-api', method: 'POST', path: '/2/media/upload', endpoint: 'x.media.upload', handler: singleEndpoint },
  ];
}

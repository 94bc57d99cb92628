import type { Ctx } from '../core/context.js';
import { contentTypeOf } from '../http/body.js';
import { text, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';

const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'];

/** Chunked PUT to upload_url (§1.4). Bodies are plain text: the upload host has no JSON envelope. */
async function putChunk(ctx: Ctx): Promise<Reply> {
  const tt = ctx.core.state.tiktok;
  const uploadId = ctx.query.get('upload_id') ?? '';
  const publishId = tt.uploads.get(uploadId);
  const p = publishId ? tt.publishes.get(publishId) : undefined;
  if (!p || p.uploadToken !== ctx.query.get('upload_token') || p.status === 'FAILED') return text(404, 'No upload task found for this upload_url.');
  const progress = (): Record<string, string> => ({ 'content-range': `bytes 0-${Math.max(0, p.uploadedBytes - 1)}/${p.videoSize}` });
  if ((p.uploadUrlExpiresAt ?? 0) <= ctx.core.clock.now()) return text(403, 'upload_url has expired; call init again.', progress());
  if (!VIDEO_TYPES.includes(contentTypeOf(ctx.req))) return text(400, `Content-Type must be one of ${VIDEO_TYPES.join(', ')}.`, progress());
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(ctx.req.headers['content-range'] ?? '');
  if (!range) return text(400, 'Content-Range must be "bytes {first}-{last}/{total}".', progress());
  const first = Number(range[1]);
  const last = Number(range[2]);
  const total = Number(range[3]);
  if (total !== p.videoSize) return text(400, `Content-Range total ${total} does not match video_size ${p.videoSize}.`, progress());
  if (last < first || last >= total) return text(400, 'Content-Range is malformed.', progress());
  const declared = ctx.req.headers['content-length'];
  if (declared === undefined || Number(declared) !== last - first + 1) return text(400, 'Content-Length does not match Content-Range.', progress());
  if (first !== p.uploadedBytes) return text(416, `Content-Range does not match upload progress; next byte expected is ${p.uploadedBytes}.`, progress());
  const index = Math.floor(p.uploadedBytes / p.chunkSize);
  const isLast = index === p.totalChunkCount - 1;
  const expected = isLast ? p.videoSize - p.chunkSize * (p.totalChunkCount - 1) : p.chunkSize;
  if (last - first + 1 !== expected) return text(400, `Chunk ${index + 1}/${p.totalChunkCount} must be ${expected} bytes.`, progress());
  const body = await ctx.body(expected);
  if (body.length !== expected) return text(400, 'Content-Length does not match the body.', progress());
  p.chunks.push(body);
  p.uploadedBytes += body.length;
  if (isLast) {
    p.processingDoneAt = ctx.core.clock.now() + ctx.core.opts.tiktok.processingMs;
    if (ctx.flags.stuck) p.stuck = true;
    return { status: 201, headers: progress() };
  }
  return { status: 206, headers: progress() };
}

export function tiktokUploadRoutes(): Route[] {
  return [{ host: 'tiktok-upload', method: 'PUT', path: '/video/', endpoint: 'tiktok.upload', handler: putChunk }];
}

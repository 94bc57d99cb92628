/**
 * YouTube Shorts through the Data API's resumable upload (docs/platform-apis.md §6, §10;
 * docs/youtube-contract.md): start a session (`videos.insert`, one call of its own daily bucket) →
 * PUT the bytes in 256 KiB-multiple chunks streamed from disk, the session URI and the bytes
 * YouTube confirmed being the checkpoint → poll `videos.list?part=status,processingDetails` until
 * processed → posted. After a lost answer the session is asked where it stands
 * (`Content-Range: bytes *\/TOTAL`) before any byte is sent again; a forgotten session (404) is
 * replaced only while no video was created.
 */
import { randomUUID } from 'node:crypto';

import {
  CHECKPOINT_VERSION,
  systemClock,
  type AccountCapabilities,
  type CancelResult,
  type Checkpoint,
  type Clock,
  type Finding,
  type MediaDescriptor,
  type Publisher,
  type PublishError,
  type PublishInput,
  type StepContext,
  type StepResult,
  type TokenProvider,
} from '../contract.js';
import { parseJson, retryAfterFromHeader, send, sendStreamed, type HttpResult } from '../http.js';
import type { LinkLookup, LinkRef } from '../links.js';
import type { MediaSource } from '../media.js';
import { YOUTUBE_RATE_LIMIT_REASONS, youtubeApiError, youtubeLocalError, youtubeProcessingError } from './errors.js';
import type { YouTubePostOptions } from './options.js';
import { msUntilNextPacificMidnight } from './pacific.js';
import { checkYouTubeMetadata, isShort, youtubePermalink } from './rules.js';

export const YOUTUBE_STEPS = ['init_session', 'upload', 'resync', 'poll'] as const;
export type YouTubeStep = (typeof YOUTUBE_STEPS)[number];

/** Google's chunk granule: every chunk but the last is a multiple of 256 KiB (docs/youtube-contract.md). */
export const YOUTUBE_CHUNK_GRANULE = 256 * 1024;
/**
 * Google advises chunks as large as possible: each one is a request and a 308. 64 MiB (like TikTok's
 * chunks) costs no memory, the chunk streams from disk; a dropped one resumes from what the session holds.
 * bench:publish-upload: 8 MiB chunks ran at 0.59–0.68x curl's one-request upload on a loaded machine.
 */
export const YOUTUBE_DEFAULT_CHUNK = 64 * 1024 * 1024;

export interface YouTubeCheckpoint extends Checkpoint {
  platform: 'youtube';
  step: YouTubeStep;
  /** The description (the post's caption). */
  caption: string;
  media: MediaDescriptor;
  options: YouTubePostOptions;
  /** The resumable session URI (a credential: whoever holds it may upload into it). */
  sessionUri?: string;
  /** Bytes YouTube confirmed holding (its 308 `Range`); the next chunk starts here. */
  bytesConfirmed: number;
  /** Sessions started (each one spends a videos.insert call). */
  sessions: number;
  videoId?: string;
  polls: number;
  processingSince?: number;
  /** A `public`/`unlisted` request answered `private`: the API project is unaudited (docs/youtube-contract.md). */
  lockedPrivate?: boolean;
  /**
   * The last chunk is (or was) on its way: a mark recorded in a step of its own before it is sent,
   * so a crash or a lost answer after it leaves a trace. A checkpoint carrying a mark this
   * publisher did not just make (an earlier claim's) asks the session before sending again, and a
   * 404 from the session then may hide a video we never heard of: a person checks instead of a
   * second session. Cleared by a 308 (the session holds less than every byte: no video exists).
   */
  finalSent?: string;
}

/** The account notice of an unaudited API project: YouTube keeps every upload private (docs/youtube-contract.md). */
export const YOUTUBE_LOCKED_PRIVATE_NOTICE = 'uploads_locked_private';

/** The session URI lets anyone with it upload into the session: the caller encrypts it. */
export const YOUTUBE_CHECKPOINT_SECRETS = ['sessionUri'] as const;

export interface YouTubePublisherConfig {
  tokenProvider: TokenProvider;
  /** https://www.googleapis.com or the sandbox's YouTube host. */
  apiBaseUrl: string;
  clock?: Clock;
  requestTimeoutMs?: number;
  /** Per chunk PUT; default 10 min. */
  uploadTimeoutMs?: number;
  /** Rounded down to a multiple of 256 KiB (at least one granule); default 64 MiB (streamed: memory does not grow with it). */
  chunkSize?: number;
  pollMinMs?: number;
  pollMaxMs?: number;
  /** Give up polling a video still processing after this long; default 2 h. */
  maxProcessingMs?: number;
  maxSessions?: number;
}

interface GoogleErrorBody {
  reason: string;
  domain?: string;
  message?: string;
}

type ApiOutcome =
  { ok: true; status: number; headers: Headers; json: unknown } | { ok: false; error: PublishError; noAnswer: boolean; status?: number; reason?: string };

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Google's error envelope: `{error: {code, message, errors: [{reason, domain, message}]}}`. */
function googleError(text: string): GoogleErrorBody | undefined {
  const parsed = parseJson(text);
  if (!parsed.ok) return undefined;
  const error = asRecord(asRecord(parsed.value).error);
  const first = asRecord(Array.isArray(error.errors) ? error.errors[0] : undefined);
  const reason = asString(first.reason);
  if (!reason) return undefined;
  return {
    reason,
    ...(asString(first.domain) ? { domain: asString(first.domain)! } : {}),
    ...(asString(error.message) ? { message: asString(error.message)! } : {}),
  };
}

/** `Range: bytes=0-<last>` → bytes held; no header → 0. */
function heldBytes(headers: Headers): number | undefined {
  const range = headers.get('range');
  if (!range) return 0;
  const m = /^bytes=0-(\d+)$/.exec(range.trim());
  return m ? Number(m[1]) + 1 : undefined;
}

export class YouTubePublisher implements Publisher<YouTubeCheckpoint, YouTubePostOptions> {
  readonly platform = 'youtube' as const;
  readonly checkpointSecrets: readonly string[] = YOUTUBE_CHECKPOINT_SECRETS;
  private readonly clock: Clock;
  private readonly base: string;
  private readonly requestTimeoutMs: number;
  private readonly uploadTimeoutMs: number;
  private readonly chunkSize: number;
  private readonly pollMinMs: number;
  private readonly pollMaxMs: number;
  private readonly maxProcessingMs: number;
  private readonly maxSessions: number;
  /** Marks this publisher (one claim of one job) made and has not sent the last chunk under yet. */
  private readonly freshMarks = new Set<string>();

  constructor(private readonly config: YouTubePublisherConfig) {
    this.clock = config.clock ?? systemClock;
    this.base = config.apiBaseUrl.replace(/\/+$/, '');
    this.requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
    this.uploadTimeoutMs = config.uploadTimeoutMs ?? 10 * 60_000;
    this.chunkSize = Math.max(YOUTUBE_CHUNK_GRANULE, Math.floor((config.chunkSize ?? YOUTUBE_DEFAULT_CHUNK) / YOUTUBE_CHUNK_GRANULE) * YOUTUBE_CHUNK_GRANULE);
    this.pollMinMs = config.pollMinMs ?? 5_000;
    this.pollMaxMs = Math.max(this.pollMinMs, config.pollMaxMs ?? 60_000);
    this.maxProcessingMs = config.maxProcessingMs ?? 2 * 3_600_000;
    this.maxSessions = config.maxSessions ?? 5;
  }

  validate(input: PublishInput<YouTubePostOptions>, _capabilities: AccountCapabilities = {}): Finding[] {
    const o = input.options;
    if (!isYouTubeOptions(o))
      return [{ severity: 'error', code: 'missing_youtube_options', message: 'YouTube needs a title and the made-for-kids choice.', field: 'options.title' }];
    const findings: Finding[] = checkYouTubeMetadata({ title: o.title, description: input.caption, tags: o.tags ?? [] });
    if (typeof o.selfDeclaredMadeForKids !== 'boolean')
      findings.push({
        severity: 'error',
        code: 'made_for_kids_required',
        message: 'Say whether the video is made for kids.',
        field: 'options.selfDeclaredMadeForKids',
      });
    if (!input.media.mime.startsWith('video/') && input.media.mime !== 'application/octet-stream')
      findings.push({ severity: 'error', code: 'not_a_video', message: `YouTube takes video files, not ${input.media.mime}.`, field: 'media.mime' });
    if (!isShort(input.media))
      findings.push({
        severity: 'warning',
        code: 'not_a_short',
        message: 'Not a Short (vertical or square, up to 3 minutes): YouTube will publish it as a regular video.',
        field: 'media',
      });
    return findings;
  }

  start(input: PublishInput<YouTubePostOptions>): YouTubeCheckpoint {
    if (!isYouTubeOptions(input.options)) throw new TypeError('YouTube publisher needs YouTube options (a title)');
    return {
      v: CHECKPOINT_VERSION,
      platform: 'youtube',
      step: 'init_session',
      caption: input.caption,
      media: { ...input.media },
      options: { ...input.options },
      bytesConfirmed: 0,
      sessions: 0,
      polls: 0,
    };
  }

  parseCheckpoint(json: unknown): YouTubeCheckpoint {
    const c = json as Partial<YouTubeCheckpoint> | null;
    if (!c || typeof c !== 'object' || c.v !== CHECKPOINT_VERSION || c.platform !== 'youtube' || !YOUTUBE_STEPS.includes(c.step as YouTubeStep))
      throw new TypeError('not a version-1 YouTube checkpoint');
    if (
      typeof c.caption !== 'string' ||
      !c.media ||
      typeof c.media.size !== 'number' ||
      !c.options ||
      typeof c.options.title !== 'string' ||
      typeof c.bytesConfirmed !== 'number' ||
      typeof c.sessions !== 'number'
    )
      throw new TypeError('YouTube checkpoint is missing fields');
    return c as YouTubeCheckpoint;
  }

  async step(cp: YouTubeCheckpoint, ctx: StepContext = {}): Promise<StepResult<YouTubeCheckpoint>> {
    switch (cp.step) {
      case 'init_session':
        return this.initSession(cp, ctx);
      case 'upload':
        return this.upload(cp, ctx);
      case 'resync':
        return this.resync(cp, ctx);
      case 'poll':
        return this.poll(cp, ctx);
    }
  }

  /** An unfinished session creates nothing: dropping it is the cancel. A created video stays (a person deletes it in Studio). */
  async cancel(cp: YouTubeCheckpoint): Promise<CancelResult> {
    if (cp.videoId)
      return { cancelled: false, error: youtubeLocalError('unexpected_status', { vendorMessage: `video ${cp.videoId} already exists on YouTube` }) };
    return { cancelled: true };
  }

  /** YouTube links are known when the post is done; nothing to backfill. */
  async lookupLink(_ref: LinkRef): Promise<LinkLookup> {
    return { status: 'none', reason: 'YouTube links are known when the video is posted.' };
  }

  // ---- steps ---------------------------------------------------------------------------------

  private async initSession(cp: YouTubeCheckpoint, ctx: StepContext): Promise<StepResult<YouTubeCheckpoint>> {
    if (cp.videoId) return { next: { ...cp, step: 'poll' } };
    if (cp.sessions >= this.maxSessions) return { error: youtubeLocalError('too_many_sessions') };
    const o = cp.options;
    const params = new URLSearchParams({ uploadType: 'resumable', part: 'snippet,status' });
    if (o.notifySubscribers === false) params.set('notifySubscribers', 'false');
    const body = {
      snippet: {
        title: o.title,
        description: cp.caption,
        ...(o.tags?.length ? { tags: o.tags } : {}),
        ...(o.categoryId ? { categoryId: o.categoryId } : {}),
      },
      status: {
        privacyStatus: o.privacyStatus,
        selfDeclaredMadeForKids: o.selfDeclaredMadeForKids,
        ...(o.containsSyntheticMedia !== undefined ? { containsSyntheticMedia: o.containsSyntheticMedia } : {}),
      },
    };
    const res = await this.call(
      `${this.base}/upload/youtube/v3/videos?${params}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=UTF-8',
          'x-upload-content-length': String(cp.media.size),
          'x-upload-content-type': cp.media.mime.startsWith('video/') ? cp.media.mime : 'application/octet-stream',
        },
        body: JSON.stringify(body),
      },
      ctx,
    );
    const sessions = cp.sessions + 1;
    // A lost answer may have opened a session we cannot name: opening another is safe (a session
    // without bytes creates no video), it only spends one more insert call.
    if (!res.ok) return { error: res.error, next: { ...cp, sessions } };
    const location = res.headers.get('location');
    if (!location)
      return { error: youtubeLocalError('invalid_response', { httpStatus: res.status, vendorMessage: 'no Location header' }), next: { ...cp, sessions } };
    return { next: { ...cp, step: 'upload', sessionUri: new URL(location, this.base).toString(), bytesConfirmed: 0, sessions } };
  }

  private async upload(cp: YouTubeCheckpoint, ctx: StepContext): Promise<StepResult<YouTubeCheckpoint>> {
    if (!cp.sessionUri) return { next: this.newSession(cp) };
    const media = ctx.media;
    if (!media || media.size !== cp.media.size || (cp.media.sha256 && media.sha256 && media.sha256 !== cp.media.sha256))
      return { error: youtubeLocalError('media_missing') };
    const total = cp.media.size;
    if (cp.bytesConfirmed >= total) return { next: { ...cp, step: 'resync' } };
    const first = cp.bytesConfirmed;
    const last = Math.min(total, first + this.chunkSize) - 1;
    const final = last === total - 1;
    if (final) {
      if (!cp.finalSent) {
        const mark = randomUUID();
        this.freshMarks.add(mark);
        return { next: { ...cp, finalSent: mark } };
      }
      // An earlier claim marked it and may have sent it: ask the session where it stands first.
      if (!this.freshMarks.has(cp.finalSent)) return { next: { ...cp, step: 'resync' } };
      this.freshMarks.delete(cp.finalSent);
    }
    const res = await this.putChunk(cp.sessionUri, media, first, last, total, ctx);
    if (!res.ok) {
      // The chunk may have landed in part or whole: ask the session before sending more.
      return {
        error: youtubeLocalError(res.reason === 'timeout' ? 'timeout' : 'network', { vendorMessage: res.message, ambiguous: true }),
        next: { ...cp, step: 'resync' },
      };
    }
    // The answer to a last chunk sent under a fresh mark: no earlier last chunk is unaccounted for.
    return this.sessionAnswer(cp, res, ctx, final);
  }

  /** `PUT <session>` with `Content-Range: bytes *\/TOTAL`: where the upload stands, or the video if it completed. */
  private async resync(cp: YouTubeCheckpoint, ctx: StepContext): Promise<StepResult<YouTubeCheckpoint>> {
    if (cp.videoId) return { next: { ...cp, step: 'poll' } };
    if (!cp.sessionUri) return { next: this.newSession(cp) };
    const res = await send(
      cp.sessionUri,
      { method: 'PUT', headers: { 'content-length': '0', 'content-range': `bytes */${cp.media.size}` } },
      { timeoutMs: this.requestTimeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) },
    );
    if (!res.ok) return { error: youtubeLocalError(res.reason === 'timeout' ? 'timeout' : 'network', { vendorMessage: res.message }) };
    return this.sessionAnswer(cp, res, ctx);
  }

  /** A session's answer to a chunk or an offset query. */
  private sessionAnswer(cp: YouTubeCheckpoint, res: Extract<HttpResult, { ok: true }>, ctx: StepContext, freshFinal = false): StepResult<YouTubeCheckpoint> {
    const total = cp.media.size;
    if (res.status === 308) {
      const held = heldBytes(res.headers);
      if (held === undefined) return { error: youtubeLocalError('invalid_response', { httpStatus: 308, vendorMessage: `Range ${res.headers.get('range')}` }) };
      ctx.onProgress?.({ bytesUploaded: held, totalBytes: total });
      // A chunk not taken whole (or not at the session's offset) continues from what it holds.
      const next: YouTubeCheckpoint = { ...cp, step: 'upload', bytesConfirmed: Math.min(held, total) };
      delete next.finalSent;
      return { next };
    }
    if (res.status === 200 || res.status === 201) {
      const parsed = parseJson(res.text);
      const video = asRecord(parsed.ok ? parsed.value : undefined);
      const id = asString(video.id);
      if (!id)
        return {
          error: youtubeLocalError('invalid_response', { httpStatus: res.status, vendorMessage: res.text.slice(0, 120), ambiguous: true }),
          next: { ...cp, step: 'resync' },
        };
      ctx.onProgress?.({ bytesUploaded: total, totalBytes: total });
      const privacy = asString(asRecord(video.status).privacyStatus);
      const lockedPrivate = cp.options.privacyStatus !== 'private' && privacy === 'private';
      return {
        next: {
          ...cp,
          step: 'poll',
          bytesConfirmed: total,
          videoId: id,
          polls: 0,
          processingSince: this.clock.now(),
          ...(lockedPrivate ? { lockedPrivate } : {}),
        },
      };
    }
    if (res.status === 404) {
      // The session expired or is unknown. Without a video id and with the last chunk never sent,
      // no video was created: a new session is safe. Once the last chunk may have landed (its
      // answer lost, or a crash while it was on its way) the video may exist: a person checks.
      if (cp.videoId || (cp.finalSent && !freshFinal)) return { error: youtubeLocalError('session_lost_after_upload') };
      return { next: this.newSession(cp) };
    }
    const google = googleError(res.text);
    if (res.status >= 500 || res.status === 429) {
      const retryAfterMs = retryAfterFromHeader(res.headers, this.clock.now());
      // A 5xx after bytes were sent: they may be held; ask before sending again.
      return {
        error: youtubeApiError(google?.reason ?? '', { httpStatus: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }),
        next: { ...cp, step: 'resync' },
      };
    }
    return { error: this.errorOf(res.status, google, res.headers, res.text) };
  }

  private async poll(cp: YouTubeCheckpoint, ctx: StepContext): Promise<StepResult<YouTubeCheckpoint>> {
    if (!cp.videoId) return { next: { ...cp, step: cp.sessionUri ? 'resync' : 'init_session' } };
    const res = await this.call(
      `${this.base}/youtube/v3/videos?${new URLSearchParams({ part: 'status,processingDetails', id: cp.videoId })}`,
      { method: 'GET' },
      ctx,
    );
    if (!res.ok) return { error: res.error };
    const items = asRecord(res.json).items;
    const item = asRecord(Array.isArray(items) ? items[0] : undefined);
    const status = asRecord(item.status);
    const uploadStatus = asString(status.uploadStatus);
    const processing = asString(asRecord(item.processingDetails).processingStatus);
    const lockedPrivate = cp.lockedPrivate || (cp.options.privacyStatus !== 'private' && asString(status.privacyStatus) === 'private');
    if (uploadStatus === 'processed' || processing === 'succeeded') {
      return {
        done: {
          remoteMediaId: cp.videoId,
          permalink: youtubePermalink(cp.videoId, cp.media),
          postedAt: new Date(this.clock.now()).toISOString(),
          // A public or unlisted request tells whether the project's uploads are locked private; a private one tells nothing.
          ...(cp.options.privacyStatus !== 'private' ? { accountNotices: [{ code: YOUTUBE_LOCKED_PRIVATE_NOTICE, active: lockedPrivate }] } : {}),
        },
      };
    }
    if (uploadStatus === 'failed') return { error: youtubeProcessingError(asString(status.failureReason), 'failed'), next: { ...cp, lockedPrivate } };
    if (uploadStatus === 'rejected') return { error: youtubeProcessingError(asString(status.rejectionReason), 'rejected'), next: { ...cp, lockedPrivate } };
    if (uploadStatus === 'deleted') return { error: youtubeProcessingError(undefined, 'deleted') };
    // uploaded / processing, or not listed yet.
    if (cp.processingSince !== undefined && this.clock.now() - cp.processingSince > this.maxProcessingMs)
      return { error: youtubeLocalError('processing_stuck') };
    const wait = Math.min(this.pollMaxMs, this.pollMinMs * 2 ** Math.min(cp.polls, 10));
    return { wait, next: { ...cp, polls: cp.polls + 1, ...(lockedPrivate ? { lockedPrivate } : {}) } };
  }

  private newSession(cp: YouTubeCheckpoint): YouTubeCheckpoint {
    const next: YouTubeCheckpoint = { ...cp, step: 'init_session', bytesConfirmed: 0 };
    delete next.sessionUri;
    delete next.finalSent;
    return next;
  }

  // ---- transport -----------------------------------------------------------------------------

  private errorOf(status: number, google: GoogleErrorBody | undefined, headers: Headers, text: string): PublishError {
    const reason = google?.reason ?? '';
    const now = this.clock.now();
    const retryAfterMs = YOUTUBE_RATE_LIMIT_REASONS.has(reason)
      ? (retryAfterFromHeader(headers, now) ?? msUntilNextPacificMidnight(now))
      : retryAfterFromHeader(headers, now);
    return youtubeApiError(reason, {
      httpStatus: status,
      ...(google?.domain ? { vendorSubcode: google.domain } : {}),
      vendorMessage: google?.message ?? text.slice(0, 120),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }

  private async call(url: string, init: RequestInit, ctx: StepContext): Promise<ApiOutcome> {
    let token: string;
    try {
      token = await this.config.tokenProvider();
    } catch (error) {
      return { ok: false, noAnswer: false, error: youtubeLocalError('token_unavailable', { vendorMessage: (error as Error).message }) };
    }
    const res = await send(
      url,
      { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } },
      { timeoutMs: this.requestTimeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) },
    );
    if (!res.ok)
      return {
        ok: false,
        noAnswer: true,
        error: youtubeLocalError(res.reason === 'timeout' ? 'timeout' : 'network', { vendorMessage: res.message, ambiguous: init.method === 'POST' }),
      };
    if (res.status >= 200 && res.status < 300) {
      const parsed = res.text ? parseJson(res.text) : { ok: true as const, value: {} };
      if (!parsed.ok)
        return { ok: false, noAnswer: true, error: youtubeLocalError('invalid_response', { httpStatus: res.status, vendorMessage: res.text.slice(0, 120) }) };
      return { ok: true, status: res.status, headers: res.headers, json: parsed.value };
    }
    const google = googleError(res.text);
    return {
      ok: false,
      noAnswer: false,
      status: res.status,
      ...(google ? { reason: google.reason } : {}),
      error: this.errorOf(res.status, google, res.headers, res.text),
    };
  }

  private putChunk(url: string, media: MediaSource, first: number, last: number, total: number, ctx: StepContext): Promise<HttpResult> {
    let sent = first;
    const body = counted(media.openRange(first, last), (n) => {
      sent += n;
      ctx.onProgress?.({ bytesUploaded: sent, totalBytes: total });
    });
    const headers = { 'content-type': media.mime, 'content-length': String(last - first + 1), 'content-range': `bytes ${first}-${last}/${total}` };
    // Streamed from its source to the socket with backpressure (never held whole), on a kept-alive
    // connection: fetch's web-stream body buffers ahead of the socket (bench:publish-upload).
    return sendStreamed(url, { method: 'PUT', headers, body }, { timeoutMs: this.uploadTimeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  }
}

async function* counted(source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<Uint8Array>)
      : (async function* () {
          const reader = (source as ReadableStream<Uint8Array>).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            yield value;
          }
        })();
  for await (const part of iterable) {
    onBytes(part.byteLength);
    yield part;
  }
}

export function createYouTubePublisher(config: YouTubePublisherConfig): YouTubePublisher {
  return new YouTubePublisher(config);
}

/** Options another platform's descriptor built (or none) lack the video's title. */
function isYouTubeOptions(options: YouTubePostOptions | undefined): options is YouTubePostOptions {
  return typeof options?.title === 'string';
}

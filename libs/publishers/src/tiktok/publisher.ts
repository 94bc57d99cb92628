/**
 * TikTok Direct Post (platform-apis.md §1): creator_info → init (FILE_UPLOAD or PULL_FROM_URL) →
 * one chunk PUT per step → status/fetch until PUBLISH_COMPLETE or FAILED.
 */
import { randomUUID } from 'node:crypto';

import type { z } from 'zod';

import { checkCaption } from '@mwr/domain';

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
import { planTikTokChunks, TIKTOK_MAX_VIDEO_BYTES, type TikTokChunk } from './chunk-plan.js';
import { tiktokApiError, tiktokFailReason, tiktokLocalError } from './errors.js';
import { TIKTOK_PRIVACY_LEVELS, type TikTokPostOptions } from './options.js';
import { creatorInfoSchema, envelopeSchema, initSchema, postIdsFromRaw, statusSchema, uploadedFromContentRange } from './schemas.js';

export const TIKTOK_STEPS = ['creator_info', 'init', 'pull_init', 'upload', 'verify_upload', 'poll', 'needs_review'] as const;
export type TikTokStep = (typeof TIKTOK_STEPS)[number];

export interface TikTokCheckpoint extends Checkpoint {
  platform: 'tiktok';
  step: TikTokStep;
  caption: string;
  media: MediaDescriptor;
  options: TikTokPostOptions;
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  creator?: { username?: string; privacyLevelOptions: string[]; maxVideoPostDurationSec?: number };
  plan?: { videoSize: number; chunkSize: number; totalChunkCount: number };
  publishId?: string;
  uploadUrl?: string;
  uploadUrlExpiresAt?: number;
  /** Bytes TikTok acknowledged (206/201 or Content-Range / uploaded_bytes). */
  bytesConfirmed: number;
  /** Number of init requests sent for this publication (bounded). */
  inits: number;
  polls: number;
  /** When TikTok had everything (201 or PULL init): bounds how long processing may take. */
  processingSince?: number;
  /** publish_ids given up on (expired upload_url, retryable FAILED); none of them can go public. */
  abandonedPublishIds: string[];
  /**
   * PULL_FROM_URL, step `pull_init`: the one-time permit, saved before the init is sent, that only
   * the publisher instance that issued it may spend. A resumed worker (new instance) finds a permit
   * it did not issue: the init may already be at TikTok, so it is never sent again.
   */
  pullInitPermit?: string;
}

/** media.publicUrl: the signed link TikTok pulls from (PULL_FROM_URL); uploadUrl: carries the upload_token. */
export const TIKTOK_CHECKPOINT_SECRETS = ['media.publicUrl', 'uploadUrl'] as const;

export interface TikTokPublisherConfig {
  tokenProvider: TokenProvider;
  tiktokApiBaseUrl: string;
  clock?: Clock;
  /** Per JSON request (creator_info, init, status, cancel). Default 30 s. */
  requestTimeoutMs?: number;
  /** Per chunk PUT. Default 10 min. */
  uploadTimeoutMs?: number;
  /** First status poll delay and cap for the exponential poll backoff (≥ 2 s keeps under 30/min). */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** How many inits a publication may use in all (expired upload_url, retryable failures). Default 3. */
  maxInits?: number;
  /** After this long in PROCESSING_*, each poll reports a retryable `processing_stuck` error. Default 30 min. */
  maxProcessingMs?: number;
}

const VIDEO_MIMES = ['video/mp4', 'video/quicktime', 'video/webm'];
const TIKTOK_NO_USERNAME = 'TikTok gave the post id but the creator username is unknown, so no link can be formed.';

/** §1.6: publicaly_available_post_id is filled only for public posts. */
function tiktokPrivateReason(privacyLevel: string): string {
  return privacyLevel === 'SELF_ONLY'
    ? 'Posted as "only me" (SELF_ONLY): TikTok never gives a private post a public id or link.'
    : `Posted for ${privacyLevel === 'MUTUAL_FOLLOW_FRIENDS' ? 'friends' : 'followers'} only (${privacyLevel}): TikTok gives a public id and link to public posts only.`;
}
const UPLOAD_URL_TTL_MS = 3_600_000;
/** Keep a margin so a chunk does not start on a URL about to expire. */
const UPLOAD_URL_MARGIN_MS = 60_000;

type ApiOutcome<T> = { ok: true; data: T; text: string; logId?: string } | { ok: false; error: PublishError; noAnswer: boolean };

export class TikTokPublisher implements Publisher<TikTokCheckpoint, TikTokPostOptions> {
  readonly checkpointSecrets: readonly string[] = TIKTOK_CHECKPOINT_SECRETS;
  readonly platform = 'tiktok' as const;
  private readonly clock: Clock;
  private readonly base: string;
  private readonly requestTimeoutMs: number;
  private readonly uploadTimeoutMs: number;
  private readonly pollMinMs: number;
  private readonly pollMaxMs: number;
  private readonly maxInits: number;
  private readonly maxProcessingMs: number;
  /** PULL_FROM_URL intents this instance saved and has not sent yet (see armPullInit). */
  private readonly pullInitPermits = new Set<string>();

  constructor(private readonly config: TikTokPublisherConfig) {
    this.clock = config.clock ?? systemClock;
    this.base = config.tiktokApiBaseUrl.replace(/\/+$/, '');
    this.requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
    this.uploadTimeoutMs = config.uploadTimeoutMs ?? 600_000;
    this.pollMinMs = Math.max(2_000, config.pollMinMs ?? 3_000);
    this.pollMaxMs = Math.max(this.pollMinMs, config.pollMaxMs ?? 60_000);
    this.maxInits = config.maxInits ?? 3;
    this.maxProcessingMs = config.maxProcessingMs ?? 30 * 60_000;
  }

  validate(input: PublishInput<TikTokPostOptions>, capabilities: AccountCapabilities = {}): Finding[] {
    const findings: Finding[] = checkCaption('tiktok', input.caption).map((f) => ({ severity: 'error', code: f.code, message: f.message, field: 'caption' }));
    const o = input.options;
    const m = input.media;
    if (!isTikTokOptions(o)) {
      findings.push({
        severity: 'error',
        code: 'missing_tiktok_options',
        message: 'TikTok needs a privacy level for this post.',
        field: 'options.privacyLevel',
      });
      return findings;
    }
    if (!VIDEO_MIMES.includes(m.mime))
      findings.push({ severity: 'error', code: 'unsupported_container', message: `TikTok accepts MP4, MOV or WebM, not ${m.mime}.`, field: 'media.mime' });
    if (m.size <= 0 || m.size > TIKTOK_MAX_VIDEO_BYTES)
      findings.push({ severity: 'error', code: 'file_too_large', message: 'TikTok accepts videos from 1 byte up to 4 GB.', field: 'media.size' });
    else {
      try {
        planTikTokChunks(m.size, o.preferredChunkSize);
      } catch (error) {
        findings.push({ severity: 'error', code: 'chunk_plan_impossible', message: (error as Error).message, field: 'media.size' });
      }
    }
    if (capabilities.privacyLevelOptions && !capabilities.privacyLevelOptions.includes(o.privacyLevel)) {
      findings.push({
        severity: 'error',
        code: 'privacy_not_allowed',
        message: `This account offers ${capabilities.privacyLevelOptions.join(', ')}, not ${o.privacyLevel}.`,
        field: 'options.privacyLevel',
      });
    }
    if (o.brandContentToggle && o.privacyLevel === 'SELF_ONLY') {
      findings.push({
        severity: 'error',
        code: 'branded_content_private',
        message: 'Branded content cannot be posted as "only me".',
        field: 'options.brandContentToggle',
      });
    }
    if (m.durationSec !== undefined) {
      const max = Math.min(600, capabilities.maxVideoPostDurationSec ?? 600);
      if (m.durationSec > max)
        findings.push({
          severity: 'error',
          code: 'duration_exceeds_creator_max',
          message: `The video lasts ${m.durationSec} s; this account may post up to ${max} s.`,
          field: 'media.durationSec',
        });
    }
    for (const side of [m.width, m.height]) {
      if (side !== undefined && (side < 360 || side > 4096)) {
        findings.push({ severity: 'error', code: 'picture_size', message: 'TikTok needs each side between 360 and 4096 px.', field: 'media' });
        break;
      }
    }
    if (o.source === 'PULL_FROM_URL') {
      if (!m.publicUrl)
        findings.push({ severity: 'error', code: 'no_public_url', message: 'Posting from a link needs a public video URL.', field: 'media.publicUrl' });
      else if (!m.publicUrl.startsWith('https://'))
        findings.push({ severity: 'warning', code: 'pull_url_not_https', message: 'TikTok requires https links without redirects.', field: 'media.publicUrl' });
      if (capabilities.pullFromUrlVerified === false)
        findings.push({
          severity: 'error',
          code: 'url_ownership_unverified',
          message: 'The video URL is not on a domain verified with TikTok.',
          field: 'media.publicUrl',
        });
    }
    return findings;
  }

  start(input: PublishInput<TikTokPostOptions>): TikTokCheckpoint {
    if (!isTikTokOptions(input.options)) throw new TypeError('TikTok publisher needs TikTok options (a privacy level)');
    const source = input.options.source ?? 'FILE_UPLOAD';
    if (source === 'PULL_FROM_URL' && !input.media.publicUrl) throw new TypeError('PULL_FROM_URL needs media.publicUrl');
    return {
      v: CHECKPOINT_VERSION,
      platform: 'tiktok',
      step: 'creator_info',
      caption: input.caption,
      media: { ...input.media },
      options: { ...input.options },
      source,
      bytesConfirmed: 0,
      inits: 0,
      polls: 0,
      abandonedPublishIds: [],
    };
  }

  parseCheckpoint(json: unknown): TikTokCheckpoint {
    const c = json as Partial<TikTokCheckpoint> | null;
    if (!c || typeof c !== 'object' || c.v !== CHECKPOINT_VERSION || c.platform !== 'tiktok' || !TIKTOK_STEPS.includes(c.step as TikTokStep)) {
      throw new TypeError('not a version-1 TikTok checkpoint');
    }
    if (typeof c.caption !== 'string' || !c.media || typeof c.media.size !== 'number' || !c.options || typeof c.bytesConfirmed !== 'number') {
      throw new TypeError('TikTok checkpoint is missing fields');
    }
    return c as TikTokCheckpoint;
  }

  async step(cp: TikTokCheckpoint, ctx: StepContext = {}): Promise<StepResult<TikTokCheckpoint>> {
    switch (cp.step) {
      case 'creator_info':
        return this.creatorInfo(cp, ctx);
      case 'init':
        return cp.source === 'PULL_FROM_URL' ? this.armPullInit(cp) : this.init(cp, ctx);
      case 'pull_init':
        return this.pullInit(cp, ctx);
      case 'upload':
        return this.upload(cp, ctx);
      case 'verify_upload':
        return this.verifyUpload(cp, ctx);
      case 'poll':
        return this.poll(cp, ctx);
      case 'needs_review':
        return { error: tiktokLocalError('pull_init_ambiguous') };
    }
  }

  async cancel(cp: TikTokCheckpoint): Promise<CancelResult> {
    if (!cp.publishId) return { cancelled: true };
    const res = await this.api('/v2/post/publish/cancel/', { publish_id: cp.publishId }, null, {});
    return res.ok ? { cancelled: true } : { cancelled: false, error: res.error };
  }

  // ---- steps ---------------------------------------------------------------------------------

  private async creatorInfo(cp: TikTokCheckpoint, ctx: StepContext): Promise<StepResult<TikTokCheckpoint>> {
    const res = await this.api('/v2/post/publish/creator_info/query/', undefined, creatorInfoSchema, ctx);
    if (!res.ok) return { error: res.error };
    const info = res.data;
    // spam_risk_* / reached_active_user_cap arrive as HTTP 200 errors (§1.2) and were mapped by api().
    if (!info.privacy_level_options.includes(cp.options.privacyLevel)) {
      return { error: tiktokLocalError('privacy_not_allowed', { vendorMessage: `offered: ${info.privacy_level_options.join(', ')}` }) };
    }
    const max = info.max_video_post_duration_sec;
    if (max !== undefined && cp.media.durationSec !== undefined && cp.media.durationSec > max) {
      return { error: tiktokLocalError('duration_exceeds_creator_max', { vendorMessage: `${cp.media.durationSec} s > ${max} s` }) };
    }
    const creator: NonNullable<TikTokCheckpoint['creator']> = { privacyLevelOptions: info.privacy_level_options };
    if (info.creator_username) creator.username = info.creator_username;
    if (max !== undefined) creator.maxVideoPostDurationSec = max;
    return { next: { ...cp, step: 'init', creator } };
  }

  /**
   * PULL_FROM_URL: TikTok downloads and posts as soon as it accepts the init, and no documented call
   * finds that publish without its publish_id (status/fetch and cancel need it, §1.6–1.7). So the
   * intent to send is saved first (step `pull_init` with a permit only this instance holds); a
   * worker that resumes from it cannot know whether the init went out and stops for a person
   * instead of sending it twice. (FILE_UPLOAD needs none of this: a lost init is never posted.)
   */
  private armPullInit(cp: TikTokCheckpoint): StepResult<TikTokCheckpoint> {
    if (cp.inits >= this.maxInits) {
      return { error: tiktokLocalError('unknown_code', { vendorMessage: `gave up after ${cp.inits} init requests` }) };
    }
    const permit = randomUUID();
    this.pullInitPermits.add(permit);
    return { next: { ...cp, step: 'pull_init', pullInitPermit: permit } };
  }

  private async pullInit(cp: TikTokCheckpoint, ctx: StepContext): Promise<StepResult<TikTokCheckpoint>> {
    const permit = cp.pullInitPermit;
    if (!permit || !this.pullInitPermits.delete(permit)) {
      // Resumed after the intent was saved: the init may have been sent and its answer lost.
      const error = tiktokLocalError('pull_init_ambiguous', {
        ambiguous: true,
        vendorMessage: 'resumed after a PULL_FROM_URL init may have been sent; not sending it again',
      });
      return { error, next: { ...cp, step: 'needs_review' } };
    }
    const result = await this.init(cp, ctx);
    if ('error' in result && !result.next) {
      // A definite refusal created nothing at TikTok: back to `init`, which saves a new intent
      // before sending again (the saved `pull_init` checkpoint must never be replayed).
      const next: TikTokCheckpoint = { ...cp, step: 'init' };
      delete next.pullInitPermit;
      return { error: result.error, next };
    }
    if ('next' in result && result.next) {
      const next: TikTokCheckpoint = { ...result.next };
      delete next.pullInitPermit;
      return { ...result, next };
    }
    return result;
  }

  private async init(cp: TikTokCheckpoint, ctx: StepContext): Promise<StepResult<TikTokCheckpoint>> {
    if (cp.inits >= this.maxInits) {
      return { error: tiktokLocalError('unknown_code', { vendorMessage: `gave up after ${cp.inits} init requests` }) };
    }
    const o = cp.options;
    const postInfo: Record<string, unknown> = {
      privacy_level: o.privacyLevel,
      title: cp.caption,
      disable_comment: o.disableComment ?? false,
      disable_duet: o.disableDuet ?? false,
      disable_stitch: o.disableStitch ?? false,
      // Marked required in the reference table (§1.3): always send it.
      brand_content_toggle: o.brandContentToggle ?? false,
      brand_organic_toggle: o.brandOrganicToggle ?? false,
    };
    if (o.isAigc !== undefined) postInfo['is_aigc'] = o.isAigc;
    if (o.videoCoverTimestampMs !== undefined) postInfo['video_cover_timestamp_ms'] = o.videoCoverTimestampMs;
    let sourceInfo: Record<string, unknown>;
    let plan: TikTokCheckpoint['plan'];
    if (cp.source === 'FILE_UPLOAD') {
      const p = planTikTokChunks(cp.media.size, o.preferredChunkSize);
      plan = { videoSize: p.videoSize, chunkSize: p.chunkSize, totalChunkCount: p.totalChunkCount };
      sourceInfo = { source: 'FILE_UPLOAD', video_size: p.videoSize, chunk_size: p.chunkSize, total_chunk_count: p.totalChunkCount };
    } else {
      sourceInfo = { source: 'PULL_FROM_URL', video_url: cp.media.publicUrl };
    }
    const sentAt = this.clock.now();
    const res = await this.api('/v2/post/publish/video/init/', { post_info: postInfo, source_info: sourceInfo }, initSchema, ctx);
    const inits = cp.inits + 1;
    if (!res.ok) {
      // A definite refusal (429, 4xx, an answered 5xx) created nothing at TikTok: it does not use
      // up one of this publication's inits; the queue's attempt budget bounds the retries.
      if (!res.noAnswer) return { error: res.error };
      if (cp.source === 'FILE_UPLOAD') {
        // Ambiguous FILE_UPLOAD init: safe to send again. If TikTok did create a publish_id, we never
        // learned its upload_url, so no byte can ever be uploaded against it; a FILE_UPLOAD publish
        // only goes public after its last chunk is received, so the lost one can never be posted.
        // The next init simply starts a new upload (it costs one unit of the 6/min init limit).
        return { error: { ...res.error, ambiguous: true }, next: { ...cp, inits } };
      }
      // Ambiguous PULL_FROM_URL init: NOT safe to repeat. TikTok may already be downloading and
      // posting the video, and without the publish_id nothing can be looked up or cancelled. A
      // second init could post it twice, so this publication stops here for a person to review.
      const error = tiktokLocalError('pull_init_ambiguous', {
        ambiguous: true,
        ...(res.error.vendor?.message ? { vendorMessage: res.error.vendor.message } : {}),
      });
      return { error, next: { ...cp, inits, step: 'needs_review' } };
    }
    const { publish_id: publishId, upload_url: uploadUrl } = res.data;
    if (cp.source === 'PULL_FROM_URL') {
      return { next: { ...cp, inits, step: 'poll', publishId, polls: 0, bytesConfirmed: 0, processingSince: sentAt } };
    }
    if (!uploadUrl) {
      // A FILE_UPLOAD init without upload_url is unusable; nothing can be uploaded against it.
      return {
        error: tiktokLocalError('invalid_response', { vendorMessage: 'init answered without upload_url', ambiguous: false }),
        next: { ...cp, inits, abandonedPublishIds: [...cp.abandonedPublishIds, publishId] },
      };
    }
    const next: TikTokCheckpoint = {
      ...cp,
      inits,
      step: 'upload',
      publishId,
      uploadUrl,
      uploadUrlExpiresAt: sentAt + UPLOAD_URL_TTL_MS,
      bytesConfirmed: 0,
      polls: 0,
    };
    if (plan) next.plan = plan;
    return { next };
  }

  private reinit(cp: TikTokCheckpoint): TikTokCheckpoint {
    const next: TikTokCheckpoint = {
      ...cp,
      step: 'init',
      bytesConfirmed: 0,
      polls: 0,
      abandonedPublishIds: cp.publishId ? [...cp.abandonedPublishIds, cp.publishId] : cp.abandonedPublishIds,
    };
    delete next.publishId;
    delete next.uploadUrl;
    delete next.uploadUrlExpiresAt;
    return next;
  }

  private async upload(cp: TikTokCheckpoint, ctx: StepContext): Promise<StepResult<TikTokCheckpoint>> {
    const plan = cp.plan;
    if (!plan || !cp.uploadUrl) return { next: this.reinit(cp) };
    const media = ctx.media;
    if (!media || media.size !== cp.media.size || (cp.media.sha256 && media.sha256 && media.sha256 !== cp.media.sha256)) {
      return { error: tiktokLocalError('media_missing') };
    }
    if (cp.bytesConfirmed >= plan.videoSize) return { next: { ...cp, step: 'poll' } };
    if ((cp.uploadUrlExpiresAt ?? 0) - UPLOAD_URL_MARGIN_MS <= this.clock.now()) {
      // The hour is up (§1.3): the unfinished publish can never complete, start a fresh one.
      return { next: this.reinit(cp) };
    }
    const chunk = chunkAt(plan, cp.bytesConfirmed);
    if (!chunk) return { next: { ...cp, step: 'verify_upload' } };
    const res = await this.putChunk(cp.uploadUrl, media, chunk, plan.videoSize, ctx);
    if (!res.ok) {
      // The bytes may or may not have landed: read status/fetch before sending anything again.
      return {
        error: tiktokLocalError(res.reason === 'timeout' ? 'timeout' : 'network', { vendorMessage: res.message, ambiguous: true }),
        next: { ...cp, step: 'verify_upload' },
      };
    }
    const progress = uploadedFromContentRange(res.headers.get('content-range'));
    switch (res.status) {
      case 201:
        ctx.onProgress?.({ bytesUploaded: plan.videoSize, totalBytes: plan.videoSize });
        return { next: { ...cp, step: 'poll', bytesConfirmed: plan.videoSize, polls: 0, processingSince: this.clock.now() } };
      case 206: {
        const confirmed = progress && progress.total === plan.videoSize ? progress.uploaded : chunk.lastByte + 1;
        return { next: { ...cp, bytesConfirmed: confirmed } };
      }
      case 416:
        // Content-Range disagreed with TikTok's progress (e.g. a chunk whose answer was lost).
        if (progress && progress.total === plan.videoSize && chunkAt(plan, progress.uploaded)?.firstByte === progress.uploaded) {
          return { next: { ...cp, bytesConfirmed: progress.uploaded } };
        }
        if (progress && progress.uploaded >= plan.videoSize) return { next: { ...cp, step: 'poll', bytesConfirmed: plan.videoSize } };
        return { next: { ...cp, step: 'verify_upload' } };
      case 403:
      case 404:
        // Expired upload_url or no upload task (§1.4): "new init needed". Nothing went public.
        return { next: this.reinit(cp) };
      case 429:
        return { error: tiktokLocalError('rate_limited', { httpStatus: 429, retryAfterMs: retryAfterFromHeader(res.headers, this.clock.now()) ?? 60_000 }) };
      default:
        if (res.status >= 500) {
          const retryAfterMs = retryAfterFromHeader(res.headers, this.clock.now());
          return { error: tiktokLocalError('upload_server_error', { httpStatus: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }) };
        }
        return { error: tiktokLocalError('upload_rejected', { httpStatus: res.status, vendorMessage: res.text.slice(0, 200) }) };
    }
  }

  private async verifyUpload(cp: TikTokCheckpoint, ctx: StepContext): Promise<StepResult<TikTokCheckpoint>> {
    if (!cp.publishId || !cp.plan) return { next: this.reinit(cp) };
    const res = await this.status(cp.publishId, ctx);
    if (!res.ok) return { error: res.error };
    const { status, fail_reason: failReason, uploaded_bytes: uploaded } = res.data;
    if (status === 'FAILED') return this.failed(cp, failReason);
    if (status !== 'PROCESSING_UPLOAD') return { next: { ...cp, step: 'poll', bytesConfirmed: cp.plan.videoSize, polls: 0 } };
    if (uploaded === undefined) return { next: { ...cp, step: 'upload' } }; // a re-PUT resyncs through 416
    if (uploaded >= cp.plan.videoSize) return { next: { ...cp, step: 'poll', bytesConfirmed: cp.plan.videoSize, polls: 0 } };
    if (chunkAt(cp.plan, uploaded)?.firstByte !== uploaded) return { next: this.reinit(cp) };
    return { next: { ...cp, step: 'upload', bytesConfirmed: uploaded } };
  }

  private async poll(cp: TikTokCheckpoint, ctx: StepContext): Promise<StepResult<TikTokCheckpoint>> {
    if (!cp.publishId) return { next: this.reinit(cp) };
    const res = await this.status(cp.publishId, ctx);
    if (!res.ok) return { error: res.error };
    const { status, fail_reason: failReason } = res.data;
    if (status === 'PUBLISH_COMPLETE') {
      const postId = postIdsFromRaw(res.text)[0];
      const username = cp.creator?.username;
      const postedAt = new Date(this.clock.now()).toISOString();
      const permalink = postId ? tiktokPermalink(username, postId) : undefined;
      if (postId && permalink) return { done: { remoteMediaId: postId, permalink, postedAt } };
      if (postId) return { done: { remoteMediaId: postId, postedAt, link: { status: 'none', reason: TIKTOK_NO_USERNAME } } };
      // Posted, but the public id is withheld until moderation ends (§1.6: sometimes hours), and
      // only public posts ever get one: a link backfill asks status/fetch again later.
      if (cp.options.privacyLevel !== 'PUBLIC_TO_EVERYONE') {
        return { done: { remoteMediaId: cp.publishId, postedAt, link: { status: 'none', reason: tiktokPrivateReason(cp.options.privacyLevel) } } };
      }
      return {
        done: {
          remoteMediaId: cp.publishId,
          postedAt,
          link: { status: 'pending', ref: { platform: 'tiktok', publishId: cp.publishId, ...(username ? { username } : {}) } },
        },
      };
    }
    if (status === 'FAILED') return this.failed(cp, failReason);
    if (status === 'PROCESSING_UPLOAD' && cp.source === 'FILE_UPLOAD' && cp.bytesConfirmed < (cp.plan?.videoSize ?? 0)) {
      return { next: { ...cp, step: 'upload' } };
    }
    // PROCESSING_UPLOAD / PROCESSING_DOWNLOAD / SEND_TO_USER_INBOX / unknown: poll again later.
    const since = cp.processingSince ?? this.clock.now();
    if (this.clock.now() - since > this.maxProcessingMs) {
      // Never re-init here: a publish with all its bytes may still go public. Keep polling on retry.
      return {
        error: tiktokLocalError('processing_stuck', { vendorMessage: `${status} for ${Math.round((this.clock.now() - since) / 1000)} s` }),
        next: { ...cp, processingSince: since },
      };
    }
    const wait = Math.min(this.pollMaxMs, this.pollMinMs * 2 ** Math.min(cp.polls, 10));
    ctx.onProgress?.({ bytesUploaded: cp.bytesConfirmed, totalBytes: cp.media.size });
    return { wait, next: { ...cp, polls: cp.polls + 1, processingSince: since } };
  }

  private failed(cp: TikTokCheckpoint, reason: string | undefined): StepResult<TikTokCheckpoint> {
    const error = tiktokFailReason(reason ?? 'internal');
    // A FAILED publish can never go public, so a retryable failure restarts with a new init.
    if (error.retryable && error.class === 'temporary' && cp.inits < this.maxInits) return { error, next: this.reinit(cp) };
    return { error };
  }

  /**
   * Link backfill: one status/fetch (30/min per token, §1.10 — the caller keeps the budget). The
   * post id appears once the post is public and moderated; a FAILED status or an unknown
   * publish_id means it will never come.
   */
  async lookupLink(ref: LinkRef, ctx: StepContext = {}): Promise<LinkLookup> {
    if (ref.platform !== 'tiktok') return { status: 'none', reason: 'not a TikTok post' };
    const res = await this.status(ref.publishId, ctx);
    if (!res.ok) {
      const code = res.error.vendor?.code;
      if (code === 'invalid_publish_id' || code === 'token_not_authorized_for_specified_publish_id') {
        return { status: 'none', reason: `TikTok no longer knows this post (${code}).` };
      }
      return { status: 'pending', ...(res.error.retryAfterMs !== undefined ? { retryAfterMs: res.error.retryAfterMs } : {}), note: res.error.code };
    }
    if (res.data.status === 'FAILED') return { status: 'none', reason: `TikTok reports the post as failed (${res.data.fail_reason ?? 'no reason given'}).` };
    const postId = postIdsFromRaw(res.text)[0];
    if (!postId) return { status: 'pending', note: 'moderation' };
    const permalink = tiktokPermalink(ref.username, postId);
    return permalink ? { status: 'ready', remoteMediaId: postId, permalink } : { status: 'none', reason: TIKTOK_NO_USERNAME };
  }

  // ---- transport -----------------------------------------------------------------------------

  private status(publishId: string, ctx: StepContext): Promise<ApiOutcome<z.infer<typeof statusSchema>>> {
    return this.api('/v2/post/publish/status/fetch/', { publish_id: publishId }, statusSchema, ctx);
  }

  private async api<S extends z.ZodType>(path: string, body: unknown, schema: S | null, ctx: StepContext): Promise<ApiOutcome<z.infer<S>>> {
    let token: string;
    try {
      token = await this.config.tokenProvider();
    } catch (error) {
      return { ok: false, noAnswer: false, error: tiktokApiError('access_token_invalid', { vendorMessage: (error as Error).message }) };
    }
    const init: RequestInit = {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
    const res: HttpResult = await send(`${this.base}${path}`, init, { timeoutMs: this.requestTimeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    if (!res.ok) {
      return {
        ok: false,
        noAnswer: true,
        error: tiktokLocalError(res.reason === 'timeout' ? 'timeout' : 'network', { vendorMessage: res.message, ambiguous: true }),
      };
    }
    const retryAfterMs = retryAfterFromHeader(res.headers, this.clock.now());
    const parsed = parseJson(res.text);
    const env = parsed.ok ? envelopeSchema.safeParse(parsed.value) : undefined;
    if (!env?.success) {
      if (res.status >= 500)
        return {
          ok: false,
          noAnswer: false,
          error: tiktokLocalError('server_error', { httpStatus: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }),
        };
      if (res.status === 429)
        return {
          ok: false,
          noAnswer: false,
          error: tiktokApiError('rate_limit_exceeded', { httpStatus: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }),
        };
      if (res.status >= 200 && res.status < 300) {
        // Truncated or malformed success body: the call may have taken effect, treat as no answer.
        return {
          ok: false,
          noAnswer: true,
          error: tiktokLocalError('invalid_response', { httpStatus: res.status, vendorMessage: res.text.slice(0, 120), ambiguous: true }),
        };
      }
      return { ok: false, noAnswer: false, error: tiktokLocalError('unexpected_status', { httpStatus: res.status, vendorMessage: res.text.slice(0, 120) }) };
    }
    const { error } = env.data;
    const logId = error.log_id ?? error.logid;
    if (error.code !== 'ok') {
      return {
        ok: false,
        noAnswer: false,
        error: tiktokApiError(error.code, {
          httpStatus: res.status,
          ...(error.message ? { vendorMessage: error.message } : {}),
          ...(logId ? { logId } : {}),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        }),
      };
    }
    if (!schema) return { ok: true, data: undefined as z.infer<S>, text: res.text, ...(logId ? { logId } : {}) };
    const data = schema.safeParse(env.data.data);
    if (!data.success) {
      // e.g. a 200 "ok" without publish_id: an error, and ambiguous since the call succeeded somewhere.
      return {
        ok: false,
        noAnswer: true,
        error: tiktokLocalError('invalid_response', {
          httpStatus: res.status,
          vendorMessage: data.error.issues[0]?.message ?? 'schema mismatch',
          ambiguous: true,
          ...(logId ? { logId } : {}),
        }),
      };
    }
    return { ok: true, data: data.data as z.infer<S>, text: res.text, ...(logId ? { logId } : {}) };
  }

  private async putChunk(url: string, media: MediaSource, chunk: TikTokChunk, total: number, ctx: StepContext): Promise<HttpResult> {
    let sent = chunk.firstByte;
    const onProgress = ctx.onProgress;
    const body = counted(media.openRange(chunk.firstByte, chunk.lastByte), (n) => {
      sent += n;
      onProgress?.({ bytesUploaded: sent, totalBytes: total });
    });
    const headers = {
      'content-type': media.mime,
      'content-length': String(chunk.bytes),
      'content-range': `bytes ${chunk.firstByte}-${chunk.lastByte}/${total}`,
    };
    // The upload_url is used byte-for-byte (§1.1); the upload_token in it is the credential. The
    // chunk streams from its source to the socket (never held whole), on a kept-alive connection.
    return sendStreamed(url, { method: 'PUT', headers, body }, { timeoutMs: this.uploadTimeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  }
}

function chunkAt(plan: NonNullable<TikTokCheckpoint['plan']>, offset: number): TikTokChunk | undefined {
  const index = Math.min(plan.totalChunkCount - 1, Math.floor(offset / plan.chunkSize));
  const firstByte = index * plan.chunkSize;
  if (firstByte !== offset || offset >= plan.videoSize) return undefined;
  const lastByte = index === plan.totalChunkCount - 1 ? plan.videoSize - 1 : firstByte + plan.chunkSize - 1;
  return { index, firstByte, lastByte, bytes: lastByte - firstByte + 1 };
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

/** A TikTok post's public link, when the creator's username is known. */
export function tiktokPermalink(username: string | undefined, postId: string): string | undefined {
  return username ? `https://www.tiktok.com/@${username}/video/${postId}` : undefined;
}

export function createTikTokPublisher(config: TikTokPublisherConfig): TikTokPublisher {
  return new TikTokPublisher(config);
}

/** Options another platform's descriptor built (or none) lack TikTok's privacy level. */
function isTikTokOptions(options: TikTokPostOptions | undefined): options is TikTokPostOptions {
  return typeof options?.privacyLevel === 'string' && (TIKTOK_PRIVACY_LEVELS as readonly string[]).includes(options.privacyLevel);
}
